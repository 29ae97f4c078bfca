#include "core/metrics/billing.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace shadowscale {
namespace {

CostModel perSecond(double price = 0.05, TimeNs minimum = 60 * kSecond) {
  CostModel m;
  m.price_per_cpu_hour = price;
  m.granularity = CostModel::Granularity::kPerSecond;
  m.minimum = minimum;
  return m;
}

CostModel perHour(double price = 0.05) {
  CostModel m;
  m.price_per_cpu_hour = price;
  m.granularity = CostModel::Granularity::kPerHour;
  return m;
}

InstanceBill billOne(const CostModel& m, TimeNs lifetime, double cpu) {
  const std::vector<CpuSegment> segments = {{0, cpu}};
  return billInstance(m, segments, lifetime);
}

TEST(Billing, PerSecondChargesTheMinimumForShortLives) {
  const InstanceBill b = billOne(perSecond(0.05), 10 * kSecond, 2.0);
  EXPECT_EQ(b.lifetime, 10 * kSecond);
  EXPECT_EQ(b.billed_time, 60 * kSecond);
  EXPECT_NEAR(b.cpu_hours, 2.0 * 10.0 / 3600.0, 1e-12);
  EXPECT_NEAR(b.billed_cpu_hours, 2.0 * 60.0 / 3600.0, 1e-12);
  EXPECT_NEAR(b.cost, 0.05 * 2.0 * 60.0 / 3600.0, 1e-12);
}

TEST(Billing, PerSecondRoundsUpToWholeSecondsAboveTheMinimum) {
  const InstanceBill b = billOne(perSecond(0.10), 61 * kSecond + 200 * kMillisecond, 1.0);
  EXPECT_EQ(b.billed_time, 62 * kSecond);
  EXPECT_NEAR(b.cost, 0.10 * 62.0 / 3600.0, 1e-12);
  const InstanceBill exact = billOne(perSecond(0.10), 90 * kSecond, 1.0);
  EXPECT_EQ(exact.billed_time, 90 * kSecond);
  // Without a minimum a zero-length life costs nothing.
  EXPECT_EQ(billOne(perSecond(0.10, 0), 0, 1.0).cost, 0.0);
}

TEST(Billing, PerHourRoundsUpToStartedHours) {
  EXPECT_EQ(billOne(perHour(), kHour, 1.0).billed_time, kHour);
  EXPECT_EQ(billOne(perHour(), kHour + kSecond, 1.0).billed_time, 2 * kHour);
  EXPECT_EQ(billOne(perHour(), 0, 1.0).billed_time, kHour);  // a started hour
  const InstanceBill b = billOne(perHour(0.05), 2 * kHour + kMinute, 4.0);
  EXPECT_EQ(b.billed_time, 3 * kHour);
  EXPECT_NEAR(b.cost, 0.05 * 4.0 * 3.0, 1e-12);
  EXPECT_NEAR(b.cpu_hours, 4.0 * (2.0 + 1.0 / 60.0), 1e-12);
}

TEST(Billing, ResizeMidLifeChargesEachSegmentAtItsSize) {
  // 30 min at 1 CPU, then 40 min at 2 CPUs; per hour: billed 2 h, the extra 50 min at 2 CPUs.
  const std::vector<CpuSegment> segments = {{0, 1.0}, {30 * kMinute, 2.0}};
  const InstanceBill b = billInstance(perHour(0.06), segments, 70 * kMinute);
  EXPECT_NEAR(b.cpu_hours, 0.5 + 2.0 * 40.0 / 60.0, 1e-12);
  EXPECT_NEAR(b.billed_cpu_hours, 0.5 + 2.0 * 90.0 / 60.0, 1e-12);
  EXPECT_NEAR(b.cost, 0.06 * 3.5, 1e-12);
  // The stateful meter gives the same bill.
  Billing billing(perHour(0.06));
  billing.start(PoolId::kLive, 7, 0, 1.0);
  billing.resize(PoolId::kLive, 7, 30 * kMinute, 2.0);
  const InstanceBill s = billing.stop(PoolId::kLive, 7, 70 * kMinute);
  EXPECT_NEAR(s.cpu_hours, b.cpu_hours, 1e-12);
  EXPECT_NEAR(s.cost, b.cost, 1e-12);
  EXPECT_EQ(s.billed_time, b.billed_time);
}

TEST(Billing, KeepsTotalsPerPool) {
  Billing billing(perSecond(1.0, 0));
  billing.start(PoolId::kLive, 1, 0, 1.0);
  billing.start(PoolId::kLive, 2, 0, 1.0);
  billing.start(PoolId::kShadow, 1, 0, 0.5);  // same id, other pool
  billing.stop(PoolId::kLive, 1, kHour);
  billing.stop(PoolId::kShadow, 1, 2 * kHour);
  billing.stop(PoolId::kLive, 2, 3 * kHour);
  const PoolBill& live = billing.bill(PoolId::kLive);
  const PoolBill& shadow = billing.bill(PoolId::kShadow);
  EXPECT_EQ(live.instances, 2u);
  EXPECT_NEAR(live.instance_hours, 4.0, 1e-12);
  EXPECT_NEAR(live.cost, 4.0, 1e-12);
  EXPECT_EQ(shadow.instances, 1u);
  EXPECT_NEAR(shadow.instance_hours, 2.0, 1e-12);
  EXPECT_NEAR(shadow.cpu_hours, 1.0, 1e-12);
  EXPECT_NEAR(shadow.cost, 1.0, 1e-12);
  const PoolBill total = billing.total();
  EXPECT_EQ(total.instances, 3u);
  EXPECT_NEAR(total.instance_hours, 6.0, 1e-12);
  EXPECT_NEAR(total.cost, 5.0, 1e-12);
}

TEST(Billing, AccrualIsUnroundedAndIncludesRunningInstances) {
  Billing billing(perHour(2.0));
  billing.start(PoolId::kLive, 1, 0, 1.0);
  billing.start(PoolId::kLive, 2, 10 * kMinute, 2.0);
  // At 30 min: instance 1 ran 30 min at 1 CPU, instance 2 ran 20 min at 2 CPUs.
  const Accrual a = billing.accrued(PoolId::kLive, 30 * kMinute);
  EXPECT_NEAR(a.instance_hours, 50.0 / 60.0, 1e-12);
  EXPECT_NEAR(a.cpu_hours, 0.5 + 40.0 / 60.0, 1e-12);
  EXPECT_NEAR(a.cost, 2.0 * a.cpu_hours, 1e-12);
  billing.stop(PoolId::kLive, 1, 40 * kMinute);
  // An interval row is the difference of two accruals: 30..60 min.
  const Accrual b = billing.accrued(PoolId::kLive, 60 * kMinute);
  EXPECT_NEAR(b.cpu_hours - a.cpu_hours, 10.0 / 60.0 + 2.0 * 30.0 / 60.0, 1e-12);
  EXPECT_NEAR(b.instance_hours - a.instance_hours, 10.0 / 60.0 + 30.0 / 60.0, 1e-12);
  // The billed cost of the stopped instance is rounded to an hour; the accrual is not.
  EXPECT_NEAR(billing.bill(PoolId::kLive).cost, 2.0, 1e-12);
  EXPECT_EQ(billing.accrued(PoolId::kShadow, 60 * kMinute).cost, 0.0);
  EXPECT_NEAR(billing.accruedTotal(60 * kMinute).cost, b.cost, 1e-12);
}

TEST(Billing, ResizePoolChangesEveryRunningInstance) {
  Billing billing(perSecond(1.0, 0));
  billing.start(PoolId::kShadow, 1, 0, 1.0);
  billing.start(PoolId::kShadow, 2, 0, 1.0);
  billing.resizePool(PoolId::kShadow, kHour, 4.0);
  EXPECT_NEAR(billing.accrued(PoolId::kShadow, 2 * kHour).cpu_hours, 2.0 + 8.0, 1e-12);
  billing.stopAll(2 * kHour);
  EXPECT_EQ(billing.running(PoolId::kShadow), 0);
  EXPECT_NEAR(billing.bill(PoolId::kShadow).cost, 10.0, 1e-12);
  EXPECT_NEAR(billing.bill(PoolId::kShadow).instance_hours, 4.0, 1e-12);
}

TEST(Billing, StopAllBillsEveryRunningInstanceAtTheEnd) {
  Billing billing(perSecond(0.05));
  for (std::uint64_t id = 0; id < 5; ++id) {
    billing.start(PoolId::kLive, id, static_cast<TimeNs>(id) * kMinute, 1.0);
  }
  billing.stop(PoolId::kLive, 2, 10 * kMinute);
  EXPECT_EQ(billing.running(PoolId::kLive), 4);
  billing.stopAll(20 * kMinute);
  EXPECT_EQ(billing.running(PoolId::kLive), 0);
  EXPECT_EQ(billing.bill(PoolId::kLive).instances, 5u);
  // Lifetimes 20, 19, 8, 17, 16 minutes.
  EXPECT_NEAR(billing.bill(PoolId::kLive).instance_hours, 80.0 / 60.0, 1e-12);
  EXPECT_NEAR(billing.accrued(PoolId::kLive, 20 * kMinute).instance_hours, 80.0 / 60.0, 1e-12);
}

TEST(Billing, RejectsInconsistentEvents) {
  Billing billing(perSecond());
  billing.start(PoolId::kLive, 1, kMinute, 1.0);
  EXPECT_THROW(billing.start(PoolId::kLive, 1, kMinute, 1.0), std::invalid_argument);
  EXPECT_THROW(billing.stop(PoolId::kLive, 9, kMinute), std::invalid_argument);
  EXPECT_THROW(billing.stop(PoolId::kShadow, 1, kMinute), std::invalid_argument);
  EXPECT_THROW(billing.stop(PoolId::kLive, 1, 0), std::invalid_argument);
  EXPECT_THROW(billing.resize(PoolId::kLive, 1, 2 * kMinute, 0.0), std::invalid_argument);
  EXPECT_THROW(billing.accrued(PoolId::kLive, 0), std::invalid_argument);
  EXPECT_THROW(billing.start(PoolId::kLive, 2, kMinute, -1.0), std::invalid_argument);
  // A rejected call leaves the bill unchanged.
  EXPECT_EQ(billing.running(PoolId::kLive), 1);
  const InstanceBill b = billing.stop(PoolId::kLive, 1, 3 * kMinute);
  EXPECT_EQ(b.lifetime, 2 * kMinute);
  EXPECT_THROW(Billing(perSecond(-1.0)), std::invalid_argument);
  EXPECT_THROW(Billing(perSecond(1.0, -kSecond)), std::invalid_argument);
  EXPECT_THROW(billInstance(perSecond(), std::vector<CpuSegment>{}, kHour), std::invalid_argument);
  const std::vector<CpuSegment> backwards = {{0, 1.0}, {kHour, 2.0}};
  EXPECT_THROW(billInstance(perSecond(), backwards, kMinute), std::invalid_argument);
}

}  // namespace
}  // namespace shadowscale
