# Build step after the doctest binary is linked and its cases discovered: CTest must list exactly
# one entry per doctest case. A case name that CTest splits (a ';' in it) becomes entries that
# match no case and pass green without running anything — so the build fails instead.
# Usage: cmake -DTESTS=<svc_tests> -DBUILD_DIR=<dir> -P count_check.cmake
execute_process(COMMAND ${TESTS} --count OUTPUT_VARIABLE count_out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot count the doctest cases of ${TESTS}")
endif()
string(REGEX MATCH "passing the current filters: ([0-9]+)" _ "${count_out}")
set(doctest_cases ${CMAKE_MATCH_1})

execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --show-only=json-v1 WORKING_DIRECTORY ${BUILD_DIR}
                OUTPUT_VARIABLE json RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot list the CTest entries in ${BUILD_DIR}")
endif()
string(JSON n LENGTH "${json}" tests)
set(ctest_entries 0)
if(n GREATER 0)
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    # Entries whose executable is not built yet have no command: they are not doctest's.
    string(JSON cmd ERROR_VARIABLE missing GET "${json}" tests ${i} command 0)
    if(NOT missing AND cmd STREQUAL TESTS)
      math(EXPR ctest_entries "${ctest_entries} + 1")
    endif()
  endforeach()
endif()

if(NOT doctest_cases EQUAL ctest_entries)
  message(FATAL_ERROR "CTest lists ${ctest_entries} entries for ${doctest_cases} doctest cases: a TEST_CASE name "
                      "contains ';' (CTest splits it into entries that run nothing) — rename it")
endif()
