#!/usr/bin/env bash
# The command line as sqlite3 users expect it (SPEC 3): -e and -f in
# command-line order, GRAPH -, --check, -o in any case, --safe against a
# hostile script, refused and failed writes, a file given twice, ~ in file
# names; and the correctness fixes of issue 11 (multibyte columns after a
# continuation, eigenvector noise, contradictory counts, json precision,
# plurals, help topics, show in csv).
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
G=tests/cli/tiny.yaml
TAB=$'\t'

# ---- -e and -f run in command-line order
printf 'nodes company\n' > "$TMP/mid.cgq"
run "$CG" -q -o tsv -e 'nodes senator' -f "$TMP/mid.cgq" -e 'nodes person' "$G"
check_eq "-e a -f s -e b runs a, then s, then b" "id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones
id${TAB}kind${TAB}name
acme${TAB}company${TAB}Acme Corp
id${TAB}kind${TAB}name
alice${TAB}person${TAB}Alice Smith
carol${TAB}person${TAB}carol" "$OUT"
run "$CG" -q -o tsv -f "$TMP/mid.cgq" -e 'nodes senator' "$G"
check_eq "-f s -e a runs s first" "id${TAB}kind${TAB}name
acme${TAB}company${TAB}Acme Corp
id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones" "$OUT"
printf 'nodes bogus\n' > "$TMP/bad.cgq"
run "$CG" -q -o tsv -e 'nodes senator' -f "$TMP/bad.cgq" -e 'nodes person' "$G"
check_rc "a failing script in the middle stops the run (exit 1)" 1 "$RC"
check_eq "and what came after it does not run" "id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones" "$OUT"

# ---- GRAPH - : the graph on standard input
run_in "$(cat "$G")" "$CG" -q -o tsv -e 'nodes senator' -
check_rc "GRAPH - loads the graph from standard input" 0 "$RC"
check_eq "and the query sees it" "id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones" "$OUT"
run_in "$(cat "$G")" "$CG" --check -
check_eq "--check - counts the graph on standard input" "4 nodes, 3 edges, 1 source" "$OUT"
run_in "$(printf 'nodes:\n  - {id: x, kind: senater}\n')" "$CG" --check -
check_rc "a bad graph on standard input exits 3" 3 "$RC"
check_contains "its errors are located in <stdin>" "<stdin>:2:" "$ERR"
cat > "$TMP/other.yaml" <<'EOF'
nodes:
  - {id: o1, kind: person}
  - {id: o2, kind: person}
EOF
run_in "$(cat "$G")" "$CG" -q -o tsv -e "load $TMP/other.yaml" -e 'stats' -
check_rc "load after GRAPH - reads standard input's graph again, with the new file" 0 "$RC"
check_contains "both graphs are in the session" "nodes${TAB}6" "$OUT"
run_in "" "$CG" -q -e stats - -
check_rc "GRAPH - twice is a usage error" 2 "$RC"
check_contains "that says why" "only once" "$ERR"
run_in "" "$CG" -q -f - -
check_rc "GRAPH - with -f - is a usage error" 2 "$RC"
run_in "" "$CG" -q -
check_rc "GRAPH - without -e or -f is a usage error" 2 "$RC"
check_contains "that says to give the queries" "give the queries with -e or -f" "$ERR"

# ---- --check with -e: a usage error (documented in the README)
run "$CG" --check -e stats "$G"
check_rc "--check with -e is a usage error" 2 "$RC"
check_eq "and prints nothing on stdout" "" "$OUT"
check_contains "it names the conflict" "--check only loads and validates" "$ERR"
run "$CG" --check -f "$TMP/mid.cgq" "$G"
check_rc "--check with -f is a usage error" 2 "$RC"

# ---- -o and set format in any case
run "$CG" -q -o CSV -e 'nodes senator' "$G"
check_eq "-o CSV is csv (RFC 4180 CRLF)" "id,kind,name
bob,senator,Bob Jones" "$(printf '%s' "$OUT" | tr -d '\r')"
run "$CG" -q -o Json -e 'nodes senator' "$G"
check_eq "-o Json is json" '[{"id":"bob","kind":"senator","name":"Bob Jones"}]' "$OUT"
run "$CG" -q -e 'set format TSV' -e 'nodes senator' "$G"
check_eq "set format TSV is tsv" "id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones" "$OUT"
run "$CG" -q -o yaml -e 'nodes' "$G"
check_rc "-o yaml is a usage error" 2 "$RC"

