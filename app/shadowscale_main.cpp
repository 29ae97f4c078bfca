// shadowscale: the command-line front end. It parses the command and hands over to the
// command's function; the work is done by the libraries.
#include <cstdio>
#include <cstring>
#include <string>

#include "app/cli/exit_codes.h"
#include "app/cli/run_command.h"
#include "shadowscale/version.h"

namespace {

constexpr const char* kUsage = R"(usage: shadowscale COMMAND [options]

commands:
  run SCENARIO      run a scenario's setups side by side (docs/getting-started.md)
  version           print the version

Run `shadowscale COMMAND --help` for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace shadowscale;
  if (argc < 2 || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  const std::string command = argv[1];
  if (command == "run") {
    return runRunCommand(argc - 1, argv + 1);
  }
  if (command == "version" || command == "--version") {
    std::printf("shadowscale %s\n", kVersion);
    return kExitOk;
  }
  std::fprintf(stderr, "shadowscale: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return kExitBadInput;
}
