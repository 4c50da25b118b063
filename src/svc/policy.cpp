// Policy loading: the site file is deep-merged onto the built-in default (examples/policy.toml),
// then every section is type-checked and converted by its domain's converter (*_policy.cpp);
// problems carry file:line:col (policy.md). Also the canonical text and hash, and `explain`.
#include "svc/policy.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <sstream>

#include "svc/embedded.hpp"
#include "svc/error.hpp"
#include "svc/i18n.hpp"
#include "svc/policy_convert.hpp"
#include "svc/policy_keys.hpp"
#include "svc/sha256.hpp"
#include "svc/text.hpp"
#include "svc/value.hpp"

namespace svc {

// The merged (effective) table and the default it was merged onto; explain_key reads both.
struct PolicyDocument {
  toml::table effective;
  toml::table defaults;
  mutable std::once_flag hashed;
  mutable std::string hash;
};

Policy policy_convert::convert_policy(Checker& ck, const toml::table& root,
                                      const std::filesystem::path& base_dir) {
  Policy p;
  Context cx{ck, base_dir, p};
  Section top(ck, root, "");
  // Declared in documentation order for the "allowed:" list; read in dependency order below.
  for (std::string_view k : {"schema", "site", "calendar", "ticket", "complaint", "fee",
                             "channels", "visit", "patrol", "violation", "desk", "targets", "roles"})
    top.node(k, Key::optional);
  convert_schema(top, p, cx);
  if (auto s = top.section("site")) convert_site(*s, p, cx);
  if (auto s = top.section("calendar")) convert_calendar(*s, p, cx);
  p.calendar.utc_offset = p.site.utc_offset;
  if (auto s = top.section("roles")) convert_roles(*s, p, cx);
  if (auto s = top.section("channels")) convert_channels(*s, p, cx);
  if (auto s = top.section("fee")) convert_fee(*s, p, cx);
  if (auto s = top.section("ticket")) convert_ticket(*s, p, cx);
  if (auto s = top.section("complaint")) convert_complaint(*s, p, cx);
  if (auto s = top.section("visit")) convert_visit(*s, p, cx);
  if (auto s = top.section("patrol")) convert_patrol(*s, p, cx);
  if (auto s = top.section("violation")) convert_violation(*s, p, cx);
  if (auto s = top.section("desk")) convert_desk(*s, p, cx);
  if (auto s = top.section("targets")) convert_targets(*s, p, cx);
  top.finish();
  return p;
}

namespace {

using toml_check::msg;

constexpr std::string_view kBuiltIn = "built-in";

// ---- parsing, merging, printing --------------------------------------------------------------

toml::table parse_text(std::string_view text, std::string_view source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source();
    std::string desc(e.description());
    if (desc.find("utf-8") != std::string::npos || desc.find("UTF-8") != std::string::npos)
      desc = msg("the policy file is not valid UTF-8 ({}); save it as UTF-8", desc);
    throw Error(Exit::config, fmt::format("{}:{}:{}: {}", source_name, where.begin.line,
                                          where.begin.column, desc));
  }
}

std::string dotted(const std::vector<std::string>& path) { return join(path, "."); }

// Paths of the tables the default writes inline (`callback_class = { ... }`): single values
// that a site file replaces whole.
void collect_inline(const toml::table& t, std::vector<std::string>& path,
                    std::set<std::string>& out) {
  for (const auto& [k, v] : t) {
    if (const auto* sub = v.as_table()) {
      path.emplace_back(k.str());
      if (sub->is_inline()) out.insert(dotted(path));
      else collect_inline(*sub, path, out);
      path.pop_back();
    }
  }
}

// Deep merge: tables merge key by key; arrays (arrays of tables included), scalars and the
// default's inline tables are replaced whole. The override's nodes are moved in, so their source
// positions survive for error messages.
void merge_into(toml::table& base, toml::table& over, std::vector<std::string>& path,
                const std::set<std::string>& atomic) {
  for (auto&& [k, v] : over) {
    path.emplace_back(k.str());
    toml::node* b = base.get(k.str());
    if (b && b->is_table() && v.is_table() && !atomic.count(dotted(path))) {
      merge_into(*b->as_table(), *v.as_table(), path, atomic);
    } else {
      base.erase(k.str());
      base.insert(k, std::move(v));
    }
    path.pop_back();
  }
}

// One spelling per meaning, so that the text (and the hash) depends on the values only:
// the atomic tables inline, every other table (array elements included) as a [section].
void canonicalize(toml::table& t, std::vector<std::string>& path,
                  const std::set<std::string>& atomic) {
  for (auto&& [k, v] : t) {
    path.emplace_back(k.str());
    if (auto* sub = v.as_table()) {
      const bool inline_table = atomic.count(dotted(path)) > 0;
      sub->is_inline(inline_table);
      if (!inline_table) canonicalize(*sub, path, atomic);
    } else if (auto* arr = v.as_array()) {
      for (auto& e : *arr)
        if (auto* et = e.as_table()) {
          et->is_inline(false);
          canonicalize(*et, path, atomic);
        }
    }
    path.pop_back();
  }
}

// Fractions print as the exact ppm value they were read as (0.7, not 0.69999999999999996).
void normalize_fractions(toml::table& root, const Policy& p) {
  auto fix = [](toml::table* t, const std::map<std::string, Ppm>& values) {
    if (!t) return;
    for (const auto& [k, ppm] : values)
      t->insert_or_assign(k, static_cast<double>(ppm) / 1e6);
  };
  if (auto* fee = root.get_as<toml::table>("fee"))
    fix(fee->get_as<toml::table>("status_factor"), p.fee.status_factor);
  fix(root.get_as<toml::table>("targets"), p.targets);
}

constexpr toml::format_flags kFormat =
    (toml::toml_formatter::default_flags | toml::format_flags::relaxed_float_precision) &
    ~(toml::format_flags::allow_literal_strings | toml::format_flags::indent_sub_tables);

std::string to_toml(const toml::node& n) {
  std::ostringstream os;
  os << toml::toml_formatter(n, kFormat);
  return os.str();
}

toml::table default_table() { return parse_text(embedded::default_policy(), kBuiltIn); }

Policy build(std::optional<std::string_view> user_text, std::string_view source_name,
             const std::filesystem::path& base_dir) {
  auto doc = std::make_shared<PolicyDocument>();
  // The built-in text is parsed once (issue 19); the merge and its checks work on the parsed
  // table, whose nodes know their lines (a copy's do not), and the defaults kept for `policy
  // explain` are a copy of it.
  toml::table merged = default_table();
  doc->defaults = merged;
  std::set<std::string> atomic;
  std::vector<std::string> path;
  collect_inline(doc->defaults, path, atomic);

  if (user_text) {
    toml::table over = parse_text(*user_text, source_name);
    merge_into(merged, over, path, atomic);
  }

  toml_check::Checker ck{std::string(source_name)};
  Policy p = policy_convert::convert_policy(ck, merged, base_dir);
  if (!ck.ok()) ck.raise();

  canonicalize(merged, path, atomic);
  normalize_fractions(merged, p);
  doc->effective = std::move(merged);
  p.source = std::string(source_name);
  p.document = std::move(doc);
  return p;
}

// ---- explanation -----------------------------------------------------------------------------

const toml::node* node_at(const toml::table& root, const std::vector<std::string>& parts) {
  const toml::node* n = &root;
  for (const auto& part : parts) {
    const auto* t = n->as_table();
    if (!t) return nullptr;
    n = t->get(part);
    if (!n) return nullptr;
  }
  return n;
}

// A node as TOML: values as written on the right of `=`; tables and arrays of tables wrapped in
// their full path so their headers read as in the policy file.
std::string node_text(const toml::node* n, const std::vector<std::string>& parts) {
  if (!n) return {};
  const auto* arr = n->as_array();
  if (!n->is_table() && !(arr && !arr->empty() && arr->is_array_of_tables())) {
    std::string s = to_toml(*n);
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }
  toml::table root;
  toml::table* cur = &root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    cur->insert(parts[i], toml::table{});
    cur = cur->get_as<toml::table>(parts[i]);
  }
  n->visit([&](const auto& v) { cur->insert(parts.back(), v); });
  std::string s = to_toml(root);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}


}  // namespace

