#!/usr/bin/env bash
# tests/bench/match.sh - the `match` rows of make bench: casegraph against Kùzu.
#
# usage: tests/bench/match.sh      (run.sh runs it after its own table;
#                                   `make bench BENCH=match` runs it alone)
#   BENCH_RUNS=N   each query is timed N × 5 times in each system (default 3)
#   BENCH_KUZU=0   casegraph only
#   BENCH_CG=PROG  the casegraph to time (default ./casegraph)
#
# On the 200,000-node / 1,000,000-edge bench graph, in one run:
#  - casegraph: one session (`set timer on`, `-o json`) runs a first `match`
#    (it builds the match index: its own row), then each query once (its
#    result is the one compared), then N × 5 rounds of the four queries.
#    The figures are the medians of casegraph's own `time:` lines.
#  - Kùzu (npm kuzu@0.11.3, installed under build/bench/ when missing, an
#    in-memory database, load excluded): tests/bench/kuzu_bench.mjs runs the
#    same shapes the same way.
# Each query's result (rows as a multiset, column names aside) must be the
# same in both; a difference fails that row. Without node, npm or the
# package: `kuzu: not available (REASON); casegraph only`.
#
# openCypher's semantics written out in Kùzu, which matches walks, not
# trails, and an undirected pattern over a self-loop twice (once in each
# direction, with the same bindings), where openCypher matches it once:
#  - two edge patterns: `WHERE id(r1) <> id(r2)`;
#  - a variable-length segment: `WHERE is_trail(e)` (Kùzu's default
#    recursive_pattern_semantic is WALK);
#  - the doubled self-loops: a DISTINCT over the ids of the edges bound (from
#    a fixed start node they determine the whole match). The timed Kùzu rows
#    are the plain texts, as issue 13 writes them; the DISTINCT forms give the
#    rows compared with casegraph's and are timed too (the line under the
#    table), and whether the plain forms give the same rows is shown.
#
# Prints a Markdown section on standard output (run.sh appends it to
# tests/bench/data/last.md); progress on standard error. Exit status 1 when
# a result differs between the two systems, 2 when something it needs is
# missing; a casegraph without `match` (or a failing query) only fails its
# rows.
set -u
cd "$(dirname "$0")/../.." || exit 2
RUNS=$(( ${BENCH_RUNS:-3} * 5 ))
B=build/bench
D=tests/bench/data
CG=${BENCH_CG:-./casegraph}
BIG=$D/g1m.yaml
KZ_VERSION=0.11.3
KZ_DIR=$B/node_modules/kuzu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

[ -x "$CG" ] || { echo "bench: $CG is missing (run make bench)" >&2; exit 2; }
if [ ! -s "$BIG" ]; then
    [ -x $B/gen ] || { echo "bench: $B/gen is missing (run make bench)" >&2; exit 2; }
    mkdir -p "$D"
    echo "generating $BIG (200,000 nodes, 1,000,000 edges) ..." >&2
    $B/gen 200000 1000000 "$BIG" $D/g1m.edges || exit 2
fi

