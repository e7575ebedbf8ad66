#!/usr/bin/env bash
# tests/bench/run.sh - casegraph against its floor and its peers, in one run.
#
# usage: tests/bench/run.sh        (from `make bench`, which builds the tools)
#   BENCH_RUNS=N   runs per measurement (default 3); the table shows medians
#   BENCH_PEERS=0  skip the Python peers
#   BENCH=match    only the `match` rows (tests/bench/match.sh: casegraph
#                  against Kùzu); BENCH=load only the load rows
#                  (tests/bench/load.sh: threads, libyaml, Kùzu's CSV load);
#                  BENCH=base only the rows above them;
#                  default all (BENCH_KUZU=0: those rows without Kùzu);
#                  BENCH=import only the import rows (tests/bench/import.sh:
#                  `casegraph import` of the big graph's CSV tables against
#                  loading its YAML); BENCH=communities only the communities
#                  rows (tests/bench/communities.sh: against python-igraph);
#                  BENCH=diff only the `diff` rows (tests/bench/diff.sh);
#                  `all` runs them all
#
# Every measurement runs BENCH_RUNS times, interleaved with its peer so that
# a busy machine slows both alike.  Wall times; peak memory is the maximum
# resident set size (/usr/bin/time %M).  Prints a Markdown table and the
# machine, and keeps a copy in tests/bench/data/last.md.
set -u
cd "$(dirname "$0")/../.."
RUNS=${BENCH_RUNS:-3}
case "${BENCH:-all}" in
    all|base) ;;
    match) mkdir -p tests/bench/data
           tests/bench/match.sh | tee tests/bench/data/last-match.md
           exit "${PIPESTATUS[0]}" ;;
    diff) mkdir -p tests/bench/data
          tests/bench/diff.sh | tee tests/bench/data/last-diff.md
          exit "${PIPESTATUS[0]}" ;;
    load) mkdir -p tests/bench/data
          tests/bench/load.sh | tee tests/bench/data/last-load.md
          exit "${PIPESTATUS[0]}" ;;
    import) mkdir -p tests/bench/data
            tests/bench/import.sh | tee tests/bench/data/last-import.md
            exit "${PIPESTATUS[0]}" ;;
    communities) mkdir -p tests/bench/data
           tests/bench/communities.sh | tee tests/bench/data/last-communities.md
           exit "${PIPESTATUS[0]}" ;;
    *) echo "bench: BENCH=${BENCH} is not one of match, load, diff, import, communities, base, all" >&2; exit 2 ;;
esac
PEERS=${BENCH_PEERS:-1}
B=build/bench
D=tests/bench/data
CG=./casegraph
PY=/usr/bin/python3
TIME=/usr/bin/time
mkdir -p "$D"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

for tool in "$CG" $B/gen $B/yaml_parse $B/igraph_pagerank $B/igraph_same $B/spawn_time; do
    [ -x "$tool" ] || { echo "bench: $tool is missing (run make bench)" >&2; exit 2; }
done
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

BIG=$D/g1m.yaml SMALL=$D/g100k.yaml
if [ ! -s "$BIG" ] || [ ! -s $D/g1m.edges ]; then
    echo "generating $BIG (200,000 nodes, 1,000,000 edges) ..." >&2
    $B/gen 200000 1000000 "$BIG" $D/g1m.edges || exit 1
fi
if [ ! -s "$SMALL" ] || [ ! -s $D/g100k.edges ]; then
    $B/gen 20000 100000 "$SMALL" $D/g100k.edges || exit 1
fi

