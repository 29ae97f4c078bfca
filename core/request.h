#pragma once

#include <cstdint>

#include "core/time.h"

namespace shadowscale {

// The two pools a proxy routes between.
enum class PoolId : std::uint8_t { kLive = 0, kShadow = 1 };
inline constexpr int kPoolCount = 2;
inline constexpr int index(PoolId p) {
  return static_cast<int>(p);
}
inline constexpr const char* poolName(PoolId p) {
  return p == PoolId::kLive ? "live" : "shadow";
}

// One request as the proxy core sees it: when it arrived and which route it is for. Kept small
// because the simulator moves hundreds of millions of them.
struct Request {
  TimeNs arrival = 0;       // intended arrival (send) time
  std::uint32_t route = 0;  // 0 = the default route; r >= 1 = the instance model's routes[r - 1]
  std::uint32_t flags = 0;  // reserved for sources (e.g. a special-event marker)
};

// How one request ended.
enum class Outcome : std::uint8_t {
  kOk = 0,
  kRejected,  // the instance queue was full, or no instance was ready
  kTimedOut,  // waited or ran past the request timeout
};

}  // namespace shadowscale
