// The stall meter on a real event loop: a callback that keeps the UI thread busy for a known
// amount of its own CPU time shows up as a gap at least that long, with that CPU time in it.
#include "app/studio/stall_meter.h"

#include <QEventLoop>
#include <QTimer>

#include <gtest/gtest.h>

#include <cmath>

#include "tests/app/studio/qt_app.h"

namespace shadowscale::studio {
namespace {

// Runs the event loop with the meter started, blocking it once with `busy_ms` of this thread's
// CPU time (a busy loop: what a slow redraw does), then a few more probes.
void measureOneStall(StallMeter& meter, double busy_ms) {
  QEventLoop loop;
  meter.start();
  QTimer::singleShot(20, [&] {
    const double until = threadCpuMs() + busy_ms;
    volatile double sink = 0;
    while (threadCpuMs() < until) {
      sink = sink + 1;
    }
    QTimer::singleShot(30, &loop, &QEventLoop::quit);
  });
  loop.exec();
  meter.stop();
}

TEST(StallMeterTest, ABusyTurnIsTheLongestGapWithItsCpuTime) {
  qtApp();
  StallMeter meter;
  measureOneStall(meter, 80);
  EXPECT_GT(meter.iterations(), 2);
  EXPECT_GE(meter.longestGapMs(), 80);
  EXPECT_GE(meter.longestGapCpuMs(), 80);
  // The gap is the thread's work plus its wait for a core: less the wait, the work remains.
  ASSERT_FALSE(std::isnan(meter.longestOwnGapMs()));
  EXPECT_GE(meter.longestOwnGapMs(), 80);
  EXPECT_GE(meter.longestGapWaitMs(), 0);
  EXPECT_LE(meter.longestGapWaitMs(), meter.longestGapMs());
}

TEST(StallMeterTest, ABusyProbeCountsEveryTurnAndDoesNotReadWaits) {
  qtApp();
  StallMeter meter;
  meter.setProbeMs(0);
  measureOneStall(meter, 40);
  EXPECT_GE(meter.longestGapMs(), 40);
  EXPECT_GE(meter.longestGapCpuMs(), 40);
  EXPECT_TRUE(std::isnan(meter.longestOwnGapMs()));
}

}  // namespace
}  // namespace shadowscale::studio
