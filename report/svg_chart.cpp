#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "core/calendar.h"

namespace shadowscale {

namespace {

constexpr std::int64_t kMinuteS = 60;
constexpr std::int64_t kHourS = 3600;
constexpr std::int64_t kDayS = 86400;
constexpr std::int64_t kWeekS = 7 * kDayS;
// 1970-01-05 was the first Monday of the Unix era; week ticks start on Mondays.
constexpr std::int64_t kFirstMondayS = 4 * kDayS;

// Layout of a chart, in pixels.
constexpr int kMarginLeft = 72;
constexpr int kMarginRight = 24;
constexpr int kTitleBaseline = 20;
constexpr int kLegendTop = 32;
constexpr int kLegendRow = 18;
constexpr int kMarginBottom = 52;
// Legend text is measured without a font engine: an average glyph of a 12 px sans-serif.
constexpr double kGlyphWidth = 6.4;

const char* const kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void appendNumber(std::string& out, double v) {
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.1f", v);
  // "-0.0" and "12.0" say no more than "0" and "12"; trimming keeps big charts small.
  std::string_view s(buf, static_cast<std::size_t>(n));
  if (s.size() >= 2 && s.substr(s.size() - 2) == ".0") {
    s.remove_suffix(2);
  }
  if (s == "-0") {
    s = "0";
  }
  out.append(s);
}

std::string number(double v) {
  std::string s;
  appendNumber(s, v);
  return s;
}

// A tick value as a person reads it: as many decimals as the step needs; k or M when the
// axis reaches ten thousand or ten million, the same for every tick of the axis.
std::string formatTick(double v, double step, double axis_max) {
  if (std::fabs(v) < step * 1e-6) {
    return "0";
  }
  double scale = 1;
  const char* suffix = "";
  if (axis_max >= 1e7) {
    scale = 1e6;
    suffix = "M";
  } else if (axis_max >= 1e4) {
    scale = 1e3;
    suffix = "k";
  }
  const double s = step / scale;
  const int decimals = s >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(s) - 1e-9));
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f%s", decimals, v / scale, suffix);
  return buf;
}

CivilTime utcCivil(std::int64_t unix_s) {
  return Calendar(unix_s * 1'000'000'000, 0).civil(0);
}

std::string dateLabel(const CivilTime& c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %d %s", kWeekdays[c.day_of_week], c.day, kMonths[c.month - 1]);
  return buf;
}

std::string clockLabel(std::int64_t seconds_of_day, bool with_seconds) {
  char buf[64];
  if (with_seconds) {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld",
                  static_cast<long long>(seconds_of_day / 3600),
                  static_cast<long long>(seconds_of_day / 60 % 60),
                  static_cast<long long>(seconds_of_day % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(seconds_of_day / 3600),
                  static_cast<long long>(seconds_of_day / 60 % 60));
  }
  return buf;
}

// "+3d": days since the start of the run.
std::string runDayLabel(std::int64_t day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "+%lldd", static_cast<long long>(day));
  return buf;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

}  // namespace

const char* setupColor(std::size_t i) {
  static const char* const kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1",
                                         "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"};
  return kPalette[i % std::size(kPalette)];
}

std::vector<double> niceTicks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi <= lo) {
    hi = lo + 1;
  }
  target = std::max(target, 2);
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  // The round step whose tick count comes closest to the target; ties take the larger step.
  double step = magnitude;
  double best = std::numeric_limits<double>::infinity();
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    const double candidate = magnitude * m;
    const double intervals = std::ceil(hi / candidate - 1e-9) - std::floor(lo / candidate + 1e-9);
    const double miss = std::fabs(intervals - target);
    if (miss <= best) {
      best = miss;
      step = candidate;
    }
  }
  const double first = std::floor(lo / step + 1e-9);
  const double last = std::ceil(hi / step - 1e-9);
  std::vector<double> ticks;
  for (double k = first; k <= last + 0.5; k += 1) {
    ticks.push_back(k * step);
  }
  return ticks;
}

