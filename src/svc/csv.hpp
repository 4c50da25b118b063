// Reading import files: bytes → UTF-8 text (strict UTF-8 or GBK/GB18030), RFC 4180 records, and
// a header-checked table with named columns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc {

// utf8, or gbk: the Chinese Windows code page family (GBK, CP936 and their superset GB18030).
enum class Encoding { utf8, gbk };

// The names an --encoding option accepts, in any case: utf-8/utf8 → utf8; gbk, gb18030 and
// cp936 → gbk (all read as GB18030). nullopt for anything else.
std::optional<Encoding> parse_encoding(std::string_view name);
// The accepted names for messages: "utf-8, gbk, gb18030, cp936".
inline constexpr std::string_view kEncodingNames = "utf-8, gbk, gb18030, cp936";

// The file's bytes as UTF-8 text, any UTF-8 byte-order mark removed. utf8 is validated strictly
// (overlongs, surrogates, truncated sequences rejected); gbk is converted as GB18030 (its
// superset: 2-byte GBK and 4-byte GB18030 sequences), with a lone 0x80 read as the euro sign as
// CP936 (Excel on Chinese Windows) writes it. A file that starts with a UTF-8 BOM is read as
// UTF-8 whatever `enc` says; without one, a gbk file that is valid UTF-8 and not plain ASCII is
// refused (it is UTF-8, and read as GBK would turn 张伟 into 寮犱紵). NUL bytes are rejected.
// Errors: svc::Error(Exit::data_error) naming source_name, line and byte column, with a hint
// when UTF-8 input looks like a GBK export from Excel.
std::string decode_input(std::string_view bytes, Encoding enc, std::string_view source_name);

struct CsvRow {
  int line = 0;  // 1-based physical line the record starts on
  std::vector<std::string> fields;
};

// RFC 4180: quoted fields with "" escapes and embedded newlines (CRLF inside quotes becomes
// "\n"), CRLF or LF line ends, final newline optional, blank lines skipped. Spaces before an
// opening quote or after a closing quote are ignored; unquoted fields are returned untrimmed.
// An unterminated quote, or text after a closing quote, is Error(Exit::data_error).
std::vector<CsvRow> parse_csv(std::string_view utf8_text, std::string_view source_name);

struct CsvTable {
  // The file's columns in file order, spelled as in required/optional ("" for an unnamed,
  // ignored column).
  std::vector<std::string> header;
  // Data rows (header excluded), fields trimmed of surrounding ASCII spaces; rows whose fields
  // are all empty (",,," from a spreadsheet) are skipped.
  std::vector<CsvRow> rows;

  // The row's value in `column` (case-insensitive); "" when the column is absent from the file.
  const std::string& field(const CsvRow& row, std::string_view column) const;
  bool has_column(std::string_view column) const;
};

// The column a header names in Chinese (房号, 面积, 状态, 业主, 电话 …) among `columns`, as an
// office's spreadsheet heads them; nullopt when it is none of them.
std::optional<std::string> column_named(std::string_view header, const std::vector<std::string>& columns);

// parse_csv, then check the header (first record) against the allowed columns: names matched
// case-insensitively after trimming; an unknown, duplicated or missing required column, or a row
// with a different number of fields, is Error(Exit::data_error) naming the file and line.
CsvTable read_csv_table(std::string_view utf8_text, std::string_view source_name,
                        const std::vector<std::string>& required,
                        const std::vector<std::string>& optional);

}  // namespace svc
