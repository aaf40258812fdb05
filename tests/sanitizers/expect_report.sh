#!/usr/bin/env bash
# expect_report.sh PATTERN PROGRAM [ARG...]: PROGRAM, built with a sanitizer and given a seeded
# bug, must exit with a failure status and print PATTERN (the sanitizer's report) on stderr.
set -uo pipefail
pattern=$1
shift
err=$(mktemp)
trap 'rm -f "$err"' EXIT
"$@" >/dev/null 2>"$err"
status=$?
cat "$err"
if [ "$status" -eq 0 ]; then
  echo "FAIL: $1 exited 0: the sanitizer did not stop it"
  exit 1
fi
if ! grep -q -- "$pattern" "$err"; then
  echo "FAIL: no '$pattern' in the report"
  exit 1
fi
echo "PASS: $(basename "$1") reported '$pattern' and exited $status"
