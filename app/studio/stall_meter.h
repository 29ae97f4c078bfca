#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace shadowscale::studio {

// Measures how long the UI thread goes without turning its event loop: a zero-interval timer
// fires once per loop iteration when nothing else is queued, and the longest gap between two of
// its firings is the longest stall a planner would feel. Beside each gap's wall time it takes
// the UI thread's own CPU time in it, which tells the thread's work from waiting for a core on
// a busy machine. Only runs when started (it keeps the loop busy).
class StallMeter : public QObject {
  Q_OBJECT

 public:
  explicit StallMeter(QObject* parent = nullptr);
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
