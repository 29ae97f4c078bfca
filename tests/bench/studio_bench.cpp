// The studio's speed targets (issue 7), measured on the offscreen platform:
// - a time chart of 90 days of per-minute rows for 4 setups (129,600 points per line) redraws
//   after a zoom in under 50 ms when thinned to a minimum and maximum per pixel column; the
//   baseline draws every visible point;
// - a run folder of that size opens (read into the run model and charted) in under 1 s.
// Run with --benchmark_repetitions=5 --benchmark_report_aggregates_only=true for medians.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "app/studio/charts/run_charts.h"
#include "app/studio/charts/time_chart.h"
#include "report/run_data.h"
#include "sim/setup_run.h"

namespace {

using shadowscale::IntervalTable;
using shadowscale::Quantity;

constexpr int kDays = 90;
constexpr int kRowsPerSetup = kDays * 1440;
const char* const kSetups[] = {"hpa", "schedule", "predictive", "hybrid"};

QApplication& app() {
  static int argc = 1;
  static char name[] = "studio_bench";
  static char* argv[] = {name, nullptr};
  static QApplication* a = [] {
    ::setenv("QT_QPA_PLATFORM", "offscreen", 0);
    return new QApplication(argc, argv);
  }();
  return *a;
}

// A run folder as the engine writes it: 90 days, 4 setups, every column of its header filled.
const std::string& runFolder() {
  static const std::string dir = [] {
    const std::string d =
        (std::filesystem::temp_directory_path() / "shadowscale-studio-bench-run").string();
    std::filesystem::create_directories(d);
    std::ofstream csv(d + "/intervals.csv", std::ios::binary);
    csv << shadowscale::SetupRun::csvHeader();
    char row[512];
    for (int s = 0; s < 4; ++s) {
      for (int i = 0; i < kRowsPerSetup; ++i) {
        const double demand = 300 + 200 * std::sin(i * 2 * M_PI / 1440) + (i * 7919 % 37);
        const int day = i / 1440, minute = i % 1440;
        std::snprintf(row, sizeof row,
                      "%s,%d,2026-%02d-%02dT%02d:%02d:00Z,%.2f,%.2f,0,0,%d,%.5f,%.1f,%.1f,%.1f,"
                      "%.1f,0,%d,%d,0,1.00,0,0,0,0,0,0,0.0042,0,%.2f,%.2f,\n",
                      kSetups[s], i * 60, 1 + day / 28, 1 + day % 28, minute / 60, minute % 60,
                      demand, demand, i % 5, (i % 97) * 1e-5, 20.0, 60.0 + i % 13, 90.0 + i % 29,
                      120.0, i % 5, 4 + i % 3, demand * 0.95, demand * 1.2);
        csv << row;
      }
    }
    std::ofstream(d + "/summary.json")
        << R"({"scenario": "bench", "seed": 1, "duration_s": )" << kRowsPerSetup * 60
        << R"(, "interval_s": 60, "warmup_s": 86400, "setups": [)"
        << R"({"name": "hpa", "metrics": {"cost_total": 10, "slo_violation_minutes": 5}},)"
        << R"({"name": "schedule", "metrics": {"cost_total": 12, "slo_violation_minutes": 1}},)"
        << R"({"name": "predictive", "metrics": {"cost_total": 11, "slo_violation_minutes": 2}},)"
        << R"({"name": "hybrid", "metrics": {"cost_total": 13, "slo_violation_minutes": 0}}]})";
    return d;
  }();
  return dir;
}

const shadowscale::RunData& run() {
  static const shadowscale::RunData r = shadowscale::loadRunFolder(runFolder());
  return r;
}

// Zooms to a different week each iteration and paints the chart, as a redraw after a zoom.
void redrawAfterZoom(benchmark::State& state, bool decimate) {
  app();
  shadowscale::studio::TimeChart chart("Demand", "requests/s");
  chart.resize(1200, 400);
  for (int s = 0; s < 4; ++s) {
    chart.addLine({kSetups[s], QColor::fromHsv(s * 80, 200, 200), Qt::SolidLine, 1.5,
                   &run().intervals, kSetups[s], Quantity::kDemand});
  }
  chart.setDecimation(decimate);
  chart.show();
  chart.refresh();
  QImage image(chart.size(), QImage::Format_ARGB32_Premultiplied);
  int week = 0;
  for (auto _ : state) {
    // Wide zooms: from 60 days down to 30, where thinning matters most.
    const double t0 = (week % 30) * 86400.0;
    chart.setVisibleRange(t0, t0 + (60 - week % 30) * 86400.0);
    QPainter painter(&image);
    chart.render(&painter);
    ++week;
  }
  state.counters["points_drawn"] = static_cast<double>(chart.pointsDrawn());
}

void BM_RedrawAfterZoom_Decimated(benchmark::State& state) {
  redrawAfterZoom(state, true);
}
BENCHMARK(BM_RedrawAfterZoom_Decimated)->Unit(benchmark::kMillisecond);

void BM_RedrawAfterZoom_EveryPoint(benchmark::State& state) {
  redrawAfterZoom(state, false);
}
BENCHMARK(BM_RedrawAfterZoom_EveryPoint)->Unit(benchmark::kMillisecond);

// Reads the run folder into the run model and draws every chart of it, as Compare runs does.
void BM_OpenRunFolder(benchmark::State& state) {
  app();
  runFolder();
  for (auto _ : state) {
    auto data = std::make_unique<shadowscale::RunData>(shadowscale::loadRunFolder(runFolder()));
    shadowscale::studio::RunCharts charts;
    charts.resize(1400, 1100);
    std::vector<shadowscale::studio::SetupFigures> figures;
    for (const auto& s : data->summary->setups) {
      figures.push_back(shadowscale::studio::figuresOf(s.name, s.metrics));
    }
    charts.setRuns({{"", &data->intervals, figures, data->warmupS(), 500.0, 0.99}});
    charts.show();
    QImage image(charts.size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    charts.render(&painter);
    benchmark::DoNotOptimize(data->intervals.rows);
  }
}
BENCHMARK(BM_OpenRunFolder)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
