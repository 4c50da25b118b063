// A report (src/svc/report.hpp) in every format: a terminal page, Markdown, CSV blocks, JSON, and
// one self-contained, printable HTML page with its charts drawn as inline SVG.
#pragma once

#include <ostream>

#include "svc/render/render.hpp"
#include "svc/report.hpp"

namespace svc::render {

void write_report(std::ostream& out, Format format, const report::Report& r, const Options& options, int utc_offset);

// One chart as an inline <svg> element (no script, no external resource).
std::string chart_svg(const report::Chart& chart);

}  // namespace svc::render
