// Files compiled into the binary: schema migrations and the built-in default policy.
#pragma once

#include <string_view>
#include <vector>

namespace svc::embedded {

struct Resource {
  std::string_view name;  // e.g. "001_init.sql"
  std::string_view text;
};

// schema/NNN_*.sql in order; NNN is the schema version the file brings the database to.
const std::vector<Resource>& migrations();

// examples/policy.toml: the rules of the seed documents (policy.md).
std::string_view default_policy();

}  // namespace svc::embedded
