// svc's entry point: gathers the invocation from the process and hands it to run().
#include <sys/ioctl.h>
#include <unistd.h>
#include <pwd.h>

#include <csignal>
#include <iostream>

#include "context.hpp"

extern char** environ;

int main(int argc, char** argv) {
  svc::cmd::Invocation inv;
  inv.args.assign(argv + 1, argv + argc);
  for (char** e = environ; *e; ++e) {
    const std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) inv.env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  inv.in = &std::cin;
  inv.out = &std::cout;
  inv.err = &std::cerr;
  inv.stdin_is_tty = isatty(STDIN_FILENO) != 0;
  inv.stdout_is_tty = isatty(STDOUT_FILENO) != 0;
  inv.stderr_is_tty = isatty(STDERR_FILENO) != 0;
  winsize ws{};
  if (inv.stdout_is_tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) inv.terminal_width = ws.ws_col;
  if (const passwd* pw = getpwuid(geteuid())) inv.os_login = pw->pw_name;
  std::ios::sync_with_stdio(true);
  // A file-size limit (ulimit -f) would kill svc with SIGXFSZ in the middle of a write; ignored,
  // the write fails with EFBIG and svc reports an I/O error (74) with nothing changed.
  std::signal(SIGXFSZ, SIG_IGN);
  return svc::cmd::run(inv);
}
