#!/usr/bin/env bash
# tests/suites/paths.sh - `paths`, `connect` and `common` (SPEC 10) against
# networkx (tests/routes/compare.py: all_simple_paths with a cutoff, the
# union of all_shortest_paths, neighbour sets; it reads the YAML itself and
# never calls casegraph) on generated multigraphs with parallel edges and
# self-loops; then the cap, the bound beyond 10 hops, Ctrl-C, bad input.
# The hand-worked cases are tests/queries/{paths,connect,common}.test.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

if ! $PY -c 'import yaml, networkx' 2>/dev/null; then
    skip "paths: casegraph against networkx" "PyYAML or networkx is not installed (python3-yaml, python3-networkx; tests/deps.sh)"
else
    for seed in 1 2; do
        out=$($PY tests/routes/compare.py "$CG" "$TMP/cmp$seed" "$seed" 30 2>&1); rc=$?
        printf '%s\n' "$out" | grep -E '^(ok|not ok) - ' | grep -v '^ok - graph '
        n=$(printf '%s\n' "$out" | grep -c '^ok - graph ')
        check_rc "paths: seed $seed: every generated graph agrees with networkx ($n of 30)" 0 "$rc"
        [ "$rc" = 0 ] || printf '%s\n' "$out" | grep -A2 '^not ok' | head -30 | sed 's/^/    /'
    done
fi

# the cap: s -> 11 -> 11 -> 11 -> t has 1331 paths of 4 hops, and one of 2
# (s - x - t); the first is the short one, then id order
$PY - >"$TMP/many.yaml" <<'PY'
print("casegraph: 1\nsources: [{id: s0, title: t}]\nnodes:\n  - {id: s, kind: person}\n  - {id: t, kind: person}\n  - {id: x, kind: person}")
for l in range(3):
    for i in range(11): print("  - {id: l%d_%02d, kind: person}" % (l, i))
print("edges:\n  - {from: s, to: x, type: urged, source: s0}\n  - {from: x, to: t, type: urged, source: s0}")
for i in range(11):
    print("  - {from: s, to: l0_%02d, type: urged, source: s0}" % i)
    print("  - {from: l2_%02d, to: t, type: urged, source: s0}" % i)
    for l in range(2):
        for j in range(11):
            print("  - {from: l%d_%02d, to: l%d_%02d, type: urged, source: s0}" % (l, i, l + 1, j))
PY
run "$CG" -q -o tsv -e "paths s t directed" "$TMP/many.yaml"
check_rc "paths: past the cap succeeds" 0 "$RC"
check_eq "paths: at most 1000 paths (one of 2 hops, 999 of 4, plus the header)" "3999" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
check_eq "paths: the cap is said on stderr" "showing the first 1000 paths" "$ERR"
check_eq "paths: the shortest comes first" "$(printf '1\t1\ts\tx\turged\t->\t\ts0\n1\t2\tx\tt\turged\t->\t\ts0')" \
    "$(printf '%s\n' "$OUT" | sed -n 2,3p)"
# the 999 four-hop paths in id order: l0_i l1_j l2_m with 121 i + 11 j + m = 998
check_eq "paths: the 1000th is s l0_08 l1_02 l2_08 t (id order)" \
    "$(printf '1000\t1\ts\tl0_08\n1000\t2\tl0_08\tl1_02\n1000\t3\tl1_02\tl2_08\n1000\t4\tl2_08\tt')" \
    "$(printf '%s\n' "$OUT" | tail -4 | cut -f1-4)"
run "$CG" -q -o tsv -e "paths s t maxhops 3 directed" "$TMP/many.yaml"
check_eq "paths: maxhops 3 leaves the one short path, no cap message" "3:" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' '):$ERR"
run "$CG" -q -o tsv -e "paths s t avoid x directed" "$TMP/many.yaml"
check_eq "paths: avoid x starts at the four-hop ones" "$(printf '1\t1\ts\tl0_00')" "$(printf '%s\n' "$OUT" | sed -n 2p | cut -f1-4)"

# the trap: s - a - t, and a joined to a clique of 40 that leads nowhere: the
# distance test lets every walk in the clique through, the simple paths are
# only s a t
$PY - >"$TMP/trap.yaml" <<'PY'
n = 40
print("casegraph: 1\nsources: [{id: s0, title: t}]\nnodes:")
for v in ["s", "a", "t"] + ["c%02d" % i for i in range(n)]: print("  - {id: %s, kind: person}" % v)
print("edges:\n  - {from: s, to: a, type: urged, source: s0}\n  - {from: a, to: t, type: urged, source: s0}")
for i in range(n):
    print("  - {from: a, to: c%02d, type: urged, source: s0}" % i)
    for j in range(i + 1, n): print("  - {from: c%02d, to: c%02d, type: urged, source: s0}" % (i, j))
PY
RUN_TIMEOUT=20 run "$CG" -q -o tsv -e "paths s t maxhops 11" "$TMP/trap.yaml"
check_rc "paths: maxhops 11 on the clique trap fails at once" 1 "$RC"
check_contains "paths: the bound is a clear error naming the limit and the way out" \
    "error: maxhops 11 cannot finish here: the search could meet more than 20000000 partial paths" "$ERR"
