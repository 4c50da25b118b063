// svc fee: items, bills, billing, meter readings, payments and receipts, late-fee waivers,
// dunning holds, statements, arrears and the collection rate (domain-rules 3).
#include <fmt/format.h>

#include <chrono>

#include "commands.hpp"
#include "svc/csv.hpp"
#include "svc/error.hpp"
#include "svc/fee.hpp"
#include "svc/money.hpp"
#include "svc/record.hpp"
#include "svc/render/receipt.hpp"
#include "svc/when.hpp"

namespace svc::cmd {
namespace {

using render::Kind;

using render::col;

std::vector<render::Column> bill_columns() {
  return {col("id", tr("Bill"), Kind::integer),
          col("unit", tr("Unit")),
          col("item", tr("Item"), Kind::label, 0, render::kHigh),
          col("period", tr("Period"), Kind::text, 0, render::kHigh),
          col("amount_fen", tr("Amount"), Kind::money),
          col("paid_fen", tr("Paid"), Kind::money, 0, render::kMedium),
          col("due_on", tr("Due"), Kind::date, 0, render::kMedium),
          col("status", tr("Status"), Kind::label, 0, render::kHigh)};
}

std::vector<render::Column> payment_columns() {
  return {col("receipt", tr("Receipt")),
          col("paid_at", tr("Paid at"), Kind::datetime, 0, render::kMedium),
          col("unit", tr("Unit")),
          col("method", tr("Method"), Kind::label, 0, render::kHigh),
          col("amount_fen", tr("Amount"), Kind::money),
          col("credit_fen", tr("Credit"), Kind::money, 0, render::kLow),
          col("void", tr("Void"), Kind::text, 0, render::kHigh),
          col("received_by", tr("Received by"), Kind::staff, 0, render::kMedium)};
}

std::vector<render::Column> allocation_columns() {
  return {col("bill", tr("Bill"), Kind::integer), col("item", tr("Item"), Kind::label), col("period", tr("Period")),
          col("amount_fen", tr("Amount"), Kind::money)};
}

// Tables are for people: item codes become the policy's names (水费, not the ticket category
// "water"), meters read 水表/电表 and an open bill reads "unpaid"; json and csv keep the codes.
std::vector<Value> for_people(Session& s, std::vector<Value> rows) {
  const auto f = s.format();
  if (f == render::Format::json || f == render::Format::csv) return rows;
  for (auto& r : rows) {
    if (r.get("item").is_string()) r.set("item", fee::item_name(s.policy(), r.get("item").as_string()));
    if (r.get("status").is_string() && r.get("status").as_string() == "open") r.set("status", "unpaid");
    if (r.get("meter").is_string()) {
      const std::string meter = r.get("meter").as_string() + " meter";  // "water meter" → 水表
      r.set("meter", std::string(tr(meter)));
    }
  }
  return rows;
}

// A progress bar on stderr, only on a terminal and only once the work has taken a second.
fee::Progress progress_bar(Session& s) {
  if (!s.invocation().stderr_is_tty || s.globals().quiet) return {};
  struct State {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    bool shown = false;
  };
  auto state = std::make_shared<State>();
  return [&s, state](std::size_t done, std::size_t total) {
    const bool last = done >= total;
    if (!state->shown && (last || std::chrono::steady_clock::now() - state->start < std::chrono::seconds(1))) return;
    state->shown = true;
    const std::size_t width = 30, filled = total ? done * width / total : width;
    s.err() << '\r' << '[' << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done << '/'
            << total << (last ? "\n" : "") << std::flush;
  };
}

// A summary (svc(1) FORMATS): JSON keeps the rows and their total apart, {"schema", …, "rows",
// "total"}, with rates as numbers; tables and CSV, for people, end with the total as a row named
// in the first column (then any `trailing` rows), and show rates as percentages.
void print_summary(Session& s, const std::vector<render::Column>& columns, const fee::Summary& sum,
                   std::vector<Value> trailing = {}) {
  if (s.format() == render::Format::json) return s.print_record({}, fee::to_value(sum));
  std::vector<Value> rows = sum.rows;
  Value total = Value::object();
  total.set(columns.front().key, "total");
  for (const auto& [key, value] : sum.total.as_object()) total.set(key, value);
  rows.push_back(std::move(total));
  for (auto& r : trailing) rows.push_back(std::move(r));
  for (auto& r : rows)
    for (auto& [key, value] : r.as_object())
      if (value.is_fixed() && value.as_fixed().places == 4)  // a ratio in ten-thousandths: 9231 → 92.31%
        value = Value(fmt::format("{}.{:02}%", value.as_fixed().units / 100, value.as_fixed().units % 100));
  s.print_list(columns, for_people(s, std::move(rows)));
}

void print_payment(Session& s, const fee::Payment& p) {
  const Value v = fee::to_value(p, s.utc_offset());
  s.print_record({col("receipt", tr("Receipt")), col("unit", tr("Unit")), col("amount_fen", tr("Amount"), Kind::money),
                  col("method", tr("Method"), Kind::label), col("paid_at", tr("Paid at"), Kind::datetime),
                  col("allocated_fen", tr("To bills"), Kind::money), col("credit_fen", tr("Prepaid credit"), Kind::money),
                  col("void", tr("Void")), col("void_reason", tr("Reason")), col("payer", tr("Paid by")),
                  col("note", tr("Note")), col("received_by", tr("Received by"), Kind::staff)},
                 v);
  const auto fmt_ = s.format();
  if (fmt_ == render::Format::table || fmt_ == render::Format::md) {
    s.out() << '\n';
    s.print_list(allocation_columns(), for_people(s, v.get("allocations").as_array()));
  }
}

std::optional<std::string> opt(const std::string& v) { return v.empty() ? std::nullopt : std::optional(v); }

}  // namespace

void register_fee(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("fee", std::string(tr("fees (收费): bills, meters, payments, receipts, arrears, collection rate")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc fee bill --period 2026-11\n  svc fee meter import meters-2026-11.csv\n"
           "  svc fee pay --unit 3-2-1501 --amount 1280.50 --method wechat\n"
           "  svc fee receipt R2026-000123 --format html > receipt.html\n"
           "  svc fee arrears --aging\n  svc fee rate --period 2026-11");

  // items
  auto* items = verb(noun, ctx, "items", tr("fee items and rates from the policy"), kReads);
  items->callback([&ctx] {
    ctx.action = [](Session& s) {
      s.print_list({col("code", tr("Code")), col("name", tr("Item name"), Kind::text, 0, render::kHigh),
                    col("basis", tr("Basis"), Kind::label, 0, render::kMedium), col("rate_fen", tr("Rate"), Kind::money),
                    col("cycle", tr("Cycle"), Kind::label, 0, render::kMedium), col("due", tr("Due"), Kind::text, 0, render::kLow),
                    col("meter", tr("Meter"), Kind::text, 0, render::kLow),
                    col("applies_to", tr("Only units with"), Kind::text, 0, render::kLow),
                    col("status_factor", tr("Status factor"), Kind::text, 0, render::kLow)},
                   fee::items(s.policy()));
    };
  });

  // bills
  struct BillsArgs {
    std::string unit, period, item, status;
    int limit = 0;
    bool fail_if_any = false;
  };
  auto ba = std::make_shared<BillsArgs>();
  auto* bills = verb(noun, ctx, "bills", tr("list bills"), kReads);
  bills->add_option("--unit", ba->unit, std::string(tr("only this unit")));
  bills->add_option("--period", ba->period, std::string(tr("only this month, YYYY-MM")));
  bills->add_option("--item", ba->item, std::string(tr("only this fee item")));
  bills->add_option("--status", ba->status, std::string(tr("only this status: open, paid or void")))
      ->transform(value_set("--status", {"open", "paid", "void"}));
  bills->add_option("--limit", ba->limit, std::string(tr("only the last N bills (the latest due)")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(bills, ba->fail_if_any);
  examples(bills, "  svc fee bills --unit 3-2-1501\n  svc fee bills --period 2026-11 --status open --csv");
  bills->callback([&ctx, ba] {
    ctx.action = [ba, &ctx](Session& s) {
      std::vector<Value> rows;
      for (const auto& b : fee::list_bills(s.db(), s.policy(), {opt(ba->unit), opt(ba->period), opt(ba->item), opt(ba->status)}))
        rows.push_back(fee::to_value(b));
      record::keep_newest(rows, ba->limit);
      s.print_list(bill_columns(), for_people(s, rows));
      if (ba->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // bill
  struct BillArgs {
    std::string period, item;
    bool dry_run = false;
  };
  auto bl = std::make_shared<BillArgs>();
  auto* bill = verb(noun, ctx, "bill", tr("bill a month: one bill per unit and fee item, idempotent"), kWrites);
  bill->add_option("--period", bl->period, std::string(tr("the month to bill, YYYY-MM")))->required();
  bill->add_option("--item", bl->item, std::string(tr("only this fee item")));
  add_dry_run(bill, bl->dry_run);
  examples(bill, "  svc fee bill --period 2026-11 --dry-run\n  svc fee bill --period 2026-11\n"
                 "  svc fee bill --period 2026-11 --item parking");
  bill->callback([&ctx, bl] {
    ctx.action = [bl](Session& s) {
      const auto r = s.write({"fee.bill", bl->period, bl->dry_run}, [&](Op& c) {
        return fee::bill_period(c, {bl->period, opt(bl->item), bl->dry_run, progress_bar(s)});
      }, [&](const fee::BillResult& res) {
        if (s.globals().quiet) return;  // cron: silence on success
        std::vector<Value> rows;
        for (const auto& row : res.by_item) {
          Value v = Value::object();
          v.set("item", row.item);
          v.set("created", Value(static_cast<long long>(row.created)));
          v.set("existing", Value(static_cast<long long>(row.existing)));
          v.set("amount_fen", Value(static_cast<long long>(row.amount)));
          rows.push_back(std::move(v));
        }
        s.print_list({col("item", tr("Item"), Kind::label),
                      col("created", bl->dry_run ? tr("Would bill") : tr("Billed"), Kind::integer),
                      col("existing", tr("Already billed"), Kind::integer), col("amount_fen", tr("Amount"), Kind::money)},
                     for_people(s, rows));
      });
      for (const auto& why : r.skipped) s.note(why);
      if (r.created == 0)
        s.note(fmt::format(fmt::runtime(tr("nothing to bill for {}: {} bills exist already")), bl->period, r.existing));
      else
        s.note(fmt::format(fmt::runtime(tr(bl->dry_run ? "dry run: would bill {} bills ({} yuan, {} from repair charges); {} exist already"
                                                       : "billed {} bills ({} yuan, {} from repair charges); {} existed already")),
                           r.created, format_yuan(r.amount), r.charges, r.existing));
      if (r.credit_applied > 0)
        s.note(fmt::format(fmt::runtime(tr("prepaid credit used: {} yuan")), format_yuan(r.credit_applied)));
    };
  });

  // cancel
  struct ReasonArgs {
    std::string target, reason;
  };
  auto ca = std::make_shared<ReasonArgs>();
  auto* cancel = verb(noun, ctx, "cancel", tr("cancel an unpaid bill made in error (supervisor)"), kWrites);
  cancel->add_option("BILL", ca->target, std::string(tr("bill number, e.g. 12")))->required();
  cancel->add_option("--reason", ca->reason, std::string(tr("why")))->required();
  examples(cancel, "  svc fee cancel 12 --reason \"area was wrong\"");
  cancel->callback([&ctx, ca] {
    ctx.action = [ca](Session& s) {
      const auto b = s.write({"fee.cancel", "bill:" + ca->target}, [&](Op& c) { return fee::cancel_bill(c, ca->target, ca->reason); });
      s.note(fmt::format(fmt::runtime(tr("cancelled bill {}")), b.id));
    };
  });

  // meter import / list
  auto* meter = noun->add_subcommand("meter", std::string(tr("meter readings: import, list")));
  meter->require_subcommand(1);
  struct MeterArgs {
    std::string file;
    Encoding encoding = Encoding::utf8;
    bool reset = false, dry_run = false;
  };
  auto ma = std::make_shared<MeterArgs>();
  auto* mimp = verb(meter, ctx, "import", tr("import water and electricity readings; bills the usage"), kWrites);
  mimp->add_option("FILE", ma->file, std::string(tr("CSV file, or - for standard input")))->required();
  add_encoding(mimp, ma->encoding);
  mimp->add_flag("--reset", ma->reset, std::string(tr("accept readings below the last one as new meters (supervisor)")));
  add_dry_run(mimp, ma->dry_run);
  mimp->footer(std::string(tr("Columns:")) + " unit,meter,reading,read_on\n" + std::string(tr("Examples:")) +
               "\n  svc fee meter import meters-2026-11.csv --dry-run\n  svc fee meter import meters-2026-11.csv");
  mimp->callback([&ctx, ma] {
    ctx.action = [ma](Session& s) {
      const std::string source = ma->file == "-" ? "<stdin>" : ma->file;
      const std::string text =
          decode_input(s.read_input(ma->file), ma->encoding, source);
      const auto r = s.write({"fee.meter.import", source, ma->dry_run}, [&](Op& c) {
        return fee::import_meters(c, text, source, ma->reset, ma->dry_run);
      }, [&](const fee::MeterResult& res) {
        std::vector<Value> flagged;
        for (const auto& row : res.rows)
          if (!row.get("flag").is_null() || row.get("reset").as_bool()) flagged.push_back(row);
        if (s.globals().quiet) {
          // cron: nothing on standard output; a reading flagged for a look still needs a person.
          for (const auto& row : flagged)
            if (row.get("flag").is_string())
              s.err() << fmt::format(fmt::runtime(tr("svc: {} {} reading of {}: {}")), row.get("unit").as_string(),
                                     tr(row.get("meter").as_string() + " meter"), row.get("read_on").as_string(),
                                     row.get("flag").as_string())
                      << "\n";
          return;
        }
        s.print_list({col("unit", tr("Unit")), col("meter", tr("Meter")), col("reading", tr("Reading")),
                      col("read_on", tr("Read on"), Kind::date), col("usage", tr("Consumption")),
                      col("amount_fen", tr("Amount"), Kind::money), col("flag", tr("Flag"))},
                     for_people(s, flagged));
      });
      s.note(fmt::format(fmt::runtime(tr(ma->dry_run ? "dry run: would import {} readings ({} baselines, {} resets), {} bills of {} yuan"
                                                     : "imported {} readings ({} baselines, {} resets), {} bills of {} yuan")),
                         r.readings, r.baselines, r.resets, r.bills, format_yuan(r.amount)));
    };
  });
  struct ReadingArgs {
    std::string unit;
    bool flagged = false;
  };
  auto ra = std::make_shared<ReadingArgs>();
  auto* mlist = verb(meter, ctx, "list", tr("list meter readings"), kReads);
  mlist->add_option("--unit", ra->unit, std::string(tr("only this unit")));
  mlist->add_flag("--flagged", ra->flagged, std::string(tr("only readings flagged for a look")));
  mlist->callback([&ctx, ra] {
    ctx.action = [ra](Session& s) {
      s.print_list({col("unit", tr("Unit")), col("meter", tr("Meter")), col("reading", tr("Reading")),
                    col("read_on", tr("Read on"), Kind::date), col("usage", tr("Consumption")),
                    col("bill", tr("Bill"), Kind::integer), col("flag", tr("Flag"))},
                   for_people(s, fee::readings(s.db(), {opt(ra->unit), ra->flagged})));
    };
  });

  // pay
  struct PayArgs {
    fee::PayRequest req;
    std::string period;
  };
  auto pa = std::make_shared<PayArgs>();
  auto* pay = verb(noun, ctx, "pay", tr("take a payment and issue the next receipt"), kWrites);
  pay->add_option("--unit", pa->req.unit, std::string(tr("unit code, e.g. 3-2-1501")))->required();
  pay->add_option("--amount", pa->req.amount, std::string(tr("amount in yuan, e.g. 1280.50")))->required();
  pay->add_option("--method", pa->req.method, std::string(tr("cash, wechat, alipay, bank or card")))->required();
  pay->add_option("--bill", pa->req.bills, std::string(tr("pay these bills first (repeatable)")));
  pay->add_option("--period", pa->period, std::string(tr("pay this month's bills first, YYYY-MM")));
  pay->add_option_function<std::string>("--payer", [pa](const std::string& v) { pa->req.payer = v; },
                                        std::string(tr("who paid, if not the owner")));
  pay->add_option_function<std::string>("--note", [pa](const std::string& v) { pa->req.note = v; },
                                        std::string(tr("a note printed on the receipt")));
  pay->add_option_function<std::string>("--ref", [pa](const std::string& v) { pa->req.ref = v; },
                                        std::string(tr("the transaction reference (bank, WeChat, Alipay): a retry with "
                                                       "the same one returns the first receipt")));
  examples(pay, "  svc fee pay --unit 3-2-1501 --amount 1280.50 --method wechat\n"
                "  svc fee pay --unit 3-2-1501 --amount 300 --method cash --period 2026-10 --payer 李雷\n"
                "  svc fee pay --unit 3-2-1501 --amount 1280.50 --method wechat --ref 4200001234202611230001");
  pay->callback([&ctx, pa] {
    ctx.action = [pa](Session& s) {
      pa->req.period = opt(pa->period);
      const auto p = s.write({"fee.pay", pa->req.unit}, [&](Op& c) { return fee::pay(c, pa->req); },
                             [&](const fee::Payment& paid) { print_payment(s, paid); });
      if (p.repeat) {
        s.note(fmt::format(fmt::runtime(tr("{}: this payment (--ref {}) was recorded before; nothing new was taken")),
                           p.receipt, p.ref.value_or("")));
        return;
      }
      s.note(fmt::format(fmt::runtime(tr("{}: {} yuan received, {} to {} bills, {} kept as prepaid credit")), p.receipt,
                         format_yuan(p.amount), format_yuan(p.amount - p.credit), p.allocations.size(),
                         format_yuan(p.credit)));
    };
  });

  // void
  auto va = std::make_shared<ReasonArgs>();
  auto* vd = verb(noun, ctx, "void", tr("void a receipt: reverses its allocations, keeps its number (supervisor)"), kWrites);
  vd->add_option("RECEIPT", va->target, std::string(tr("receipt number, e.g. R2026-000123, or 123 for this year's")))->required();
  vd->add_option("--reason", va->reason, std::string(tr("why")))->required();
  examples(vd, "  svc fee void R2026-000123 --reason \"wrong unit\"");
  vd->callback([&ctx, va] {
    ctx.action = [va](Session& s) {
      const auto p = s.write({"fee.void", va->target}, [&](Op& c) { return fee::void_payment(c, va->target, va->reason); });
      s.note(fmt::format(fmt::runtime(tr("voided {} ({} yuan); its bills are open again")), p.receipt, format_yuan(p.amount)));
    };
  });

  // receipt
  auto rc = std::make_shared<std::string>();
  auto* receipt = verb(noun, ctx, "receipt", tr("show a receipt; --format html prints it"), kReads);
  receipt->add_option("RECEIPT", *rc, std::string(tr("receipt number, e.g. R2026-000123, or 123 for this year's")))->required();
  examples(receipt, "  svc fee receipt R2026-000123\n  svc fee receipt 123              # this year's R…-000123\n  svc fee receipt R2026-000123 --format html > receipt.html");
  receipt->callback([&ctx, rc] {
    ctx.action = [rc](Session& s) {
      const auto p = fee::get_payment(s.db(), *rc, local_date(s.now(), s.utc_offset()).year);
      if (s.format() == render::Format::html)
        render::write_receipt_html(s.out(), fee::receipt_document(s.db(), s.policy(), p));
      else
        print_payment(s, p);
    };
  });

  // payments (daily ledger)
  struct LedgerArgs {
    std::string date;
    bool by_method = false;
  };
  auto la = std::make_shared<LedgerArgs>();
  auto* payments = verb(noun, ctx, "payments", tr("the day's payments (收费台帐), by method"), kReads);
  payments->add_option("--date", la->date, std::string(tr("the day, e.g. 昨天, 周五, 2026-12-01 (default: today)")));
  payments->add_flag("--by-method", la->by_method, std::string(tr("only the totals by method")));
  examples(payments, "  svc fee payments\n  svc fee payments --date 2026-11-23 --by-method --csv");
  payments->callback([&ctx, la] {
    ctx.action = [la](Session& s) {
      Date day = local_date(s.now(), s.utc_offset());
      if (!la->date.empty()) {
        day = when::require_day("--date", la->date, when::context(s.policy(), s.now()), when::Look::back);
      }
      const auto list = fee::payments_on(s.db(), day);
      const std::vector<render::Column> totals = {col("method", tr("Method"), Kind::label),
                                                  col("payments", tr("Payments"), Kind::integer),
                                                  col("amount_fen", tr("Amount"), Kind::money)};
      auto by_method = fee::ledger_by_method(list);
      by_method.about = {{"date", Value(format_date(day))}};
      if (la->by_method) return print_summary(s, totals, by_method);
      std::vector<Value> rows;
      for (const auto& p : list) rows.push_back(fee::to_value(p, s.utc_offset()));
      s.print_list(payment_columns(), rows);
      if (s.format() == render::Format::table || s.format() == render::Format::md) {
        s.out() << '\n';
        print_summary(s, totals, by_method);
      }
    };
  });

  // statement
  auto su = std::make_shared<std::string>();
  auto* statement = verb(noun, ctx, "statement", tr("a unit's bills, payments, credit and balance"), kReads);
  statement->add_option("UNIT", *su, std::string(tr("unit code, e.g. 3-2-1501")))->required();
  examples(statement, "  svc fee statement 3-2-1501\n  svc fee statement 3-2-1501 --now 2026-10-31T23:59 --json");
  statement->callback([&ctx, su] {
    ctx.action = [su](Session& s) {
      const Value st = fee::statement(s.db(), s.policy(), *su, s.now());
      const std::vector<render::Column> summary = {
          col("unit", tr("Unit")), col("owner", tr("Owner")), col("contact", tr("Contact")),
          col("as_of", tr("As of"), Kind::datetime), col("billed_fen", tr("Billed"), Kind::money),
          col("paid_fen", tr("Paid"), Kind::money), col("overdue_fen", tr("Overdue amount"), Kind::money),
          col("late_fee_fen", tr("Late fee"), Kind::money), col("credit_fen", tr("Prepaid credit"), Kind::money),
          col("balance_fen", tr("Balance"), Kind::money)};
      const auto f = s.format();
      if (f == render::Format::json) return s.print_record(summary, st);
      if (f == render::Format::csv) return s.print_list(bill_columns(), st.get("bills").as_array());
      s.print_record(summary, st);
      s.out() << '\n';
      s.print_list(bill_columns(), for_people(s, st.get("bills").as_array()));
      s.out() << '\n';
      s.print_list(payment_columns(), st.get("payments").as_array());
    };
  });

  // arrears
  struct ArrearsArgs {
    std::int64_t min_days = 0;
    bool aging = false, fail_if_any = false;
  };
  auto aa = std::make_shared<ArrearsArgs>();
  auto* arrears = verb(noun, ctx, "arrears", tr("units with bills past due: amount, oldest due, days overdue"), kReads);
  arrears->add_option("--min-days", aa->min_days, std::string(tr("only units overdue at least N days")))
      ->check(CLI::NonNegativeNumber);
  arrears->add_flag("--aging", aa->aging, std::string(tr("totals by age: 0-30, 31-90, 91-180, 181-365, >365 days")));
  add_fail_if_any(arrears, aa->fail_if_any);
  examples(arrears, "  svc fee arrears\n  svc fee arrears --min-days 90 --csv\n"
                    "  svc fee arrears --aging --now 2026-06-30T23:59");
  arrears->callback([&ctx, aa] {
    ctx.action = [aa, &ctx](Session& s) {
      const auto rows = fee::arrears(s.db(), s.policy(), s.now(), aa->min_days);
      if (aa->aging) {
        auto summary = fee::aging(rows);
        summary.about = {{"as_of", Value(format_iso(s.now(), s.utc_offset()))}};
        print_summary(s, {col("bucket", tr("Days overdue"), Kind::label), col("units", tr("Units"), Kind::integer),
                          col("amount_fen", tr("Amount"), Kind::money), col("share", tr("Share"))},
                      summary);
      } else {
        std::vector<Value> values;
        for (const auto& r : rows) {
          Value v = fee::to_value(r);
          if (v.get("stage").is_string() && s.format() != render::Format::json && s.format() != render::Format::csv)
            v.set("stage", dunning_stage_label(v.get("stage").as_string()));
          values.push_back(std::move(v));
        }
        s.print_list({col("unit", tr("Unit")), col("owner", tr("Owner"), Kind::text, 16, render::kHigh),
                      col("contact", tr("Contact"), Kind::text, 16, render::kLow), col("amount_fen", tr("Amount"), Kind::money),
                      col("oldest_due_on", tr("Oldest due"), Kind::date, 0, render::kMedium),
                      col("days_overdue", tr("Days overdue"), Kind::integer, 0, render::kHigh),
                      col("late_fee_fen", tr("Late fee"), Kind::money, 0, render::kMedium),
                      col("stage", tr("Stage"), Kind::text, 0, render::kMedium),
                      col("hold_until", tr("On hold until"), Kind::date, 0, render::kLow)},
                     values);
      }
      if (aa->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // rate
  auto rp = std::make_shared<std::string>();
  auto* rate = verb(noun, ctx, "rate", tr("collection rate (收缴率) of a month's bills, by item"), kReads);
  rate->add_option("--period", *rp, std::string(tr("the billed month, YYYY-MM")))->required();
  examples(rate, "  svc fee rate --period 2026-11\n  svc fee rate --period 2026-10 --now 2026-10-31T23:59 --json");
  rate->callback([&ctx, rp] {
    ctx.action = [rp](Session& s) {
      const auto summary = fee::collection_rate(s.db(), *rp, s.now(), s.utc_offset());
      Value recovered = Value::object();  // for people, a last row: arrears of earlier periods paid this month
      recovered.set("item", "arrears_recovered");
      for (const auto& [key, value] : summary.about)
        if (key == "arrears_recovered_fen") recovered.set("collected_fen", value);
      print_summary(s, {col("item", tr("Item"), Kind::label), col("bills", tr("Bills"), Kind::integer),
                        col("billed_fen", tr("Billed"), Kind::money), col("collected_fen", tr("Collected"), Kind::money),
                        col("outstanding_fen", tr("Outstanding"), Kind::money), col("rate", tr("Collection rate"))},
                    summary, {std::move(recovered)});
    };
  });

  // waive
  auto wa = std::make_shared<ReasonArgs>();
  auto* waive = verb(noun, ctx, "waive", tr("waive a unit's late fees (supervisor)"), kWrites);
  waive->add_option("UNIT", wa->target, std::string(tr("unit code, e.g. 3-2-1501")))->required();
  waive->add_option("--reason", wa->reason, std::string(tr("why")))->required();
  examples(waive, "  svc fee waive 3-2-1501 --reason \"water leak dispute settled\"");
  waive->callback([&ctx, wa] {
    ctx.action = [wa](Session& s) {
      const auto n = s.write({"fee.waive", wa->target}, [&](Op& c) { return fee::waive(c, wa->target, wa->reason); });
      s.note(fmt::format(fmt::runtime(tr("late fees waived on {} bills of {}")), n, wa->target));
    };
  });

  // hold / holds
  struct HoldArgs {
    std::string unit, until, reason;
    bool lift = false;
  };
  auto ha = std::make_shared<HoldArgs>();
  auto* hold = verb(noun, ctx, "hold", tr("hold dunning for a unit until a date, or --lift it (supervisor)"), kWrites);
  hold->add_option("UNIT", ha->unit, std::string(tr("unit code, e.g. 3-2-1501")))->required();
  hold->add_option("--until", ha->until, std::string(tr("last day of the hold, e.g. 12/31, +30d, 2026-12-31")));
  hold->add_option("--reason", ha->reason, std::string(tr("why: a dispute, a payment plan")));
  auto* lift = hold->add_flag("--lift", ha->lift, std::string(tr("end the hold now")));
  lift->excludes(hold->get_option("--until"));
  examples(hold, "  svc fee hold 3-2-1501 --until 2027-01-31 --reason \"payment plan: 3 instalments\"\n"
                 "  svc fee hold 3-2-1501 --lift");
  hold->callback([&ctx, ha] {
    ctx.action = [ha](Session& s) {
      if (!ha->lift && ha->until.empty()) fail(Exit::usage, "--until is required (or --lift to end a hold)");
      if (!ha->lift && ha->reason.empty()) fail(Exit::usage, "--reason is required: say why dunning is held");
      const auto h = s.write({ha->lift ? "fee.hold.lift" : "fee.hold", ha->unit}, [&](Op& c) {
        return ha->lift ? fee::lift_hold(c, ha->unit) : fee::hold(c, ha->unit, ha->until, ha->reason);
      });
      s.note(fmt::format(fmt::runtime(tr(ha->lift ? "dunning of {} resumes (the hold until {} is lifted)"
                                                  : "dunning of {} is held until {}")),
                         h.unit, h.until));
    };
  });
  auto* holds = verb(noun, ctx, "holds", tr("units whose dunning is held today"), kReads);
  holds->callback([&ctx] {
    ctx.action = [](Session& s) {
      std::vector<Value> rows;
      for (const auto& h : fee::active_holds(s.db(), local_date(s.now(), s.utc_offset())))
        rows.push_back(fee::to_value(h, s.utc_offset()));
      s.print_list({col("unit", tr("Unit")), col("until", tr("Until"), Kind::date), col("reason", tr("Reason"), Kind::text, 0, render::kHigh),
                    col("by", tr("By"), Kind::staff, 0, render::kMedium)},
                   rows);
    };
  });
  register_dunning(noun, ctx);
}

}  // namespace svc::cmd
