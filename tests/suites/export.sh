#!/usr/bin/env bash
# Exports: DOT, GraphML, JSON, YAML and pictures, read back by the tools that
# consume them (Graphviz dot, xmllint with the GraphML 1.1 schema, networkx,
# python-igraph, casegraph's own loader); atomic writes and the loaded-file
# guard.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
XSD="$ROOT/../shared/graphml-xsd/graphml.xsd"
[ -f "$XSD" ] || XSD=/work/shared/graphml-xsd/graphml.xsd

# --- the driver program (tests/export/export_tool.c) over the library sources
T="$TMP/export_tool"
# every module below the query layer (query.c, commands.c, qargs.c, qrows.c,
# redirect.c, cmd_*.c), the REPL, the input loop and main
SRCS=$(ls src/*.c | grep -v -E '^src/(main|repl|shell|query|commands|qargs|qrows|redirect|cmd_[a-z]+)\.c$' | tr '\n' ' ')
# CG_TEST_ASAN=1 builds it with AddressSanitizer and UBSan (slower to build and run)
SAN=
[ "${CG_TEST_ASAN:-0}" = 1 ] && SAN="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer"
if ! cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g $SAN $(pkg-config --cflags igraph yaml-0.1) \
        tests/export/export_tool.c $SRCS -o "$T" $(pkg-config --libs igraph yaml-0.1) -lm 2>"$TMP/cc.err"; then
    notok "export driver builds" "$(cat "$TMP/cc.err")"
    exit 0
fi
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1
ok "export driver builds"

# --- C-level checks: formats, atomic write failures, permissions, guard, hostile text
mkdir -p "$TMP/unit"
check_program "export_tool --unit" "$T" --unit "$TMP/unit"

# --- every graph we have: each format parses with its reader, keeps every
# node and edge, is deterministic; YAML loads back to the same graph
graphs=(graphs tests/export/hostile.yaml tests/export/control.yaml)
for f in tests/graphs/*.yaml tests/good/*.yaml tests/good/multi; do [ -e "$f" ] && graphs+=("$f"); done
i=0; dirs=(); names=()
for gpath in "${graphs[@]}"; do
    i=$((i + 1)); d="$TMP/g$i"; mkdir -p "$d"; name=${gpath#tests/}
    "$T" "$d/a.json,$d/a.dot,$d/a.graphml,$d/a.yaml" "$gpath" 2>"$d/err"
    if [ ! -s "$d/a.json" ]; then notok "$name: JSON export" "$(cat "$d/err")"; continue; fi
    # determinism: a second export is byte-identical
    "$T" "$d/b.json,$d/b.dot,$d/b.graphml,$d/b.yaml" "$gpath" 2>/dev/null
    same=1
    for fmt in json dot graphml yaml; do
        [ -e "$d/a.$fmt" ] || continue
        cmp -s "$d/a.$fmt" "$d/b.$fmt" || same=0
    done
    check_eq "$name: exports are byte-identical run to run" 1 "$same"
    # YAML: loads back; the reloaded graph's JSON and YAML are the same bytes
    if "$T" "$d/rt.json,$d/rt.yaml" "$d/a.yaml" 2>"$d/rt.err"; then
        if cmp -s "$d/a.json" "$d/rt.json" && cmp -s "$d/a.yaml" "$d/rt.yaml"; then ok "$name: YAML export loads back to the same graph"
        else notok "$name: YAML export loads back to the same graph" "$(diff "$d/a.json" "$d/rt.json" | head -10)"; fi
    else
        notok "$name: YAML export loads back to the same graph" "$(cat "$d/rt.err" "$d/err" | head -10)"
    fi
    # DOT: dot parses it without a word on stderr, and keeps every node and edge
    if timeout 60 dot -Tsvg "$d/a.dot" -o "$d/a.svg" 2>"$d/dot.err" && [ ! -s "$d/dot.err" ]; then
        ok "$name: dot -Tsvg reads the DOT export without warnings"
    else
        notok "$name: dot -Tsvg reads the DOT export without warnings" "$(head -5 "$d/dot.err")"
    fi
    timeout 60 dot -Tjson "$d/a.dot" >"$d/a.dot.json" 2>/dev/null
    dirs+=("$d"); names+=("$name")
    # GraphML: schema-valid; networkx and igraph see every node and edge
    if [ "$gpath" = tests/export/control.yaml ]; then
        check_contains "$name: GraphML refuses a control character" \
            "node 'b' attribute 'note' holds U+0007" "$(cat "$d/err")"
    fi
    if grep -q "a character XML 1.0 cannot represent" "$d/err"; then
        # graphs with control characters in text: a clean error, no file
        check_eq "$name: GraphML refused with one clean error and no file" "1|" \
            "$(grep -c '^error: cannot write GraphML: ' "$d/err")|$(ls "$d" | grep graphml)"
        continue
    fi
    if xmllint --nonet --noout --schema "$XSD" "$d/a.graphml" 2>"$d/xml.err"; then
        ok "$name: GraphML export is valid against the GraphML 1.1 schema"
    else
        notok "$name: GraphML export is valid against the GraphML 1.1 schema" "$(head -5 "$d/xml.err")"
    fi
done
# counts as each reader sees them (one python run for all graphs: it is slow to start)
"$PY" tests/export/counts.py "${dirs[@]}" >"$TMP/counts" 2>&1
rc=$?
[ "$rc" = 0 ] && ok "counts.py reads every export (exit 0)" || notok "counts.py reads every export" "exit $rc" "$(tail -5 "$TMP/counts")"
for k in "${!dirs[@]}"; do
    d=${dirs[$k]}; name=${names[$k]}
    line=$(grep -F "$d|" "$TMP/counts")
    IFS='|' read -r _ jc dc nc ic <<<"$line"
    # an empty or unreadable count must not compare equal to another one
    if [[ ! "$jc" =~ ^[0-9]+\ [0-9]+$ ]]; then notok "$name: counts.py counted the JSON export" "line: $line"; continue; fi
    check_eq "$name: dot sees every node and every (parallel) edge" "$jc" "$dc"
    [ -n "$nc" ] && check_eq "$name: networkx and igraph read every node and edge" "$jc|$jc" "$nc|$ic"
done

# --- hostile text: every value and type as written, in every reader
H="$TMP/hostile"; mkdir -p "$H"
"$T" "$H/h.graphml,$H/h.json,$H/h.svg,$H/h.yaml,$H/h.dot" tests/export/hostile.yaml
"$PY" tests/export/check_hostile.py "$H" >"$TMP/hostile.out" 2>&1
rc=$?
cat "$TMP/hostile.out"
# an exception midway would drop the checks after it without a "not ok"
[ "$rc" = 0 ] && ok "check_hostile.py ran to its end (exit 0)" \
    || notok "check_hostile.py ran to its end" "exit $rc" "$(grep -v '^\(not \)\?ok - ' "$TMP/hostile.out" | tail -8)"

# DOT: the escaping as written in the file (worked out by hand)
check_contains "dot: quotes and backslashes escaped in a label" \
    '"007" [label="He said \"hi\" \\ <b>&{}</b> \\N \\G x"' "$(cat "$H/h.dot")"
check_contains "dot: a trailing backslash cannot eat the closing quote" \
    '[label="trailing backslash \\"' "$(cat "$H/h.dot")"
check_contains "dot: a parallel edge with type and date label" \
    '"graph" -> "node" [label="raided\n2017-08-01", tooltip="graph raided node (2017-08-01)\nsource: s1: Title with \"quotes\", <b>tags</b> & {braces} (Ünïcödé Press 法院, 2017-08-01)\nweight: 2.5\nnote: parallel twin"];' \
    "$(cat "$H/h.dot")"
check_contains "dot: built-in kind shape and colour" '"a:b" [label=' "$(cat "$H/h.dot")"
check_contains "dot: court is a grey rectangle with diagonals" 'shape="rectangle", fillcolor="#d9d9d9", style="filled,diagonals"' "$(grep '"a:b" \[' "$H/h.dot")"
check_contains "dot: the legend is a cluster" 'subgraph "cluster_legend" {' "$(cat "$H/h.dot")"

# --- selections: only the selected nodes, the edges among them, the sources they cite
S="$TMP/sel"; mkdir -p "$S"
"$T" -s graph,node,lonely "$S/s.json" tests/export/hostile.yaml
got=$("$PY" -c '
import json,sys; j=json.load(open(sys.argv[1]))
print(" ".join(n["id"] for n in j["nodes"]), "|", len(j["edges"]), "|", " ".join(s["id"] for s in j["sources"]))' "$S/s.json")
check_eq "selection: nodes in graph order, the 3 parallel edges, cited sources only" "graph node lonely | 3 | s1 s2" "$got"
"$T" -s 007 "$S/s.yaml" tests/export/hostile.yaml
"$T" "$S/s2.json" "$S/s.yaml" 2>"$S/err"
got=$("$PY" -c '
import json,sys; j=json.load(open(sys.argv[1]))
print(" ".join(n["id"] for n in j["nodes"]), "|", [(e["from"], e["to"]) for e in j["edges"]], "|", " ".join(s["id"] for s in j["sources"]))' "$S/s2.json" 2>&1)
check_eq "selection YAML (a self-loop) loads back with its one cited source" "007 | [('007', '007')] | s2" "$got"
"$T" -s lonely "$S/one.graphml" tests/export/hostile.yaml
xmllint --nonet --noout --schema "$XSD" "$S/one.graphml" 2>/dev/null && ok "selection: a lone node with no edges is valid GraphML" \
    || notok "selection: a lone node with no edges is valid GraphML"
check_eq "selection: GraphML declares only the keys it uses" "0" "$(grep -c 'd_n_weight' "$S/one.graphml")"
"$T" -s lonely "$S/one.dot" tests/export/hostile.yaml
dot -Tsvg "$S/one.dot" >/dev/null 2>"$S/dot.err" && [ ! -s "$S/dot.err" ] && ok "selection: a lone node renders" \
    || notok "selection: a lone node renders" "$(cat "$S/dot.err")"

# --- pictures through Graphviz
P="$TMP/pic"; mkdir -p "$P"
for ext in svg png pdf; do
    run "$T" "$P/x.$ext" tests/export/hostile.yaml
    check_rc "render .$ext: exit 0" 0 "$RC"
done
check_contains "render .svg is an SVG" "<svg" "$(head -c 2000 "$P/x.svg")"
check_eq "render .png is a PNG" "PNG" "$(head -c 4 "$P/x.png" | tail -c 3)"
check_eq "render .pdf is a PDF" "%PDF" "$(head -c 4 "$P/x.pdf")"
check_eq "render leaves no temporary files" "" "$(ls -A "$P" | grep tmp)"
echo old >"$P/keep.svg"
run env PATH=/nonexistent "$T" "$P/keep.svg" tests/export/hostile.yaml
check_eq "render without Graphviz: a clear error" "error: Graphviz 'dot' not found; install the graphviz package" "$ERR"
check_rc "render without Graphviz: fails" 1 "$RC"
check_eq "render without Graphviz: the old file is untouched" "old" "$(cat "$P/keep.svg")"
run env CASEGRAPH_DOT=false "$T" "$P/keep.svg" tests/export/hostile.yaml
check_contains "render when dot fails: an error" "Graphviz 'dot' failed (exit 1)" "$ERR"
check_eq "render when dot fails: the old file is untouched, no temporary" "old|keep.svg" "$(cat "$P/keep.svg")|$(ls -A "$P" | grep keep)"

# --- safe writes
W="$TMP/write"; mkdir -p "$W"
cp tests/export/control.yaml "$W/ctl.yaml"
echo "old graphml" >"$W/out.graphml"
run "$T" "$W/out.graphml" "$W/ctl.yaml"
check_rc "writer error: fails" 1 "$RC"
check_eq "writer error: old file untouched, no temporary left" "old graphml|out.graphml" "$(cat "$W/out.graphml")|$(ls -A "$W" | grep out)"
run "$T" "$W" tests/export/hostile.yaml
check_contains "a directory as target: clean error" "is a directory" "$ERR"
mkdir -p "$W/d.json"
run "$T" "$W/d.json" tests/export/hostile.yaml
check_eq "a directory named like an export: clean error" "error: cannot write '$W/d.json': is a directory" "$ERR"
if [ "$(id -u)" = 0 ]; then
    # root ignores directory permissions: /proc refuses new files to everyone
    run "$T" /proc/casegraph-export-test.json tests/export/hostile.yaml
    check_contains "unwritable directory: clean error" "cannot create a file in directory '/proc'" "$ERR"
    check_rc "unwritable directory: fails" 1 "$RC"
else
    mkdir -p "$W/ro"; echo old >"$W/ro/x.json"; chmod 555 "$W/ro"
    run "$T" "$W/ro/x.json" tests/export/hostile.yaml
    check_contains "unwritable directory: clean error" "Permission denied" "$ERR"
    check_eq "unwritable directory: old file untouched, nothing added" "old|x.json" "$(cat "$W/ro/x.json")|$(ls -A "$W/ro")"
    chmod 755 "$W/ro"
fi
echo '{}' >"$W/mode.json"; chmod 600 "$W/mode.json"
"$T" "$W/mode.json" tests/export/hostile.yaml
check_eq "an overwritten file keeps its permission bits" "600" "$(stat -c %a "$W/mode.json")"
ln -sf mode.json "$W/link.json"
"$T" "$W/link.json" tests/export/hostile.yaml
check_eq "a symlink target: the link stays, its file is replaced" "link|600" \
    "$([ -L "$W/link.json" ] && echo link)|$(stat -c %a "$W/mode.json")"

# --- the loaded-file guard
cp tests/export/hostile.yaml "$W/g.yaml"
run "$T" -c "$W/g.yaml" "$W/g.yaml"
check_eq "guard: a loaded file is not overwritten" \
    "error: $W/g.yaml was loaded as a graph; use '>!' or 'export $W/g.yaml force' to overwrite" "$ERR"
check_eq "guard: the loaded file is untouched" "" "$(cmp tests/export/hostile.yaml "$W/g.yaml")"
run "$T" -c -f "$W/g.yaml" "$W/g.yaml"
check_rc "guard: force overwrites" 0 "$RC"
check_contains "guard: force wrote the YAML export" "# casegraph export" "$(head -1 "$W/g.yaml")"

# --- through the command line
C="$TMP/cli"; mkdir -p "$C"
run "$CG" -q -e "export $C/all.json" tests/export/hostile.yaml
check_eq "cli: export FILE writes the same JSON as the library" "" "$(cmp "$C/all.json" "$H/h.json" 2>&1)"
cp tests/export/hostile.yaml "$C/g.yaml"
run "$CG" -q -e "export $C/g.yaml" "$C/g.yaml"
check_contains "cli: export over a loaded file is refused" "was loaded as a graph; use '>!'" "$ERR"
check_eq "cli: the loaded file is untouched" "" "$(cmp tests/export/hostile.yaml "$C/g.yaml")"
run "$CG" -q -e "export $C/g.yaml force" "$C/g.yaml"
check_rc "cli: export FILE force overwrites" 0 "$RC"
run env PATH=/nonexistent "$CG" -q -e "export $C/x.svg" tests/export/hostile.yaml
check_contains "cli: no Graphviz, a clear error" "Graphviz 'dot' not found; install the graphviz package" "$ERR"
[ ! -e "$C/x.svg" ] && ok "cli: no picture file without Graphviz" || notok "cli: no picture file without Graphviz"

# --- doc/exports.md shows the real exports of tests/export/small.yaml
D="$TMP/doc"; mkdir -p "$D"
"$T" "$D/s.dot,$D/s.graphml,$D/s.json,$D/s.yaml" tests/export/small.yaml
for fmt in dot:dot xml:graphml json:json yaml:yaml; do
    lang=${fmt%%:*}; ext=${fmt#*:}
    block=$(awk -v l="$lang" '$0 == "```" l {on=1; next} on && $0 == "```" {exit} on {print}' doc/exports.md)
    check_eq "doc/exports.md: the $ext example is what the exporter writes" "$(cat "$D/s.$ext")" "$block"
done
