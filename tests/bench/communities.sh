#!/usr/bin/env bash
# tests/bench/communities.sh - the `communities` rows of make bench:
# casegraph against python-igraph and igraph alone (C), in one run.
#
# usage: tests/bench/communities.sh   (run.sh runs it after its own table;
#                                      `make bench BENCH=communities` alone)
#   BENCH_RUNS=N     runs of each measurement (default 3), interleaved
#   BENCH_COMMUNITIES_ALL=1  also labelprop and louvain (not cheap: igraph
#                    0.10.2's label propagation and multilevel take many
#                    seconds of CPU on this graph, in every system alike)
#   BENCH_CG=PROG    the casegraph to time (default ./casegraph)
#
# On the 200,000-node / 1,000,000-edge bench graph, graph construction
# excluded from every figure:
#  - casegraph: a session (`set timer on`) runs `communities leiden top 1`
#    twice: the first builds the merged graph, the second takes it from the
#    session's cache (the figure compared); casegraph's own `time:` lines,
#    which also cover ranking the communities, the modularity and printing.
#    CPU time (robust on a busy machine): a second session runs it four
#    times; half the difference of the two sessions' CPU (/usr/bin/time) is
#    one cached run's.  labelprop and louvain (BENCH_COMMUNITIES_ALL=1)
#    each in a session of its own, after one leiden.
#  - python-igraph (tests/bench/peer_communities.py): the graph built from
#    gen's edge list and simplified, then only the clustering call timed,
#    community_leiden(objective_function="modularity") with its defaults.
#  - igraph alone (build/bench/igraph_leiden): the same in C, with
#    casegraph's parameters and seed (it finds the same partition).
# Prints a Markdown section on standard output; progress on standard error.
set -u
cd "$(dirname "$0")/../.." || exit 2
RUNS=${BENCH_RUNS:-3}
B=build/bench
D=tests/bench/data
CG=${BENCH_CG:-./casegraph}
PY=/usr/bin/python3
BIG=$D/g1m.yaml EDGES=$D/g1m.edges NODES=200000
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

for tool in "$CG" $B/igraph_leiden; do
    [ -x "$tool" ] || { echo "bench: $tool is missing (run make bench)" >&2; exit 2; }
done
if [ ! -s "$BIG" ] || [ ! -s "$EDGES" ]; then
    [ -x $B/gen ] || { echo "bench: $B/gen is missing (run make bench)" >&2; exit 2; }
    mkdir -p "$D"
    echo "generating $BIG (200,000 nodes, 1,000,000 edges) ..." >&2
    $B/gen 200000 1000000 "$BIG" "$EDGES" || exit 2
