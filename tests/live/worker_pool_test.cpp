#include "live/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace shadowscale {
namespace {

TEST(WorkerPool, RunsJobsOnItsWorkersAndRefusesBeyondTheQueue) {
  WorkerPool pool(1, 1);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  std::atomic<int> done{0};
  // The first job holds the only worker until released.
  ASSERT_TRUE(pool.offer([&](int worker) {
    EXPECT_EQ(worker, 0);
    started.set_value();
    gate.wait();
    ++done;
  }));
  started.get_future().wait();
  EXPECT_TRUE(pool.offer([&](int) { ++done; }));   // waits in the one queue place
  EXPECT_FALSE(pool.offer([&](int) { ++done; }));  // no place left: refused at once
  EXPECT_EQ(pool.outstanding(), 2u);
  release.set_value();
  pool.waitIdle();
  EXPECT_EQ(done.load(), 2);
  EXPECT_EQ(pool.outstanding(), 0u);
}

TEST(WorkerPool, IdleWorkersTakeJobsEvenWithoutAQueue) {
  WorkerPool pool(3, 0);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(pool.offer([gate](int) { gate.wait(); })) << i;
  }
  EXPECT_FALSE(pool.offer([](int) {}));
  release.set_value();
  pool.waitIdle();
}

TEST(WorkerPool, DestructorFinishesAcceptedJobs) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(2, 10);
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(pool.offer([&](int) { ++done; }));
    }
  }
  EXPECT_EQ(done.load(), 10);
}

TEST(WorkerPool, NeedsAWorker) {
  EXPECT_THROW(WorkerPool(0, 1), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
