// Dunning rules without a database: when each rung of the ladder falls due, which rung a unit has
// reached, template expansion, and the mail encoding (base64, RFC 2047 subjects).
#include <doctest/doctest.h>

#include "svc/dunning.hpp"
#include "svc/policy.hpp"

using namespace svc;
using namespace svc::dunning;

namespace {

// Local (+08:00) wall time as a timestamp.
Timestamp at(int y, int m, int d, int h = 0, int min = 0) {
  return local_to_timestamp(Date{y, m, d}, h * 3600 + min * 60, 8 * 3600);
}

const Date kDue{2026, 8, 15};

std::string stage_at(const Policy& p, std::string_view status, Timestamp now) {
  const auto s = current_stage(p, kDue, status, now);
  return s ? p.fee.dunning[s->stage].stage + "#" + std::to_string(s->cycle) : std::string("-");
}

std::string decode_word(std::string_view word) {  // "=?UTF-8?B?...?=" → bytes
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  REQUIRE(word.substr(0, 10) == "=?UTF-8?B?");
  REQUIRE(word.substr(word.size() - 2) == "?=");
  const std::string_view b = word.substr(10, word.size() - 12);
  std::string out;
  unsigned buf = 0;
  int bits = 0;
  for (char ch : b) {
    if (ch == '=') break;
    buf = (buf << 6) | static_cast<unsigned>(alphabet.find(ch));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("dunning domain-rules 3.5 stages fall due from the start of the oldest unpaid due date") {
  const Policy p = load_policy(std::nullopt);
  const auto& ladder = p.fee.dunning;
  REQUIRE(ladder.size() == 4);
  CHECK(stage_due(p, kDue, ladder[0], 0) == at(2026, 8, 16));   // notice: 1d after the due date
  CHECK(stage_due(p, kDue, ladder[0], 2) == at(2026, 10, 16));  // its second monthly repeat
  CHECK(stage_due(p, kDue, ladder[1], 0) == at(2026, 11, 15));  // letter: 3 months
  CHECK(stage_due(p, kDue, ladder[2], 0) == at(2026, 12, 15));  // visit: 4 months
  CHECK(stage_due(p, kDue, ladder[3], 0) == at(2027, 2, 15));   // legal: 6 months
}

TEST_CASE("dunning domain-rules 3.5 the rung reached walks notice, repeats, letter, visit, legal") {
  const Policy p = load_policy(std::nullopt);
  CHECK(stage_at(p, "occupied", at(2026, 8, 15, 23, 59)) == "-");  // due date itself: not overdue
  CHECK(stage_at(p, "occupied", at(2026, 8, 16)) == "notice#0");
  CHECK(stage_at(p, "occupied", at(2026, 9, 15, 23)) == "notice#0");
  CHECK(stage_at(p, "occupied", at(2026, 9, 16)) == "notice#1");
  CHECK(stage_at(p, "occupied", at(2026, 10, 20)) == "notice#2");
  CHECK(stage_at(p, "occupied", at(2026, 11, 15)) == "letter#0");
  CHECK(stage_at(p, "occupied", at(2026, 12, 15)) == "visit#0");
  CHECK(stage_at(p, "occupied", at(2027, 2, 15)) == "legal#0");
  CHECK(stage_at(p, "occupied", at(2028, 1, 1)) == "legal#0");
}

TEST_CASE("dunning domain-rules 3.5 home visits only for owners who live there") {
  const Policy p = load_policy(std::nullopt);
  CHECK(stage_at(p, "vacant", at(2026, 12, 20)) == "letter#0");  // the visit rung is passed over
  CHECK(stage_at(p, "rented", at(2026, 12, 20)) == "letter#0");
  CHECK(stage_at(p, "vacant", at(2027, 2, 15)) == "legal#0");
  const auto d = current_stage(p, kDue, "occupied", at(2026, 12, 20));
  REQUIRE(d);
  CHECK(d->due_at == at(2026, 12, 15));
}

TEST_CASE("dunning due dates at the end of a month step through calendar months") {
  const Policy p = load_policy(std::nullopt);
  const Date jan31{2027, 1, 31};
  // notice after 1d → Feb 1; its monthly repeats land on the 1st of each month.
  const auto s = current_stage(p, jan31, "occupied", at(2027, 3, 2));
  REQUIRE(s);
  CHECK(s->cycle == 1);
  CHECK(s->due_at == at(2027, 3, 1));
}

TEST_CASE("dunning templates fill known placeholders and leave other braces alone") {
  const std::map<std::string, std::string> v{{"owner", "张三"}, {"amount", "316.35"}};
  CHECK(expand("{owner}您好,共{amount}元", v) == "张三您好,共316.35元");
  CHECK(expand("{owner}{owner}", v) == "张三张三");
  CHECK(expand("no placeholders", v) == "no placeholders");
  CHECK(expand("{other} and {", v) == "{other} and {");
  CHECK(expand("", v).empty());
}

TEST_CASE("dunning the built-in templates use only known placeholders") {
  const auto& known = template_placeholders();
  for (ChannelKind k : {ChannelKind::exec, ChannelKind::letter, ChannelKind::visit}) {
    const std::string_view t = default_template(k);
    for (std::size_t open = t.find('{'); open != std::string_view::npos; open = t.find('{', open + 1)) {
      const std::string name(t.substr(open + 1, t.find('}', open) - open - 1));
      CHECK_MESSAGE(std::find(known.begin(), known.end(), name) != known.end(), name);
    }
  }
}

TEST_CASE("dunning base64 matches RFC 4648 test vectors") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64("\xff\xfe") == "//4=");
}

TEST_CASE("dunning mail subjects are RFC 2047 words that never split a character") {
  CHECK(encode_header("Overdue fees") == "Overdue fees");
  const std::string subject = "【示例花园 管理处】物业费催缴通知,请于七日内缴纳全部欠费,如已缴纳请忽略本通知";
  const std::string h = encode_header(subject);
  std::string decoded;
  std::size_t start = 0;
  while (start < h.size()) {
    std::size_t end = h.find("\n ", start);
    if (end == std::string::npos) end = h.size();
    const std::string word = h.substr(start, end - start);
    CHECK(word.size() <= 75);
    const std::string part = decode_word(word);
    // Each word holds whole UTF-8 characters: it does not start with a continuation byte.
    CHECK((static_cast<unsigned char>(part.front()) & 0xC0) != 0x80);
    decoded += part;
    start = end + 2;
  }
  CHECK(decoded == subject);
  CHECK(h.find('\n') != std::string::npos);  // long enough to need more than one word
}

TEST_CASE("dunning mail messages carry the headers sendmail -t reads and a base64 UTF-8 body") {
  const std::string m = mail_message("13800000000@sms.example.com", "催缴通知", "您好", "12");
  CHECK(m.rfind("To: 13800000000@sms.example.com\n", 0) == 0);
  CHECK(m.find("\nSubject: =?UTF-8?B?") != std::string::npos);
  CHECK(m.find("\nContent-Type: text/plain; charset=UTF-8\n") != std::string::npos);
  CHECK(m.find("\nX-Svc-Reminder: 12\n") != std::string::npos);
  CHECK(m.find("\n\n" + base64("您好") + "\n") != std::string::npos);
}