# ---- --safe: a hostile script writes nothing and loads nothing
S="$TMP/safe"; mkdir -p "$S/home" "$S/cwd"
cp "$G" "$S/cwd/case.yaml"
cp "$TMP/other.yaml" "$S/cwd/other.yaml"
cp "$TMP/other.yaml" "$S/home/other.yaml"
cat > "$S/hostile.cgq" <<'EOF'
load other.yaml
load ~/other.yaml
export stolen.yaml
export case.yaml force
export ~/g.dot
nodes > n.csv
nodes >! case.yaml
edges > e.svg
neighbors acme > ~/n.json
timeline > /tmp/casegraph-safe-test-timeline.graphml
stats
EOF
rm -f /tmp/casegraph-safe-test-timeline.graphml
before=$(cd "$S" && find . -type f -exec md5sum {} + | sort)
(cd "$S/cwd" && HOME="$S/home" XDG_STATE_HOME="$S/home/state" timeout 30 "$CG" -q --safe --keep-going -o tsv \
    -f ../hostile.cgq case.yaml >"$TMP/out" 2>"$TMP/err" </dev/null); RC=$?
OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
after=$(cd "$S" && find . -type f -exec md5sum {} + | sort)
check_rc "--safe: a script that tries to write exits 2 (refused output)" 2 "$RC"
check_eq "--safe: no file is created or changed (cwd, HOME)" "$before" "$after"
check_eq "--safe: nothing written outside either" "" "$(ls /tmp/casegraph-safe-test-timeline.graphml 2>/dev/null)"
check_eq "--safe: every load, export and redirection is refused (10 errors)" 10 "$(grep -c 'error: --safe: .* is refused' "$TMP/err")"
check_contains "--safe: load is refused at its line" "hostile.cgq:1:1: error: --safe: load is refused" "$ERR"
check_contains "--safe: a redirection is refused at the '>'" "hostile.cgq:6:7: error: --safe: redirection to a file is refused" "$ERR"
check_contains "--safe: the graph stays the one given (stats after the loads)" "nodes${TAB}4" "$OUT"
run "$CG" -q --safe -o tsv -e 'nodes senator' "$G"
check_rc "--safe: a script that only reads runs normally" 0 "$RC"

# ---- refused and failed writes
cp "$G" "$TMP/loaded.yaml"
run "$CG" -q -e 'nodes > '"$TMP/loaded.yaml" "$TMP/loaded.yaml"
check_rc "a refused overwrite of a loaded file exits 2" 2 "$RC"
run "$CG" -q -e "export $TMP/loaded.yaml" "$TMP/loaded.yaml"
check_rc "export over a loaded file without force exits 2" 2 "$RC"
check_eq "and the loaded file is untouched" "$(cat "$G")" "$(cat "$TMP/loaded.yaml")"
run "$CG" -q -e 'nodes > /nonexistent-dir/x.csv' "$G"
check_rc "a write error exits 2" 2 "$RC"
check_contains "a write error points at the file name's column" "-e:1:9: error: cannot write '/nonexistent-dir/x.csv'" "$ERR"
run "$CG" -q -e 'export /nonexistent-dir/x.dot' "$G"
check_contains "an export write error points at the file name" "-e:1:8: error:" "$ERR"

# ---- the same file twice, a directory and a file in it
run "$CG" --check "$G" "$G"
check_rc "a file given twice loads" 0 "$RC"
check_eq "once" "4 nodes, 3 edges, 1 source" "$OUT"
check_eq "with one warning" 1 "$(grep -c 'warning: already loaded' "$TMP/err")"
mkdir -p "$TMP/dir"; cp "$G" "$TMP/dir/a.yaml"
run "$CG" --check "$TMP/dir" "$TMP/dir/a.yaml" "$TMP/dir/"
check_rc "a directory and a file in it load" 0 "$RC"
check_eq "once" "4 nodes, 3 edges, 1 source" "$OUT"
check_eq "with one warning per repeat and no 'already defined' error" "2 0" \
    "$(grep -c 'warning: already loaded' "$TMP/err") $(grep -c 'defined' "$TMP/err")"
ln -sf "$TMP/dir/a.yaml" "$TMP/link.yaml"
run "$CG" --check "$TMP/dir/a.yaml" "$TMP/link.yaml"
check_eq "a symbolic link to a loaded file is the same file" "4 nodes, 3 edges, 1 source" "$OUT"

