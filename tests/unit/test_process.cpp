// Unit tests for child processes (pipes, exit status, timeout, SIGPIPE) and the cron job lock.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/joblock.hpp"
#include "svc/process.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using svc::process::run;
using svc::test::TempDir;

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// describe() speaks the current language; these checks read the English text.
std::string english(const svc::process::Result& r) {
  svc::set_lang(svc::Lang::en);
  return svc::process::describe(r);
}

// True once `pid` has gone (or is a zombie no one has reaped yet), polled for up to 3 s.
bool gone_soon(long pid) {
  const fs::path stat = fs::path("/proc") / std::to_string(pid) / "stat";
  for (int i = 0; i < 300; ++i) {
    std::ifstream f(stat);
    std::string text;
    if (!f || !std::getline(f, text)) return true;
    const auto paren = text.rfind(')');
    if (paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'Z') return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Runs `child` in a fork()ed process and returns its exit status (-1 if it did not exit normally).
template <class F>
int in_child(F child) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 99;
    try {
      code = child();
    } catch (...) {
      code = 98;
    }
    ::_exit(code);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("process: cat echoes 1 MiB of stdin without deadlock") {
  std::string input;
  input.reserve(1 << 20);
  for (int i = 0; input.size() < (1 << 20); ++i) input += static_cast<char>('a' + i % 26);
  input.resize(1 << 20);
  const auto r = run({"cat"}, input, 20'000);
  CHECK(r.started);
  CHECK(r.exit_code == 0);
  CHECK(r.signal == 0);
  CHECK_FALSE(r.timed_out);
  // Only the first 64 KiB of stdout is kept; all of it was read (cat exited 0, no SIGPIPE).
  REQUIRE(r.stdout_text.size() == 64 * 1024);
  CHECK(r.stdout_text == input.substr(0, 64 * 1024));
  CHECK(english(r) == "exited with status 0");
}

TEST_CASE("process: small stdout is kept whole and argv is passed without a shell") {
  const auto r = run({"printf", "%s|", "a b", "$HOME", "*"}, "", 0);
  CHECK(r.exit_code == 0);
  CHECK(r.stdout_text == "a b|$HOME|*|");
  CHECK(r.stderr_tail == "");
}

TEST_CASE("process: exit status and stderr tail") {
  const auto r75 = run({"sh", "-c", "exit 75"}, "", 0);
  CHECK(r75.started);
  CHECK(r75.exit_code == 75);
  CHECK(english(r75) == "exited with status 75");

  const auto r3 = run({"sh", "-c", "echo oops >&2; exit 3"}, "", 5'000);
  CHECK(r3.exit_code == 3);
  CHECK(r3.stderr_tail == "oops");
  CHECK(r3.stdout_text == "");

  // Long stderr: only the end is kept.
  const auto many = run({"sh", "-c", "i=0; while [ $i -lt 1000 ]; do echo line$i >&2; i=$((i+1)); done"}, "", 0);
  CHECK(many.exit_code == 0);
  CHECK(many.stderr_tail.size() <= 2000);
  CHECK(many.stderr_tail.size() > 1900);
  CHECK(many.stderr_tail.substr(many.stderr_tail.size() - 8) == "\nline999");
  CHECK_FALSE(contains(many.stderr_tail, "line0\n"));
}

TEST_CASE("process: killed by a signal") {
  const auto r = run({"sh", "-c", "kill -TERM $$"}, "", 5'000);
  CHECK(r.started);
  CHECK(r.signal == 15);
  CHECK_FALSE(r.timed_out);
  CHECK(english(r) == "killed by signal 15");
}

TEST_CASE("process: a missing program is not started and is named") {
  const auto named = run({"svc-no-such-program-4711"}, "input", 1'000);
  CHECK_FALSE(named.started);
  CHECK(contains(named.error, "cannot run svc-no-such-program-4711: "));
  CHECK(contains(named.error, "No such file or directory"));
  CHECK(english(named) == named.error);

  const auto path = run({"/nonexistent/dir/prog", "x"}, "", 0);
  CHECK_FALSE(path.started);
  CHECK(path.error == "cannot run /nonexistent/dir/prog: No such file or directory");

  const auto none = run({}, "", 0);
  CHECK_FALSE(none.started);
  CHECK_FALSE(none.error.empty());
}

TEST_CASE("process: timeout kills the whole process group") {
  const auto r = run({"sleep", "5"}, "", 200);
  CHECK(r.started);
  CHECK(r.timed_out);
  CHECK(r.signal == 9);
  CHECK(english(r) == "timed out after 200ms");

  // A background grandchild is in the same group, so it dies too.
  const auto g = run({"sh", "-c", "sleep 30 & echo $!; wait"}, "", 300);
  CHECK(g.timed_out);
  const long grandchild = std::stol(g.stdout_text);
  CHECK(grandchild > 0);
  CHECK(gone_soon(grandchild));

  // Pipes closed but the child still running: the deadline still applies.
  const auto quiet = run({"sh", "-c", "exec >&- 2>&- <&-; sleep 5"}, "", 200);
  CHECK(quiet.timed_out);

  svc::process::Result whole;
  whole.started = true;
  whole.timed_out = true;
  whole.timeout_ms = 30'000;
  CHECK(english(whole) == "timed out after 30s");
}

TEST_CASE("process: a child that does not read its stdin is not an error") {
  // Writing to a pipe nobody reads any more raises SIGPIPE, which would kill this test process.
  // Whether a write lands after the child's exit is a race, so each case runs a few times.
  const std::string big(4 << 20, 'x');
  for (int i = 0; i < 10; ++i) {
    const auto t = run({"true"}, big, 10'000);
    CHECK(t.started);
    CHECK(t.exit_code == 0);
    CHECK_FALSE(t.timed_out);
    // Reads some, then exits while we are still writing.
    const auto h = run({"head", "-c", "100000"}, big, 10'000);
    CHECK(h.exit_code == 0);
    CHECK(h.stdout_text == std::string(64 * 1024, 'x'));
    const auto s = run({"sh", "-c", "exit 4"}, big, 10'000);
    CHECK(s.exit_code == 4);
  }
}

TEST_CASE("process: the child does not inherit O_CLOEXEC descriptors") {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  const auto r =
      run({"sh", "-c", "if [ -e \"$1\" ]; then echo inherited; else echo closed; fi", "sh", proc}, "", 5'000);
  ::close(fd);
  CHECK(r.exit_code == 0);
  CHECK(r.stdout_text == "closed\n");
}

TEST_CASE("joblock: exclusive across processes, pid recorded, released by the destructor") {
  TempDir dir;
  const fs::path file = dir.path / "fee-remind.lock";
  {
    auto lock = svc::JobLock::acquire(file, false);
    REQUIRE(lock.has_value());
    CHECK(svc::JobLock::holder(file) == static_cast<long>(::getpid()));
    CHECK((fs::status(file).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::group_write));

    // Another process cannot take it, and sees our pid.
    const int busy = in_child([&] {
      if (svc::JobLock::acquire(file, false).has_value()) return 1;
      return svc::JobLock::holder(file) == static_cast<long>(::getppid()) ? 0 : 2;
    });
    CHECK(busy == 0);
    // flock is per open file description: a second acquire in this process is refused too.
    CHECK_FALSE(svc::JobLock::acquire(file, false).has_value());
    // The failed attempts left the holder's pid alone.
    CHECK(svc::JobLock::holder(file) == static_cast<long>(::getpid()));

    // Moving keeps one lock.
    svc::JobLock moved = std::move(*lock);
    lock.reset();
    CHECK(in_child([&] { return svc::JobLock::acquire(file, false).has_value() ? 1 : 0; }) == 0);
  }
  CHECK_FALSE(svc::JobLock::holder(file).has_value());  // released: the pid is cleared
  CHECK(in_child([&] {
          auto lock = svc::JobLock::acquire(file, false);
          return lock && svc::JobLock::holder(file) == static_cast<long>(::getpid()) ? 0 : 1;
        }) == 0);
  auto again = svc::JobLock::acquire(file, false);
  CHECK(again.has_value());
  CHECK(fs::exists(file));
}

TEST_CASE("joblock: released when the holder is killed and wait blocks until then") {
  TempDir dir;
  const fs::path file = dir.path / "job.lock";
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t holder = ::fork();
  REQUIRE(holder >= 0);
  if (holder == 0) {
    ::close(ready[0]);
    auto lock = svc::JobLock::acquire(file, false);
    const char c = lock ? 'y' : 'n';
    [[maybe_unused]] const ssize_t n = ::write(ready[1], &c, 1);
    ::pause();  // until killed
    ::_exit(0);
  }
  ::close(ready[1]);
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  ::close(ready[0]);
  CHECK(c == 'y');
  CHECK_FALSE(svc::JobLock::acquire(file, false).has_value());
  CHECK(svc::JobLock::holder(file) == static_cast<long>(holder));

  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::kill(holder, SIGKILL);
  });
  auto lock = svc::JobLock::acquire(file, true);  // blocks until the kill
  killer.join();
  int status = 0;
  ::waitpid(holder, &status, 0);
  REQUIRE(lock.has_value());
  CHECK(svc::JobLock::holder(file) == static_cast<long>(::getpid()));
}

TEST_CASE("joblock: a lock file that cannot be created is a cant_create error") {
  try {
    svc::JobLock::acquire("/nonexistent/dir/job.lock", false);
    FAIL("no error");
  } catch (const svc::Error& e) {
    CHECK(e.code() == svc::Exit::cant_create);
    CHECK(contains(e.what(), "/nonexistent/dir/job.lock"));
  }
}

TEST_CASE("joblock: the lock descriptor is close-on-exec") {
  TempDir dir;
  const fs::path file = dir.path / "cloexec.lock";
  auto lock = svc::JobLock::acquire(file, false);
  REQUIRE(lock.has_value());
  int found = 0;
  for (const auto& e : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    if (fs::read_symlink(e.path(), ec) != fs::canonical(file)) continue;
    const int fd = std::stoi(e.path().filename().string());
    ++found;
    CHECK((::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
  }
  CHECK(found == 1);
}
