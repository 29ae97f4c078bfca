// The studio's speed targets (issue 7), measured on the offscreen platform:
// - a time chart of 90 days of per-minute rows for 4 setups (about 130,000 points per line)
//   redraws after a zoom in under 50 ms when thinned to a minimum and maximum per pixel column
//   and painted by the chart's line layer; beside it, the same thinned lines drawn by QtCharts'
//   own line items (the studio's previous path) and every visible point drawn by them (the
//   baseline); the same for all five time charts of the Run page;
// - a run folder of that size opens (read into the run model and charted) in under 1 s; the
//   folder is the default scenario stretched to 90 days, run once by the CLI into the
//   temporary folder (delete /tmp/shadowscale-studio-bench to make it again).
// scripts/bench-studio.sh runs it for medians, beside the longest UI stall during a run.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "app/studio/charts/run_charts.h"
#include "app/studio/charts/time_chart.h"
#include "report/run_data.h"

namespace {

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

// The shipped default scenario stretched to 90 days at a low rate (so the simulation takes
// seconds): the same four setups, one row per minute each.
std::string ninetyDayScenario() {
  std::ifstream in(std::string(SHADOWSCALE_SOURCE_DIR) + "/scenarios/default.textproto");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto replace = [&text](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) {
      std::fprintf(stderr, "studio_bench: default.textproto has no '%s'\n", from.c_str());
      std::exit(1);
    }
    text.replace(at, from.size(), to);
  };
  replace("name: \"default\"", "name: \"default-90d\"");
  replace("duration: \"7d\"", "duration: \"90d\"");
  replace("base_rate: \"120/s\"", "base_rate: \"4/s\"");
  return text;
}

// A run folder of 90 days x 4 setups, written by the CLI (`shadowscale run`) once per machine
// into the temporary folder: what a planner opens.
const std::string& runFolder() {
  static const std::string dir = [] {
    const auto base = std::filesystem::temp_directory_path() / "shadowscale-studio-bench";
    const std::string d = (base / "run").string();
    if (std::filesystem::exists(base / "run" / "summary.json")) {
      return d;
    }
    std::filesystem::create_directories(base);
    std::ofstream(base / "default-90d.textproto") << ninetyDayScenario();
    const std::string command = std::string(SHADOWSCALE_CLI) + " run '" +
                                (base / "default-90d.textproto").string() + "' --quiet --out '" +
                                d + "'";
    std::fprintf(stderr, "studio_bench: %s\n", command.c_str());
    const int status = std::system(command.c_str());
    // 99 (a threshold crossed) still writes the folder.
    if (!std::filesystem::exists(base / "run" / "summary.json")) {
      std::fprintf(stderr, "studio_bench: the run failed (status %d)\n", status);
      std::exit(1);
    }
    return d;
  }();
  return dir;
}

const shadowscale::RunData& run() {
  static const shadowscale::RunData r = shadowscale::loadRunFolder(runFolder());
  return r;
}

// The Run page's charts of the 90-day run at the size they have in a 1600x1000 window.
std::unique_ptr<shadowscale::studio::RunCharts> chartsOf(const shadowscale::RunData& data) {
  auto charts = std::make_unique<shadowscale::studio::RunCharts>();
  charts->resize(1200, 4 * 260);
  std::vector<shadowscale::studio::SetupFigures> figures;
  for (const auto& s : data.summary->setups) {
    figures.push_back(shadowscale::studio::figuresOf(s.name, s.metrics));
  }
  charts->setRuns(
      {{"", &data.intervals, figures, data.warmupS(), data.sloLatencyMs(), data.sloPercentile()}});
  charts->show();
  return charts;
}

