#pragma once

namespace shadowscale {

// Exit codes of every command, as documented in docs/scenario-reference.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // something went wrong that is not the input's fault
inline constexpr int kExitBadInput = 2;    // bad arguments, scenario, trace or file
inline constexpr int kExitThreshold = 99;  // a scenario threshold was crossed (as k6 does)

}  // namespace shadowscale
