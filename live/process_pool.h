#pragma once

#include <boost/asio/io_context.hpp>

#include "core/time.h"
#include "live/live_pool.h"
#include "live/wall_clock.h"

namespace shadowscale::live {

// A pool of instance processes started from the pool's command template, one per instance on a
// port of its own. An instance serves once its readiness path answers 2xx; its start-up time
// (spawn to ready) is measured. Scaling in drains an instance: it gets no new requests, its
// requests in flight finish (or the drain timeout passes), then it gets SIGTERM and, after the
// stop timeout, SIGKILL. An instance that exits by itself is replaced.
class ProcessPool final : public LivePool {
 public:
  // Starts the pool's initial instances. Readiness checks run on `control`, the thread that
  // calls tick(); `clock` gives run time to their completions.
  ProcessPool(PoolId id, const PoolSpec& spec, boost::asio::io_context& control,
              const WallClock& clock);
  ~ProcessPool() override;

  void setDesired(int n, TimeNs now) override;
  void tick(TimeNs now) override;
  void stopAll() override;
  bool stopped() const override;

 private:
  void spawn(TimeNs now);
  void reconcile(TimeNs now);
  void startDraining(LiveInstance& in, TimeNs now);
  void checkStarting(const std::shared_ptr<LiveInstance>& in, TimeNs now);
  void progressDraining(LiveInstance& in, TimeNs now);
  void sampleUsage(LiveInstance& in, TimeNs now);
  // The real time a span of run time takes (they differ at a speed above 1).
  TimeNs realSpan(TimeNs run_span) const { return clock_.realDuration(run_span).count(); }

  boost::asio::io_context& control_;
  const WallClock& clock_;
  bool stopping_ = false;
};

}  // namespace shadowscale::live
