// A fresh empty folder under the system temp dir for a unit test's files (scripts, logs, lock
// files, outboxes), removed at scope exit.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace svc::test {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "svc-test-XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The bytes of a file in it ("" when there is none).
  std::string read(const std::string& name) const {
    std::ifstream f(path / name, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  // An executable /bin/sh script in it; returns its path.
  std::string script(const std::string& name, const std::string& body) const {
    const auto p = path / name;
    std::ofstream(p) << "#!/bin/sh\n" << body;
    std::filesystem::permissions(p, std::filesystem::perms::owner_all);
    return p.string();
  }
};

}  // namespace svc::test
