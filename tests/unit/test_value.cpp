// Unit tests for Value object access and JSON output (escaping, key order, layout).
#include <doctest/doctest.h>

#include "svc/value.hpp"

using svc::Value;

TEST_CASE("value set keeps insertion order and replaces in place") {
  Value v = Value::object();
  v.set("zeta", 1);
  v.set("alpha", "a");
  v.set("zeta", 2);
  REQUIRE(v.as_object().size() == 2);
  CHECK(v.as_object()[0].first == "zeta");
  CHECK(v.get("zeta").as_int() == 2);
  CHECK(v.has("alpha"));
  CHECK_FALSE(v.has("beta"));
  CHECK(v.get("beta").is_null());
  CHECK(Value(5).get("x").is_null());
}

TEST_CASE("json pretty print keeps key order") {
  Value v = Value::object();
  v.set("id", 12);
  v.set("ref", "T12");
  v.set("paid", true);
  v.set("closed_at", nullptr);
  Value arr = Value::array();
  arr.push("a");
  arr.push(-3);
  v.set("overdue", arr);
  v.set("deadlines", Value::object());
  v.set("tags", Value::array());
  CHECK(svc::to_json(v) ==
        "{\n"
        "  \"id\": 12,\n"
        "  \"ref\": \"T12\",\n"
        "  \"paid\": true,\n"
        "  \"closed_at\": null,\n"
        "  \"overdue\": [\n"
        "    \"a\",\n"
        "    -3\n"
        "  ],\n"
        "  \"deadlines\": {},\n"
        "  \"tags\": []\n"
        "}");
  CHECK(svc::to_json(v, false) ==
        "{\"id\":12,\"ref\":\"T12\",\"paid\":true,\"closed_at\":null,\"overdue\":[\"a\",-3],"
        "\"deadlines\":{},\"tags\":[]}");
}

TEST_CASE("json escapes only what it must") {
  const std::string s = std::string("q\" b\\ n\n r\r t\t b\b f\f x\x01 y\x1f / 张三 ") + '\x7f';
  CHECK(svc::to_json(Value(s)) ==
        "\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f x\\u0001 y\\u001f / 张三 \\u007f\"");
  CHECK(svc::to_json(Value(std::string("a\0b", 3))) == "\"a\\u0000b\"");
}

TEST_CASE("json numbers with a fraction are doubles that read back the same") {
  CHECK(svc::to_json(Value(0.5492)) == "0.5492");
  CHECK(svc::to_json(Value(1.0)) == "1.0");  // a fraction, so that it reads back as a double
  CHECK(svc::to_json(Value(0.0)) == "0.0");
  const Value back = svc::parse_json("{\"rate\": 0.5492, \"n\": 12, \"e\": 1e-3, \"one\": 1.0}");
  CHECK(back.get("rate").is_double());
  CHECK(back.get("rate").as_double() == 0.5492);
  CHECK(back.get("n").is_int());
  CHECK(back.get("e").as_double() == 0.001);
  CHECK(back.get("one") == Value(1.0));
  CHECK_THROWS(svc::parse_json("1.2.3"));
}
