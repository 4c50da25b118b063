// Import file reading: strict UTF-8 / GB18030 decoding, RFC 4180 parsing, header checking.
#include "svc/csv.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstddef>
#include <string>
#include <vector>

#include "svc/error.hpp"
#include "svc/problems.hpp"
#include "svc/text.hpp"

namespace svc {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct Position {
  std::size_t line;
  std::size_t column;  // 1-based byte column
};

Position position_of(std::string_view text, std::size_t offset) {
  Position p{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// Length of the valid UTF-8 sequence at `i`, or 0 if the bytes there are not one (RFC 3629
// table: no overlongs, no surrogates, nothing above U+10FFFF, nothing truncated).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const unsigned b0 = byte_at(s, i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  const unsigned b1 = byte_at(s, i + 1);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    const unsigned b = byte_at(s, i + k);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return len;
}

// Converts with iconv; returns the offset of the first byte it could not convert, or npos.
std::size_t iconv_convert(std::string_view bytes, const char* from, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    fail(Exit::software, "cannot convert from {}: iconv does not support it", from);
  }
  std::string input(bytes);
  char* in = input.data();
  std::size_t in_left = input.size();
  std::string result;
  char buf[4096];
  std::size_t bad = std::string::npos;
  while (in_left > 0) {
    char* o = buf;
    std::size_t o_left = sizeof buf;
    const std::size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
    result.append(buf, static_cast<std::size_t>(o - buf));
    if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) {
      bad = static_cast<std::size_t>(in - input.data());
      break;
    }
  }
  iconv_close(cd);
  if (out != nullptr) *out = std::move(result);
  return bad;
}

void reject_nul(std::string_view text, std::string_view source_name) {
  const std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos) return;
  const Position p = position_of(text, nul);
  fail(Exit::data_error,
       "{}: line {}, column {}: NUL byte: this is not a text (CSV) file; export it from the "
       "spreadsheet as CSV",
       source_name, p.line, p.column);
}

std::string decode_utf8(std::string_view text, std::string_view source_name) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len > 0) {
      i += len;
      continue;
    }
    const Position p = position_of(text, i);
    // A whole line that reads as GBK is the usual story: Excel on Chinese Windows saves "CSV"
    // in the ANSI code page.
    const std::size_t line_start =
        text.rfind('\n', i) == std::string_view::npos ? 0 : text.rfind('\n', i) + 1;
    std::size_t line_end = text.find('\n', i);
    if (line_end == std::string_view::npos) line_end = text.size();
    const bool looks_gbk = iconv_convert(text.substr(line_start, line_end - line_start), "GBK",
                                         nullptr) == std::string::npos;
    if (looks_gbk) {
      fail(Exit::data_error,
           "{}: line {}, column {}: the file is not valid UTF-8 (byte 0x{:02X}); it looks like a "
           "GBK export from Excel on Chinese Windows: use --encoding gbk, or save it as 'CSV "
           "UTF-8' in Excel",
           source_name, p.line, p.column, byte_at(text, i));
    }
    fail(Exit::data_error,
         "{}: line {}, column {}: the file is not valid UTF-8 (byte 0x{:02X}); if it comes from "
         "Excel, use --encoding gbk, or save it as 'CSV UTF-8' in Excel",
         source_name, p.line, p.column, byte_at(text, i));
  }
  return std::string(text);
}

// The first line holding a non-ASCII character when all of `bytes` is valid UTF-8; 0 when it is
// not UTF-8, or plain ASCII (which reads the same in every encoding).
std::size_t utf8_non_ascii_line(std::string_view bytes) {
  std::size_t first = std::string_view::npos;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) return 0;
    if (len > 1 && first == std::string_view::npos) first = i;
    i += len;
  }
  return first == std::string_view::npos ? 0 : position_of(bytes, first).line;
}

// GB18030 through iconv. glibc's GB18030 leaves a lone 0x80 undefined, but CP936 (what Excel on
// Chinese Windows writes) has its euro sign there — GB18030 moved it to A2 E3 — so the bytes are
// converted in pieces split at each lone 0x80, which becomes "€". Lead bytes 0x81..0xFE start a
// 2-byte character, or a 4-byte one when the second byte is a digit 0x30..0x39; an invalid or
// truncated sequence is left to iconv, which names its offset.
std::string decode_gbk(std::string_view bytes, std::string_view source_name) {
  std::string out;
  std::size_t start = 0;
  auto convert = [&](std::size_t end) {
    std::string piece;
    const std::size_t bad = iconv_convert(bytes.substr(start, end - start), "GB18030", &piece);
    out += piece;
    if (bad == std::string::npos) return;
    const Position p = position_of(bytes, start + bad);
    fail(Exit::data_error,
         "{}: line {}, column {}: byte 0x{:02X} is not valid GBK/GB18030; check --encoding "
         "(UTF-8 files need --encoding utf8)",
         source_name, p.line, p.column, byte_at(bytes, start + bad));
  };
  for (std::size_t i = 0; i < bytes.size();) {
    const unsigned b = byte_at(bytes, i);
    if (b < 0x80) {
      ++i;
    } else if (b == 0x80) {
      convert(i);
      out += "\xE2\x82\xAC";  // €
      start = ++i;
    } else {
      const bool four = i + 1 < bytes.size() && byte_at(bytes, i + 1) >= 0x30 && byte_at(bytes, i + 1) <= 0x39;
      i += four ? 4 : 2;
    }
  }
  convert(bytes.size());
  if (std::string_view(out).substr(0, kUtf8Bom.size()) == kUtf8Bom) out.erase(0, kUtf8Bom.size());
  return out;
}

