#!/usr/bin/env bash
# make fuzz: builds tests/fuzz's targets with clang, libFuzzer, AddressSanitizer and UBSan in
# $FUZZ_BUILD_DIR (default build-fuzz) and runs each for $FUZZ_SECONDS (default 600) from the
# corpus in tests/fuzz/corpus; inputs that reach new code are merged back into that corpus
# (commit them). A crash leaves its input as $FUZZ_BUILD_DIR/crash-<target>-* and fails.
# FUZZ_TARGETS (space-separated) runs some of them.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
build=${FUZZ_BUILD_DIR:-build-fuzz}
targets=(${FUZZ_TARGETS:-json_reader segment_event csv_reader query_string http_request})

scripts/deps.sh --fuzz
# Boost 1.74's Asio enables C++20 coroutines for GCC only: with clang and libstdc++ they are
# switched on by hand (and <utility>, which its awaitable.hpp forgets to include).
# UBSan's "function" check breaks clang 14 on coroutines ("Cannot represent a difference
# across sections"): every other UBSan check stays on.
sanitizers="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize=function -fno-sanitize-recover=undefined"
asio_coroutines="-DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE -include utility"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DOMNIHUB_LIBFUZZER=ON -DOMNIHUB_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$sanitizers -fno-omit-frame-pointer $asio_coroutines" >/dev/null
cmake --build "$build" -j "${JOBS:-2}" --target fuzz_targets

failed=0
for target in "${targets[@]}"; do
  corpus="tests/fuzz/corpus/$target"
  found=$(mktemp -d)
  echo "fuzz: $target for ${seconds}s"
  if ! "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
      -timeout=10 -print_final_stats=1 -artifact_prefix="$build/crash-$target-" \
      "$found" "$corpus" >"$build/fuzz-$target.log" 2>&1; then
    echo "fuzz: $target FAILED (see $build/fuzz-$target.log and $build/crash-$target-*)"
    failed=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|Done [0-9]+ runs" \
    "$build/fuzz-$target.log" | sed "s/^/  /" || true
  "$build/tests/fuzz/fuzz_$target" -merge=1 "$corpus" "$found" >/dev/null 2>&1 || true
  rm -rf "$found"
done
exit $failed
