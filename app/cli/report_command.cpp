#include "app/cli/report_command.h"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "app/cli/exit_codes.h"
#include "core/input_error.h"
#include "io/atomic_file.h"
#include "report/html_report.h"
#include "report/run_summary.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {

namespace {

constexpr const char* kDescription =
    "rebuild a run's report.html from its outputs\n"
    "Rebuilds DIR/report.html, the charts of a finished run, from DIR/intervals.csv and (if\n"
    "present) DIR/summary.json, as written by `shadowscale run --out DIR`. The page is\n"
    "self-contained: open it in any browser, offline. See docs/reports.md.";

constexpr const char* kFooter =
    "exit codes: 0 written, 2 bad arguments or a missing or malformed input file, 1 other "
    "failure.";

// The command's arguments.
struct ReportArgs {
  std::string dir;
  std::string out;
  double slo_ms = 0;  // 0: not given
  int columns = HtmlReportOptions{}.columns;
};

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError::at(path, 0, "", "cannot be read");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int writeReport(const ReportArgs& args) {
  namespace fs = std::filesystem;
  HtmlReportOptions options;
  options.columns = args.columns;
  if (!fs::is_directory(args.dir)) {
    throw InputError::at(args.dir, 0, "", "not a folder; give the --out folder of a run");
  }
  const std::string csv = (fs::path(args.dir) / "intervals.csv").string();
  if (!fs::exists(csv)) {
    throw InputError::at(csv, 0, "", "missing; is " + args.dir + " the output folder of a run?");
  }
  const std::string summary_path = (fs::path(args.dir) / "summary.json").string();
  std::string summary;
  if (fs::exists(summary_path)) {
    summary = readFile(summary_path);
  } else {
    std::fprintf(stderr, "shadowscale report: %s is missing; the page will have charts only\n",
                 summary_path.c_str());
  }
  options.summary_name = summary_path;
  if (args.slo_ms > 0) {
    options.slo_latency_ms = args.slo_ms;
  }
  if (!options.slo_latency_ms && !summary.empty()) {
    // The SLO is part of the scenario, not of summary.json; use it if the file is still there.
    const RunSummary parsed = parseRunSummary(summary, summary_path);
    if (!parsed.slo_latency_ms && !parsed.scenario_file.empty()) {
      try {
        const Scenario scenario = loadScenarioFile(parsed.scenario_file);
        options.slo_latency_ms = toMillis(scenario.slo.latency_target);
        options.slo_percentile = scenario.slo.percentile;
      } catch (const std::exception& e) {
        std::fprintf(stderr,
                     "shadowscale report: no SLO line (the scenario file could not be read: "
                     "%s); give --slo-ms N to draw one\n",
                     e.what());
      }
    }
  }
  const std::string target =
      args.out.empty() ? (fs::path(args.dir) / "report.html").string() : args.out;
  writeFileAtomically(target, htmlReport(csv, summary, options));
  std::printf("wrote %s\n", target.c_str());
  return kExitOk;
}

}  // namespace

void addReportCommand(CommandLine& cli) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App& cmd = cli.add(
      "report", kDescription, [args] { return writeReport(*args); }, kFooter);
  cmd.add_option("DIR", args->dir, "the output folder of a run")->type_name("DIR")->required();
  cmd.add_option("--out", args->out, "write the page to FILE (default: DIR/report.html)")
      ->type_name("FILE");
  cmd.add_option("--slo-ms", args->slo_ms,
                 "draw the SLO latency target N ms on the p99 chart (default: taken from the "
                 "scenario file named in summary.json, when it can still be read)")
      ->type_name("N")
      ->check(positiveNumber());
  cmd.add_option("--columns", args->columns,
                 "pixel columns per chart, i.e. how finely series are thinned")
      ->type_name("N")
      ->check(wholeNumber(50, 10000))
      ->capture_default_str();
}

}  // namespace shadowscale
