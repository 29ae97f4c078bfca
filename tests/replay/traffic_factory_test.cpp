#include "replay/traffic_factory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/input_error.h"
#include "replay/count_csv_source.h"
#include "replay/synthetic_source.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

std::vector<TimeNs> arrivals(TrafficSource& source) {
  std::vector<TimeNs> out;
  std::vector<Request> buf(1024);
  for (std::size_t n; (n = source.next(kNever, buf)) > 0;) {
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(buf[i].arrival);
    }
  }
  return out;
}

TEST(TrafficFactory, SyntheticUsesTheRunsTrafficStream) {
  TrafficSpec spec;
  spec.duration = 10 * kMinute;
  spec.start_unix = 1700000000 * kSecond;
  spec.source = SyntheticSpec{};
  auto made = makeTrafficSource(spec, 42, "");
  SyntheticSource direct(SyntheticSpec{}, 10 * kMinute, spec.start_unix,
                         Rng::stream(42, "traffic"));
  EXPECT_EQ(made->epoch(), spec.start_unix);
  EXPECT_EQ(made->duration(), 10 * kMinute);
  const auto a = arrivals(*made);
  EXPECT_EQ(a, arrivals(direct));
  auto other_seed = makeTrafficSource(spec, 43, "");
  EXPECT_NE(a, arrivals(*other_seed));
}

TEST(TrafficFactory, SyntheticNeedsADuration) {
  TrafficSpec spec;
  spec.duration = 0;
  spec.source = SyntheticSpec{};
  EXPECT_THROW(makeTrafficSource(spec, 1, ""), InputError);
}

TEST(TrafficFactory, CsvPathsResolveAgainstTheBaseDirAndZeroMeansTheirLength) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("factory_" + std::to_string(::getpid()));
  fs::create_directories(dir / "traces");
  std::ofstream(dir / "traces" / "counts.csv") << "time,count\n0,3\n60,4\n";
  TrafficSpec spec;
  spec.duration = 0;
  CountCsvSpec csv;
  csv.path = "traces/counts.csv";
  spec.source = csv;
  auto source = makeTrafficSource(spec, 7, dir.string());
  EXPECT_EQ(source->duration(), 2 * kMinute);
  EXPECT_EQ(arrivals(*source).size(), 7u);
  // The same file by an absolute path ignores the base dir.
  csv.path = (dir / "traces" / "counts.csv").string();
  spec.source = csv;
  spec.duration = kHour;
  auto absolute = makeTrafficSource(spec, 7, "/nonexistent");
  EXPECT_EQ(absolute->duration(), kHour);
  ASSERT_EQ(absolute->gaps().size(), 1u);  // the run outlasts the data
  EXPECT_EQ(absolute->gaps()[0].start, 2 * kMinute);
  // A missing file names the resolved path.
  csv.path = "traces/missing.csv";
  spec.source = csv;
  try {
    makeTrafficSource(spec, 7, dir.string());
    ADD_FAILURE() << "a missing file was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "traces" / "missing.csv").string()),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace shadowscale
