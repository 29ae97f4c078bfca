#include "live/shared_connection_limit.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/input_error.h"

namespace shadowscale {
namespace {

// A name no other test run uses at the same time.
std::string uniqueName(const char* what) {
  return std::string("test-") + what + "-" + std::to_string(getpid());
}

TEST(SharedConnectionLimit, HandsOutAtMostItsSize) {
  SharedConnectionLimit db(uniqueName("size"), 2);
  EXPECT_EQ(db.freeConnections(), 2);
  EXPECT_TRUE(db.acquire(kMillisecond));
  EXPECT_TRUE(db.acquire(kMillisecond));
  EXPECT_FALSE(db.acquire(kMillisecond));  // both taken: times out
  db.release();
  EXPECT_TRUE(db.acquire(kMillisecond));
  db.release();
  db.release();
  EXPECT_EQ(db.freeConnections(), 2);
}

TEST(SharedConnectionLimit, IsSharedByEveryOpenerOfTheName) {
  const std::string name = uniqueName("shared");
  SharedConnectionLimit a(name, 1);
  SharedConnectionLimit b(name, 1);
  ASSERT_TRUE(a.acquire(kMillisecond));
  EXPECT_FALSE(b.acquire(kMillisecond));
  a.release();
  EXPECT_TRUE(b.acquire(kMillisecond));
  b.release();
}

TEST(SharedConnectionLimit, RefusesAnotherSizeWhileInUse) {
  const std::string name = uniqueName("resize");
  {
    SharedConnectionLimit a(name, 3);
    EXPECT_THROW(SharedConnectionLimit(name, 4), InputError);
  }
  // The last user removed it: the name can be opened with another size now.
  SharedConnectionLimit again(name, 4);
  EXPECT_EQ(again.freeConnections(), 4);
}

TEST(SharedConnectionLimit, ProcessThatDiesHoldingAConnectionGivesItBack) {
  const std::string name = uniqueName("crash");
  SharedConnectionLimit db(name, 1);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Take the only connection and die without giving it back.
    SharedConnectionLimit mine(name, 1);
    _exit(mine.acquire(kSecond) ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(db.freeConnections(), 1);
  EXPECT_TRUE(db.acquire(kMillisecond));
  db.release();
}

TEST(SharedConnectionLimit, RejectsBadSizesAndNames) {
  EXPECT_THROW(SharedConnectionLimit(uniqueName("zero"), 0), InputError);
  EXPECT_THROW(SharedConnectionLimit("", 1), InputError);
}

}  // namespace
}  // namespace shadowscale
