// The policy key documentation that `svc policy explain` shows: for every key, the rule it comes
// from and what it governs (policy_keys.cpp holds the table, and nothing else).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace svc {

struct PolicyKeyDoc {
  std::string_view key;      // dotted; a "*" segment stands for any name ("fee.items.*.rate")
  std::string_view rule;     // "domain-rules 1.9 (000_3a8a6dc9a1356e86.txt L171)"
  std::string_view governs;  // English source text; the CLI passes it through tr()
};

// Every row, in documentation order.
std::span<const PolicyKeyDoc> policy_key_docs();
// The row for a key: an exact row, else a wildcard row; nullptr when there is none.
const PolicyKeyDoc* find_policy_key_doc(std::string_view dotted_key);
// "fee.items.water" → {"fee", "items", "water"}.
std::vector<std::string> split_dots(std::string_view dotted_key);

}  // namespace svc
