#!/usr/bin/env bash
# `casegraph diff OLD NEW` (SPEC 12).
#  - differential: seeded random changes of the test graphs
#    (tests/diff/mutate.py, every kind the diff lists) against the rows and
#    renames worked out from the YAML by tests/diff/ref.py (never casegraph);
#  - pure reformatting (flow style, quoting that keeps the type, comments,
#    entry, key and list order): no rows, exit 0;
#  - hand-worked corner cases, exit statuses, bad input, git recipes (the
#    README's, in a scratch repository).
. "$(dirname "$0")/../lib.sh"
case "$CG" in /*) ;; *) CG=$PWD/$CG ;; esac   # the git recipes run in another directory
cd "$ROOT"
G=tests/graphs
SEEDS=${DIFF_SEEDS:-5}
GRAPHS="$G/attrs.yaml $G/cent.yaml $G/chain.yaml $G/chrono.yaml $G/hostile.yaml $G/lex.yaml $G/lint.yaml
        $G/lint_clean.yaml $G/small.yaml $G/star.yaml graphs/backpage.yaml tests/diff/declared.yaml"

# ---- differential: random changes against the reference ----
n=0; bad=0; badrc=0; rows=0; detail=(); gi=0
for g in $GRAPHS; do
    b=$(basename "$g" .yaml)
    gi=$((gi + 1))
    nseeds=$SEEDS
    [ "$b" = declared ] && nseeds=$((SEEDS * 8))   # the one graph with kinds and types to change
    for seed in $(seq 1 "$nseeds"); do
        for k in 1 4; do
            n=$((n + 1))
            m=$TMP/$b.$seed.$k.yaml
            # a seed of its own for each graph, so that the graphs do not
            # all get the same sequence of changes
            if ! $PY tests/diff/mutate.py "$((gi * 1000 + seed * 10 + k))" "$g" "$m" "$k" 2>"$TMP/log"; then
                bad=$((bad + 1)); detail+=("mutate.py failed on $g seed $seed: $(tail -1 "$TMP/log")"); continue
            fi
            $PY tests/diff/ref.py "$g" "$m" >"$TMP/ref.json" || { bad=$((bad + 1)); detail+=("ref.py failed on $m"); continue; }
            timeout 30 "$CG" -o json diff "$g" "$m" >"$TMP/cg.json" 2>"$TMP/cg.err"
            rc=$?
            if ! $PY tests/diff/compare.py "$TMP/ref.json" "$TMP/cg.json" "$TMP/cg.err" >"$TMP/cmp"; then
                bad=$((bad + 1))
                detail+=("$g, seed $((gi * 1000 + seed * 10 + k)), $k change(s) ($(tr '\n' ';' <"$TMP/log")):" "$(head -12 "$TMP/cmp")")
                continue
            fi
            want=$($PY -c 'import json,sys; print(1 if json.load(open(sys.argv[1]))["rows"] else 0)' "$TMP/ref.json")
            [ "$rc" = "$want" ] || { badrc=$((badrc + 1)); detail+=("$m: exit $rc, expected $want"); }
            rows=$((rows + $(grep -o '"change"' "$TMP/cg.json" | wc -l)))
        done
    done
done
if [ "$bad" = 0 ] && [ "$badrc" = 0 ] && [ "$rows" -gt 0 ]; then
    ok "diff: $n random versions of the test graphs, rows and renames as the reference ($rows rows)"
else
    notok "diff: random versions against the reference ($bad of $n differ, $badrc exit statuses)" "${detail[@]:0:30}"
fi

# every kind of change came up in those rows
kinds=$(for g in $GRAPHS; do b=$(basename "$g" .yaml)
    for f in "$TMP/$b".*.yaml; do "$CG" -q -o tsv diff "$g" "$f" 2>/dev/null | awk -F'\t' 'NR > 1 { print $1 " " $2 ($4 == "" ? "" : " field") }'; done; done | sort -u | tr '\n' ',')
for want in "added node" "removed node" "changed node field" "added edge" "removed edge" "changed edge field" \
            "added source" "removed source" "changed source field" "added kind" "removed kind" "added type" \
            "removed type" "changed type field" "changed graph field"; do
    check_contains "diff: the random versions include '$want' rows" ",$want," ",$kinds"
done

# ---- pure reformatting: no change ----
n=0; bad=(); for g in $GRAPHS; do
    for seed in 1 2 3; do
        n=$((n + 1))
        m=$TMP/re.$(basename "$g" .yaml).$seed.yaml
        $PY tests/diff/mutate.py "$seed" "$g" "$m" reformat 2>/dev/null || { bad+=("mutate.py reformat failed on $g"); continue; }
        for dir in 1 2; do
            if [ $dir = 1 ]; then run "$CG" -o json diff "$g" "$m"; else run "$CG" -o json diff "$m" "$g"; fi
            [ "$RC" = 0 ] && [ "$OUT" = "[]" ] && [ -z "$ERR" ] || bad+=("$g vs $m: exit $RC, $(printf '%s' "$OUT$ERR" | head -c 300)")
        done
    done
done
check_eq "diff: $n reformatted copies (flow, quoting, comments, order) have no rows, exit 0" "" "${bad[*]:-}"

# ---- hand-worked corner cases ----
mk() { printf '%s\n' "$2" >"$TMP/$1.yaml"; }
mk old 'casegraph: 1
sources:
  - {id: s1, title: One}
  - {id: s2, title: Two}
nodes:
  - {id: a, kind: person, aliases: [A1, A2], votes: 5, share: 1.50, flag: true, note: plain}
  - {id: b, kind: person, name: b}
  - {id: c, kind: company, name: Cee}
edges:
  - {from: a, to: b, type: employs, date: 2017, source: [s1, s2]}
  - {from: a, to: b, type: employs, date: 2017, source: s1, n: 1}
  - {from: a, to: b, type: employs, date: 2017, source: s1, n: 2}
  - {from: b, to: c, type: sued}'
mk same 'casegraph: 1
# the same graph, written otherwise
kinds: [senator]
nodes:
  - id: c
    kind: company
    name: "Cee"
  - {id: b, kind: person}
  - {id: a, kind: person, name: a, aliases: [A2, A1, A1], votes: +5, share: 1.5, flag: true, note: "plain"}
edges:
  - {from: b, to: c, type: sued}
  - {from: a, to: b, type: employs, date: "2017", source: [s2, s1]}
  - {from: a, to: b, type: employs, date: 2017, source: [s1], n: 1}
  - {from: a, to: b, type: employs, date: 2017, source: s1, n: 2}
sources:
  - {id: s2, title: Two}
  - {id: s1, title: "One"}'
run "$CG" diff "$TMP/old.yaml" "$TMP/same.yaml"
check_rc "diff: name equal to the id, alias and source order, +5, 1.50, quoting, a built-in kind declared: exit 0" 0 "$RC"
check_eq "diff: ... and no rows" "change  what  id  field  old  new
------  ----  --  -----  ---  ---
(0 rows)" "$OUT"

mk new 'casegraph: 1
name: case
kinds: [venue]
types: {raided: {from: [agency]}}
sources:
  - {id: s1, title: One, pages: 3}
nodes:
  - {id: a, kind: person, aliases: [A1], votes: "5", share: 1.5, flag: true}
  - {id: b, kind: person, name: Bee}
  - {id: c2, kind: company, name: Cee}
  - {id: v, kind: venue}
edges:
  - {from: a, to: b, type: employs, date: 2017, source: s1}
  - {from: a, to: b, type: employs, date: 2017, source: s1, n: 1}
  - {from: a, to: b, type: employs, date: 2018, source: s1}'
run "$CG" -o tsv diff "$TMP/old.yaml" "$TMP/new.yaml"
check_rc "diff: a changed version: exit 1" 1 "$RC"
check_eq "diff: every kind of row, in order (graph, kind, type, source, node, edge; id; field)" "change	what	id	field	old	new
changed	graph		name		case
added	kind	venue			venue
added	type	raided			{\"name\":\"raided\",\"from\":[\"agency\"],\"to\":[]}
changed	source	s1	pages		3
removed	source	s2		{\"id\":\"s2\",\"title\":\"Two\"}	
changed	node	a	aliases	A1;A2	A1
changed	node	a	note	plain	
changed	node	a	votes	5	5
changed	node	b	name	b	Bee
removed	node	c		{\"id\":\"c\",\"kind\":\"company\",\"name\":\"Cee\",\"aliases\":[]}	
added	node	c2			{\"id\":\"c2\",\"kind\":\"company\",\"name\":\"Cee\",\"aliases\":[]}
added	node	v			{\"id\":\"v\",\"kind\":\"venue\",\"name\":\"v\",\"aliases\":[]}
changed	edge	a -employs-> b (2017)	source	s1;s2	s1
removed	edge	a -employs-> b (2017)#3		{\"from\":\"a\",\"to\":\"b\",\"type\":\"employs\",\"date\":\"2017\",\"source\":[\"s1\"],\"n\":2}	
added	edge	a -employs-> b (2018)			{\"from\":\"a\",\"to\":\"b\",\"type\":\"employs\",\"date\":\"2018\",\"source\":[\"s1\"]}
removed	edge	b -sued-> c		{\"from\":\"b\",\"to\":\"c\",\"type\":\"sued\",\"date\":null,\"source\":[]}	" "$OUT"
check_eq "diff: the possible rename on standard error" \
    "note: possible rename: node 'c' -> 'c2' (the same kind company and name \"Cee\")" "$ERR"
run "$CG" -o json diff "$TMP/old.yaml" "$TMP/new.yaml"
check_contains "diff: json types a value ('5' is text, 5 a number)" \
    '{"change":"changed","what":"node","id":"a","field":"votes","old":5,"new":"5"}' "$OUT"
check_contains "diff: json: an added entity is its object in new, field null" \
    '{"change":"added","what":"node","id":"v","field":null,"old":null,"new":{"id":"v","kind":"venue","name":"v","aliases":[]}}' "$OUT"
check_contains "diff: json: a removed attribute has a null side" \
    '{"change":"changed","what":"node","id":"a","field":"note","old":"plain","new":null}' "$OUT"
check_contains "diff: json: the graph row has a null id" \
    '{"change":"changed","what":"graph","id":null,"field":"name","old":null,"new":"case"}' "$OUT"
run "$CG" diff "$TMP/new.yaml" "$TMP/old.yaml" -o json
check_contains "diff: -o after the operands; reversed, added is removed" \
    '{"change":"removed","what":"kind","id":"venue","field":null,"old":"venue","new":null}' "$OUT"

# type changes of a value, each a change
mk t1 'nodes:
  - {id: a, kind: person, i: 5, d: 5.0, b: true, z: 0.0, t: "x"}'
mk t2 'nodes:
  - {id: a, kind: person, i: 5.0, d: 5, b: "true", z: -0.0, t: x}'
run "$CG" -o json diff "$TMP/t1.yaml" "$TMP/t2.yaml"
check_eq "diff: 5 vs 5.0, true vs \"true\", 0.0 vs -0.0 are changes; \"x\" vs x is not" \
    '[{"change":"changed","what":"node","id":"a","field":"b","old":true,"new":"true"},{"change":"changed","what":"node","id":"a","field":"d","old":5.0,"new":5},{"change":"changed","what":"node","id":"a","field":"i","old":5,"new":5.0},{"change":"changed","what":"node","id":"a","field":"z","old":0.0,"new":-0.0}]' "$OUT"

# a directory against the file that holds the same graph; standard input
mkdir -p "$TMP/dir"
printf 'nodes:\n  - {id: a, kind: person}\n' >"$TMP/dir/1.yaml"
printf 'nodes:\n  - {id: b, kind: company}\nedges:\n  - {from: a, to: b, type: owns}\n' >"$TMP/dir/2.yaml"
printf 'nodes:\n  - {id: b, kind: company}\n  - {id: a, kind: person}\nedges:\n  - {from: a, to: b, type: owns}\n' >"$TMP/one.yaml"
run "$CG" diff "$TMP/dir" "$TMP/one.yaml"
check_rc "diff: a directory of two files against one file of the same graph: exit 0" 0 "$RC"
run_in "$(cat "$TMP/new.yaml")" "$CG" -o tsv diff "$TMP/old.yaml" -
check_rc "diff: NEW from standard input: exit 1" 1 "$RC"
check_contains "diff: NEW from standard input: its rows" "added	node	v" "$OUT"
run_in "$(cat "$TMP/old.yaml")" "$CG" -o tsv diff - "$TMP/new.yaml"
check_contains "diff: OLD from standard input: its rows" "removed	node	c	" "$OUT"
run "$CG" -o tsv diff /dev/null "$TMP/one.yaml"
check_eq "diff: /dev/null is an empty graph (what git passes for a new file)" "change	what	id	field	old	new
added	node	a			{\"id\":\"a\",\"kind\":\"person\",\"name\":\"a\",\"aliases\":[]}
added	node	b			{\"id\":\"b\",\"kind\":\"company\",\"name\":\"b\",\"aliases\":[]}
added	edge	a -owns-> b			{\"from\":\"a\",\"to\":\"b\",\"type\":\"owns\",\"date\":null,\"source\":[]}" "$OUT"

# hostile text: escaped in tsv, quoted in csv, exact in json
mk h1 'nodes:
  - {id: h, kind: person, name: "tab\there"}'
mk h2 'nodes:
  - {id: h, kind: person, name: "new\nline, \"q\" \\ \e[31m"}'
run "$CG" -o tsv diff "$TMP/h1.yaml" "$TMP/h2.yaml"
check_eq "diff: tsv escapes tab, newline and backslash" 'change	what	id	field	old	new
changed	node	h	name	tab\there	new\nline, "q" \\ '$'\e''[31m' "$OUT"
run "$CG" -o json diff "$TMP/h1.yaml" "$TMP/h2.yaml"
check_contains "diff: json escapes control characters" '"old":"tab\there","new":"new\nline, \"q\" \\ \u001b[31m"' "$OUT"
run "$CG" -o csv diff "$TMP/h1.yaml" "$TMP/h2.yaml"
check_contains "diff: csv quotes a value with a comma, a quote or a newline" '"new
line, ""q"" \' "$OUT"

# very long text, many parallel edges of one identity
$PY -c 'print("nodes:\n  - {id: a, kind: person, name: \"" + "x" * 1000000 + "\"}")' >"$TMP/long1.yaml"
$PY -c 'print("nodes:\n  - {id: a, kind: person, name: \"" + "x" * 999999 + "y\"}")' >"$TMP/long2.yaml"
run "$CG" -o tsv diff "$TMP/long1.yaml" "$TMP/long2.yaml"
check_eq "diff: a name of a million bytes changed: one row, both names whole" "1 1000000 1000001" \
    "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l) $(printf '%s' "$OUT" | tail -n 1 | cut -f5 | tr -cd x | wc -c) $(printf '%s' "$OUT" | tail -n 1 | cut -f6 | wc -c)"
$PY -c '
print("nodes:\n  - {id: a, kind: person}\n  - {id: b, kind: person}\nedges:")
for i in range(50000): print("  - {from: a, to: b, type: urged}")' >"$TMP/par1.yaml"
{ cat "$TMP/par1.yaml"; echo "  - {from: a, to: b, type: urged, note: last}"; } >"$TMP/par2.yaml"
RUN_TIMEOUT=30 run "$CG" -o tsv diff "$TMP/par1.yaml" "$TMP/par2.yaml"
check_eq "diff: 50,000 parallel edges of one identity, one more: the 50001st added" "change	what	id	field	old	new
added	edge	a -urged-> b#50001			{\"from\":\"a\",\"to\":\"b\",\"type\":\"urged\",\"date\":null,\"source\":[],\"note\":\"last\"}" "$OUT"

# ---- exit statuses and bad input ----
run "$CG" diff "$TMP/old.yaml" "$TMP/missing.yaml"
check_rc "diff: a missing file: exit 3" 3 "$RC"
check_contains "diff: a missing file: its error" "$TMP/missing.yaml: error: cannot open" "$ERR"
mk bad 'nodes:
  - {id: a, kind: senater}'
run "$CG" diff "$TMP/bad.yaml" "$TMP/old.yaml"
check_rc "diff: OLD fails to load: exit 3" 3 "$RC"
check_contains "diff: OLD's errors located FILE:LINE:COL, with a suggestion" \
    "$TMP/bad.yaml:2:19: error: unknown kind 'senater'; did you mean 'senator'?" "$ERR"
check_eq "diff: nothing on standard output when a graph fails" "" "$OUT"
run "$CG" diff "$TMP/bad.yaml" tests/bad/unknown_node.yaml
check_rc "diff: both fail: exit 3" 3 "$RC"
check_contains "diff: both fail: NEW's errors too" "tests/bad/unknown_node.yaml:" "$ERR"
run "$CG" diff - -
check_rc "diff: both standard input: usage error, exit 2" 2 "$RC"
check_contains "diff: both standard input: says so" "cannot both be standard input" "$ERR"
run "$CG" diff "$TMP/old.yaml"
check_rc "diff: one graph: exit 2" 2 "$RC"
run "$CG" diff "$TMP/old.yaml" "$TMP/old.yaml" "$TMP/old.yaml"
check_rc "diff: three graphs: exit 2" 2 "$RC"
run "$CG" diff
check_rc "diff: no graph: exit 2" 2 "$RC"
check_contains "diff: no graph: the usage" "casegraph diff OLD NEW" "$ERR"
run "$CG" -e stats diff "$TMP/old.yaml" "$TMP/new.yaml"
check_rc "diff: with -e: exit 2" 2 "$RC"
run "$CG" --check diff "$TMP/old.yaml" "$TMP/new.yaml"
check_rc "diff: with --check: exit 2" 2 "$RC"
run "$CG" -o xml diff "$TMP/old.yaml" "$TMP/new.yaml"
check_rc "diff: an unknown format: exit 2" 2 "$RC"
if [ -w /dev/full ]; then
    timeout 30 "$CG" diff "$TMP/old.yaml" "$TMP/new.yaml" >/dev/full 2>"$TMP/err"; RC=$?
    check_rc "diff: output that cannot be written: exit 2" 2 "$RC"
else
    skip "diff: output that cannot be written" "no /dev/full"
fi

# ---- help, man page ----
run "$CG" --help
check_contains "diff: --help has its usage line" "casegraph [-o FORMAT] diff OLD NEW" "$OUT"
run "$CG" -q -e "help diff" "$TMP/old.yaml"
check_contains "diff: help diff in the REPL" "diff OLD NEW" "$OUT"
check_contains "diff: the man page" "diff OLD NEW" "$(cat casegraph.1)"

# ---- git: the README's recipes, in a scratch repository ----
if command -v git >/dev/null; then
    R=$TMP/repo
    mkdir -p "$R/graphs"
    cp "$TMP/old.yaml" "$R/graphs/case.yaml"
    (cd "$R" && git init -q . && git config user.email t@example.org && git config user.name t &&
        git add . && git commit -qm one) >/dev/null 2>&1
    cp "$TMP/new.yaml" "$R/graphs/case.yaml"
    want=$("$CG" -o tsv diff "$TMP/old.yaml" "$TMP/new.yaml" 2>/dev/null)
    got=$(cd "$R" && git show HEAD:graphs/case.yaml | "$CG" -o tsv diff - graphs/case.yaml 2>/dev/null)
    check_eq "diff: git show REV:FILE | casegraph diff - FILE" "$want" "$got"
    got=$(cd "$R" && git difftool -y -x "$CG -o tsv diff" HEAD -- graphs/case.yaml 2>/dev/null)
    check_eq "diff: git difftool -x 'casegraph diff'" "$want" "$got"
    got=$(cd "$R" && git -c difftool.casegraph.cmd="$CG -o tsv diff \"\$LOCAL\" \"\$REMOTE\"" difftool -y -t casegraph HEAD 2>/dev/null)
    check_eq "diff: git difftool -t casegraph ([difftool \"casegraph\"] cmd)" "$want" "$got"
    # the diff driver: .gitattributes + diff.casegraph.command (git passes 7
    # arguments: the old file is the 2nd, the new the 5th; exit 1 is not an error)
    echo '*.yaml diff=casegraph' >"$R/.gitattributes"
    (cd "$R" && git config diff.casegraph.command "f() { $CG -o tsv diff \"\$2\" \"\$5\"; [ \$? -le 1 ]; }; f")
    got=$(cd "$R" && git diff 2>/dev/null); RC=$?
    check_eq "diff: a git diff driver (.gitattributes, diff.casegraph.command): git diff prints the rows" "$want" "$got"
    check_rc "diff: ... and git diff succeeds" 0 "$RC"
    (cd "$R" && git add graphs/case.yaml && git commit -qm two && cp "$TMP/one.yaml" graphs/new.yaml &&
        git add graphs/new.yaml && git commit -qm three) >/dev/null 2>&1
    got=$(cd "$R" && git log -p --ext-diff -1 2>&1)
    check_contains "diff: the driver in git log -p --ext-diff: a new file diffs from /dev/null" "added	edge	a -owns-> b" "$got"
    # textconv converts each version to its rows against /dev/null; git
    # diffs those lines
    (cd "$R" && git config --unset diff.casegraph.command &&
        git config diff.casegraph.textconv "f() { $CG -q -o tsv diff /dev/null \"\$1\"; [ \$? -le 1 ]; }; f")
    got=$(cd "$R" && git show HEAD~1 -- graphs/case.yaml 2>&1)
    check_contains "diff: textconv: git show lists a changed entity as -/+ lines" \
        '+added	node	b			{"id":"b","kind":"person","name":"Bee","aliases":[]}' "$got"
else
    skip "diff: git recipes" "git is not installed"
fi
