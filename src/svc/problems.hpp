// Problems: collects every bad row of an import so one error reports them all (line, column,
// value) and nothing is written.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "svc/error.hpp"
#include "svc/text.hpp"

namespace svc {

class Problems {
 public:
  explicit Problems(std::string source) : source_(std::move(source)) {}

  // One bad field: line, column name, the value as given, and what is wrong / allowed.
  template <class... Args>
  void add(int line, std::string_view column, std::string_view value, std::string_view format,
           Args&&... args) {
    const std::string why = fmt::vformat(tr(format), fmt::make_format_args(args...));
    // The value as given, its control characters made visible (it is printed in a message).
    lines_.push_back(fmt::format(fmt::runtime(tr("{}:{}: column {}: '{}': {}")), source_, line,
                                 column, text::visible(value, false), why));
  }
  bool empty() const { return lines_.empty(); }
  std::size_t size() const { return lines_.size(); }

  // Throws one Error listing every problem (at most 50 shown) when there are any.
  void raise_if_any() const {
    if (lines_.empty()) return;
    std::string msg = fmt::format(fmt::runtime(tr("{}: {} bad value(s), nothing was imported")),
                                  source_, lines_.size());
    const std::size_t shown = std::min<std::size_t>(lines_.size(), 50);
    for (std::size_t i = 0; i < shown; ++i) msg += "\n  " + lines_[i];
    if (shown < lines_.size())
      msg += "\n  " + fmt::format(fmt::runtime(tr("… and {} more")), lines_.size() - shown);
    throw Error(Exit::data_error, msg);
  }

 private:
  std::string source_;
  std::vector<std::string> lines_;
};

}  // namespace svc
