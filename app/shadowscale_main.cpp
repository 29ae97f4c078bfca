// shadowscale: the command-line front end. It parses the command and hands over to the
// command's function; the work is done by the libraries.
#include <cstdio>
#include <cstring>
#include <string>

#include "app/cli/exit_codes.h"
#include "app/cli/forecast_commands.h"
#include "app/cli/import_command.h"
#include "app/cli/report_command.h"
#include "app/cli/run_command.h"
#include "shadowscale/version.h"

namespace {

constexpr const char* kUsage = R"(usage: shadowscale COMMAND [options]

commands:
  run SCENARIO        run a scenario's setups side by side (docs/getting-started.md)
  report DIR          rebuild a run's report.html from its outputs (docs/reports.md)
  train               train the LSTM forecaster on a count series (docs/forecasting.md)
  backtest            compare forecasters with the rolling-origin protocol
  export              write a trained model as TorchScript plus a JSON sidecar
  import              convert access logs, count series or GoReplay files to a capture
                      (docs/capture-and-replay.md)
  capture-info FILE   describe a capture file: header, records, time range, torn tail
  version             print the version

Run `shadowscale COMMAND --help` for a command's options.
)";

// One command: its name and the function that runs it (argv[0] is the command's name).
struct Command {
  const char* name;
  int (*run)(int, char**);
};

constexpr Command kCommands[] = {
    {"run", shadowscale::runRunCommand},
    {"report", shadowscale::runReportCommand},
    {"train", shadowscale::runTrainCommand},
    {"backtest", shadowscale::runBacktestCommand},
    {"export", shadowscale::runExportCommand},
    {"import", shadowscale::runImportCommand},
    {"capture-info", shadowscale::runCaptureInfoCommand},
};

}  // namespace

int main(int argc, char** argv) {
  using namespace shadowscale;
  if (argc < 2 || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  const std::string command = argv[1];
  for (const Command& c : kCommands) {
    if (command == c.name) {
      return c.run(argc - 1, argv + 1);
    }
  }
  if (command == "version" || command == "--version") {
    std::printf("shadowscale %s\n", kVersion);
    return kExitOk;
  }
  std::fprintf(stderr, "shadowscale: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return kExitBadInput;
}
