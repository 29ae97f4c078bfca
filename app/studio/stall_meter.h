#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace shadowscale::studio {

// CPU time the calling thread has used, in milliseconds.
double threadCpuMs();

// Measures how long the UI thread goes without turning its event loop: a probe timer is due
// every `probe_ms`, and the longest gap between two of its firings is the longest stall a
// planner would feel (a stall shorter than the probe's interval shows as the interval). Beside
// each gap's wall time it takes the UI thread's own CPU time in it, which tells the thread's
// work from waiting for a core on a busy machine. With a probe of 0 ms the timer fires on every
// loop iteration, which keeps the thread busy all the time: on a loaded machine the scheduler
// then treats the UI thread as one that never sleeps, unlike a real one waiting for input, and
// its gaps grow with the load. With a probe of 1 ms or more it also reads, from Linux's
// scheduler statistics, how long the thread waited in a run queue for a core within each gap:
// a gap less that wait is the stall the thread's own work (and anything it blocked on) caused,
// which is what does not depend on how busy the machine is. Only runs when started.
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
  // How long the thread waited for a core within the longest gap (NaN when not known).
  double longestGapWaitMs() const { return longest_wait_ms_; }
  // The longest gap less the thread's wait for a core within it (NaN when not known).
  double longestOwnGapMs() const { return longest_own_ms_; }
  long long iterations() const { return iterations_; }

 private:
  void tick();

  QTimer timer_;
  QElapsedTimer clock_;
  double cpu_ms_ = 0;   // the thread's CPU time at the last firing
  double wait_ms_ = 0;  // its time waiting in a run queue then (NaN when not read)
  double longest_ms_ = 0;
  double longest_cpu_ms_ = 0;
  double longest_wait_ms_ = 0;
  double longest_own_ms_ = 0;
  long long iterations_ = 0;
};

}  // namespace shadowscale::studio
