// Delivery channels without a database: template expansion, the mail encoding (base64, RFC 2047
// subjects, the bytes sendmail -t reads), messages prepared from a policy channel, and sends
// through real /bin/sh scripts in a temp folder (exit 0, 1, 75, a timeout, a missing program),
// the atomic letter write, stdout and the visit callback; failures stored and read back.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "svc/i18n.hpp"
#include "svc/notify.hpp"
#include "temp_dir.hpp"

using namespace svc;
using namespace svc::notify;
namespace fs = std::filesystem;
using svc::test::TempDir;

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::string decode_word(std::string_view word) {  // "=?UTF-8?B?...?=" → bytes
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  REQUIRE(word.substr(0, 10) == "=?UTF-8?B?");
  REQUIRE(word.substr(word.size() - 2) == "?=");
  const std::string_view b = word.substr(10, word.size() - 12);
  std::string out;
  unsigned buf = 0;
  int bits = 0;
  for (char ch : b) {
    if (ch == '=') break;
    buf = (buf << 6) | static_cast<unsigned>(alphabet.find(ch));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

Channel exec_channel(std::vector<std::string> command) {
  Channel ch;
  ch.kind = ChannelKind::exec;
  ch.command = std::move(command);
  return ch;
}

Draft draft() {
  Draft d;
  d.values = {{"owner", "王芳"}, {"phone", "13800000001"}, {"unit", "1-1-101"}, {"amount", "250.00"}};
  d.body_template = "{owner}您好,共{amount}元";
  d.subject_template = "催缴通知 {unit}";
  d.reference = "reminder-12";
  d.file_name = "letter-12.html";
  return d;
}

// Sends `m` with the English texts and a short timeout.
std::optional<Failure> send_en(const Message& m, int timeout_ms = 10'000) {
  set_lang(Lang::en);
  Outlets o;
  o.timeout_ms = timeout_ms;
  return send(m, o);
}

}  // namespace

TEST_CASE("notify templates fill known placeholders and leave other braces alone") {
  const Values v{{"owner", "张三"}, {"amount", "316.35"}};
  CHECK(expand("{owner}您好,共{amount}元", v) == "张三您好,共316.35元");
  CHECK(expand("{owner}{owner}", v) == "张三张三");
  CHECK(expand("no placeholders", v) == "no placeholders");
  CHECK(expand("{other} and {", v) == "{other} and {");
  CHECK(expand("", v).empty());
}

TEST_CASE("notify base64 matches RFC 4648 test vectors") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64("\xff\xfe") == "//4=");
}

TEST_CASE("notify mail subjects are RFC 2047 words that never split a character") {
  CHECK(encode_header("Overdue fees") == "Overdue fees");
  const std::string subject = "【示例花园 管理处】物业费催缴通知,请于七日内缴纳全部欠费,如已缴纳请忽略本通知";
  const std::string h = encode_header(subject);
  std::string decoded;
  std::size_t start = 0;
  while (start < h.size()) {
    std::size_t end = h.find("\n ", start);
    if (end == std::string::npos) end = h.size();
    const std::string word = h.substr(start, end - start);
    CHECK(word.size() <= 75);
    const std::string part = decode_word(word);
    // Each word holds whole UTF-8 characters: it does not start with a continuation byte.
    CHECK((static_cast<unsigned char>(part.front()) & 0xC0) != 0x80);
    decoded += part;
    start = end + 2;
  }
  CHECK(decoded == subject);
  CHECK(h.find('\n') != std::string::npos);  // long enough to need more than one word
}

TEST_CASE("notify mail messages carry the headers sendmail -t reads and a base64 UTF-8 body") {
  const std::string m = mail_message("13800000000@sms.example.com", "催缴通知", "您好", "reminder-12");
  CHECK(m.rfind("To: 13800000000@sms.example.com\n", 0) == 0);
  CHECK(m.find("\nSubject: =?UTF-8?B?") != std::string::npos);
  CHECK(m.find("\nContent-Type: text/plain; charset=UTF-8\n") != std::string::npos);
  CHECK(m.find("\nX-Svc-Reference: reminder-12\n") != std::string::npos);
  CHECK(m.find("\n\n" + base64("您好") + "\n") != std::string::npos);
  // The body is folded at 76 characters.
  const std::string long_body(200, 'x');
  const std::string folded = mail_message("a@example.com", "s", long_body, "r");
  const std::string body = folded.substr(folded.find("\n\n") + 2);
  CHECK(body.substr(0, 77) == base64(long_body).substr(0, 76) + "\n");
}