# The hand-built igraph graph must be the one igraph_create makes.
$B/igraph_same "$BIG" >"$T/same" 2>&1 || { echo "bench: igraph_same failed:" >&2; cat "$T/same" >&2; exit 1; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_ns() { date +%s%N; }

# timed NAME CMD... : runs CMD, appends its wall ms to $T/NAME.ms, its CPU
# ms (user + system, all threads) to $T/NAME.cpu and its peak KB to
# $T/NAME.kb; its stdout is in $T/out, stderr in $T/err.
timed() {
    local name=$1; shift
    local t0 t1
    t0=$(now_ns)
    "$TIME" -o "$T/mem" -f '%M %U %S' "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    t1=$(now_ns)
    if [ $rc -ne 0 ]; then
        echo "bench: '$*' failed (exit $rc):" >&2
        head -5 "$T/err" >&2
        return 1
    fi
    echo "scale=1; ($t1 - $t0) / 1000000" | bc >>"$T/$name.ms"
    tail -1 "$T/mem" | awk '{ print $1 }' >>"$T/$name.kb"
    tail -1 "$T/mem" | awk '{ printf "%.0f\n", ($2 + $3) * 1000 }' >>"$T/$name.cpu"
}
med() { [ -s "$T/$1.$2" ] && median <"$T/$1.$2" || echo "-"; }
mb() { local k; k=$(med "$1" kb); [ "$k" = "-" ] && echo "-" || echo "scale=0; $k / 1024" | bc; }
ratio() { if [ "$1" = "-" ] || [ "$2" = "-" ]; then echo "-"; else echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; fi; }

# n0 to n99976: 5 hops untimed, 14 time-respecting (SPEC 9; gen is deterministic)
QUERIES=(-e 'set timer on' -e 'path n0 n100000' -e 'neighbors n0 depth 2' -e 'centrality pagerank' -e 'components' -e 'centrality pagerank'
         -e 'path n0 n99976 chronological' -e 'neighbors n0 depth 3 chronological'
         -e 'find ledger' -e 'find kowalski')
QNAMES=(path neighbors pagerank components pagerank2 chrono_path chrono_neighbors find find2)

for i in $(seq "$RUNS"); do
    echo "run $i/$RUNS ..." >&2
    timed parse $B/yaml_parse "$BIG" || exit 1
    # is the second core really there?  (on a shared virtual machine it is
    # not always: the loader's two threads then run no faster than one)
    t0=$(now_ns)
    $B/yaml_parse "$BIG" >/dev/null & p1=$!
    $B/yaml_parse "$BIG" >/dev/null & p2=$!
    wait $p1 $p2
    echo "scale=1; ($(now_ns) - $t0) / 1000000" | bc >>"$T/twoparse.ms"
    timed load $CG --check "$BIG" || exit 1
    # start-up: median of 30 spawns straight from a small C timer (through
    # a shell and /usr/bin/time a spawn costs 15 ms more here), and a
    # spawn of /bin/true for the floor; peak memory from one run under time
    $B/spawn_time 30 $CG -q -e stats >"$T/out" || exit 1
    awk '{ print $2 }' "$T/out" >>"$T/stats.ms"
    $B/spawn_time 30 /bin/true >"$T/out" || exit 1
    awk '{ print $2 }' "$T/out" >>"$T/true.ms"
    timed stats_mem $CG -q -e stats || exit 1
    # PRPACK alone just before the queries and its directed peer just
    # after: the first pagerank is compared with what ran next to it (on
    # a shared machine the host's load changes from minute to minute)
    timed igpr $B/igraph_pagerank $D/g1m.edges 200000 || exit 1
    awk '{ print $2 }' "$T/out" >>"$T/igpr_only.ms"
    timed queries $CG -q "${QUERIES[@]}" "$BIG" || exit 1
    grep -o '^time: [0-9.]* ms' "$T/err" | awk '{ print $2 }' >"$T/times"
    if [ "$(wc -l <"$T/times")" -ne ${#QNAMES[@]} ]; then
        echo "bench: expected ${#QNAMES[@]} 'time:' lines from the queries, got:" >&2
        cat "$T/err" >&2
        exit 1
    fi
    for k in "${!QNAMES[@]}"; do sed -n "$((k + 1))p" "$T/times" >>"$T/q_${QNAMES[$k]}.ms"; done
    timed igpr_dir $B/igraph_pagerank $D/g1m.edges 200000 directed || exit 1
    awk '{ print $2 }' "$T/out" >>"$T/igpr_dir.ms"
    # the writers: a million rows as tsv, the whole graph as GraphML
    timed writers $CG -q -o tsv -e 'set timer on' -e 'timeline' -e "export $T/w.graphml force" "$BIG" || exit 1
    grep -o '^time: [0-9.]* ms' "$T/err" | awk '{ print $2 }' >"$T/times"
    sed -n 1p "$T/times" >>"$T/w_timeline.ms"
    sed -n 2p "$T/times" >>"$T/w_graphml.ms"
    du -m "$T/w.graphml" | cut -f1 >"$T/w_graphml.size"
    rm -f "$T/w.graphml" "$T/out"
    # lint: every finding (900,000 single-source rows here) as tsv
    timed lint $CG -q -o tsv -e 'set timer on' -e 'lint' "$BIG" || exit 1
    grep -o '^time: [0-9.]* ms' "$T/err" | awk '{ print $2 }' >>"$T/q_lint.ms"
    echo $(( $(wc -l <"$T/out") - 1 )) >"$T/lint.rows"; rm -f "$T/out"
    # connect, paths (SPEC 10): 5 nodes of one neighbourhood (n0 -> n444 is
    # an edge), 5 spread over the graph (4 of the 10 pairs not within 6
    # hops: those searches run their full 6 levels), every simple path of
    # up to 4 hops between the two ends of an edge
    timed routes $CG -q -o tsv -e 'set timer on' -e 'connect n0 n100 n200 n300 n444' \
        -e 'connect n0 n50000 n100000 n150000 n199999' -e 'paths n0 n444 maxhops 4' "$BIG" || exit 1
    grep -o '^time: [0-9.]* ms' "$T/err" | awk '{ print $2 }' >"$T/times"
    sed -n 1p "$T/times" >>"$T/q_connect.ms"
    sed -n 2p "$T/times" >>"$T/q_connect_far.ms"
    sed -n 3p "$T/times" >>"$T/q_paths.ms"
    timed load_s $CG --check "$SMALL" || exit 1
    if [ "$PEERS" = 1 ]; then
        timed nx $PY tests/bench/peer_networkx.py "$SMALL" || exit 1
        timed pyig $PY tests/bench/peer_igraph.py "$SMALL" || exit 1
    fi
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
mem=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
load=$(cut -d' ' -f1-3 /proc/loadavg)
size_big=$(du -mL "$BIG" | cut -f1)
size_small=$(du -mL "$SMALL" | cut -f1)
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
{
    echo "Machine: $(nproc) cores, $cpu, $mem RAM; load average (1, 5, 15 min) at the end: $load."
    echo "Two bare parses run at once took $(med twoparse ms) ms against $(med parse ms) ms for one: $(ratio "$(med twoparse ms)" "$(med parse ms)") (1.0 when both cores are free, 2.0 when only one is)."
    echo "Medians of $RUNS runs. Big graph: 200,000 nodes / 1,000,000 edges (${size_big} MB); small: 20,000 / 100,000 (${size_small} MB)."
    echo
    row "measurement" "casegraph" "compared with" "its figure" "ratio" "target" "casegraph peak MB"
    row "---" "---:" "---" "---:" "---:" "---" "---:"
    row "load big graph (\`--check\`), ms" "$(med load ms)" "bare libyaml event parse" "$(med parse ms)" "$(ratio "$(med load ms)" "$(med parse ms)")" "≤ 1.3, ≤ 150 MB" "$(mb load)"
    row "  the same, CPU ms (user + system, both threads)" "$(med load cpu)" "bare libyaml event parse, CPU ms" "$(med parse cpu)" "$(ratio "$(med load cpu)" "$(med parse cpu)")" "" ""
    row "bundled graphs \`-q -e stats\`, start to exit, ms" "$(med stats ms)" "spawning /bin/true" "$(med true ms)" "" "< 20 ms" "$(mb stats_mem)"
    row "\`path n0 n100000\` (timer), ms" "$(med q_path ms)" "" "" "" "< 10 ms" ""
    row "\`neighbors n0 depth 2\` (timer), ms" "$(med q_neighbors ms)" "" "" "" "< 10 ms" ""
    row "\`centrality pagerank\` (timer), ms" "$(med q_pagerank ms)" "igraph_pagerank (PRPACK) alone, C" "$(med igpr_only ms)" "$(ratio "$(med q_pagerank ms)" "$(med igpr_only ms)")" "≤ 1.2" ""
    row "  the same first query" "$(med q_pagerank ms)" "igraph from the loaded directed multigraph: to_undirected (collapse), simplify, pagerank" "$(med igpr_dir ms)" "$(ratio "$(med q_pagerank ms)" "$(med igpr_dir ms)")" "" ""
    row "  the same query again (merged graph cached), ms" "$(med q_pagerank2 ms)" "igraph_pagerank (PRPACK) alone, C" "$(med igpr_only ms)" "$(ratio "$(med q_pagerank2 ms)" "$(med igpr_only ms)")" "" ""
    row "\`components\` (timer), ms" "$(med q_components ms)" "" "" "" "< 100 ms" ""
    row "\`lint\` as tsv, $(cat "$T/lint.rows") findings (timer), ms" "$(med q_lint ms)" "" "" "" "< 1000 ms" "$(mb lint)"
    row "\`path n0 n99976 chronological\` (14 hops; 5 untimed) (timer), ms" "$(med q_chrono_path ms)" "" "" "" "< 20 ms" ""
    row "\`neighbors n0 depth 3 chronological\` (timer), ms" "$(med q_chrono_neighbors ms)" "" "" "" "< 20 ms" ""
    row "\`find ledger\`, 1,667 rows, the first find (folds the graph's text once) (timer), ms" "$(med q_find ms)" "" "" "" "< 100 ms" ""
    row "  \`find kowalski\`, 16,651 rows, a later find (timer), ms" "$(med q_find2 ms)" "" "" "" "< 100 ms" ""
    row "\`connect n0 n100 n200 n300 n444\` (timer), ms" "$(med q_connect ms)" "" "" "" "< 50 ms" ""
    row "\`connect\` of 5 nodes spread over the graph (n0, n50000, ..., n199999; 4 pairs not within 6 hops) (timer), ms" "$(med q_connect_far ms)" "" "" "" "" ""
    row "\`paths n0 n444 maxhops 4\` (neighbours; timer), ms" "$(med q_paths ms)" "" "" "" "< 200 ms" ""
    row "load + the timed queries above, whole run, ms" "$(med queries ms)" "" "" "" "" "$(mb queries)"
    row "\`timeline\` as tsv, all 1,000,000 edges (timer), ms" "$(med w_timeline ms)" "" "" "" "" "$(mb writers)"
    row "\`export\` of the whole graph to GraphML ($(cat "$T/w_graphml.size") MB) (timer), ms" "$(med w_graphml ms)" "" "" "" "" ""
    if [ "$PEERS" = 1 ]; then
        row "load small graph, ms" "$(med load_s ms)" "networkx MultiDiGraph + PyYAML CSafeLoader" "$(med nx ms)" "$(ratio "$(med nx ms)" "$(med load_s ms)") × slower" "" "$(mb load_s) (networkx: $(mb nx))"
        row "load small graph, ms" "$(med load_s ms)" "python-igraph Graph + PyYAML CSafeLoader" "$(med pyig ms)" "$(ratio "$(med pyig ms)" "$(med load_s ms)") × slower" "" "$(mb load_s) (python-igraph: $(mb pyig))"
    fi
    echo
    echo "Bare parse peak: $(mb parse) MB. $(cat "$T/same")."
    # each run's first pagerank over the PRPACK-alone run just before it
    echo "First \`centrality pagerank\` over PRPACK alone, run by run: $(paste -d' ' "$T/q_pagerank.ms" "$T/igpr_only.ms" |
        awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / $2 }')."
} | tee "$D/last.md"

# the match rows: casegraph's `match` against Kùzu (their own table)
if [ "${BENCH:-all}" = all ]; then
    tests/bench/load.sh | tee -a "$D/last.md"
    [ "${PIPESTATUS[0]}" = 0 ] || exit 1
    tests/bench/diff.sh | tee -a "$D/last.md"
    [ "${PIPESTATUS[0]}" = 0 ] || exit 1
    tests/bench/match.sh | tee -a "$D/last.md"
    rc=${PIPESTATUS[0]}
    tests/bench/import.sh | tee -a "$D/last.md"
    [ "${PIPESTATUS[0]}" = 0 ] || [ "$rc" != 0 ] || rc=1
    # the communities rows: against python-igraph and igraph alone
    tests/bench/communities.sh | tee -a "$D/last.md"
    [ "${PIPESTATUS[0]}" = 0 ] || [ "$rc" != 0 ] || rc=1
    exit "$rc"
fi
