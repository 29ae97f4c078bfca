#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace shadowscale::studio {

// Measures how long the UI thread goes without turning its event loop: a probe timer is due
// every `probe_ms`, and the longest gap between two of its firings is the longest stall a
// planner would feel (a stall shorter than the probe's interval shows as the interval). Beside
// each gap's wall time it takes the UI thread's own CPU time in it, which tells the thread's
// work from waiting for a core on a busy machine. With a probe of 0 ms the timer fires on every
// loop iteration, which keeps the thread busy all the time: on a loaded machine the scheduler
// then treats the UI thread as one that never sleeps, unlike a real one waiting for input, and
// its gaps grow with the load. Only runs when started.
class StallMeter : public QObject {
  Q_OBJECT

 public:
  explicit StallMeter(QObject* parent = nullptr);
  // How often the probe is due, in milliseconds (default kDefaultProbeMs); before start().
  void setProbeMs(int ms) { timer_.setInterval(ms); }
  static constexpr int kDefaultProbeMs = 5;
  void start();
  void stop();
  double longestGapMs() const { return longest_ms_; }
  // The most CPU time the UI thread used within one gap.
  double longestGapCpuMs() const { return longest_cpu_ms_; }
  long long iterations() const { return iterations_; }

 private:
  void tick();

  QTimer timer_;
  QElapsedTimer clock_;
  double cpu_ms_ = 0;  // the thread's CPU time at the last firing
  double longest_ms_ = 0;
  double longest_cpu_ms_ = 0;
  long long iterations_ = 0;
};

}  // namespace shadowscale::studio
