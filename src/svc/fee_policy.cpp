// Policy sections about fees: [channels] (how dunning delivers), [fee] with its items, the
// dunning ladder and [fee.remind] (domain-rules 3).
#include "svc/policy_convert.hpp"

namespace svc {

namespace {

// What channel texts may say (policy.md [channels]); svc fee remind fills them in.
const std::vector<std::string> kPlaceholders{"site",   "owner", "unit",     "items", "amount",
                                             "date",   "deadline", "phone", "stage"};

}  // namespace

const std::vector<std::string>& template_placeholders() { return kPlaceholders; }

const FeeItem* find_fee_item(const Policy& policy, std::string_view code) {
  for (const auto& item : policy.fee.items)
    if (item.code == code) return &item;
  return nullptr;
}

}  // namespace svc

namespace svc::policy_convert {

using namespace toml_check;

namespace {

// Channel names that need no [channels] entry (cli.md: visit schedules a home visit, none only
// records, stdout prints).
constexpr std::string_view kBuiltInChannels[] = {"none", "stdout", "visit"};

constexpr Choice<ChannelKind> kChannelKinds[] = {{"exec", ChannelKind::exec},
                                                 {"mail", ChannelKind::mail},
                                                 {"letter", ChannelKind::letter},
                                                 {"visit", ChannelKind::visit},
                                                 {"none", ChannelKind::none},
                                                 {"stdout", ChannelKind::standard_output}};
constexpr Choice<Allocation> kAllocations[] = {{"oldest_due_first", Allocation::oldest_due_first},
                                               {"by_item_priority", Allocation::by_item_priority}};
constexpr Choice<FeeBasis> kBases[] = {{"area", FeeBasis::area},
                                       {"unit", FeeBasis::unit},
                                       {"meter", FeeBasis::meter},
                                       {"fixed", FeeBasis::fixed}};
constexpr Choice<FeeCycle> kCycles[] = {
    {"month", FeeCycle::month}, {"quarter", FeeCycle::quarter}, {"year", FeeCycle::year}};

// Every {name} in a channel text (or each element of an array) must be a known placeholder.
void check_placeholders(Checker& ck, const toml::node* n, const std::string& key) {
  if (!n) return;
  auto scan = [&](const toml::node& e, const std::string& k) {
    const auto* str = e.as_string();
    if (!str) return;
    const std::string_view text = str->get();
    for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
      const std::size_t close = text.find('}', open);
      if (close == std::string_view::npos) break;
      const std::string name(text.substr(open + 1, close - open - 1));
      if (!contains(kPlaceholders, name))
        ck.add(e.source(), k, msg("unknown placeholder '{{{}}}' (allowed: {})", name, join(kPlaceholders)));
    }
  };
  if (const auto* arr = n->as_array()) {
    for (std::size_t i = 0; i < arr->size(); ++i) scan(*arr->get(i), index_key(key, i));
  } else {
    scan(*n, key);
  }
}

Channel channel(Section& c, Context& cx) {
  Channel ch;
  const toml::node* kind = c.read("kind", ch.kind, as_choice(kChannelKinds));
  // Looked up first, in documentation order: their presence depends on the kind.
  const toml::node* command = c.node("command", Key::optional);
  const toml::node* tmpl = c.node("template", Key::optional);
  const toml::node* outbox = c.node("outbox", Key::optional);
  const toml::node* sendmail = c.node("sendmail", Key::optional);
  const toml::node* to = c.node("to", Key::optional);
  const toml::node* subject = c.node("subject", Key::optional);
  const AsStrings argv{.non_empty = true, .unique = false};
  c.read("template", ch.message_template, as_string, Key::optional);
  c.read("to", ch.to, as_string, Key::optional);
  c.read("subject", ch.subject, as_string, Key::optional);
  c.read("command", ch.command, argv, Key::optional);
  check_placeholders(cx.ck, tmpl, c.key("template"));
  check_placeholders(cx.ck, to, c.key("to"));
  check_placeholders(cx.ck, subject, c.key("subject"));
  check_placeholders(cx.ck, command, c.key("command"));
  c.read("outbox", ch.outbox, AsPath{cx.base_dir}, Key::optional);
  c.read("sendmail", ch.sendmail, argv, Key::optional);
  if (kind) {
    const std::string kind_name = kind->as_string()->get();
    auto need = [&](const toml::node* n, std::string_view name, bool wanted) {
      if (wanted && !n)
        cx.ck.add(c.table().source(), c.key(name), msg("required for channel kind '{}'", kind_name));
      if (!wanted && n)
        cx.ck.add(n->source(), c.key(name), msg("not used by channel kind '{}'", kind_name));
    };
    need(command, "command", ch.kind == ChannelKind::exec);
    need(outbox, "outbox", ch.kind == ChannelKind::letter);
    need(to, "to", ch.kind == ChannelKind::mail);
    if (to && ch.to.empty()) cx.ck.add(to->source(), c.key("to"), msg("must not be empty"));
    if (ch.kind != ChannelKind::mail) {
      need(sendmail, "sendmail", false);
      need(subject, "subject", false);
    }
    if (ch.kind == ChannelKind::mail && ch.sendmail.empty())
      ch.sendmail = {"/usr/sbin/sendmail", "-t"};
  }
  c.finish();
  return ch;
}

// { water = "5", electric = "20" }: each key a meter some fee item reads (domain-rules 3.3).
void entrusted_limits(Section& limits, FeePolicy& f, Context& cx) {
  std::vector<std::string> meters;
  for (const auto& item : f.items)
    if (item.meter) meters.push_back(*item.meter);
  limits.each([&](const toml::key& k, const toml::node& v, const std::string& key) {
    if (cx.items_ok && !contains(meters, k.str())) {
      cx.ck.add(k.source(), key, msg("unknown meter '{}' (fee items read: {})", k.str(), join(meters)));
      return;
    }
    std::optional<std::int64_t> centi;
    if (const auto* str = v.as_string()) centi = parse_area(str->get());
    if (!centi) {
      cx.ck.add(v.source(), key, msg("expected a positive amount such as \"5\" or \"20.5\", got {}", got(v)));
      return;
    }
    f.entrusted_meter_limits[std::string(k.str())] = *centi;
  });
}

FeeItem fee_item(std::string code, Section& it, Context& cx) {
  FeeItem item;
  item.code = std::move(code);
  it.read("name", item.name, as_string);
  const toml::node* basis = it.read("basis", item.basis, as_choice(kBases));
  const std::string basis_name = basis ? std::string(basis->as_string()->get()) : std::string();
  // rate, due_day, due_within and meter: whether each is there matters even when it is wrong.
  const toml::node* rate = it.node("rate", Key::optional);
  it.read("rate", item.rate, as_yuan, Key::optional);
  if (!rate && basis && item.basis != FeeBasis::fixed)
    cx.ck.add(it.table().source(), it.key("rate"), msg("required for basis \"{}\"", basis_name));
  it.read("cycle", item.cycle, as_choice(kCycles), Key::optional);
  const toml::node* due_day = it.node("due_day", Key::optional);
  const toml::node* due_within = it.node("due_within", Key::optional);
  it.read("due_day", item.due_day, AsInt{1, 28}, Key::optional);
  it.read("due_within", item.due_within, as_duration, Key::optional);
  if (!due_day && !due_within)
    cx.ck.add(it.table().source(), it.path(), msg("set due_day or due_within"));
  if (due_day && due_within)
    cx.ck.add(due_within->source(), it.key("due_within"), msg("set only one of due_day and due_within"));
  const toml::node* meter = it.node("meter", Key::optional);
  it.read("meter", item.meter, as_string, Key::optional);
  if (basis && item.basis == FeeBasis::meter && !meter)
    cx.ck.add(it.table().source(), it.key("meter"), msg("required for basis \"{}\"", basis_name));
  if (basis && item.basis != FeeBasis::meter && meter)
    cx.ck.add(meter->source(), it.key("meter"), msg("only for basis \"meter\""));
  it.read("applies_to", item.applies_to, as_string, Key::optional);
  it.finish();
  return item;
}

DunningStage dunning_stage(Section& d, std::vector<std::string>& stages, Rising& rising,
                           const Policy& p, Context& cx) {
  DunningStage st;
  const std::vector<std::string> earlier = stages;
  if (const toml::node* n = d.read("stage", st.stage, as_string)) {
    if (contains(stages, st.stage))
      cx.ck.add(n->source(), d.key("stage"), msg("duplicate value '{}'", st.stage));
    stages.push_back(st.stage);
  }
  std::string anchor;
  if (const toml::node* n = d.read("anchor", anchor, as_string, Key::optional); n && anchor != "oldest_due") {
    // "first:STAGE": the episode's first reminder of an earlier stage (domain-rules 3.5).
    const std::string_view prefix = "first:";
    const std::string named = anchor.starts_with(prefix) ? anchor.substr(prefix.size()) : std::string();
    if (contains(earlier, named))
      st.anchor = named;
    else
      cx.ck.add(n->source(), d.key("anchor"),
                msg("expected \"oldest_due\" or \"first:STAGE\" naming an earlier stage (earlier stages: {}), got '{}'",
                    earlier.empty() ? std::string("-") : join(earlier), anchor));
  }
  // Stages counted from the oldest due date climb in order of `after`; an anchored one follows its anchor.
  if (const toml::node* n = d.read("after", st.after, AsDuration{.same_day = false}); n && (anchor.empty() || anchor == "oldest_due"))
    rising.check(cx.ck, *n, d.key("after"), st.after);
  d.read("repeat", st.repeat, as_length, Key::optional);
  if (const toml::node* n = d.read("channel", st.channel, as_string)) {
    if (cx.channels_ok && !contains(kBuiltInChannels, st.channel) && !p.channels.count(st.channel))
      cx.ck.add(n->source(), d.key("channel"),
                msg("unknown channel '{}' (defined: {}; built-in: {})", st.channel,
                    join_keys(p.channels), join(kBuiltInChannels)));
  }
  if (const toml::node* n = d.read("only_status", st.only_status, as_strings, Key::optional)) {
    for (std::size_t j = 0; j < st.only_status.size(); ++j)
      if (!contains(kUnitStatuses, st.only_status[j]))
        cx.ck.add(n->as_array()->get(j)->source(), index_key(d.key("only_status"), j),
                  msg("unknown unit status '{}' (allowed: {})", st.only_status[j], join(kUnitStatuses)));
  }
  d.read("approve_role", st.approve_role, AsRole{cx}, Key::optional);
  d.finish();
  return st;
}

// An exec or mail command running longer than this blocks the whole `svc fee remind` run.
struct AsTimeout {
  std::optional<Duration> operator()(Checker& ck, const toml::node& n, const std::string& key) const {
    auto t = as_length(ck, n, key);
    if (!t) return t;
    const auto secs = fixed_seconds(*t);
    if (secs && *secs <= 3600) return t;
    ck.add(n.source(), key, msg("must be a fixed length of at most 1h, got '{}'", format_duration(*t)));
    return std::nullopt;
  }
};

void remind(Section& s, RemindPolicy& r) {
  s.read("attempts", r.attempts, AsInt{1, 100});
  s.read("pay_within", r.pay_within, as_length);
  s.read("late_after", r.late_after, as_length);
  s.read("timeout", r.timeout, AsTimeout{});
  s.finish();
}

// Receipt numbers are R2026-000001: the prefix must survive file names and printing.
struct AsReceiptPrefix {
  std::optional<std::string> operator()(Checker& ck, const toml::node& n, const std::string& key) const {
    auto v = as_string(ck, n, key);
    if (!v) return v;
    const bool plain = std::all_of(v->begin(), v->end(), [](char ch) {
      return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
             ch == '-';
    });
    if (plain && v->size() <= 8) return v;
    ck.add(n.source(), key, msg("must be 1 to 8 ASCII letters, digits or '-', got {}", got(n)));
    return std::nullopt;
  }
};

}  // namespace

