// Fuzz target: dates, timestamps and UTC offsets as typed — a parsed time formats to ISO-8601 that
// parses back to the same instant; a parsed date formats back to itself.
#include "fuzz.hpp"
#include "svc/clock.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = svc::fuzz::text(data, size);
  if (const auto d = svc::parse_date(text)) {
    const auto again = svc::parse_date(svc::format_date(*d));
    svc::fuzz::require(again && *again == *d, "format_date does not round-trip");
  }
  if (const auto off = svc::parse_utc_offset(text)) svc::fuzz::require(*off > -86400 && *off < 86400, "offset out of range");
  for (int offset : {8 * 3600, 0, -5 * 3600}) {
    if (const auto t = svc::parse_time(text, offset)) {
      const auto again = svc::parse_time(svc::format_iso(*t, offset), offset);
      svc::fuzz::require(again && *again == *t, "format_iso does not round-trip");
    }
  }
  return 0;
}
