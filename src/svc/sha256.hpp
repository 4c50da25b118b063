// SHA-256 (FIPS 180-4), for the audit hash chain and the policy fingerprint.
#pragma once

#include <string>
#include <string_view>

namespace svc {

// Lower-case hex digest of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace svc
