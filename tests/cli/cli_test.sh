#!/usr/bin/env bash
# End-to-end tests of the blocsim command. Usage: cli_test.sh CASE BLOCSIM RESULTS_EQUAL WORKDIR
set -euo pipefail
case_name=$1 blocsim=$2 results_equal=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_status STATUS CMD...: runs CMD, captures stdout/stderr, checks its exit status.
expect_status() {
  local want=$1; shift
  set +e; "$@" >out.txt 2>err.txt; local got=$?; set -e
  [ "$got" = "$want" ] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}
contains() { grep -q -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not contain '$2'"; }; }
# The rows of the first table in FILE whose header line starts with HEADER: the lines after it,
# up to the first blank one.
table_rows() { awk -v h="$2" 'f && !NF { exit } f { print } index($0, h) == 1 { f = 1 }' "$1"; }
# check_run_table FILE REPLICAS: the end table of `blocsim run` has one column per date and, in
# every cell, a median inside its [5%, 95%] interval; shares lie in [0%, 100%] (the quality gap,
# signed, in [-100%, 100%]) and ratios are positive. Calibration may move every number; these
# hold for any.
check_run_table() {
  contains "$1" "median \[5%, 95%\] over $2 replica"
  table_rows "$1" "metric " >rows.txt
  [ -s rows.txt ] || { cat "$1" >&2; fail "the run printed no metric rows"; }
  local dates
  dates=$(grep -m1 "^metric " "$1" | awk '{ print NF - 1 }')
  [ "$dates" -gt 0 ] || fail "the table has no date columns"
  awk -v dates="$dates" '
    function bad(why) { printf "row %s: %s\n", $1, why > "/dev/stderr"; failed = 1 }
    function num(s) { gsub(/[%,\[\]]/, "", s); return s + 0 }
    function share_ok(v) { return $1 ~ /^quality\.gap/ ? (v >= -100 && v <= 100) : (v >= 0 && v <= 100) }
    {
      rows++
      line = $0; sub(/^[^ ]+ +/, "", line); sub(/ +$/, "", line)
      n = split(line, cell, /   +/)
      if (n != dates) bad(n " cells for " dates " dates")
      for (i = 1; i <= n; i++) {
        k = split(cell[i], part, " ")
        for (j = 1; j <= k; j++) if (part[j] !~ /^\[?-?[0-9.]+%?[],]?$/) bad("cell \"" cell[i] "\" does not parse")
        percent = cell[i] ~ /%/
        m = num(part[1])
        if (k == 3) {
          lo = num(part[2]); hi = num(part[3])
          if (!(lo <= m && m <= hi)) bad("median " m " outside [" lo ", " hi "]")
          if (percent && !(share_ok(lo) && share_ok(hi))) bad("interval [" lo ", " hi "] out of range")
          if (!percent && !(lo > 0)) bad("ratio " lo " not positive")
        } else if (k != 1) bad("cell \"" cell[i] "\" is neither a value nor a value with an interval")
        if (percent && !share_ok(m)) bad("share " m " out of range")
      }
    }
    END { exit failed || rows == 0 }' rows.txt || { cat "$1" >&2; fail "the end table is malformed"; }
}
# check_fired_table FILE: the counters of what fired: a mean per replica >= 0 and a share of
# replicas in [0%, 100%], zero together, and a replica that fired fired at least once.
check_fired_table() {
  table_rows "$1" "fired by " >fired.txt
  [ -s fired.txt ] || { cat "$1" >&2; fail "no rows of what fired"; }
  awk 'NF != 3 || $2 !~ /^[0-9]+\.[0-9][0-9]$/ || $3 !~ /^[0-9]+\.[0-9]%$/ { print "row does not parse: " $0 > "/dev/stderr"; exit 1 }
       { share = $3 + 0
         if (share > 100 || ($2 == 0) != (share == 0) || $2 + 0.005 < share / 100) {
           print "inconsistent row: " $0 > "/dev/stderr"; exit 1 } }' fired.txt ||
    { cat "$1" >&2; fail "the table of what fired is inconsistent"; }
}


case $case_name in
  help)
    expect_status 0 "$blocsim" --help
    contains out.txt "run"
    contains out.txt "Examples"
    expect_status 0 "$blocsim" run --help
    contains out.txt "--replicas"
    contains out.txt "--threads"
    contains out.txt "Examples"
    ;;
  version)
    expect_status 0 "$blocsim" --version
    contains out.txt "blocsim 0."
    ;;
  run_default_writes_results)
    expect_status 0 "$blocsim" run --replicas 4
    [ -s results.pb ] || fail "results.pb was not written in the current folder"
    contains out.txt "^adoption.world.origin.china "
    # Not on a terminal, the table fits 100 columns: its dates wrap into blocks, each with a header.
    awk 'length($0) > 100 { print "line " NR " is " length($0) " long"; bad = 1 } END { exit bad }' out.txt ||
      fail "a line of the run's output is wider than 100 columns"
    contains out.txt "^metric  *2025-01  *2025-12  *2026-12 *$"
    contains out.txt "^metric  *2030-12 *$"
    check_run_table out.txt 4
    # An index is written from 0 to 1, as in the figures and docs (a share would be a percentage).
    contains out.txt "^bipolarity.index  *0\.[0-9][0-9][0-9] \[0\.[0-9][0-9][0-9], [01]\.[0-9][0-9][0-9]\]"
    # The baseline has responses: what fired, as mean fires per replica and share of replicas.
    contains out.txt "^fired by 2030-12 (policy.fired.\*) *mean per replica *share of replicas$"
    contains out.txt "^retaliation.CHN.USA "
    contains out.txt "^subsidy_response.CHN "
    check_fired_table out.txt
    ;;
  run_dates_choose_the_columns)
    expect_status 0 "$blocsim" run --replicas 2 --dates 2026-06 --dates 2030-12 -o chosen.pb
    contains out.txt "^metric  *2026-06  *2030-12 *$"
    # $COLUMNS sets the width: wide enough, every December in one block.
    COLUMNS=250 expect_status 0 "$blocsim" run --replicas 2 -o wide.pb
    contains out.txt "^metric  *2025-01 .* 2030-12 *$"
    check_run_table out.txt 2
    # A month that is not one, or outside the run: said before the run, exit 2, nothing written.
    expect_status 2 "$blocsim" run --replicas 2 --dates 2026 -o never.pb
    contains err.txt "--dates 2026: not a month; write YYYY-MM"
    expect_status 2 "$blocsim" run --replicas 2 --dates 2031-01 -o never.pb
    contains err.txt "--dates 2031-01: not in the run (2025-01 to 2030-12)"
    [ ! -e never.pb ] || fail "a refused run wrote never.pb"
    ;;
  export_csv)
    expect_status 0 "$blocsim" run --replicas 3 --per-replica -q -o runs.pb
    expect_status 0 "$blocsim" info runs.pb
    metrics=$(awk '$1 == "metrics" { print $2 + 0 }' out.txt)
    params=$(awk '$1 == "uncertain" { print $2 + 0 }' out.txt)
    months=$(awk '$1 == "months" { print $2 + 0 }' out.txt)
    [ "$metrics" -gt 0 ] && [ "$params" -gt 0 ] && [ "$months" = 72 ] || fail "blocsim info did not say the file's shape"
    expect_status 0 "$blocsim" export runs.pb --csv
    [ "$(head -1 out.txt)" = "scenario,metric,unit,date,statistic,replica,value" ] || fail "bad CSV header"
    # 9 statistics per metric and month, and one draw per replica of each uncertain parameter.
    [ "$(($(wc -l <out.txt) - 1))" = "$((metrics * months * 9 + params * 3))" ] ||
      fail "$(wc -l <out.txt) lines, expected 1 + $metrics x $months x 9 + $params x 3"
    contains out.txt "^baseline,quality.gap,share,2030-12,p50,,"
    contains out.txt "^baseline,parameter:lab_dynamics.algorithmic_progress,,,draw,2,"
    expect_status 0 "$blocsim" export runs.pb --per-replica -o replicas.csv
    [ "$(($(wc -l <replicas.csv) - 1))" = "$((metrics * months * 12 + params * 3))" ] ||
      fail "--per-replica: $(wc -l <replicas.csv) lines, expected 3 more rows per metric and month"
    contains replicas.csv "^baseline,quality.gap,share,2030-12,value,2,"
    # A file without series and --per-replica, or a file that is not results: exit 2, nothing written.
    expect_status 0 "$blocsim" run --replicas 2 -q -o summary.pb
    expect_status 2 "$blocsim" export summary.pb --per-replica -o never.csv
    contains err.txt "has no per-replica series; make it with \`blocsim run --per-replica\`"
    printf 'not a results file' >junk.pb
    expect_status 2 "$blocsim" export junk.pb -o never.csv
    [ ! -e never.csv ] || fail "a refused export wrote never.csv"
    ;;
  run_threads_reproducible)
    expect_status 0 "$blocsim" run --replicas 6 --seed 5 --threads 1 -q -o one.pb
    expect_status 0 "$blocsim" run --replicas 6 --seed 5 --threads 2 -q -o two.pb
    cmp -s one.pb two.pb && fail "provenance should differ (threads), yet the files are identical"
    expect_status 0 "$results_equal" one.pb two.pb
    expect_status 0 "$blocsim" run --replicas 6 --seed 6 --threads 2 -q -o other.pb
    expect_status 1 "$results_equal" one.pb other.pb
    ;;
  run_json_output)
    expect_status 0 "$blocsim" run --replicas 3 -q -o out.json
    contains out.json '"scenario_name": "baseline"'
    contains out.json '"name": "bipolarity.index"'
    ;;
  bad_scenario_exit_2)
    printf 'name: "broken"\nrun { start: "2025-01" end: "2024-12" replicas: 1 }\nnations { id: "USA" bloc_lean: 3 }\n' >broken.textproto
    expect_status 2 "$blocsim" run broken.textproto -o never.pb
    contains err.txt "broken.textproto:2:"
    contains err.txt "run.end: is before run.start"
    contains err.txt "broken.textproto:3:.*nations\[0\].bloc_lean"
    [ ! -e never.pb ] || fail "an invalid scenario wrote an output file"
    printf 'name: "broken"\nrun { start: "2025-01"\n' >syntax.textproto
    expect_status 2 "$blocsim" run syntax.textproto -o never.pb
    contains err.txt "syntax.textproto:3:"
    [ ! -e never.pb ] || fail "a syntax error wrote an output file"
    ;;
  bad_output_folder_exit_2)
    expect_status 2 "$blocsim" run --replicas 2 -o no/such/folder/r.pb
    contains err.txt "does not exist"
    ;;
  unknown_scenario_exit_2)
    expect_status 2 "$blocsim" run no-such-scenario
    contains err.txt "not a built-in scenario"
    contains err.txt "baseline"
    ;;
  bad_option_exit_2)
    expect_status 2 "$blocsim" run --replicas 0
    expect_status 2 "$blocsim" run --threads lots
    expect_status 2 "$blocsim" frobnicate
    ;;
  plot_and_report)
    expect_status 0 "$blocsim" run --replicas 4 -q -o r.pb
    expect_status 0 "$blocsim" plot r.pb --out figures --format png
    [ -s figures/fan_adoption.world.origin.china.png ] || fail "no fan chart"
    [ -s figures/regimes.png ] || fail "no regime chart"
    expect_status 0 "$blocsim" report r.pb --out report.html
    contains report.html "<svg"
    contains report.html "bipolarity.index"
    grep -q "https\?://" report.html && grep -o "https\?://[^\"' ]*" report.html | grep -v "www.w3.org" && fail "the report refers to an external URL"
    expect_status 2 "$blocsim" plot missing.pb --out figures
    printf 'not a results file' >junk.pb
    expect_status 2 "$blocsim" report junk.pb --out junk.html
    contains err.txt "error"
    [ ! -e junk.html ] || fail "a failed report left a file"
    ;;
  compare)
    # Without -o the file is named after the two scenarios, and replacing it is said.
    expect_status 0 "$blocsim" compare baseline no-h200-exports --replicas 2 --dates 2026-12 \
      --set developers.agents=2000
    [ -s baseline-vs-no-h200-exports.comparison.pb ] || fail "no baseline-vs-no-h200-exports.comparison.pb"
    contains out.txt "^wrote baseline-vs-no-h200-exports.comparison.pb$"
    expect_status 0 "$blocsim" compare baseline no-h200-exports --replicas 2 --dates 2026-12 \
      --set developers.agents=2000
    contains out.txt "^wrote baseline-vs-no-h200-exports.comparison.pb (replacing the earlier one"
    expect_status 0 "$blocsim" compare baseline baseline --replicas 4 --dates 2026-12 -o self.json
    contains out.txt "baseline minus baseline, paired over 4 replicas"
    contains out.txt "+0.0 pt \[+0.0 pt, +0.0 pt\] 50%"
    contains self.json '"b_name": "baseline"'
    # --metric chooses the rows, with shell wildcards; one that matches nothing is refused first.
    expect_status 0 "$blocsim" compare baseline aggressive-h200-exports --replicas 4 \
      --set developers.agents=2000 --dates 2026-12 --metric chips.china.licensed \
      --metric 'regime.*' -o chosen.pb
    [ "$(table_rows out.txt "metric " | grep -c .)" = 6 ] ||
      { cat out.txt >&2; fail "compare --metric did not show the 6 chosen rows"; }
    contains out.txt "^chips.china.licensed "
    contains out.txt "^regime.contested .*%->.*%"
    expect_status 2 "$blocsim" compare baseline baseline --replicas 2 --metric nothing.like.it \
      -o never.pb
    contains err.txt "--metric nothing.like.it: no metric of this run matches it"
    # blocsim info says what each file holds.
    expect_status 0 "$blocsim" info chosen.pb
    contains out.txt "a paired comparison"
    contains out.txt "B aggressive-h200-exports minus A baseline"
    expect_status 2 "$blocsim" info never.pb
    expect_status 2 "$blocsim" compare baseline baseline --replicas 2 --dates 2026 -o never.pb
    contains err.txt "--dates 2026: not a month; write YYYY-MM"
    [ ! -e never.pb ] || fail "a refused compare wrote its file"
    expect_status 0 "$blocsim" run --replicas 4 --set developers.agents=2000 -o chosen_run.pb \
      --metric 'chips.china.*'
    [ "$(table_rows out.txt "metric " | grep -c .)" = 3 ] ||
      { cat out.txt >&2; fail "run --metric did not show the 3 chip rows"; }
    expect_status 0 "$blocsim" info chosen_run.pb
    contains out.txt "the results of a run"
    contains out.txt "^replicas     4"
    # Two results files from runs with the same seed and per-replica series pair too.
    expect_status 0 "$blocsim" run --replicas 3 --seed 4 --per-replica -q -o a.pb
    expect_status 0 "$blocsim" run --replicas 3 --seed 4 --per-replica -q --set labs.openai.price_input=1 -o b.pb
    expect_status 0 "$blocsim" compare a.pb b.pb -q -o ab.pb
    [ -s ab.pb ] || fail "no comparison written"
    expect_status 0 "$blocsim" run --replicas 3 --seed 4 -q -o plain.pb
    expect_status 2 "$blocsim" compare a.pb plain.pb -q -o never.pb
    contains err.txt "per-replica"
    expect_status 2 "$blocsim" compare baseline baseline --dates 2040-01 --replicas 2 -q -o never.pb
    [ ! -e never.pb ] || fail "a failed comparison wrote a file"
    # A scenario and a results file: a clear message, with the run that would pair them.
    expect_status 2 "$blocsim" compare baseline a.pb -q -o never.pb
    contains err.txt "a.pb is a results file and baseline a scenario"
    contains err.txt "blocsim run baseline --per-replica --seed 4 --replicas 3 -o other.pb"
    grep -q "textproto\|:1:" err.txt && fail "a results file was parsed as a scenario"
    [ ! -e never.pb ] || fail "a failed comparison wrote a file"
    expect_status 2 "$blocsim" compare a.pb b.pb --set-b developers.agents=10 -q -o never.pb
    contains err.txt "change scenarios, not results files"
    # --set-b: the baseline against the baseline with one change differs ...
    expect_status 0 "$blocsim" compare baseline baseline --replicas 3 --dates 2026-12 \
      --set developers.agents=2000 --set-b market.leakage.hubs.rate=0.1 -o changed.json
    contains out.txt "baseline with --set-b market.leakage.hubs.rate=0.1 minus baseline (both with --set developers.agents=2000), paired over 3"
    contains out.txt "^compute.ratio.us_over_china "
    grep "^compute.ratio.us_over_china " out.txt | grep -q -- "+0 \[+0, +0\] 50%" &&
      fail "a different hubs rate left the compute ratio unchanged"
    grep -q '"b_text": ".*fixed: 0.1' changed.json || fail "B's scenario text lacks the override"
    # ... and with the same change on both sides, every difference is exactly zero.
    expect_status 0 "$blocsim" compare baseline baseline --replicas 3 --dates 2026-12 \
      --set developers.agents=2000 --set-a market.leakage.hubs.rate=0.1 \
      --set-b market.leakage.hubs.rate=0.1 -o same.json
    rows=$(table_rows out.txt "metric " | grep -c . || true)
    zeros=$(table_rows out.txt "metric " |
      grep -cE '^[a-z_.]+ +\+0(\.0 pt|\.000)? \[\+0(\.0 pt|\.000)?, \+0(\.0 pt|\.000)?\] (50%|([0-9]+)%->\5%) *$' || true)
    [ "$rows" -gt 0 ] && [ "$zeros" = "$rows" ] ||
      { cat out.txt >&2; fail "$zeros of $rows headline differences are zero, expected all"; }
    ;;
  metrics_lists_what_a_run_exports)
    # The list is the results file's metrics, in its order; --markdown is the registry's table.
    expect_status 0 "$blocsim" run --replicas 1 --quiet -o r.json
    grep -o '"name": "[^"]*"' r.json | cut -d'"' -f4 >run_names.txt
    expect_status 0 "$blocsim" metrics
    awk '{print $2}' out.txt >listed_names.txt
    [ -s listed_names.txt ] || fail "blocsim metrics listed nothing"
    diff run_names.txt listed_names.txt >&2 || fail "blocsim metrics differs from the run's metrics"
    expect_status 0 "$blocsim" metrics --markdown
    contains out.txt '| 0 | `adoption.world.origin.us` | share |'
    contains out.txt '`policy.fired.<counter>`'
    expect_status 2 "$blocsim" metrics no-such-scenario
    ;;
  validate_and_scenarios)
    expect_status 0 "$blocsim" scenarios
    contains out.txt "baseline"
    expect_status 0 "$blocsim" scenarios show baseline
    contains out.txt 'name: "baseline"'
    expect_status 2 "$blocsim" scenarios show nope
    expect_status 0 "$blocsim" validate baseline
    contains out.txt "baseline: valid"
    printf 'extends: "baseline"\nname: "x"\nrun { end: "2024-01" }\nlabs { id: "a" }\n' >bad.textproto
    expect_status 2 "$blocsim" validate bad.textproto baseline
    contains err.txt "bad.textproto:3:"
    contains out.txt "baseline: valid"
    expect_status 0 "$blocsim" run --replicas 2 -q --set market.leakage.hubs.rate=0.3 -o set.json
    contains set.json "market.leakage.hubs.rate=0.3"
    expect_status 2 "$blocsim" run --replicas 2 -q --set market.leakage.hubz.rate=0.3 -o never.json
    contains err.txt "no element of 'leakage' has id 'hubz'"
    [ ! -e never.json ] || fail "a bad --set wrote a file"
    # A bad value given by --set is blamed on the --set, not on a line of the built-in file.
    expect_status 2 "$blocsim" run baseline --replicas 2 -q --set market.leakage.hubs.rate=1.5 -o never.json
    contains err.txt "^--set market.leakage.hubs.rate=1.5: market.leakage\[[0-9]*\].rate.fixed: is 1.5, must be in \[0, 1\]$"
    grep -q "built-in:baseline" err.txt && fail "the --set error points into the built-in baseline"
    [ ! -e never.json ] || fail "a bad --set value wrote a file"
    expect_status 2 "$blocsim" validate baseline --set labs.alibaba.compute_share=0.9
    contains err.txt "^--set labs.alibaba.compute_share=0.9: labs\[[0-9]*\].compute_share: the labs of CHN train on "
    # The sum named is that of the shares listed (alibaba's the one set), and above the limit.
    sed -n 's/.* train on \([0-9.]*\) of its compute (\(.*\)); .*must sum to at most 1$/\1 \2/p' err.txt |
      awk '{ total = $1; n = 0; sum = 0
             for (i = 2; i < NF; i += 3) { sum += $(i + 1); n++; if ($i == "alibaba") set = $(i + 1) }
             ok = total > 1 && set == 0.9 && n > 1 && sum - total < 0.005 * n && total - sum < 0.005 * n }
           END { exit !(NR == 1 && ok) }' || { cat err.txt >&2; fail "the sum of the compute shares is not the one listed"; }
    # A missing file: its error once, and nothing else.
    expect_status 2 "$blocsim" validate nofile.textproto
    contains err.txt "^nofile.textproto: no such file, and not a built-in scenario"
    [ "$(wc -l <err.txt)" = 1 ] || { cat err.txt >&2; fail "validate printed more than the one error"; }
    ;;
  resume_after_kill)
    expect_status 0 "$blocsim" run --replicas 24 --seed 8 -q -o whole.pb
    for signal in KILL INT; do
      rm -f cut.pb cut.pb.journal
      "$blocsim" run --replicas 24 --seed 8 -q -o cut.pb 2>interrupt.txt &
      pid=$!
      # Wait until the journal holds a finished replica (its header is 32 bytes), then stop it.
      for _ in $(seq 1 600); do
        [ "$(stat -c %s cut.pb.journal 2>/dev/null || echo 0)" -gt 32 ] && break
        sleep 0.05
      done
      kill -$signal $pid
      set +e; wait $pid; status=$?; set -e
      [ ! -e cut.pb ] || fail "an interrupted run ($signal) wrote its results file"
      [ -s cut.pb.journal ] || fail "no journal after $signal"
      if [ $signal = INT ]; then
        [ $status = 130 ] || fail "Ctrl-C should exit 130, got $status"
        contains interrupt.txt "Resume with: .* --resume"
      fi
      expect_status 0 "$blocsim" run --replicas 24 --seed 8 -o cut.pb --resume
      contains err.txt "resuming:"
      expect_status 0 "$results_equal" whole.pb cut.pb
      [ ! -e cut.pb.journal ] || fail "the journal outlived the finished run"
    done
    # A journal of another run is refused, not mixed in.
    "$blocsim" run --replicas 24 --seed 9 -q -o other.pb & pid=$!
    for _ in $(seq 1 600); do [ "$(stat -c %s other.pb.journal 2>/dev/null || echo 0)" -gt 32 ] && break; sleep 0.05; done
    kill -9 $pid; wait $pid || true
    expect_status 2 "$blocsim" run --replicas 24 --seed 10 -q -o other.pb --resume
    contains err.txt "journal of another run"
    ;;
  mpi_equals_one_process)
    [ -n "${MPIEXEC:-}" ] || fail "MPIEXEC is not set"
    mpi=("$MPIEXEC" -np 2 --allow-run-as-root --oversubscribe)
    expect_status 0 "$blocsim" run --replicas 7 --seed 12 -q -o one.pb
    expect_status 0 "${mpi[@]}" "$blocsim" run --replicas 7 --seed 12 -q -o two.pb
    expect_status 0 "$results_equal" one.pb two.pb
    expect_status 0 "${mpi[@]}" "$blocsim" run --replicas 7 --seed 12 --per-replica -q -o a.pb
    expect_status 0 "$blocsim" run --replicas 7 --seed 12 --per-replica -q -o b.pb
    expect_status 0 "$results_equal" a.pb b.pb
    expect_status 0 "${mpi[@]}" "$blocsim" compare baseline baseline --replicas 5 --dates 2030-12 -o mc.json
    contains out.txt "paired over 5 replicas"
    contains mc.json '"replicas": 5'
    ;;
  bench_json)
    expect_status 0 "$blocsim" bench --developers 2000 --replicas 2 --months 6 --json
    if command -v python3 >/dev/null; then
      python3 -c 'import json, sys; json.load(open(sys.argv[1]))' out.txt || fail "bench --json is not JSON"
    fi
    for key in developer_updates_per_s developer_updates_per_s_per_core replicas_per_s \
               months_per_s peak_rss_bytes; do
      value=$(sed -n "s/^ *\"$key\": \([^,]*\),*\$/\1/p" out.txt)
      [ -n "$value" ] || { cat out.txt >&2; fail "bench --json has no key $key"; }
      awk -v v="$value" 'BEGIN { exit !(v + 0 > 0) }' || fail "$key is not a positive number: $value"
    done
    contains out.txt '"phase_share": {"build": '
    contains out.txt '"adoption": '
    grep -Eq '"adoption_kernel": "(portable|avx512)"' out.txt || fail "bench --json names no kernel"
    contains out.txt '"reconsider_rate": 1,'
    # The baseline as users run it: its own developers and reconsider rate.
    expect_status 0 "$blocsim" bench --workload baseline --replicas 2 --months 3 --json
    contains out.txt '"workload": "baseline"'
    contains out.txt '"developers": 20000,'
    contains out.txt '"reconsider_rate": 0.1,'
    ;;
  bench_bad_input_exit_2)
    expect_status 0 "$blocsim" bench --help
    contains out.txt "--workload"
    contains out.txt "Examples"
    expect_status 2 "$blocsim" bench --workload huge
    expect_status 2 "$blocsim" bench --developers 0
    expect_status 2 "$blocsim" bench --months 0
    expect_status 2 "$blocsim" bench --threads many
    expect_status 2 "$blocsim" bench --developers 60000000
    ;;
  progress_bar_and_quiet)
    # On a terminal (script(1) gives the command a pseudo-terminal) the bar, with its ETA, goes to
    # stderr; stdout, redirected to a file, gets only the table. Off a terminal there is no bar.
    command -v script >/dev/null || fail "script(1) (util-linux) is needed for a pseudo-terminal"
    script -qec "'$blocsim' run --replicas 3 --seed 4 --threads 1 -o tty.pb >table.txt" /dev/null \
      >tty.txt 2>&1 || { cat tty.txt >&2; fail "the run on a pseudo-terminal failed"; }
    contains tty.txt "blocsim run baseline \[#*\.*\] [0-3]/3 replicas"
    contains tty.txt "3/3 replicas  [0-9]*s elapsed  ETA [0-9]*s"
    grep -q "ETA" table.txt && fail "the progress bar went to stdout"
    contains table.txt "median \[5%, 95%\] over 3 replicas"
    contains table.txt "3 replicas in .* s on 1 thread; wrote tty.pb"
    expect_status 0 "$blocsim" run --replicas 3 --seed 4 --threads 1 -o pipe.pb
    grep -q "ETA" err.txt && fail "a progress bar was drawn although stderr is not a terminal"
    # --quiet: neither the bar (even on a terminal) nor the table; the results are still written.
    script -qec "'$blocsim' run --replicas 3 --seed 4 --threads 1 --quiet -o quiet.pb >quiet.txt" \
      /dev/null >quiet_tty.txt 2>&1 || { cat quiet_tty.txt >&2; fail "the quiet run failed"; }
    [ ! -s quiet.txt ] || { cat quiet.txt >&2; fail "--quiet printed on stdout"; }
    grep -q "ETA" quiet_tty.txt && fail "--quiet drew a progress bar"
    [ -s quiet.pb ] || fail "--quiet wrote no results"
    expect_status 0 "$results_equal" tty.pb quiet.pb
    # One replica on one thread is said in the singular.
    expect_status 0 "$blocsim" run --replicas 1 --threads 1 -o one.pb
    contains out.txt "over 1 replica\$"
    contains out.txt "^1 replica in .* s on 1 thread; wrote one.pb"
    ;;
  unwritable_output_exit_2)
    # A folder that exists but takes no new file: refused before any replica runs, exit 2, with
    # the folder and the reason, and nothing left behind (no results, journal or temporary file).
    expect_status 2 "$blocsim" run --replicas 2 -o /proc/blocsim-results.pb
    contains err.txt "blocsim: error: --output '/proc/blocsim-results.pb': cannot write in folder /proc: "
    [ -z "$(ls -A /proc | grep blocsim)" ] || fail "a file was left in /proc"
    # No path, a folder, a FIFO and a device are refused before any replica runs; the device and
    # the FIFO are left as they were (a rename would have replaced them with regular files).
    expect_status 2 "$blocsim" run --replicas 2 -o ''
    contains err.txt "--output '': is empty"
    mkdir out_folder
    expect_status 2 "$blocsim" run --replicas 2 -o out_folder
    contains err.txt "--output 'out_folder': is a folder"
    mkfifo out_fifo
    expect_status 2 "$blocsim" run --replicas 2 -o out_fifo
    contains err.txt "--output 'out_fifo': is not a regular file"
    [ -p out_fifo ] || fail "the FIFO was replaced"
    expect_status 2 "$blocsim" compare baseline baseline --replicas 2 -o /dev/full
    contains err.txt "--output '/dev/full': is not a regular file"
    [ -c /dev/full ] || fail "/dev/full is no longer a device"
    [ -z "$(ls -A out_folder)" ] || fail "files were left in the folder"
    # A seed is a whole number in range: no sign, exponent or empty text wraps round to another.
    for seed in -1 18446744073709551616 1e23 ''; do
      expect_status 2 "$blocsim" run --replicas 2 --seed "$seed" -o seeded.pb
      contains err.txt "--seed: '$seed' is"
    done
    [ ! -e seeded.pb ] || fail "a refused seed wrote results"
    # --set cannot change what acts while the files are read.
    expect_status 2 "$blocsim" run --replicas 2 --set extends=other -o extends.pb
    contains err.txt "extends: cannot be set with --set"
    # What a writer killed mid-write left (OUTPUT.tmp.PID of a dead process) goes at the next run;
    # a live process's temporary stays.
    echo partial > swept.pb.tmp.999999999
    sleep 60 & live=$!
    echo other > swept.pb.tmp.$live
    expect_status 0 "$blocsim" run --replicas 2 -q -o swept.pb
    [ ! -e swept.pb.tmp.999999999 ] || fail "a dead writer's temporary was left"
    [ -e swept.pb.tmp.$live ] || fail "a live writer's temporary was removed"
    kill $live; rm -f swept.pb.tmp.$live
    # A run too large for the machine is refused with its estimate before any replica runs.
    expect_status 2 "$blocsim" run --replicas 10000000 -o huge.pb
    contains err.txt "the run needs about .* GB .* is available; .* --force"
    [ ! -e huge.pb ] && [ ! -e huge.pb.journal ] || fail "a refused run left files"
    # A read-only folder (root ignores permissions, so as root the run drops to user nobody).
    mkdir locked && chmod 555 locked
    as_user=()
    if [ "$(id -u)" = 0 ]; then
      as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
      "${as_user[@]}" "$blocsim" --version >/dev/null 2>&1 || as_user=(skip)
    fi
    if [ "${as_user[0]:-}" = skip ]; then
      echo "note: user nobody cannot run $blocsim here; read-only folder case skipped"
    else
      expect_status 2 "${as_user[@]}" "$blocsim" run --replicas 2 -o locked/r.pb
      contains err.txt "blocsim: error: --output 'locked/r.pb': cannot write in folder locked: Permission denied"
      [ -z "$(ls -A locked)" ] || { ls -la locked >&2; fail "files were left in the locked folder"; }
      [ ! -s out.txt ] || fail "a refused run printed a table"
    fi
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "PASS: $case_name"
