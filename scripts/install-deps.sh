#!/usr/bin/env bash
# Installs every build and test dependency of shadowscale from Debian 12 packages.
# Idempotent: packages already present are left as they are. Run as root (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  # Qt 6 Widgets + Charts; qt6-charts-dev needs the OpenGL and xkbcommon headers as well.
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev libxkbcommon-dev
  # The studio saves any chart as SVG (QSvgGenerator).
  qt6-svg-dev
  # Forecasting: libtorch for the LSTM, python3-torch to check exported models.
  libtorch-dev python3-torch
  # The reference Holt-Winters figures of scripts/statsmodels-hw.py (docs/forecasting.md).
  python3-statsmodels
  # Live proxy (Boost.Beast/Asio), scenario and capture schemas (Protobuf).
  libboost-dev libprotobuf-dev protobuf-compiler
  # Import's --route regexes: Boost.Regex does not recurse per character as std::regex does.
  libboost-regex-dev
  # Command-line parsing (CLI11) and JSON (nlohmann-json), header-only.
  libcli11-dev nlohmann-json3-dev
  # libFuzzer targets for the input parsers (clang and its fuzzer runtime).
  clang libclang-rt-14-dev
  # The live proxy's benchmark: nginx side by side, loaded by wrk.
  nginx-light wrk
  # Tests and benchmarks.
  libgtest-dev libgmock-dev libbenchmark-dev
  # The desktop app's tests run in a virtual X server.
  xvfb xauth
  # The HTML report's test draws it in headless Chromium and reads the screenshot with Pillow.
  chromium python3-pil
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
