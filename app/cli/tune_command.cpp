#include "app/cli/tune_command.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/exit_codes.h"
#include "app/cli/tune_progress.h"
#include "core/input_error.h"
#include "io/atomic_file.h"
#include "models/forecaster_factory.h"
#include "tune/tune_files.h"
#include "tune/tuner.h"

namespace shadowscale {

namespace {

constexpr const char* kDescription =
    "search setups for the best cost against SLO-violation minutes (docs/tuning.md)\n"
    "Screens many candidate setups of SCENARIO (forecaster, quantile, scheduling buffer, target\n"
    "utilization, scale-in window, predicted pool, route share, floors, the HPA's target) with a\n"
    "fast fluid model on the first part of the traffic, confirms the best in the simulator, and\n"
    "reports the front on the rest of the traffic. Writes front.csv, confirmed.csv,\n"
    "candidates.csv, tune.json, report.html and setups/NAME.textproto.";

constexpr const char* kFooter =
    "With --shard I/N only candidates whose index is I modulo N are screened and DIR gets\n"
    "shard-I-of-N.json; `shadowscale merge` joins the shards and finishes the search.\n"
    "exit codes: 0 done, 2 bad scenario or arguments, 1 other failure.";

// The command's arguments.
struct TuneArgs {
  std::string scenario;
  std::string out_dir;
  std::string shard;
  std::string forecasters;
  TuneOptions options;
  unsigned threads = 0;
  bool quiet = false;
};

// "I/N" with 0 <= I < N.
Shard parseShard(const std::string& text) {
  Shard s;
  const auto slash = text.find('/');
  const char* b = text.data();
  const char* e = b + text.size();
  bool ok = slash != std::string::npos;
  if (ok) {
    const auto r1 = std::from_chars(b, b + slash, s.index);
    const auto r2 = std::from_chars(b + slash + 1, e, s.count);
    ok = r1.ec == std::errc() && r1.ptr == b + slash && r2.ec == std::errc() && r2.ptr == e &&
         s.count >= 1 && s.index >= 0 && s.index < s.count;
  }
  if (!ok) {
    throw InputError("--shard: expected I/N with 0 <= I < N (e.g. 3/8), got '" + text + "'");
  }
  return s;
}

// A comma-separated list of forecaster kinds, each one the factory knows.
std::vector<std::string> parseForecasters(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string kind;
  const auto& known = forecasterKinds();
  while (std::getline(in, kind, ',')) {
    if (std::find(known.begin(), known.end(), kind) == known.end()) {
      std::string list;
      for (const auto& k : known) {
        list += (list.empty() ? "" : ", ") + k;
      }
      throw InputError("--forecasters: unknown kind '" + kind + "' (known: " + list + ")");
    }
    out.push_back(kind);
  }
  if (out.empty()) {
    throw InputError("--forecasters: give at least one kind");
  }
  return out;
}

int tune(TuneArgs& args) {
  if (!args.forecasters.empty()) {
    args.options.space.forecasters = parseForecasters(args.forecasters);
  }
  const bool sharded = !args.shard.empty();
  const Shard shard = sharded ? parseShard(args.shard) : Shard{};
  const TuneContext ctx = prepareTune(args.scenario, args.options);
  const std::string out = args.out_dir.empty() ? "out/tune-" + ctx.scenario.name : args.out_dir;
  if (!args.quiet) {
    std::fprintf(stderr, "shadowscale: tuning %s (%zu candidates%s)\n", ctx.scenario.name.c_str(),
                 ctx.candidates.size(), sharded ? (", shard " + args.shard).c_str() : "");
  }
  const TuneExecution exec = tuneExecution(args.threads, args.quiet);
  const std::vector<Screened> screened = screen(ctx, shard, exec);
  if (!sharded) {
    finishTune(ctx, args.options, screened, exec, out, args.quiet);
    return kExitOk;
  }
  std::filesystem::create_directories(out);
  const std::string path =
      (std::filesystem::path(out) /
       ("shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) + ".json"))
          .string();
  writeFileAtomically(path, shardJson(ctx, args.options, shard, screened));
  std::printf("shard %d of %d: %zu candidates screened; partial result in %s\n", shard.index,
              shard.count, screened.size(), path.c_str());
  return kExitOk;
}

// The forecaster kinds a search tries unless told otherwise, for the help text.
std::string defaultForecasters() {
  std::string list;
  for (const std::string& kind : SearchSpace{}.forecasters) {
    list += (list.empty() ? "" : ", ") + kind;
  }
  return list;
}

}  // namespace

void addTuneCommand(CommandLine& cli) {
  auto args = std::make_shared<TuneArgs>();
  CLI::App& cmd = cli.add(
      "tune", kDescription, [args] { return tune(*args); }, kFooter);
  TuneOptions& o = args->options;
  cmd.add_option("SCENARIO", args->scenario, "the scenario file")->required();
  cmd.add_option("--out", args->out_dir, "write the outputs to DIR (default: out/tune-NAME)")
      ->type_name("DIR");
  cmd.add_option("--candidates", o.candidates, "candidates the fluid model screens")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd.add_option("--confirm", o.confirm, "candidates the simulator confirms")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd.add_option("--seed", o.seed, "seed of the candidate draws")->capture_default_str();
  cmd.add_option("--train-share", o.train_share,
                 "share of the judged traffic the search sees; the rest is the test")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 0.95));
  cmd.add_option("--budget", o.budget,
                 "the chosen setup's instance-hours at most this times the baseline's")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 100.0));
  cmd.add_option("--baseline", o.baseline, "the scenario's setup to measure against")
      ->capture_default_str();
  cmd.add_option("--forecasters", args->forecasters,
                 "comma-separated forecaster kinds to try (default: " + defaultForecasters() + ")")
      ->type_name("LIST");
  cmd.add_option("--shard", args->shard, "screen slice I of N and write a partial result")
      ->type_name("I/N");
  cmd.add_option("--threads", args->threads, "candidates evaluated at once (default: one per core)")
      ->type_name("N")
      ->check(CLI::Range(1u, 4096u));
  cmd.add_flag("--quiet", args->quiet, "no progress display");
}

}  // namespace shadowscale
