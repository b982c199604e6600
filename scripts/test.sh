#!/usr/bin/env bash
# Runs setup, then every test project, and ends with one line: "N passed, N failed, N skipped".
# Exits non-zero when a test failed or when no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build Orchestrator.sln --configuration Release --nologo --verbosity quiet || {
  echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

status=0
for project in tests/*.Tests/*.csproj tests/*IntegrationTests/*.csproj; do
  [ -f "$project" ] || continue
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" --configuration Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000 \
    || status=1
done

# Sum the counters of every TRX file: total, passed, failed, and what did not run (skipped).
counters() { # attribute name -> its sum over every TRX file
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{ s += $1 } END { print s + 0 }'
}
passed=$(counters passed)
failed=$(( $(counters failed) + $(counters error) + $(counters timeout) + $(counters aborted) ))
skipped=$(counters notExecuted)

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
