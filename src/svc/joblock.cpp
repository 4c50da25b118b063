// Job lock: flock(2) on a shared lock file that holds the holder's pid.
#include "svc/joblock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>
#include <utility>

#include "svc/error.hpp"

namespace svc {
namespace {

[[noreturn]] void fail_file(Exit code, const char* what, const std::filesystem::path& file, int err) {
  const std::string_view w(what);
  if (w == "create") fail(code, "cannot create lock file '{}': {}", file.string(), std::strerror(err));
  if (w == "open") fail(code, "cannot open lock file '{}': {}", file.string(), std::strerror(err));
  fail(code, "cannot lock lock file '{}': {}", file.string(), std::strerror(err));
}

// Opens the lock file, creating it with mode 0660 (whatever the umask) so the office group shares it.
int open_lock_file(const std::filesystem::path& file) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
    if (fd >= 0) {
      ::fchmod(fd, 0660);
      return fd;
    }
    if (errno != EEXIST) fail_file(Exit::cant_create, "create", file, errno);
    fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
    // flock() needs no write access: a file we may only read still locks (without our pid in it).
    if (fd < 0 && errno == EACCES) fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) return fd;
    if (errno != ENOENT) fail_file(Exit::cant_create, "open", file, errno);
    // Removed between the two opens: try again.
  }
  fail_file(Exit::cant_create, "create", file, ENOENT);
}

}  // namespace

std::optional<JobLock> JobLock::acquire(const std::filesystem::path& file, bool wait) {
  const int fd = open_lock_file(file);
  while (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    const int err = errno;
    if (err == EINTR) continue;
    ::close(fd);  // not a JobLock yet: its release would clear the holder's pid
    if (err == EWOULDBLOCK) return std::nullopt;
    fail_file(Exit::io_error, "lock", file, err);
  }
  JobLock lock(fd);
  // Best effort: a read-only lock file keeps its old content.
  const std::string pid = fmt::format("{}\n", static_cast<long>(::getpid()));
  if (::ftruncate(lock.fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t n = ::pwrite(lock.fd_, pid.data(), pid.size(), 0);
  }
  return lock;
}

std::optional<long> JobLock::holder(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char text[32];
  ssize_t n;
  do {
    n = ::pread(fd, text, sizeof text, 0);
  } while (n < 0 && errno == EINTR);
  ::close(fd);
  if (n <= 0) return std::nullopt;
  long pid = 0;
  const char* end = text + n;
  const auto [ptr, ec] = std::from_chars(text, end, pid);
  if (ec != std::errc() || pid <= 0 || (ptr != end && *ptr != '\n')) return std::nullopt;
  return pid;
}

JobLock::JobLock(JobLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

JobLock& JobLock::operator=(JobLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

JobLock::~JobLock() { release(); }

void JobLock::release() noexcept {
  if (fd_ < 0) return;
  // Clear the pid while still holding the lock, then unlock explicitly: a fork()ed copy of the fd
  // (same open file description) must not keep the lock alive.
  [[maybe_unused]] const int t = ::ftruncate(fd_, 0);
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace svc
