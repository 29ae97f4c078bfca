#include "sim/svg_chart.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace shadowscale {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + what.size())) {
    ++n;
  }
  return n;
}

bool contains(const std::vector<ChartPoint>& points, ChartPoint p) {
  return std::any_of(points.begin(), points.end(),
                     [&](const ChartPoint& q) { return q.x == p.x && q.y == p.y; });
}

// 62 days at one-minute intervals: a daily wave with a few one-sample spikes and dips.
std::vector<ChartPoint> longSeries() {
  std::vector<ChartPoint> points;
  const int n = 62 * 24 * 60;
  for (int i = 0; i < n; ++i) {
    const double t = i * 60.0;
    double y = 100 + 50 * std::sin(t / 86400.0 * 2 * M_PI) + (i * 7919 % 13);
    if (i == 12345 || i == 60001) {
      y = 900 + i % 7;  // a one-minute burst
    }
    if (i == 40000) {
      y = -30;  // a one-minute dip
    }
    points.push_back({t, y});
  }
  return points;
}

TEST(DecimateMinMaxTest, KeepsEveryColumnsExtremesAndBoundsThePointCount) {
  const std::vector<ChartPoint> points = longSeries();
  const double x_min = 0;
  const double x_max = points.back().x + 60;
  const int columns = 800;
  const std::vector<ChartPoint> out = decimateMinMax(points, x_min, x_max, columns);

  EXPECT_LE(out.size(), 2u * columns);
  EXPECT_GE(out.size(), static_cast<std::size_t>(columns));  // every column has data
  EXPECT_TRUE(std::is_sorted(out.begin(), out.end(),
                             [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; }));
  for (const ChartPoint& p : out) {
    EXPECT_TRUE(contains(points, p)) << "invented point " << p.x << "," << p.y;
  }
  // Brute force: each column's lowest and highest value survive. Columns are computed as the
  // decimator does, so points on a column boundary land in the same one.
  const double per_x = columns / (x_max - x_min);
  auto columnOf = [&](double x) {
    return std::min(columns - 1, static_cast<int>(std::floor((x - x_min) * per_x)));
  };
  std::vector<double> lo(columns, std::numeric_limits<double>::infinity());
  std::vector<double> hi(columns, -std::numeric_limits<double>::infinity());
  for (const ChartPoint& p : points) {
    const int c = columnOf(p.x);
    lo[c] = std::min(lo[c], p.y);
    hi[c] = std::max(hi[c], p.y);
  }
  for (int c = 0; c < columns; ++c) {
    const bool has_lo = std::any_of(out.begin(), out.end(), [&](const ChartPoint& p) {
      return p.y == lo[c] && columnOf(p.x) == c;
    });
    const bool has_hi = std::any_of(out.begin(), out.end(), [&](const ChartPoint& p) {
      return p.y == hi[c] && columnOf(p.x) == c;
    });
    EXPECT_TRUE(has_lo) << "column " << c;
    EXPECT_TRUE(has_hi) << "column " << c;
  }
  // The one-sample spikes and the dip, which a plain every-Nth sampling would lose.
  EXPECT_TRUE(contains(out, points[12345]));
  EXPECT_TRUE(contains(out, points[60001]));
  EXPECT_TRUE(contains(out, points[40000]));
}

TEST(DecimateMinMaxTest, ShortSeriesPassThroughUnchanged) {
  const std::vector<ChartPoint> points = {{0, 1}, {10, 5}, {20, 3}, {30, 4}};
  const std::vector<ChartPoint> out = decimateMinMax(points, 0, 40, 800);
  ASSERT_EQ(out.size(), points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(out[i].x, points[i].x);
    EXPECT_EQ(out[i].y, points[i].y);
  }
}

TEST(DecimateMinMaxTest, ConstantSeriesKeepsOnePointPerColumn) {
  std::vector<ChartPoint> points;
  for (int i = 0; i < 1000; ++i) {
    points.push_back({static_cast<double>(i), 7});
  }
  const std::vector<ChartPoint> out = decimateMinMax(points, 0, 1000, 10);
  ASSERT_EQ(out.size(), 10u);
  EXPECT_EQ(out.front().x, 0);  // ties keep the earliest point
  EXPECT_EQ(out.back().x, 900);
}

TEST(DecimateMinMaxTest, MinAndMaxComeOutInTimeOrder) {
  // One column; the maximum comes before the minimum.
  const std::vector<ChartPoint> points = {{0, 5}, {1, 9}, {2, 4}, {3, 1}, {4, 6}};
  const std::vector<ChartPoint> out = decimateMinMax(points, 0, 5, 1);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].x, 1);
  EXPECT_EQ(out[0].y, 9);
  EXPECT_EQ(out[1].x, 3);
  EXPECT_EQ(out[1].y, 1);
}

