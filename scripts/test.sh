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
read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, re, sys
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<Counters ([^>]*)/>", text)
    if not m:
        continue
    c = dict(re.findall(r'(\w+)="(\d+)"', m.group(1)))
    p += int(c.get("passed", 0))
    f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