TEST_CASE("notify exec messages expand every argument and carry the text on stdin") {
  const auto m = prepare("sms", exec_channel({"/usr/bin/send-sms", "--to", "{phone}", "{unit}:{owner}"}), draft());
  CHECK(m.channel == "sms");
  CHECK(m.kind == ChannelKind::exec);
  CHECK(m.argv == std::vector<std::string>{"/usr/bin/send-sms", "--to", "13800000001", "1-1-101:王芳"});
  CHECK(m.body == "王芳您好,共250.00元");
  CHECK(m.input == m.body);
  CHECK(m.recipient == "/usr/bin/send-sms");  // no recipient given: the program
  CHECK_FALSE(m.local());
  Draft d = draft();
  d.recipient = "13800000001";
  Channel ch = exec_channel({"/bin/true"});
  ch.message_template = "{unit} owes {amount}";  // the channel's own template wins
  const auto own = prepare("sms", ch, d);
  CHECK(own.recipient == "13800000001");
  CHECK(own.body == "1-1-101 owes 250.00");
}

TEST_CASE("notify mail messages run sendmail with -oi once and address the expanded To") {
  Channel ch;
  ch.kind = ChannelKind::mail;
  ch.sendmail = {"/usr/sbin/sendmail", "-t"};
  ch.to = "{phone}@sms.example.com";
  auto m = prepare("mail", ch, draft());
  CHECK(m.argv == std::vector<std::string>{"/usr/sbin/sendmail", "-t", "-oi"});
  CHECK(m.recipient == "13800000001@sms.example.com");
  CHECK(m.subject == "催缴通知 1-1-101");
  CHECK(m.input == mail_message(m.recipient, m.subject, m.body, "reminder-12"));
  ch.sendmail = {"/usr/sbin/sendmail", "-oi", "-t"};
  ch.subject = "Fees for {unit}";
  m = prepare("mail", ch, draft());
  CHECK(m.argv == std::vector<std::string>{"/usr/sbin/sendmail", "-oi", "-t"});
  CHECK(m.subject == "Fees for 1-1-101");
}

TEST_CASE("notify letters are written whole into the outbox, folders created, no temporary file left") {
  TempDir t;
  Channel ch;
  ch.kind = ChannelKind::letter;
  ch.outbox = t.path / "outbox" / "letters";
  auto m = prepare("letter", ch, draft());
  CHECK(m.file == t.path / "outbox" / "letters" / "letter-12.html");
  CHECK(m.recipient == m.file.string());
  CHECK(m.document == m.body);  // until the caller lays out a page
  m.document = "<html>催缴函</html>";
  CHECK_FALSE(send_en(m));
  CHECK(t.read("outbox/letters/letter-12.html") == "<html>催缴函</html>");
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(t.path / "outbox" / "letters")) {
    ++files;
    CHECK(e.path().filename() == "letter-12.html");
  }
  CHECK(files == 1);
  // An outbox that cannot be a folder: not written, and the channel is down for the run.
  std::ofstream(t.path / "blocked") << "a file";
  ch.outbox = t.path / "blocked";
  const auto f = send_en(prepare("letter", ch, draft()));
  REQUIRE(f);
  CHECK(f->kind == Failure::Kind::not_written);
  CHECK(f->channel_down());
  CHECK_FALSE(f->retry_later());
  CHECK(contains(describe(*f), "blocked"));
}

TEST_CASE("notify exec exit 0 delivers the message bytes on stdin and the arguments") {
  TempDir t;
  const auto gw = t.script("gw.sh", "cat > '" + (t.path / "stdin").string() + "'\necho \"$*\" > '" +
                                        (t.path / "args").string() + "'\n");
  const auto m = prepare("sms", exec_channel({gw, "{phone}", "{unit}"}), draft());
  CHECK_FALSE(send_en(m));
  CHECK(t.read("stdin") == "王芳您好,共250.00元");
  CHECK(t.read("args") == "13800000001 1-1-101\n");
}

TEST_CASE("notify exec exit 1 is a failure of the message with the command's stderr") {
  TempDir t;
  const auto gw = t.script("gw.sh", "cat >/dev/null\necho 'gateway down' >&2\nexit 1\n");
  const auto f = send_en(prepare("sms", exec_channel({gw}), draft()));
  REQUIRE(f);
  CHECK(f->kind == Failure::Kind::exit);
  CHECK(f->number == 1);
  CHECK(f->detail == "gateway down");
  CHECK_FALSE(f->retry_later());
  CHECK_FALSE(f->channel_down());
  CHECK(describe(*f) == "exited with status 1: gateway down");
  set_lang(Lang::zh);
  CHECK(describe(*f) == "退出码 1: gateway down");
  set_lang(Lang::en);
}

