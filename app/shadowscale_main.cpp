// shadowscale: the command-line front end. Each command lives in app/cli/<name>_command.{h,cpp}
// and registers itself on the one CLI11 parser; the work is done by the libraries.
//
// Adding a command `frob`:
//   1. app/cli/frob_command.h declares `void addFrobCommand(CommandLine& cli);`
//   2. app/cli/frob_command.cpp defines it: keep the parsed arguments in a struct held by a
//      shared_ptr, and
//        auto args = std::make_shared<FrobArgs>();
//        CLI::App& cmd = cli.add("frob", "one-line summary\nlonger help text",
//                                [args] { return frob(*args); }, "exit codes: ...");
//        cmd.add_option("--level", args->level, "what it sets")->check(CLI::Range(1, 9));
//      frob() returns kExitOk (app/cli/exit_codes.h) or throws: InputError for bad input
//      (exit 2), ThresholdsCrossed (exit 99), anything else exits 1. Never catch to exit.
//   3. call addFrobCommand(cli) below, in the order of the command list in --help.
// app/cli/version_command.cpp is the smallest example.
#include "app/cli/backtest_command.h"
#include "app/cli/capture_info_command.h"
#include "app/cli/command_line.h"
#include "app/cli/export_command.h"
#include "app/cli/import_command.h"
#include "app/cli/merge_command.h"
#include "app/cli/proxy_command.h"
#include "app/cli/replay_command.h"
#include "app/cli/report_command.h"
#include "app/cli/run_command.h"
#include "app/cli/train_command.h"
#include "app/cli/tune_command.h"
#include "app/cli/version_command.h"

int main(int argc, char** argv) {
  using namespace shadowscale;
  CommandLine cli("shadowscale",
                  "shadowscale: predictive scaling workbench; simulate, forecast, replay");
  addRunCommand(cli);
  addTuneCommand(cli);
  addMergeCommand(cli);
  addReportCommand(cli);
  addTrainCommand(cli);
  addBacktestCommand(cli);
  addExportCommand(cli);
  addImportCommand(cli);
  addCaptureInfoCommand(cli);
  addProxyCommand(cli);
  addReplayCommand(cli);
  addVersionCommand(cli);
  return cli.run(argc, argv);
}
