#pragma once

#include <string>
#include <vector>

#include "tune/tuner.h"

namespace shadowscale {

// A shard's partial result: the fluid screening of its slice of the candidates, and everything
// the merge needs to check the shards belong together and to finish the search.
struct ShardFile {
  std::string scenario_path;
  std::uint64_t scenario_hash = 0;
  TuneOptions options;
  Shard shard;
  std::vector<Screened> screened;
};

// The shard file as JSON text (deterministic: the same shard gives the same bytes).
std::string shardJson(const TuneContext& ctx, const TuneOptions& options, const Shard& shard,
                      const std::vector<Screened>& screened);

// Reads a shard file. Throws InputError naming the file (and the field) when it is not one.
ShardFile readShardFile(const std::string& path);

// Joins shard files: checks they come from the same scenario file and options, that each of
// 0..N-1 appears once, and returns the screened candidates in candidate order, with the options.
// Throws InputError naming the offending file.
ShardFile joinShards(const std::vector<ShardFile>& shards, const std::vector<std::string>& paths);

// The outputs of a search in `dir`: front.csv, confirmed.csv, candidates.csv, tune.json,
// report.html and setups/<name>.textproto for each setup on the front. Each file is written
// atomically. Throws std::runtime_error for a failed write.
void writeTuneOutputs(const std::string& dir, const TuneContext& ctx, const TuneOptions& options,
                      const TuneResult& result);

// The front, the agreement and the verdict as the CLI prints them.
std::string tuneSummaryText(const TuneContext& ctx, const TuneResult& result);

// The search's options as one line, e.g. for the shard file and the report.
std::string describeOptions(const TuneOptions& options);

}  // namespace shadowscale
