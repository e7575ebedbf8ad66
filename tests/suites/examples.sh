#!/usr/bin/env bash
# The example scripts in queries/ answer real questions about the Backpage
# case; their outputs (queries/NAME.out) were checked by hand against
# graphs/backpage.yaml and, for centralities, against networkx.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

for script in queries/*.cgq; do
    name=$(basename "$script" .cgq)
    [ "$name" = diagram ] && continue
    if [ ! -f "queries/$name.out" ]; then notok "queries/$name.cgq has an expected output"; continue; fi
    run "$CG" -q -f "$script" graphs/
    if [ "$RC" = 0 ] && [ -z "$ERR" ] && diff -u "queries/$name.out" "$TMP/out" >"$TMP/diff"; then
        ok "queries/$name.cgq"
    else
        notok "queries/$name.cgq" "exit $RC, stderr: $ERR" "$(head -30 "$TMP/diff")"
    fi
done

# The README's diagram: queries/diagram.cgq renders the case with Graphviz;
# every node of the case is in the picture.
mkdir -p "$TMP/d/doc"
(cd "$TMP/d" && run "$CG" -q -f "$ROOT/queries/diagram.cgq" "$ROOT/graphs/"; echo "$RC" > rc)
check_eq "queries/diagram.cgq runs" 0 "$(cat "$TMP/d/rc")"
for f in backpage.svg hawley.svg ring.svg; do
    [ -s "$TMP/d/doc/$f" ] && ok "diagram writes doc/$f" || notok "diagram writes doc/$f"
done
n=$(grep -c 'class="node"' "$TMP/d/doc/backpage.svg")
# 51 nodes of the case plus one legend entry per kind present (16 kinds: see stats)
check_eq "the picture holds all 51 nodes and the 16-kind legend" 67 "$n"
# the committed pictures are the ones the script makes now
cmp -s "$TMP/d/doc/backpage.svg" doc/backpage.svg && ok "doc/backpage.svg is up to date (make diagram)" \
    || notok "doc/backpage.svg is up to date" "run: make diagram"
# the ring (connect of four actors): the four, backpage, psi, psi_hearing
# and sesta, plus the legend's 7 kinds present among them
check_eq "the ring holds the 8 nodes of the connecting network and its 7-kind legend" 15 \
    "$(grep -c 'class="node"' "$TMP/d/doc/ring.svg")"
cmp -s "$TMP/d/doc/ring.svg" doc/ring.svg && ok "doc/ring.svg is up to date (make diagram)" \
    || notok "doc/ring.svg is up to date" "run: make diagram"
