#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shadowscale::live {

// Starts `command` with /bin/sh in its own process group (so stopping it reaches whatever it
// starts), stdin and stdout on /dev/null, stderr shared with the proxy. Returns the pid; throws
// std::runtime_error when it cannot start.
int spawnShellCommand(const std::string& command);

// Sends `signal` to the process group of a child started by spawnShellCommand.
void signalChild(int pid, int signal);

// Collects a child that has exited, without waiting; true once it has.
bool reapChild(int pid);

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
