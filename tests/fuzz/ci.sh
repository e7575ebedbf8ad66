#!/usr/bin/env bash
# tests/fuzz/ci.sh [SECONDS] - build every fuzz target (make fuzz) and run
# each for SECONDS (default 60, or $FUZZ_TIME) from its seed corpus, one
# after the other on one core.  Exits 1 if any target found a crash, a leak,
# a hang (-timeout) or runaway memory (-rss_limit_mb); the input is kept
# under build/fuzz/artifacts/ and its report printed.  Add such an input to
# tests/fuzz/regressions/ (load-* or query-*) when fixing it.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-${FUZZ_TIME:-60}}
make -s fuzz || { echo "fuzz: build failed" >&2; exit 2; }
mkdir -p build/fuzz/artifacts
status=0
for bin in build/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    corpus=build/fuzz/corpus/${name#fuzz_}
    dict=tests/fuzz/${name#fuzz_}.dict
    [ "$name" = fuzz_export ] && dict=tests/fuzz/load.dict   # graph files too
    [ "$name" = fuzz_split ] && dict=tests/fuzz/load.dict
    [ "$name" = fuzz_diff ] && dict=tests/fuzz/load.dict
    opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536
          -artifact_prefix=build/fuzz/artifacts/"$name"- -print_final_stats=1)
    [ -f "$dict" ] && opts+=(-dict="$dict")
    log=build/fuzz/$name.ci.log
    echo "fuzz: $name for ${secs}s from $corpus ($(ls "$corpus" | wc -l) inputs)"
    # the target's own messages (query errors, load diagnostics) are noise:
    # -close_fd_mask=2 hides them; libFuzzer and sanitizer reports still show
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$bin" "${opts[@]}" -close_fd_mask=3 "$corpus" >"$log" 2>&1
    rc=$?
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed 's/^/    /'
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "fuzz: $name FAILED (exit $rc); report:"
        grep -E -A30 'ERROR: |runtime error|SUMMARY|deadly signal|Timeout|out-of-memory' "$log" | head -60
        ls build/fuzz/artifacts/"$name"-* 2>/dev/null | sed 's/^/    input: /'
    else
        echo "fuzz: $name ok"
    fi
done
exit $status
