// Runs a child process without a shell: stdin fed, stdout/stderr captured, timeout, process group.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace svc::process {

struct Result {
  bool started = false;     // false: could not start (error says why, e.g. "cannot run /x: No such file or directory")
  int exit_code = -1;       // when it exited normally
  int signal = 0;           // when killed by a signal
  bool timed_out = false;   // killed (SIGKILL to its process group) after the timeout
  int timeout_ms = 0;       // the limit that applied, for describe()
  std::string error;        // for !started
  int error_number = 0;     // for !started: the errno (ENOENT: no such program)
  std::string stderr_tail;  // the last ~2000 bytes of stderr, trimmed, for messages
  std::string stdout_text;  // stdout, up to 64 KiB kept (rest read and discarded)
};

// Runs argv[0] (a path, or a name looked up in PATH like execvp) with `input` written to its stdin,
// waits at most `timeout_ms` (0 = no limit). No shell. The child gets its own process group; on
// timeout the whole group is killed. SIGPIPE while writing stdin (child did not read it all) is not an error.
// Once the child has exited, output still held open by background grandchildren is not waited for.
Result run(const std::vector<std::string>& argv, std::string_view input, int timeout_ms);

// "exited with status 3", "killed by signal 9", "timed out after 30s" (in the current language), or
// the start error.
std::string describe(const Result& r);

}  // namespace svc::process
