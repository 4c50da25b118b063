// SHA-256 (FIPS 180-4), for the audit hash chain and the policy fingerprint.
#pragma once

#include <string>
#include <string_view>

namespace svc {

// Lower-case hex digest of the bytes: with the CPU's SHA extensions when it has them.
std::string sha256_hex(std::string_view bytes);
// The same with the portable rounds only, and whether sha256_hex uses the extensions: for the tests
// that hold the two to the same digests.
std::string sha256_hex_portable(std::string_view bytes);
bool sha256_uses_cpu_extensions();

}  // namespace svc