std::string trim_spaces(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && s[b] == ' ') ++b;
  while (e > b && s[e - 1] == ' ') --e;
  return std::string(s.substr(b, e - b));
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Without a copy of either: CsvTable::field runs it per column per row of an import (issue 19).
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string join_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::string out;
  for (const auto* list : {&a, &b}) {
    for (const auto& name : *list) {
      if (!out.empty()) out += ", ";
      out += name;
    }
  }
  return out;
}

}  // namespace

std::string decode_input(std::string_view bytes, Encoding enc, std::string_view source_name) {
  const bool has_bom = bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom;
  // A UTF-8 byte-order mark settles the question: such a file is UTF-8 even under --encoding gbk.
  if (has_bom || enc == Encoding::utf8) {
    const std::string_view text = has_bom ? bytes.substr(kUtf8Bom.size()) : bytes;
    reject_nul(text, source_name);
    return decode_utf8(text, source_name);
  }
  reject_nul(bytes, source_name);
  if (const std::size_t line = utf8_non_ascii_line(bytes))
    fail(Exit::data_error,
         "{}: line {}: the file is UTF-8, not GBK: read as GBK its Chinese text would be garbled "
         "(张伟 → 寮犱紵); drop --encoding gbk",
         source_name, line);
  return decode_gbk(bytes, source_name);
}

std::optional<Encoding> parse_encoding(std::string_view name) {
  const std::string n = ascii_lower(name);
  if (n == "utf-8" || n == "utf8") return Encoding::utf8;
  if (n == "gbk" || n == "gb18030" || n == "cp936") return Encoding::gbk;
  return std::nullopt;
}

std::vector<CsvRow> parse_csv(std::string_view text, std::string_view source_name) {
  std::vector<CsvRow> rows;
  std::size_t i = 0;
  int line = 1;
  const std::size_t n = text.size();
  auto at_line_end = [&](std::size_t k) { return k >= n || text[k] == '\n' || text[k] == '\r'; };
  // Consumes one line end at i (CRLF, LF or a lone CR) and counts it.
  auto eat_line_end = [&] {
    if (i < n && text[i] == '\r') ++i;
    if (i < n && text[i] == '\n') ++i;
    ++line;
  };
  while (i < n) {
    if (at_line_end(i)) {  // blank line
      eat_line_end();
      continue;
    }
    CsvRow row;
    row.line = line;
    while (true) {
      std::string field;
      std::size_t k = i;
      while (k < n && text[k] == ' ') ++k;
      if (k < n && text[k] == '"') {
        const int quote_line = line;
        i = k + 1;
        bool closed = false;
        while (i < n) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\r' || c == '\n') {
            field += '\n';
            eat_line_end();
            continue;
          }
          field += c;
          ++i;
        }
        if (!closed) {
          fail(Exit::data_error,
               "{}: line {}: a quoted field is not closed (a '\"' is missing before the end of "
               "the file)",
               source_name, quote_line);
        }
        while (i < n && text[i] == ' ') ++i;
        if (i < n && text[i] != ',' && !at_line_end(i)) {
          fail(Exit::data_error,
               "{}: line {}: unexpected text after a closing quote; a '\"' inside a quoted "
               "field must be doubled",
               source_name, line);
        }
      } else {
        while (i < n && text[i] != ',' && !at_line_end(i)) field += text[i++];
      }
      row.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    rows.push_back(std::move(row));
    if (i < n) eat_line_end();
  }
  return rows;
}

const std::string& CsvTable::field(const CsvRow& row, std::string_view column) const {
  static const std::string empty;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (!header[c].empty() && iequals(header[c], column)) {
      return c < row.fields.size() ? row.fields[c] : empty;
    }
  }
  return empty;
}

bool CsvTable::has_column(std::string_view column) const {
  for (const auto& name : header) {
    if (!name.empty() && iequals(name, column)) return true;
  }
  return false;
}

