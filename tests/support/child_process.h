#pragma once

// Test support: runs a real program as a child process, reads what it prints, and stops it.
// Tests of the live shell use it to start shadowscale-echo (and the CLI) on 127.0.0.1 port 0.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace shadowscale::testing {

// A child process with its standard output on a pipe; SIGTERM and reaped when destroyed.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe(fds) != 0) {
      throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::vector<char*> args;
    for (const auto& a : argv) {
      args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
      close(fds[0]);
      throw std::runtime_error("cannot start " + argv[0]);
    }
    out_ = fdopen(fds[0], "r");
  }
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGTERM);
      wait();
    }
    if (out_ != nullptr) {
      std::fclose(out_);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // The next line of standard output without its newline; empty at the end of output.
  std::string readLine() {
    std::string line;
    for (int c = std::fgetc(out_); c != EOF && c != '\n'; c = std::fgetc(out_)) {
      line.push_back(static_cast<char>(c));
    }
    return line;
  }
  // Everything left on standard output (blocks until the child closes it).
  std::string readAll() {
    std::string text;
    for (int c = std::fgetc(out_); c != EOF; c = std::fgetc(out_)) {
      text.push_back(static_cast<char>(c));
    }
    return text;
  }

  // Sends a signal.
  void signal(int sig) { kill(pid_, sig); }
  // Waits for the child to end; its exit code, or 128 + the signal that killed it.
  int wait() {
    if (reaped_) {
      return status_;
    }
    int st = 0;
    while (waitpid(pid_, &st, 0) < 0) {
    }
    reaped_ = true;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return status_;
  }

 private:
  pid_t pid_ = -1;
  std::FILE* out_ = nullptr;
  bool reaped_ = false;
  int status_ = -1;
};

// Starts shadowscale-echo with `args` on 127.0.0.1 port 0 and reads the port it reports.
class EchoProcess {
 public:
  explicit EchoProcess(std::vector<std::string> args, const std::string& program)
      : child_(withPort(std::move(args), program)) {
    const std::string line = child_.readLine();
    const std::size_t colon = line.rfind(':');
    if (line.rfind("shadowscale-echo listening on ", 0) != 0 || colon == std::string::npos) {
      throw std::runtime_error("shadowscale-echo did not start: '" + line + "'");
    }
    port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
  }
  unsigned short port() const { return port_; }
  ChildProcess& process() { return child_; }

 private:
  static std::vector<std::string> withPort(std::vector<std::string> args,
                                           const std::string& program) {
    args.insert(args.begin(), {program, "--port", "0"});
    return args;
  }
  ChildProcess child_;
  unsigned short port_ = 0;
};

}  // namespace shadowscale::testing