# The queries: name, casegraph's text, Kùzu's (timed), Kùzu's with the
# self-loop DISTINCT (compared; empty: the timed one), target ms, shape.
# n6 for the 2-hop: n0 has no sued, owns or employs edge (the answer would
# be empty); n6 has 4, and 8 rows come back.
ANY='sued|owns|employs'
NAMES=(hop2 hop1 var3 kinds)
CGQ=(
    "match (a {id: 'n6'})-[r1:$ANY]-(b)-[r2:$ANY]-(c) return b.id, c.id"
    "match (a:person)-[:sued]->(b:company) where a.party = 'D' return count(*)"
    "match (a {id: 'n0'})-[*1..3]-(b) return count(*)"
    "match (n) return n.kind, count(*)"
)
KZQ=(
    "MATCH (a {id: 'n6'})-[r1:$ANY]-(b)-[r2:$ANY]-(c) WHERE id(r1) <> id(r2) RETURN b.id, c.id"
    "MATCH (a:person)-[:sued]->(b:company) WHERE a.party = 'D' RETURN count(*)"
    "MATCH (a {id: 'n0'})-[e*1..3]-(b) WHERE is_trail(e) RETURN count(*)"
    "MATCH (n) RETURN label(n), count(*)"
)
KZX=(
    "MATCH (a {id: 'n6'})-[r1:$ANY]-(b)-[r2:$ANY]-(c) WHERE id(r1) <> id(r2) WITH DISTINCT id(r1) AS r1, id(r2) AS r2, b.id AS b, c.id AS c RETURN b, c"
    ""
    "MATCH (a {id: 'n0'})-[e*1..3]-(b) WHERE is_trail(e) WITH DISTINCT properties(rels(e), '_id') AS p RETURN count(*)"
    ""
)
TARGET=(5 150 50 30)
SHAPE=("anchored 2-hop typed" "unanchored 1-hop typed, filter, \`count(*)\`" "\`*1..3\` from one node, \`count(*)\`" "\`count(*)\` by kind, all nodes")
WARM="match (n {id: 'n0'}) return count(*)"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---- casegraph: one session
echo "match: casegraph, $RUNS runs of each query ..." >&2
{
    echo 'set timer on'
    echo "$WARM"
    for r in $(seq 0 "$RUNS"); do printf '%s\n' "${CGQ[@]}"; done
} >"$T/match.cgq"
$CG -q -o json --keep-going -f "$T/match.cgq" "$BIG" >"$T/cg.out" 2>"$T/cg.err"
cg_rc=$?
# one line per query run, in order: K ok|err MS [first error message]
awk '/^[^ ].*:[0-9]+:[0-9]+: error: / { if (msg == "") msg = $0; next }
     /^time: [0-9.]+ ms( \(cpu [0-9.]+ ms\))?$/ { print k++, (msg == "" ? "ok" : "err"), $2, msg; msg = "" }' "$T/cg.err" >"$T/cg.runs"
