// The scenario examples in docs/ stay valid: every fenced block there that holds a setup or a
// traffic block parses (completed with a minimal traffic or setup block where it shows only a
// part). A doc example that no longer loads fails here, naming the page.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/input_error.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> fencedBlocks(const std::string& text) {
  std::vector<std::string> blocks;
  std::size_t pos = 0;
  while ((pos = text.find("```", pos)) != std::string::npos) {
    const std::size_t body = text.find('\n', pos);
    const std::size_t end = text.find("```", body);
    if (body == std::string::npos || end == std::string::npos) {
      break;
    }
    blocks.push_back(text.substr(body + 1, end - body - 1));
    pos = end + 3;
  }
  return blocks;
}

TEST(DocsExamples, EveryScenarioExampleInDocsParses) {
  const fs::path docs = fs::path(SHADOWSCALE_SOURCE_DIR) / "docs";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(docs)) {
    if (entry.path().extension() != ".md") {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    for (std::string block : fencedBlocks(ss.str())) {
      const bool has_setup = block.find("setup {") != std::string::npos;
      const bool has_traffic = block.find("traffic {") != std::string::npos;
      // A command transcript (a `console` block) is not a scenario, though it may quote one.
      const bool transcript = block.rfind("$ ", 0) == 0;
      if (transcript || (!has_setup && !has_traffic) || block.find("name:") == std::string::npos) {
        continue;
      }
      if (!has_setup) {
        block += "\nsetup { name: \"x\" }\n";
      }
      if (!has_traffic) {
        block = "traffic { duration: \"1h\" synthetic {} }\n" + block;
      }
      try {
        parseScenarioText(block, entry.path().filename().string(), SHADOWSCALE_SOURCE_DIR);
      } catch (const InputError& e) {
        ADD_FAILURE() << e.what() << "\nin this example:\n" << block;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 5) << "the docs hold fewer scenario examples than expected";
}

}  // namespace
}  // namespace shadowscale
