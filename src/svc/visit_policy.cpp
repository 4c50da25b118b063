// Policy [visit]: how often units are visited and surveyed, and the rating scale (domain-rules 4).
#include "svc/policy_convert.hpp"

namespace svc::policy_convert {

using namespace toml_check;

namespace {

// Ratings are 1..5 everywhere (callbacks, visits, surveys): one label for each.
struct AsScale {
  std::optional<std::vector<std::string>> operator()(Checker& ck, const toml::node& n,
                                                     const std::string& key) const {
    auto labels = as_strings(ck, n, key);
    if (!labels || labels->size() == 5) return labels;
    ck.add(n.source(), key,
           msg("must have exactly 5 labels (1 = worst … 5 = best), got {}", labels->size()));
    return std::nullopt;
  }
};

}  // namespace

void convert_visit(Section& s, Policy& p, Context&) {
  VisitPolicy& v = p.visit;
  s.read("outreach_every", v.outreach_every, as_length);
  s.read("survey_every", v.survey_every, as_length);
  s.read("satisfied_at_or_above", v.satisfied_at_or_above, AsInt{1, 5});
  s.read("scale", v.scale, AsScale{});
  s.finish();
}

}  // namespace svc::policy_convert
