#pragma once

// Test support: shadowscale-echo as a real child process on 127.0.0.1 port 0, for the tests of
// the live shell and the CLI.

#include <stdexcept>
#include <string>
#include <vector>

#include "live/child_process.h"

namespace shadowscale::testing {

// Starts shadowscale-echo with `args` on 127.0.0.1 port 0 and reads the port it reports; the
// process gets SIGTERM and is collected when this is destroyed.
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
  live::ChildProcess& process() { return child_; }

 private:
  static std::vector<std::string> withPort(std::vector<std::string> args,
                                           const std::string& program) {
    args.insert(args.begin(), {program, "--port", "0"});
    return args;
  }
  live::ChildProcess child_;
  unsigned short port_ = 0;
};

}  // namespace shadowscale::testing
