#!/usr/bin/env bash
# Runs the test suite and ends with one plain summary line ("tests: N passed, N failed, N skipped")
# that CI systems can read, keeping dotnet test's exit status.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test tests/Mosh.Tests/Mosh.Tests.csproj -c Release --nologo \
    --logger "console;verbosity=normal" ${TEST_FILTER:+--filter "$TEST_FILTER"} "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# dotnet test prints either "Passed!  - Failed: F, Passed: P, Skipped: S, …" or, at normal
# verbosity, a block of "Total tests: / Passed: / Failed: / Skipped:" lines.
count() { grep -E "^ *$1: *[0-9]+" "$log" | tail -n1 | sed -E "s/^ *$1: *([0-9]+).*/\1/"; }
total=$(count 'Total tests')
if [ -z "$total" ] && grep -qE '^(Passed|Failed)!  - Failed: ' "$log"; then
  line=$(grep -E '^(Passed|Failed)!  - Failed: ' "$log" | tail -n1)
  total=found
  failed=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
  passed=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
  skipped=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
else
  passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
fi
# CI shows only the end of the output: name each failed test there, with the start of its message
# and the test's own line in the stack, so a failure that does not repeat can still be traced.
awk '
  /^  Failed [A-Za-z]/ { sub(/^  Failed /, ""); print "failed: " $0; state = "name"; shown = 0; next }
  state == "name" && /^  Error Message:/ { state = "message"; next }
  state == "message" && /^  Stack Trace:/ { state = "stack"; next }
  state == "message" && shown < 4 { print "    " substr($0, 1, 200); shown++; next }
  state == "stack" && /Mosh\.Tests\/.*\.cs:line [0-9]+/ { sub(/^ +/, ""); print "    " $0; state = "" }
' "$log"
if [ -n "$total" ]; then
  echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
else
  echo "tests: 0 passed, 1 failed (the test run produced no summary)"
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
