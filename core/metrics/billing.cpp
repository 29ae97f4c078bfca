#include "core/metrics/billing.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace shadowscale {
namespace {

constexpr double kNsPerHour = static_cast<double>(kHour);

void checkCpu(double cpu, const char* what) {
  if (!(std::isfinite(cpu) && cpu > 0)) {
    throw std::invalid_argument(std::string(what) + ": cpu must be positive, got " +
                                std::to_string(cpu));
  }
}

TimeNs roundUp(TimeNs t, TimeNs unit) {
  return (t + unit - 1) / unit * unit;
}

// Rounds a lifetime by the model's granularity and prices it; the closed segments' cpu * time
// is already summed in cpu_ns.
InstanceBill finishBill(const CostModel& model, TimeNs lifetime, double cpu_ns, double last_cpu) {
  InstanceBill b;
  b.lifetime = lifetime;
  if (model.granularity == CostModel::Granularity::kPerHour) {
    b.billed_time = std::max(roundUp(lifetime, kHour), kHour);
  } else {
    b.billed_time = std::max(roundUp(lifetime, kSecond), model.minimum);
  }
  b.cpu_hours = cpu_ns / kNsPerHour;
  b.billed_cpu_hours =
      (cpu_ns + static_cast<double>(b.billed_time - lifetime) * last_cpu) / kNsPerHour;
  b.cost = b.billed_cpu_hours * model.price_per_cpu_hour;
  return b;
}

void addTo(PoolBill& total, const InstanceBill& b) {
  ++total.instances;
  total.instance_hours += static_cast<double>(b.lifetime) / kNsPerHour;
  total.billed_hours += static_cast<double>(b.billed_time) / kNsPerHour;
  total.cpu_hours += b.cpu_hours;
  total.billed_cpu_hours += b.billed_cpu_hours;
  total.cost += b.cost;
}

}  // namespace

InstanceBill billInstance(const CostModel& model, std::span<const CpuSegment> segments,
                          TimeNs stopped) {
  if (segments.empty()) {
    throw std::invalid_argument("billInstance: an instance needs at least one CPU segment");
  }
  double cpu_ns = 0;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    checkCpu(segments[i].cpu, "billInstance");
    const TimeNs end = i + 1 < segments.size() ? segments[i + 1].from : stopped;
    if (end < segments[i].from) {
      throw std::invalid_argument("billInstance: segment " + std::to_string(i) + " starts at " +
                                  std::to_string(segments[i].from) + " ns but ends at " +
                                  std::to_string(end) + " ns");
    }
    cpu_ns += segments[i].cpu * static_cast<double>(end - segments[i].from);
  }
  return finishBill(model, stopped - segments.front().from, cpu_ns, segments.back().cpu);
}

Billing::Billing(const CostModel& model) : model_(model) {
  if (!(std::isfinite(model.price_per_cpu_hour) && model.price_per_cpu_hour >= 0)) {
    throw std::invalid_argument(
        "Billing: cost.price_per_cpu_hour must be finite and not "
        "negative, got " +
        std::to_string(model.price_per_cpu_hour));
  }
  if (model.minimum < 0) {
    throw std::invalid_argument("Billing: cost.minimum must not be negative, got " +
                                std::to_string(model.minimum) + " ns");
  }
}

Billing::PoolState& Billing::advance(PoolId pool, TimeNs t, const char* what) {
  PoolState& p = pools_[index(pool)];
  if (t < p.last) {
    throw std::invalid_argument(std::string("Billing::") + what + ": " + poolName(pool) +
                                " pool time went backwards from " + std::to_string(p.last) +
                                " to " + std::to_string(t) + " ns");
  }
  const double dt = static_cast<double>(t - p.last);
  p.instance_ns += static_cast<double>(p.open.size()) * dt;
  p.cpu_ns += p.running_cpu * dt;
  p.last = t;
  return p;
}

Billing::OpenInstance& Billing::find(PoolState& p, PoolId pool, std::uint64_t id,
                                     const char* what) {
  auto it = p.open.find(id);
  if (it == p.open.end()) {
    throw std::invalid_argument(std::string("Billing::") + what + ": no running instance " +
                                std::to_string(id) + " in the " + poolName(pool) + " pool");
  }
  return it->second;
}

