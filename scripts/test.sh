#!/usr/bin/env bash
# Runs the xunit suite and ends with the plain "N passed, N failed" line CI reads (counted from the TRX),
# preceded by each failed test's own lines again: CI shows only the tail of a long log.
set -uo pipefail
cd "$(dirname "$0")/.."
results=out/test-results
rm -rf "$results"
mkdir -p "$results"
dotnet test tests/WwanProto.Tests/WwanProto.Tests.csproj -c "${CONFIG:-Release}" \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
rc=${PIPESTATUS[0]}
counters=$(grep -o '<Counters [^>]*>' "$results/results.trx" 2>/dev/null | head -n 1)
count() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
if [ -z "$counters" ]; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
failures() {
  awk '/^  Failed [^ ]/ { on = 1; n = 0 } /^  (Passed|Skipped) / { on = 0 } on && n++ < 40' "$results/console.log"
}
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
if [ "$failed" -gt 0 ]; then echo "--- failed tests (again, from the log above) ---"; failures; fi
echo "tests: ${passed} passed, ${failed} failed, $((total - executed)) skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
