// Files svc writes for people (letters, and later reports): whole or not at all.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace svc {

// Creates the folder if needed, writes `content` to a hidden temporary file beside `file`, syncs
// it, renames it into place and syncs the folder: a reader (or a run recovering from a crash)
// sees the whole file or none. Returns the problem, in the current language, or nullopt.
std::optional<std::string> write_file_atomically(const std::filesystem::path& file, const std::string& content);

}  // namespace svc