fi
ALGOS=(leiden)
[ "${BENCH_COMMUNITIES_ALL:-0}" = 1 ] && ALGOS+=(labelprop louvain)
py_reason=
$PY -c 'import igraph' 2>/dev/null || py_reason="python-igraph is not installed (Debian package python3-igraph)"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { [ -s "$T/$1" ] && median <"$T/$1" || echo -; }
ratio() { if [ "$1" = - ] || [ "$2" = - ]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; fi; }
le() { [ "$1" != - ] && [ "$2" != - ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
# "ALGO_ms T modularity Q communities K" lines of a peer: field VALUE of ALGO
field() { awk -v a="${2}_ms" -v f="$3" '$1 == a { for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }' "$1"; }

status=0
# cgrun NAME QUERY... : one casegraph session (`set timer on`) over the big
# graph; its `time:` lines in $T/NAME.times, modularities in $T/NAME.mods,
# its CPU ms (user + system) appended to $T/NAME.cpu
cgrun() {
    local name=$1 q args=(-e 'set timer on'); shift
    for q in "$@"; do args+=(-e "$q"); done
    if ! /usr/bin/time -o "$T/rusage" -f '%U %S' $CG -q -o tsv "${args[@]}" "$BIG" >"$T/cg.out" 2>"$T/cg.err"; then
        echo "bench: casegraph failed: $(grep -m1 error "$T/cg.err")" >&2; exit 1
    fi
    grep -o '^time: [0-9.]* ms' "$T/cg.err" | awk '{ print $2 }' >"$T/$name.times"
    grep '^modularity: ' "$T/cg.err" | awk '{ print $2 }' >"$T/$name.mods"
    tail -1 "$T/rusage" | awk '{ printf "%.0f\n", ($1 + $2) * 1000 }' >>"$T/$name.cpu"
}
L='communities leiden top 1'
for i in $(seq "$RUNS"); do
    echo "communities: run $i/$RUNS: casegraph ..." >&2
    # leiden twice: the first builds the merged graph, the second is timed
    cgrun two "$L" "$L"
    sed -n 1p "$T/two.times" >>"$T/cg.leiden_first.ms"
    sed -n 2p "$T/two.times" >>"$T/cg.leiden.ms"
    sed -n 2p "$T/two.mods" >"$T/cg.leiden.q"
    # the CPU time of one cached leiden: a session with two more, less this one, halved
    cgrun four "$L" "$L" "$L" "$L"
    for a in "${ALGOS[@]:1}"; do
        cgrun "$a" "$L" "communities $a top 1"
        sed -n 2p "$T/$a.times" >>"$T/cg.$a.ms"
        sed -n 2p "$T/$a.mods" >"$T/cg.$a.q"
    done
    if [ -z "$py_reason" ]; then
        echo "communities: run $i/$RUNS: python-igraph ..." >&2
        if ! $PY tests/bench/peer_communities.py "$EDGES" "$NODES" "${ALGOS[@]}" >"$T/py.out" 2>"$T/py.err"; then
            py_reason="tests/bench/peer_communities.py failed: $(tail -1 "$T/py.err")"
        fi
        for a in "${ALGOS[@]}"; do
            field "$T/py.out" "$a" "${a}_ms" >>"$T/py.$a.ms"
            field "$T/py.out" "$a" cpu_ms >>"$T/py.$a.cpu"
            field "$T/py.out" "$a" modularity >"$T/py.$a.q"
        done
    fi
    echo "communities: run $i/$RUNS: igraph alone ..." >&2
    for a in "${ALGOS[@]}"; do
        $B/igraph_leiden "$EDGES" "$NODES" "$a" >"$T/c.out" || { echo "bench: igraph_leiden $a failed" >&2; exit 1; }
        field "$T/c.out" "$a" "${a}_ms" >>"$T/c.$a.ms"
        field "$T/c.out" "$a" cpu_ms >>"$T/c.$a.cpu"
        field "$T/c.out" "$a" modularity >"$T/c.$a.q"
    done
done
paste -d' ' "$T/four.cpu" "$T/two.cpu" | awk '{ print ($1 - $2) / 2 }' >"$T/cg.leiden.cpu"

row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
q() { [ -s "$T/$1" ] && cat "$T/$1" || echo -; }
{
    echo
    echo "### \`communities\` against python-igraph and igraph alone"
    echo
    echo "Medians of $RUNS runs, interleaved; graph construction excluded everywhere (casegraph: the second query of the session, its merged graph cached; the peers: only the clustering call timed). python-igraph $($PY -c 'import igraph; print(igraph.__version__)' 2>/dev/null || echo -), igraph C $(pkg-config --modversion igraph 2>/dev/null || echo -)."
    [ -z "$py_reason" ] || echo "python-igraph: not available ($py_reason); igraph alone only"
    echo
    row "measurement" "casegraph ms" "compared with" "its ms" "ratio" "target" "met?"
    row "---" "---:" "---" "---:" "---:" "---" "---"
    f=$(med cg.leiden_first.ms)
    met=yes; le "$f" 3000 || { met=NO; status=1; }
    row "\`communities leiden\`, first of the session (builds the merged graph)" "$f" "" "" "" "< 3000 ms" "$met"
    for a in "${ALGOS[@]}"; do
        c=$(med "cg.$a.ms") p=$(med "py.$a.ms") g=$(med "c.$a.ms")
        case $a in
            leiden) what="python-igraph community_leiden(objective_function=\"modularity\")" ;;
            louvain) what="python-igraph community_multilevel()" ;;
            labelprop) what="python-igraph community_label_propagation()" ;;
        esac
        target= met=
        if [ "$a" = leiden ]; then
            target="< 3000 ms, ≤ 1.2 × python-igraph"
            met=yes
            le "$c" 3000 || met=NO
            if [ -z "$py_reason" ]; then le "$(ratio "$c" "$p")" 1.2 || met=NO; fi
            [ "$met" = yes ] || status=1
        fi
        row "\`communities $a\` (merged graph cached), wall (timer)" "$c" "$what, the call alone" "$p" "$(ratio "$c" "$p")" "$target" "$met"
        row "  the same" "$c" "igraph alone, C, casegraph's parameters and seed" "$g" "$(ratio "$c" "$g")" "" ""
        if [ "$a" = leiden ]; then
            c=$(med cg.leiden.cpu) p=$(med py.leiden.cpu) g=$(med c.leiden.cpu)
            row "  CPU ms (casegraph: a session with two more, less one with none, halved)" "$c" "python-igraph; igraph alone" "$p; $g" "$(ratio "$c" "$p"); $(ratio "$c" "$g")" "" ""
        fi
        row "  modularity found" "$(q "cg.$a.q")" "python-igraph's; igraph alone's" "$(q "py.$a.q"); $(q "c.$a.q")" "" "" ""
    done
    echo
}
exit $status
