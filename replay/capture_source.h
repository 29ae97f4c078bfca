#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/request.h"
#include "core/rng.h"
#include "core/time.h"
#include "core/traffic_source.h"
#include "replay/capture.pb.h"
#include "replay/capture_reader.h"

namespace shadowscale {

// How a capture is replayed.
struct CaptureReplayOptions {
  double speed = 1.0;            // N x speed: run time = capture time / speed
  double rate_multiplier = 1.0;  // < 1 keeps each request with this probability; > 1 adds copies
  TimeNs duplicate_jitter = kSecond;   // copies land uniformly within this (capture time) after
                                       // their original
  double loop = 1.0;                   // passes over the capture (>= 1; a fraction cuts the last)
  TimeNs loop_until = 0;               // > 0: as many passes as fill this run time (at least
                                       // one), instead of `loop`
  TimeNs reorder_window = kMinute;     // requests out of order by up to this (capture time) are
                                       // sorted; later ones are sent at once
  TimeNs min_gap = 0;                  // silences longer than this are listed as gaps (0 = none)
  bool include_mirror_copies = false;  // replay records marked as mirror copies too
  std::size_t chunk_bytes = 1 << 20;   // file bytes read at a time
};

// The few fields of a capture record that replay needs, decoded straight from its payload
// without building the whole message.
struct CaptureRecordKey {
  TimeNs arrival_ns = 0;  // relative to the header's start_unix_ns
  std::string_view method;
  std::string_view route;
  bool mirror = false;
};

// Decodes the key fields of a serialized CaptureRecord; false when the payload is not valid
// Protobuf wire format.
bool decodeCaptureRecordKey(std::string_view payload, CaptureRecordKey& key);

// Replays a capture through the simulator: requests at their recorded times (run time 0 = the
// earliest record), optionally thinned or multiplied (deterministic from the Rng), compressed
// in time (N x speed) and looped. Streams the file: memory holds one chunk and the requests of
// one reorder window, whatever the file's length.
//
// Request.route follows core/request.h: r >= 1 is route_names[r - 1] (the instance model's
// routes, in order), 0 the default route. A record takes the route named "METHOD route" (e.g.
// "POST /checkout"), else the one named by its bare route ("/users/{id}" or a rule's name),
// else 0.
class CaptureSource final : public TrafficSource {
 public:
  // Reads the whole file once to check every frame, count records and find the time range.
  // Throws InputError naming the file (and byte offset) when it is not a readable capture or is
  // damaged, or when an option is out of range.
  CaptureSource(std::string path, std::vector<std::string> route_names,
                CaptureReplayOptions options, Rng rng);

  // TrafficSource
  std::size_t next(TimeNs until, std::span<Request> out) override;
  TimeNs duration() const override { return duration_; }
  double expectedRate(TimeNs t) const override;
  const std::vector<TrafficEvent>& events() const override { return events_; }
  const std::vector<TrafficGap>& gaps() const override { return gaps_; }
  TimeNs epoch() const override { return epoch_; }

  // What the replay has done so far.
  struct Stats {
    std::uint64_t records_read = 0;  // over all passes
    std::uint64_t emitted = 0;       // requests handed out
    std::uint64_t dropped = 0;       // records left out by a rate multiplier < 1
    std::uint64_t copies = 0;        // extra requests added by a rate multiplier > 1
    std::uint64_t late = 0;          // records later than the reorder window, sent at once
    std::uint64_t mirror_skipped = 0;
  };
  const Stats& stats() const { return stats_; }

  const capture::CaptureHeader& header() const { return reader_.header(); }
  // Records in one pass over the file (mirror copies included).
  std::uint64_t records() const { return records_; }
  // Length of one pass in capture time: first to last record plus one mean gap between records,
  // so a loop does not put the last request and the first on top of each other.
  TimeNs period() const { return period_; }
  // Requests read from the file but not yet handed out: bounded by one reorder window (plus
  // copies' jitter), not by the file's length.
  std::size_t pending() const { return in_order_.size() + heap_.size(); }
  // Set when the capture ends in a torn (incomplete) record; the complete records replay.
  const std::optional<CaptureTornTail>& tornTail() const { return torn_; }

 private:
  struct Item {
    TimeNs time;
    std::uint64_t seq;
    std::uint32_t route;
    bool operator>(const Item& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  void scan();
  void push(const Item& item);
  // The earliest pending request; nullptr when none is pending.
  const Item* front() const;
  void popFront();
  void readOne();
  std::uint32_t routeIndex(std::string_view method, std::string_view route);
  TimeNs runTime(std::int64_t pass, TimeNs capture_offset) const;

  std::string path_;
  CaptureReplayOptions options_;
  Rng rng_;
  CaptureReader reader_;
  std::unordered_map<std::string, std::uint32_t> names_;
  std::unordered_map<std::string, std::uint32_t> route_cache_;
  std::string key_;

  std::uint64_t records_ = 0;
  TimeNs first_ = 0;  // earliest arrival (offset from the header's start)
  TimeNs period_ = 0;
  TimeNs duration_ = 0;
  TimeNs epoch_ = 0;
  TimeNs window_ = 0;  // reorder window in run time
  std::int64_t passes_ = 1;
  std::vector<TrafficEvent> events_;
  std::vector<TrafficGap> gaps_;
  std::optional<CaptureTornTail> torn_;

  // Pending requests: those that came in order queue up in O(1); only the ones that did not
  // (out-of-order records, jittered copies) pay for the heap. The next request is the earlier
  // of the two fronts.
  std::deque<Item> in_order_;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap_;
  std::int64_t pass_ = 0;
  bool exhausted_ = false;
  TimeNs watermark_;  // latest run time read so far
  TimeNs floor_ = 0;  // no request is handed out before this
  std::uint64_t seq_ = 0;
  Stats stats_;
};

}  // namespace shadowscale
