#!/usr/bin/env bash
# Installs and starts what the build and the tests need on a fresh Debian machine. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "setup: $*" >&2; }

if ! command -v dotnet >/dev/null 2>&1; then
  log "installing the .NET SDK from Debian's packages"
  apt-get update -qq && apt-get install -y -qq dotnet-sdk-10.0
fi
dotnet --version >/dev/null

# Every package restores from the registry through the central versions in Directory.Packages.props.
log "restoring packages"
dotnet restore Orchestrator.sln --verbosity quiet >&2
