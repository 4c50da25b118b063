// The doctest runner for svc_tests (one CTest entry per test case via doctest_discover_tests).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
