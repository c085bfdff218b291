#!/usr/bin/env bash
# Runs the xunit suite and ends with the plain "N passed, N failed" line CI reads (counted from the TRX).
set -uo pipefail
cd "$(dirname "$0")/.."
results=out/test-results
rm -rf "$results"
dotnet test tests/WwanProto.Tests/WwanProto.Tests.csproj -c "${CONFIG:-Release}" \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
rc=$?
counters=$(grep -o '<Counters [^>]*>' "$results/results.trx" 2>/dev/null | head -n 1)
count() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
if [ -z "$counters" ]; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
echo "tests: ${passed} passed, ${failed} failed, $((total - executed)) skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
