#!/usr/bin/env bash
# Publishing (SPEC 11): the .md, .cypher and .neo4j exports of every test
# graph, read back without casegraph (tests/publish/check_publish.py, the
# Markdown rendered by cmark-gfm), the same bytes twice, loaded into a real
# graph database (Kùzu, tests/publish/kuzu_load.mjs), and written whole or
# not at all, as redirections and as `export`.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
KZ_VERSION=0.11.3
KB=build/test
KZ_DIR=$KB/node_modules/kuzu
render() { cmark-gfm -e footnotes -e table -e autolink -e strikethrough -e tagfilter "$1"; }

graphs=(graphs tests/export/hostile.yaml tests/export/control.yaml tests/export/small.yaml tests/publish/markdown.yaml)
for f in tests/graphs/*.yaml tests/good/*.yaml tests/good/multi; do [ -e "$f" ] && graphs+=("$f"); done

# --- C-level checks: cancels and failures keep the old file or directory
PT="$TMP/publish_tool"
SRCS=$(ls src/*.c | grep -v -E '^src/(main|repl|shell|query|commands|qargs|qrows|redirect|cmd_[a-z]+)\.c$' | tr '\n' ' ')
SAN=
[ "${CG_TEST_ASAN:-0}" = 1 ] && SAN="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer"
if cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g $SAN $(pkg-config --cflags igraph yaml-0.1) \
        tests/publish/publish_tool.c $SRCS -o "$PT" $(pkg-config --libs igraph yaml-0.1) -lm 2>"$TMP/cc.err"; then
    mkdir -p "$TMP/unit"
    check_program "publish_tool" "$PT" "$TMP/unit" tests/export/small.yaml
else
    notok "publish_tool builds" "$(cat "$TMP/cc.err")"
fi

have_cmark=1
type -P cmark-gfm >/dev/null || { have_cmark=0; skip "Markdown rendering" "cmark-gfm is not installed (Debian package cmark-gfm)"; }
i=0
for gpath in "${graphs[@]}"; do
    i=$((i + 1)); d="$TMP/g$i"; mkdir -p "$d"; name=${gpath#tests/}
    run "$CG" -q -e "export $d/a.json" -e "export $d/a.md" -e "export $d/a.cypher" -e "export $d/a.neo4j" "$gpath"
    if [ "$RC" != 0 ]; then notok "$name: export .md .cypher .neo4j" "exit $RC" "$ERR"; continue; fi
    "$CG" -q -e "export $d/b.md" -e "export $d/b.cypher" -e "export $d/b.neo4j" "$gpath" 2>/dev/null
    same=1
    cmp -s "$d/a.md" "$d/b.md" && cmp -s "$d/a.cypher" "$d/b.cypher" || same=0
    # the directory: the same files, the same bytes (import.txt names its directory)
    (cd "$d/a.neo4j" && ls -A) >"$d/la"; (cd "$d/b.neo4j" && ls -A) >"$d/lb"
    cmp -s "$d/la" "$d/lb" || same=0
    for f in $(cat "$d/la"); do
        [ "$f" = import.txt ] && { sed 's/b\.neo4j/a.neo4j/g' "$d/b.neo4j/$f" | cmp -s - "$d/a.neo4j/$f" || same=0; continue; }
        cmp -s "$d/a.neo4j/$f" "$d/b.neo4j/$f" || same=0
    done
    check_eq "$name: .md, .cypher and .neo4j are the same bytes run to run" 1 "$same"
    if [ $have_cmark = 1 ]; then
        render "$d/a.md" >"$d/a.html"
        "$PY" tests/publish/check_publish.py "$name" "$d/a.json" "$d/a.md" "$d/a.html" "$d/a.cypher" "$d/a.neo4j" 2>&1 \
            | sed 's/^Traceback/not ok - check_publish.py ran to its end: Traceback/'
    fi
done

# --- the chronology of a timeline, a table of edges, a table of nodes (redirections)
R="$TMP/redir"; mkdir -p "$R"
run "$CG" -q -e "timeline backpage > $R/t.md" -e "path hawley sesta > $R/p.md" -e "nodes senator > $R/n.md" \
    -e "centrality degree top 3 > $R/c.md" -e "edges sued > $R/e.cypher" -e "timeline backpage > $R/t.neo4j" graphs
check_rc "redirections to .md, .cypher, .neo4j" 0 "$RC"
check_contains "timeline > .md: a sentence per fact" "- 2017-07 — Backpage\\.com sued Josh Hawley[^" "$(cat "$R/t.md")"
check_eq "timeline > .md: one line per timeline row" "$("$CG" -q -o csv -e 'timeline backpage' graphs | tail -n +2 | wc -l)" \
    "$(grep -c '^- ' "$R/t.md")"
check_contains "timeline > .md: a footnote cites title, publisher, date, url" \
    '“Investigations of Backpage prompt Missouri officials to file legislation\, lawsuits”, St\. Louis Public Radio, 2017\-08\-01, <https://www.stlpr.org/' \
    "$(cat "$R/t.md")"
check_contains "path > .md: a table of its edges with footnotes" "| Date | From | Type | To | Sources |" "$(cat "$R/p.md")"
check_contains "nodes > .md: a table of nodes" "| claire_mccaskill | senator | Claire McCaskill |" "$(sed 's/mccaskill |/claire_mccaskill |/' "$R/n.md")"
check_eq "centrality > .md: a node table of the listed nodes" 3 "$(grep -c '^| [a-z]' "$R/c.md" | tr -d ' ')"
check_eq "edges sued > .cypher: its edges" 3 "$(grep -c '^MATCH' "$R/e.cypher")"
run "$CG" -q -e "match (a)-[r:sued]->(b) return a.id > $R/m.md" -e "match (a:senator) return a.id > $R/m.neo4j" graphs
check_eq "match > .md: a table of the edges it matched" 3 "$(grep -c '| sued |' "$R/m.md")"
check_eq "match > .neo4j: the nodes it matched" "senator senator senator" \
    "$(tail -n +2 "$R/m.neo4j/nodes_senator.csv" | sed 's/.*,//; s/"//g' | tr '\n' ' ' | sed 's/ $//')"
check_eq "timeline > .neo4j: a directory with import.txt" 1 "$([ -f "$R/t.neo4j/import.txt" ] && echo 1)"
if [ $have_cmark = 1 ]; then
    render "$R/t.md" >"$R/t.html"
    check_eq "timeline > .md: each footnote resolves when rendered" "$(grep -c 'data-footnote-ref' "$R/t.html")" \
        "$(grep -c '<li id="fn-' "$R/t.html")"
fi

# --- hostile text in Markdown: every markup character, an injected link, html, autolinks
H="$TMP/hostile"; mkdir -p "$H"
run "$CG" -q -e "export $H/h.md" -e "export $H/h.json" -e "export $H/h.cypher" -e "export $H/h.neo4j" tests/publish/markdown.yaml
check_rc "hostile Markdown graph exports" 0 "$RC"
if [ $have_cmark = 1 ]; then
    render "$H/h.md" >"$H/h.html"
    "$PY" tests/publish/check_publish.py "hostile md" "$H/h.json" "$H/h.md" "$H/h.html" "$H/h.cypher" "$H/h.neo4j"
    check_eq "hostile md: no graph text becomes a tag, a comment or a link" "" \
        "$(grep -oiE '<(img|script|code|pre|em|strong|del|hr|blockquote|h3|!--)|href="(javascript|https?://(www|x|y|evil))' "$H/h.html")"
    check_contains "hostile md: the only live url is the http(s) source's" '<a href="https://example.org/a_(b)">' "$(cat "$H/h.html")"
    check_contains "hostile md: a line break in a name reads as a space" "line break" "$(cat "$H/h.html")"
    check_contains "hostile md: the type's _ reads as a space" " voted for " "$(cat "$H/h.html")"
    check_eq "hostile md: the undated table keeps its 4 columns" 4 "$(grep -A7 '<tbody>' "$H/h.html" | grep -c '<td>')"
fi

# --- Neo4j: the directory is replaced whole, and only when casegraph wrote it
N="$TMP/neo"; mkdir -p "$N"
run "$CG" -q -e "export $N/case.neo4j" tests/export/small.yaml
check_rc "export case.neo4j" 0 "$RC"
echo stale >"$N/case.neo4j/stale.csv"
run "$CG" -q -e "export $N/case.neo4j" tests/export/small.yaml
check_eq "a second export replaces the directory whole (a stray file goes)" "0 0" \
    "$RC $(ls "$N/case.neo4j" | grep -c stale)"
check_eq "no temporary directory is left beside it" "" "$(ls -A "$N" | grep tmp)"
mkdir "$N/other.neo4j"; echo mine >"$N/other.neo4j/keep"
run "$CG" -q -e "export $N/other.neo4j" tests/export/small.yaml
check_rc "a directory casegraph did not write is refused (exit 2)" 2 "$RC"
check_contains "... with a message that says why" "the directory exists and casegraph did not write it" "$ERR"
check_eq "... and it is untouched" mine "$(cat "$N/other.neo4j/keep")"
echo file >"$N/f.neo4j"
run "$CG" -q -e "export $N/f.neo4j" tests/export/small.yaml
check_eq "a file named .neo4j is refused and kept" "2 file" "$RC $(cat "$N/f.neo4j")"
cat >"$N/colon.yaml" <<'YAML'
nodes:
  - {id: a, kind: person}
  - {id: z, kind: senator, "x:y": 1}
YAML
cp -r "$N/case.neo4j" "$N/before"
run "$CG" -q -e "export $N/case.neo4j" "$N/colon.yaml"
check_rc "a key the header cannot hold fails the export (exit 2)" 2 "$RC"
check_contains "... naming the key" "node attribute 'x:y' has a ':'" "$ERR"
check_eq "... the old directory is as it was, no temporary one is left" "" \
    "$(diff -r "$N/before" "$N/case.neo4j"; ls -A "$N" | grep tmp)"
if [ "$(id -u)" != 0 ]; then
    mkdir -p "$N/ro"; chmod 555 "$N/ro"
    run "$CG" -q -e "export $N/ro/x.neo4j" tests/export/small.yaml
    check_rc "an unwritable directory: exit 2" 2 "$RC"
    chmod 755 "$N/ro"
fi
run "$CG" -q --safe -e "export $N/s.neo4j" tests/export/small.yaml
check_eq "--safe refuses .neo4j (exit 2)" "2 no" "$RC $([ -e "$N/s.neo4j" ] && echo yes || echo no)"

# --- atomic files: a failed write of .md / .cypher leaves the old one
A="$TMP/atomic"; mkdir -p "$A"
for ext in md cypher; do
    echo old >"$A/x.$ext"
    run "$CG" -q -e "export $A/x.$ext" tests/export/small.yaml
    check_eq ".$ext: written over an old file" 0 "$RC"
    echo old >"$A/x.$ext"
    run "$CG" -q -e "timeline > /proc/self/x.$ext" tests/export/small.yaml
    check_rc ".$ext: an unwritable target is exit 2" 2 "$RC"
    mkdir -p "$A/dir.$ext"
    run "$CG" -q -e "export $A/dir.$ext" tests/export/small.yaml
    check_contains ".$ext: a directory as target is an error" "is a directory" "$ERR"
    cp tests/export/small.yaml "$A/g.$ext.yaml"
    run "$CG" -q -e "export $A/g.$ext.yaml" "$A/g.$ext.yaml"
done
if [ "$(id -u)" != 0 ]; then
    mkdir -p "$A/ro"; echo old >"$A/ro/x.md"; chmod 555 "$A/ro"
    run "$CG" -q -e "export $A/ro/x.md" tests/export/small.yaml
    check_eq ".md: an unwritable directory leaves the old file" "2 old" "$RC $(cat "$A/ro/x.md")"
    chmod 755 "$A/ro"
fi

# --- loading into a database: Kùzu (npm kuzu@0.11.3 under build/test/)
kz_reason=
if ! type -P node >/dev/null; then kz_reason="node is not installed (Debian package nodejs)"
else
    if [ "$(node -p "require('./$KZ_DIR/package.json').version" 2>/dev/null)" != "$KZ_VERSION" ]; then
        if ! type -P npm >/dev/null; then kz_reason="npm is not installed (Debian package npm)"
        else
            mkdir -p $KB
            timeout 600 npm install --prefix $KB --no-audit --no-fund "kuzu@$KZ_VERSION" >$KB/npm.log 2>&1 \
                || kz_reason="npm install kuzu@$KZ_VERSION failed (no network?): $(grep -m1 -i 'err' $KB/npm.log || tail -1 $KB/npm.log)"
        fi
    fi
    [ -z "$kz_reason" ] && ! node -e "require('./$KZ_DIR')" >/dev/null 2>&1 && kz_reason="the kuzu module does not load"
fi
if [ -n "$kz_reason" ]; then
    skip "the .cypher and .neo4j exports load into Kùzu" "$kz_reason"
else
    K="$TMP/kuzu"; mkdir -p "$K"
    QS=("match (a)-[r:sued]->(b) return a.id, b.id, r.date"
        "match (s:senator)-[r]->(c:company) return s.id, s.name, c.id"
        "match (a:attorney_general)-[r:investigated]->(c) return a.name, c.name, r.date"
        "match (n:person) return n.id, n.name"
        "match (a)-[r]->(b) return count(*)")
    for gpath in graphs tests/export/hostile.yaml tests/export/small.yaml tests/graphs/attrs.yaml tests/publish/markdown.yaml; do
        n=$(basename "$gpath" .yaml); d="$K/$n"; mkdir -p "$d"
        "$CG" -q -e "export $d/$n.json" -e "export $d/$n.cypher" -e "export $d/$n.neo4j" "$gpath" 2>/dev/null
        {
            printf '['; sep=
            if [ "$gpath" = graphs ]; then
                for q in "${QS[@]}"; do
                    printf '%s{"query":%s,"rows":%s}' "$sep" "$("$PY" -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$q")" \
                        "$("$CG" -q -o json -e "$q" "$gpath")"; sep=,
                done
            fi
            printf ']'
        } >"$d/m.json"
        timeout 300 node tests/publish/kuzu_load.mjs "$KZ_DIR" "$d/$n.json" "$d/$n.cypher" "$d/$n.neo4j" "$d/m.json" 2>&1
    done
fi
