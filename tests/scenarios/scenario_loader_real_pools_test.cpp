// Real pools (process, static) and the live proxy's configuration file, as users write them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "core/input_error.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {
namespace {

std::string proxyError(const std::string& text) {
  try {
    parseProxyFileText(text, "proxy.textproto", "/etc/shadowscale");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string scenarioError(const std::string& text) {
  try {
    parseScenarioText(text, "s.textproto", ".");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

constexpr const char* kProcessPool = R"(live_pool {
  min_instances: 1
  max_instances: 4
  instance { timeout: "2s" }
  process { command: "shadowscale-echo --port {port}" ready_path: "/ready" ready_timeout: "5s" }
}
)";

TEST(ScenarioLoaderRealPools, ReadsAProcessPool) {
  const ProxyFileSpec p =
      parseProxyFileText(std::string(kProcessPool) + "setup { policy { hpa { max_replicas: 4 } } }",
                         "proxy.textproto", "/etc/shadowscale");
  ASSERT_TRUE(p.live.process.has_value());
  EXPECT_FALSE(p.live.fixed.has_value());
  EXPECT_TRUE(p.live.real());
  EXPECT_EQ(p.live.process->command, "shadowscale-echo --port {port}");
  EXPECT_EQ(p.live.process->ready_path, "/ready");
  EXPECT_EQ(p.live.process->ready_timeout, 5 * kSecond);
  EXPECT_EQ(p.live.process->stop_timeout, 10 * kSecond);
  EXPECT_EQ(p.live.process->host, "127.0.0.1");
  EXPECT_EQ(p.live.instance.timeout, 2 * kSecond);
  EXPECT_EQ(p.live.max_instances, 4);
  EXPECT_EQ(p.setup.name, "proxy");
  EXPECT_EQ(p.setup.policies.size(), 1u);
  // The shadow pool is not used by this setup, so it need not be real.
  EXPECT_FALSE(p.shadow.real());
}

TEST(ScenarioLoaderRealPools, ReadsAStaticPoolWithItsSizeFromTheAddresses) {
  const ProxyFileSpec p = parseProxyFileText(R"(
live_pool { static { address: "127.0.0.1:8081" address: "backend:8082" } }
shadow_pool { static { address: "[::1]:9000" } }
setup { name: "canary" shadow_pool: true mirror_fraction: 0.1 }
)",
                                             "proxy.textproto", "/etc/shadowscale");
  ASSERT_TRUE(p.live.fixed.has_value());
  EXPECT_EQ(p.live.fixed->addresses.size(), 2u);
  EXPECT_EQ(p.live.initial_instances, 2);
  EXPECT_EQ(p.live.min_instances, 2);
  EXPECT_EQ(p.live.max_instances, 2);
  EXPECT_EQ(p.shadow.initial_instances, 1);
  EXPECT_EQ(p.setup.name, "canary");
  EXPECT_DOUBLE_EQ(p.setup.proxy.mirror_fraction, 0.1);
}

TEST(ScenarioLoaderRealPools, ServerDefaultsAndSettings) {
  const ProxyFileSpec d = parseProxyFileText(R"(live_pool { static { address: "127.0.0.1:1" } })",
                                             "proxy.textproto", "/etc/shadowscale");
  EXPECT_EQ(d.server.listen_host, "127.0.0.1");
  EXPECT_EQ(d.server.listen_port, 8080);
  EXPECT_TRUE(d.server.admin);
  EXPECT_EQ(d.server.admin_port, 9901);
  EXPECT_EQ(d.server.io_threads, 1);
  EXPECT_EQ(d.server.shadow_host_suffix, "-shadow");
  EXPECT_TRUE(d.server.capture_path.empty());

  const ProxyFileSpec p = parseProxyFileText(R"(
server {
  listen: "0.0.0.0:0"
  admin_listen: "off"
  io_threads: 3
  mirror_budget: 10
  shadow_host_suffix: ""
  max_header_bytes: 4096
  max_body_bytes: 1000
  client_timeout: "2s"
  connect_timeout: "250ms"
  capture: "live.sscap"
  capture_mirror: true
}
live_pool { static { address: "127.0.0.1:1" } }
)",
                                             "proxy.textproto", "/etc/shadowscale");
  EXPECT_EQ(p.server.listen_host, "0.0.0.0");
  EXPECT_EQ(p.server.listen_port, 0);
  EXPECT_FALSE(p.server.admin);
  EXPECT_EQ(p.server.io_threads, 3);
  EXPECT_EQ(p.server.mirror_budget, 10);
  EXPECT_EQ(p.server.shadow_host_suffix, "");
  EXPECT_EQ(p.server.max_header_bytes, 4096);
  EXPECT_EQ(p.server.max_body_bytes, 1000u);
  EXPECT_EQ(p.server.client_timeout, 2 * kSecond);
  EXPECT_EQ(p.server.connect_timeout, 250 * kMillisecond);
  EXPECT_EQ(p.server.capture_path, "/etc/shadowscale/live.sscap");
  EXPECT_TRUE(p.server.capture_mirror);
}

TEST(ScenarioLoaderRealPools, ProxyErrorsNameFileLineAndField) {
  EXPECT_EQ(proxyError("live_pool { process { ready_path: \"/r\" } }"),
            "proxy.textproto:1: live_pool.process.command: missing; give the command that starts "
            "one instance, with {port}");
  EXPECT_EQ(proxyError("live_pool {\n process { command: \"echo-server\" }\n}"),
            "proxy.textproto:2: live_pool.process.command: has no {port}; each instance needs its "
            "own port");
  EXPECT_EQ(proxyError("live_pool { static { address: \"a:1\" } }\nserver {\n listen: \"8080\"\n}"),
            "proxy.textproto:3: server.listen: \"8080\" is not host:port");
  EXPECT_EQ(proxyError("live_pool { static {\n address: \"a:1\"\n address: \"b:0\" } }"),
            "proxy.textproto:3: live_pool.static.address[1]: \"b:0\" needs a port above 0");
  EXPECT_EQ(proxyError("live_pool {\n static { address: \"a:1\" }\n max_instances: 3\n}"),
            "proxy.textproto:3: live_pool.max_instances: a static pool's size is its address "
            "list; leave max_instances out");
  EXPECT_EQ(proxyError("live_pool {\n instance { workers: 2 }\n}"),
            "proxy.textproto:1: live_pool: the proxy needs real instances; give process { ... } "
            "or static { ... }");
  EXPECT_EQ(proxyError("live_pool { static { address: \"a:1\" } }\nsetup {\n policy {\n  hpa {}\n "
                       "}\n}"),
            "proxy.textproto:4: setup.policy[0].hpa.pool: the live pool is static (fixed "
            "addresses); no policy can scale it");
  EXPECT_EQ(proxyError("live_pool { static { address: \"a:1\" } }\nserver {\n io_threads: 0\n}"),
            "proxy.textproto:3: server.io_threads: must be at least 1, got 0");
  EXPECT_EQ(proxyError("live_pool { static { address: \"a:1\" } }\nserver { capture_mirror: "
                       "true }"),
            "proxy.textproto:2: server.capture_mirror: needs capture: \"FILE\" to write to");
  // Syntax errors are placed at their field, like a scenario's.
  EXPECT_NE(proxyError("server {\n listn: \"a:1\"\n}").find("proxy.textproto:2: server.listn: "),
            std::string::npos)
      << proxyError("server {\n listn: \"a:1\"\n}");
}

TEST(ScenarioLoaderRealPools, AScenarioMayHaveRealPoolsAndServerSettings) {
  const Scenario s = parseScenarioText(std::string(kProcessPool) + R"(
server { io_threads: 2 }
setup { name: "hpa" policy { hpa { max_replicas: 4 } } }
)",
                                       "s.textproto", ".");
  EXPECT_TRUE(s.realPools());
  EXPECT_EQ(s.server.listen_port, 0);  // a run's proxy takes any free port
  EXPECT_EQ(s.server.io_threads, 2);
  EXPECT_FALSE(parseScenarioText("setup { name: \"a\" }", "s.textproto", ".").realPools());
  EXPECT_NE(scenarioError("live_pool {\n process { command: \"x {port}\" }\n static { address: "
                          "\"a:1\" }\n}\nsetup { name: \"a\" }")
                .find("s.textproto:3: live_pool.static"),
            std::string::npos);
}

// The configuration docs/live-proxy.md shows is the example file, and it loads.
TEST(ScenarioLoaderRealPools, TheLiveProxyDocsExampleLoadsAndMatchesThePage) {
  const std::string root = SHADOWSCALE_SOURCE_DIR;
  const ProxyFileSpec p = loadProxyFile(root + "/docs/examples/live-proxy.textproto");
  EXPECT_TRUE(p.live.process.has_value());
  EXPECT_TRUE(p.setup.shadow_pool);
  std::ifstream example(root + "/docs/examples/live-proxy.textproto");
  std::ifstream page(root + "/docs/live-proxy.md");
  std::stringstream e, d;
  e << example.rdbuf();
  d << page.rdbuf();
  std::string body = e.str();
  // The page leaves out the file's opening comment lines.
  while (body.rfind("#", 0) == 0) {
    body.erase(0, body.find('\n') + 1);
  }
  EXPECT_NE(d.str().find("```textproto\n" + body + "```"), std::string::npos)
      << "docs/live-proxy.md does not show docs/examples/live-proxy.textproto as it is";
}

}  // namespace
}  // namespace shadowscale
