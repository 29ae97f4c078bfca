#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/count_csv.h"
#include "core/request.h"
#include "core/rng.h"
#include "core/time.h"
#include "core/traffic_source.h"
#include "replay/traffic_spec.h"

namespace shadowscale {

// Requests from a per-interval count series (timestamp,count), as monitoring systems export
// them. The whole file is read and checked when the source is made (a bad row throws an
// InputError "file:line: field: problem"; the format is CountCsvReader's); the series is kept in
// memory (16 bytes a row).
//
// Each row's count (times rate_multiplier; fractions carried to the next row so totals are
// kept) becomes that many arrivals at uniform random positions within the row's interval.
// Rows more than one interval apart leave a gap: nothing is emitted there and gaps() lists it.
// Run time 0 is the first row; epoch() is its UTC time plus time_offset.
class CountCsvSource final : public TrafficSource {
 public:
  // `spec.path` is opened as given (the factory resolves it). `duration` 0 = the series' own
  // length times spec.loop; a longer duration than the data ends in a reported gap.
  CountCsvSource(const CountCsvSpec& spec, TimeNs duration, Rng rng);

  // TrafficSource
  std::size_t next(TimeNs until, std::span<Request> out) override;
  TimeNs duration() const override { return duration_; }
  // The row's count (after the multiplier) over its interval, per second; NaN in a gap or
  // outside the data.
  double expectedRate(TimeNs t) const override;
  const std::vector<TrafficEvent>& events() const override { return events_; }
  const std::vector<TrafficGap>& gaps() const override { return gaps_; }
  TimeNs epoch() const override { return epoch_; }

  // What was read, for reports.
  std::size_t rows() const { return starts_.size(); }
  TimeNs interval() const { return interval_; }
  CountTimeFormat timeFormat() const { return format_; }
  bool hadHeader() const { return had_header_; }
  // Length of one pass over the series: first row to the end of the last row's interval.
  TimeNs seriesLength() const { return series_length_; }
  // Sum of the counts of one pass, before the multiplier.
  double totalCount() const { return total_count_; }

 private:
  // Loads, checks and stores the file's rows.
  void load(const CountCsvSpec& spec);
  // Lists the gaps of every pass that falls within the duration.
  void buildGaps();
  // Moves to the next row with arrivals and draws its first chunk; false when the data is
  // used up.
  bool fillNextRow();
  // Draws the arrivals of chunk_ of the current row.
  void fillChunk();

  std::string path_;
  double multiplier_ = 1.0;
  CountTimeFormat format_ = CountTimeFormat::kCivil;
  bool had_header_ = false;
  TimeNs interval_ = 0;
  TimeNs epoch_ = 0;
  TimeNs series_length_ = 0;
  TimeNs data_end_ = 0;  // end of the last pass (series_length_ * loop)
  TimeNs duration_ = 0;
  double total_count_ = 0;
  std::vector<TimeNs> starts_;  // run time of each row in the first pass
  std::vector<double> counts_;  // count of each row, before the multiplier
  std::vector<TrafficEvent> events_;
  std::vector<TrafficGap> gaps_;
  Rng rng_;

  // Emission state: a row's arrivals are drawn a chunk at a time (one chunk unless the row is
  // huge); the chunk's arrivals are chunk_start_ + positions_[i] * position_scale_.
  std::size_t row_ = 0;
  std::int64_t pass_ = 0;
  bool started_ = false;
  bool exhausted_ = false;
  double carry_ = 0;
  TimeNs row_start_ = 0;
  std::uint64_t row_total_ = 0;
  std::uint64_t chunks_ = 0;
  std::uint64_t chunk_ = 0;
  TimeNs chunk_start_ = 0;
  double position_scale_ = 0;
  std::vector<double> positions_;  // sized when loaded for the largest chunk
  std::size_t position_count_ = 0;
  std::size_t position_next_ = 0;
};

}  // namespace shadowscale
