#include "app/cli/report_command.h"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "app/cli/exit_codes.h"
#include "core/input_error.h"
#include "scenarios/scenario_loader.h"
#include "sim/atomic_file.h"
#include "sim/html_report.h"
#include "sim/html_summary.h"

namespace shadowscale {

namespace {

constexpr const char* kUsage = R"(usage: shadowscale report DIR [options]

Rebuilds DIR/report.html, the charts of a finished run, from DIR/intervals.csv and (if present)
DIR/summary.json, as written by `shadowscale run --out DIR`. The page is self-contained: open it
in any browser, offline. See docs/reports.md.

options:
  --out FILE      write the page to FILE (default: DIR/report.html)
  --slo-ms N      draw the SLO latency target N ms on the p99 chart (default: taken from the
                  scenario file named in summary.json, when it can still be read)
  --columns N     pixel columns per chart, i.e. how finely series are thinned (default 800)
  -h, --help      this help

exit codes: 0 written, 2 bad arguments or a missing or malformed input file, 1 other failure.
)";

double parsePositive(const std::string& flag, const std::string& text) {
  std::size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(text, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos != text.size() || !(v > 0)) {
    throw InputError(flag + " needs a positive number, got '" + text + "'");
  }
  return v;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError::at(path, 0, "", "cannot be read");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int runReportCommand(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string dir, out;
  std::optional<double> slo_ms;
  HtmlReportOptions options;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      auto value = [&](const char* name) -> std::string {
        if (i + 1 >= argc) {
          throw InputError(std::string(name) + " needs a value");
        }
        return argv[++i];
      };
      if (a == "-h" || a == "--help") {
        std::fputs(kUsage, stdout);
        return kExitOk;
      } else if (a == "--out") {
        out = value("--out");
      } else if (a == "--slo-ms") {
        slo_ms = parsePositive(a, value("--slo-ms"));
      } else if (a == "--columns") {
        const double c = parsePositive(a, value("--columns"));
        if (c < 50 || c > 10000 || c != static_cast<int>(c)) {
          throw InputError("--columns needs a whole number from 50 to 10000");
        }
        options.columns = static_cast<int>(c);
      } else if (!a.empty() && a[0] == '-') {
        throw InputError("unknown option " + a + " (see --help)");
      } else if (dir.empty()) {
        dir = a;
      } else {
        throw InputError("more than one folder given (" + a + ")");
      }
    }
    if (dir.empty()) {
      std::fputs(kUsage, stderr);
      return kExitBadInput;
    }
    if (!fs::is_directory(dir)) {
      throw InputError::at(dir, 0, "", "not a folder; give the --out folder of a run");
    }
    const std::string csv = (fs::path(dir) / "intervals.csv").string();
    if (!fs::exists(csv)) {
      throw InputError::at(csv, 0, "", "missing; is " + dir + " the output folder of a run?");
    }
    const std::string summary_path = (fs::path(dir) / "summary.json").string();
    std::string summary;
    if (fs::exists(summary_path)) {
      summary = readFile(summary_path);
    } else {
      std::fprintf(stderr, "shadowscale report: %s is missing; the page will have charts only\n",
                   summary_path.c_str());
    }
    options.summary_name = summary_path;
    options.slo_latency_ms = slo_ms;
    if (!slo_ms && !summary.empty()) {
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
    const std::string target = out.empty() ? (fs::path(dir) / "report.html").string() : out;
    writeFileAtomically(target, htmlReport(csv, summary, options));
    std::printf("wrote %s\n", target.c_str());
    return kExitOk;
  } catch (const InputError& e) {
    std::fprintf(stderr, "shadowscale report: %s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shadowscale report: error: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace shadowscale
