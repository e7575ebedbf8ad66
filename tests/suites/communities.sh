#!/usr/bin/env bash
# tests/suites/communities.sh - `communities` (SPEC 10): on generated graphs
# against python-igraph, which reads the YAML itself
# (tests/communities/compare.py: a partition, ordered, deterministic, the
# modularity python-igraph recomputes); hostile algorithm names; the notes
# on standard error with and without -q; the result subgraph of `> FILE`;
# Ctrl-C.  The hand-worked cases are in tests/queries/communities.test.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
G=tests/graphs/communities.yaml

if ! $PY -c 'import yaml, igraph' 2>/dev/null; then
    skip "communities: casegraph against python-igraph" "PyYAML or python-igraph is missing (Debian python3-yaml, python3-igraph; tests/deps.sh)"
else
    # 16 graphs of 5 to 400 nodes and one of 3000, 9 queries each
    # (tests/asan.sh: 7 small graphs and the big one)
    NG=17; [ "${CG_TEST_SAN:-0}" = 1 ] && NG=8
    out=$($PY tests/communities/compare.py "$CG" "$TMP/cmp" 1 "$NG" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -E '^(ok|not ok) - ' | grep -v '^ok - graph '
    n=$(printf '%s\n' "$out" | grep -c '^ok - graph ')
    check_rc "communities: every generated graph passes against python-igraph ($n of 17)" 0 "$rc"
    [ "$rc" = 0 ] || printf '%s\n' "$out" | grep -A3 '^not ok' | head -30 | sed 's/^/    /'
fi

# ---- hostile algorithm names: escaped, cut, suggested, never echoed raw
run "$CG" -q -e "communities \"lei$(printf '\001')den\"" "$G"
check_rc "communities: a control character in the algorithm name is an error" 1 "$RC"
check_contains "communities: ... shown escaped, with the suggestion" "unknown algorithm 'lei\\x01den'; did you mean 'leiden'?" "$ERR"
case "$ERR" in *$'\001'*) notok "communities: the raw control character is never printed" ;; *) ok "communities: the raw control character is never printed" ;; esac
long=$(head -c 60000 /dev/zero | tr '\0' 'k')
run "$CG" -q -e "communities $long" "$G"
check_rc "communities: a 60,000-character algorithm name is an error" 1 "$RC"
check_contains "communities: ... named in the message" "error: unknown algorithm 'kkkk" "$ERR"
if [ "${#ERR}" -lt 2000 ]; then ok "communities: ... cut short (${#ERR} bytes of message)"
else notok "communities: ... cut short" "the message is ${#ERR} bytes"; fi
run "$CG" -q -e 'communities "leiden"' "$G"
check_rc "communities: a quoted algorithm name works" 0 "$RC"
run "$CG" -q -o tsv -e 'communities top 1000000000' "$G"
check_rc "communities: top at its maximum" 0 "$RC"
check_eq "communities: ... lists all 4 (and the header)" "5" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"

# ---- standard error: the modularity always, the `showing` note not with -q
run "$CG" -o tsv -e 'communities top 2' "$G"
check_eq "communities: without -q, the modularity and the note" \
    "modularity: 0.413495
showing 2 of 4 communities (add \`top all\` for every one)" "$ERR"
run "$CG" -q -o tsv -e 'communities top 2' "$G"
check_eq "communities: with -q, the modularity alone" "modularity: 0.413495" "$ERR"
run "$CG" -q -o json -e 'communities' "$G"
check_eq "communities: json on stdout, the modularity on stderr" "modularity: 0.413495" "$ERR"
check_contains "communities: ... stdout is the json" '[{"community":1,"size":5,' "$OUT"

# ---- help
run "$CG" -q -e 'help communities' "$G"
check_contains "communities: help communities gives the usage" "usage: communities [leiden|louvain|labelprop]" "$OUT"
check_contains "communities: ... and the seed" "same random seed" "$OUT"
run "$CG" -q -e 'help' "$G"
check_contains "communities: help lists it" "communities [leiden|louvain|labelprop]" "$OUT"

# ---- > FILE: the listed communities' nodes and the edges among them that
# the filters allow (the graph the clustering saw)
R=$TMP/redirect; mkdir -p "$R"
run "$CG" -q -e "communities via sued top 1 > $R/c.json" "$G"
check_rc "communities: > c.json succeeds" 0 "$RC"
got=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(n["id"] for n in d["nodes"]), sorted((e["from"],e["type"],e["to"]) for e in d["edges"]))' "$R/c.json" 2>&1)
check_eq "communities: via sued top 1 > c.json holds b1, b2 and their two sued edges" \
    "['b1', 'b2'] [('b1', 'sued', 'b2'), ('b1', 'sued', 'b2')]" "$got"
run "$CG" -q -e "communities top 2 > $R/c.csv" "$G"
check_eq "communities: > c.csv writes the table" "$(printf 'community,size,members\r\n1,5,p1;p2;p3;p4;p5\r\n2,4,b1;b2;b3;b4\r')" "$(cat "$R/c.csv")"

# ---- Ctrl-C: Leiden polls igraph's interruption every 10,000 node moves,
# Louvain after each pass; label propagation (igraph 0.10.2) does not poll
BIG="$TMP/big.yaml"
sh tests/cli/gen-big.sh 100000 500000 >"$BIG"
for a in leiden louvain; do
    # SIGINT 0.5 s into the query; stopped within 5 s (measured: 0.03 s,
    # 1.7 s under ASan, where Leiden's unpolled refinement and aggregation
    # steps are slow), where the whole Leiden run takes 2.5 s (4 s under
    # ASan) and Louvain's over a minute
    S=$(sigint_query "$BIG" "communities $a" 0.5 5)
    check_contains "communities: SIGINT during $a exits 130" "rc=130" "$S"
    check_contains "communities: SIGINT stops $a within 5 s" "fast=1" "$S"
    check_contains "communities: SIGINT during $a is reported as interrupted" "err=-e:2:1: error: interrupted" "$S"
done
