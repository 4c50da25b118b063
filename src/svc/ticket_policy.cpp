// Policy [ticket]: repair categories, SLA deadlines per location, callbacks and paid service
// (domain-rules 1).
#include "svc/policy_convert.hpp"

namespace svc {

namespace {

constexpr std::string_view kCallbackKeys[] = {"safety", "leak", "default"};

}  // namespace

const Duration& callback_within(const Policy& policy, std::string_view category) {
  const auto& cb = policy.ticket.callback;
  auto it = policy.ticket.callback_class.find(std::string(category));
  if (it != policy.ticket.callback_class.end()) {
    if (it->second == "safety") return cb.safety;
    if (it->second == "leak") return cb.leak;
  }
  return cb.fallback;
}

std::vector<std::string> callback_categories(const Policy& policy, std::string_view cls) {
  std::vector<std::string> out;
  for (const auto& [category, c] : policy.ticket.callback_class)
    if (c == cls) out.push_back(category);
  return out;
}

namespace policy_convert {

using namespace toml_check;

namespace {

void sla(Section& s, TicketSla& out) {
  s.read("dispatch_within", out.dispatch_within, as_duration);
  s.read("arrive_within", out.arrive_within, as_duration);
  s.read("complete_within", out.complete_within, as_duration);
  s.read("urgent_complete_within", out.urgent_complete_within, as_duration, Key::optional);
  s.finish();
}

// category → "safety" | "leak" | "default", for the categories [ticket] defines.
void callback_classes(Section& classes, TicketPolicy& t, Context& cx) {
  classes.each([&](const toml::key& k, const toml::node& v, const std::string& key) {
    if (!contains(t.categories, k.str())) {
      cx.ck.add(k.source(), key, msg("unknown ticket category '{}' (categories: {})", k.str(),
                                     join(t.categories)));
      return;
    }
    auto cls = as_string(cx.ck, v, key);
    if (!cls) return;
    if (!contains(kCallbackKeys, *cls)) {
      cx.ck.add(v.source(), key, msg("'{}' is not a callback key (allowed: {})", *cls,
                                     join(kCallbackKeys)));
      return;
    }
    t.callback_class[std::string(k.str())] = *cls;
  });
}

}  // namespace

void convert_ticket(Section& s, Policy& p, Context& cx) {
  TicketPolicy& t = p.ticket;
  s.read("clock", t.clock, as_choice(kClocks));
  const bool categories =
      s.read("categories", t.categories, AsStrings{.non_empty = true}) != nullptr;
  if (!categories)
    s.node("callback_class");  // checking it against broken categories would only add noise
  else if (auto classes = s.section("callback_class"))
    callback_classes(*classes, t, cx);
  s.read("pause_statuses", t.pause_statuses, as_strings);
  s.read("cancel_grace", t.cancel_grace, AsDuration{.same_day = false, .positive = false});
  if (auto slas = s.section("sla")) {
    if (auto h = slas->section("household")) sla(*h, t.household);
    if (auto pub = slas->section("public")) sla(*pub, t.public_area);
    slas->finish();
  }
  if (auto cb = s.section("callback")) {
    cb->read("safety", t.callback.safety, as_duration);
    cb->read("leak", t.callback.leak, as_duration);
    cb->read("default", t.callback.fallback, as_duration);
    cb->read("reopen_at_or_below", t.callback.reopen_at_or_below, AsInt{1, 5});
    cb->finish();
  }
  if (auto rework = s.section("rework", Key::optional)) {
    rework->read("arrive_within", t.rework.arrive_within, as_duration, Key::optional);
    rework->read("complete_within", t.rework.complete_within, as_duration, Key::optional);
    rework->finish();
  }
  if (auto paid = s.section("paid")) {
    paid->read("post_to_ledger", t.paid.post_to_ledger, as_bool);
    if (const toml::node* n = paid->read("fee_item", t.paid.fee_item, as_string))
      cx.check_fee_item(*n, paid->key("fee_item"), t.paid.fee_item);
    paid->read("max_charge", t.paid.max_charge, as_yuan);
    paid->finish();
  }
  s.finish();
}

}  // namespace policy_convert

}  // namespace svc
