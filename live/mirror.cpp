#include "live/mirror.h"

#include <memory>

namespace shadowscale::live {
namespace {

// How long mirror copies pass by a shadow instance that refused a connection. A down shadow then
// costs the proxy one connection attempt per instance and backoff instead of one per copy; a
// shadow that comes up gets copies again within this time.
constexpr TimeNs kRefusedBackoff = kSecond;

}  // namespace

void sendMirrorCopy(ProxyShared& shared, UpstreamClient& client, const Request& upstream_request) {
  LivePool* shadow = shared.pool(PoolId::kShadow);
  if (shadow == nullptr) {
    return;
  }
  if (!shared.mirror.tryTake()) {
    shared.stats.recordMirrorDropped();
    return;
  }
  const TimeNs start = shared.clock.now();
  std::shared_ptr<LiveInstance> instance = shadow->acquire(start);
  if (!instance) {
    // No ready shadow instance, or every one refused a connection a moment ago: the copy fails
    // here, without a socket.
    shared.mirror.give();
    shared.stats.recordMirror(0, 0);
    return;
  }
  auto copy = std::make_shared<Request>(upstream_request);
  makeMirrorCopy(*copy, shared.server.shadow_host_suffix, shared.redactor);
  const bool head = copy->method() == http::verb::head;
  client.send(instance, copy, head, shadow->spec().instance.timeout,
              [&shared, instance, copy, start](UpstreamResult result) {
                LivePool::release(*instance);
                shared.mirror.give();
                const TimeNs now = shared.clock.now();
                const TimeNs latency = now - start;
                if (!result.ok && result.failure == UpstreamFailure::kRefused) {
                  instance->refused_until.store(now + kRefusedBackoff, std::memory_order_relaxed);
                }
                const unsigned status = result.ok ? result.response.result_int() : 0;
                // Captured before it is counted, so a reader of the counters that sees the copy
                // finds it in the capture too.
                if (shared.capture != nullptr && shared.server.capture_mirror) {
                  CapturedExchange e;
                  e.request = copy.get();
                  e.response = result.ok ? &result.response : nullptr;
                  e.status = status;
                  e.arrival = start;
                  e.latency = latency;
                  e.pool = PoolId::kShadow;
                  e.mirror = true;
                  e.upstream = instance->address;
                  shared.capture->record(e);
                }
                shared.stats.recordMirror(status, latency);
              });
}

}  // namespace shadowscale::live
