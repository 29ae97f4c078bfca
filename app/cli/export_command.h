#pragma once

#include "app/cli/command_line.h"

namespace shadowscale {

// `shadowscale export --model model.pt --out DIR`: writes a trained model as TorchScript plus a
// JSON sidecar.
void addExportCommand(CommandLine& cli);

}  // namespace shadowscale
