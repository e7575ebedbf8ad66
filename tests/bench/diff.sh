#!/usr/bin/env bash
# tests/bench/diff.sh - the `diff` row of make bench: `casegraph diff` of two
# versions of the 1,000,000-edge bench graph against loading one of them.
#
# usage: tests/bench/diff.sh      (run.sh runs it after its own table;
#                                  `make bench BENCH=diff` runs it alone)
#   BENCH_RUNS=N   runs of each (default 3), interleaved; medians
#   BENCH_BIG=FILE the graph (default tests/bench/data/g1m.yaml, which
#                  run.sh generates)
# The second version is made once by tests/bench/diff_mutate.py (1% of the
# entries changed, seeded) beside it.  Target: the diff in at most 2.5 x the
# time of `casegraph --check` of one version.  Checks too that the diff of a
# version with itself has no rows (exit 0) and the two versions differ
# (exit 1).  Prints a Markdown table on standard output.
set -u
cd "$(dirname "$0")/../.." || exit 2
RUNS=${BENCH_RUNS:-3}
D=tests/bench/data
BIG=${BENCH_BIG:-$D/g1m.yaml}
CG=./casegraph
TIME=/usr/bin/time
[ -s "$BIG" ] || { echo "bench diff: $BIG is missing (tests/bench/run.sh generates it)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench diff: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
mkdir -p "$D"
NEW=$D/$(basename "$BIG" .yaml)-diff.yaml
if [ ! -s "$NEW" ] || [ "$NEW" -ot "$BIG" ]; then
    echo "making $NEW (1% of the entries changed) ..." >&2
    /usr/bin/python3 tests/bench/diff_mutate.py "$BIG" "$NEW" 1 17 2>"$D/diff-mutations.txt" || exit 1
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# timed NAME WANT_RC CMD... : wall ms, CPU ms and peak KB of CMD into $T/NAME.*
timed() {
    local name=$1 want=$2; shift 2
    local t0 t1 rc
    t0=$(date +%s%N)
    "$TIME" -o "$T/mem" -f '%M %U %S' "$@" >"$T/out" 2>"$T/err"
    rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -ne "$want" ]; then
        echo "bench diff: '$*' exited $rc, not $want:" >&2
        head -5 "$T/err" >&2
        return 1
    fi
    echo $(( (t1 - t0) / 1000000 )) >>"$T/$name.ms"
    tail -1 "$T/mem" | awk '{ print $1 }' >>"$T/$name.kb"
    tail -1 "$T/mem" | awk '{ printf "%.0f\n", ($2 + $3) * 1000 }' >>"$T/$name.cpu"
}
med() { median <"$T/$1.$2"; }
ratio() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }
for i in $(seq "$RUNS"); do
    echo "diff run $i/$RUNS ..." >&2
    timed load 0 $CG --check "$BIG" || exit 1
    timed diff 1 $CG -q -o tsv diff "$BIG" "$NEW" || exit 1
    rows=$(( $(wc -l <"$T/out") - 1 ))
    timed same 0 $CG -q -o tsv diff "$BIG" "$BIG" || exit 1
    [ "$(wc -l <"$T/out")" = 1 ] || { echo "bench diff: a graph diffed with itself gave rows" >&2; exit 1; }
done
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
echo
echo "\`diff\`: $BIG against a copy with 1% of its entries changed ($(cat "$D/diff-mutations.txt" 2>/dev/null)); medians of $RUNS runs, interleaved."
echo
row "measurement" "casegraph" "compared with" "its figure" "ratio" "target" "casegraph peak MB"
row "---" "---:" "---" "---:" "---:" "---" "---:"
row "\`diff\` of the two versions ($rows rows, tsv), ms" "$(med diff ms)" "load one (\`--check\`), ms" "$(med load ms)" "$(ratio "$(med diff ms)" "$(med load ms)")" "≤ 2.5" "$(( $(med diff kb) / 1024 )) (load: $(( $(med load kb) / 1024 )))"
row "  the same, CPU ms (user + system, all threads)" "$(med diff cpu)" "load one, CPU ms" "$(med load cpu)" "$(ratio "$(med diff cpu)" "$(med load cpu)")" "" ""
row "\`diff\` of a version with itself (no rows), ms" "$(med same ms)" "load one (\`--check\`), ms" "$(med load ms)" "$(ratio "$(med same ms)" "$(med load ms)")" "" ""
