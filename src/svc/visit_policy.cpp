// Policy [visit]: how often units are visited and surveyed, who plans and makes the visits, the
// survey's questions and the rating scale (domain-rules 4).
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

// The outreach plan's periods are calendar months (every half year: January and July), so its
// length is whole months or years.
struct AsMonths {
  std::optional<Duration> operator()(Checker& ck, const toml::node& n, const std::string& key) const {
    auto d = as_length(ck, n, key);
    if (!d || d->unit == Duration::Unit::months || d->unit == Duration::Unit::years) return d;
    ck.add(n.source(), key,
           msg("must be whole months or years such as \"6mo\" or \"1y\" (the plan's periods are calendar months), "
               "got '{}'", format_duration(*d)));
    return std::nullopt;
  }
};

// A survey question is a column of the survey file: not one of its fixed columns.
struct AsQuestions {
  std::optional<std::vector<std::string>> operator()(Checker& ck, const toml::node& n,
                                                     const std::string& key) const {
    auto names = as_strings(ck, n, key);
    if (!names) return names;
    for (std::size_t i = 0; i < names->size(); ++i) {
      const std::string& q = (*names)[i];
      if (q.empty() || q == "unit" || q == "date" || q == "comment") {
        ck.add(n.as_array()->get(i)->source(), index_key(key, i),
               msg("'{}' cannot name a question (not empty, and not unit, date or comment: the file's other columns)", q));
        return std::nullopt;
      }
    }
    return names;
  }
};

}  // namespace

void convert_visit(Section& s, Policy& p, Context& cx) {
  VisitPolicy& v = p.visit;
  s.read("outreach_every", v.outreach_every, AsMonths{});
  s.read("survey_every", v.survey_every, as_length);
  s.read("satisfied_at_or_above", v.satisfied_at_or_above, AsInt{1, 5});
  s.read("scale", v.scale, AsScale{});
  s.read("plan_role", v.plan_role, AsRole{cx});
  s.read("visitor_role", v.visitor_role, AsRole{cx});
  s.read("survey_questions", v.survey_questions, AsQuestions{});
  s.finish();
}

}  // namespace svc::policy_convert
