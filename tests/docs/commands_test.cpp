// Every command shown in docs/ runs as written and prints what the page says, the way Rust's
// doctests keep examples true. A page's `console` blocks hold `$ ` lines, commands run from the
// repository root with `shadowscale` being the built program; the lines after a command, up to
// the next `$ ` or the end of the block, are its expected stdout and stderr. In an expected line
// `[..]` matches any text, and a line that is exactly `...` matches any number of lines. A
// command that names ../shared is skipped, with a message, when that folder is absent.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/app/cli/cli_process.h"
#include "tests/docs/console_blocks.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = SHADOWSCALE_SOURCE_DIR;

std::vector<std::string> pagesWithCommands() {
  std::vector<std::string> pages;
  for (const auto& entry : fs::directory_iterator(kSource / "docs")) {
    if (entry.path().extension() == ".md" && !consoleCommands(readText(entry.path())).empty()) {
      pages.push_back(entry.path().filename().string());
    }
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

// A scratch copy of the repository root: links to its files, so commands read the repository
// as it is but what they write (out/, captures) stays in the scratch folder. ../shared is
// linked beside it when present.
class Workspace {
 public:
  explicit Workspace(const std::string& page) {
    base_ =
        fs::temp_directory_path() / ("shadowscale-docs-" + std::to_string(::getpid()) + "-" + page);
    fs::remove_all(base_);
    root_ = base_ / "repo";
    fs::create_directories(root_);
    for (const auto& entry : fs::directory_iterator(kSource)) {
      const std::string name = entry.path().filename().string();
      if (name == "out" || name == ".git" || name.rfind("build", 0) == 0) {
        continue;
      }
      fs::create_directory_symlink(entry.path(), root_ / name);
    }
    const fs::path shared = SHADOWSCALE_SHARED_DIR;
    if (fs::exists(shared)) {
      fs::create_directory_symlink(fs::canonical(shared), base_ / "shared");
    }
    fs::create_directories(base_ / "bin");
    fs::create_symlink(SHADOWSCALE_CLI, base_ / "bin" / "shadowscale");
    // Real runs start their instances as the pages do, by the name shadowscale-echo.
    fs::create_symlink(SHADOWSCALE_ECHO, base_ / "bin" / "shadowscale-echo");
  }
  ~Workspace() { fs::remove_all(base_); }

  // Runs one command line with `sh` in the scratch root; `status` is the previous command's
  // exit code on the way in (for `echo $?`) and this one's on the way out.
  std::string run(const std::string& command, int& status) const {
    const std::string script = "cd '" + root_.string() + "' && PATH='" + (base_ / "bin").string() +
                               "':\"$PATH\" && (exit " + std::to_string(status) + "); " + command;
    std::ofstream(base_ / "command.sh") << script << "\n";
    return cli_test::readCommand("sh '" + (base_ / "command.sh").string() + "' 2>&1", status);
  }

 private:
  fs::path base_;
  fs::path root_;
};

class DocsCommands : public ::testing::TestWithParam<std::string> {};

TEST_P(DocsCommands, PrintWhatThePageSays) {
  const std::string page = GetParam();
  const std::vector<ConsoleCommand> commands = consoleCommands(readText(kSource / "docs" / page));
  const bool have_shared = fs::exists(SHADOWSCALE_SHARED_DIR);
  Workspace workspace(page);
  int status = 0;
  int skipped = 0;
  for (const ConsoleCommand& c : commands) {
    if (!have_shared && c.command.find("../shared") != std::string::npos) {
      std::printf("docs/%s:%d: skipped (../shared is absent): %s\n", page.c_str(), c.line,
                  c.command.c_str());
      ++skipped;
      continue;
    }
    const std::string output = workspace.run(c.command, status);
    const std::string mismatch = compareOutput(c.expected, output);
    if (!mismatch.empty()) {
      ADD_FAILURE() << "docs/" << page << ":" << c.line << ": $ " << c.command << "\n"
                    << mismatch << "\nthe whole output was:\n"
                    << output;
    }
  }
  if (skipped == static_cast<int>(commands.size())) {
    GTEST_SKIP() << "every command of docs/" << page << " needs ../shared";
  }
}

INSTANTIATE_TEST_SUITE_P(Pages, DocsCommands, ::testing::ValuesIn(pagesWithCommands()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 3);
                           for (char& ch : name) {
                             ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace shadowscale