TEST_CASE("notify exec exit 75 asks to retry later and holds the channel") {
  TempDir t;
  const auto gw = t.script("gw.sh", "cat >/dev/null\necho 'rate limited' >&2\nexit 75\n");
  const auto f = send_en(prepare("sms", exec_channel({gw}), draft()));
  REQUIRE(f);
  CHECK(f->kind == Failure::Kind::exit);
  CHECK(f->number == 75);
  CHECK(f->retry_later());
  CHECK(f->channel_down());
  CHECK(describe(*f) == "the channel asked to retry later: exited with status 75: rate limited");
}

TEST_CASE("notify exec a command that hangs is killed at the timeout and holds the channel") {
  TempDir t;
  const auto gw = t.script("gw.sh", "echo 'connecting' >&2\nsleep 30\n");
  const auto f = send_en(prepare("sms", exec_channel({gw}), draft()), 300);
  REQUIRE(f);
  CHECK(f->kind == Failure::Kind::timeout);
  CHECK(f->number == 300);
  CHECK(f->channel_down());
  CHECK_FALSE(f->retry_later());  // the message may have gone out: counted as an attempt
  CHECK(describe(*f) == "timed out after 300ms: connecting");
}

TEST_CASE("notify exec a missing program is not found and the message waits") {
  TempDir t;
  const auto f = send_en(prepare("sms", exec_channel({(t.path / "no-such-dir" / "send-sms").string()}), draft()));
  REQUIRE(f);
  CHECK(f->kind == Failure::Kind::not_found);
  CHECK(f->retry_later());
  CHECK(f->channel_down());
  CHECK(contains(describe(*f), "program not found"));
  CHECK(contains(describe(*f), "send-sms"));
  CHECK(contains(describe(*f), "No such file"));
  // Present but not executable: it could not start.
  std::ofstream(t.path / "plain") << "#!/bin/sh\n";
  const auto g = send_en(prepare("sms", exec_channel({(t.path / "plain").string()}), draft()));
  REQUIRE(g);
  CHECK(g->kind == Failure::Kind::not_started);
  CHECK(g->retry_later());
}

TEST_CASE("notify stdout prints the text and none sends nothing") {
  Channel ch;
  ch.kind = ChannelKind::standard_output;
  const auto m = prepare("stdout", ch, draft());
  CHECK(m.recipient == "stdout");
  std::ostringstream out;
  Outlets o;
  o.standard_output = &out;
  CHECK_FALSE(send(m, o));
  CHECK(out.str() == "王芳您好,共250.00元\n");
  Channel none;
  const auto n = prepare("none", none, draft());
  CHECK(n.local());
  CHECK_FALSE(send(n, o));
  CHECK(out.str() == "王芳您好,共250.00元\n");
}

TEST_CASE("notify visits are planned by the caller's callback") {
  Channel ch;
  ch.kind = ChannelKind::visit;
  const auto m = prepare("visit", ch, draft());
  CHECK(m.local());
  std::string planned;
  Outlets o;
  o.plan_visit = [&](const Message& msg) -> std::optional<Failure> {
    planned = msg.body;
    return std::nullopt;
  };
  CHECK_FALSE(send(m, o));
  CHECK(planned == "王芳您好,共250.00元");
  o.plan_visit = [](const Message&) -> std::optional<Failure> { return Failure{Failure::Kind::refused, 0, "nobody"}; };
  const auto f = send(m, o);
  REQUIRE(f);
  CHECK(describe(*f) == "nobody");
}

TEST_CASE("notify failures are stored as facts and read back") {
  const Failure f{Failure::Kind::exit, 1, "gateway down"};
  const Value v = to_value(f);
  CHECK(to_json(v, false) == R"({"problem":"exit","status":1,"detail":"gateway down"})");
  const auto back = failure_of(v);
  REQUIRE(back);
  CHECK(back->kind == Failure::Kind::exit);
  CHECK(back->number == 1);
  CHECK(back->detail == "gateway down");
  const auto t = failure_of(to_value(Failure{Failure::Kind::timeout, 60'000, ""}));
  REQUIRE(t);
  CHECK(t->kind == Failure::Kind::timeout);
  CHECK(t->number == 60'000);
  CHECK_FALSE(failure_of(parse_json(R"({"code":"paid"})")));
  CHECK_FALSE(failure_of(parse_json(R"({"problem":"teleported"})")));
}