TEST(DecimateMinMaxTest, SkipsMissingValuesAndClampsOutOfRangeTimes) {
  MinMaxDecimator d(0, 100, 4);
  d.add(10, std::numeric_limits<double>::quiet_NaN());
  d.add(20, std::numeric_limits<double>::infinity());
  EXPECT_EQ(d.added(), 0u);
  EXPECT_TRUE(d.points().empty());
  d.add(-50, 3);  // before the range: first column
  d.add(500, 8);  // after it: last column
  d.add(100, 2);  // the end itself: last column
  EXPECT_EQ(d.added(), 3u);
  const std::vector<ChartPoint> out = d.points();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].x, -50);
  EXPECT_EQ(out[1].x, 100);
  EXPECT_EQ(out[2].x, 500);
}

TEST(DecimateMinMaxTest, RejectsNoColumns) {
  EXPECT_THROW(MinMaxDecimator(0, 1, 0), std::invalid_argument);
  EXPECT_THROW(MinMaxDecimator(0, std::numeric_limits<double>::infinity(), 10),
               std::invalid_argument);
}

TEST(NiceTicksTest, CoversTheRangeWithRoundSteps) {
  EXPECT_EQ(niceTicks(0, 7.3, 5), (std::vector<double>{0, 2, 4, 6, 8}));
  EXPECT_EQ(niceTicks(0, 1000, 5), (std::vector<double>{0, 200, 400, 600, 800, 1000}));
  const std::vector<double> small = niceTicks(0, 0.034, 4);
  ASSERT_GE(small.size(), 2u);
  EXPECT_NEAR(small[1] - small[0], 0.01, 1e-12);
  EXPECT_GE(small.back(), 0.034);
  EXPECT_EQ(niceTicks(5, 5, 5).front(), 5);  // an empty range gets a unit-wide one
  EXPECT_EQ(niceTicks(5, 5, 5).back(), 6);
  const std::vector<double> negative = niceTicks(-30, 900, 5);
  EXPECT_LE(negative.front(), -30);
  EXPECT_GE(negative.back(), 900);
}

// 2026-03-02T00:00:00Z, a Monday.
constexpr std::int64_t kMonday = 1772409600;

TEST(TimeTicksTest, AWeekInUtcGetsOneTickPerDayLabelledWithTheDate) {
  const auto ticks = timeTicks(0, 7 * 86400, kMonday, 8);
  ASSERT_EQ(ticks.size(), 8u);
  EXPECT_EQ(ticks[0].value, 0);
  EXPECT_EQ(ticks[0].label, "Mon 2 Mar");
  EXPECT_EQ(ticks[0].sublabel, "2026");
  EXPECT_EQ(ticks[3].label, "Thu 5 Mar");
  EXPECT_EQ(ticks[3].value, 3 * 86400);
  EXPECT_EQ(ticks[7].label, "Mon 9 Mar");
}

TEST(TimeTicksTest, SixtyTwoDaysGetWeeklyTicksOnMondays) {
  // The run starts on a Wednesday; week ticks still fall on Mondays.
  const std::int64_t wednesday = kMonday + 2 * 86400;
  const auto ticks = timeTicks(0, 62 * 86400, wednesday, 8);
  ASSERT_FALSE(ticks.empty());
  EXPECT_LE(ticks.size(), 10u);
  EXPECT_EQ(ticks[0].value, 5 * 86400);
  for (const AxisTick& t : ticks) {
    EXPECT_EQ(t.label.substr(0, 3), "Mon") << t.label;
  }
}

TEST(TimeTicksTest, HoursShowClockTimesAndTheDateAtMidnight) {
  // 20:00 to 04:00 the next day.
  const auto ticks = timeTicks(20 * 3600, 28 * 3600, kMonday, 8);
  ASSERT_EQ(ticks.size(), 9u);
  EXPECT_EQ(ticks[0].label, "20:00");
  EXPECT_EQ(ticks[0].sublabel, "Mon 2 Mar");
  EXPECT_EQ(ticks[1].sublabel, "");
  EXPECT_EQ(ticks[4].label, "00:00");
  EXPECT_EQ(ticks[4].sublabel, "Tue 3 Mar");
}

TEST(TimeTicksTest, WithoutADateTicksCountDaysFromTheStart) {
  const auto days = timeTicks(0, 8 * 86400, std::nullopt, 8);
  ASSERT_EQ(days.size(), 9u);
  EXPECT_EQ(days[2].label, "+2d");
  const auto hours = timeTicks(0, 6 * 3600, std::nullopt, 8);
  ASSERT_FALSE(hours.empty());
  EXPECT_EQ(hours[0].label, "00:00");
  EXPECT_EQ(hours[0].sublabel, "+0d");
  EXPECT_EQ(hours[1].label, "01:00");
}

