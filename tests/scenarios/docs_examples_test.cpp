// The scenario examples in docs/ stay valid: every fenced block tagged `textproto` loads, as a
// whole scenario or as a fragment placed inside a minimal one (a `policy { ... }` inside a setup,
// an `hpa { ... }` inside a setup's policy, a `synthetic { ... }` inside the traffic). Every
// fenced block says what it holds, so no scenario example hides in an untagged block. A doc
// example that no longer loads fails here, naming the page and line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>

#include "core/input_error.h"
#include "scenarios/scenario.pb.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;
namespace cfg = shadowscale::config;

const fs::path kSource = SHADOWSCALE_SOURCE_DIR;

// One fenced block of a page: its tag (the word after the fence), first line and text.
struct Fenced {
  std::string tag;
  int line = 0;
  std::string body;
};

std::vector<Fenced> fencedBlocks(const std::string& text) {
  std::vector<Fenced> blocks;
  std::istringstream in(text);
  std::string l;
  int number = 0;
  Fenced* open = nullptr;
  while (std::getline(in, l)) {
    ++number;
    if (l.rfind("```", 0) != 0) {
      if (open != nullptr) {
        open->body += l + "\n";
      }
      continue;
    }
    if (open != nullptr) {
      open = nullptr;
      continue;
    }
    blocks.push_back({l.substr(3), number, ""});
    open = &blocks.back();
  }
  return blocks;
}

