#include "sim/engine.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <streambuf>
#include <thread>

#include "io/atomic_file.h"
#include "report/html_report.h"
#include "sim/report.h"
#include "sim/setup_run.h"

namespace shadowscale {

namespace {

bool compare(double actual, ThresholdSpec::Op op, double limit) {
  switch (op) {
    case ThresholdSpec::Op::kLess:
      return actual < limit;
    case ThresholdSpec::Op::kLessEqual:
      return actual <= limit;
    case ThresholdSpec::Op::kGreater:
      return actual > limit;
    case ThresholdSpec::Op::kGreaterEqual:
      return actual >= limit;
  }
  return false;
}

// Passes each row the setup writes on to its part file (if any) and, line by line, to the
// front end's row callback.
class RowTee : public std::streambuf {
 public:
  RowTee(std::ostream* file, std::size_t setup,
         const std::function<void(std::size_t, std::string_view)>& on_row)
      : file_(file), setup_(setup), on_row_(on_row) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (file_ != nullptr) {
      file_->write(s, n);
    }
    for (std::streamsize i = 0; i < n; ++i) {
      feed(s[i]);
    }
    return n;
  }
  int overflow(int c) override {
    if (c != traits_type::eof()) {
      const char ch = static_cast<char>(c);
      xsputn(&ch, 1);
    }
    return c == traits_type::eof() ? 0 : c;
  }

 private:
  std::ostream* file_;
  std::size_t setup_;
  const std::function<void(std::size_t, std::string_view)>& on_row_;
  std::string line_;

  void feed(char c) {
    if (c == '\n') {
      on_row_(setup_, line_);
      line_.clear();
    } else {
      line_ += c;
    }
  }
};

}  // namespace

bool RunReport::thresholdsCrossed() const {
  for (const auto& c : checks) {
    if (!c.passed) {
      return true;
    }
  }
  return false;
}

std::vector<ThresholdCheck> checkThresholds(const Scenario& scenario,
                                            const std::vector<SetupResult>& setups) {
  std::vector<ThresholdCheck> checks;
  for (const ThresholdSpec& t : scenario.thresholds) {
    for (const SetupResult& s : setups) {
      if (!t.setup.empty() && t.setup != s.name) {
        continue;
      }
      ThresholdCheck c;
      c.spec = t;
      c.setup = s.name;
      c.actual = s.metric(t.metric);
      c.passed = !std::isnan(c.actual) && compare(c.actual, t.op, t.value);
      checks.push_back(c);
    }
  }
  return checks;
}

RunReport runScenario(const Scenario& input, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  Scenario scenario = input;
  if (options.seed) {
    scenario.seed = *options.seed;
  }
  const std::size_t n = scenario.setups.size();
  namespace fs = std::filesystem;
  const bool write = !options.out_dir.empty();
  if (write) {
    fs::create_directories(options.out_dir);
  }
  auto rows_path = [&](std::size_t i) {
    return (fs::path(options.out_dir) / (".intervals-" + std::to_string(i) + ".csv.part")).string();
  };

  std::vector<SetupResult> results(n);
  std::vector<std::atomic<double>> progress(n);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex done_mutex;
  std::condition_variable done_cv;
  auto worker = [&]() {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        SetupRun run(scenario, scenario.setups[i]);
        std::ofstream rows;
        if (write) {
          rows.open(rows_path(i), std::ios::binary | std::ios::trunc);
          if (!rows) {
            throw std::runtime_error(rows_path(i) + ": cannot write");
          }
          run.setRowSink(&rows);
        }
        // xsputn writes to the file itself, so the tee sees every byte once.
        RowTee tee(write ? &rows : nullptr, i, options.on_row);
        std::ostream tee_stream(&tee);
        if (options.on_row) {
          run.setRowSink(&tee_stream);
        }
        run.setProgress(&progress[i]);
        run.setCancel(options.cancel);
        results[i] = run.run();
        progress[i] = 1.0;
        if (options.on_setup_done) {
          options.on_setup_done(i, results[i]);
        }
      } catch (...) {
        errors[i] = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(done_mutex);
        ++done;
      }
      done_cv.notify_all();
    }
  };
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n)));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back(worker);
  }
  {
    std::unique_lock<std::mutex> lock(done_mutex);
    while (done < n) {
      if (options.on_progress) {
        std::vector<double> p(n);
        for (std::size_t i = 0; i < n; ++i) {
          p[i] = progress[i].load();
        }
        lock.unlock();
        options.on_progress(p);
        lock.lock();
      }
      done_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return done == n; });
    }
  }
  for (auto& t : pool) {
    t.join();
  }
  auto cleanup = [&]() {
    if (write) {
      for (std::size_t i = 0; i < n; ++i) {
        std::error_code ec;
        fs::remove(rows_path(i), ec);
      }
    }
  };
  if (options.cancel != nullptr && options.cancel->load()) {
    cleanup();
    throw RunCancelled();
  }
  for (auto& e : errors) {
    if (e) {
      cleanup();
      std::rethrow_exception(e);
    }
  }

  RunReport report;
  report.scenario = scenario.name;
  report.seed = scenario.seed;
  report.setups = std::move(results);
  report.checks = checkThresholds(scenario, report.setups);
  if (!report.setups.empty()) {
    report.notes = trafficGapNotes(report.setups.front().traffic_gaps);
  }
  if (write) {
    // The interval rows: every setup's part, in setup order, under one header; streamed so a
    // long run's rows never sit in memory at once.
    const std::string csv_path = (fs::path(options.out_dir) / "intervals.csv").string();
    {
      std::ofstream csv(csv_path + ".tmp", std::ios::binary | std::ios::trunc);
      csv << SetupRun::csvHeader();
      for (std::size_t i = 0; i < n; ++i) {
        std::ifstream part(rows_path(i), std::ios::binary);
        if (part.peek() != std::ifstream::traits_type::eof()) {
          csv << part.rdbuf();
        }
      }
      if (!csv.flush()) {
        cleanup();
        throw std::runtime_error(csv_path + ": write failed");
      }
    }
    cleanup();
    fs::rename(csv_path + ".tmp", csv_path);
    const std::string summary = summaryJson(scenario, report);
    writeFileAtomically((fs::path(options.out_dir) / "summary.json").string(), summary);
    writeFileAtomically((fs::path(options.out_dir) / "junit.xml").string(),
                        junitXml(scenario, report));
    // The charts, last: they are drawn from the two files above.
    HtmlReportOptions html;
    html.slo_latency_ms = toMillis(scenario.slo.latency_target);
    html.slo_percentile = scenario.slo.percentile;
    writeFileAtomically((fs::path(options.out_dir) / "report.html").string(),
                        htmlReport(csv_path, summary, html));
  }
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return report;
}

}  // namespace shadowscale
