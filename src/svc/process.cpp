// Child processes: fork + execvp with three pipes, driven by poll() so no pipe can deadlock.
#include "svc/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "svc/i18n.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <optional>
#include <system_error>

namespace svc::process {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kStdoutKeep = 64 * 1024;
constexpr std::size_t kStderrKeep = 2000;
constexpr std::size_t kChunk = 64 * 1024;
// Longest poll() between checks whether the child has exited (a grandchild may keep the pipes open).
constexpr int kPollSliceMs = 100;

std::string errno_text(int err) { return std::generic_category().message(err); }

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      close();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void close() {
    if (fd_ >= 0) ::close(fd_);  // no EINTR retry: on Linux the fd is closed either way
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
};

// A pipe with both ends O_CLOEXEC; nullopt with errno set on failure.
std::optional<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

void set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// write() with SIGPIPE blocked in this thread: a child that stopped reading gives EPIPE instead of
// killing us. The SIGPIPE raised by that write is consumed before the old mask is restored.
ssize_t write_without_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_only, old, pending;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  sigemptyset(&pending);
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;  // someone else's: leave it
  const ssize_t n = ::write(fd, data, size);
  const int err = errno;
  if (n < 0 && err == EPIPE && !was_pending) {
    const timespec zero{};
    while (sigtimedwait(&pipe_only, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = err;
  return n;
}

// Keeps the first kStdoutKeep bytes; the rest is read and dropped.
void keep_stdout(std::string& out, const char* data, std::size_t size) {
  if (out.size() < kStdoutKeep) out.append(data, std::min(size, kStdoutKeep - out.size()));
}

// Keeps (at least) the last kStderrKeep bytes, without growing past twice that.
void keep_stderr(std::string& err, const char* data, std::size_t size) {
  err.append(data, size);
  if (err.size() > 2 * kStderrKeep) err.erase(0, err.size() - kStderrKeep);
}

// The last kStderrKeep bytes, not starting inside a UTF-8 sequence, whitespace trimmed.
std::string tail_of(std::string err) {
  if (err.size() > kStderrKeep) {
    std::size_t from = err.size() - kStderrKeep;
    while (from < err.size() && (static_cast<unsigned char>(err[from]) & 0xC0) == 0x80) ++from;
    err.erase(0, from);
  }
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!err.empty() && space(err.back())) err.pop_back();
  std::size_t start = 0;
  while (start < err.size() && space(err[start])) ++start;
  return err.substr(start);
}

// One read() into `sink`; closes `fd` at end of file or on a hard error.
template <class Sink>
void read_some(Fd& fd, std::string& buffer, Sink&& sink) {
  const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
  if (n > 0) {
    sink(buffer.data(), static_cast<std::size_t>(n));
  } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
    fd.close();
  }
}

// Reads what is left in a pipe whose writer has exited, up to end of file or "nothing more now".
template <class Sink>
void drain(Fd& fd, std::string& buffer, Sink&& sink) {
  while (fd) {
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n > 0) {
      sink(buffer.data(), static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      fd.close();
    }
  }
}

// waitpid() retried on EINTR; false when the child is not (yet) reapable.
bool reap(pid_t pid, int& status, int options) {
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, options);
    if (r == pid) return true;
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) status = -1;  // ECHILD: reaped elsewhere (SIGCHLD ignored); nothing to report
    return r < 0;
  }
}

int ms_until(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<decltype(left)>(left, 0, 1'000'000'000));
}

void kill_group(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);  // in case it never got its own group
}

// In the forked child: only async-signal-safe calls until exec. On failure, errno goes to `report`.
[[noreturn]] void exec_child(char* const* argv, int in, int out, int err, int report) {
  ::setpgid(0, 0);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(SIGPIPE, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  // Move the pipe ends above 2 first: one of them may itself be 0, 1 or 2 if the parent had those closed.
  const int fds[3] = {::fcntl(in, F_DUPFD_CLOEXEC, 3), ::fcntl(out, F_DUPFD_CLOEXEC, 3),
                      ::fcntl(err, F_DUPFD_CLOEXEC, 3)};
  if (fds[0] >= 0 && fds[1] >= 0 && fds[2] >= 0 && ::dup2(fds[0], 0) == 0 && ::dup2(fds[1], 1) == 1 &&
      ::dup2(fds[2], 2) == 2) {
    ::execvp(argv[0], argv);
  }
  const int e = errno;
  while (::write(report, &e, sizeof e) < 0 && errno == EINTR) {
  }
  ::_exit(127);
}

}  // namespace

