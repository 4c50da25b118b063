// The one exception type that crosses layers, and the sysexits codes it carries (cli.md).
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "svc/i18n.hpp"

namespace svc {

// Exit statuses, sysexits(3) style; documented under EXIT STATUS in man/svc.1.
enum class Exit : int {
  ok = 0,
  failure = 1,        // --fail-if-any found something
  usage = 64,         // bad command line
  data_error = 65,    // bad input data, failed verification
  no_input = 66,      // record or input file not found
  unavailable = 69,   // a delivery channel is unavailable
  software = 70,      // internal error
  cant_create = 73,   // cannot create the database or an output file
  io_error = 74,      // I/O error, disk full included
  temp_fail = 75,     // busy: database locked, job lock held
  no_perm = 77,       // permission denied
  config = 78,        // policy invalid
  interrupted = 130,
};

class Error : public std::runtime_error {
 public:
  Error(Exit code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}
  Exit code() const noexcept { return code_; }

 private:
  Exit code_;
};

// fail(Exit::data_error, "unknown unit '{}'", code): the format string is English source text,
// looked up in the message catalogue (i18n) so the user reads it in their language.
template <class... Args>
[[noreturn]] void fail(Exit code, std::string_view format, Args&&... args) {
  throw Error(code, fmt::vformat(tr(format), fmt::make_format_args(args...)));
}

}  // namespace svc
