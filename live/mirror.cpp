#include "live/mirror.h"

#include <memory>

namespace shadowscale::live {

void sendMirrorCopy(ProxyShared& shared, UpstreamClient& client, const Request& upstream_request) {
  LivePool* shadow = shared.pool(PoolId::kShadow);
  if (shadow == nullptr) {
    return;
  }
  if (!shared.mirror.tryTake()) {
    shared.stats.recordMirrorDropped();
    return;
  }
  std::shared_ptr<LiveInstance> instance = shadow->acquire();
  if (!instance) {
    shared.mirror.give();
    shared.stats.recordMirror(0, 0);
    return;
  }
  auto copy = std::make_shared<Request>(upstream_request);
  makeMirrorCopy(*copy, shared.server.shadow_host_suffix, shared.redactor);
  const TimeNs start = shared.clock.now();
  const bool head = copy->method() == http::verb::head;
  client.send(instance, copy, head, shadow->spec().instance.timeout,
              [&shared, instance, copy, start](UpstreamResult result) {
                LivePool::release(*instance);
                shared.mirror.give();
                const TimeNs latency = shared.clock.now() - start;
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