std::vector<AxisTick> timeTicks(double t_min, double t_max,
                                std::optional<std::int64_t> epoch_unix_s, int target) {
  static const std::int64_t kSteps[] = {1,
                                        2,
                                        5,
                                        10,
                                        15,
                                        30,
                                        kMinuteS,
                                        2 * kMinuteS,
                                        5 * kMinuteS,
                                        10 * kMinuteS,
                                        15 * kMinuteS,
                                        30 * kMinuteS,
                                        kHourS,
                                        2 * kHourS,
                                        3 * kHourS,
                                        6 * kHourS,
                                        12 * kHourS,
                                        kDayS,
                                        2 * kDayS,
                                        kWeekS,
                                        2 * kWeekS,
                                        4 * kWeekS,
                                        8 * kWeekS,
                                        13 * kWeekS,
                                        26 * kWeekS,
                                        52 * kWeekS};
  std::vector<AxisTick> ticks;
  if (!std::isfinite(t_min) || !std::isfinite(t_max) || t_max <= t_min) {
    return ticks;
  }
  target = std::max(target, 2);
  const double span = t_max - t_min;
  // The step whose tick count comes closest to the target without crowding the labels.
  std::int64_t step = kSteps[std::size(kSteps) - 1];
  double best = std::numeric_limits<double>::infinity();
  for (std::int64_t s : kSteps) {
    const double intervals = span / static_cast<double>(s);
    if (intervals <= target + 2 && std::fabs(intervals - target) < best) {
      best = std::fabs(intervals - target);
      step = s;
    }
  }
  const std::int64_t epoch = epoch_unix_s.value_or(0);
  // Weeks start on Monday in UTC; in run time a week starts at the run's start.
  const std::int64_t align = (step % kWeekS == 0 && epoch_unix_s) ? kFirstMondayS : 0;
  const auto lo = static_cast<std::int64_t>(std::ceil(t_min)) + epoch;
  const auto hi = static_cast<std::int64_t>(std::floor(t_max)) + epoch;
  std::int64_t abs = (floorDiv(lo - align - 1, step) + 1) * step + align;
  bool first = true;
  for (; abs <= hi; abs += step, first = false) {
    AxisTick tick;
    tick.value = static_cast<double>(abs - epoch);
    if (epoch_unix_s) {
      const CivilTime c = utcCivil(abs);
      const std::int64_t tod = c.time_of_day / 1'000'000'000;
      if (step >= kDayS) {
        tick.label = dateLabel(c);
        if (first || (c.month == 1 && c.day <= step / kDayS)) {
          tick.sublabel = std::to_string(c.year);
        }
      } else {
        tick.label = clockLabel(tod, step < kMinuteS);
        if (first || tod == 0) {
          tick.sublabel = dateLabel(c);
        }
      }
    } else {
      const std::int64_t day = floorDiv(abs, kDayS);
      const std::int64_t tod = abs - day * kDayS;
      if (step >= kDayS) {
        tick.label = runDayLabel(day);
      } else {
        tick.label = clockLabel(tod, step < kMinuteS);
        if (first || tod == 0) {
          tick.sublabel = runDayLabel(day);
        }
      }
    }
    ticks.push_back(std::move(tick));
  }
  return ticks;
}

