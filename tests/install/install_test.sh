#!/usr/bin/env bash
# The installation, used from outside the build tree.
# Usage: install_test.sh CASE BUILD_DIR WORK_DIR [CONSUMER_SOURCE_DIR]
# into_prefix installs BUILD_DIR into WORK_DIR/prefix (everything) and WORK_DIR/runtime (the
# runtime component alone, as scripts/run-baseline installs it); the other cases use those.
set -euo pipefail
case_name=$1 build=$2 work=$3
prefix=$work/prefix runtime=$work/runtime

fail() { echo "FAIL: $*" >&2; exit 1; }
expect_file() { [ -s "$1" ] || fail "$1 is missing or empty"; }
# plot_with PREFIX: the installed program draws the figures of a run it made, and Python loaded
# the viz package and the schemas' modules from PREFIX (python -v names every file it imports).
plot_with() {
  local p=$1
  "$p/bin/blocsim" run --replicas 3 --seed 2 --quiet -o r.pb
  expect_file r.pb
  rm -rf figures
  PYTHONVERBOSE=1 PYTHONDONTWRITEBYTECODE=1 "$p/bin/blocsim" plot r.pb --out figures \
    --format png --quiet 2>python.txt || { tail -20 python.txt >&2; fail "blocsim plot failed"; }
  expect_file figures/fan_adoption.world.origin.china.png
  expect_file figures/regimes.png
  grep -q "$p/share/blocsim/python/blocsim_viz/__main__.py" python.txt ||
    fail "blocsim_viz was not loaded from $p"
  grep -q "$p/share/blocsim/python/blocsim/v1/results_pb2.py" python.txt ||
    fail "results_pb2 was not loaded from $p"
  if grep -E "/viz/(blocsim_viz|python/blocsim)/" python.txt >&2; then
    fail "the installed program loaded Python modules from the source or build tree"
  fi
}

case $case_name in
  into_prefix)
    rm -rf "$prefix" && mkdir -p "$work"
    cmake --install "$build" --prefix "$prefix" >"$work/install.txt"
    for f in bin/blocsim lib/libblocsim_core.a lib/libblocsim_scenarios.a \
             include/blocsim/core/calendar.hpp include/blocsim/scenarios/run_scenario.hpp \
             include/blocsim/v1/results.pb.h include/blocsim/v1/scenario.pb.h \
             lib/cmake/blocsim/blocsimConfig.cmake lib/cmake/blocsim/blocsimConfigVersion.cmake \
             lib/cmake/blocsim/blocsimTargets.cmake lib/cmake/blocsim/FindRandom123.cmake \
             share/blocsim/proto/blocsim/v1/results.proto share/blocsim/proto/blocsim/v1/scenario.proto \
             share/blocsim/python/blocsim_viz/__main__.py share/blocsim/python/blocsim/v1/results_pb2.py; do
      expect_file "$prefix/$f"
    done
    # Only what a user needs: no build-system files, no Python bytecode, no generated sources.
    if find "$prefix" \( -name CMakeFiles -o -name __pycache__ -o -name '*.pb.cc' \) | grep .; then
      fail "the installation holds build leftovers"
    fi
    # The runtime component: the program and what it needs to run and plot, nothing to build with.
    rm -rf "$runtime"
    cmake --install "$build" --prefix "$runtime" --component runtime >"$work/install_runtime.txt"
    expect_file "$runtime/bin/blocsim"
    expect_file "$runtime/share/blocsim/proto/blocsim/v1/results.proto"
    [ ! -e "$runtime/include" ] && [ ! -e "$runtime/lib" ] ||
      fail "the runtime component installed headers or libraries"
    ;;
  run_and_plot)
    rm -rf "$work/$case_name" && mkdir -p "$work/$case_name" && cd "$work/$case_name"
    "$runtime/bin/blocsim" --version | grep -q "^blocsim 0\." || fail "blocsim --version"
    plot_with "$runtime"
    # A moved installation finds its own copy, relative to the program.
    cp -a "$runtime" moved
    plot_with "$PWD/moved"
    ;;
  consumer_project)
    source_dir=$4
    dir=$work/$case_name
    rm -rf "$dir" && mkdir -p "$dir"
    cmake -S "$source_dir" -B "$dir/build" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_BUILD_TYPE="${CONSUMER_BUILD_TYPE:-Release}" \
      -DCONSUMER_WARNINGS_AS_ERRORS="${CONSUMER_WARNINGS_AS_ERRORS:-OFF}" \
      -DCONSUMER_SANITIZE="${CONSUMER_SANITIZE:-}" >"$dir/configure.txt" ||
      { cat "$dir/configure.txt" >&2; fail "configuring the consumer project failed"; }
    grep -q "^blocsim_DIR:PATH=$prefix/lib/cmake/blocsim$" "$dir/build/CMakeCache.txt" ||
      fail "find_package(blocsim) did not find the package in $prefix"
    cmake --build "$dir/build" -j 2
    "$dir/build/consumer"
    ;;
  *) fail "unknown case $case_name" ;;
esac
