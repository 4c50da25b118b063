// svc unit: import, list, show, add, set, summary — the homes of the estate.
#include <fmt/format.h>

#include "commands.hpp"
#include "record_view.hpp"
#include "svc/csv.hpp"
#include "svc/db.hpp"
#include "svc/error.hpp"
#include "svc/household.hpp"
#include "svc/money.hpp"
#include "svc/unit.hpp"

namespace svc::cmd {
namespace {

std::vector<render::Column> list_columns() {
  return {{"code", std::string(tr("Unit")), render::Kind::text, 0},
          {"status", std::string(tr("Status")), render::Kind::label, 0, render::kHigh},
          {"area_m2", std::string(tr("Area m²")), render::Kind::integer, 0, render::kMedium},
          {"owner_name", std::string(tr("Owner")), render::Kind::text, 16, render::kHigh},
          {"owner_phone", std::string(tr("Phone")), render::Kind::text, 0, render::kMedium},
          {"tenant_name", std::string(tr("Tenant")), render::Kind::text, 16, render::kMedium},
          {"moved_in", std::string(tr("Moved in")), render::Kind::date, 0, render::kLow}};
}

std::vector<render::Column> record_columns() {
  auto cols = list_columns();
  cols.insert(cols.begin() + 1, {{"building", std::string(tr("Building")), render::Kind::text, 0},
                                 {"entrance", std::string(tr("Entrance")), render::Kind::text, 0},
                                 {"room", std::string(tr("Room")), render::Kind::text, 0}});
  cols.push_back({"tenant_phone", std::string(tr("Tenant phone")), render::Kind::text, 0});
  cols.push_back({"has_parking", std::string(tr("Parking")), render::Kind::text, 0});
  return cols;
}

// `unit show`: the record, then each section that has something (a table, or Markdown); JSON is
// the record with the sections as more keys; CSV is the record alone.
void print_household(Session& s, household::Household h) {
  using render::Kind;
  auto col = [](const char* key, std::string_view header, Kind kind = Kind::text, int width = 0) {
    return render::Column{key, std::string(header), kind, width};
  };
  for (auto* rows : {&h.open_tickets, &h.open_complaints})
    for (auto& r : *rows) r.set("next_due", next_due(r.get("deadline_states")));
  const auto format = s.format();
  if (format == render::Format::json || format == render::Format::csv || format == render::Format::html) {
    s.print_record(format == render::Format::json ? std::vector<render::Column>{} : record_columns(),
                   household::to_value(h));
    return;
  }
  s.print_record(record_columns(), h.unit);
  auto section = [&](std::string_view heading, const std::vector<render::Column>& columns, const std::vector<Value>& rows) {
    if (rows.empty()) return;
    s.out() << '\n' << heading << '\n';
    s.print_list(columns, rows);
  };
  section(tr("Open tickets"),
          {col("ref", tr("Ticket")), col("status", tr("Status"), Kind::label), col("category", tr("Category"), Kind::label),
           col("created_at", tr("Created"), Kind::datetime), col("next_due", tr("Next deadline"), Kind::datetime),
           col("description", tr("Problem"), Kind::text, 16)},
          h.open_tickets);
  section(tr("Open complaints"),
          {col("ref", tr("Complaint")), col("status", tr("Status"), Kind::label),
           col("severity", tr("Severity"), Kind::label), col("received_at", tr("Received"), Kind::datetime),
           col("next_due", tr("Next deadline"), Kind::datetime), col("subject", tr("Subject"), Kind::text, 16)},
          h.open_complaints);
  if (h.balance != 0 || h.oldest_unpaid) {
    // The statement's balance is negative when the household has paid ahead: that is a credit,
    // not a negative debt (the JSON keeps balance_fen as the statement has it).
    Value fees = Value::object();
    const bool credit = h.balance < 0;
    fees.set("amount_fen", Value(static_cast<long long>(credit ? -h.balance : h.balance)));
    fees.set("oldest_unpaid_period", h.oldest_unpaid);
    s.out() << '\n' << tr("Fees") << '\n';
    s.print_record({col("amount_fen", credit ? tr("Prepaid credit") : tr("Balance owed"), Kind::money),
                    col("oldest_unpaid_period", tr("Oldest unpaid month"))},
                   fees);
  }
  if (h.last_reminder) {
    Value r = *h.last_reminder;
    r.set("stage", dunning_stage_label(r.get("stage").as_string()));
    if (r.get("channel").is_string()) r.set("channel", dunning_channel_label(r.get("channel").as_string()));
    section(tr("Last reminder"),
            {col("created_at", tr("Planned"), Kind::datetime), col("stage", tr("Stage")), col("channel", tr("Channel")),
             col("status", tr("Status"), Kind::label), col("reason", tr("Note"), Kind::text, 24)},
            {r});
  }
  if (h.last_rating)
    section(tr("Last rating"),
            {col("done_at", tr("Time"), Kind::datetime), col("kind", tr("Kind"), Kind::label), col("subject", tr("Record")),
             col("rating", tr("Rating"), Kind::integer), col("rating_label", tr("Satisfaction")),
             col("note", tr("Note"), Kind::text, 20)},
            {*h.last_rating});
  section(tr("Open violations"),
          {col("ref", tr("Violation")), col("category", tr("Category"), Kind::label),
           col("severity", tr("Severity"), Kind::label), col("created_at", tr("Recorded"), Kind::datetime),
           col("rectify_by", tr("Rectify by"), Kind::date), col("description", tr("Description"), Kind::text, 16)},
          h.open_violations);
}

// Options shared by add and set: the CSV columns as options.
void add_field_options(CLI::App* sub, unit::Fields& f) {
  auto opt = [&](const char* name, std::optional<std::string>& dst, const char* help) {
    sub->add_option_function<std::string>(name, [&dst](const std::string& v) { dst = v; }, std::string(tr(help)));
  };
  opt("--building", f.building, "building (楼栋); default: from the code");
  opt("--entrance", f.entrance, "entrance (单元); default: from the code");
  opt("--room", f.room, "room (房号); default: from the code");
  opt("--area", f.area_m2, "floor area in m², e.g. 89.37");
  opt("--status", f.status, "occupied, vacant, entrusted or rented");
  opt("--owner", f.owner_name, "owner's name");
  opt("--owner-phone", f.owner_phone, "owner's phone");
  opt("--tenant", f.tenant_name, "tenant's name (rented units)");
  opt("--tenant-phone", f.tenant_phone, "tenant's phone");
  opt("--moved-in", f.moved_in, "move-in date YYYY-MM-DD");
  opt("--parking", f.has_parking, "has a parking space: yes or no");
}

}  // namespace

void register_unit(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("unit", std::string(tr("units (户): import, list, show, add, set, summary")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc unit import units.csv\n  svc unit import export.csv --encoding gbk\n"
           "  svc unit list --building 3 --status vacant\n  svc unit show 3-2-1501\n"
           "  svc unit add --code 3-2-1502 --area 89.37 --status occupied --owner 王芳\n"
           "  svc unit set 3-2-1502 --status rented --tenant 李雷");

  // import
  struct ImportArgs {
    std::string file;
    Encoding encoding = Encoding::utf8;
    bool dry_run = false;
  };
  auto ia = std::make_shared<ImportArgs>();
  auto* imp = verb(noun, ctx, "import", tr("import units from CSV, all or nothing"), kWrites);
  imp->add_option("FILE", ia->file, std::string(tr("CSV file, or - for standard input")))->required();
  add_encoding(imp, ia->encoding);
  add_dry_run(imp, ia->dry_run);
  imp->footer(std::string(tr("Columns:")) + " code,building,entrance,room,area_m2,status,owner_name,owner_phone,"
              "tenant_name,tenant_phone,moved_in,has_parking");
  imp->callback([&ctx, ia] {
    ctx.action = [ia](Session& s) {
      const std::string bytes = s.read_input(ia->file);
      const std::string source = ia->file == "-" ? "<stdin>" : ia->file;
      const std::string text = decode_input(bytes, ia->encoding, source);
      const auto r = s.write({"unit.import", source, ia->dry_run},
                             [&](Op& op) { return unit::import_csv(op, text, source); });
      s.note(fmt::format(fmt::runtime(tr(ia->dry_run ? "dry run: would add {}, update {}, leave {} unchanged"
                                                     : "added {}, updated {}, unchanged {}")),
                         r.added, r.updated, r.unchanged));
    };
  });

  // list
  struct ListArgs {
    unit::ListFilter filter;
    bool fail_if_any = false;
  };
  auto la = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("list units"), kReads);
  list->add_option_function<std::string>("--building", [la](const std::string& v) { la->filter.building = v; },
                                         std::string(tr("only this building")));
  list->add_option_function<std::string>("--status", [la](const std::string& v) { la->filter.status = v; },
                                         std::string(tr("only this status")))
      ->transform(value_set("--status", unit::kStatuses));
  list->add_option_function<std::string>("--search", [la](const std::string& v) { la->filter.search = v; },
                                         std::string(tr("code, owner or tenant contains this text")));
  list->add_option("--limit", la->filter.limit, std::string(tr("at most N units")))->check(CLI::NonNegativeNumber);
  add_fail_if_any(list, la->fail_if_any);
  list->callback([&ctx, la] {
    ctx.action = [la, &ctx](Session& s) {
      const bool reveal = s.reveal();
      std::vector<Value> rows;
      for (const auto& u : unit::list(s.db(), la->filter)) rows.push_back(unit::to_value(u, reveal));
      s.print_list(list_columns(), rows);
      if (la->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });

  // show
  auto code = std::make_shared<std::string>();
  auto* show = verb(noun, ctx, "show",
                    tr("one unit with its open tickets and complaints, what it owes, the last reminder and rating, "
                       "open violations"),
                    kReads);
  show->add_option("UNIT", *code, std::string(tr("unit code, e.g. 3-2-1501")))->required();
  examples(show, "  svc unit show 3-2-1501\n  svc --reveal unit show 3-2-1501\n  svc --json unit show 3-2-1501");
  show->callback([&ctx, code] {
    ctx.action = [code](Session& s) {
      print_household(s, household::read(s.db(), s.policy(), *code, s.now(), s.reveal()));
    };
  });

  // add
  struct EditArgs {
    std::string code;
    unit::Fields fields;
  };
  auto aa = std::make_shared<EditArgs>();
  auto* add = verb(noun, ctx, "add", tr("add one unit"), kWrites);
  add->add_option("--code", aa->code, std::string(tr("unit code building-entrance-room, e.g. 3-2-1501")))->required();
  add_field_options(add, aa->fields);
  add->callback([&ctx, aa] {
    ctx.action = [aa](Session& s) {
      const auto u = s.write({"unit.add", aa->code}, [&](Op& op) { return unit::add(op, aa->code, aa->fields); });
      s.note(fmt::format(fmt::runtime(tr("added unit {}")), u.code));
    };
  });

  // set
  auto sa = std::make_shared<EditArgs>();
  auto* set = verb(noun, ctx, "set", tr("change a unit's fields"), kWrites);
  set->add_option("UNIT", sa->code, std::string(tr("unit code")))->required();
  add_field_options(set, sa->fields);
  set->callback([&ctx, sa] {
    ctx.action = [sa](Session& s) {
      const auto u = s.write({"unit.set", sa->code}, [&](Op& op) { return unit::set(op, sa->code, sa->fields); });
      s.note(fmt::format(fmt::runtime(tr("updated unit {}")), u.code));
    };
  });

  // summary
  auto* summary = verb(noun, ctx, "summary", tr("counts by status and building"), kReads);
  summary->callback([&ctx] {
    ctx.action = [](Session& s) {
      const auto sum = unit::summarize(s.db());
      std::vector<Value> rows;
      auto add_row = [&rows](std::string group, std::string key, std::int64_t n) {
        Value r = Value::object();
        r.set("group", std::move(group));
        r.set("key", std::move(key));
        r.set("units", Value(static_cast<long long>(n)));
        rows.push_back(std::move(r));
      };
      for (const auto& [status, n] : sum.by_status) add_row("status", status, n);
      for (const auto& [building, n] : sum.by_building) add_row("building", building, n);
      if (s.format() == render::Format::table)
        s.out() << fmt::format(fmt::runtime(tr("{}: {} units, {} m² in all")), s.policy().site.name, sum.units,
                               format_area(sum.area_centi))
                << '\n';
      s.print_list({{"group", std::string(tr("Group")), render::Kind::label, 0},
                    {"key", std::string(tr("Item")), render::Kind::label, 0},
                    {"units", std::string(tr("Units")), render::Kind::integer, 0}},
                   rows);
    };
  });
}

}  // namespace svc::cmd
