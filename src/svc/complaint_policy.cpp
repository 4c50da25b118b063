// Policy [complaint]: kinds, categories, deadlines per severity and the escalation ladder
// (domain-rules 2).
#include "svc/policy_convert.hpp"

namespace svc::policy_convert {

using namespace toml_check;

namespace {

SeverityRule severity(Section& s, Context& cx) {
  SeverityRule r;
  s.read("escalate_to", r.escalate_to, AsRole{cx}, Key::optional);
  s.read("escalate_within", r.escalate_within, as_duration, Key::optional);
  s.read("answer_within", r.answer_within, as_duration, Key::optional);
  s.read("resolve_within", r.resolve_within, as_duration, Key::optional);
  if (r.escalate_within && !r.escalate_to)
    cx.ck.add(s.table().source(), s.key("escalate_to"), msg("required when escalate_within is set"));
  s.finish();
  return r;
}

}  // namespace

void convert_complaint(Section& s, Policy& p, Context& cx) {
  ComplaintPolicy& c = p.complaint;
  s.read("clock", c.clock, as_choice(kClocks));
  s.read("kinds", c.kinds, AsStrings{.non_empty = true});
  s.read("categories", c.categories, AsStrings{.non_empty = true});
  s.read("callback_within", c.callback_within, as_duration);
  s.read("notify_result_within", c.notify_result_within, as_duration);
  s.read("upgrade_to_major_after", c.upgrade_to_major_after, as_length);
  if (auto levels = s.section("severity")) {
    for (std::string_view level : {"major", "important", "minor"})
      if (auto one = levels->section(level)) c.severity[std::string(level)] = severity(*one, cx);
    levels->finish();
  }
  Rising rising("ladder goes backwards: {} is not after {}");
  s.each_row("ladder", [&](Section& row) {
    LadderStep step;
    if (const toml::node* n = row.read("after", step.after, AsDuration{.same_day = false}))
      rising.check(cx.ck, *n, row.key("after"), step.after);
    row.read("level", step.level, AsRole{cx});
    row.finish();
    c.ladder.push_back(std::move(step));
  });
  s.finish();
}

}  // namespace svc::policy_convert
