#!/usr/bin/env bash
# Placeholder until the connection engine lands: shows the binary runs.
set -euo pipefail
cd "$(dirname "$0")/.."
out/publish/linux-x64/huaweiwwan --version
