#include "live/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace shadowscale::live {

int spawnProcess(const std::vector<std::string>& argv, const SpawnOptions& options) {
  posix_spawn_file_actions_t files;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&files);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  if (options.stdout_fd >= 0) {
    posix_spawn_file_actions_adddup2(&files, options.stdout_fd, 1);
    if (options.merge_stderr) {
      posix_spawn_file_actions_adddup2(&files, options.stdout_fd, 2);
    }
    posix_spawn_file_actions_addclose(&files, options.stdout_fd);
  } else {
    posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
  }
  short flags = POSIX_SPAWN_SETSIGMASK;
  if (options.own_group) {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&attr, 0);
  }
  posix_spawnattr_setflags(&attr, flags);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  std::vector<char*> args;
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &files, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  return pid;
}

int spawnShellCommand(const std::string& command) {
  // "exec" makes the command the shell's own process, so its pid is the instance's.
  SpawnOptions options;
  options.own_group = true;
  try {
    return spawnProcess({"/bin/sh", "-c", "exec " + command}, options);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot start \"" + command + "\": " + e.what());
  }
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, bool merge_stderr) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  SpawnOptions options;
  options.stdout_fd = fds[1];
  options.merge_stderr = merge_stderr;
  try {
    pid_ = spawnProcess(argv, options);
  } catch (...) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw;
  }
  ::close(fds[1]);
  out_ = ::fdopen(fds[0], "r");
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGTERM);
    wait();
  }
  if (out_ != nullptr) {
    std::fclose(out_);
  }
}

std::string ChildProcess::readLine() {
  std::string line;
  for (int c = std::fgetc(out_); c != EOF && c != '\n'; c = std::fgetc(out_)) {
    line.push_back(static_cast<char>(c));
  }
  return line;
}

std::string ChildProcess::readAll() {
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, out_)) > 0;) {
    text.append(buf, n);
  }
  return text;
}

void ChildProcess::signal(int sig) {
  if (!reaped_) {
    ::kill(pid_, sig);
  }
}

int ChildProcess::wait() {
  if (reaped_) {
    return status_;
  }
  int st = 0;
  while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return status_;
}

void signalChild(int pid, int signal) {
  if (pid > 0) {
    ::kill(-pid, signal);
  }
}

bool reapChild(int pid) {
  int status = 0;
  const pid_t r = ::waitpid(pid, &status, WNOHANG);
  return r == pid || (r < 0 && errno == ECHILD);
}

std::optional<ProcessUsage> readProcessUsage(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) {
    return std::nullopt;
  }
  // The command name (field 2) may hold spaces; the fields after it start past its ')'.
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) {
    return std::nullopt;
  }
  std::istringstream fields(text.substr(close + 2));
  std::string skip;
  // Fields 3..13, then utime (14) and stime (15), in clock ticks.
  for (int i = 3; i <= 13; ++i) {
    fields >> skip;
  }
  double utime = 0;
  double stime = 0;
  fields >> utime >> stime;
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  std::uint64_t size_pages = 0;
  std::uint64_t rss_pages = 0;
  statm >> size_pages >> rss_pages;
  if (!fields || !statm) {
    return std::nullopt;
  }
  ProcessUsage u;
  u.cpu_seconds = (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  u.rss_bytes = rss_pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  return u;
}

int pickFreePort(const std::string& host) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(
      ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(host), 0));
  return acceptor.local_endpoint().port();
}

std::string withPort(const std::string& command_template, int port) {
  std::string out = command_template;
  const std::string p = std::to_string(port);
  for (std::size_t at = out.find("{port}"); at != std::string::npos;
       at = out.find("{port}", at + p.size())) {
    out.replace(at, 6, p);
  }
  return out;
}

}  // namespace shadowscale::live
