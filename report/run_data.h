#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/run_summary.h"
#include "scenarios/scenario.h"

namespace shadowscale {

// The quantities a run's interval rows are drawn as, each computed from intervals.csv columns
// found by header name.
enum class Quantity : int {
  kDemand,          // demand_rps
  kReady,           // live_ready + shadow_ready
  kStarting,        // live_ and shadow_ provisioning + starting: ordered, not yet serving
  kP50,             // p50_ms
  kP99,             // p99_ms
  kErrors,          // errors
  kErrorRate,       // error_rate
  kCostCumulative,  // running sum of cost_live + cost_shadow
  kShadowWeight,    // shadow_weight
  kMirror,          // mirror_rps
  kForecastP50,     // forecast_p50_rps
  kForecastUpper,   // forecast_upper_rps
  kCount
};
inline constexpr int kQuantityCount = static_cast<int>(Quantity::kCount);

// One setup's interval rows, one vector per quantity (NaN where a value was not recorded).
struct SetupSeries {
  std::string name;
  std::vector<double> time_s;  // each row's interval start, rising
  std::array<std::vector<double>, kQuantityCount> values;
  bool shadow_active = false;  // some shadow column is ever non-zero
  bool has_forecast = false;   // some forecast value is present
  double min_step = std::numeric_limits<double>::infinity();
  int last_line = 0;  // the file line of its last row, for messages

  const std::vector<double>& operator[](Quantity q) const { return values[static_cast<int>(q)]; }
};

// Every setup's interval rows, in order of first appearance.
struct IntervalTable {
  std::string source;  // the file (or stream) name, for messages
  std::vector<SetupSeries> setups;
  std::array<bool, kQuantityCount> present{};  // the file has the columns a quantity needs
  std::optional<std::int64_t> epoch_unix_s;    // UTC time of run second 0, from time_utc
  double t_min = 0;
  double t_max = 0;
  double step = std::numeric_limits<double>::quiet_NaN();  // the interval length
  std::uint64_t rows = 0;

  bool has(Quantity q) const { return present[static_cast<int>(q)]; }
  // The setup called `name`, or null.
  const SetupSeries* find(std::string_view name) const;
  // Where the time axis ends: each row stands for the interval starting at its time.
  double xMax() const;
};

// Builds an IntervalTable row by row: from a file, or from rows streamed by a run as each
// interval closes. Checks what the charts rely on: a setup name, a numeric time that rises
// within each setup, numbers where numbers belong. Errors are InputError "source:line: column:".
class IntervalTableBuilder {
 public:
  // Throws InputError if the header lacks `setup` or `time_s`.
  IntervalTableBuilder(const std::vector<std::string>& header, const std::string& source);

  // Adds one row of fields (as many as the header has).
  void add(std::span<const std::string_view> fields, int line);
  void add(const std::vector<std::string>& fields, int line);
  // Adds one line of CSV text, as the engine writes it (no header, newline optional).
  void addLine(std::string_view text, int line);

  const IntervalTable& table() const { return table_; }
  IntervalTable take() { return std::move(table_); }

 private:
  struct Columns;
  void parseRow(std::span<const std::string_view> fields, int line);
  // The parsed value of column `col` of the current row (NaN for no column).
  double number(std::optional<std::size_t> col) const;
  double sum(const std::vector<std::size_t>& cols) const;

  std::vector<std::string> header_;
  IntervalTable table_;
  std::size_t setup_col_ = 0;
  std::size_t time_col_ = 0;
  std::optional<std::size_t> utc_col_;
  std::array<std::optional<std::size_t>, kQuantityCount> direct_{};
  std::vector<std::size_t> ready_cols_, starting_cols_, cost_cols_, shadow_cols_;
  std::vector<std::size_t> numeric_cols_;  // every column read as a number, the time first
  std::vector<double> row_;                // the current row's numbers, by column
  std::vector<double> cost_;               // running cost per setup
  std::size_t current_ = 0;
  std::vector<std::string> scratch_;
};

// Reads intervals.csv whole. A last row without its newline (the file was cut off) is an error
// naming the line; so is a file with a header and no rows.
IntervalTable readIntervals(const std::string& path);

// A finished run's outputs in memory: what the HTML report and the studio draw.
struct RunData {
  std::string dir;                    // the run folder ("" when loaded from single files)
  std::optional<RunSummary> summary;  // summary.json, when there is one
  IntervalTable intervals;
  std::optional<Scenario> scenario;  // the scenario file summary.json names, when readable
  std::vector<std::string> notes;    // what could not be read and why, for the reader

  // The SLO latency target: summary.json's, else the scenario's.
  std::optional<double> sloLatencyMs() const;
  double sloPercentile() const;
  // The warm-up the key metrics leave out, in seconds (0 when unknown).
  double warmupS() const;
  // The length actually run: summary.json's duration unless it is 0 ("the whole trace") or
  // absent, then the span of the interval rows.
  double durationS() const;
  // The setups' names: intervals.csv's order, then any only summary.json knows.
  std::vector<std::string> setupNames() const;
};

// A run from its intervals.csv and summary.json text ("" = none; `summary_name` names it in
// messages). Checks the two agree: a setup the summary lists with no rows, or rows that stop
// well before the summary's duration, mean intervals.csv was cut short (InputError naming the
// file and its last line).
RunData loadRun(const std::string& intervals_path, const std::string& summary_text,
                const std::string& summary_name);

// A run folder as `shadowscale run --out DIR` writes it: DIR/intervals.csv (required),
// DIR/summary.json and the scenario file it names (both optional; a note says what is missing).
RunData loadRunFolder(const std::string& dir);

// A whole file's text; InputError "path: cannot be read" when it cannot be opened.
std::string readTextFile(const std::string& path);

}  // namespace shadowscale
