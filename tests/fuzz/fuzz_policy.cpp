// Fuzz target: the policy loader — any TOML text, merged onto the built-in default, checked and
// converted. It may be refused with file:line:column (exit 78); it may never crash, and a policy
// it accepts shows as TOML that it accepts again with the same hash.
#include <string>

#include "fuzz.hpp"
#include "svc/error.hpp"
#include "svc/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  try {
    const svc::Policy p = svc::parse_policy(svc::fuzz::text(data, size), "fuzz.toml", "/tmp");
    const svc::Policy again = svc::parse_policy(svc::show_toml(p), "shown.toml", "/tmp");
    svc::fuzz::require(again.hash() == p.hash(), "policy show does not round-trip");
  } catch (const svc::Error& e) {
    svc::fuzz::require(e.code() == svc::Exit::config || e.code() == svc::Exit::no_input, "a policy error that is not 78");
  }
  return 0;
}
