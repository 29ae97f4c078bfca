#include "live/shared_connection_limit.h"

#include <sys/ipc.h>
#include <sys/sem.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "core/input_error.h"
#include "core/rng.h"

namespace shadowscale {

namespace {

// The argument of semctl, which Linux leaves to the caller to declare.
union SemArg {
  int val;
  semid_ds* buf;
  unsigned short* array;
};

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("shared connection limit: " + what + ": " + std::strerror(errno));
}

// A positive System V key from the name; 0 is IPC_PRIVATE and never returned.
int keyFor(const std::string& name) {
  const std::uint64_t h = hashName("shadowscale-db:" + name);
  const int key = static_cast<int>(h & 0x3FFFFFFF);
  return key == 0 ? 1 : key;
}

}  // namespace

SharedConnectionLimit::SharedConnectionLimit(const std::string& name, int size)
    : name_(name), size_(size), key_(keyFor(name)) {
  if (name.empty()) {
    throw InputError("shared connection limit: the name is empty");
  }
  if (size <= 0 || size > 32767) {
    throw InputError("shared connection limit '" + name + "': size must be 1..32767, got " +
                     std::to_string(size));
  }
  // The set may be removed by its last user between our semget and our lock; then open anew.
  for (int attempt = 0; !tryOpen(); ++attempt) {
    if (attempt > 100) {
      throw std::runtime_error("shared connection limit '" + name + "': keeps being removed");
    }
  }
}

bool SharedConnectionLimit::tryOpen() {
  id_ = semget(key_, kCount, IPC_CREAT | 0600);
  if (id_ < 0) {
    fail("semget '" + name_ + "'");
  }
  sembuf take[2] = {{kLock, 0, 0}, {kLock, 1, SEM_UNDO}};
  while (semop(id_, take, 2) != 0) {
    if (errno == EIDRM || errno == EINVAL) {
      return false;
    }
    if (errno != EINTR) {
      fail("lock '" + name_ + "'");
    }
  }
  const int users = semctl(id_, kUsers, GETVAL);
  if (users == 0) {
    // Nobody holds connections: (re)initialize, whatever an earlier user left.
    SemArg arg{};
    arg.val = size_;
    if (semctl(id_, kFree, SETVAL, arg) != 0 || semctl(id_, kSize, SETVAL, arg) != 0) {
      fail("initialize '" + name_ + "'");
    }
  } else {
    const int existing = semctl(id_, kSize, GETVAL);
    if (existing != size_) {
      unlock();
      throw InputError("shared connection limit '" + name_ + "' is in use with " +
                       std::to_string(existing) + " connections; this process asks for " +
                       std::to_string(size_));
    }
  }
  sembuf join = {kUsers, 1, SEM_UNDO};
  if (semop(id_, &join, 1) != 0) {
    fail("join '" + name_ + "'");
  }
  unlock();
  return true;
}

SharedConnectionLimit::~SharedConnectionLimit() {
  if (id_ < 0) {
    return;
  }
  lock();
  sembuf leave = {kUsers, -1, SEM_UNDO};
  semop(id_, &leave, 1);
  if (semctl(id_, kUsers, GETVAL) == 0) {
    semctl(id_, 0, IPC_RMID);  // the last user: no stale set is left behind
  } else {
    unlock();
  }
}

void SharedConnectionLimit::lock() {
  sembuf take[2] = {{kLock, 0, 0}, {kLock, 1, SEM_UNDO}};
  while (semop(id_, take, 2) != 0) {
    if (errno != EINTR) {
      fail("lock '" + name_ + "'");
    }
  }
}

void SharedConnectionLimit::unlock() {
  sembuf give = {kLock, -1, SEM_UNDO};
  semop(id_, &give, 1);
}

bool SharedConnectionLimit::acquire(TimeNs timeout) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout);
  sembuf take = {kFree, -1, SEM_UNDO};
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      return false;
    }
    timespec ts{static_cast<time_t>(left / kSecond), static_cast<long>(left % kSecond)};
    if (semtimedop(id_, &take, 1, &ts) == 0) {
      return true;
    }
    if (errno == EAGAIN) {
      return false;
    }
    if (errno != EINTR) {
      fail("acquire from '" + name_ + "'");
    }
  }
}

void SharedConnectionLimit::release() {
  sembuf give = {kFree, 1, SEM_UNDO};
  while (semop(id_, &give, 1) != 0) {
    if (errno != EINTR) {
      fail("release to '" + name_ + "'");
    }
  }
}

int SharedConnectionLimit::freeConnections() const {
  return semctl(id_, kFree, GETVAL);
}

}  // namespace shadowscale
