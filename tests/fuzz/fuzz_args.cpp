// Fuzz target: the command line — NUL-separated arguments run through svc's run(), against a
// database path that does not exist, so every command reaches its argument checks and nothing is
// written. Any exit is fine but 70 (an internal error: something svc did not expect).
#include <sstream>
#include <string>
#include <vector>

#include "context.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  svc::cmd::Invocation inv;
  std::string arg;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      inv.args.push_back(arg);
      arg.clear();
    } else {
      arg += static_cast<char>(data[i]);
    }
  }
  inv.args.push_back(arg);
  std::istringstream in;
  std::ostringstream out, err;
  inv.env = {{"SVC_DB", "/nonexistent/svc-fuzz/svc.db"}, {"SVC_LANG", "en"}, {"HOME", "/nonexistent"},
             {"SVC_NOW", "2026-11-23T09:00"}};
  inv.in = &in;
  inv.out = &out;
  inv.err = &err;
  inv.os_login = "fuzz";
  const int code = svc::cmd::run(inv);
  if (code == 70) std::fprintf(stderr, "%s", err.str().c_str());
  svc::fuzz::require(code != 70, "run() ended with an internal error (70)");
  return 0;
}
