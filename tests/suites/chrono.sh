#!/usr/bin/env bash
# tests/suites/chrono.sh - `chronological` (SPEC 9) against the independent
# reference tests/chrono/ref.py (Python + PyYAML over the YAML, never calling
# casegraph) on generated dated graphs, and `path ... chronological all`
# past the 1000-path cap.  The hand-worked clock cases are in
# tests/queries/chrono.test.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

if ! $PY -c 'import yaml' 2>/dev/null; then
    skip "chrono: casegraph against the reference" "PyYAML is not installed (Debian package python3-yaml; tests/deps.sh)"
else
    # 60 graphs of 4-8 nodes: over 1300 (from, to) pairs and 600
    # neighborhoods, every clause mixed in
    out=$($PY tests/chrono/compare.py "$CG" "$TMP/cmp" 1 60 2>&1); rc=$?
    printf '%s\n' "$out" | grep -E '^(ok|not ok) - ' | grep -v '^ok - graph '
    n=$(printf '%s\n' "$out" | grep -c '^ok - graph ')
    check_rc "chrono: every generated graph agrees with the reference ($n of 60)" 0 "$rc"
    [ "$rc" = 0 ] || printf '%s\n' "$out" | grep -A2 '^not ok' | head -30 | sed 's/^/    /'
fi

# more than 1000 fewest-hop chronological paths: s -> 11 -> 11 -> 11 -> t,
# the dates rising layer by layer (1331 paths), plus one layer-1 node whose
# edges on are too early (its paths are not time-respecting)
$PY - >"$TMP/many.yaml" <<'PY'
print("casegraph: 1\nsources: [{id: s0, title: t}]\nnodes:\n  - {id: s, kind: person}\n  - {id: t, kind: person}")
for l in range(3):
    for i in range(11): print("  - {id: l%d_%02d, kind: person}" % (l, i))
print("edges:")
for i in range(11):
    print("  - {from: s, to: l0_%02d, type: urged, date: 2015, source: s0}" % i)
    print("  - {from: l2_%02d, to: t, type: urged, date: 2018-03-05, source: s0}" % i)
    for l in range(2):
        for j in range(11):
            d = "2014" if (l, i) == (0, 0) else "2016-%02d" % (l * 6 + 1)
            print("  - {from: l%d_%02d, to: l%d_%02d, type: urged, date: %s, source: s0}" % (l, i, l + 1, j, d))
PY
run "$CG" -q -o tsv -e "path s t chronological all" "$TMP/many.yaml"
check_rc "chrono: path all past the cap succeeds" 0 "$RC"
check_eq "chrono: at most 1000 paths (4 hops each, plus the header)" "4001" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
check_eq "chrono: the cap is said on stderr" "showing the first 1000 paths" "$ERR"
check_eq "chrono: the first path avoids l0_00, whose onward edges (2014) are before the clock (2015)" \
    "$(printf '1\t1\ts\tl0_01\turged\t->\t2015\ts0')" "$(printf '%s\n' "$OUT" | sed -n 2p)"
# without l0_00 there are 10 * 11 * 11 = 1210; path 1000 is l0_i l1_j l2_m
# with 121 * (i - 1) + 11 * j + m = 999: i = 9, j = 2, m = 9
check_eq "chrono: the 1000th path is s l0_09 l1_02 l2_09 t" \
    "$(printf '1000\t1\ts\tl0_09\turged\t->\t2015\ts0\n1000\t2\tl0_09\tl1_02\turged\t->\t2016-01\ts0\n1000\t3\tl1_02\tl2_09\turged\t->\t2016-07\ts0\n1000\t4\tl2_09\tt\turged\t->\t2018-03-05\ts0')" \
    "$(printf '%s\n' "$OUT" | tail -4)"
run "$CG" -q -o tsv -e "path s t chronological all until 2018-03-04" "$TMP/many.yaml"
check_eq "chrono: until before the last hop: no path, said on stderr" "no path" "$ERR"
