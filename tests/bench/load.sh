#!/usr/bin/env bash
# tests/bench/load.sh - the load rows of make bench: the big graph loaded
# at 1, 2 and 4 threads (CASEGRAPH_THREADS) beside one bare libyaml pass,
# two bare passes at once (are both cores free?), and Kùzu loading the same
# graph from CSV files that casegraph wrote.
#
# usage: tests/bench/load.sh     (run.sh runs it; `make bench BENCH=load` alone)
#   BENCH_RUNS=N   rounds (default 3); each round runs every row once, in
#                  turn, so that a busy machine slows them alike
#   BENCH_KUZU=0   without the Kùzu row
#
# Wall ms around each process, CPU ms (user + system, all threads) and peak
# resident memory from /usr/bin/time.  Kùzu (npm kuzu@0.11.3, installed
# under build/bench/ when missing, as match.sh does; an in-memory database):
# tests/bench/kuzu_load.mjs times its two COPY statements; its peak is the
# node process's.  The CSV files come from `nodes with all > nodes.csv` and
# `edges with all > edges.csv` on the loaded graph (not timed).
# Prints a Markdown section on standard output; exit 2 when a tool is missing.
set -u
cd "$(dirname "$0")/../.." || exit 2
RUNS=${BENCH_RUNS:-3}
B=build/bench
D=tests/bench/data
CG=./casegraph
BIG=$D/g1m.yaml
TIME=/usr/bin/time
KZ_VERSION=0.11.3
KZ_DIR=$B/node_modules/kuzu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for tool in "$CG" $B/yaml_parse; do
    [ -x "$tool" ] || { echo "bench: $tool is missing (run make bench)" >&2; exit 2; }
done
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
if [ ! -s "$BIG" ]; then
    [ -x $B/gen ] || { echo "bench: $B/gen is missing (run make bench)" >&2; exit 2; }
    mkdir -p "$D"
    echo "generating $BIG (200,000 nodes, 1,000,000 edges) ..." >&2
    $B/gen 200000 1000000 "$BIG" $D/g1m.edges || exit 2
fi

kz_reason=""
if [ "${BENCH_KUZU:-1}" = 0 ]; then kz_reason="BENCH_KUZU=0"
elif ! type -P node >/dev/null; then kz_reason="node is not installed (Debian package nodejs)"
else
    if [ "$(node -p "require('./$KZ_DIR/package.json').version" 2>/dev/null)" != "$KZ_VERSION" ]; then
        if ! type -P npm >/dev/null; then kz_reason="npm is not installed (Debian package npm)"
        else
            echo "load: installing kuzu@$KZ_VERSION under $B (npm; log in $B/npm.log) ..." >&2
            mkdir -p $B
            npm install --prefix $B --no-audit --no-fund "kuzu@$KZ_VERSION" >$B/npm.log 2>&1 ||
                kz_reason="npm install kuzu@$KZ_VERSION failed: $(grep -m1 -i 'err' $B/npm.log || tail -1 $B/npm.log)"
        fi
    fi
    if [ -z "$kz_reason" ] && ! node -e "require('./$KZ_DIR')" >/dev/null 2>"$T/kz.load"; then
        kz_reason="the kuzu module does not load: $(grep -m1 -i 'error' "$T/kz.load" || head -1 "$T/kz.load")"
    fi
fi
if [ -z "$kz_reason" ]; then
    "$CG" -q -e "nodes with all > $T/nodes.csv" -e "edges with all > $T/edges.csv" "$BIG" >/dev/null 2>"$T/csv.err" ||
        kz_reason="casegraph could not write the CSV files: $(head -1 "$T/csv.err")"