Result run(const std::vector<std::string>& argv, std::string_view input, int timeout_ms) {
  Result r;
  r.timeout_ms = std::max(timeout_ms, 0);
  if (argv.empty() || argv[0].empty()) {
    r.error = "cannot run a program with no name";
    return r;
  }
  const auto cannot_run = [&](int err) {
    r.error = fmt::format("cannot run {}: {}", argv[0], errno_text(err));
    r.error_number = err;
    return r;
  };

  // Everything the child needs is built before fork(): it must not allocate.
  std::vector<char*> cargv;
  cargv.reserve(argv.size() + 1);
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  auto in = make_pipe();
  if (!in) return cannot_run(errno);
  auto out = make_pipe();
  if (!out) return cannot_run(errno);
  auto err = make_pipe();
  if (!err) return cannot_run(errno);
  auto report = make_pipe();
  if (!report) return cannot_run(errno);

  const pid_t pid = ::fork();
  if (pid < 0) return cannot_run(errno);
  if (pid == 0) exec_child(cargv.data(), in->read.get(), out->write.get(), err->write.get(), report->write.get());

  ::setpgid(pid, pid);  // also done by the child; whichever runs first wins the race
  in->read.close();
  out->write.close();
  err->write.close();
  report->write.close();

  // The report pipe closes on a successful exec, or carries errno when exec failed.
  int exec_errno = 0;
  std::size_t got = 0;
  while (got < sizeof exec_errno) {
    const ssize_t n = ::read(report->read.get(), reinterpret_cast<char*>(&exec_errno) + got, sizeof exec_errno - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  int status = 0;
  if (got == sizeof exec_errno) {
    reap(pid, status, 0);
    return cannot_run(exec_errno);
  }
  r.started = true;

  Fd to_child = std::move(in->write);
  Fd from_out = std::move(out->read);
  Fd from_err = std::move(err->read);
  set_nonblocking(to_child.get());
  set_nonblocking(from_out.get());
  set_nonblocking(from_err.get());
  if (input.empty()) to_child.close();

  const auto on_out = [&](const char* d, std::size_t n) { keep_stdout(r.stdout_text, d, n); };
  std::string err_text;
  const auto on_err = [&](const char* d, std::size_t n) { keep_stderr(err_text, d, n); };
  std::string buffer(kChunk, '\0');
  const auto deadline = Clock::now() + std::chrono::milliseconds(r.timeout_ms);
  bool reaped = false;

  while (to_child || from_out || from_err) {
    int wait_ms = kPollSliceMs;
    if (r.timeout_ms > 0) {
      const int left = ms_until(deadline);
      if (left == 0) {
        r.timed_out = true;
        break;
      }
      wait_ms = std::min(wait_ms, left);
    }
    pollfd fds[3];
    nfds_t count = 0;
    Fd* owners[3];
    for (Fd* fd : {&to_child, &from_out, &from_err}) {
      if (!*fd) continue;
      fds[count] = pollfd{fd->get(), static_cast<short>(fd == &to_child ? POLLOUT : POLLIN), 0};
      owners[count++] = fd;
    }
    const int ready = ::poll(fds, count, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      r.error = fmt::format("poll: {}", errno_text(errno));
      kill_group(pid);
      break;
    }
    if (ready == 0) {
      // Quiet pipes: if the child has exited, take what it left and stop waiting for grandchildren.
      if (reap(pid, status, WNOHANG)) {
        reaped = true;
        to_child.close();
        drain(from_out, buffer, on_out);
        drain(from_err, buffer, on_err);
      }
      continue;
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      Fd& fd = *owners[i];
      if (&fd == &to_child) {
        if (!(fds[i].revents & POLLOUT)) {
          to_child.close();  // POLLERR: the child closed its stdin
          continue;
        }
        const std::size_t size = std::min(input.size(), kChunk);
        const ssize_t n = write_without_sigpipe(to_child.get(), input.data(), size);
        if (n >= 0) {
          input.remove_prefix(static_cast<std::size_t>(n));
          if (input.empty()) to_child.close();
        } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
          to_child.close();  // EPIPE: the child did not read it all, which is its business
        }
      } else {
        if (&fd == &from_out) {
          read_some(fd, buffer, on_out);
        } else {
          read_some(fd, buffer, on_err);
        }
      }
    }
  }

  if (r.timed_out) kill_group(pid);
  to_child.close();
  from_out.close();
  from_err.close();

  if (!reaped) {
    if (r.timeout_ms > 0 && !r.timed_out) {
      // Pipes are closed but the child may live on: keep honouring the deadline.
      int nap = 1;
      while (!(reaped = reap(pid, status, WNOHANG))) {
        const int left = ms_until(deadline);
        if (left == 0) {
          r.timed_out = true;
          kill_group(pid);
          break;
        }
        ::poll(nullptr, 0, std::min(nap, left));
        nap = std::min(nap * 2, 50);
      }
    }
    if (!reaped) reap(pid, status, 0);
  }

  if (status != -1 && WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (status != -1 && WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
  r.stderr_tail = tail_of(std::move(err_text));
  return r;
}

std::string describe(const Result& r) {
  auto say = [](std::string_view english, auto value) { return fmt::format(fmt::runtime(tr(english)), value); };
  if (!r.started) return r.error;
  if (r.timed_out)
    return r.timeout_ms % 1000 == 0 ? say("timed out after {}s", r.timeout_ms / 1000)
                                    : say("timed out after {}ms", r.timeout_ms);
  if (r.signal != 0) return say("killed by signal {}", r.signal);
  if (r.exit_code >= 0) return say("exited with status {}", r.exit_code);
  return r.error.empty() ? std::string(tr("ended in an unknown way")) : r.error;
}

}  // namespace svc::process