namespace {

// Chinese headings of import columns (issue 18). A heading may name different columns in
// different files (房号 is a unit's code, or the unit a reading is for): the first of its columns
// the file allows is the one.
struct Heading {
  std::string_view zh;
  std::string_view column;
};
constexpr Heading kHeadings[] = {
    {"房号", "code"}, {"房号", "unit"}, {"单元号", "code"}, {"户号", "code"}, {"房屋编号", "code"},
    {"楼栋", "building"}, {"楼号", "building"}, {"栋", "building"}, {"单元", "entrance"}, {"门牌", "room"},
    {"房间", "room"}, {"室", "room"}, {"面积", "area_m2"}, {"建筑面积", "area_m2"}, {"面积(㎡)", "area_m2"},
    {"状态", "status"}, {"房屋状态", "status"}, {"业主", "owner_name"}, {"业主姓名", "owner_name"},
    {"电话", "owner_phone"}, {"电话", "phone"}, {"业主电话", "owner_phone"}, {"联系电话", "owner_phone"},
    {"联系电话", "phone"}, {"手机", "phone"}, {"租户", "tenant_name"}, {"租户姓名", "tenant_name"},
    {"租户电话", "tenant_phone"}, {"入住日期", "moved_in"}, {"入住时间", "moved_in"}, {"车位", "has_parking"},
    {"登录名", "login"}, {"账号", "login"}, {"姓名", "name"}, {"角色", "role"}, {"岗位", "role"},
    {"在职", "active"}, {"表", "meter"}, {"表计", "meter"}, {"读数", "reading"}, {"抄表日期", "read_on"},
    {"日期", "read_on"}, {"日期", "date"}, {"点位", "point"}, {"巡查点", "point"}, {"结果", "result"},
    {"备注", "note"}, {"备注", "comment"}, {"意见", "comment"}, {"处理", "action"}, {"类别", "category"},
};

}  // namespace

std::optional<std::string> column_named(std::string_view header, const std::vector<std::string>& columns) {
  for (const auto& h : kHeadings)
    if (h.zh == header)
      for (const auto& c : columns)
        if (c == h.column) return c;
  return std::nullopt;
}

CsvTable read_csv_table(std::string_view utf8_text, std::string_view source_name,
                        const std::vector<std::string>& required,
                        const std::vector<std::string>& optional) {
  std::vector<CsvRow> records = parse_csv(utf8_text, source_name);
  const std::string allowed = join_names(required, optional);
  if (records.empty()) {
    fail(Exit::data_error, "{}: the file is empty; the first line must name the columns: {}",
         source_name, allowed);
  }
  CsvTable table;
  const CsvRow& head = records.front();
  for (const auto& raw : head.fields) {
    const std::string name = trim_spaces(raw);
    if (name.empty()) {
      table.header.emplace_back();  // an unnamed column: allowed only while it stays empty
      continue;
    }
    const std::string* canonical = nullptr;
    for (const auto* list : {&required, &optional}) {
      for (const auto& known : *list) {
        if (canonical == nullptr && iequals(trim_spaces(known), name)) canonical = &known;
      }
    }
    std::optional<std::string> named;
    if (canonical == nullptr) {
      std::vector<std::string> all(required);
      all.insert(all.end(), optional.begin(), optional.end());
      named = column_named(name, all);
      for (const auto* list : {&required, &optional})
        for (const auto& known : *list)
          if (named && canonical == nullptr && known == *named) canonical = &known;
    }
    if (canonical == nullptr) {
      fail(Exit::data_error, "{}: line {}: unknown column '{}'; allowed columns: {}", source_name,
           head.line, name, allowed);
    }
    if (table.has_column(*canonical)) {
      fail(Exit::data_error, "{}: line {}: column '{}' appears twice", source_name, head.line,
           name);
    }
    table.header.push_back(*canonical);
  }
  for (const auto& name : required) {
    if (!table.has_column(name)) {
      fail(Exit::data_error, "{}: line {}: required column '{}' is missing (allowed columns: {})",
           source_name, head.line, name, allowed);
    }
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    CsvRow& row = records[r];
    bool all_empty = true;
    for (auto& f : row.fields) {
      f = trim_spaces(f);
      if (!f.empty()) all_empty = false;
    }
    if (all_empty) continue;  // ",,," or a line of spaces: a spreadsheet's empty row
    if (row.fields.size() != table.header.size()) {
      fail(Exit::data_error, "{}: line {}: {} fields, but the header has {} columns", source_name,
           row.line, row.fields.size(), table.header.size());
    }
    for (std::size_t c = 0; c < row.fields.size(); ++c) {
      if (!row.fields[c].empty() && table.header[c].empty()) {
        fail(Exit::data_error, "{}: line {}: column {} has a value but no name in the header",
             source_name, row.line, c + 1);
      }
    }
    table.rows.push_back(std::move(row));
  }
  // Every value is text svc may store and print: one line, no control characters, not too long.
  Problems problems{std::string(source_name)};
  for (const auto& row : table.rows)
    for (std::size_t c = 0; c < row.fields.size(); ++c)
      if (auto why = text::problem(row.fields[c])) problems.add(row.line, table.header[c], row.fields[c], "{}", *why);
  problems.raise_if_any();
  return table;
}

}  // namespace svc