TEST(TimeTicksTest, AnEmptyRangeHasNoTicks) {
  EXPECT_TRUE(timeTicks(10, 10, std::nullopt, 8).empty());
}

ChartSpec twoSeriesChart() {
  ChartSpec spec;
  spec.title = "Demand";
  spec.y_label = "requests/s";
  spec.x_min = 0;
  spec.x_max = 100;
  spec.series.push_back({"hpa", "#4e79a7", {{0, 10}, {50, 40}, {100, 20}}, false, 2});
  spec.series.push_back({"a<b>&\"c\"", "#f28e2b", {{0, 5}, {100, 5}}, true, 1.5});
  return spec;
}

TEST(RenderSvgChartTest, DrawsOnePolylinePerSeriesAndALegendEntryForEach) {
  const std::string svg = renderSvgChart(twoSeriesChart());
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_EQ(count(svg, "<polyline"), 2u);
  EXPECT_EQ(count(svg, "class=\"legend-item\""), 2u);
  EXPECT_NE(svg.find(">hpa</text>"), std::string::npos);
  EXPECT_NE(svg.find("Demand"), std::string::npos);
  EXPECT_NE(svg.find("requests/s"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(RenderSvgChartTest, EscapesSeriesNamesAndTitles) {
  ChartSpec spec = twoSeriesChart();
  spec.title = "<b>bold</b>";
  const std::string svg = renderSvgChart(spec);
  EXPECT_EQ(svg.find("a<b>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>bold"), std::string::npos);
  EXPECT_NE(svg.find("a&lt;b&gt;&amp;&quot;c&quot;"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
}

TEST(RenderSvgChartTest, MapsDataToThePlotWithHeadroomAboveTheMaximum) {
  ChartSpec spec;
  spec.x_min = 0;
  spec.x_max = 100;
  spec.plot_width = 200;
  spec.plot_height = 100;
  spec.series.push_back({"s", "#000", {{0, 0}, {50, 100}, {100, 50}}, false, 1});
  const std::string svg = renderSvgChart(spec);
  // y ticks 0..120 (step 20, with headroom above 100): 100 maps to 100 - 100/120*100.
  EXPECT_NE(svg.find("points=\"0,100 100,16.7 200,58.3\""), std::string::npos) << svg;
  EXPECT_NE(svg.find(">120</text>"), std::string::npos);
}

TEST(RenderSvgChartTest, LargeAxesUseOneUnitSuffixForEveryTick) {
  ChartSpec spec;
  spec.x_max = 10;
  spec.series.push_back({"errors", "#000", {{0, 0}, {5, 11000}, {10, 3}}, false, 1});
  const std::string svg = renderSvgChart(spec);
  EXPECT_NE(svg.find(">2k</text>"), std::string::npos);
  EXPECT_NE(svg.find(">12k</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">2000</text>"), std::string::npos);
}

TEST(RenderSvgChartTest, AFixedTopAndARuleAreDrawn) {
  ChartSpec spec;
  spec.x_max = 10;
  spec.plot_height = 100;
  spec.y_max = 1.0;
  spec.series.push_back({"weight", "#000", {{0, 0.5}, {10, 0.5}}, false, 1});
  spec.rules.push_back({0.8, "limit 0.8", "#c00"});
  const std::string svg = renderSvgChart(spec);
  EXPECT_NE(svg.find(">1.0</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">1.2</text>"), std::string::npos);
  EXPECT_NE(svg.find("class=\"rule\""), std::string::npos);
  EXPECT_NE(svg.find(">limit 0.8</text>"), std::string::npos);
  EXPECT_NE(svg.find("y1=\"20\""), std::string::npos);  // 0.8 of 100 px from the bottom
}

TEST(RenderSvgChartTest, ASeriesWithoutPointsIsNamedButNotDrawn) {
  ChartSpec spec = twoSeriesChart();
  spec.series[1].points.clear();
  const std::string svg = renderSvgChart(spec);
  EXPECT_EQ(count(svg, "<polyline"), 1u);
  EXPECT_NE(svg.find("(no data)"), std::string::npos);
}

TEST(RenderSvgChartTest, ManySeriesWrapTheLegendOntoMoreRows) {
  ChartSpec spec = twoSeriesChart();
  const std::string one_row = renderSvgChart(spec);
  for (int i = 0; i < 12; ++i) {
    spec.series.push_back({"setup-with-a-long-name-" + std::to_string(i), "#123", {}, false, 1});
  }
  const std::string rows = renderSvgChart(spec);
  auto height = [](const std::string& svg) {
    const std::size_t at = svg.find("height=\"");
    return std::stoi(svg.substr(at + 8));
  };
  EXPECT_GT(height(rows), height(one_row) + 2 * 18);
}

TEST(EscapeMarkupTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(escapeMarkup("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(escapeMarkup("plain"), "plain");
}

}  // namespace
}  // namespace shadowscale
