#!/usr/bin/env bash
# Runs every test on a fresh machine: installs the Debian packages the tests need if missing, then builds and runs all test projects.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need: redis-server (real Redis), chromium (the browser tests, driven by Playwright),
# docker-compose and kubectl (Debian's kubernetes-client; the deployment tests validate deploy/ with them), iproute2
# (`ip netns`: the multi-host tests put each service in a network namespace, which needs root), fonts-dejavu-core
# (ScottPlot's Skia finds fonts under /usr/share/fonts; without any, plots have no text).
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing from Debian's packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test Interest.sln -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

# One closing line over all test projects, summed from their TRX files.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*'); passed=$((passed + ${p:-0}))
  f=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*'); failed=$((failed + ${f:-0}))
  t=$(echo "$counters" | grep -o ' total="[0-9]*"' | grep -o '[0-9]*'); e=$(echo "$counters" | grep -o ' executed="[0-9]*"' | grep -o '[0-9]*')
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with ${status} although no test failed: a build error or an aborted test host (search above for 'Test Run Aborted')"
fi
exit $status
