// Dunning rules without a database: when each rung of the ladder falls due, which rung a unit has
// reached, the built-in texts, and reasons stored as facts and put into words when read. (Template
// expansion and the mail encoding are notify's: tests/unit/test_notify.cpp.)
#include <doctest/doctest.h>

#include "svc/dunning.hpp"
#include "svc/i18n.hpp"
#include "svc/policy.hpp"

using namespace svc;
using namespace svc::dunning;

namespace {

// Local (+08:00) wall time as a timestamp.
Timestamp at(int y, int m, int d, int h = 0, int min = 0) {
  return local_to_timestamp(Date{y, m, d}, h * 3600 + min * 60, 8 * 3600);
}

const Date kDue{2026, 8, 15};

std::string stage_at(const Policy& p, std::string_view status, Timestamp now, const Anchors& anchors = {}) {
  const auto s = current_stage(p, kDue, status, now, anchors);
  return s ? p.fee.dunning[s->stage].stage + "#" + std::to_string(s->cycle) : std::string("-");
}

// The first notice of the episode, sent at 09:00 the day after the due date.
const Anchors kNoticeSent = {{"notice", at(2026, 8, 16, 9)}};

}  // namespace

TEST_CASE("dunning domain-rules 3.5 stages fall due from the start of the oldest unpaid due date") {
  const Policy p = load_policy(std::nullopt);
  const auto& ladder = p.fee.dunning;
  REQUIRE(ladder.size() == 4);
  CHECK(stage_due(p, kDue, ladder[0], 0) == at(2026, 8, 16));   // notice: 1d after the due date
  CHECK(stage_due(p, kDue, ladder[0], 2) == at(2026, 10, 16));  // its second monthly repeat
  CHECK(stage_due(p, kDue, ladder[2], 0) == at(2026, 12, 15));  // visit: 4 months
  CHECK(stage_due(p, kDue, ladder[3], 0) == at(2027, 2, 15));   // legal: 6 months
}

TEST_CASE("dunning domain-rules 3.5 the letter falls due 3 months after the first notice, not after the due date") {
  const Policy p = load_policy(std::nullopt);
  const DunningStage& letter = p.fee.dunning[1];
  REQUIRE(letter.stage == "letter");
  REQUIRE(letter.anchor == std::optional<std::string>("notice"));
  // No notice yet (电话通知后三个月): no letter, however long the debt has run.
  CHECK_FALSE(stage_due(p, kDue, letter, 0).has_value());
  // 3 months after the notice was sent, to the minute: not 3 months after the due date (a day early).
  CHECK(stage_due(p, kDue, letter, 0, kNoticeSent) == at(2026, 11, 16, 9));
  // A notice that could not be delivered (no phone) anchors at the time it was due.
  CHECK(stage_due(p, kDue, letter, 0, {{"notice", at(2026, 8, 16)}}) == at(2026, 11, 16));
}

TEST_CASE("dunning domain-rules 3.5 the rung reached walks notice, repeats, letter, visit, legal") {
  const Policy p = load_policy(std::nullopt);
  CHECK(stage_at(p, "occupied", at(2026, 8, 15, 23, 59)) == "-");  // due date itself: not overdue
  CHECK(stage_at(p, "occupied", at(2026, 8, 16)) == "notice#0");
  CHECK(stage_at(p, "occupied", at(2026, 9, 15, 23), kNoticeSent) == "notice#0");
  CHECK(stage_at(p, "occupied", at(2026, 9, 16), kNoticeSent) == "notice#1");
  CHECK(stage_at(p, "occupied", at(2026, 10, 20), kNoticeSent) == "notice#2");
  CHECK(stage_at(p, "occupied", at(2026, 11, 15), kNoticeSent) == "notice#2");  // the old, early letter day
  CHECK(stage_at(p, "occupied", at(2026, 11, 16, 8, 59), kNoticeSent) == "notice#3");
  CHECK(stage_at(p, "occupied", at(2026, 11, 16, 9), kNoticeSent) == "letter#0");
  CHECK(stage_at(p, "occupied", at(2026, 12, 15), kNoticeSent) == "visit#0");
  CHECK(stage_at(p, "occupied", at(2027, 2, 15), kNoticeSent) == "legal#0");
  CHECK(stage_at(p, "occupied", at(2028, 1, 1), kNoticeSent) == "legal#0");
  // Never notified (the notice is still on its way): the letter waits; the notice keeps repeating.
  CHECK(stage_at(p, "vacant", at(2026, 11, 20)) == "notice#3");
}