std::string escapeMarkup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string renderSvgChart(const ChartSpec& spec) {
  const int plot_w = std::max(spec.plot_width, 50);
  const int plot_h = std::max(spec.plot_height, 50);
  const int total_w = kMarginLeft + plot_w + kMarginRight;

  // The legend wraps to as many rows as its entries need.
  struct LegendItem {
    std::string text;
    std::string color;
    bool dashed;
    double width;
    bool band = false;
  };
  std::vector<LegendItem> items;
  for (const ChartSeries& s : spec.series) {
    items.push_back({s.points.empty() ? s.name + " (no data)" : s.name, s.color, s.dashed,
                     std::min(s.width, 3.0)});
  }
  for (const ChartRule& r : spec.rules) {
    items.push_back({r.label, r.color, true, 1.5});
  }
  for (const ChartBand& b : spec.bands) {
    items.push_back({b.label, b.color, false, 10, true});
  }
  struct Placed {
    double x;
    int row;
  };
  std::vector<Placed> placed;
  double cursor = kMarginLeft;
  int row = 0;
  for (const LegendItem& item : items) {
    const double w = 28 + kGlyphWidth * static_cast<double>(item.text.size()) + 18;
    if (cursor + w > kMarginLeft + plot_w && cursor > kMarginLeft) {
      cursor = kMarginLeft;
      ++row;
    }
    placed.push_back({cursor, row});
    cursor += w;
  }
  const int legend_rows = items.empty() ? 0 : row + 1;
  const int top = kLegendTop + legend_rows * kLegendRow + 8;
  const int total_h = top + plot_h + kMarginBottom;

  // The y range: from zero (or the lowest value) to a round value above the highest.
  double y_lo = 0;
  double y_hi = 0;
  for (const ChartSeries& s : spec.series) {
    for (const ChartPoint& p : s.points) {
      y_lo = std::min(y_lo, p.y);
      y_hi = std::max(y_hi, p.y);
    }
  }
  for (const ChartRule& r : spec.rules) {
    y_hi = std::max(y_hi, r.y);
    y_lo = std::min(y_lo, r.y);
  }
  std::vector<double> y_ticks;
  if (spec.y_max) {
    y_hi = *spec.y_max;
    y_ticks = niceTicks(y_lo, y_hi, 5);
    std::erase_if(y_ticks, [&](double v) { return v > y_hi * (1 + 1e-9) + 1e-12; });
  } else {
    // Headroom so a line at the maximum is not drawn on the frame.
    y_ticks = niceTicks(y_lo, y_hi > y_lo ? y_hi + (y_hi - y_lo) * 0.03 : y_lo + 1, 5);
    y_hi = y_ticks.back();
  }
  y_lo = std::min(y_lo, y_ticks.front());
  if (y_hi <= y_lo) {
    y_hi = y_lo + 1;
  }
  const double y_step = y_ticks.size() >= 2 ? y_ticks[1] - y_ticks[0] : 1.0;
  const double y_axis_max = std::max(std::fabs(y_ticks.front()), std::fabs(y_ticks.back()));
  const double x_span = spec.x_max > spec.x_min ? spec.x_max - spec.x_min : 1.0;
  auto px = [&](double x) { return (x - spec.x_min) / x_span * plot_w; };
  auto py = [&](double y) { return plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h; };

  std::string o;
  o.reserve(4096);
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ";
  o += std::to_string(total_w) + " " + std::to_string(total_h) + "\" width=\"" +
       std::to_string(total_w) + "\" height=\"" + std::to_string(total_h) +
       "\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n";
  o += "<title>" + escapeMarkup(spec.title) + "</title>\n";
  o += "<text class=\"chart-title\" x=\"" + std::to_string(kMarginLeft) + "\" y=\"" +
       std::to_string(kTitleBaseline) + "\" font-size=\"15\" font-weight=\"bold\">" +
       escapeMarkup(spec.title) + "</text>\n";

  // Legend.
  for (std::size_t i = 0; i < items.size(); ++i) {
    const LegendItem& item = items[i];
    const double x = placed[i].x;
    const double y = kLegendTop + placed[i].row * kLegendRow + kLegendRow / 2.0;
    if (item.band) {
      o += "<g class=\"legend-item\"><rect x=\"" + number(x) + "\" y=\"" + number(y - 6) +
           "\" width=\"22\" height=\"12\" fill=\"" + escapeMarkup(item.color) +
           "\" fill-opacity=\"0.25\"/><text x=\"" + number(x + 28) + "\" y=\"" + number(y + 4) +
           "\">" + escapeMarkup(item.text) + "</text></g>\n";
      continue;
    }
    o += "<g class=\"legend-item\"><line x1=\"" + number(x) + "\" y1=\"" + number(y) + "\" x2=\"" +
         number(x + 22) + "\" y2=\"" + number(y) + "\" stroke=\"" + escapeMarkup(item.color) +
         "\" stroke-width=\"" + number(std::max(item.width, 2.0)) + "\"" +
         (item.dashed ? " stroke-dasharray=\"5 3\"" : "") + "/><text x=\"" + number(x + 28) +
         "\" y=\"" + number(y + 4) + "\">" + escapeMarkup(item.text) + "</text></g>\n";
  }

  // Grid, ticks and labels, in the plot's coordinates.
  o += "<g transform=\"translate(" + std::to_string(kMarginLeft) + "," + std::to_string(top) +
       ")\">\n";
  for (double v : y_ticks) {
    const double y = py(v);
    if (y < -0.5 || y > plot_h + 0.5) {
      continue;
    }
    o += "<line class=\"grid\" x1=\"0\" x2=\"" + std::to_string(plot_w) + "\" y1=\"" + number(y) +
         "\" y2=\"" + number(y) + "\" stroke=\"#e3e3e3\"/><text x=\"-6\" y=\"" + number(y + 4) +
         "\" text-anchor=\"end\" fill=\"#444\">" + escapeMarkup(formatTick(v, y_step, y_axis_max)) +
         "</text>\n";
  }
  // A label centred on a tick near either end would run off the image; it is set beside it.
  auto anchorFor = [&](double x, const std::string& text) {
    const double half = kGlyphWidth * static_cast<double>(text.size()) / 2;
    if (x + half > plot_w + kMarginRight - 2) {
      return "end";
    }
    if (x - half < 2 - kMarginLeft) {
      return "start";
    }
    return "middle";
  };
  std::vector<AxisTick> x_ticks;
  if (spec.x_label.empty()) {
    x_ticks = timeTicks(spec.x_min, spec.x_max, spec.epoch_unix_s, 8);
  } else {
    const std::vector<double> v = niceTicks(spec.x_min, spec.x_max, 8);
    const double step = v.size() >= 2 ? v[1] - v[0] : 1.0;
    const double axis_max = std::max(std::fabs(v.front()), std::fabs(v.back()));
    for (double x : v) {
      x_ticks.push_back({x, formatTick(x, step, axis_max), ""});
    }
  }
  for (const AxisTick& t : x_ticks) {
    const double x = px(t.value);
    if (x < -0.5 || x > plot_w + 0.5) {
      continue;
    }
    o += "<line class=\"grid\" x1=\"" + number(x) + "\" x2=\"" + number(x) + "\" y1=\"0\" y2=\"" +
         std::to_string(plot_h + 4) + "\" stroke=\"#efefef\"/><text x=\"" + number(x) + "\" y=\"" +
         std::to_string(plot_h + 17) + "\" text-anchor=\"" + anchorFor(x, t.label) +
         "\" fill=\"#444\">" + escapeMarkup(t.label) + "</text>\n";
    if (!t.sublabel.empty()) {
      o += "<text x=\"" + number(x) + "\" y=\"" + std::to_string(plot_h + 31) +
           "\" text-anchor=\"" + anchorFor(x, t.sublabel) + "\" fill=\"#777\">" +
           escapeMarkup(t.sublabel) + "</text>\n";
    }
  }
  o += "<line x1=\"0\" y1=\"" + std::to_string(plot_h) + "\" x2=\"" + std::to_string(plot_w) +
       "\" y2=\"" + std::to_string(plot_h) +
       "\" stroke=\"#888\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"" + std::to_string(plot_h) +
       "\" stroke=\"#888\"/>\n";
  o += "<text class=\"axis-label\" x=\"" + std::to_string(plot_w / 2) + "\" y=\"" +
       std::to_string(plot_h + 46) + "\" text-anchor=\"middle\" fill=\"#444\">" +
       (!spec.x_label.empty() ? escapeMarkup(spec.x_label)
        : spec.epoch_unix_s   ? "time (UTC)"
                              : "time since the start of the run") +
       "</text>\n";
  o += "<text class=\"axis-label\" transform=\"translate(" + std::to_string(12 - kMarginLeft) +
       "," + std::to_string(plot_h / 2) + ") rotate(-90)\" text-anchor=\"middle\" fill=\"#444\">" +
       escapeMarkup(spec.y_label) + "</text>\n";
  o += "</g>\n";

  // The data, in a nested <svg> because it clips what falls outside the plot by default.
  o += "<svg x=\"" + std::to_string(kMarginLeft) + "\" y=\"" + std::to_string(top) + "\" width=\"" +
       std::to_string(plot_w) + "\" height=\"" + std::to_string(plot_h) + "\" viewBox=\"0 0 " +
       std::to_string(plot_w) + " " + std::to_string(plot_h) + "\">\n";
  for (const ChartBand& b : spec.bands) {
    const double x0 = std::clamp(px(b.x0), 0.0, static_cast<double>(plot_w));
    const double x1 = std::clamp(px(b.x1), 0.0, static_cast<double>(plot_w));
    if (x1 > x0) {
      o += "<rect class=\"band\" x=\"" + number(x0) + "\" y=\"0\" width=\"" + number(x1 - x0) +
           "\" height=\"" + std::to_string(plot_h) + "\" fill=\"" + escapeMarkup(b.color) +
           "\" fill-opacity=\"0.18\"><title>" + escapeMarkup(b.label) + "</title></rect>\n";
    }
  }
  for (const ChartSeries& s : spec.series) {
    if (s.points.empty()) {
      continue;
    }
    if (s.markers) {
      o += "<g class=\"series\" data-series=\"" + escapeMarkup(s.name) + "\" fill=\"" +
           escapeMarkup(s.color) + "\">";
      for (const ChartPoint& p : s.points) {
        o += "<circle cx=\"";
        appendNumber(o, px(p.x));
        o += "\" cy=\"";
        appendNumber(o, py(p.y));
        o += "\" r=\"" + number(std::max(s.width, 1.0) + 1.5) + "\"/>";
      }
      o += "</g>\n";
      continue;
    }
    o += "<polyline class=\"series\" data-series=\"" + escapeMarkup(s.name) +
         "\" fill=\"none\" stroke=\"" + escapeMarkup(s.color) + "\" stroke-width=\"" +
         number(s.width) + "\" stroke-linejoin=\"round\"" +
         (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"";
    bool first = true;
    for (const ChartPoint& p : s.points) {
      if (!first) {
        o += ' ';
      }
      first = false;
      appendNumber(o, px(p.x));
      o += ',';
      appendNumber(o, py(p.y));
    }
    o += "\"/>\n";
  }
  for (const ChartRule& r : spec.rules) {
    const double y = py(r.y);
    o += "<line class=\"rule\" x1=\"0\" x2=\"" + std::to_string(plot_w) + "\" y1=\"" + number(y) +
         "\" y2=\"" + number(y) + "\" stroke=\"" + escapeMarkup(r.color) +
         "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><text x=\"" +
         std::to_string(plot_w - 4) + "\" y=\"" + number(std::max(y - 4, 12.0)) +
         "\" text-anchor=\"end\" fill=\"" + escapeMarkup(r.color) + "\">" + escapeMarkup(r.label) +
         "</text>\n";
  }
  o += "</svg>\n</svg>\n";
  return o;
}

}  // namespace shadowscale
