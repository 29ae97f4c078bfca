#include "app/cli/run_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "app/cli/exit_codes.h"
#include "core/input_error.h"
#include "scenarios/scenario_loader.h"
#include "sim/engine.h"
#include "sim/report.h"

namespace shadowscale {

namespace {

constexpr const char* kUsage = R"(usage: shadowscale run SCENARIO [options]

Runs every setup of SCENARIO (a scenario text file, see docs/scenario-reference.md) on the
same traffic, prints a side-by-side table, and writes summary.json, intervals.csv and
junit.xml.

options:
  --out DIR       write the output files to DIR (default: out/<scenario name>)
  --seed N        use seed N instead of the scenario's
  --threads N     setups to run at once (default: one per core)
  --quiet         no progress display
  -h, --help      this help

exit codes: 0 all thresholds held, 99 a threshold was crossed, 2 bad scenario or input,
1 other failure.
)";

void showProgress(const RunReport*, const std::vector<std::string>& names,
                  const std::vector<double>& p) {
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

}  // namespace

int runRunCommand(int argc, char** argv) {
  std::string scenario_path, out_dir;
  RunOptions options;
  bool quiet = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= argc) {
        throw InputError(std::string("run: ") + name + " needs a value");
      }
      return argv[++i];
    };
    try {
      if (a == "-h" || a == "--help") {
        std::fputs(kUsage, stdout);
        return kExitOk;
      } else if (a == "--out") {
        out_dir = value("--out");
      } else if (a == "--seed") {
        options.seed = std::stoull(value("--seed"));
      } else if (a == "--threads") {
        options.threads = static_cast<unsigned>(std::stoul(value("--threads")));
      } else if (a == "--quiet") {
        quiet = true;
      } else if (!a.empty() && a[0] == '-') {
        throw InputError("run: unknown option " + a + " (see --help)");
      } else if (scenario_path.empty()) {
        scenario_path = a;
      } else {
        throw InputError("run: more than one scenario given (" + a + ")");
      }
    } catch (const std::logic_error&) {
      std::fprintf(stderr, "shadowscale run: %s needs a number\n", a.c_str());
      return kExitBadInput;
    } catch (const InputError& e) {
      std::fprintf(stderr, "shadowscale %s\n", e.what());
      return kExitBadInput;
    }
  }
  if (scenario_path.empty()) {
    std::fputs(kUsage, stderr);
    return kExitBadInput;
  }
  try {
    const Scenario scenario = loadScenarioFile(scenario_path);
    options.out_dir = out_dir.empty() ? "out/" + scenario.name : out_dir;
    std::vector<std::string> names;
    for (const auto& s : scenario.setups) {
      names.push_back(s.name);
    }
    const bool tty = !quiet && isatty(STDERR_FILENO);
    if (tty) {
      options.on_progress = [&names](const std::vector<double>& p) {
        showProgress(nullptr, names, p);
      };
    }
    if (!quiet) {
      std::fprintf(stderr, "shadowscale: running %s (%zu setups, seed %llu)\n",
                   scenario.name.c_str(), scenario.setups.size(),
                   static_cast<unsigned long long>(options.seed.value_or(scenario.seed)));
    }
    const RunReport report = runScenario(scenario, options);
    if (tty) {
      std::fputs("\r\033[K", stderr);
    }
    std::uint64_t simulated = 0;
    for (const auto& s : report.setups) {
      simulated += s.simulated_requests;
      for (const auto& note : s.notes) {
        std::fprintf(stderr, "note: %s: %s\n", s.name.c_str(), note.c_str());
      }
    }
    std::printf("scenario %s, seed %llu\n\n%s", report.scenario.c_str(),
                static_cast<unsigned long long>(report.seed), sideBySideTable(report).c_str());
    if (!report.checks.empty()) {
      std::printf("\nthresholds:\n%s", thresholdLines(report).c_str());
    }
    std::printf("\n%llu requests simulated in %.1f s; outputs in %s\n",
                static_cast<unsigned long long>(simulated), report.wall_seconds,
                options.out_dir.c_str());
    if (report.thresholdsCrossed()) {
      std::fprintf(stderr, "shadowscale: thresholds crossed (exit %d)\n", kExitThreshold);
      return kExitThreshold;
    }
    return kExitOk;
  } catch (const InputError& e) {
    std::fprintf(stderr, "shadowscale: %s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shadowscale: error: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace shadowscale
