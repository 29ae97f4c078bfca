#include "tune/simulated_run.h"

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>

#include "sim/setup_run.h"

namespace shadowscale {

namespace {

// The comma-separated field `n` (0-based) of `line`, or an empty view.
std::string_view field(std::string_view line, int n) {
  for (int i = 0; i < n; ++i) {
    const auto comma = line.find(',');
    if (comma == std::string_view::npos) {
      return {};
    }
    line.remove_prefix(comma + 1);
  }
  return line.substr(0, line.find(','));
}

// Position of `name` in the interval rows' header.
int column(const std::string& name) {
  const std::string header = SetupRun::csvHeader();
  int n = 0;
  std::size_t from = 0;
  while (true) {
    const auto comma = header.find_first_of(",\n", from);
    if (header.compare(from, comma - from, name) == 0) {
      return n;
    }
    if (comma == std::string::npos || header[comma] == '\n') {
      throw std::logic_error("interval rows have no column " + name);
    }
    from = comma + 1;
    ++n;
  }
}

double number(std::string_view text) {
  return std::strtod(std::string(text).c_str(), nullptr);
}

}  // namespace

std::vector<WindowMetrics> runSimulated(const Scenario& scenario, const SetupSpec& setup,
                                        const std::vector<JudgedWindow>& windows) {
  // A price of 1 per CPU-hour makes each row's cost its CPU-hours; per pool, divided by the
  // pool's CPU per instance, its instance-hours.
  Scenario sc = scenario;
  sc.cost.price_per_cpu_hour = 1.0;
  std::vector<WindowMetrics> out(windows.size());
  SetupRun run(sc, setup);
  std::ostringstream rows;
  run.setRowSink(&rows);
  run.setMinuteSink([&](TimeNs t, const SloMinute& m) {
    for (std::size_t i = 0; i < windows.size(); ++i) {
      if (t - kMinute >= windows[i].from && t <= windows[i].to) {
        out[i].violation_minutes += m.violated() ? 1 : 0;
        out[i].requests += static_cast<double>(m.requests);
        out[i].failed += static_cast<double>(m.failed);
      }
    }
  });
  run.run();
  static const int kTime = column("time_s");
  static const int kLive = column("cost_live");
  static const int kShadow = column("cost_shadow");
  const double cpu_live = sc.live.cpu_per_instance > 0 ? sc.live.cpu_per_instance : 1.0;
  const double cpu_shadow = sc.shadow.cpu_per_instance > 0 ? sc.shadow.cpu_per_instance : 1.0;
  const std::string text = rows.str();
  std::string_view all(text);
  while (!all.empty()) {
    const auto nl = all.find('\n');
    const std::string_view line = all.substr(0, nl);
    all.remove_prefix(nl == std::string_view::npos ? all.size() : nl + 1);
    const TimeNs start = fromSeconds(number(field(line, kTime)));
    const double hours =
        number(field(line, kLive)) / cpu_live + number(field(line, kShadow)) / cpu_shadow;
    for (std::size_t i = 0; i < windows.size(); ++i) {
      if (start >= windows[i].from && start + sc.interval <= windows[i].to) {
        out[i].instance_hours += hours;
      }
    }
  }
  return out;
}

}  // namespace shadowscale