fi

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_ns() { date +%s%N; }
# timed NAME CMD...: wall ms, CPU ms and peak KB of CMD into $T/NAME.{ms,cpu,kb}
timed() {
    local name=$1; shift
    local t0 t1 rc
    t0=$(now_ns)
    "$TIME" -o "$T/mem" -f '%M %U %S' "$@" >"$T/out" 2>"$T/err"
    rc=$?
    t1=$(now_ns)
    if [ $rc -ne 0 ]; then echo "bench: '$*' failed (exit $rc):" >&2; head -5 "$T/err" >&2; return 1; fi
    echo "scale=1; ($t1 - $t0) / 1000000" | bc >>"$T/$name.ms"
    tail -1 "$T/mem" | awk '{ print $1 }' >>"$T/$name.kb"
    tail -1 "$T/mem" | awk '{ printf "%.0f\n", ($2 + $3) * 1000 }' >>"$T/$name.cpu"
}
med() { [ -s "$T/$1.$2" ] && median <"$T/$1.$2" || echo "-"; }
mb() { local k; k=$(med "$1" kb); [ "$k" = "-" ] && echo "-" || echo "scale=0; $k / 1024" | bc; }
ratio() { if [ "$1" = "-" ] || [ "$2" = "-" ]; then echo "-"; else echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; fi; }

for i in $(seq "$RUNS"); do
    echo "load round $i/$RUNS ..." >&2
    timed parse $B/yaml_parse "$BIG" || exit 1
    t0=$(now_ns)
    $B/yaml_parse "$BIG" >/dev/null & p1=$!
    $B/yaml_parse "$BIG" >/dev/null & p2=$!
    wait $p1 $p2
    echo "scale=1; ($(now_ns) - $t0) / 1000000" | bc >>"$T/twoparse.ms"
    for t in 1 2 4; do timed "load$t" env CASEGRAPH_THREADS=$t "$CG" --check "$BIG" || exit 1; done
    if [ -z "$kz_reason" ]; then
        timed kuzu node tests/bench/kuzu_load.mjs "$KZ_DIR" "$T/nodes.csv" "$T/edges.csv" || exit 1
        awk '$1 == "load_ms" { print $2 }' "$T/out" >>"$T/kuzu_copy.ms"
        grep -q '^nodes 200000$' "$T/out" && grep -q '^edges 1000000$' "$T/out" ||
            { echo "bench: Kùzu loaded other counts: $(tr '\n' ' ' <"$T/out")" >&2; exit 1; }
    fi
done

p=$(med parse ms)
row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }
echo
echo "### Loading the big graph: threads, the libyaml floor, Kùzu"
echo
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Medians of $RUNS rounds."
echo "Two bare parses at once: $(med twoparse ms) ms against $p ms for one: $(ratio "$(med twoparse ms)" "$p") (1.0: both cores free; 2.0: one)."
echo
row "load of the 1M-edge graph" "wall ms" "× one bare libyaml pass" "CPU ms (all threads)" "peak MB"
row "---" "---:" "---:" "---:" "---:"
row "one bare libyaml pass (\`yaml_parse\`)" "$p" "1.00" "$(med parse cpu)" "$(mb parse)"
for t in 1 2 4; do
    row "casegraph \`--check\`, CASEGRAPH_THREADS=$t" "$(med "load$t" ms)" "$(ratio "$(med "load$t" ms)" "$p")" "$(med "load$t" cpu)" "$(mb "load$t")"
done
if [ -z "$kz_reason" ]; then
    row "Kùzu $KZ_VERSION, in-memory, COPY from casegraph's CSV (the two COPYs)" "$(med kuzu_copy ms)" "$(ratio "$(med kuzu_copy ms)" "$p")" "" ""
    row "  the same Kùzu process, start to exit" "$(med kuzu ms)" "$(ratio "$(med kuzu ms)" "$p")" "$(med kuzu cpu)" "$(mb kuzu)"
else
    echo
    echo "kuzu: not available ($kz_reason); casegraph only"
fi
echo
echo "Targets: load ≤ 0.8× one bare pass on 2 cores, peak ≤ 110 MB, and faster and smaller than Kùzu's load."
