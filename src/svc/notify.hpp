// Delivery channels (architecture.md "Delivery channels"): how a message reaches a person — a
// command run without a shell (exec), sendmail (mail), a printable file in an outbox (letter), a
// planned home visit (visit), nothing but the record (none), or standard output. The dunning
// ladder uses it, and reports and patrol alerts will: it knows nothing of what a message is about.
// prepare() decides everything and does nothing; send() does the I/O.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "svc/policy.hpp"
#include "svc/value.hpp"

namespace svc::notify {

using Values = std::map<std::string, std::string>;

// {name} → value for every name in `values`; other text unchanged (the policy rejects unknown
// placeholders when it is loaded).
std::string expand(std::string_view text, const Values& values);

std::string base64(std::string_view bytes);
// An RFC 2047 header value: ASCII as is, otherwise UTF-8 "B" encoded-words of at most 75
// characters, never splitting a character, folded onto continuation lines.
std::string encode_header(std::string_view utf8);
// A complete message for `sendmail -t -oi`: To, Subject, MIME headers, base64 UTF-8 body, and the
// caller's reference in an X-Svc-Reference header.
std::string mail_message(std::string_view to, std::string_view subject, std::string_view body,
                         std::string_view reference, std::string_view content_type = "text/plain");

// What the caller brings to a channel: the template values and its own texts.
struct Draft {
  Values values;                          // {placeholder} → text
  std::string body_template;              // used when the channel has no `template`
  std::string subject_template;           // mail: used when the channel has no `subject`
  std::string reference;                  // the caller's name for the message (mail header)
  std::string file_name;                  // letter: the file's name in the channel's outbox
  std::optional<std::string> recipient;   // exec: whom it reaches, for the record (e.g. a phone);
                                          // the program's name when absent
};

// One message ready to go: everything decided, nothing done yet.
struct Message {
  std::string channel;  // the channel's name in the policy
  ChannelKind kind = ChannelKind::none;
  std::string recipient;          // for the record: a phone, a mail address, the letter's file, "stdout"
  std::string subject;            // mail
  std::string body;               // the text, templates filled in
  std::string reference;
  std::vector<std::string> argv;  // exec, mail: the command that runs
  std::string input;              // exec, mail: what it reads on standard input
  std::filesystem::path file;     // letter: where it is written
  std::string document;           // letter: the file's content (the caller may lay out a page; default: body)
  // none and visit only write to the database: nothing leaves it, there is no send to lose.
  bool local() const { return kind == ChannelKind::none || kind == ChannelKind::visit; }
};

Message prepare(std::string_view channel, const Channel& spec, const Draft& draft);

// A whole document mailed to an address through a mail channel's sendmail (reports: --mail TO).
Message mail_document(std::string_view channel, const Channel& spec, std::string_view to, std::string_view subject,
                      std::string_view body, std::string_view content_type, std::string_view reference);

// Why a send did not happen, as a fact: stored as it is (to_value) and put into words when read
// (describe), in the reader's language.
struct Failure {
  enum class Kind { not_found, not_started, exit, signal, timeout, not_written, refused };
  Kind kind = Kind::refused;
  std::int64_t number = 0;  // exit: the status; signal: the signal; timeout: the limit in ms
  std::string detail;       // the end of the command's stderr, or the system's words

  // The channel asked for time (exit 75) or could not start: not held against the message.
  bool retry_later() const;
  // Every message on the channel would fail the same way: use it no more in this run.
  bool channel_down() const;
};
// "exited with status 1: gateway down", "program not found: …" in the current language.
std::string describe(const Failure& f);
// {"problem": "exit", "status": 1, "detail": "gateway down"}; failure_of reads it back (nullopt
// when the object holds no failure).
Value to_value(const Failure& f);
std::optional<Failure> failure_of(const Value& v);

// What send() may use besides the message.
struct Outlets {
  std::ostream* standard_output = nullptr;  // stdout channel
  int timeout_ms = 60'000;                  // exec, mail: killed (with its process group) after this
  // visit: plans the home visit (the visit module is above this one); nullopt when planned.
  std::function<std::optional<Failure>(const Message&)> plan_visit;
};

// Delivers one message: runs the command with the input on its stdin (exit 0 = sent, 75 = try
// later), writes the letter atomically, prints it, or plans the visit. nullopt when delivered.
std::optional<Failure> send(const Message& m, const Outlets& outlets);

}  // namespace svc::notify
