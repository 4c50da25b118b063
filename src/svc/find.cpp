// svc find: a query per kind (units, tickets, complaints, receipts), merged.
#include "svc/find.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "svc/alias.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/money.hpp"
#include "svc/privacy.hpp"
#include "svc/record.hpp"
#include "svc/render/render.hpp"

namespace svc::find {
namespace {

// A stored phone as digits only: what the last digits typed are compared with.
std::string digits_of(std::string_view column) {
  return fmt::format("replace(replace(replace({}, '-', ''), '+', ''), ' ', '')", column);
}

// The end of a phone, when the text is nothing but digits (and the '-' or spaces people type
// between them): 4 digits or more.
std::optional<std::string> phone_digits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(c);
    else if (c != '-' && c != ' ' && !(c == '+' && out.empty())) return std::nullopt;
  }
  if (out.size() < kMinPhoneDigits) return std::nullopt;
  return out;
}

std::string normalize(std::string_view text) {
  const std::string out = alias::nfkc(text);
  // NFKC turns the ideographic space (U+3000) into a plain one: both are trimmed.
  const auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

std::string phone_shown(const std::optional<std::string>& phone, bool reveal) {
  return phone ? record::masked(*phone, reveal) : std::string();
}

std::string joined(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : " · ") + p;
  return out;
}

// Binds what every query below uses; :limit asks for one row more than shown, to tell `more`.
void bind_query(db::Statement& st, const Query& q, int limit) {
  st.bind(":like", record::like_contains(q.text));
  st.bind(":suffix", q.digits ? std::optional<std::string>("%" + *q.digits) : std::nullopt);
  st.bind(":limit", limit > 0 ? limit + 1 : -1);
}

constexpr std::string_view kLike = " LIKE :like ESCAPE '\\'";

std::vector<Hit> units(db::Database& db, const Query& q, int limit, bool reveal) {
  const std::string sql = fmt::format(
      "SELECT * FROM (SELECT u.code, u.status, u.owner_name, u.owner_phone, u.tenant_name, u.tenant_phone, "
      "u.building, u.entrance, u.room, CASE "
      "WHEN u.code LIKE :prefix ESCAPE '\\' THEN 'code' "
      "WHEN u.owner_name{0} THEN 'owner_name' WHEN u.tenant_name{0} THEN 'tenant_name' "
      "WHEN {1} LIKE :suffix THEN 'owner_phone' WHEN {2} LIKE :suffix THEN 'tenant_phone' END AS matched "
      "FROM unit u) WHERE matched IS NOT NULL "
      "ORDER BY lower(code) <> lower(:text), CAST(building AS INTEGER), building, CAST(entrance AS INTEGER), entrance, "
      "CAST(room AS INTEGER), room LIMIT :limit",
      kLike, digits_of("u.owner_phone"), digits_of("u.tenant_phone"));
  auto st = db.prepare(sql);
  bind_query(st, q, limit);
  std::string prefix = record::like_contains(q.text);
  prefix.erase(0, 1);  // the code starts with the text
  st.bind(":prefix", prefix).bind(":text", q.text);
  std::vector<Hit> out;
  while (st.step()) {
    Hit h;
    h.kind = "unit";
    h.ref = st.text(0);
    h.unit = h.ref;
    h.status = st.text(1);
    h.matched = st.text(9);
    const auto owner_phone = st.opt_text(3), tenant = st.opt_text(4), tenant_phone = st.opt_text(5);
    const auto& phone = h.matched == "tenant_phone" || (!owner_phone && tenant_phone) ? tenant_phone : owner_phone;
    if (phone) h.phone = phone_shown(phone, reveal);
    h.summary = joined({st.text(2) + (tenant ? " / " + *tenant : std::string()), h.phone.value_or("")});
    out.push_back(std::move(h));
  }
  return out;
}

