// Fuzz target: durations ("15m", "2d", "3mo", "same-day") — a parsed duration formats back to
// text that parses to the same duration.
#include "fuzz.hpp"
#include "svc/duration.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string why;
  const auto d = svc::parse_duration(svc::fuzz::text(data, size), &why);
  if (!d) {
    svc::fuzz::require(!why.empty(), "a refused duration without a reason");
    return 0;
  }
  const auto again = svc::parse_duration(svc::format_duration(*d));
  svc::fuzz::require(again && again->count == d->count && again->unit == d->unit, "format_duration does not round-trip");
  (void)svc::fixed_seconds(*d);
  return 0;
}
