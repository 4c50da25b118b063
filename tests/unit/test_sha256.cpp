// Unit tests for sha256_hex: the FIPS 180-4 example vectors and every padding boundary.
#include <doctest/doctest.h>

#include <string>

#include "svc/sha256.hpp"

using svc::sha256_hex;

TEST_CASE("sha256: FIPS 180-4 vectors (empty, abc, 448-bit, 896-bit)") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(
      sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                 "klmnopqrlmnopqrsmnopqrstnopqrstu") ==
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256: FIPS vector of one million 'a'") {
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: padding boundaries at 55, 56, 63, 64, 65, 119 and 120 bytes") {
  CHECK(sha256_hex(std::string(55, 'x')) ==
        "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  CHECK(sha256_hex(std::string(56, 'x')) ==
        "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  CHECK(sha256_hex(std::string(63, 'x')) ==
        "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
  CHECK(sha256_hex(std::string(64, 'x')) ==
        "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  CHECK(sha256_hex(std::string(65, 'x')) ==
        "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9");
  CHECK(sha256_hex(std::string(119, 'x')) ==
        "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c");
  CHECK(sha256_hex(std::string(120, 'x')) ==
        "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98");
}

TEST_CASE("sha256: UTF-8 text and high/zero bytes are hashed as raw bytes") {
  CHECK(sha256_hex("物业") == "80db8b4017916cbc5d5e10d68063fc85353ede1b3d163b3481f877400623ca75");
  const std::string bytes("\x00\xff\x00\xff\x00\xff", 6);
  CHECK(sha256_hex(bytes) == "47e37c66767711a2c885d2042cae4b2969ec800b46bfd45d0b422e62c77c6410");
}

TEST_CASE("sha256: the CPU's SHA extensions and the portable rounds give the same digest for every length 0-1100 and 1 MB") {
  // On a CPU without the extensions both sides are the portable rounds (and this says so).
  MESSAGE("SHA extensions in use: " << std::string(svc::sha256_uses_cpu_extensions() ? "yes" : "no"));
  std::string bytes;
  std::uint32_t x = 2463534242u;  // xorshift: every byte value, no pattern the rounds could hide
  for (std::size_t n = 0; n <= 1100; ++n) {
    CHECK_MESSAGE(svc::sha256_hex(bytes) == svc::sha256_hex_portable(bytes), "length " << n);
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    bytes.push_back(static_cast<char>(x & 0xff));
  }
  const std::string big(1 << 20, '\xa5');
  CHECK(svc::sha256_hex(big) == svc::sha256_hex_portable(big));
  CHECK(svc::sha256_hex_portable("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