// Tickets and complaints, one shape: id, status, unit, phone, at, matched, then up to three
// parts of the summary. `from` selects them from its table with those columns, unfiltered.
std::vector<Hit> records(db::Database& db, const Query& q, int limit, bool reveal, record::Kind kind,
                         std::string_view name, const std::string& from) {
  auto st = db.prepare("SELECT * FROM (" + from + ") WHERE matched IS NOT NULL ORDER BY at DESC, id DESC LIMIT :limit");
  bind_query(st, q, limit);
  std::vector<Hit> out;
  while (st.step()) {
    Hit h;
    h.kind = std::string(name);
    h.ref = record::ref(kind, st.integer(0));
    h.status = st.text(1);
    h.unit = st.opt_text(2);
    if (auto p = st.opt_text(3)) h.phone = phone_shown(p, reveal);
    h.at = st.integer(4);
    h.matched = st.text(5);
    h.summary = joined({st.opt_text(6).value_or(""), st.opt_text(7).value_or(""), st.opt_text(8).value_or("")});
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<Hit> tickets(db::Database& db, const Query& q, int limit, bool reveal) {
  return records(db, q, limit, reveal, record::Kind::ticket, "ticket",
                 fmt::format("SELECT t.id, t.status, u.code, t.phone, t.created_at AS at, CASE WHEN t.description{0} "
                             "THEN 'description' WHEN t.location{0} THEN 'location' WHEN t.reporter{0} THEN 'reporter' "
                             "WHEN {1} LIKE :suffix THEN 'phone' END AS matched, t.location, t.description, t.reporter "
                             "FROM ticket t LEFT JOIN unit u ON u.id = t.unit_id",
                             kLike, digits_of("t.phone")));
}

std::vector<Hit> complaints(db::Database& db, const Query& q, int limit, bool reveal) {
  return records(db, q, limit, reveal, record::Kind::complaint, "complaint",
                 fmt::format("SELECT c.id, c.status, u.code, c.phone, c.received_at AS at, CASE WHEN c.subject{0} "
                             "THEN 'subject' WHEN c.details{0} THEN 'details' WHEN c.complainant{0} THEN 'complainant' "
                             "WHEN {1} LIKE :suffix THEN 'phone' END AS matched, c.subject, c.complainant, NULL "
                             "FROM complaint c JOIN unit u ON u.id = c.unit_id",
                             kLike, digits_of("c.phone")));
}

std::vector<Hit> receipts(db::Database& db, const Query& q, int limit) {
  const std::string sql = fmt::format(
      "SELECT * FROM (SELECT p.id, p.receipt, u.code AS unit, p.amount_fen, p.method, p.payer, p.paid_at AS at, "
      "p.voided_at, CASE WHEN p.receipt{0} THEN 'receipt' WHEN p.ref = :text THEN 'ref' WHEN p.payer{0} THEN 'payer' "
      "END AS matched FROM payment p JOIN unit u ON u.id = p.unit_id) WHERE matched IS NOT NULL "
      "ORDER BY at DESC, id DESC LIMIT :limit",
      kLike);
  auto st = db.prepare(sql);
  st.bind(":like", record::like_contains(q.text)).bind(":text", q.text).bind(":limit", limit > 0 ? limit + 1 : -1);
  std::vector<Hit> out;
  while (st.step()) {
    Hit h;
    h.kind = "receipt";
    h.ref = st.text(1);
    h.unit = st.text(2);
    h.status = st.is_null(7) ? "valid" : "void";
    h.matched = st.text(8);
    h.summary = joined({format_yuan(st.integer(3)) + " " + std::string(tr(st.text(4))), st.opt_text(5).value_or("")});
    h.at = st.integer(6);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace

Query parse(std::string_view text) {
  Query q;
  q.text = normalize(text);
  if (render::display_width(q.text) < kMinWidth)
    fail(Exit::usage,
         "search text '{}' is too short: give at least 3 letters or digits, or 2 Chinese characters (a phone: its "
         "last 4 digits or more)",
         q.text);
  q.digits = phone_digits(q.text);
  return q;
}

Found search(db::Database& db, const Query& q, int limit, bool reveal) {
  Found f;
  f.hits = units(db, q, limit, reveal);
  std::vector<Hit> records;
  for (auto part : {tickets(db, q, limit, reveal), complaints(db, q, limit, reveal), receipts(db, q, limit)})
    std::move(part.begin(), part.end(), std::back_inserter(records));
  // Newest first; on the same second, in kKinds order (the sort is stable).
  std::stable_sort(records.begin(), records.end(), [](const Hit& a, const Hit& b) { return *a.at > *b.at; });
  std::move(records.begin(), records.end(), std::back_inserter(f.hits));
  if (limit > 0 && f.hits.size() > static_cast<std::size_t>(limit)) {
    f.hits.resize(static_cast<std::size_t>(limit));
    f.more = true;
  }
  return f;
}

Value to_value(const Hit& h, int utc_offset) {
  Value v = Value::object();
  v.set("kind", h.kind);
  v.set("ref", h.ref);
  v.set("unit", h.unit);
  v.set("status", h.status);
  v.set("matched", h.matched);
  v.set("summary", h.summary);
  v.set("phone", h.phone);
  v.set("at", h.at ? Value(format_iso(*h.at, utc_offset)) : Value());
  return v;
}

}  // namespace svc::find
