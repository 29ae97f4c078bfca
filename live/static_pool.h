#pragma once

#include "live/live_pool.h"

namespace shadowscale::live {

// A pool of servers that run already, at the configured addresses: all of them serve from the
// start, and the pool never changes size.
class StaticPool final : public LivePool {
 public:
  // Resolves every address; throws InputError naming an address that does not resolve.
  StaticPool(PoolId id, const PoolSpec& spec, TimeNs now);

  void setDesired(int, TimeNs) override {}
  void tick(TimeNs) override {}
  void stopAll() override;
  bool stopped() const override { return true; }
};

// Resolves "host:port" to one endpoint (the first the resolver gives); throws InputError.
boost::asio::ip::tcp::endpoint resolveAddress(const std::string& address);

}  // namespace shadowscale::live
