# Warnings and sanitizers for project targets. Call shadowscale_target(<name>) on each target.
add_library(shadowscale_options INTERFACE)
target_compile_options(shadowscale_options INTERFACE -Wall -Wextra)
# Programs that use no forecaster (most tests) then do not load libtorch, whose ~280 shared
# libraries take over a second to load at every start.
target_link_options(shadowscale_options INTERFACE -Wl,--as-needed)
if(SHADOWSCALE_WERROR)
  target_compile_options(shadowscale_options INTERFACE -Werror)
endif()
target_include_directories(shadowscale_options INTERFACE
  ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
if(SHADOWSCALE_SANITIZE)
  # GCC 12 reports false maybe-uninitialized warnings inside libstdc++ (<regex>, std::function)
  # once the sanitizers instrument the code; the plain build keeps the warning.
  target_compile_options(shadowscale_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
    -Wno-maybe-uninitialized)
  target_link_options(shadowscale_options INTERFACE -fsanitize=address,undefined)
endif()

function(shadowscale_target name)
  target_link_libraries(${name} PUBLIC shadowscale_options)
endfunction()

# Adds a GoogleTest executable built from the given sources and registers it with ctest as one
# test. One process per executable rather than one per test case: most test programs load the
# simulator's libraries at start, and starting each of some 450 cases in its own process made
# that start-up most of the suite's time. Run one case with `<exe> --gtest_filter=...`.
function(shadowscale_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE shadowscale_options ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    SHADOWSCALE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SHADOWSCALE_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES TIMEOUT 1200)
endfunction()
