#include "app/cli/proxy_command.h"

#include <cstdio>
#include <memory>
#include <string>

#include "app/cli/exit_codes.h"
#include "live/proxy_server.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {
namespace {

struct ProxyArgs {
  std::string config;
  bool check = false;
};

// "host:port" of a listener, for the start-up lines.
std::string where(const std::string& host, int port) {
  return host + ":" + std::to_string(port);
}

int proxy(const ProxyArgs& args) {
  const ProxyFileSpec spec = loadProxyFile(args.config);
  if (args.check) {
    std::printf("%s: ok\n", args.config.c_str());
    return kExitOk;
  }
  live::ProxyServer server(spec);
  std::printf("shadowscale proxy: listening on %s",
              where(spec.server.listen_host, server.port()).c_str());
  if (server.adminPort() >= 0) {
    std::printf(", metrics on http://%s/metrics",
                where(spec.server.admin_host, server.adminPort()).c_str());
  }
  std::printf("\n");
  std::fflush(stdout);
  const int code = server.run();
  const live::TrafficSnapshot t = server.stats().snapshot();
  std::printf(
      "shadowscale proxy: stopped after %llu requests (live %llu, shadow %llu), %llu "
      "mirrored, %llu mirror copies dropped\n",
      static_cast<unsigned long long>(t.pools[0].primary + t.pools[1].primary),
      static_cast<unsigned long long>(t.pools[0].primary),
      static_cast<unsigned long long>(t.pools[1].primary),
      static_cast<unsigned long long>(t.pools[1].mirror_sent),
      static_cast<unsigned long long>(t.mirror_dropped));
  return code;
}

}  // namespace

void addProxyCommand(CommandLine& cli) {
  auto args = std::make_shared<ProxyArgs>();
  CLI::App& cmd = cli.add(
      "proxy",
      "run the live proxy in front of real instances (docs/live-proxy.md)\n"
      "Serves HTTP on the configured address, routes each request to the live or shadow pool\n"
      "with the setup's routing, mirroring and scaling policies, and serves Prometheus metrics\n"
      "on the admin address. SIGTERM or SIGINT drains the requests in flight, stops the\n"
      "instance processes, closes the capture and exits 0.",
      [args] { return proxy(*args); },
      "exit codes: 0 stopped by a signal after draining, 2 bad configuration or an address that\n"
      "cannot be used, 1 other failure (such as a capture that cannot be written).");
  cmd.add_option("CONFIG", args->config, "the proxy configuration (text Protobuf)")->required();
  cmd.add_flag("--check", args->check, "only check the configuration and exit");
}

}  // namespace shadowscale