void Billing::start(PoolId pool, std::uint64_t id, TimeNs created, double cpu) {
  checkCpu(cpu, "Billing::start");
  PoolState& p = advance(pool, created, "start");
  const auto [it, inserted] = p.open.try_emplace(id, OpenInstance{created, created, cpu, 0.0});
  if (!inserted) {
    throw std::invalid_argument("Billing::start: instance " + std::to_string(id) +
                                " is already running in the " + poolName(pool) + " pool");
  }
  p.running_cpu += cpu;
}

void Billing::resize(PoolId pool, std::uint64_t id, TimeNs at, double cpu) {
  checkCpu(cpu, "Billing::resize");
  PoolState& p = pools_[index(pool)];
  OpenInstance& in = find(p, pool, id, "resize");
  advance(pool, at, "resize");
  in.cpu_ns += in.cpu * static_cast<double>(at - in.segment_start);
  p.running_cpu += cpu - in.cpu;
  in.cpu = cpu;
  in.segment_start = at;
}

void Billing::resizePool(PoolId pool, TimeNs at, double cpu) {
  checkCpu(cpu, "Billing::resizePool");
  PoolState& p = advance(pool, at, "resizePool");
  for (auto& [id, in] : p.open) {
    in.cpu_ns += in.cpu * static_cast<double>(at - in.segment_start);
    in.cpu = cpu;
    in.segment_start = at;
  }
  p.running_cpu = cpu * static_cast<double>(p.open.size());
}

InstanceBill Billing::stop(PoolId pool, std::uint64_t id, TimeNs stopped) {
  PoolState& p = pools_[index(pool)];
  OpenInstance& in = find(p, pool, id, "stop");
  advance(pool, stopped, "stop");
  const double cpu_ns = in.cpu_ns + in.cpu * static_cast<double>(stopped - in.segment_start);
  const InstanceBill b = finishBill(model_, stopped - in.created, cpu_ns, in.cpu);
  addTo(p.bill, b);
  p.running_cpu -= in.cpu;
  p.open.erase(id);
  if (p.open.empty()) {
    // Adding and removing sizes like 0.1 leaves rounding dust; an empty pool has exactly none.
    p.running_cpu = 0;
  }
  return b;
}

void Billing::stopAll(TimeNs end) {
  for (int i = 0; i < kPoolCount; ++i) {
    const auto pool = static_cast<PoolId>(i);
    std::vector<std::uint64_t> ids;
    ids.reserve(pools_[i].open.size());
    for (const auto& [id, in] : pools_[i].open) {
      ids.push_back(id);
    }
    // Id order keeps the floating-point sums independent of the hash map's layout.
    std::sort(ids.begin(), ids.end());
    for (std::uint64_t id : ids) {
      stop(pool, id, end);
    }
  }
}

PoolBill Billing::total() const {
  PoolBill t;
  for (const PoolState& p : pools_) {
    t.instances += p.bill.instances;
    t.instance_hours += p.bill.instance_hours;
    t.billed_hours += p.bill.billed_hours;
    t.cpu_hours += p.bill.cpu_hours;
    t.billed_cpu_hours += p.bill.billed_cpu_hours;
    t.cost += p.bill.cost;
  }
  return t;
}

Accrual Billing::accrued(PoolId pool, TimeNs now) const {
  const PoolState& p = pools_[index(pool)];
  if (now < p.last) {
    throw std::invalid_argument("Billing::accrued: time " + std::to_string(now) +
                                " ns is before the " + poolName(pool) + " pool's last event at " +
                                std::to_string(p.last) + " ns");
  }
  const double dt = static_cast<double>(now - p.last);
  Accrual a;
  a.instance_hours = (p.instance_ns + static_cast<double>(p.open.size()) * dt) / kNsPerHour;
  a.cpu_hours = (p.cpu_ns + p.running_cpu * dt) / kNsPerHour;
  a.cost = a.cpu_hours * model_.price_per_cpu_hour;
  return a;
}

Accrual Billing::accruedTotal(TimeNs now) const {
  Accrual t;
  for (int i = 0; i < kPoolCount; ++i) {
    const Accrual a = accrued(static_cast<PoolId>(i), now);
    t.instance_hours += a.instance_hours;
    t.cpu_hours += a.cpu_hours;
    t.cost += a.cost;
  }
  return t;
}

}  // namespace shadowscale
