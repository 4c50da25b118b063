// Fuzz target: dates, timestamps and UTC offsets as typed — a parsed time formats to ISO-8601 that
// parses back to the same instant; a parsed date formats back to itself; a time or a day as
// people say it (when.hpp) is one svc can write back.
#include "fuzz.hpp"
#include "svc/clock.hpp"
#include "svc/when.hpp"

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
  using svc::when::Role;
  const svc::when::Context ctx{1795310100, 8 * 3600, 9 * 60, 20 * 60};  // 2026-11-22T09:15+08:00
  for (const auto role : {Role::appointment, Role::happened, Role::deadline, Role::reply_by, Role::since, Role::until}) {
    if (const auto t = svc::when::parse(text, role, ctx)) {
      const auto again = svc::parse_time(svc::format_iso(t->at, ctx.utc_offset), ctx.utc_offset);
      svc::fuzz::require(again && *again == t->at, "when::parse gives a time that cannot be written back");
    }
  }
  for (const auto look : {svc::when::Look::ahead, svc::when::Look::back})
    if (const auto d = svc::when::parse_day(text, ctx, look))
      svc::fuzz::require(svc::valid_date(*d), "when::parse_day gives an impossible date");
  return 0;
}
