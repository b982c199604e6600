#!/usr/bin/env bash
# Runs a single-node cluster on the embedded defaults (SQLite journal in ~/.orchestrator, HTTPS on
# 127.0.0.1:6443). Extra arguments go to `orchestrator up`, e.g. --data-dir DIR --listen HOST:PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The build says nothing when it succeeds; when it fails, its errors are shown and the script stops.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
if ! build_output=$(dotnet build src/Orchestrator --configuration Release --nologo --verbosity quiet -tl:off 2>&1); then
  printf '%s\n' "$build_output" | grep -E ': (error|fatal) ' | awk '!seen[$0]++' >&2 || printf '%s\n' "$build_output" >&2
  echo "run.sh: the build failed" >&2
  exit 1
fi
exec dotnet src/Orchestrator/bin/Release/net10.0/orchestrator.dll up "$@"