# ---- ~ in file names
H="$TMP/tilde"; mkdir -p "$H"
cp "$TMP/other.yaml" "$H/more.yaml"
HOME="$H" run "$CG" -q -o tsv -e 'nodes senator > ~/s.csv' -e 'export ~/g.json' -e 'load ~/more.yaml' -e 'stats' "$G"
check_rc "~ in redirection, export and load" 0 "$RC"
check_eq "~/s.csv is written in HOME" "id,kind,name
bob,senator,Bob Jones" "$(tr -d '\r' < "$H/s.csv" 2>/dev/null)"
check_eq "~/g.json is written in HOME" yes "$([ -s "$H/g.json" ] && echo yes)"
check_contains "~/more.yaml is loaded from HOME" "nodes${TAB}6" "$OUT"
me=$(id -un); myhome=$(getent passwd "$me" | cut -d: -f6)
if [ -n "$myhome" ] && [ -d "$myhome" ] && [ -w "$myhome" ]; then
    f="casegraph-tilde-test.$$.csv"
    HOME=/nonexistent run "$CG" -q -e "nodes senator > ~$me/$f" "$G"
    check_eq "~user/ is that user's home directory" yes "$([ -s "$myhome/$f" ] && echo yes)"
    rm -f "$myhome/$f"
else
    skip "~user/ is that user's home directory" "no writable home directory for $me"
fi

# ---- error columns after a continuation, with multibyte text
printf 'nodes where name="ÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄ" \\\n  bogus\n' > "$TMP/mb.cgq"
run "$CG" -q -f "$TMP/mb.cgq" "$G"
check_contains "an error after a continuation of non-ASCII text is at 2:3" "mb.cgq:2:3: error: unknown kind 'bogus'" "$ERR"
printf 'nodes where name="ÄÄÄÄ" bogus\n' > "$TMP/mb1.cgq"
run "$CG" -q -f "$TMP/mb1.cgq" "$G"
check_contains "columns count characters, not bytes" "mb1.cgq:1:25: error: unknown kind 'bogus'" "$ERR"
printf 'nodes where name="日本" \\\n senator, \\\n  +++ %%\n' > "$TMP/mb2.cgq"
run "$CG" -q -f "$TMP/mb2.cgq" "$G"
check_contains "on the third physical line too" "mb2.cgq:3:7: error: unexpected character '%'" "$ERR"

# ---- eigenvector: nodes the leading eigenvector does not reach score 0
cat > "$TMP/two.yaml" <<'EOF'
nodes:
  - {id: a, kind: person}
  - {id: b, kind: person}
  - {id: c, kind: person}
  - {id: d, kind: person}
  - {id: y, kind: person}
  - {id: z, kind: person}
edges:
  - {from: a, to: b, type: employs}
  - {from: b, to: c, type: employs}
  - {from: c, to: a, type: employs}
  - {from: c, to: d, type: employs}
  - {from: z, to: y, type: employs}
EOF
run "$CG" -q -o tsv -e 'centrality eigenvector all' "$TMP/two.yaml"
check_eq "eigenvector: the small component scores exactly 0, tied and listed by id" "5${TAB}y${TAB}person${TAB}y${TAB}0
6${TAB}z${TAB}person${TAB}z${TAB}0" "$(printf '%s\n' "$OUT" | tail -n 2)"
run "$CG" -q -o json -e 'centrality eigenvector all' "$TMP/two.yaml"
check_contains "eigenvector: json has 0 for them too" '"id":"z","kind":"person","name":"z","score":0}' "$OUT"

# ---- contradictory counts
run "$CG" -q -e 'centrality degree top 5 all' "$G"
check_rc "top 5 all is an error" 1 "$RC"
check_contains "that names both" "-e:1:25: error: 'top 5' and 'all' contradict each other" "$ERR"
run "$CG" -q -e 'centrality degree all top 5' "$G"
check_rc "all top 5 is an error" 1 "$RC"
run "$CG" -q -e 'components top 2 all' "$G"
check_rc "components top 2 all is an error" 1 "$RC"
run "$CG" -q -o tsv -e 'centrality degree top all' "$G"
check_rc "top all alone is fine" 0 "$RC"

