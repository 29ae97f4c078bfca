#pragma once

#include <cstdint>
#include <queue>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "live/request_schedule.h"
#include "replay/capture_reader.h"

namespace shadowscale {

// The requests of a capture in intended-send order ((arrival - earliest arrival) / speed), read
// as a stream: memory holds one chunk of the file and the requests of one reorder window,
// whatever the capture's length. Records marked as mirror copies are left out; headers that
// must not be sent again (hop-by-hop headers, Host, Content-Length, and those the capture
// redacted) are dropped.
class ReplaySchedule final : public RequestSchedule {
 public:
  // Reads the capture once to check it and find its time range. Throws InputError naming the
  // file (and byte offset) when it is not a readable capture, or when speed is not above 0.
  ReplaySchedule(const std::string& path, double speed, TimeNs reorder_window = kMinute);

  // RequestSchedule
  TimeNs nextDue() override;
  bool next(ReplayRequest& out) override;
  // Records to replay (mirror copies left out).
  std::uint64_t total() const override { return total_; }

  // The replay's intended length.
  TimeNs length() const { return length_; }
  // Records later than the reorder window, sent as soon as they were read.
  std::uint64_t late() const { return late_; }
  // Records whose body the capture did not keep (sent without one).
  std::uint64_t bodiesMissing() const { return bodies_missing_; }
  const capture::CaptureHeader& header() const { return reader_.header(); }

 private:
  struct Later {
    bool operator()(const ReplayRequest& a, const ReplayRequest& b) const {
      return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
  };
  void fill();
  bool readOne();

  CaptureReader reader_;
  double speed_;
  TimeNs window_;
  TimeNs first_ = 0;  // earliest arrival in the capture
  TimeNs length_ = 0;
  std::uint64_t total_ = 0;
  std::uint64_t late_ = 0;
  std::uint64_t bodies_missing_ = 0;
  std::uint64_t seq_ = 0;
  TimeNs read_up_to_ = 0;  // latest due time read so far
  TimeNs handed_out_ = 0;  // due time of the last request handed out
  bool exhausted_ = false;
  std::set<std::string> dropped_headers_;
  CaptureRecordView view_;
  std::priority_queue<ReplayRequest, std::vector<ReplayRequest>, Later> heap_;
};

}  // namespace shadowscale
