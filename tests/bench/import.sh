#!/usr/bin/env bash
# tests/bench/import.sh - `casegraph import` of the big graph's tables
# against loading the same graph from YAML (SPEC 13; target: import in at
# most the time of the load), side by side in one run.
#
# usage: tests/bench/import.sh   (from tests/bench/run.sh; BENCH=import alone)
#   BENCH_RUNS=N     runs per measurement (default 3), interleaved
#   BENCH_BIG=FILE   the graph (default tests/bench/data/g1m.yaml)
# The tables are casegraph's own: `edges with all > e.csv` (1,000,000 rows),
# `nodes with all > n.csv` and `sources with all > s.csv`.
set -u
cd "$(dirname "$0")/../.."
RUNS=${BENCH_RUNS:-3}
BIG=${BENCH_BIG:-tests/bench/data/g1m.yaml}
CG=./casegraph
TIME=/usr/bin/time
[ -s "$BIG" ] || { echo "bench import: $BIG is missing (make bench generates it)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench import: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

"$CG" -q -e "nodes with all > $T/n.csv" -e "edges with all > $T/e.csv" -e "sources with all > $T/s.csv" "$BIG" ||
    { echo "bench import: writing the tables failed" >&2; exit 1; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# timed NAME CMD...: wall ms, CPU ms and peak KB of CMD into $T/NAME.*
timed() {
    local name=$1 t0 t1 rc
    shift
    t0=$(date +%s%N)
    "$TIME" -o "$T/mem" -f '%M %U %S' "$@" >"$T/out" 2>"$T/err"
    rc=$?
    t1=$(date +%s%N)
    if [ $rc -ne 0 ]; then echo "bench import: '$*' failed (exit $rc):" >&2; head -5 "$T/err" >&2; return 1; fi
    echo "scale=1; ($t1 - $t0) / 1000000" | bc >>"$T/$name.ms"
    tail -1 "$T/mem" | awk '{ print $1 }' >>"$T/$name.kb"
    tail -1 "$T/mem" | awk '{ printf "%.0f\n", ($2 + $3) * 1000 }' >>"$T/$name.cpu"
}
med() { median <"$T/$1.$2"; }
ratio() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }

for i in $(seq "$RUNS"); do
    echo "import run $i/$RUNS ..." >&2
    timed load "$CG" -q --check "$BIG" || exit 1
    timed import "$CG" import -O "$T/out.yaml" "$T/n.csv" "$T/s.csv" "$T/e.csv" || exit 1
done
# the imported file is the same graph, as --check counts it
same=$("$CG" -q --check "$T/out.yaml" 2>/dev/null)
want=$("$CG" -q --check "$BIG" 2>/dev/null)
[ "$same" = "$want" ] || { echo "bench import: the import gives '$same', the graph '$want'" >&2; exit 1; }
rows=$(($(wc -l <"$T/e.csv") - 1))
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
echo
row "measurement" "casegraph" "compared with" "its figure" "ratio" "target" "casegraph peak MB"
row "---" "---:" "---" "---:" "---:" "---" "---:"
row "\`import\` of $rows edge rows (+ node and source tables, $(du -m "$T/e.csv" "$T/n.csv" "$T/s.csv" | awk '{ s += $1 } END { print s }') MB of CSV) to YAML, ms" \
    "$(med import ms)" "loading the same graph from YAML (\`--check\`)" "$(med load ms)" "$(ratio "$(med import ms)" "$(med load ms)")" "≤ 1.0" \
    "$(( $(med import kb) / 1024 )) (load: $(( $(med load kb) / 1024 )))"
row "  the same, CPU ms (user + system)" "$(med import cpu)" "the load, CPU ms (both threads)" "$(med load cpu)" "$(ratio "$(med import cpu)" "$(med load cpu)")" "" ""
echo
echo "Medians of $RUNS runs, interleaved; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