# ---- json carries full precision; tables 6 digits
run "$CG" -q -o json -e 'centrality degree normalized all' "$G"
check_contains "json: 1/3 in shortest round-trip form" "\"score\":0.3333333333333333}" "$OUT"
run "$CG" -q -o tsv -e 'centrality degree normalized all' "$G"
check_contains "tsv: 6 significant digits" "${TAB}0.333333" "$OUT"
run "$CG" -q -o json -e 'centrality pagerank all' tests/graphs/small.yaml
n=$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
print(sum(1 for r in rows if len(repr(r["score"]).replace("0.", "").lstrip("0")) > 6))')
check_eq "json: pagerank scores have more than 6 digits" "$(printf '%s' "$OUT" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')" "$n"

# ---- plurals
cat > "$TMP/one.yaml" <<'EOF'
sources:
  - {id: s, title: T}
nodes:
  - {id: a, kind: person}
edges:
  - {from: a, to: a, type: employs, source: s}
EOF
run "$CG" --check "$TMP/one.yaml"
check_eq "--check: 1 node, 1 edge, 1 source" "1 node, 1 edge, 1 source" "$OUT"
run "$CG" -e 'nodes' "$TMP/one.yaml"
check_contains "table: (1 row)" "(1 row)" "$OUT"
run "$CG" -e "nodes > $TMP/one.csv" -e "edges > $TMP/one.dot" "$TMP/one.yaml"
check_contains "wrote ... (1 row)" "(1 row)" "$ERR"
check_contains "wrote ... (1 node, 1 edge)" "(1 node, 1 edge)" "$ERR"

# ---- help topics
for t in via dates formats clauses; do
    run "$CG" -q -e "help $t" "$G"
    check_rc "help $t exists" 0 "$RC"
done
run "$CG" -q -e 'help dates' "$G"
check_contains "help dates explains partial dates as intervals" "2017 is all of 2017" "$OUT"
run "$CG" -q -e 'help clauses' "$G"
check_contains "help clauses lists each clause's commands" "in: neighbors path centrality components communities timeline" "$OUT"
run "$CG" -q -e 'help date' "$G"
check_contains "help of a near miss suggests the topic" "did you mean 'dates'" "$ERR"
run "$CG" -q -e 'help' "$G"
check_contains "help lists the topics" "Topics:" "$OUT"

# ---- show in csv and tsv: one well-formed table
run "$CG" -q -o csv -e 'show bob' "$G"
shape=$(printf '%s\n' "$OUT" | "$PY" -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
print(len(set(len(r) for r in rows)), rows[0][0], sorted(set(r[0] for r in rows[1:])))')
check_eq "show in csv: every row has the header's 8 fields, part is node or edge" "1 part ['edge', 'node']" "$shape"
check_contains "show in csv: an edge row" "edge,,,bob,investigated,acme,2020-03-01,s1" "$OUT"
run "$CG" -q -o tsv -e 'show bob' "$G"
check_eq "show in tsv: no blank line between two tables" 0 "$(printf '%s\n' "$OUT" | grep -c '^$')"
run "$CG" -q -e "show bob > $TMP/show.csv" "$G"
run "$CG" -q -o csv -e 'show bob' "$G"
check_eq "show > FILE.csv gives the same one table" "$OUT" "$(cat "$TMP/show.csv")"

# ---- script errors quote their line with a caret (GNU style)
printf 'nodes where name="ÄÄÄÄ" \\\n  bogus\nnodes\t senater\n' > "$TMP/caret.cgq"
run "$CG" -q --keep-going -f "$TMP/caret.cgq" "$G"
check_eq "script errors: the physical line quoted with a caret under the column, after a continuation and with a tab" "$TMP/caret.cgq:2:3: error: unknown kind 'bogus'
    2 |   bogus
      |   ^
$TMP/caret.cgq:3:8: error: unknown kind 'senater'; did you mean 'senator'?
    3 | nodes    senater
      |          ^" "$ERR"
run "$CG" -q -e 'path acme nobody' "$G"
check_eq "-e errors quote the -e line" "-e:1:11: error: unknown node 'nobody'; try: find \"nobody\"
    1 | path acme nobody
      |           ^" "$ERR"
run "$CG" -q -e 'nodes; stats' "$G"
check_contains "a ';' in the middle of a line says it only ends a line" "-e:1:6: error: unexpected character ';' (a ';' may only end a line; one query per line)" "$ERR"
