// Delivery channels: messages prepared from a policy channel and sent (see notify.hpp).
#include "svc/notify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <utility>

#include "svc/fileio.hpp"
#include "svc/i18n.hpp"
#include "svc/process.hpp"

namespace svc::notify {

// ---- text ------------------------------------------------------------------------------------

std::string expand(std::string_view text, const Values& values) {
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    const auto it = values.find(std::string(text.substr(open + 1, close - open - 1)));
    if (it != values.end())
      out += it->second;
    else
      out.append(text.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto byte = [&](std::size_t i) -> std::uint32_t { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0u; };
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

std::string encode_header(std::string_view utf8) {
  if (std::all_of(utf8.begin(), utf8.end(), [](char ch) { return ch >= 0x20 && ch < 0x7f; })) return std::string(utf8);
  // "=?UTF-8?B?" + base64 + "?=" is at most 75 characters: 12 overhead, so 63 base64 characters,
  // i.e. at most 45 bytes of text per word; cut only before a UTF-8 lead byte.
  std::string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t end = std::min(i + 45, utf8.size());
    while (end < utf8.size() && end > i + 1 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\n ";
    out += "=?UTF-8?B?" + base64(utf8.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string mail_message(std::string_view to, std::string_view subject, std::string_view body,
                         std::string_view reference, std::string_view content_type) {
  std::string m = fmt::format("To: {}\nSubject: {}\nMIME-Version: 1.0\nContent-Type: {}; charset=UTF-8\n"
                              "Content-Transfer-Encoding: base64\nX-Svc-Reference: {}\n\n",
                              to, encode_header(subject), content_type, reference);
  const std::string b = base64(body);
  for (std::size_t i = 0; i < b.size(); i += 76) m += b.substr(i, 76) + "\n";
  return m;
}

Message mail_document(std::string_view channel, const Channel& spec, std::string_view to, std::string_view subject,
                      std::string_view body, std::string_view content_type, std::string_view reference) {
  Message m;
  m.channel = std::string(channel);
  m.kind = ChannelKind::mail;
  m.recipient = std::string(to);
  m.subject = std::string(subject);
  m.reference = std::string(reference);
  m.argv = spec.sendmail;
  if (std::find(m.argv.begin(), m.argv.end(), "-oi") == m.argv.end()) m.argv.push_back("-oi");
  m.input = mail_message(to, subject, body, reference, content_type);
  return m;
}

// ---- prepare ---------------------------------------------------------------------------------

Message prepare(std::string_view channel, const Channel& spec, const Draft& draft) {
  Message m;
  m.channel = std::string(channel);
  m.kind = spec.kind;
  m.reference = draft.reference;
  m.body = expand(spec.message_template.empty() ? draft.body_template : spec.message_template, draft.values);
  switch (spec.kind) {
    case ChannelKind::exec:
      for (const auto& arg : spec.command) m.argv.push_back(expand(arg, draft.values));
      m.input = m.body;
      m.recipient = draft.recipient ? *draft.recipient : m.argv.empty() ? std::string() : m.argv.front();
      break;
    case ChannelKind::mail:
      m.recipient = expand(spec.to, draft.values);
      m.subject = expand(spec.subject.empty() ? draft.subject_template : spec.subject, draft.values);
      m.argv = spec.sendmail;
      if (std::find(m.argv.begin(), m.argv.end(), "-oi") == m.argv.end()) m.argv.push_back("-oi");
      m.input = mail_message(m.recipient, m.subject, m.body, m.reference);
      break;
    case ChannelKind::letter:
      m.file = spec.outbox.value_or("outbox") / draft.file_name;
      m.recipient = m.file.string();
      m.document = m.body;
      break;
    case ChannelKind::standard_output:
      m.recipient = "stdout";
      break;
    case ChannelKind::visit:
    case ChannelKind::none:
      break;
  }
  return m;
}

// ---- failures --------------------------------------------------------------------------------

namespace {

using Kind = Failure::Kind;

constexpr std::pair<Kind, std::string_view> kKindNames[] = {
    {Kind::not_found, "not_found"}, {Kind::not_started, "not_started"}, {Kind::exit, "exit"},
    {Kind::signal, "signal"},       {Kind::timeout, "timeout"},         {Kind::not_written, "not_written"},
    {Kind::refused, "refused"}};

// The key of Failure::number in the stored fact, by kind.
std::string_view number_key(Kind k) {
  switch (k) {
    case Kind::exit: return "status";
    case Kind::signal: return "signal";
    case Kind::timeout: return "timeout_ms";
    default: return {};
  }
}

constexpr int kRetryLater = 75;  // EX_TEMPFAIL: the channel's own "try again later"

Failure from_process(const process::Result& r) {
  Failure f;
  f.detail = r.stderr_tail;
  if (!r.started) {
    f.kind = r.error_number == ENOENT ? Kind::not_found : Kind::not_started;
    f.detail = r.error;
  } else if (r.timed_out) {
    f.kind = Kind::timeout;
    f.number = r.timeout_ms;
  } else if (r.signal != 0) {
    f.kind = Kind::signal;
    f.number = r.signal;
  } else {
    f.kind = Kind::exit;
    f.number = r.exit_code;
  }
  return f;
}

}  // namespace

bool Failure::retry_later() const {
  return kind == Kind::not_found || kind == Kind::not_started || (kind == Kind::exit && number == kRetryLater);
}

bool Failure::channel_down() const { return retry_later() || kind == Kind::timeout || kind == Kind::not_written; }

std::string describe(const Failure& f) {
  auto say = [](std::string_view english, const std::string& arg) { return fmt::format(fmt::runtime(tr(english)), arg); };
  if (f.kind == Kind::not_found) return say("program not found: {}", f.detail);
  if (f.kind != Kind::exit && f.kind != Kind::signal && f.kind != Kind::timeout) return f.detail;
  process::Result r;  // how the command ended, as process::describe words it
  r.started = true;
  r.timed_out = f.kind == Kind::timeout;
  r.timeout_ms = r.timed_out ? static_cast<int>(f.number) : 0;
  r.signal = f.kind == Kind::signal ? static_cast<int>(f.number) : 0;
  r.exit_code = f.kind == Kind::exit ? static_cast<int>(f.number) : -1;
  const std::string text = f.detail.empty() ? process::describe(r) : process::describe(r) + ": " + f.detail;
  return f.kind == Kind::exit && f.number == kRetryLater ? say("the channel asked to retry later: {}", text) : text;
}

Value to_value(const Failure& f) {
  Value v = Value::object();
  for (const auto& [kind, name] : kKindNames)
    if (kind == f.kind) v.set("problem", name);
  if (const auto key = number_key(f.kind); !key.empty()) v.set(key, Value(static_cast<long long>(f.number)));
  if (!f.detail.empty()) v.set("detail", f.detail);
  return v;
}

std::optional<Failure> failure_of(const Value& v) {
  if (!v.is_object() || !v.get("problem").is_string()) return std::nullopt;
  Failure f;
  const auto it = std::find_if(std::begin(kKindNames), std::end(kKindNames),
                               [&](const auto& p) { return p.second == v.get("problem").as_string(); });
  if (it == std::end(kKindNames)) return std::nullopt;
  f.kind = it->first;
  if (const auto key = number_key(f.kind); !key.empty() && v.get(key).is_int()) f.number = v.get(key).as_int();
  if (v.get("detail").is_string()) f.detail = v.get("detail").as_string();
  return f;
}

// ---- send ------------------------------------------------------------------------------------

std::optional<Failure> send(const Message& m, const Outlets& outlets) {
  switch (m.kind) {
    case ChannelKind::none:
      return std::nullopt;
    case ChannelKind::standard_output:
      if (outlets.standard_output) *outlets.standard_output << m.body << '\n' << std::flush;
      return std::nullopt;
    case ChannelKind::visit:
      if (!outlets.plan_visit) throw std::logic_error("notify::send: a visit without a planner");
      return outlets.plan_visit(m);
    case ChannelKind::letter:
      if (auto problem = write_file_atomically(m.file, m.document)) return Failure{Kind::not_written, 0, *problem};
      return std::nullopt;
    case ChannelKind::exec:
    case ChannelKind::mail: {
      const auto r = process::run(m.argv, m.input, outlets.timeout_ms);
      if (r.started && !r.timed_out && r.signal == 0 && r.exit_code == 0) return std::nullopt;
      return from_process(r);
    }
  }
  return std::nullopt;
}

}  // namespace svc::notify
