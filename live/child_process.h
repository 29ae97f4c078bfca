#pragma once

#include <sys/types.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace shadowscale::live {

// How spawnProcess starts a child. Its stdin is /dev/null either way.
struct SpawnOptions {
  // Its own process group, so a signal to the group reaches whatever it starts in turn.
  bool own_group = false;
  // The write end of a pipe for its stdout (and, with merge_stderr, its stderr); -1: stdout to
  // /dev/null and stderr shared with this process.
  int stdout_fd = -1;
  bool merge_stderr = false;
};

// Starts the program at argv[0] (a path) with `argv`, with every signal unblocked. Returns the
// pid; throws std::runtime_error when it cannot start.
int spawnProcess(const std::vector<std::string>& argv, const SpawnOptions& options);

// Starts `command` with /bin/sh in its own process group (so stopping it reaches whatever it
// starts), stdin and stdout on /dev/null, stderr shared with the proxy. Returns the pid; throws
// std::runtime_error when it cannot start.
int spawnShellCommand(const std::string& command);

// Sends `signal` to the process group of a child started by spawnShellCommand.
void signalChild(int pid, int signal);

// Collects a child that has exited, without waiting; true once it has.
bool reapChild(int pid);

// A program run as a child process with its standard output on a pipe this process reads: tests
// and scripts-like callers start shadowscale-echo or the CLI with it. Sent SIGTERM and collected
// when destroyed.
class ChildProcess {
 public:
  // Starts argv[0] (a path); `merge_stderr` puts its stderr on the same pipe as its stdout.
  explicit ChildProcess(const std::vector<std::string>& argv, bool merge_stderr = false);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // The next line of output without its newline; empty at the end of the output.
  std::string readLine();
  // Everything left of the output (blocks until the child closes it).
  std::string readAll();
  // Sends a signal to the child.
  void signal(int sig);
  // Waits for the child to end; its exit code, or 128 + the signal that ended it.
  int wait();

 private:
  pid_t pid_ = -1;
  std::FILE* out_ = nullptr;
  bool reaped_ = false;
  int status_ = -1;
};

// CPU time used and resident memory of a running process, from /proc/<pid>/stat and statm.
struct ProcessUsage {
  double cpu_seconds = 0;  // user + system
  std::uint64_t rss_bytes = 0;
};
// The process's usage, or nothing when it is gone.
std::optional<ProcessUsage> readProcessUsage(int pid);

// A port no socket on `host` uses right now (the kernel's pick for port 0), for an instance to
// listen on.
int pickFreePort(const std::string& host);

// Replaces every "{port}" in a command template.
std::string withPort(const std::string& command_template, int port);

}  // namespace shadowscale::live
