// Fuzz target: money and rates as typed ("1280.50", "0.70", areas) — exact integers, never
// floating point; a parsed amount formats back to the same fen.
#include "fuzz.hpp"
#include "svc/money.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = svc::fuzz::text(data, size);
  for (bool negative : {false, true}) {
    std::string why;
    if (const auto fen = svc::parse_yuan(text, negative, &why)) {
      svc::fuzz::require(negative || *fen >= 0, "a negative amount where none is allowed");
      const auto again = svc::parse_yuan(svc::format_yuan(*fen), true);
      svc::fuzz::require(again && *again == *fen, "format_yuan does not round-trip");
    }
  }
  std::string why;
  (void)svc::parse_rate(text, &why);
  (void)svc::parse_area(text, &why);
  return 0;
}
