#pragma once

#include <string>

#include "core/time.h"

namespace shadowscale {

// A limit on connections shared by every process that opens it by the same name: the database
// connection pool that all instances of a service draw from. Kept in a System V semaphore set
// whose operations use SEM_UNDO, so the kernel gives back what a process held when it dies,
// even by SIGKILL; the set is removed when its last user closes it.
//
// Semaphores of the set: kFree (connections free), kSize (the configured size, so a process
// asking for another size is refused), kUsers (processes that have it open), kLock (held at 1
// while a process opens or closes the set).
class SharedConnectionLimit {
 public:
  // Opens (or creates) the limit `name` with `size` connections. Throws InputError when a limit
  // of that name is in use with another size, std::runtime_error when the kernel refuses.
  SharedConnectionLimit(const std::string& name, int size);
  ~SharedConnectionLimit();
  SharedConnectionLimit(const SharedConnectionLimit&) = delete;
  SharedConnectionLimit& operator=(const SharedConnectionLimit&) = delete;

  // Takes one connection, waiting at most `timeout`; false when none came free in time.
  bool acquire(TimeNs timeout);
  // Gives back a connection taken by acquire().
  void release();

  // Connections free right now, across all processes (for tests and diagnostics).
  int freeConnections() const;
  int size() const { return size_; }
  // The System V key the name maps to (shown by `ipcs -s`).
  int key() const { return key_; }

 private:
  static constexpr int kFree = 0, kSize = 1, kUsers = 2, kLock = 3, kCount = 4;
  // Opens the set and registers this process as a user; false when the set was removed under
  // us (retry).
  bool tryOpen();
  void lock();
  void unlock();

  std::string name_;
  int size_ = 0;
  int key_ = 0;
  int id_ = -1;
};

}  // namespace shadowscale
