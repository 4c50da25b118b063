// Files svc writes for people (letters, and later reports): whole or not at all.
#include "svc/fileio.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "svc/i18n.hpp"

namespace svc {

namespace fs = std::filesystem;

std::optional<std::string> write_file_atomically(const fs::path& file, const std::string& content) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) return fmt::format(fmt::runtime(tr("cannot create {}: {}")), file.parent_path().string(), ec.message());
  const fs::path tmp = file.parent_path() / fmt::format(".{}.tmp", file.filename().string());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return fmt::format(fmt::runtime(tr("cannot create {}: {}")), tmp.string(), std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return fmt::format(fmt::runtime(tr("cannot write {}: {}")), tmp.string(), std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return fmt::format(fmt::runtime(tr("cannot write {}: {}")), tmp.string(), std::strerror(errno));
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return fmt::format(fmt::runtime(tr("cannot rename {} to {}: {}")), tmp.string(), file.string(), std::strerror(err));
  }
  if (const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return std::nullopt;
}

}  // namespace svc
