#include "replay/count_csv_source.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include "core/input_error.h"
#include "core/sampling.h"
#include "core/time_text.h"

namespace shadowscale {
namespace {

// Rows bigger than this are spread over equal sub-intervals with equal shares, so the buffer of
// positions (8 bytes an arrival) stays small whatever the rate multiplier.
constexpr std::size_t kMaxChunk = 1 << 16;
// Diffs looked at to detect the interval.
constexpr std::size_t kIntervalProbeRows = 1000;

// a * b / c without overflowing the product.
std::uint64_t mulDiv(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  return static_cast<std::uint64_t>(static_cast<unsigned __int128>(a) * b / c);
}

}  // namespace

CountCsvSource::CountCsvSource(const CountCsvSpec& spec, TimeNs duration, Rng rng)
    : path_(spec.path), multiplier_(spec.rate_multiplier), rng_(rng) {
  if (spec.path.empty()) {
    throw InputError::at("", 0, "count_csv.path", "no file given");
  }
  if (!std::isfinite(spec.rate_multiplier) || spec.rate_multiplier < 0) {
    throw InputError::at(
        "", 0, "count_csv.rate_multiplier",
        "must be a finite number >= 0, got " + std::to_string(spec.rate_multiplier));
  }
  if (!std::isfinite(spec.loop) || spec.loop < 1) {
    throw InputError::at("", 0, "count_csv.loop",
                         "must be a number >= 1, got " + std::to_string(spec.loop));
  }
  if (spec.interval < 0) {
    throw InputError::at("", 0, "count_csv.interval", "must not be negative");
  }
  if (spec.has_header < -1 || spec.has_header > 1) {
    throw InputError::at("", 0, "count_csv.has_header", "must be -1 (detect), 0 or 1");
  }
  if (duration < 0) {
    throw InputError::at("", 0, "traffic.duration", "must not be negative");
  }
  load(spec);

  const double passes = spec.loop * static_cast<double>(series_length_);
  if (passes >= 9.0e18) {
    throw InputError::at(
        "", 0, "count_csv.loop",
        std::to_string(spec.loop) + " passes of the series overflow the run's time range");
  }
  data_end_ = spec.loop == std::floor(spec.loop) ? static_cast<TimeNs>(spec.loop) * series_length_
                                                 : static_cast<TimeNs>(passes);
  duration_ = duration > 0 ? duration : data_end_;
  buildGaps();

  double largest = 0;
  for (double c : counts_) {
    largest = std::max(largest, c);
  }
  if (largest * multiplier_ > 1e15) {
    throw InputError::at("", 0, "count_csv.rate_multiplier",
                         std::to_string(multiplier_) + " makes a row of more than 1e15 requests");
  }
  // Sized once, so drawing a row never allocates.
  const double largest_row = std::floor(largest * multiplier_) + 2.0;
  positions_.resize(static_cast<std::size_t>(std::min<double>(largest_row, kMaxChunk)));
}

void CountCsvSource::load(const CountCsvSpec& spec) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    throw InputError::at(path_, 0, "",
                         std::string("cannot open the file: ") + std::strerror(errno));
  }
  CountCsvReader reader(path_, {spec.time_format, spec.utc_offset, spec.has_header});
  std::vector<CountRow> rows;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    if (const auto row = reader.read(line, ++line_no)) {
      rows.push_back(*row);
    }
  }
  if (in.bad()) {
    throw InputError::at(path_, line_no, "", "read error");
  }
  had_header_ = reader.hadHeader();
  format_ = reader.timeFormat();
  if (rows.empty()) {
    throw InputError::at(path_, line_no, "", "the file has no data rows");
  }

  if (spec.interval > 0) {
    interval_ = spec.interval;
  } else if (rows.size() < 2) {
    throw InputError::at(path_, rows.front().line, "",
                         "one row is not enough to detect the interval; set interval");
  } else {
    // The most common difference among the first rows; on a tie, the shortest.
    std::vector<TimeNs> diffs;
    for (std::size_t i = 1; i < rows.size() && i <= kIntervalProbeRows; ++i) {
      diffs.push_back(rows[i].unix_ns - rows[i - 1].unix_ns);
    }
    std::sort(diffs.begin(), diffs.end());
    std::size_t best_run = 0;
    for (std::size_t i = 0; i < diffs.size();) {
      std::size_t j = i;
      while (j < diffs.size() && diffs[j] == diffs[i]) {
        ++j;
      }
      if (j - i > best_run) {
        best_run = j - i;
        interval_ = diffs[i];
      }
      i = j;
    }
  }

  starts_.reserve(rows.size());
  counts_.reserve(rows.size());
  const TimeNs first = rows.front().unix_ns;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) {
      const TimeNs diff = rows[i].unix_ns - rows[i - 1].unix_ns;
      if (diff < interval_) {
        throw InputError::at(path_, rows[i].line, "timestamp",
                             "only " + formatDuration(diff) + " after the previous row (line " +
                                 std::to_string(rows[i - 1].line) + "), but rows are " +
                                 formatDuration(interval_) + " apart; set interval if the " +
                                 "detected one is wrong");
      }
    }
    starts_.push_back(rows[i].unix_ns - first);
    counts_.push_back(rows[i].count);
    total_count_ += rows[i].count;
  }
  epoch_ = first + spec.time_offset;
  series_length_ = starts_.back() + interval_;
}