// Zooms the charts to a different range each iteration and paints them, as the redraw after
// a zoom: `whole_page` false, the demand chart alone (four setups' demand lines and the
// forecasting setups' median lines and quantile bands); true, all five time charts of the Run
// page (demand, instances, latency, errors, cost: what a wheel turn on one of them redraws).
// `qt_lines`: QtCharts' line items draw the lines instead of the chart's line layer.
void redrawAfterZoom(benchmark::State& state, bool decimate, bool whole_page, bool qt_lines) {
  app();
  const auto charts = chartsOf(run());
  std::vector<shadowscale::studio::TimeChart*> group = charts->group()->charts();
  if (!whole_page) {
    group = {charts->demandChart()};
  }
  for (auto* chart : group) {
    chart->setDecimation(decimate);
    chart->setQtChartsLines(qt_lines);
  }
  charts->group()->refreshAll();
  QImage image(charts->size(), QImage::Format_ARGB32_Premultiplied);
  int step = 0;
  for (auto _ : state) {
    // Wide zooms, from 60 days down to 31, where thinning matters most.
    const double t0 = (step % 30) * 86400.0;
    const double t1 = t0 + (60 - step % 30) * 86400.0;
    for (auto* chart : group) {
      chart->setVisibleRange(t0, t1);
    }
    QPainter painter(&image);
    if (whole_page) {
      charts->render(&painter);
    } else {
      charts->demandChart()->render(&painter);
    }
    ++step;
  }
  std::size_t points = 0;
  for (auto* chart : group) {
    points += chart->pointsDrawn();
  }
  state.counters["points_drawn"] = static_cast<double>(points);
  state.counters["rows_per_setup"] =
      static_cast<double>(run().intervals.find(kSetups[0])->time_s.size());
}

void BM_RedrawAfterZoom_OneChart_Decimated(benchmark::State& state) {
  redrawAfterZoom(state, true, false, false);
}
BENCHMARK(BM_RedrawAfterZoom_OneChart_Decimated)->Unit(benchmark::kMillisecond);

void BM_RedrawAfterZoom_OneChart_DecimatedQtChartsLines(benchmark::State& state) {
  redrawAfterZoom(state, true, false, true);
}
BENCHMARK(BM_RedrawAfterZoom_OneChart_DecimatedQtChartsLines)->Unit(benchmark::kMillisecond);

void BM_RedrawAfterZoom_OneChart_EveryPoint(benchmark::State& state) {
  redrawAfterZoom(state, false, false, true);
}
BENCHMARK(BM_RedrawAfterZoom_OneChart_EveryPoint)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_RedrawAfterZoom_RunPage_Decimated(benchmark::State& state) {
  redrawAfterZoom(state, true, true, false);
}
BENCHMARK(BM_RedrawAfterZoom_RunPage_Decimated)->Unit(benchmark::kMillisecond);

void BM_RedrawAfterZoom_RunPage_DecimatedQtChartsLines(benchmark::State& state) {
  redrawAfterZoom(state, true, true, true);
}
BENCHMARK(BM_RedrawAfterZoom_RunPage_DecimatedQtChartsLines)->Unit(benchmark::kMillisecond);

void BM_RedrawAfterZoom_RunPage_EveryPoint(benchmark::State& state) {
  redrawAfterZoom(state, false, true, true);
}
BENCHMARK(BM_RedrawAfterZoom_RunPage_EveryPoint)->Unit(benchmark::kMillisecond)->Iterations(2);

// Opens the run folder as Compare runs does: reads it into the run model and draws every chart.
void BM_OpenRunFolder(benchmark::State& state) {
  app();
  runFolder();
  for (auto _ : state) {
    const auto data =
        std::make_unique<shadowscale::RunData>(shadowscale::loadRunFolder(runFolder()));
    const auto charts = chartsOf(*data);
    QImage image(charts->size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    charts->render(&painter);
    benchmark::DoNotOptimize(data->intervals.rows);
  }
}
BENCHMARK(BM_OpenRunFolder)->Unit(benchmark::kMillisecond);

// The baseline of opening: reading the same folder's files into the run model, nothing drawn.
void BM_ReadRunFolderOnly(benchmark::State& state) {
  runFolder();
  for (auto _ : state) {
    const shadowscale::RunData data = shadowscale::loadRunFolder(runFolder());
    benchmark::DoNotOptimize(data.intervals.rows);
  }
}
BENCHMARK(BM_ReadRunFolderOnly)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