// ---- public API ------------------------------------------------------------------------------

const std::string& Policy::hash() const {
  static const std::string none;
  if (!document) return none;
  std::call_once(document->hashed, [this] { document->hash = sha256_hex(to_toml(document->effective)); });
  return document->hash;
}

Policy load_policy(const std::optional<std::filesystem::path>& file) {
  if (!file) return build(std::nullopt, kBuiltIn, {});
  std::error_code ec;
  if (!std::filesystem::exists(*file, ec))
    fail(Exit::no_input, "policy file '{}' does not exist", file->string());
  if (std::filesystem::is_directory(*file, ec))
    fail(Exit::no_input, "cannot read policy file '{}': {}", file->string(), tr("is a directory"));
  std::ifstream in(*file, std::ios::binary);
  if (!in) fail(Exit::no_input, "cannot read policy file '{}': {}", file->string(), std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(Exit::no_input, "cannot read policy file '{}': {}", file->string(), std::strerror(errno));
  return build(text, file->string(), file->parent_path());
}

Policy parse_policy(std::string_view toml_text, std::string_view source_name,
                    const std::filesystem::path& base_dir) {
  return build(toml_text, source_name, base_dir);
}

std::string show_toml(const Policy& policy) {
  std::string body = policy.document ? to_toml(policy.document->effective) : std::string();
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fmt::format("# svc effective policy (source: {}; sha256 {})\n", policy.source,
                     policy.hash().substr(0, 12)) +
         body;
}

namespace {

// A TOML node as JSON, indented like svc's other JSON (two spaces). svc::Value holds no
// fractions, so this walks the TOML itself; strings go through to_json for the escapes.
void append_json(std::string& out, const toml::node& n, int depth) {
  auto indent = [&](int d) { out += '\n' + std::string(static_cast<std::size_t>(d) * 2, ' '); };
  if (const auto* t = n.as_table()) {
    if (t->empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    for (const auto& [k, v] : *t) {
      out += first ? "" : ",";
      first = false;
      indent(depth + 1);
      out += to_json(Value(k.str()), false) + ": ";
      append_json(out, v, depth + 1);
    }
    indent(depth);
    out += '}';
  } else if (const auto* a = n.as_array()) {
    if (a->empty()) {
      out += "[]";
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < a->size(); ++i) {
      out += i == 0 ? "" : ",";
      indent(depth + 1);
      append_json(out, *a->get(i), depth + 1);
    }
    indent(depth);
    out += ']';
  } else if (const auto* str = n.as_string()) {
    out += to_json(Value(str->get()), false);
  } else if (const auto* i = n.as_integer()) {
    out += std::to_string(i->get());
  } else if (const auto* b = n.as_boolean()) {
    out += b->get() ? "true" : "false";
  } else if (const auto* f = n.as_floating_point()) {
    // As the TOML prints it (0.7, 1.0): a JSON number unless it is not finite.
    out += std::isfinite(f->get()) ? to_toml(n) : "null";
  } else {
    out += to_json(Value(to_toml(n)), false);  // dates and times as written
  }
}

}  // namespace

std::string show_json(const Policy& policy) {
  if (!policy.document) return "{}\n";
  std::string out;
  append_json(out, policy.document->effective, 0);
  return out + '\n';
}

std::optional<PolicyKeyInfo> explain_key(const Policy& policy, std::string_view dotted_key) {
  const PolicyKeyDoc* meta = find_policy_key_doc(dotted_key);
  if (!meta) return std::nullopt;
  PolicyKeyInfo info;
  info.key = std::string(dotted_key);
  info.rule = std::string(meta->rule);
  info.governs = std::string(meta->governs);
  if (dotted_key.find('*') != std::string_view::npos || !policy.document) return info;
  const auto parts = split_dots(dotted_key);
  // A wildcard entry names something that must exist ("fee.items.gas" only if gas is defined).
  const auto pattern = split_dots(meta->key);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != "*") continue;
    const std::vector<std::string> prefix(parts.begin(), parts.begin() + static_cast<long>(i) + 1);
    if (!node_at(policy.document->effective, prefix)) return std::nullopt;
  }
  info.value = node_text(node_at(policy.document->effective, parts), parts);
  info.default_value = node_text(node_at(policy.document->defaults, parts), parts);
  return info;
}

