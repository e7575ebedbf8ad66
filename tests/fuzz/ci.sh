#!/usr/bin/env bash
# tests/fuzz/ci.sh [SECONDS] - build every fuzz target (make fuzz) and run
# each for SECONDS (default 60, or $FUZZ_TIME) from its seed corpus, one
# after the other on one core (FUZZ_JOBS=N: N targets at once, each on its
# own core; tests/ci uses 2; the reports are printed in the targets' order).  Exits 1 if any target found a crash, a leak,
# a hang (-timeout) or runaway memory (-rss_limit_mb); the input is kept
# under build/fuzz/artifacts/ and its report printed.  Add such an input to
# tests/fuzz/regressions/ (load-* or query-*) when fixing it.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-${FUZZ_TIME:-60}}
make -s fuzz || { echo "fuzz: build failed" >&2; exit 2; }
mkdir -p build/fuzz/artifacts
jobs=${FUZZ_JOBS:-1}
[[ "$jobs" =~ ^[1-9][0-9]?$ ]] || { echo "fuzz: FUZZ_JOBS must be 1 to 99, not '$jobs'" >&2; exit 2; }
# fuzz_one BIN: runs the target; its exit status into build/fuzz/NAME.ci.rc
fuzz_one() {
    local bin=$1 name corpus dict log
    name=$(basename "$bin")
    corpus=build/fuzz/corpus/${name#fuzz_}
    dict=tests/fuzz/${name#fuzz_}.dict
    [ "$name" = fuzz_export ] && dict=tests/fuzz/load.dict   # graph files too
    [ "$name" = fuzz_split ] && dict=tests/fuzz/load.dict
    [ "$name" = fuzz_diff ] && dict=tests/fuzz/load.dict
    local opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536
          -artifact_prefix=build/fuzz/artifacts/"$name"- -print_final_stats=1)
    [ -f "$dict" ] && opts+=(-dict="$dict")
    log=build/fuzz/$name.ci.log
    # the target's own messages (query errors, load diagnostics) are noise:
    # -close_fd_mask=2 hides them; libFuzzer and sanitizer reports still show
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} "$bin" "${opts[@]}" -close_fd_mask=3 "$corpus" >"$log" 2>&1
    echo $? >"build/fuzz/$name.ci.rc"
}
# fuzz_report BIN: what fuzz_one found
fuzz_report() {
    local name corpus log rc
    name=$(basename "$1")
    corpus=build/fuzz/corpus/${name#fuzz_}
    log=build/fuzz/$name.ci.log
    rc=$(cat "build/fuzz/$name.ci.rc")
    echo "fuzz: $name for ${secs}s from $corpus ($(ls "$corpus" | wc -l) inputs)"
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed 's/^/    /'
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "fuzz: $name FAILED (exit $rc); report:"
        grep -E -A30 'ERROR: |runtime error|SUMMARY|deadly signal|Timeout|out-of-memory' "$log" | head -60
        ls build/fuzz/artifacts/"$name"-* 2>/dev/null | sed 's/^/    input: /'
    else
        echo "fuzz: $name ok"
    fi
}
status=0
bins=()
for bin in build/fuzz/fuzz_*; do [ -x "$bin" ] && bins+=("$bin"); done
for ((i = 0; i < ${#bins[@]}; i += jobs)); do
    batch=("${bins[@]:i:jobs}")
    for bin in "${batch[@]}"; do rm -f "build/fuzz/$(basename "$bin").ci.rc"; fuzz_one "$bin" & done
    wait
    for bin in "${batch[@]}"; do fuzz_report "$bin"; done
done
exit $status
