#pragma once
// Runs the real command-line program for end-to-end tests.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace shadowscale::cli_test {

// What one run of the program did.
struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string all;  // stdout, then stderr
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

// Runs `shadowscale ARGS` (args as a shell would split them) once and collects its output.
inline CliResult runCli(const std::string& args) {
  CliResult r;
  char err_path[] = "/tmp/shadowscale-cli-stderr-XXXXXX";
  const int fd = mkstemp(err_path);
  if (fd < 0) {
    return r;
  }
  close(fd);
  r.out = readCommand(std::string(SHADOWSCALE_CLI) + " " + args + " 2>" + err_path, r.exit_code);
  std::ifstream err(err_path, std::ios::binary);
  std::stringstream text;
  text << err.rdbuf();
  r.all = r.out + text.str();
  std::remove(err_path);
  return r;
}

}  // namespace shadowscale::cli_test