std::vector<std::string> policy_keys() {
  std::vector<std::string> keys;
  for (const auto& doc : policy_key_docs()) keys.emplace_back(doc.key);
  return keys;
}

std::vector<std::string> suggest_keys(std::string_view dotted_key) {
  const auto parts = split_dots(dotted_key);
  const std::string_view last = parts.empty() ? dotted_key : std::string_view(parts.back());
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& doc : policy_key_docs()) {
    const std::string_view k = doc.key;
    // Compare "fee.item.water" with "fee.items.water", not with "fee.items.*".
    const auto pattern = split_dots(k);
    auto kparts = pattern;
    for (std::size_t i = 0; i < kparts.size() && i < parts.size(); ++i)
      if (kparts[i] == "*") kparts[i] = parts[i];
    std::size_t score = text::edit_distance(dotted_key, join(kparts, "."));
    const std::size_t limit = std::max<std::size_t>(2, dotted_key.size() / 4);
    const bool same_leaf = !last.empty() && pattern.back() == last;
    const bool prefix = !dotted_key.empty() && k.substr(0, dotted_key.size()) == dotted_key;
    if (score > limit && !same_leaf && !prefix) continue;
    if (same_leaf || prefix) score = std::min<std::size_t>(score, 1);
    scored.emplace_back(score, join(kparts, "."));
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [score, key] : scored) {
    if (out.size() == 5) break;
    if (key != dotted_key) out.push_back(std::move(key));
  }
  return out;
}

}  // namespace svc
