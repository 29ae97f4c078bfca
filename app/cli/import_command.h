#pragma once

namespace shadowscale {

// `shadowscale import --format clf|combined|nginx|counts|gor [options] INPUT -o OUT.capture`:
// converts an access log, count series or GoReplay file to the capture format; with
// `--inspect FILE` it describes a capture instead. argv[0] is "import". Exit 0, 2 (bad
// arguments or input, including too many bad lines), 1 (other failure).
int runImportCommand(int argc, char** argv);

// `shadowscale capture-info FILE`: prints a capture's header, record count, time range, routes
// and any torn tail. argv[0] is the command's name. Exit 0, 2 (not a capture or damaged), 1.
int runCaptureInfoCommand(int argc, char** argv);

}  // namespace shadowscale
