#!/usr/bin/env bash
# tests/suites/find.sh - find (SPEC 10) beyond the hand-worked blocks of
# tests/queries/find.test: against an independent Python reference
# (tests/find/ref.py) on generated graphs, hostile and very long text, the
# session's index after `load`, the subgraph of `> FILE`, and the fold
# table being the one src/fold_table.py makes.
. "$(dirname "$0")/../lib.sh"
cd "$TMP" || exit 2
REF=$ROOT/tests/find/ref.py

# ---- differential: 5 graphs x 120 queries (plain and regex) ----
total=0 bad=0
for seed in 1 2 3 4 5; do
    $PY "$REF" gen "$seed" g$seed.yaml q$seed.cgq || { notok "find: ref.py gen $seed failed"; continue; }
    $PY "$REF" run g$seed.yaml q$seed.cgq >ref$seed.out 2>ref$seed.err || { notok "find: ref.py run $seed failed" "$(head -3 ref$seed.err)"; continue; }
    timeout 60 "$CG" -q -o tsv -f q$seed.cgq g$seed.yaml >cg$seed.out 2>cg$seed.err
    rc=$?
    n=$(wc -l <q$seed.cgq)
    total=$((total + n))
    rows=$(grep -vc '^what	id	field	text$' cg$seed.out)
    if [ "$rc" != 0 ]; then
        bad=$((bad + 1)); notok "find: differential seed $seed: casegraph exited $rc" "$(head -3 cg$seed.err)"
    elif ! cmp -s ref$seed.out cg$seed.out; then
        bad=$((bad + 1)); notok "find: differential seed $seed ($n queries) differs from the reference" \
            "$(diff ref$seed.out cg$seed.out | head -20)"
    elif [ "$rows" -lt 200 ]; then
        bad=$((bad + 1)); notok "find: differential seed $seed found only $rows rows: the check is too weak"
    fi
done
[ "$bad" = 0 ] && ok "find: $total queries on 5 generated graphs agree with tests/find/ref.py"

# ---- the fold table is the generator's ----
if $PY "$ROOT/src/fold_table.py" >table.h 2>table.err && cmp -s table.h "$ROOT/src/fold_table.h"; then
    ok "find: src/fold_table.h is what src/fold_table.py writes"
else
    notok "find: src/fold_table.h is what src/fold_table.py writes" "$(diff table.h "$ROOT/src/fold_table.h" | head -5; cat table.err)"
fi

# ---- hostile text ----
G=$ROOT/tests/graphs/hostile.yaml
run "$CG" -q -o tsv -e $'find "\e[31m"' "$G"
check_eq "find: an escape sequence in TEXT (raw ESC) finds the name holding it" \
    "$(printf 'what\tid\tfield\ttext\nnode\th3\tname\tEsc\033[31mred\033[0m \xc3\xa9\xe4\xb8\xad')" "$OUT"
run "$CG" -q -o tsv -e $'find "\there"' "$G"
check_eq "find: a raw tab in TEXT; tsv writes it \\t" "$(printf 'what\tid\tfield\ttext\nnode\th1\tname\tTab\\there, comma, "quote"')" "$OUT"
run "$CG" -q -o tsv -e $'find "w\nline"' "$G"
check_rc "find: a raw newline inside quotes is refused by the lexer, not searched" 1 "$RC"
run "$CG" -q -o tsv -e 'find "\\ back"' "$G"
check_eq "find: a backslash is plain text" "$(printf 'what\tid\tfield\ttext\nnode\th2\tname\tNew\\nline \\\\ back\\\\slash')" "$OUT"
run "$CG" -q -o tsv -e 'find "ÉSC"' -e 'find "中"' "$G"
check_eq "find: accents and CJK beside control characters" \
    "$(printf 'what\tid\tfield\ttext\nnode\th3\tname\tEsc\033[31mred\033[0m \xc3\xa9\xe4\xb8\xad\nwhat\tid\tfield\ttext\nnode\th3\tname\tEsc\033[31mred\033[0m \xc3\xa9\xe4\xb8\xad')" "$OUT"
run "$CG" -q -o tsv -e $'find "\x01"' "$ROOT/tests/graphs/find.yaml"
check_eq "find: a control character U+0001 in TEXT finds the value holding it" \
    "$(printf 'what\tid\tfield\ttext\nnode\tdual\tname\tTab\\there \001 ctrl')" "$OUT"
