#include "app/cli/run_command.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/exit_codes.h"
#include "app/cli/output_paths.h"
#include "core/input_error.h"
#include "core/text.h"
#include "live/real_run.h"
#include "scenarios/scenario_loader.h"
#include "sim/engine.h"
#include "sim/report.h"

namespace shadowscale {

namespace {

constexpr const char* kDescription =
    "run a scenario's setups side by side\n"
    "Runs every setup of SCENARIO (a scenario text file, see docs/scenario-reference.md) on the\n"
    "same traffic, prints a side-by-side table, and writes summary.json, intervals.csv,\n"
    "junit.xml and report.html. See docs/getting-started.md.";

constexpr const char* kFooter =
    "exit codes: 0 all thresholds held, 99 a threshold was crossed, 2 bad scenario or input,\n"
    "1 other failure.";

// The command's arguments.
struct RunArgs {
  std::string scenario;
  std::string out_dir;
  std::uint64_t seed = 0;
  bool seed_given = false;
  unsigned threads = 0;
  double speed = 1.0;
  bool speed_given = false;
  bool quiet = false;
};

void showProgress(const std::vector<std::string>& names, const std::vector<double>& p) {
  std::string line = "\r ";
  for (std::size_t i = 0; i < p.size(); ++i) {
    char buf[128];
    std::snprintf(buf, sizeof buf, " %s %3.0f%%", names[i].c_str(), p[i] * 100.0);
    line += buf;
    line += i + 1 < p.size() ? " |" : "";
  }
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

// A scenario whose pools are real runs through the live proxy (docs/live-replay.md).
int runRealScenarioCommand(const Scenario& scenario, const RunArgs& args) {
  RealRunOptions options;
  options.out_dir = args.out_dir.empty() ? "out/" + scenario.name : args.out_dir;
  if (args.seed_given) {
    options.seed = args.seed;
  }
  options.speed = args.speed;
  options.quiet = args.quiet;
  prepareOutputFolder("--out", options.out_dir);
  const RunReport report = runRealScenario(scenario, options);
  std::uint64_t sent = 0;
  for (const auto& s : report.setups) {
    sent += s.simulated_requests;
    for (const auto& note : s.notes) {
      std::fprintf(stderr, "note: %s: %s\n", s.name.c_str(), note.c_str());
    }
  }
  std::printf("scenario %s, seed %llu, real pools at %gx\n\n%s", report.scenario.c_str(),
              static_cast<unsigned long long>(report.seed), args.speed,
              sideBySideTable(report).c_str());
  if (!report.checks.empty()) {
    std::printf("\nthresholds:\n%s", thresholdLines(report).c_str());
  }
  std::printf("\n%llu requests sent in %.1f s; outputs in %s\n",
              static_cast<unsigned long long>(sent), report.wall_seconds, options.out_dir.c_str());
  if (report.thresholdsCrossed()) {
    throw ThresholdsCrossed("thresholds crossed (exit 99)");
  }
  return kExitOk;
}

int runScenarioCommand(const RunArgs& args) {
  const Scenario scenario = loadScenarioFile(args.scenario);
  if (scenario.realPools()) {
    return runRealScenarioCommand(scenario, args);
  }
  if (args.speed_given) {
    throw InputError(
        "--speed: only for scenarios whose pools are real (process or static); "
        "a simulated run is as fast as it can be");
  }
  RunOptions options;
  options.out_dir = args.out_dir.empty() ? "out/" + scenario.name : args.out_dir;
  if (args.seed_given) {
    options.seed = args.seed;
  }
  options.threads = args.threads;
  prepareOutputFolder("--out", options.out_dir);
  std::vector<std::string> names;
  for (const auto& s : scenario.setups) {
    names.push_back(s.name);
  }
  const bool tty = !args.quiet && isatty(STDERR_FILENO);
  if (tty) {
    options.on_progress = [&names](const std::vector<double>& p) { showProgress(names, p); };
  }
  if (!args.quiet) {
    std::fprintf(stderr, "shadowscale: running %s (%zu setup%s, seed %llu)\n",
                 scenario.name.c_str(), scenario.setups.size(),
                 scenario.setups.size() == 1 ? "" : "s",
                 static_cast<unsigned long long>(options.seed.value_or(scenario.seed)));
  }
  const RunReport report = runScenario(scenario, options);
  if (tty) {
    std::fputs("\r\033[K", stderr);
  }
  std::uint64_t simulated = 0;
  for (const auto& s : report.setups) {
    simulated += s.simulated_requests;
  }
  std::fputs(noteLines(report).c_str(), stderr);
  std::printf("scenario %s, seed %llu\n\n%s", report.scenario.c_str(),
              static_cast<unsigned long long>(report.seed), sideBySideTable(report).c_str());
  if (!report.checks.empty()) {
    std::printf("\nthresholds:\n%s", thresholdLines(report).c_str());
  }
  std::printf("\n%s requests simulated in %.1f s; outputs in %s\n",
              formatReadable(static_cast<double>(simulated)).c_str(), report.wall_seconds,
              options.out_dir.c_str());
  if (report.thresholdsCrossed()) {
    throw ThresholdsCrossed("thresholds crossed (exit 99)");
  }
  return kExitOk;
}

}  // namespace

void addRunCommand(CommandLine& cli) {
  auto args = std::make_shared<RunArgs>();
  CLI::App& cmd = cli.add(
      "run", kDescription, [args] { return runScenarioCommand(*args); }, kFooter);
  cmd.add_option("SCENARIO", args->scenario, "the scenario file")->type_name("FILE")->required();
  cmd.add_option("--out", args->out_dir, "write the output files to DIR (default: out/NAME)")
      ->type_name("DIR");
  cmd.add_option("--seed", args->seed, "use seed N instead of the scenario's")
      ->type_name("N")
      ->check(wholeNumber(0))
      ->each([args](const std::string&) { args->seed_given = true; });
  cmd.add_option("--threads", args->threads, "setups to run at once (default: one per core)")
      ->type_name("N")
      ->check(wholeNumber(1, 4096));
  cmd.add_option("--speed", args->speed,
                 "real pools only: send the traffic and run the policies' clock N times faster")
      ->type_name("N")
      ->check(positiveNumber())
      ->each([args](const std::string&) { args->speed_given = true; });
  cmd.add_flag("--quiet", args->quiet, "no progress display");
}

}  // namespace shadowscale
