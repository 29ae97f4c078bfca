// Starting, observing and stopping instance processes.
#include "live/child_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace shadowscale::live {
namespace {

TEST(ChildProcess, WithPortReplacesEveryPlaceholder) {
  EXPECT_EQ(withPort("echo --port {port} --name i{port}", 8081), "echo --port 8081 --name i8081");
  EXPECT_EQ(withPort("no placeholder", 1), "no placeholder");
}

TEST(ChildProcess, ReadsCpuAndMemoryOfARunningProcess) {
  const auto self = readProcessUsage(static_cast<int>(::getpid()));
  ASSERT_TRUE(self.has_value());
  EXPECT_GT(self->rss_bytes, 1u << 20);  // a test program holds more than 1 MiB
  EXPECT_GE(self->cpu_seconds, 0.0);
  EXPECT_FALSE(readProcessUsage(0x3FFFFFFF).has_value());
}

TEST(ChildProcess, StartsAndStopsACommand) {
  const int pid = spawnShellCommand("sleep 30");
  ASSERT_GT(pid, 0);
  EXPECT_FALSE(reapChild(pid));
  EXPECT_TRUE(readProcessUsage(pid).has_value());
  signalChild(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);  // blocks until the signal ends it
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_TRUE(reapChild(pid));  // already collected: nothing left to wait for
}

TEST(ChildProcess, PicksAPortThatCanBeBound) {
  const int port = pickFreePort("127.0.0.1");
  EXPECT_GT(port, 0);
  EXPECT_LT(port, 65536);
}

}  // namespace
}  // namespace shadowscale::live
