// Fuzz target: import files — bytes decoded as UTF-8 or GBK, then RFC 4180 records and a checked
// header. Anything may be refused (svc::Error); nothing may crash, and decoded text is valid UTF-8.
#include "fuzz.hpp"
#include "svc/csv.hpp"
#include "svc/error.hpp"

namespace {
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = svc::fuzz::text(data, size);
  for (auto enc : {svc::Encoding::utf8, svc::Encoding::gbk}) {
    try {
      const std::string text = svc::decode_input(bytes, enc, "fuzz.csv");
      svc::fuzz::require(valid_utf8(text), "decode_input returned invalid UTF-8");
      const auto rows = svc::parse_csv(text, "fuzz.csv");
      for (const auto& r : rows) svc::fuzz::require(r.line >= 1, "a row before line 1");
      const auto table = svc::read_csv_table(text, "fuzz.csv", {"code"}, {"area_m2", "status", "owner_name"});
      for (const auto& r : table.rows) (void)table.field(r, "code");
    } catch (const svc::Error&) {
    }
  }
  return 0;
}
