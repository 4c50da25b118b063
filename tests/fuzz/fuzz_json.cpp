// Fuzz target: the JSON reader svc uses on what it stored (audit changes, facts) — any text is
// read or refused (svc::Error); what is read writes back to JSON that reads the same.
#include "fuzz.hpp"
#include "svc/error.hpp"
#include "svc/value.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  try {
    const svc::Value v = svc::parse_json(svc::fuzz::text(data, size));
    svc::fuzz::require(svc::parse_json(svc::to_json(v, false)) == v, "to_json does not round-trip");
  } catch (const svc::Error&) {
  }
  return 0;
}