void Context::check_fee_item(const toml::node& n, const std::string& key,
                             const std::string& code) const {
  if (!items_ok || find_fee_item(policy, code)) return;
  std::vector<std::string> codes;
  for (const auto& item : policy.fee.items) codes.push_back(item.code);
  ck.add(n.source(), key, msg("unknown fee item '{}' (defined: {})", code, join(codes)));
}

void convert_channels(Section& s, Policy& p, Context& cx) {
  s.each([&](const toml::key& k, const toml::node& v, const std::string& key) {
    if (contains(kBuiltInChannels, k.str())) {
      cx.ck.add(k.source(), key, msg("'{}' is a built-in channel and cannot be defined here", k.str()));
      return;
    }
    if (auto c = s.entry(v, key)) p.channels[std::string(k.str())] = channel(*c, cx);
  });
  cx.channels_ok = true;
}

void convert_fee(Section& s, Policy& p, Context& cx) {
  FeePolicy& f = p.fee;
  s.read("receipt_prefix", f.receipt_prefix, AsReceiptPrefix{});
  s.read("max_payment", f.max_payment, as_yuan);
  s.read("max_meter_reading", f.max_meter_reading, as_yuan);
  const toml::node* allocation = s.read("allocation", f.allocation, as_choice(kAllocations));
  const toml::node* priority = s.read("item_priority", f.item_priority, as_strings, Key::optional);
  s.read("late_fee_per_day", f.late_fee_per_day, as_rate);
  s.read("late_fee_cap", f.late_fee_cap, as_rate);
  if (auto factors = s.section("status_factor")) {
    factors->each([&](const toml::key& k, const toml::node& v, const std::string& key) {
      if (!contains(kUnitStatuses, k.str())) {
        cx.ck.add(k.source(), key, msg("unknown unit status '{}' (allowed: {})", k.str(),
                                       join(kUnitStatuses)));
        return;
      }
      if (auto ppm = as_fraction(cx.ck, v, key)) f.status_factor[std::string(k.str())] = *ppm;
    });
  }
  if (auto items = s.section("items")) {
    items->each_table([&](std::string code, Section& it) {
      f.items.push_back(fee_item(std::move(code), it, cx));
    });
    cx.items_ok = true;
  }
  if (auto limits = s.section("entrusted_meter_limits", Key::optional))
    entrusted_limits(*limits, f, cx);
  if (priority)
    for (std::size_t i = 0; i < f.item_priority.size(); ++i)
      cx.check_fee_item(*priority->as_array()->get(i), index_key(s.key("item_priority"), i),
                        f.item_priority[i]);
  if (allocation && f.allocation == Allocation::by_item_priority && f.item_priority.empty())
    cx.ck.add(allocation->source(), s.key("allocation"),
              msg("by_item_priority needs a non-empty fee.item_priority"));
  Rising rising("dunning ladder goes backwards: {} is not after {}");
  std::vector<std::string> stages;
  s.each_row("dunning", [&](Section& d) { f.dunning.push_back(dunning_stage(d, stages, rising, p, cx)); });
  if (auto r = s.section("remind")) remind(*r, f.remind);
  s.finish();
}

}  // namespace svc::policy_convert