void CountCsvSource::buildGaps() {
  std::vector<TrafficGap> inner;
  for (std::size_t i = 1; i < starts_.size(); ++i) {
    const TimeNs end_of_previous = starts_[i - 1] + interval_;
    if (starts_[i] > end_of_previous) {
      inner.push_back({end_of_previous, starts_[i]});
    }
  }
  const TimeNs end = std::min(duration_, data_end_);
  for (TimeNs offset = 0; offset < end; offset += series_length_) {
    for (const TrafficGap& g : inner) {
      if (g.start + offset >= end) {
        break;
      }
      gaps_.push_back({g.start + offset, std::min(g.end + offset, end)});
    }
  }
  if (duration_ > data_end_) {
    // Asked to run past the data: say so rather than pretend the traffic stopped.
    if (!gaps_.empty() && gaps_.back().end >= data_end_) {
      gaps_.back().end = duration_;
    } else {
      gaps_.push_back({data_end_, duration_});
    }
  }
}

bool CountCsvSource::fillNextRow() {
  const TimeNs end = std::min(duration_, data_end_);
  for (;;) {
    if (!started_) {
      started_ = true;
    } else if (++row_ == starts_.size()) {
      row_ = 0;
      ++pass_;
    }
    const TimeNs start = pass_ * series_length_ + starts_[row_];
    if (start >= end) {
      exhausted_ = true;
      return false;
    }
    // Fractions are carried to the next row: the totals match the file times the multiplier
    // (up to one request), with no randomness added to the counts.
    const double expected = counts_[row_] * multiplier_ + carry_;
    const double whole = std::floor(expected + 1e-9);
    carry_ = expected - whole;
    if (whole < 1.0) {
      continue;
    }
    row_start_ = start;
    row_total_ = static_cast<std::uint64_t>(whole);
    chunks_ = (row_total_ + kMaxChunk - 1) / kMaxChunk;
    chunk_ = 0;
    fillChunk();
    return true;
  }
}

void CountCsvSource::fillChunk() {
  // Equal shares over equal sub-intervals (only rows over kMaxChunk have more than one).
  const std::uint64_t begin = mulDiv(row_total_, chunk_, chunks_);
  const std::uint64_t stop = mulDiv(row_total_, chunk_ + 1, chunks_);
  const auto length = static_cast<std::uint64_t>(interval_);
  const auto t0 = static_cast<TimeNs>(mulDiv(length, chunk_, chunks_));
  const auto t1 = static_cast<TimeNs>(mulDiv(length, chunk_ + 1, chunks_));
  const std::size_t n = static_cast<std::size_t>(stop - begin);
  if (positions_.size() < n) {
    positions_.resize(n);  // not reached: reserved for the largest row when loaded
  }
  // Sorted uniform points in O(n): the partial sums of n + 1 exponential spacings, divided by
  // their total, are distributed as n sorted uniforms.
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += fastExponential(rng_);
    positions_[i] = sum;
  }
  sum += fastExponential(rng_);
  chunk_start_ = row_start_ + t0;
  position_scale_ = static_cast<double>(t1 - t0) / sum;
  position_count_ = n;
  position_next_ = 0;
}

std::size_t CountCsvSource::next(TimeNs until, std::span<Request> out) {
  const TimeNs limit = std::min(until, duration_);
  std::size_t n = 0;
  while (n < out.size()) {
    if (position_next_ == position_count_) {
      if (exhausted_) {
        break;
      }
      if (chunk_ + 1 < chunks_) {
        ++chunk_;
        fillChunk();
      } else if (!fillNextRow()) {
        break;
      }
      continue;
    }
    // Locals for the chunk's loop: stores into `out` cannot alias them.
    const double* positions = positions_.data();
    const double scale = position_scale_;
    const TimeNs start = chunk_start_;
    const std::size_t count = position_count_;
    std::size_t i = position_next_;
    const std::size_t room = out.size() - n;
    const std::size_t stop = count - i < room ? count : i + room;
    Request* dst = out.data() + n;
    for (; i < stop; ++i) {
      const TimeNs t = start + static_cast<TimeNs>(positions[i] * scale);
      if (t >= limit) {
        break;
      }
      dst->arrival = t;
      dst->route = 0;
      dst->flags = 0;
      ++dst;
    }
    n = static_cast<std::size_t>(dst - out.data());
    const bool hit_limit = i < stop;
    position_next_ = i;
    if (hit_limit) {
      break;
    }
  }
  return n;
}

double CountCsvSource::expectedRate(TimeNs t) const {
  if (t < 0 || t >= std::min(duration_, data_end_)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const TimeNs within = t % series_length_;
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), within);
  const std::size_t row = static_cast<std::size_t>(it - starts_.begin()) - 1;
  if (within >= starts_[row] + interval_) {
    return std::numeric_limits<double>::quiet_NaN();  // in a gap
  }
  return counts_[row] * multiplier_ / toSeconds(interval_);
}

}  // namespace shadowscale
