# Compiler settings shared by every project target. Third-party headers come in as SYSTEM includes,
# so -Werror applies to our code only.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

add_library(tt_warnings INTERFACE)
# -Wmismatched-new-delete: g++ 12 reports Asio's awaitable frame operator new/delete pair as mismatched
# once the coroutine gets inlined into a larger one (a false positive; the pair is Asio's own).
target_compile_options(tt_warnings INTERFACE -Wall -Wextra -Werror -Wno-missing-field-initializers
                       -Wno-mismatched-new-delete)

# tt_library(<name> SOURCES ... DEPS ...) : a libs/<name> target called tt_<name> with public headers
# in include/ and the warnings above.
function(tt_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(tt_${name} STATIC ${ARG_SOURCES})
  target_include_directories(tt_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(tt_${name} PUBLIC ${ARG_DEPS} PRIVATE tt_warnings)
endfunction()

# tt_unit_test(<name> SOURCES ... DEPS ...) : a GoogleTest binary registered with ctest label "unit".
function(tt_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock tt_warnings)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()
