#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <vector>

namespace shadowscale {
namespace {

TEST(EventQueueTest, RunsByTimeThenByScheduleOrder) {
  EventQueue q;
  std::vector<int> order;
  q.schedule(20, [&](TimeNs) { order.push_back(3); });
  q.schedule(10, [&](TimeNs) { order.push_back(1); });
  q.schedule(10, [&](TimeNs) { order.push_back(2); });
  while (q.runNext()) {
  }
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(q.now(), 20);
}

TEST(EventQueueTest, CancelledEventsDoNotRun) {
  EventQueue q;
  int ran = 0;
  const auto id = q.schedule(5, [&](TimeNs) { ++ran; });
  q.schedule(6, [&](TimeNs) { ran += 10; });
  q.cancel(id);
  EXPECT_EQ(q.nextTime(), 6);
  while (q.runNext()) {
  }
  EXPECT_EQ(ran, 10);
}

TEST(EventQueueTest, EventsScheduledInThePastRunNow) {
  EventQueue q;
  TimeNs seen = -1;
  q.schedule(100, [&](TimeNs) { q.schedule(50, [&](TimeNs t) { seen = t; }); });
  while (q.runNext()) {
  }
  EXPECT_EQ(seen, 100);
}

}  // namespace
}  // namespace shadowscale
