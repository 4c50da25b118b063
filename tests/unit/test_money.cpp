// Unit tests for money: exact yuan/rate/area parsing, formatting and half-up rounding.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/money.hpp"

using namespace svc;

namespace {

struct English {
  Lang saved = lang();
  English() { set_lang(Lang::en); }
  ~English() { set_lang(saved); }
};

}  // namespace

TEST_CASE("money: parse_yuan is exact to the fen") {
  CHECK(parse_yuan("12") == 1200);
  CHECK(parse_yuan("12.5") == 1250);
  CHECK(parse_yuan("12.50") == 1250);
  CHECK(parse_yuan("0.01") == 1);
  CHECK(parse_yuan("0") == 0);
  CHECK(parse_yuan("1234567.89") == 123456789);
  CHECK(parse_yuan("0.10") == 10);
  CHECK(parse_yuan("007.05") == 705);
}

TEST_CASE("money: parse_yuan accepts up to 10^13 fen and rejects beyond") {
  CHECK(parse_yuan("100000000000") == 10'000'000'000'000);
  CHECK(parse_yuan("-100000000000", true) == -10'000'000'000'000);
  CHECK_FALSE(parse_yuan("100000000000.01").has_value());
  CHECK_FALSE(parse_yuan("999999999999").has_value());
  CHECK_FALSE(parse_yuan("99999999999999999999999").has_value());
}

TEST_CASE("money: negative amounts only when allowed") {
  CHECK_FALSE(parse_yuan("-1").has_value());
  CHECK(parse_yuan("-1", true) == -100);
  CHECK(parse_yuan("-0.01", true) == -1);
  CHECK(parse_yuan("-12.5", true) == -1250);
  CHECK_FALSE(parse_yuan("--1", true).has_value());
  CHECK_FALSE(parse_yuan("-", true).has_value());
  English en;
  std::string why;
  parse_yuan("-1", false, &why);
  CHECK(why == "negative amounts are not allowed here");
}

TEST_CASE("money: parse_yuan rejects each malformed form with a reason") {
  English en;
  for (const char* bad : {"1.234", "+1", "1e3", "１２", "", ".", "1,000", " 1", "1 ", "12.", ".5",
                          "1.2.3", "abc", "1E3", "¥12", "12元", "0x10", "1.-5"}) {
    CAPTURE(bad);
    std::string why;
    CHECK_FALSE(parse_yuan(bad, true, &why).has_value());
    CHECK_FALSE(why.empty());
  }
  std::string why;
  parse_yuan("1.234", false, &why);
  CHECK(why == "at most two decimals (fen) are allowed");
  parse_yuan("+1", false, &why);
  CHECK(why.find("'+'") != std::string::npos);
  parse_yuan("1e3", false, &why);
  CHECK(why.find("exponents") != std::string::npos);
  parse_yuan("１２", false, &why);
  CHECK(why.find("full-width") != std::string::npos);
  parse_yuan("1,000", false, &why);
  CHECK(why.find("thousands") != std::string::npos);
  parse_yuan(" 1", false, &why);
  CHECK(why.find("spaces") != std::string::npos);
  parse_yuan("100000000000.01", false, &why);
  CHECK(why == "amount too large");
}

TEST_CASE("money: format_yuan") {
  CHECK(format_yuan(-1) == "-0.01");
  CHECK(format_yuan(0) == "0.00");
  CHECK(format_yuan(5) == "0.05");
  CHECK(format_yuan(123450) == "1234.50");
  CHECK(format_yuan(-123456) == "-1234.56");
  CHECK(format_yuan(INT64_MIN) == "-92233720368547758.08");
  for (Fen f : {0LL, 1LL, -1LL, 99LL, 100LL, 22343LL, -22343LL, 10'000'000'000'000LL}) {
    CAPTURE(f);
    CHECK(parse_yuan(format_yuan(f), true) == f);
  }
}

TEST_CASE("money: parse_rate and format_rate in parts per million") {
  CHECK(parse_rate("0.70") == 700000);
  CHECK(parse_rate("1") == 1000000);
  CHECK(parse_rate("0.0003") == 300);
  CHECK(parse_rate("0.000001") == 1);
  CHECK(parse_rate("0") == 0);
  for (const char* bad : {"0.0000001", "-0.1", "", "1e-3", ".7", "0,7", "+0.7", "７0"}) {
    CAPTURE(bad);
    std::string why;
    CHECK_FALSE(parse_rate(bad, &why).has_value());
    CHECK_FALSE(why.empty());
  }
  CHECK(format_rate(700000) == "0.70");
  CHECK(format_rate(300) == "0.0003");
  CHECK(format_rate(1000000) == "1.00");
  CHECK(format_rate(1234567) == "1.234567");
  CHECK(format_rate(0) == "0.00");
  CHECK(format_rate(950000) == "0.95");
}

TEST_CASE("money: apply_rate rounds half-up (托管 70% of 22343 = 15640)") {
  CHECK(apply_rate(22343, 700000) == 15640);  // 15640.1
  CHECK(apply_rate(22343, 1000000) == 22343);
  CHECK(apply_rate(22343, 0) == 0);
}

TEST_CASE("money: apply_rate .5 cases go away from zero") {
  CHECK(apply_rate(1, 500000) == 1);    // 0.5 → 1
  CHECK(apply_rate(3, 500000) == 2);    // 1.5 → 2
  CHECK(apply_rate(5, 100000) == 1);    // 0.5 → 1
  CHECK(apply_rate(4, 100000) == 0);    // 0.4 → 0
  CHECK(apply_rate(-1, 500000) == -1);  // -0.5 → -1
  CHECK(apply_rate(-3, 500000) == -2);  // -1.5 → -2
  CHECK(apply_rate(-4, 100000) == 0);   // -0.4 → 0
  CHECK(apply_rate(10000, 300) == 3);   // 万分之三 of 100 yuan
  CHECK(apply_rate(5000, 300) == 2);    // 1.5 → 2
}

TEST_CASE("money: apply_rate does not overflow in the intermediate and refuses a too-big result") {
  CHECK(apply_rate(10'000'000'000'000, 1'000'000) == 10'000'000'000'000);
  CHECK(apply_rate(10'000'000'000'000, 999'999) == 9'999'990'000'000);
  CHECK_THROWS_AS(apply_rate(INT64_MAX, 2'000'000), svc::Error);
}

TEST_CASE("money: area_charge rounds once (89.37 m² × 2.50 = 22343 fen)") {
  CHECK(area_charge(8937, 250) == 22343);  // 223.425 yuan
  CHECK(area_charge(1, 50) == 1);          // 0.5 fen → 1
  CHECK(area_charge(1, 49) == 0);
  CHECK(area_charge(8937, -250) == -22343);
  CHECK(area_charge(10000, 250) == 25000);
}

TEST_CASE("money: parse_area and format_area") {
  CHECK(parse_area("89.37") == 8937);
  CHECK(parse_area("89") == 8900);
  CHECK(parse_area("89.3") == 8930);
  CHECK(parse_area("0.01") == 1);
  for (const char* bad : {"0", "0.00", "-1", "89.375", "", "89,37", "８9", "89. ", "1e2"}) {
    CAPTURE(bad);
    std::string why;
    CHECK_FALSE(parse_area(bad, &why).has_value());
    CHECK_FALSE(why.empty());
  }
  CHECK(format_area(8937) == "89.37");
  CHECK(format_area(8900) == "89.00");
  CHECK(format_area(5) == "0.05");
}
