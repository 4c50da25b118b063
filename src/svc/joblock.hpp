// A cron job lock: one `svc` job of a kind at a time, across users and processes.
#pragma once

#include <filesystem>
#include <optional>

namespace svc {

// An exclusive flock(2) on a lock file (created 0660 if missing, never deleted). The fd is O_CLOEXEC so
// children never inherit the lock. Released by the destructor (or when the process dies, even by kill -9).
class JobLock {
 public:
  // wait=false: std::nullopt when another process holds it (JobLock::holder names it). wait=true blocks
  // until acquired. The file holds "<pid>\n" while held; release empties it. Throws svc::Error: cant_create
  // when the file cannot be opened or created, io_error when flock itself fails.
  static std::optional<JobLock> acquire(const std::filesystem::path& file, bool wait);
  // The pid written in the lock file by the current holder, if any (for the "held by pid N" message).
  static std::optional<long> holder(const std::filesystem::path& file);

  JobLock(JobLock&& other) noexcept;
  JobLock& operator=(JobLock&& other) noexcept;
  ~JobLock();
  JobLock(const JobLock&) = delete;
  JobLock& operator=(const JobLock&) = delete;

 private:
  explicit JobLock(int fd) : fd_(fd) {}
  void release() noexcept;
  int fd_ = -1;
};

}  // namespace svc
