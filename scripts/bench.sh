#!/usr/bin/env bash
# Runs one named benchmark on a release build; its last line is one JSON object with the figures.
# Usage: scripts/bench.sh NAME   (actors, journal, api, up, scheduler, podstart, proxy, dns)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: scripts/bench.sh NAME" >&2
  exit 2
fi
scripts/setup.sh
dotnet build tests/Orchestrator.Benchmarks --configuration Release --nologo --verbosity quiet >&2
exec dotnet tests/Orchestrator.Benchmarks/bin/Release/net10.0/Orchestrator.Benchmarks.dll "$@"
