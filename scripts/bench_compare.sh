#!/usr/bin/env bash
# Every benchmark of scripts/bench.sh for two omnihub binaries in one run: BEFORE (e.g. built
# from an older commit) and BUILD_DIR/omnihub, alternating (round 1: before, after; round 2:
# after, before; ...) so drift of the machine falls on both. The same bench tools and
# baselines serve both. Prints a table of every headline figure per round, the after/before
# ratio and the run-to-run noise (spread of the same binary's rounds), and writes it to
# BUILD_DIR/bench-compare.md.
#
#   scripts/bench_compare.sh BUILD_DIR BEFORE_BINARY     (make bench-compare BEFORE=path)
#
# Env: BENCH_COMPARE_ROUNDS (2), and everything scripts/bench.sh reads (BENCH_ONLY, ...).
set -euo pipefail

build_arg=${1:?usage: scripts/bench_compare.sh BUILD_DIR BEFORE_BINARY}
before=${2:?usage: scripts/bench_compare.sh BUILD_DIR BEFORE_BINARY}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build_arg" && pwd)
after="$build/omnihub"
rounds=${BENCH_COMPARE_ROUNDS:-2}
[ -x "$before" ] || { echo "bench_compare: $before is not an executable" >&2; exit 1; }
[ -x "$after" ] || { echo "bench_compare: $after is missing: build it first" >&2; exit 1; }
before=$(cd "$(dirname "$before")" && pwd)/$(basename "$before")

cmake --build "$build" -j "${BENCH_JOBS:-1}" --target omnihub_bench >/dev/null
out=$(mktemp -d "$build/bench-compare.XXXXXX")
echo "bench_compare: work dirs under $out" >&2

run_side() {  # SIDE BINARY ROUND
  local dir="$out/$1-$3"
  echo "bench_compare: round $3, $1 ($2)" >&2
  BENCH_SKIP_BUILD=1 BENCH_OMNIHUB="$2" BENCH_WORK_DIR="$dir" "$root/scripts/bench.sh" "$build" \
    >"$out/$1-$3.log" 2>&1 || echo "bench_compare: round $3 $1 exited $?" >&2
  cp "$build/bench-results.md" "$dir/bench-results.md" 2>/dev/null || true
}

for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then
    run_side before "$before" "$round"
    run_side after "$after" "$round"
  else
    run_side after "$after" "$round"
    run_side before "$before" "$round"
  fi
done

python3 "$root/scripts/bench_compare.py" "$out" "$before" "$after" "$rounds" \
  >"$build/bench-compare.md"
cat "$build/bench-compare.md"
echo "bench_compare: written $build/bench-compare.md; raw results in $out" >&2
