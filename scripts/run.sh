#!/usr/bin/env bash
# Runs a single-node cluster on the embedded defaults (SQLite journal in ~/.orchestrator, HTTPS on
# 127.0.0.1:6443). Extra arguments go to `orchestrator up`, e.g. --data-dir DIR --listen HOST:PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build src/Orchestrator --configuration Release --nologo --verbosity quiet >&2
exec dotnet src/Orchestrator/bin/Release/net10.0/orchestrator.dll up "$@"
