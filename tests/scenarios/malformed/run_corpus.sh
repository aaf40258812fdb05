#!/usr/bin/env bash
# The malformed-scenario corpus: every file here is a scenario that `blocsim validate` must reject
# with exit status 2 and a located error. A file's first lines say what the error must be:
#
#   # expect: bad_tariff.textproto:9:69:
#   # expect: events[6].export_rule.action: tariff and cap_per_quarter apply only to a LICENCE
#
# Each `# expect:` text (up to the end of its line) must occur, as it is, in a line of the
# command's standard error. Usage:
#
#   run_corpus.sh BLOCSIM [FILE...]      default: every *.textproto beside this script
#
# Prints PASS or FAIL per file; exits 1 if any file fails. Registered with ctest one test per
# file (tests/cli/CMakeLists.txt, label `scenarios`).
set -uo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 BLOCSIM [FILE...]" >&2
  exit 2
fi
blocsim=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then set -- "$here"/*.textproto; fi

err=$(mktemp)
trap 'rm -f "$err"' EXIT
failed=0
for file in "$@"; do
  name=$(basename "$file")
  expects=()
  while IFS= read -r line; do
    case $line in
      "# expect: "*) expects+=("${line#"# expect: "}") ;;
      *) break ;;
    esac
  done <"$file"
  if [ ${#expects[@]} -eq 0 ]; then
    echo "FAIL: $name: its first line is not '# expect: ...'"
    failed=1
    continue
  fi
  "$blocsim" validate "$file" >/dev/null 2>"$err"
  status=$?
  problems=()
  [ "$status" -eq 2 ] || problems+=("exit status $status, expected 2")
  for want in "${expects[@]}"; do
    grep -qF -- "$want" "$err" || problems+=("no error contains: $want")
  done
  if [ ${#problems[@]} -eq 0 ]; then
    echo "PASS: $name"
  else
    echo "FAIL: $name"
    for p in "${problems[@]}"; do echo "  $p"; done
    echo "  stderr was:"
    sed 's/^/    /' "$err"
    failed=1
  fi
done
exit $failed