TEST_CASE("dunning domain-rules 3.5 a letter whose notice was late still has its turn after the visit") {
  const Policy p = load_policy(std::nullopt);
  // The notice went out only on 20 October (a hold): the letter falls due 20 January, after the
  // visit (4 months from the due date, 15 December), and is the rung reached then.
  const Anchors late = {{"notice", at(2026, 10, 20, 9)}};
  CHECK(stage_at(p, "occupied", at(2026, 12, 20), late) == "visit#0");
  CHECK(stage_at(p, "occupied", at(2027, 1, 20, 9), late) == "letter#0");
  CHECK(stage_at(p, "occupied", at(2027, 2, 15), late) == "legal#0");
}

TEST_CASE("dunning domain-rules 3.5 home visits only for owners who live there") {
  const Policy p = load_policy(std::nullopt);
  CHECK(stage_at(p, "vacant", at(2026, 12, 20), kNoticeSent) == "letter#0");  // the visit rung is passed over
  CHECK(stage_at(p, "rented", at(2026, 12, 20), kNoticeSent) == "letter#0");
  CHECK(stage_at(p, "vacant", at(2027, 2, 15), kNoticeSent) == "legal#0");
  const auto d = current_stage(p, kDue, "occupied", at(2026, 12, 20), kNoticeSent);
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

TEST_CASE("dunning reasons are stored as facts and read in the reader's language") {
  const std::string failed =
      R"({"code":"failed","problem":"exit","status":1,"detail":"gateway down","attempt":1,"of":3})";
  CHECK(reason_code(failed) == "failed");
  set_lang(Lang::en);
  CHECK(reason_text(failed, 8 * 3600) == "exited with status 1: gateway down (attempt 1 of 3; tried again on the next run)");
  CHECK(reason_text(R"({"code":"failed","problem":"exit","status":1,"attempt":3,"of":3})", 0) ==
        "exited with status 1 (given up after 3 attempts)");
  CHECK(reason_text(R"({"code":"overtaken","by":12,"stage":"letter","cycle":1})", 0) ==
        "overtaken by reminder 12 (letter #2)");
  CHECK(reason_text(R"({"code":"interrupted","at":1786842000,"reminder":7})", 8 * 3600) ==
        "interrupted while sending at 2026-08-16 09:00: whether it was delivered is not known; check, then "
        "`svc fee resolve 7 --sent` or `--retry`");
  CHECK(reason_text(R"({"code":"confirmed","by":"liuqiang","note":"gateway log"})", 0) ==
        "confirmed delivered by liuqiang: gateway log");
  CHECK(reason_text(R"({"code":"deferred","problem":"exit","status":75,"detail":"rate limited"})", 0) ==
        "the channel asked to retry later: exited with status 75: rate limited");
  set_lang(Lang::zh);
  CHECK(reason_text(R"({"code":"paid"})", 0) == "已缴纳:不再有逾期欠费");
  CHECK(reason_text(failed, 8 * 3600) == "退出码 1: gateway down(第 1 次,共 3 次;下次运行时重试)");
  set_lang(Lang::en);
  CHECK(reason_text(R"({"code":"paid"})", 0) == "paid: nothing is overdue any more");
}

TEST_CASE("dunning reasons written as sentences before facts are shown as they are") {
  set_lang(Lang::en);
  for (const std::string old : {"已缴纳:不再有逾期欠费", "{not json", "{\"no\":\"code\"}"}) {
    CHECK(reason_text(old, 0) == old);
    CHECK_FALSE(reason_code(old));
  }
  // A code from a later version: the fact as stored, with its code.
  CHECK(reason_text(R"({"code":"teleported"})", 0) == R"({"code":"teleported"})");
  CHECK(reason_code(R"({"code":"teleported"})") == "teleported");
}
