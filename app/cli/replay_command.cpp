#include "app/cli/replay_command.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/exit_codes.h"
#include "app/cli/output_paths.h"
#include "core/input_error.h"
#include "io/atomic_file.h"
#include "live/replay_client.h"
#include "live/replay_report.h"
#include "live/replay_schedule.h"
#include "scenarios/units.h"
#include "sim/report.h"

namespace shadowscale {

namespace {

constexpr const char* kDescription =
    "replay a capture against a real HTTP server\n"
    "Sends the requests of CAPTURE (written by `shadowscale import` or the live proxy) to the\n"
    "server at --target, each at its recorded time (or --speed times faster) whether or not\n"
    "earlier ones were answered, and measures latency from each request's intended send time,\n"
    "so a server that stalls shows its queueing. Prints a summary, checks --threshold limits\n"
    "and with --out writes summary.json and junit.xml. See docs/live-replay.md.";

constexpr const char* kFooter =
    "exit codes: 0 all thresholds held, 99 a threshold was crossed, 2 bad arguments or capture,\n"
    "1 other failure.";

// The command's arguments.
struct ReplayArgs {
  std::string capture;
  std::string target;
  double speed = 1.0;
  int connections = 64;
  std::size_t max_waiting = 10000;
  std::string timeout = "10s";
  std::string reorder_window = "1m";
  std::vector<std::string> thresholds;
  std::string slo_latency = "300ms";
  double slo_percentile = 0.99;
  double error_budget = 0.001;
  std::string out_dir;
  bool quiet = false;
};

TimeNs durationArg(const char* option, const std::string& text) {
  TimeNs d = 0;
  try {
    d = parseDuration(text);
  } catch (const InputError& e) {
    throw InputError(std::string(option) + ": " + e.problem());
  }
  if (d <= 0) {
    throw InputError(std::string(option) + ": must be more than 0, got '" + text + "'");
  }
  return d;
}

// "p99_ms<300", "error_rate <= 0.01": a threshold as `run` prints them.
ThresholdSpec parseThreshold(const std::string& text) {
  static const std::pair<const char*, ThresholdSpec::Op> kOps[] = {
      {"<=", ThresholdSpec::Op::kLessEqual},
      {">=", ThresholdSpec::Op::kGreaterEqual},
      {"<", ThresholdSpec::Op::kLess},
      {">", ThresholdSpec::Op::kGreater},
  };
  auto trim = [](std::string s) {
    const auto b = s.find_first_not_of(' ');
    const auto e = s.find_last_not_of(' ');
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  for (const auto& [op, kind] : kOps) {
    const std::size_t at = text.find(op);
    if (at == std::string::npos) {
      continue;
    }
    ThresholdSpec t;
    t.metric = trim(text.substr(0, at));
    t.op = kind;
    const std::string value = trim(text.substr(at + std::string(op).size()));
    std::size_t used = 0;
    try {
      t.value = std::stod(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (t.metric.empty() || value.empty() || used != value.size() || !std::isfinite(t.value)) {
      break;
    }
    return t;
  }
  throw InputError("--threshold: '" + text +
                   "' is not METRIC OP NUMBER (OP one of < <= > >=), e.g. 'p99_ms<300'");
}

void showProgress(std::uint64_t done, std::uint64_t total) {
  std::fprintf(stderr, "\r  %llu of %llu requests done", static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total));
  std::fflush(stderr);
}

int runReplay(const ReplayArgs& args) {
  Scenario scenario;  // what the run's writers need to know about this replay
  scenario.name = std::filesystem::path(args.capture).stem().string();
  scenario.source_path = args.capture;
  scenario.seed = 0;
  scenario.slo.latency_target = durationArg("--slo-latency", args.slo_latency);
  scenario.slo.percentile = args.slo_percentile;
  scenario.slo.error_budget = args.error_budget;
  for (const std::string& t : args.thresholds) {
    scenario.thresholds.push_back(parseThreshold(t));
  }
  ReplayOptions options;
  options.target = parseTargetUrl(args.target);
  options.max_connections = args.connections;
  options.max_waiting = args.max_waiting;
  options.timeout = durationArg("--timeout", args.timeout);
  options.slo = scenario.slo;
  if (!args.out_dir.empty()) {
    prepareOutputFolder("--out", args.out_dir);
  }
  ReplaySchedule schedule(args.capture, args.speed,
                          durationArg("--reorder-window", args.reorder_window));
  const bool tty = !args.quiet && isatty(STDERR_FILENO);
  if (tty) {
    options.on_progress = showProgress;
  }
  if (!args.quiet) {
    std::fprintf(stderr, "shadowscale: replaying %llu requests of %s to %s at %gx (%.1f s)\n",
                 static_cast<unsigned long long>(schedule.total()), args.capture.c_str(),
                 args.target.c_str(), args.speed, toSeconds(schedule.length()));
  }
  SloTracker slo(scenario.slo);
  const ReplayResult result = replay(schedule, options, slo);
  if (tty) {
    std::fputs("\r\033[K", stderr);
  }
  if (schedule.late() > 0) {
    std::fprintf(stderr,
                 "note: %llu records were out of order by more than --reorder-window "
                 "and were sent at once\n",
                 static_cast<unsigned long long>(schedule.late()));
  }
  if (schedule.bodiesMissing() > 0) {
    std::fprintf(stderr,
                 "note: %llu requests had a body the capture did not keep; they were "
                 "sent without one\n",
                 static_cast<unsigned long long>(schedule.bodiesMissing()));
  }
  scenario.traffic.duration = result.wall;
  RunReport report;
  report.scenario = scenario.name;
  report.setups.push_back(replayMetrics("replay", result, slo));
  report.checks = checkThresholds(scenario, report.setups);
  std::printf("replay %s -> %s at %gx\n\n%s", args.capture.c_str(), args.target.c_str(), args.speed,
              replaySummaryText(result, slo).c_str());
  if (!report.checks.empty()) {
    std::printf("\nthresholds:\n%s", thresholdLines(report).c_str());
  }
  if (!args.out_dir.empty()) {
    namespace fs = std::filesystem;
    writeFileAtomically((fs::path(args.out_dir) / "summary.json").string(),
                        summaryJson(scenario, report));
    writeFileAtomically((fs::path(args.out_dir) / "junit.xml").string(),
                        junitXml(scenario, report));
    std::printf("\noutputs in %s\n", args.out_dir.c_str());
  }
  if (report.thresholdsCrossed()) {
    throw ThresholdsCrossed("thresholds crossed (exit 99)");
  }
  return kExitOk;
}

}  // namespace

void addReplayCommand(CommandLine& cli) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App& cmd = cli.add(
      "replay", kDescription, [args] { return runReplay(*args); }, kFooter);
  cmd.add_option("CAPTURE", args->capture, "the capture file")->type_name("FILE")->required();
  cmd.add_option("--target", args->target, "the server, http://HOST[:PORT][/PREFIX]")
      ->type_name("URL")
      ->required();
  cmd.add_option("--speed", args->speed, "replay N times faster than captured (default 1)")
      ->type_name("N")
      ->check(positiveNumber());
  cmd.add_option("--connections", args->connections,
                 "connections open at once, at most (default 64)")
      ->type_name("N")
      ->check(wholeNumber(1, 100000));
  cmd.add_option("--max-waiting", args->max_waiting,
                 "due requests waiting for a connection; beyond, dropped and failed "
                 "(default 10000)")
      ->type_name("N")
      ->check(wholeNumber(0, 100000000));
  cmd.add_option("--timeout", args->timeout, "per request, from its send (default 10s)")
      ->type_name("DURATION");
  cmd.add_option("--reorder-window", args->reorder_window,
                 "records out of order by up to this (capture time) are sorted (default 1m)")
      ->type_name("DURATION");
  cmd.add_option("--threshold", args->thresholds,
                 "a limit such as 'p99_ms<300' or 'error_rate<=0.01'; repeatable; crossing "
                 "one exits 99")
      ->type_name("EXPR");
  cmd.add_option("--slo-latency", args->slo_latency, "the SLO's latency target (default 300ms)")
      ->type_name("DURATION");
  cmd.add_option("--slo-percentile", args->slo_percentile,
                 "the percentile the target applies to (default 0.99)")
      ->type_name("P")
      ->check(CLI::Range(0.0, 1.0));
  cmd.add_option("--error-budget", args->error_budget,
                 "allowed share of failed requests per minute (default 0.001)")
      ->type_name("SHARE")
      ->check(CLI::Range(0.0, 1.0));
  cmd.add_option("--out", args->out_dir, "write summary.json and junit.xml to DIR")
      ->type_name("DIR");
  cmd.add_flag("--quiet", args->quiet, "no progress display");
}

}  // namespace shadowscale
