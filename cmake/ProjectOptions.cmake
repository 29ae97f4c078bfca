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

# Adds a GoogleTest executable built from the given sources and registers its tests with ctest.
include(GoogleTest)
function(shadowscale_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE shadowscale_options ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    SHADOWSCALE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SHADOWSCALE_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()
