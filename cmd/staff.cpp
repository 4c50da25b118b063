// svc staff: add, list, import, set — who works at the centre and with which role.
#include <fmt/format.h>

#include "commands.hpp"
#include "svc/csv.hpp"
#include "svc/error.hpp"
#include "svc/staff.hpp"

namespace svc::cmd {
namespace {

std::vector<render::Column> columns() {
  return {{"login", std::string(tr("Login")), render::Kind::text, 0},
          {"name", std::string(tr("Name")), render::Kind::text, 16},
          {"role", std::string(tr("Role")), render::Kind::label, 0, render::kHigh},
          {"phone", std::string(tr("Phone")), render::Kind::text, 0, render::kMedium},
          {"active", std::string(tr("Active")), render::Kind::text, 0, render::kLow}};
}


void add_field_options(CLI::App* sub, staff::Fields& f) {
  sub->add_option_function<std::string>("--name", [&f](const std::string& v) { f.name = v; }, std::string(tr("full name")));
  sub->add_option_function<std::string>("--role", [&f](const std::string& v) { f.role = v; },
                                        std::string(tr("role from the policy: technician, frontdesk, assistant, supervisor, manager, director, gm, admin, quality")));
  sub->add_option_function<std::string>("--phone", [&f](const std::string& v) { f.phone = v; }, std::string(tr("phone number (\"\" clears)")));
}

}  // namespace

void register_staff(CLI::App& app, Context& ctx) {
  auto* noun = app.add_subcommand("staff", std::string(tr("staff members and their roles")));
  noun->require_subcommand(1);
  examples(noun,
           "  svc staff add --login wangfang --name 王芳 --role frontdesk --phone 13812345678\n"
           "  svc staff import staff.csv\n  svc staff list --role technician\n"
           "  svc staff set wangfang --role assistant\n  svc staff set lihua --active no");

  struct EditArgs {
    std::string login;
    staff::Fields fields;
  };
  auto aa = std::make_shared<EditArgs>();
  auto* add = verb(noun, ctx, "add", tr("add a staff member"), kWrites);
  add->add_option("--login", aa->login, std::string(tr("login name (letters, digits, _ - .)")))->required();
  add_field_options(add, aa->fields);
  add->get_option("--name")->required();
  add->get_option("--role")->required();
  add->callback([&ctx, aa] {
    ctx.action = [aa](Session& s) {
      const auto st = s.write({"staff.add", "staff:" + aa->login}, [&](Op& op) { return staff::add(op, aa->login, aa->fields); });
      s.note(fmt::format(fmt::runtime(tr("added {} ({}, {})")), st.login, st.name, tr(st.role)));
    };
  });

  auto sa = std::make_shared<EditArgs>();
  auto* set = verb(noun, ctx, "set", tr("change a staff member's name, role, phone or active flag"), kWrites);
  set->add_option("LOGIN", sa->login, std::string(tr("login name")))->required();
  add_field_options(set, sa->fields);
  set->add_option_function<std::string>("--active", [sa](const std::string& v) { sa->fields.active = (v == "yes"); },
                                        std::string(tr("yes or no (no: the person can no longer act)")))
      ->transform(value_set("--active", {"yes", "no"}));
  set->callback([&ctx, sa] {
    ctx.action = [sa](Session& s) {
      const auto st = s.write({"staff.set", "staff:" + sa->login}, [&](Op& op) { return staff::set(op, sa->login, sa->fields); });
      s.note(fmt::format(fmt::runtime(tr("updated {}")), st.login));
    };
  });

  struct ImportArgs {
    std::string file;
    Encoding encoding = Encoding::utf8;
    bool dry_run = false;
  };
  auto ia = std::make_shared<ImportArgs>();
  auto* imp = verb(noun, ctx, "import", tr("add or update staff from CSV, all or nothing"), kWrites);
  imp->add_option("FILE", ia->file, std::string(tr("CSV file, or - for standard input")))->required();
  add_encoding(imp, ia->encoding);
  add_dry_run(imp, ia->dry_run);
  imp->footer(std::string(tr("Columns:")) + " login,name,role,phone[,active]");
  imp->callback([&ctx, ia] {
    ctx.action = [ia](Session& s) {
      const std::string source = ia->file == "-" ? "<stdin>" : ia->file;
      const std::string text =
          decode_input(s.read_input(ia->file), ia->encoding, source);
      const auto r = s.write({"staff.import", source, ia->dry_run},
                             [&](Op& op) { return staff::import_csv(op, text, source); });
      s.note(fmt::format(fmt::runtime(tr(ia->dry_run ? "dry run: would add {}, update {}, leave {} unchanged"
                                                     : "added {}, updated {}, unchanged {}")),
                         r.added, r.updated, r.unchanged));
    };
  });

  struct ListArgs {
    staff::ListFilter filter;
    bool fail_if_any = false;
  };
  auto la = std::make_shared<ListArgs>();
  auto* list = verb(noun, ctx, "list", tr("list staff members"), kReads);
  list->add_option_function<std::string>("--role", [la](const std::string& v) { la->filter.role = v; },
                                         std::string(tr("only this role")));
  list->add_flag("--all", la->filter.include_inactive, std::string(tr("include inactive staff")));
  add_fail_if_any(list, la->fail_if_any);
  list->callback([&ctx, la] {
    ctx.action = [la, &ctx](Session& s) {
      staff::Fields role;
      role.role = la->filter.role;
      staff::check_fields(s.policy(), role);  // a role the policy does not know is a typo
      const bool reveal = s.reveal();
      std::vector<Value> rows;
      for (const auto& st : staff::list(s.db(), la->filter)) rows.push_back(staff::to_value(st, reveal));
      s.print_list(columns(), rows);
      if (la->fail_if_any && !rows.empty()) ctx.status = static_cast<int>(Exit::failure);
    };
  });
}

}  // namespace svc::cmd
