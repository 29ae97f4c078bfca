// Replays every corpus file of fuzz/corpus/<target>/ through its fuzz target: inputs that once
// found a crash stay fixed, and the seeds keep exercising each reader in the normal build.
#include "fuzz/fuzz_targets.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpusFiles(std::string_view target) {
  const fs::path dir = fs::path(SHADOWSCALE_SOURCE_DIR) / "fuzz" / "corpus" / target;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  return files;
}

class FuzzCorpus : public ::testing::TestWithParam<NamedFuzzTarget> {};

TEST_P(FuzzCorpus, EveryFileRunsThroughTheTarget) {
  const NamedFuzzTarget& target = GetParam();
  const std::vector<fs::path> files = corpusFiles(target.name);
  ASSERT_FALSE(files.empty()) << "no corpus for " << target.name;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(file.string());
    // Any exception but the InputError the target catches escapes here and fails the test.
    EXPECT_EQ(target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(AllTargets, FuzzCorpus, ::testing::ValuesIn(fuzzTargets()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace shadowscale