std::string readPage(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> pages() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(kSource / "docs")) {
    if (entry.path().extension() == ".md") {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The first field a block sets ("setup", "policy", "hpa", ...), comments skipped.
std::string firstField(const std::string& block) {
  static const std::regex kField(R"(^\s*([A-Za-z_]\w*)\s*[:{<])");
  std::istringstream in(block);
  std::string l;
  while (std::getline(in, l)) {
    std::smatch m;
    if (std::regex_search(l, m, kField)) {
      return m[1].str();
    }
  }
  return "";
}

bool isFieldOf(const google::protobuf::Descriptor* type, const std::string& field) {
  return type->FindFieldByName(field) != nullptr;
}

// The block as a whole scenario: fragments go inside a minimal one; a scenario without a setup
// gets one. Empty when the block is no part of a scenario.
std::string asScenario(const std::string& block) {
  const std::string field = firstField(block);
  const std::string setup_head = "setup {\n  name: \"example\"\n  shadow_pool: true\n";
  if (isFieldOf(cfg::Setup::descriptor(), field) && field != "name") {
    return setup_head + block + "}\n";
  }
  if (isFieldOf(cfg::Policy::descriptor(), field)) {
    return setup_head + "  policy {\n" + block + "  }\n}\n";
  }
  if (isFieldOf(cfg::Traffic::descriptor(), field)) {
    return "traffic {\n" + block + "}\nsetup { name: \"example\" }\n";
  }
  if (isFieldOf(cfg::Scenario::descriptor(), field)) {
    cfg::Scenario parsed;
    google::protobuf::TextFormat::Parser quiet;
    quiet.AllowPartialMessage(true);
    if (quiet.ParseFromString(block, &parsed) && parsed.setup_size() == 0) {
      // The setups its thresholds name, else one.
      std::set<std::string> names;
      for (const cfg::Threshold& t : parsed.threshold()) {
        if (t.has_setup()) {
          names.insert(t.setup());
        }
      }
      if (names.empty()) {
        names.insert("example");
      }
      std::string out = block;
      for (const std::string& n : names) {
        out += "\nsetup { name: \"" + n + "\" shadow_pool: true }";
      }
      return out + "\n";
    }
    return block;
  }
  return "";
}

// Whether an error is only that a file under out/ is missing which one of the page's own
// commands writes (`import ... -o out/shop.capture`); those commands run in
// tests/docs/commands_test.cpp.
bool madeByThePage(const std::string& error, const std::string& page) {
  static const std::regex kMissing(R"(no such file: (\S+))");
  std::smatch m;
  if (!std::regex_search(error, m, kMissing)) {
    return false;
  }
  const fs::path missing = m[1].str();
  const fs::path out = (kSource / "out").lexically_normal();
  const std::string relative = missing.lexically_relative(kSource).generic_string();
  return relative.rfind("out/", 0) == 0 && missing.string().rfind(out.string(), 0) == 0 &&
         page.find("-o " + relative) != std::string::npos;
}

// The paragraph right above line `line` (1-based) of a page.
std::string paragraphAbove(const std::string& page, int line) {
  std::vector<std::string> lines;
  std::istringstream in(page);
  for (std::string l; std::getline(in, l);) {
    lines.push_back(l);
  }
  std::string out;
  int i = line - 2;
  while (i >= 0 && lines[static_cast<std::size_t>(i)].empty()) {
    --i;
  }
  for (; i >= 0 && !lines[static_cast<std::size_t>(i)].empty(); --i) {
    out = lines[static_cast<std::size_t>(i)] + "\n" + out;
  }
  return out;
}

// The docs/examples file the paragraph above a block names ("`docs/examples/x.textproto`"), or
// empty: such a block shows that file.
std::string exampleFileAbove(const std::string& page, int line) {
  static const std::regex kExampleFile(R"(`(docs/examples/[\w.-]+\.textproto)`)");
  std::smatch m;
  const std::string above = paragraphAbove(page, line);
  return std::regex_search(above, m, kExampleFile) ? m[1].str() : std::string();
}

TEST(DocsExamples, ABlockIntroducedAsAnExampleFileShowsThatFile) {
  int compared = 0;
  for (const fs::path& path : pages()) {
    const std::string page = readPage(path);
    for (const Fenced& b : fencedBlocks(page)) {
      const std::string example = exampleFileAbove(page, b.line);
      if (b.tag != "textproto" || example.empty()) {
        continue;
      }
      std::string file = readPage(kSource / example);
      // A page may leave out the file's opening comment lines.
      while (file.rfind("#", 0) == 0 && b.body.rfind("#", 0) != 0) {
        file.erase(0, file.find('\n') + 1);
      }
      EXPECT_EQ(b.body, file) << "docs/" << path.filename().string() << ":" << b.line
                              << " does not show " << example << " as it is";
      ++compared;
    }
  }
  EXPECT_GE(compared, 3);
}

TEST(DocsExamples, EveryFencedBlockSaysWhatItHolds) {
  for (const fs::path& page : pages()) {
    for (const Fenced& b : fencedBlocks(readPage(page))) {
      if (b.tag.empty()) {
        ADD_FAILURE() << "docs/" << page.filename().string() << ":" << b.line
                      << ": a fenced block without a tag (textproto, console, sh, text, cpp, ...)";
      }
    }
  }
}

TEST(DocsExamples, EveryTextprotoBlockLoads) {
  const bool have_shared = fs::exists(SHADOWSCALE_SHARED_DIR);
  const std::string base = (kSource / "scenarios").string();
  int checked = 0;
  for (const fs::path& path : pages()) {
    const std::string page = readPage(path);
    const std::string name = path.filename().string();
    for (const Fenced& b : fencedBlocks(page)) {
      if (b.tag != "textproto") {
        continue;
      }
      const std::string where = "docs/" + name + ":" + std::to_string(b.line);
      if (!have_shared && b.body.find("../shared/") != std::string::npos) {
        std::printf("%s: skipped (../shared is absent)\n", where.c_str());
        continue;
      }
      ++checked;
      try {
        if (firstField(b.body) == "server") {
          // The live proxy's configuration file (docs/live-proxy.md), not a scenario.
          parseProxyFileText(b.body, where, base);
          continue;
        }
        const std::string scenario = asScenario(b.body);
        ASSERT_FALSE(scenario.empty()) << where << ": not a scenario or a part of one:\n" << b.body;
        // An example file's paths are relative to its own folder, the others' to scenarios/.
        const std::string example = exampleFileAbove(page, b.line);
        parseScenarioText(scenario, where,
                          example.empty() ? base : (kSource / example).parent_path().string());
      } catch (const InputError& e) {
        if (!madeByThePage(e.what(), page)) {
          ADD_FAILURE() << e.what() << "\nin this example of " << where << ":\n" << b.body;
        }
      }
    }
  }
  EXPECT_GE(checked, 14) << "the docs hold fewer scenario examples than expected";
}

}  // namespace
}  // namespace shadowscale
