#include "app/cli/merge_command.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/exit_codes.h"
#include "app/cli/tune_progress.h"
#include "core/input_error.h"
#include "tune/tune_files.h"
#include "tune/tuner.h"

namespace shadowscale {

namespace {

constexpr const char* kDescription =
    "join the partial results of `tune --shard` runs (docs/tuning.md)\n"
    "Checks that the shards come from the same scenario file and options and that each slice\n"
    "is there once, then confirms the front in the simulator as an unsharded run would: the\n"
    "outputs are byte-identical to those of `shadowscale tune` without --shard.";

constexpr const char* kFooter =
    "exit codes: 0 done, 2 bad or missing shard files, 1 other failure.";

// The command's arguments.
struct MergeArgs {
  std::vector<std::string> shards;
  std::string out_dir;
  std::string scenario;  // overrides the path the shards name
  unsigned threads = 0;
  bool quiet = false;
};

int merge(const MergeArgs& args) {
  std::vector<ShardFile> files;
  for (const std::string& path : args.shards) {
    files.push_back(readShardFile(path));
  }
  const ShardFile all = joinShards(files, args.shards);
  const std::string scenario = args.scenario.empty() ? all.scenario_path : args.scenario;
  const TuneContext ctx = prepareTune(scenario, all.options);
  if (ctx.scenario_hash != all.scenario_hash) {
    throw InputError::at(scenario, 0, "",
                         "is not the scenario file the shards screened (its text changed)");
  }
  if (all.screened.size() != ctx.candidates.size()) {
    throw InputError("merge: the shards hold " + std::to_string(all.screened.size()) +
                     " candidates but the search has " + std::to_string(ctx.candidates.size()));
  }
  const std::string out = args.out_dir.empty() ? "out/tune-" + ctx.scenario.name : args.out_dir;
  if (!args.quiet) {
    std::fprintf(stderr, "shadowscale: merging %zu shards of %s (%zu candidates)\n", files.size(),
                 ctx.scenario.name.c_str(), ctx.candidates.size());
  }
  finishTune(ctx, all.options, all.screened, tuneExecution(args.threads, args.quiet), out,
             args.quiet);
  return kExitOk;
}

}  // namespace

void addMergeCommand(CommandLine& cli) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App& cmd = cli.add(
      "merge", kDescription, [args] { return merge(*args); }, kFooter);
  cmd.add_option("SHARD", args->shards, "shard files written by tune --shard")->required();
  cmd.add_option("--out", args->out_dir, "write the outputs to DIR (default: out/tune-NAME)")
      ->type_name("DIR");
  cmd.add_option("--scenario", args->scenario,
                 "the scenario file, when not at the path the shards name")
      ->type_name("FILE");
  cmd.add_option("--threads", args->threads, "setups simulated at once (default: one per core)")
      ->type_name("N")
      ->check(CLI::Range(1u, 4096u));
  cmd.add_flag("--quiet", args->quiet, "no progress display");
}

}  // namespace shadowscale