run "$CG" -q -e $'find "\e]0;pwned\a" regex' "$G"
check_rc "find: control characters in a regex are literal characters" 0 "$RC"
run "$CG" -q -e 'find "a{99999}" regex' "$G"
check_rc "find: a repetition count over the limit is an error" 1 "$RC"
check_contains "find: which quotes regerror" "error: invalid regular expression 'a{99999}': " "$ERR"
run "$CG" -q -e 'find "[[:nosuch:]]" regex' "$G"
check_contains "find: an unknown character class is a clear error" "error: invalid regular expression '[[:nosuch:]]': Invalid character class name" "$ERR"
run "$CG" -q -o tsv -e 'find "[[:upper:]]x" regex' "$ROOT/tests/graphs/find.yaml"
check_rc "find: character classes work (case ignored: [[:upper:]] matches folded text)" 0 "$RC"

# ---- very long text ----
long=$(head -c 60000 /dev/zero | tr '\0' 'q')
run "$CG" -q -o tsv -e "find \"$long\"" "$G"
check_eq "find: a 60,000-character TEXT finds nothing, quickly" "$(printf 'what\tid\tfield\ttext')" "$OUT"
run "$CG" -q -o tsv -e "find \"$long\" regex" "$G"
check_rc "find: a 60,000-character regex" 0 "$RC"
$PY - >long.yaml <<'PY'
big = "x" * 1000000 + " needle Ünïcode"
print("casegraph: 1\nnodes:\n  - {id: a, kind: person, name: \"%s\"}\n  - {id: b, kind: person, name: bb}" % big)
print("edges:\n  - {from: a, to: b, type: urged, note: \"%s\"}" % ("y" * 100000 + " needle"))
PY
run "$CG" -q -o tsv -e 'find "NEEDLE UNI"' -e 'find "needle$" regex' -e 'find "(x|y)*z" regex' long.yaml
check_eq "find: a hit at the end of a 1 MB value (the longest a value may be) (plain and regex), none for a regex that must scan it" \
    "what id field text
node a name 1000017
what id field text
edge a -urged-> b note 100007
what id field text" "$(printf '%s\n' "$OUT" | LC_ALL=C awk -F'\t' 'NF == 4 && $1 != "what" { print $1, $2, $3, length($4); next } { gsub(/\t/, " "); print }')"

# ---- the session: the index goes with the graph on load ----
cp "$ROOT/tests/graphs/find.yaml" f.yaml
printf 'casegraph: 1\nnodes:\n  - {id: late, kind: person, name: Hawley Late}\n' >more.yaml
run "$CG" -q -o tsv -e 'find "hawley l"' -e 'load more.yaml' -e 'find "hawley l"' f.yaml
check_eq "find: after load, the new graph's values are searched" \
    "$(printf 'what\tid\tfield\ttext\nwhat\tid\tfield\ttext\nnode\tlate\tname\tHawley Late')" "$OUT"

# ---- > FILE: the nodes and edges found ----
run "$CG" -q -e 'find "trafficking unit" > found.json' f.yaml
got=$($PY -c 'import json; d=json.load(open("found.json")); print(sorted(n["id"] for n in d["nodes"]), sorted((e["from"], e["type"], e["to"]) for e in d["edges"]))' 2>&1)
check_eq "find: > FILE writes the nodes found and the edges found with their ends" \
    "['site', 'unit', 'z_unit'] [('unit', 'raided', 'site')]" "$got"

# ---- node references by prefix: the note, with and without -q ----
run "$CG" -q -e 'neighbors "Sex Traff"' f.yaml
check_contains "prefix: the note is on stderr even with -q (it says how the query was read)" \
    "note: 'Sex Traff' resolved to unit (Sex Trafficking Unit)" "$ERR"
run "$CG" -q -o tsv -e 'neighbors "Sex Traff"' f.yaml
check_eq "prefix: and standard output holds only the result" \
    "$(printf 'id\tkind\tname\tdistance\nhawkins\tperson\tDana Hawkins\t1\nsite\tcompany\tBack.page (a*b)\t1')" "$OUT"
