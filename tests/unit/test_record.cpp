// The record kit: short refs, the lifecycle table and its refusal, the filter builder, field
// tables read by column name and written back with audit snapshots, and facts narrated.
#include <doctest/doctest.h>

#include "svc/i18n.hpp"
#include "svc/migrate.hpp"
#include "svc/policy.hpp"
#include "svc/record.hpp"
#include "svc/render/narrate.hpp"

using namespace svc;

namespace {

std::string error_of(auto&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return std::to_string(static_cast<int>(e.code())) + " " + e.what();
  }
  return "no error";
}

// A toy record over the kit, on a table of its own.
struct Note {
  std::int64_t id = 0;
  std::string status;
  std::optional<std::string> phone;
  std::optional<std::int64_t> done_at;
  bool urgent = false;
  std::optional<int> rating;
  std::string ref() const { return "N" + std::to_string(id); }
  static const record::Fields<Note>& fields() {
    static const auto f = SVC_FIELDS(Note, id, status, phone, done_at, urgent, rating);
    return f;
  }
};

const record::Lifecycle& notes() {
  static const record::Lifecycle l({{"start", "start", {"new"}},
                                    {"finish", "finish", {"started"}},
                                    {"drop", "drop", {"new", "started"}, "optional"}});
  return l;
}

}  // namespace

TEST_CASE("record refs: T12, t12 and 12 are ticket 12, anything else names the text and the form") {
  set_lang(Lang::en);
  CHECK(record::parse_ref(record::Kind::ticket, "T12") == 12);
  CHECK(record::parse_ref(record::Kind::ticket, "t12") == 12);
  CHECK(record::parse_ref(record::Kind::ticket, "12") == 12);
  CHECK(error_of([] { record::parse_ref(record::Kind::ticket, "X9"); }) ==
        "64 'X9' is not a ticket (expected T12 or 12)");
  CHECK(error_of([] { record::parse_ref(record::Kind::complaint, "C0"); }) ==
        "64 'C0' is not a complaint (expected C7 or 7)");
  CHECK(error_of([] { record::not_found(record::Kind::visit, 30); }) ==
        "66 unknown visit 'V30' (see 'svc visit list')");
  CHECK(record::ref(record::Kind::patrol, 5) == "P5");
  CHECK(record::by_table("violation")->letter == 'X');
  CHECK(record::by_table("unit") == nullptr);
}

TEST_CASE("record lifecycle: a verb not allowed in a status is refused with the next steps, a condition gates a step") {
  set_lang(Lang::en);
  CHECK(notes().allows("start", "new"));
  CHECK_FALSE(notes().allows("finish", "new"));
  CHECK(notes().next("new") == std::vector<std::string>{"start"});
  CHECK(notes().next("new", {"optional"}) == std::vector<std::string>{"start", "drop"});
  CHECK(error_of([] { notes().require("finish", "N1", "new"); }) ==
        "65 cannot finish N1: it is new (next steps: start)");
  CHECK(error_of([] { notes().require("start", "N1", "done"); }) ==
        "65 cannot start N1: it is done (next steps: none)");
  CHECK(error_of([] { notes().require("drop", "N1", "started", {"optional"}); }) == "no error");
}

TEST_CASE("record Where: only the given filters, each with its own parameter") {
  record::Where w;
  CHECK(w.sql().empty());
  w.equal("t.status", std::optional<std::string>("new")).equal("u.code", std::nullopt).add("t.id > 0");
  CHECK(w.sql() == " WHERE t.status = :t_status AND t.id > 0");
}

TEST_CASE("record fields: a row is read by column name, written back with audit snapshots, shown as JSON") {
  auto db = db::Database::memory();
  db.exec(
      "CREATE TABLE note (id INTEGER PRIMARY KEY, status TEXT NOT NULL, phone TEXT, done_at INTEGER, "
      "urgent INTEGER NOT NULL, rating INTEGER, updated_at INTEGER NOT NULL)");
  db.exec("BEGIN");
  const Policy policy = load_policy(std::nullopt);
  staff::Actor actor;
  actor.staff.login = "tester";
  audit::Entry entry("tester", "svc test", "note.new", "N?");
  Op op{db, policy, actor, 1000, entry};
  Note n;
  n.status = "new";
  n.phone = "13812345678";
  n.urgent = true;
  const auto id = record::insert(op, "note", n, {"status", "phone", "done_at", "urgent", "rating"});
  auto st = db.prepare("SELECT rating, urgent, done_at, phone, status, id FROM note");  // any column order
  REQUIRE(st.step());
  Note back = record::read<Note>(st);
  CHECK(back.id == id);
  CHECK(back.status == "new");
  CHECK(back.urgent);
  CHECK_FALSE(back.rating);
  back.status = "done";
  back.done_at = 86400;
  back.rating = 4;
  record::update(op, "note", back, {"status", "done_at", "rating"});
  CHECK(db.scalar("SELECT rating FROM note") == 4);
  CHECK(db.scalar("SELECT updated_at FROM note") == 1000);
  CHECK_FALSE(entry.empty());
  const Value v = record::to_value(back, 8 * 3600, false, {"urgent"});
  CHECK(v.get("ref").as_string() == "N1");
  CHECK(v.get("phone").as_string() == "138****5678");
  CHECK(v.get("done_at").as_string() == "1970-01-02T08:00:00+08:00");
  CHECK(v.get("rating").as_int() == 4);
  CHECK_FALSE(v.has("urgent"));
  CHECK(record::to_value(back, 0, true).get("phone").as_string() == "13812345678");
}

TEST_CASE("record changes outside a transaction fail loudly (exit 70)") {
  auto db = db::Database::memory();
  db::migrate(db);
  audit::Entry entry("tester", "svc test", "x", "x");
  CHECK(error_of([&] { entry.after(db, "staff", 1); }).starts_with("70 "));
}

TEST_CASE("narrate: facts are worded in the reader's language, older free text is shown as it was") {
  set_lang(Lang::en);
  CHECK(render::narrate_event("callback", R"({"method":"phone","rating":2})", 8 * 3600) == "callback by phone 2/5");
  CHECK(render::narrate_event("reopened", R"({"rating":2,"threshold":2,"to":"wuming"})", 0) ==
        "callback rating 2 (at or below 2) (→ wuming)");
  CHECK(render::narrate_event("done", "更换阀芯", 0) == "更换阀芯");
  CHECK(render::narrate_stored_reason(R"({"code":"ladder","after":"2d"})") ==
        "unresolved 2d after intake");
  set_lang(Lang::zh);
  CHECK(render::narrate_event("callback", R"({"method":"phone","rating":2})", 0) == "电话回访 2/5");
  CHECK(render::narrate_stored_reason(R"({"code":"ladder","after":"2d"})") != "unresolved 2d after intake");
  set_lang(Lang::en);
}
