#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace shadowscale {

// The fuzz targets: each feeds arbitrary bytes to one reader of untrusted input. Bad input must
// end in an InputError (caught here); any other exception, a crash or a sanitizer report is a
// finding. scripts/fuzz.sh builds each as a libFuzzer program (clang); the test suite replays
// every file of fuzz/corpus/<name>/ through the same functions (tests/fuzz/).
using FuzzTarget = int (*)(const std::uint8_t* data, std::size_t size);

int fuzzScenarioText(const std::uint8_t* data, std::size_t size);
int fuzzClfLine(const std::uint8_t* data, std::size_t size);
int fuzzCombinedLine(const std::uint8_t* data, std::size_t size);
int fuzzNginxLine(const std::uint8_t* data, std::size_t size);
int fuzzCountCsv(const std::uint8_t* data, std::size_t size);
int fuzzCaptureReader(const std::uint8_t* data, std::size_t size);
int fuzzGorReader(const std::uint8_t* data, std::size_t size);
int fuzzProxyRequest(const std::uint8_t* data, std::size_t size);
int fuzzRouteRules(const std::uint8_t* data, std::size_t size);

// A target and the folder name of its corpus.
struct NamedFuzzTarget {
  std::string_view name;
  FuzzTarget run;
};

// Every target, for the corpus replay test.
const std::vector<NamedFuzzTarget>& fuzzTargets();

}  // namespace shadowscale
