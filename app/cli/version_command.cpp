#include "app/cli/version_command.h"

#include <cstdio>

#include "app/cli/exit_codes.h"
#include "shadowscale/version.h"

namespace shadowscale {

void addVersionCommand(CommandLine& cli) {
  cli.add("version", "print the version", [] {
    std::printf("shadowscale %s\n", kVersion);
    return kExitOk;
  });
  cli.app().set_version_flag("--version", std::string("shadowscale ") + kVersion,
                             "print the version and exit");
}

}  // namespace shadowscale