mapfile -t cg_out <"$T/cg.out"
declare -A cg_res=() cg_err=() cg_vary=()
warm_ms=- warm_err=
line=0
while read -r k st ms msg; do
    res=
    if [ "$st" = ok ]; then res=${cg_out[$line]-}; line=$((line + 1)); fi
    msg=$(printf '%s' "$msg" | sed 's/^[^ ]*:[0-9]*:[0-9]*: error: //')
    if [ "$k" -eq 0 ]; then
        if [ "$st" = ok ]; then warm_ms=$ms; else warm_err=$msg; fi
        continue
    fi
    q=$(( (k - 1) % ${#NAMES[@]} )) r=$(( (k - 1) / ${#NAMES[@]} ))
    n=${NAMES[$q]}
    if [ "$st" != ok ]; then
        [ -n "${cg_err[$n]-}" ] || cg_err[$n]=$msg
        continue
    fi
    if [ "$r" -eq 0 ]; then cg_res[$n]=$res
    else
        echo "$ms" >>"$T/cg.$n.ms"
        [ "$res" = "${cg_res[$n]-}" ] || cg_vary[$n]=1
    fi
done <"$T/cg.runs"
expected=$(( 1 + ${#NAMES[@]} * (RUNS + 1) ))
if [ "$(wc -l <"$T/cg.runs")" -ne "$expected" ]; then
    why="casegraph exited with status $cg_rc after $(wc -l <"$T/cg.runs") of $expected queries"
    [ -s "$T/cg.err" ] && why="$why: $(grep -v '^time: ' "$T/cg.err" | head -1)"
    for n in "${NAMES[@]}"; do [ -n "${cg_err[$n]-}" ] || [ -s "$T/cg.$n.ms" ] || cg_err[$n]=$why; done
    [ "$warm_ms" != - ] || [ -n "$warm_err" ] || warm_err=$why
fi
for n in "${NAMES[@]}"; do
    if [ -n "${cg_err[$n]-}" ]; then echo "match: casegraph failed $n: ${cg_err[$n]}" >&2; fi
done

# ---- Kùzu
kz_reason=
if [ "${BENCH_KUZU:-1}" = 0 ]; then
    kz_reason="BENCH_KUZU=0"
elif ! type -P node >/dev/null; then
    kz_reason="node is not installed (Debian package nodejs)"
else
    kz_have=$(node -p "require('./$KZ_DIR/package.json').version" 2>/dev/null)
    if [ "$kz_have" != "$KZ_VERSION" ]; then
        if ! type -P npm >/dev/null; then
            kz_reason="npm is not installed (Debian package npm)"
        else
            echo "match: installing kuzu@$KZ_VERSION under $B (npm; log in $B/npm.log) ..." >&2
            mkdir -p $B
            if ! npm install --prefix $B --no-audit --no-fund "kuzu@$KZ_VERSION" >$B/npm.log 2>&1; then
                kz_reason="npm install kuzu@$KZ_VERSION failed: $(grep -m1 -i 'err' $B/npm.log || tail -1 $B/npm.log)"
            fi
        fi
    fi
    if [ -z "$kz_reason" ] && ! node -e "require('./$KZ_DIR')" >/dev/null 2>"$T/kz.load"; then
        kz_reason="the kuzu module does not load: $(grep -m1 -i 'error' "$T/kz.load" || head -1 "$T/kz.load")"
    fi
fi
if [ -z "$kz_reason" ]; then
    args=()
    for q in "${!NAMES[@]}"; do
        args+=("${NAMES[$q]}=${KZQ[$q]}")
        [ -z "${KZX[$q]}" ] || args+=("${NAMES[$q]}_x=${KZX[$q]}")
    done
    echo "match: Kùzu $KZ_VERSION, loading $BIG, then $RUNS runs of each query ..." >&2
    if ! node tests/bench/kuzu_bench.mjs "$KZ_DIR" "$BIG" "$RUNS" "${args[@]}" >"$T/kz.out" 2>"$T/kz.err"; then
        kz_reason="tests/bench/kuzu_bench.mjs failed: $(tail -1 "$T/kz.err")"
    fi
fi
kz() { awk -F'\t' -v k="$1" -v n="$2" '$1 == k && $2 == n { print $3; exit }' "$T/kz.out"; }
# casegraph's results in the canonical form of kuzu_bench.mjs
declare -A cg_canon=()
if [ -z "$kz_reason" ]; then
    for n in "${NAMES[@]}"; do
        [ -n "${cg_res[$n]-}" ] || continue
        cg_canon[$n]=$(printf '%s\n' "${cg_res[$n]}" | node tests/bench/kuzu_bench.mjs --canon)
    done
fi

# a short form of a canonical result: the value of a one-cell result, else the row count
summary() { node -e 'const r = JSON.parse(process.argv[1]);
    console.log(r.length === 1 && r[0].length === 1 ? String(r[0][0]) : r.length + " rows")' "$1"; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
ratio() { if [ "$1" = - ] || [ "$2" = - ] || [ -z "$2" ]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; fi; }
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }

status=0
{
    echo
    echo "### \`match\` against Kùzu"
    echo
    if [ -n "$kz_reason" ]; then
        echo "kuzu: not available ($kz_reason); casegraph only"
    else
        echo "Kùzu $(kz info version) (npm), in-memory, $(kz info threads) threads, recursive_pattern_semantic $(kz info recursive_pattern_semantic); load $(kz info load_ms) ms (excluded): $(kz info nodes) nodes, $(kz info edges) edges, $(kz info rel_tables)."
    fi
    echo "Medians of $RUNS runs of each query in each system (a round of the four, $RUNS times, after one untimed run whose result is compared). casegraph: its \`time:\` lines, one session. Kùzu: \`query()\` to the last row fetched."
    echo
    row "shape" "casegraph ms" "Kùzu ms" "ratio" "target" "met?" "result"
    row "---" "---:" "---:" "---:" "---" "---" "---"
    if [ -n "$warm_err" ]; then
        row "first \`match\` of the session (builds the index)" "failed: $warm_err" "load, excluded" "" "" "" ""
    else
        row "first \`match\` of the session (builds the index)" "$warm_ms" "load, excluded" "" "" "" ""
    fi
    for q in "${!NAMES[@]}"; do
        n=${NAMES[$q]}
        cgm=$( [ -s "$T/cg.$n.ms" ] && median <"$T/cg.$n.ms" || echo -)
        kzm=-
        target="< ${TARGET[$q]} ms"
        why=()
        result="" kres=""
        if [ -z "$kz_reason" ]; then
            target="$target, ≤ Kùzu"
            kzm=$(kz median "$n"); [ -n "$kzm" ] || kzm=-
            kerr=$(kz error "$n")
            xn=$n; [ -z "${KZX[$q]}" ] || xn=${n}_x
            kres=$(kz result "$xn")
            [ -n "$kerr" ] && why+=("Kùzu failed: $kerr")
            [ -z "$kres" ] && [ -n "$(kz error "$xn")" ] && why+=("Kùzu failed: $(kz error "$xn")")
        fi
        if [ -n "${cg_err[$n]-}" ]; then
            why+=("casegraph failed: ${cg_err[$n]}")
        else
            lt "$cgm" "${TARGET[$q]}" || why+=("over ${TARGET[$q]} ms")
            [ "$kzm" = - ] || le "$cgm" "$kzm" || why+=("slower than Kùzu")
            [ -z "${cg_vary[$n]-}" ] || why+=("casegraph's result varies between runs")
        fi
        if [ -n "${cg_canon[$n]-}" ] && [ -n "${kres:-}" ] && [ -z "$kz_reason" ]; then
            if [ "${cg_canon[$n]}" = "$kres" ]; then
                result="agree: $(summary "$kres")"
            else
                result="DIFFER: casegraph $(summary "${cg_canon[$n]}"), Kùzu $(summary "$kres")"
                why+=("results differ")
                status=1
            fi
        elif [ -n "${cg_res[$n]-}" ]; then
            result="casegraph: $(printf '%s' "${cg_res[$n]}" | cut -c1-60)"
        fi
        if [ ${#why[@]} -eq 0 ]; then met=yes; [ -n "$kz_reason" ] && met="yes (target alone)"
        else met="NO: $(printf '%s; ' "${why[@]}" | sed 's/; $//')"; fi
        row "${SHAPE[$q]}" "$cgm" "$kzm" "$(ratio "$cgm" "$kzm")" "$target" "$met" "$result"
    done
    echo
    if [ -n "$warm_err" ] && [ ${#cg_err[@]} -eq ${#NAMES[@]} ]; then
        echo "casegraph ($CG) answered no \`match\` query: $warm_err (is \`match\` built in?)"
        echo
    fi
    echo "The queries (casegraph; Kùzu, timed; Kùzu with the self-loop DISTINCT, compared):"
    echo
    for q in "${!NAMES[@]}"; do
        echo "- ${SHAPE[$q]}: \`${CGQ[$q]}\`; Kùzu \`${KZQ[$q]}\`"
        if [ -n "${KZX[$q]}" ]; then
            line="  - compared with \`${KZX[$q]}\`"
            if [ -z "$kz_reason" ] && [ -n "$(kz median "${NAMES[$q]}_x")" ]; then
                same=no; [ "$(kz result "${NAMES[$q]}_x")" = "$(kz result "${NAMES[$q]}")" ] && same=yes
                line="$line: $(kz median "${NAMES[$q]}_x") ms; the same rows as the timed text: $same"
            fi
            echo "$line"
        fi
    done
    if [ -z "$kz_reason" ]; then
        echo
        echo "Results (canonical rows; casegraph's first, then Kùzu's where they differ):"
        echo
        for q in "${!NAMES[@]}"; do
            n=${NAMES[$q]} xn=${NAMES[$q]}; [ -z "${KZX[$q]}" ] || xn=${n}_x
            kres=$(kz result "$xn")
            if [ -n "${cg_canon[$n]-}" ]; then
                echo "- $n: \`${cg_canon[$n]}\`"
                [ "${cg_canon[$n]}" = "$kres" ] || echo "  - Kùzu: \`${kres:-$(kz error "$xn")}\`"
            else
                echo "- $n: casegraph none; Kùzu \`${kres:-$(kz error "$xn")}\`"
            fi
        done
    fi
}
exit $status
