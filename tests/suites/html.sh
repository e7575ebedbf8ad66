#!/usr/bin/env bash
# The .html page (SPEC 11): every test graph exports to one self-contained
# file whose structure Python checks (tests/html/check_page.py), same bytes
# twice, redirection with the result table, atomic failures as for the other
# exports, the SVG guard; then the page in a real browser, Debian's headless
# chromium driven by playwright-core (tests/html/browser.mjs): no console
# error, no request, a click shows a node's sources, search highlights, the
# time axis has a mark per dated edge, pan and zoom, and a graph of hostile
# names runs no script.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
H="$TMP/h"; mkdir -p "$H"

# --- every graph we have: structure, same bytes twice
graphs=(graphs tests/html/hostile.yaml tests/export/hostile.yaml tests/export/control.yaml)
for f in tests/graphs/*.yaml tests/good/*.yaml tests/good/multi; do [ -e "$f" ] && graphs+=("$f"); done
i=0
for gpath in "${graphs[@]}"; do
    i=$((i + 1)); name=${gpath#tests/}
    run "$CG" -q -e "export $H/$i.html" -e "export $H/$i.json" "$gpath"
    if [ "$RC" != 0 ] || [ ! -s "$H/$i.html" ]; then notok "$name: export .html" "exit $RC" "$ERR"; continue; fi
    "$CG" -q -e "export $H/$i.again.html" "$gpath" 2>/dev/null
    check_eq "$name: the page is byte-identical run to run" "" "$(cmp "$H/$i.html" "$H/$i.again.html" 2>&1)"
    "$PY" tests/html/check_page.py "$name" "$H/$i.html" "$H/$i.json" >"$H/$i.check" 2>&1 \
        || notok "$name: check_page.py ran to its end" "$(tail -5 "$H/$i.check")"
    grep -v '^#' "$H/$i.check"
    check_contains "$name: an export's page lists the edges (no result table)" "# tables=null" "$(cat "$H/$i.check")"
done
check_eq "export leaves no temporary file" "" "$(ls -A "$H" | grep -v '\.\(html\|json\|check\)$')"

# --- redirection: the result subgraph and the query's table
run "$CG" -e "timeline backpage > $H/tl.html" -e "timeline backpage > $H/tl.json" graphs
check_rc "timeline > FILE.html: exit 0" 0 "$RC"
check_contains "timeline > FILE.html: says what it wrote" "wrote $H/tl.html (" "$ERR"
rows=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["edges"]))' "$H/tl.json")
"$PY" tests/html/check_page.py "timeline page" "$H/tl.html" "$H/tl.json" >"$H/tl.check" 2>&1
grep -v '^#' "$H/tl.check"
trows=$("$CG" -q -o json -e "timeline backpage" graphs | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')
check_eq "timeline page: the result table has the query's rows" "# tables=[$trows]" "$(grep '^# tables' "$H/tl.check")"
check_eq "timeline page: the subgraph has the timeline's edges" "$trows" "$rows"
run "$CG" -q -e "neighbors mccaskill > $H/nb.HTML" graphs
check_rc "an upper-case .HTML works too" 0 "$RC"
run "$CG" -q -e "stats > $H/stats.html" graphs
check_contains "a table-only command cannot go to .html" "gives a table, not a graph" "$ERR"
check_eq "a refused redirection writes nothing" "" "$(ls "$H" | grep stats)"

# --- atomic failures, as for the other exports
echo old >"$H/keep.html"
run env CASEGRAPH_DOT=false "$CG" -q -e "export $H/keep.html" graphs
check_contains "dot fails: a clear error" "Graphviz 'dot' failed (exit 1)" "$ERR"
check_eq "dot fails: the old page is untouched, no temporary" "old|keep.html" "$(cat "$H/keep.html")|$(ls -A "$H" | grep keep)"
run env PATH=/nonexistent "$CG" -q -e "export $H/keep.html" graphs
check_contains "no Graphviz: a clear error" "Graphviz 'dot' not found; install the graphviz package" "$ERR"
check_eq "no Graphviz: the old page is untouched" "old" "$(cat "$H/keep.html")"
run "$CG" -q -e "neighbors mccaskill > $H/keep.html" graphs </dev/null
check_rc "a redirection over an old page works" 0 "$RC"
check_contains "... and replaced it" "<!DOCTYPE html>" "$(head -c 100 "$H/keep.html")"
mkdir -p "$H/dir.html"
run "$CG" -q -e "export $H/dir.html" graphs
check_contains "a directory named like a page: clean error" "is a directory" "$ERR"
if [ "$(id -u)" = 0 ]; then
    run "$CG" -q -e "export /proc/casegraph-html-test.html" graphs
    check_contains "unwritable directory: clean error" "cannot create a file in directory '/proc'" "$ERR"
else
    mkdir -p "$H/ro"; echo old >"$H/ro/x.html"; chmod 555 "$H/ro"
    run "$CG" -q -e "export $H/ro/x.html" graphs
    check_eq "unwritable directory: old page untouched" "old|x.html" "$(cat "$H/ro/x.html")|$(ls -A "$H/ro")"
    chmod 755 "$H/ro"
fi
# the loaded-file guard: a page never overwrites a graph file it was loaded from
cp tests/html/hostile.yaml "$H/g.html.yaml"; cp "$H/g.html.yaml" "$H/loaded.html"
run "$CG" -q -e "export $H/loaded.html" "$H/loaded.html"
check_contains "guard: a loaded file is not overwritten by a page" "was loaded as a graph" "$ERR"
check_eq "guard: the loaded file is untouched" "" "$(cmp "$H/g.html.yaml" "$H/loaded.html" 2>&1)"
# the SVG guard: a Graphviz whose SVG holds a script or a handler is refused
cat >"$H/evil-dot" <<'EOS'
#!/bin/sh
cat >/dev/null
case "$CG_EVIL" in
script) printf '<svg viewBox="0 0 1 1"><g id="x"><script>alert(1)</script></g></svg>\n' ;;
onload) printf '<svg viewBox="0 0 1 1" onload="alert(1)"><g></g></svg>\n' ;;
href)   printf '<svg viewBox="0 0 1 1"><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n' ;;
fo)     printf '<svg><foreignObject><div>x</div></foreignObject></svg>\n' ;;
none)   printf 'no picture here\n' ;;
esac
EOS
chmod +x "$H/evil-dot"
for evil in script:"<script>" onload:"attribute the page does not allow: onload" href:"attribute the page does not allow: xlink:href" \
            fo:"<foreignObject>" none:"Graphviz wrote no <svg> element"; do
    echo old >"$H/evil.html"
    run env CASEGRAPH_DOT="$H/evil-dot" CG_EVIL="${evil%%:*}" "$CG" -q -e "export $H/evil.html" graphs
    check_contains "SVG guard (${evil%%:*}): refused with a clear error" "${evil#*:}" "$ERR"
    check_eq "SVG guard (${evil%%:*}): exit 2 (an output error), the old page untouched" "2|old" "$RC|$(cat "$H/evil.html")"
done

# --- the page in a real browser
PWV=1.65.1
B=build/html
browser_reason=
if ! type -P chromium >/dev/null; then browser_reason="chromium is not installed (Debian package chromium; make deps)"
elif ! type -P node >/dev/null || ! type -P npm >/dev/null; then browser_reason="node or npm is not installed (make deps)"
elif [ ! -f "$B/node_modules/playwright-core/package.json" ] \
     || ! grep -q "\"version\": \"$PWV\"" "$B/node_modules/playwright-core/package.json"; then
    mkdir -p "$B"
    if ! timeout 300 npm install --prefix "$B" --no-audit --no-fund "playwright-core@$PWV" >"$B/npm.log" 2>&1; then
        browser_reason="npm install playwright-core@$PWV failed: $(grep -m1 -i err "$B/npm.log" || tail -1 "$B/npm.log")"
    fi
fi
browser() {
    local name=$1; shift
    timeout 180 node tests/html/browser.mjs --name "$name" "$@" >"$TMP/br.out" 2>"$TMP/br.err"
    local rc=$?
    cat "$TMP/br.out"
    [ "$rc" = 0 ] || grep -q '^not ok' "$TMP/br.out" || notok "$name: the browser driver ran" "exit $rc" "$(tail -5 "$TMP/br.err")"
}
if [ -n "$browser_reason" ]; then
    skip "the page in headless chromium" "$browser_reason"
else
    # the dated edges, counted from the YAML by Python (not by casegraph)
    dated() { "$PY" -c '
import sys, yaml, glob, os
n = 0
for p in sys.argv[1:]:
    files = sorted(glob.glob(os.path.join(p, "*.yaml")) + glob.glob(os.path.join(p, "*.yml"))) if os.path.isdir(p) else [p]
    for f in files:
        n += sum(1 for e in (yaml.safe_load(open(f, encoding="utf-8")).get("edges") or []) if e.get("date") is not None)
print(n)' "$@"; }
    browser backpage --dated "$(dated graphs)" --click mccaskill --expect "Investigations of Backpage prompt Missouri officials" \
        --link "https://www.stlpr.org/health-science-environment/2017-08-01/investigations-of-backpage-prompt-missouri-officials-to-file-legislation-lawsuits" \
        --search hawley --matches 2 "$H/1.html"
    browser hostile --hostile --dated "$(dated tests/html/hostile.yaml)" --click img --expect "a real link & <b>markup</b>" \
        --click-edge 0 --expect-edge 'Note|<iframe src="javascript:alert(11)"></iframe>|Sources (5)|tab-hidden scheme|file:///etc/passwd' \
        --link "https://example.org/a?x=1&y=%3C2%3E%22%27" --search "<img" --matches 1 "$H/2.html"
    # a big result: 2,500 dated edges (a stand-in Graphviz: dot would take
    # minutes to lay it out), the table in pages of 1,000 rows
    "$PY" -c '
import random
random.seed(7)
print("casegraph: 1\nname: big\nnodes:")
for i in range(400): print(f"  - {{id: n{i}, kind: person}}")
print("edges:")
for j in range(2500): print(f"  - {{from: n{random.randrange(400)}, to: n{random.randrange(400)}, type: sued, date: {random.randrange(1990, 2020)}-{random.randrange(1, 13):02d}}}")
' >"$H/big.yaml"
    printf '#!/bin/sh\ncat >/dev/null\nprintf "<svg viewBox=\\"0 0 10 10\\"><g id=\\"graph0\\"></g></svg>\\n"\n' >"$H/flat-dot"
    chmod +x "$H/flat-dot"
    CASEGRAPH_DOT="$H/flat-dot" "$CG" -q -e "export $H/big.html" "$H/big.yaml" 2>/dev/null
    browser "big page" --dated 2500 --rows 2500 "$H/big.html"
    browser "timeline page" --dated "$rows" --click hawley --expect "sued" "$H/tl.html"
fi
