#include "live/static_pool.h"

#include <boost/asio/io_context.hpp>

#include "core/input_error.h"
#include "scenarios/units.h"

namespace shadowscale::live {

boost::asio::ip::tcp::endpoint resolveAddress(const std::string& address) {
  const HostPort hp = parseHostPort(address);
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::resolver resolver(ioc);
  boost::system::error_code ec;
  const auto results = resolver.resolve(hp.host, std::to_string(hp.port), ec);
  if (ec || results.empty()) {
    throw InputError(address + ": cannot resolve: " + (ec ? ec.message() : "no address"));
  }
  return results.begin()->endpoint();
}

StaticPool::StaticPool(PoolId id, const PoolSpec& spec, TimeNs now) : LivePool(id, spec) {
  std::lock_guard lock(mu_);
  for (const std::string& address : spec.fixed->addresses) {
    auto in = std::make_shared<LiveInstance>();
    in->id = next_id_++;
    in->key = instanceKey(in->id);
    in->address = address;
    in->endpoint = resolveAddress(address);
    in->created_at = in->started_at = in->ready_at = now;
    in->state = InstanceState::kReady;
    instances_.push_back(std::move(in));
  }
  desired_ = static_cast<int>(instances_.size());
  refreshReady();
}

void StaticPool::stopAll() {
  // The servers are not ours to stop; the pool only stops sending them requests.
  std::lock_guard lock(mu_);
  for (const auto& in : instances_) {
    in->state = InstanceState::kStopped;
  }
  refreshReady();
}

}  // namespace shadowscale::live
