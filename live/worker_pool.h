#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace shadowscale {

// A fixed set of worker threads behind a bounded queue, as thread-per-request servers (Tomcat,
// gunicorn's sync workers) run: at most `workers` jobs at once, at most `queue_capacity` more
// waiting; a job offered beyond that is refused at once rather than queued without bound.
class WorkerPool {
 public:
  // A job runs on a worker; it gets the worker's index (0..workers-1) for per-worker state.
  using Job = std::function<void(int worker)>;

  // Throws std::system_error when the threads cannot be started (none is left running).
  WorkerPool(int workers, std::size_t queue_capacity);
  // Finishes every accepted job, then joins the workers.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Accepts the job when a worker is idle or the queue has room; false (job dropped) otherwise.
  bool offer(Job job);
  // Jobs accepted and not finished (running or waiting).
  std::size_t outstanding() const;
  // Blocks until no job is outstanding.
  void waitIdle();

 private:
  void work(int index);
  // Lets the workers finish every accepted job, then joins them.
  void stopAndJoin();

  const int workers_;
  const std::size_t queue_capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable idle_;
  std::deque<Job> queue_;
  int running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace shadowscale