check_contains "paths: the error suggests maxhops 10 or narrowing" "use maxhops 10 or less, or narrow it with avoid" "$ERR"
run "$CG" -q -o tsv -e "paths s t maxhops 11 avoid a" "$TMP/trap.yaml"
check_eq "paths: avoid removes the trap: no path, said on stderr" "0:no path" "$RC:$ERR"
# a chain of 30: maxhops 30 is fine there (the bound is 1 walk per step)
$PY - >"$TMP/chain.yaml" <<'PY'
print("casegraph: 1\nsources: [{id: s0, title: t}]\nnodes:")
for i in range(31): print("  - {id: k%02d, kind: person}" % i)
print("edges:")
for i in range(30): print("  - {from: k%02d, to: k%02d, type: urged, source: s0}" % (i, i + 1))
PY
run "$CG" -q -o tsv -e "paths k00 k30 maxhops 30" "$TMP/chain.yaml"
check_eq "paths: maxhops 30 along a chain of 30 finds it (31 lines)" "0:31" "$RC:$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
run "$CG" -q -o tsv -e "paths k00 k30 maxhops 29" "$TMP/chain.yaml"
check_eq "paths: maxhops 29 along it: no path" "0:no path" "$RC:$ERR"
run "$CG" -q -o tsv -e "connect k00 k30" "$TMP/chain.yaml"
check_eq "connect: beyond the default depth 6: nothing, said on stderr" \
    "0:no path of at most 6 hops between k00 and k30" "$RC:$ERR"
run "$CG" -q -o tsv -e "connect k00 k30 k10 depth 30" "$TMP/chain.yaml"
check_eq "connect: depth 30 lists the 30 edges (and the header)" "0:31" "$RC:$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"

# Ctrl-C: maxhops 10 on the trap would run for ages (no bound below 11)
S=$(sigint_query "$TMP/trap.yaml" "paths s t maxhops 10")
check_contains "paths: Ctrl-C stops a long search (exit 130)" "rc=130" "$S"
check_contains "paths: Ctrl-C stops it within a second" "fast=1" "$S"
check_contains "paths: Ctrl-C is reported as interrupted" "err=-e:2:1: error: interrupted" "$S"

# bad input
G=tests/graphs/small.yaml
bad() {   # bad NAME QUERY ERROR
    run "$CG" -q -o tsv -e "$2" "$G"
    check_eq "$1" "1:$3" "$RC:$(printf '%s\n' "$ERR" | grep -m1 'error:')"
}
bad "paths: unknown FROM" "paths zz d" "-e:1:7: error: unknown node 'zz'; try: find \"zz\""
bad "paths: maxhops 0" "paths a d maxhops 0" "-e:1:19: error: maxhops must be a whole number from 1 to 1000, got '0'"
bad "paths: maxhops huge" "paths a d maxhops 99999999999999999999" \
    "-e:1:19: error: maxhops must be a whole number from 1 to 1000, got '99999999999999999999'"
bad "paths: maxhops not a number" "paths a d maxhops four" "-e:1:19: error: maxhops must be a whole number from 1 to 1000, got 'four'"
bad "paths: avoid FROM" "paths a d avoid c,a" "-e:1:19: error: cannot avoid 'a': every path starts there"
bad "paths: avoid TO" "paths a d avoid d" "-e:1:17: error: cannot avoid 'd': every path ends there"
bad "paths: avoid an unknown node" "paths a d avoid nobody" "-e:1:17: error: unknown node 'nobody'; try: find \"nobody\""
bad "paths: a third node" "paths a d e" "-e:1:11: error: unexpected 'e'; expected via, since, until, directed, with, chronological, maxhops or avoid"
bad "connect: one node" "connect a" "-e:1:10: error: missing argument to 'connect' (usage: connect NODE NODE [NODE...] [via TYPE,...] [directed] [since DATE] [until DATE] [depth N] [with KEY,...|all])"
bad "connect: one node twice" "connect a \"Alice Adams\"" "-e:1:11: error: connect needs at least two different nodes, got only 'a'"
bad "connect: depth 0" "connect a d depth 0" "-e:1:19: error: depth must be a whole number from 1 to 1000000000, got '0'"
bad "connect: an unknown node" "connect a d q" "-e:1:13: error: unknown node 'q'; did you mean 'a', 'b' or 'c'?"
bad "common: the same node twice" "common a AA" "-e:1:10: error: common needs two different nodes, got 'a' twice"
bad "common: three nodes" "common a b c" "-e:1:12: error: unexpected 'c'; expected via, since, until or directed"
bad "connect: control characters are escaped in the message" "$(printf 'connect a "x\001y"')" "-e:1:11: error: unknown node 'x\\x01y'; try: find \"x\\x01y\""
long=$(head -c 5000 /dev/zero | tr '\0' z)
run "$CG" -q -o tsv -e "paths a $long" "$G"
check_eq "paths: a 5000-byte node name: a short error" "1:1" "$RC:$(printf '%s\n' "$ERR" | grep -c 'error: unknown node')"
check_eq "paths: the message is cut short" "1" "$([ ${#ERR} -lt 1000 ] && echo 1)"
