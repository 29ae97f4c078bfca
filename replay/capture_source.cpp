#include "replay/capture_source.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/input_error.h"
#include "replay/capture_varint.h"

namespace shadowscale {
namespace {

constexpr std::size_t kRouteCacheLimit = 1 << 16;
constexpr TimeNs kNoWatermark = std::numeric_limits<TimeNs>::min() / 4;

}  // namespace

bool decodeCaptureRecordKey(std::string_view payload, CaptureRecordKey& key) {
  using Record = capture::CaptureRecord;
  key = CaptureRecordKey{};
  const auto* p = reinterpret_cast<const unsigned char*>(payload.data());
  const unsigned char* end = p + payload.size();
  while (p < end) {
    std::uint64_t tag = 0;
    if (!readVarint(p, end, tag)) {
      return false;
    }
    const auto field = static_cast<int>(tag >> 3);
    const auto wire = static_cast<int>(tag & 7);
    std::uint64_t v = 0;
    switch (wire) {
      case 0:  // varint
        if (!readVarint(p, end, v)) {
          return false;
        }
        if (field == Record::kArrivalNsFieldNumber) {
          key.arrival_ns = static_cast<TimeNs>((v >> 1) ^ (~(v & 1) + 1));  // zigzag (sint64)
        } else if (field == Record::kMirrorFieldNumber) {
          key.mirror = v != 0;
        }
        break;
      case 1:  // 64-bit
        if (end - p < 8) {
          return false;
        }
        p += 8;
        break;
      case 2: {  // length-delimited
        if (!readVarint(p, end, v) || v > static_cast<std::uint64_t>(end - p)) {
          return false;
        }
        const std::string_view bytes(reinterpret_cast<const char*>(p), v);
        if (field == Record::kMethodFieldNumber) {
          key.method = bytes;
        } else if (field == Record::kRouteFieldNumber) {
          key.route = bytes;
        }
        p += v;
        break;
      }
      case 5:  // 32-bit
        if (end - p < 4) {
          return false;
        }
        p += 4;
        break;
      default:  // groups are not used by the schema
        return false;
    }
    if (field == 0) {
      return false;
    }
  }
  return true;
}

CaptureSource::CaptureSource(std::string path, std::vector<std::string> route_names,
                             CaptureReplayOptions options, Rng rng)
    : path_(std::move(path)),
      options_(options),
      rng_(rng),
      reader_(path_, options.chunk_bytes),
      watermark_(kNoWatermark) {
  if (!(options_.speed > 0) || !std::isfinite(options_.speed)) {
    throw InputError::at(path_, 0, "speed", "must be a positive number");
  }
  if (!(options_.rate_multiplier >= 0) || !std::isfinite(options_.rate_multiplier)) {
    throw InputError::at(path_, 0, "rate_multiplier", "must be 0 or more");
  }
  if (!(options_.loop >= 1) || !std::isfinite(options_.loop)) {
    throw InputError::at(path_, 0, "loop", "must be 1 or more");
  }
  if (options_.duplicate_jitter < 0 || options_.reorder_window < 0 || options_.min_gap < 0 ||
      options_.loop_until < 0) {
    throw InputError::at(path_, 0, "",
                         "duplicate_jitter, reorder_window, min_gap and loop_until cannot be "
                         "negative");
  }
  for (std::size_t i = 0; i < route_names.size(); ++i) {
    // Route r >= 1 is routes[r - 1]; the first of a repeated name wins.
    names_.emplace(route_names[i], static_cast<std::uint32_t>(i + 1));
  }
  scan();
  if (options_.loop_until > 0) {
    const long double passes = static_cast<long double>(options_.loop_until) * options_.speed /
                               static_cast<long double>(period_);
    options_.loop = std::max(1.0, static_cast<double>(passes));
  }
  window_ = static_cast<TimeNs>(static_cast<long double>(options_.reorder_window) / options_.speed);
  passes_ = static_cast<std::int64_t>(std::ceil(options_.loop));
  duration_ =
      static_cast<TimeNs>(static_cast<long double>(period_) * options_.loop / options_.speed);
  epoch_ = reader_.header().start_unix_ns() + first_;
  for (TrafficGap& g : gaps_) {
    g.start = runTime(0, g.start);
    g.end = runTime(0, g.end);
  }
  // Later passes repeat the first pass's gaps.
  const std::size_t per_pass = gaps_.size();
  for (std::int64_t pass = 1; pass < passes_; ++pass) {
    for (std::size_t i = 0; i < per_pass; ++i) {
      const TimeNs shift = runTime(pass, 0);
      TrafficGap g{gaps_[i].start + shift, gaps_[i].end + shift};
      if (g.start < duration_) {
        g.end = std::min(g.end, duration_);
        gaps_.push_back(g);
      }
    }
  }
  if (records_ == 0) {
    exhausted_ = true;
  }
}

void CaptureSource::scan() {
  std::string_view payload;
  CaptureRecordKey key;
  TimeNs last = 0;
  TimeNs latest = 0;
  std::vector<TrafficGap> gaps;
  while (reader_.nextPayload(payload)) {
    if (!decodeCaptureRecordKey(payload, key)) {
      throw InputError::atOffset(path_, reader_.lastRecordOffset(),
                                 "record " + std::to_string(reader_.recordsRead()),
                                 "not a valid CaptureRecord");
    }
    if (records_ == 0) {
      first_ = last = latest = key.arrival_ns;
    } else {
      if (options_.min_gap > 0 && key.arrival_ns - latest > options_.min_gap) {
        gaps.push_back({latest, key.arrival_ns});
      }
      first_ = std::min(first_, key.arrival_ns);
      last = std::max(last, key.arrival_ns);
      latest = std::max(latest, key.arrival_ns);
    }
    ++records_;
  }
  torn_ = reader_.tornTail();
  const TimeNs span = last - first_;
  period_ = span + (records_ > 1 ? span / static_cast<TimeNs>(records_ - 1) : 0);
  if (period_ <= 0) {
    period_ = kSecond;  // one record, or all at one instant: one request a second per pass
  }
  for (const TrafficGap& g : gaps) {
    gaps_.push_back({g.start - first_, g.end - first_});
  }
  reader_.rewind();
}

TimeNs CaptureSource::runTime(std::int64_t pass, TimeNs capture_offset) const {
  const long double t =
      (static_cast<long double>(pass) * static_cast<long double>(period_) + capture_offset) /
      options_.speed;
  return static_cast<TimeNs>(t);
}

std::uint32_t CaptureSource::routeIndex(std::string_view method, std::string_view route) {
  key_.assign(method);
  key_.push_back(' ');
  key_.append(route);
  if (auto it = route_cache_.find(key_); it != route_cache_.end()) {
    return it->second;
  }
  std::uint32_t index = 0;
  if (auto it = names_.find(key_); it != names_.end()) {
    index = it->second;
  } else if (auto bare = names_.find(std::string(route)); bare != names_.end()) {
    index = bare->second;
  }
  if (route_cache_.size() >= kRouteCacheLimit) {
    route_cache_.clear();
  }
  route_cache_.emplace(key_, index);
  return index;
}

void CaptureSource::readOne() {
  std::string_view payload;
  if (!reader_.nextPayload(payload)) {
    ++pass_;
    if (pass_ >= passes_) {
      exhausted_ = true;
    } else {
      reader_.rewind();
    }
    return;
  }
  ++stats_.records_read;
  CaptureRecordKey key;
  if (!decodeCaptureRecordKey(payload, key)) {
    throw InputError::atOffset(path_, reader_.lastRecordOffset(), "", "not a valid CaptureRecord");
  }
  if (key.mirror && !options_.include_mirror_copies) {
    ++stats_.mirror_skipped;
    return;
  }
  const TimeNs offset = key.arrival_ns - first_;
  const TimeNs t = runTime(pass_, offset);
  if (t < watermark_ - window_) {
    ++stats_.late;
  }
  watermark_ = std::max(watermark_, t);
  if (t >= duration_) {
    // Past the end of a fractional last pass. Once the watermark is a window beyond the end,
    // nothing later in the file can still fall inside the run.
    if (watermark_ - window_ >= duration_) {
      exhausted_ = true;
    }
    return;
  }
  const double m = options_.rate_multiplier;
  auto copies = static_cast<std::int64_t>(std::floor(m));
  const double fraction = m - static_cast<double>(copies);
  if (fraction > 0 && rng_.uniform() < fraction) {
    ++copies;
  }
  if (copies == 0) {
    ++stats_.dropped;
    return;
  }
  const std::uint32_t route = routeIndex(key.method, key.route);
  push({t, seq_++, route});
  for (std::int64_t c = 1; c < copies; ++c) {
    const auto jitter =
        static_cast<TimeNs>(rng_.uniform() * static_cast<double>(options_.duplicate_jitter));
    const TimeNs tc = runTime(pass_, offset + jitter);
    if (tc < duration_) {
      push({tc, seq_++, route});
      ++stats_.copies;
    }
  }
}

void CaptureSource::push(const Item& item) {
  if (in_order_.empty() || item.time >= in_order_.back().time) {
    in_order_.push_back(item);
  } else {
    heap_.push(item);
  }
}

const CaptureSource::Item* CaptureSource::front() const {
  if (in_order_.empty()) {
    return heap_.empty() ? nullptr : &heap_.top();
  }
  if (heap_.empty()) {
    return &in_order_.front();
  }
  return heap_.top() > in_order_.front() ? &in_order_.front() : &heap_.top();
}

void CaptureSource::popFront() {
  if (!in_order_.empty() && (heap_.empty() || heap_.top() > in_order_.front())) {
    in_order_.pop_front();
  } else {
    heap_.pop();
  }
}

std::size_t CaptureSource::next(TimeNs until, std::span<Request> out) {
  std::size_t count = 0;
  while (count < out.size()) {
    // Read until the earliest pending request is final: no request still in the file can come
    // before it, except ones later than the reorder window.
    const Item* first = front();
    while (!exhausted_) {
      if (first != nullptr && first->time <= watermark_ - window_) {
        break;
      }
      if (watermark_ - window_ >= until) {
        break;  // whatever is read next lands at or after `until`
      }
      readOne();
      first = front();
    }
    if (first == nullptr) {
      break;
    }
    const TimeNs t = std::max(first->time, floor_);
    if (t >= until) {
      break;
    }
    out[count++] = Request{t, first->route, 0};
    floor_ = t;
    popFront();
  }
  stats_.emitted += count;
  if (count < out.size()) {
    // Everything before `until` has been handed out; a late record still in the file goes out
    // no earlier, so arrivals never go backwards across calls.
    floor_ = std::max(floor_, until);
  }
  return count;
}

double CaptureSource::expectedRate(TimeNs) const {
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace shadowscale
