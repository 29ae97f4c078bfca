#pragma once
// Runs the real command-line program for end-to-end tests.
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace shadowscale::cli_test {

// What one run of the program did.
struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string all;  // stdout and stderr, in the order written
};

// Reads everything a shell command prints.
inline std::string readCommand(const std::string& cmd, int& exit_code) {
  std::string text;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    exit_code = -1;
    return text;
  }
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
    text.append(buf, n);
  }
  const int status = pclose(p);
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return text;
}

// Runs `shadowscale ARGS` (args as a shell would split them) and collects its output.
inline CliResult runCli(const std::string& args) {
  CliResult r;
  const std::string cli = SHADOWSCALE_CLI;
  r.all = readCommand(cli + " " + args + " 2>&1", r.exit_code);
  int ignored = 0;
  r.out = readCommand(cli + " " + args + " 2>/dev/null", ignored);
  return r;
}

}  // namespace shadowscale::cli_test
