#include "live/traffic_schedule.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/input_error.h"

namespace shadowscale {
namespace {

// A traffic source with given requests, handed out in batches as a real source does.
class ListSource final : public TrafficSource {
 public:
  explicit ListSource(std::vector<Request> requests) : requests_(std::move(requests)) {}
  std::size_t next(TimeNs until, std::span<Request> out) override {
    std::size_t n = 0;
    while (n < out.size() && i_ < requests_.size() && requests_[i_].arrival < until) {
      out[n++] = requests_[i_++];
    }
    return n;
  }
  TimeNs duration() const override { return kHour; }
  double expectedRate(TimeNs) const override { return 0; }
  const std::vector<TrafficEvent>& events() const override { return events_; }
  const std::vector<TrafficGap>& gaps() const override { return gaps_; }
  TimeNs epoch() const override { return 0; }

 private:
  std::vector<Request> requests_;
  std::size_t i_ = 0;
  std::vector<TrafficEvent> events_;
  std::vector<TrafficGap> gaps_;
};

Request at(TimeNs t, std::uint32_t route = 0) {
  Request r;
  r.arrival = t;
  r.route = route;
  return r;
}

TEST(TrafficSchedule, SendsEachArrivalDividedByTheSpeedToItsRoute) {
  TrafficSchedule s(std::make_unique<ListSource>(std::vector<Request>{
                        at(0), at(2 * kSecond, 1), at(3 * kSecond, 2), at(7 * kSecond, 3)}),
                    {"POST /checkout", "/users/{id}/orders", "search"}, 2.0, kHour);
  std::vector<ReplayRequest> out;
  ReplayRequest r;
  while (s.next(r)) {
    out.push_back(r);
  }
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].method, "GET");
  EXPECT_EQ(out[0].target, "/");
  EXPECT_EQ(out[1].due, kSecond);
  EXPECT_EQ(out[1].method, "POST");
  EXPECT_EQ(out[1].target, "/checkout");
  EXPECT_EQ(out[2].target, "/users/1/orders");
  EXPECT_EQ(out[2].method, "GET");
  EXPECT_EQ(out[3].target, "/search");
  EXPECT_EQ(out[3].due, 3500 * kMillisecond);
  EXPECT_EQ(s.nextDue(), kNever);
}

TEST(TrafficSchedule, StopsAtTheEndAndReadsLargeBatchesWhole) {
  std::vector<Request> many;
  for (int i = 0; i < 10000; ++i) {
    many.push_back(at(i * kMillisecond / 10));  // 10,000 within the first second
  }
  many.push_back(at(5 * kSecond));
  TrafficSchedule s(std::make_unique<ListSource>(many), {}, 1.0, 2 * kSecond);
  std::uint64_t n = 0;
  ReplayRequest r;
  TimeNs last = 0;
  while (s.next(r)) {
    EXPECT_GE(r.due, last);
    last = r.due;
    ++n;
  }
  EXPECT_EQ(n, 10000u);  // the one at 5 s is past the end
}

TEST(TrafficSchedule, RefusesABadSpeed) {
  EXPECT_THROW(TrafficSchedule(std::make_unique<ListSource>(std::vector<Request>{}), {}, 0, kHour),
               InputError);
}

}  // namespace
}  // namespace shadowscale
