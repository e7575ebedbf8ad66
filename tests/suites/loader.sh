#!/usr/bin/env bash
# The graph file loader: unit tests, the bad-file corpus, hostile generated
# input, good files in every encoding and layout, the bundled graphs.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

# --- unit tests (C) against the library objects
objs=$(ls build/*.o | grep -v '/main\.o$')
if cc -std=c11 -D_POSIX_C_SOURCE=200809L -g $(pkg-config --cflags igraph yaml-0.1) \
      tests/unit/test_loader.c $objs -o "$TMP/test_loader" $(pkg-config --libs igraph yaml-0.1 readline) -lm 2>"$TMP/cc.err"; then
    check_program "unit test program tests/unit/test_loader.c" "$TMP/test_loader"
else
    notok "unit test program builds" "$(cat "$TMP/cc.err")"
fi

# --- the merged graph the centralities run on, built by hand into igraph's
# arrays (centrality.c), is exactly the one igraph makes from the same edges
# (igraph_create, to_undirected collapse, simplify), directed and not:
# internal arrays and answers
if cc -std=c11 -D_POSIX_C_SOURCE=200809L -g -Isrc $(pkg-config --cflags igraph yaml-0.1) \
      tests/bench/igraph_same.c $objs -o "$TMP/igraph_same" $(pkg-config --libs igraph yaml-0.1 readline) -lm -lpthread 2>"$TMP/cc2.err"; then
    sh tests/cli/gen-big.sh 2000 20000 > "$TMP/multi.yaml"   # parallel edges and self-loops included
    for f in graphs/backpage.yaml tests/graphs/*.yaml tests/good/anchors.yaml "$TMP/multi.yaml"; do
        run "$TMP/igraph_same" "$f"
        [ "$RC" = 0 ] && ok "merged graph of $(basename "$f") equals igraph's" \
            || notok "merged graph of $(basename "$f") equals igraph's" "$OUT" "$ERR"
    done
else
    notok "igraph_same builds" "$(cat "$TMP/cc2.err")"
fi

# --- on a graph big enough for the threaded merged-graph build and the
# reserved query heap (100,000 edges: centrality.c, util.c), the merged
# graph is igraph's, and `centrality pagerank` gives igraph's own answer,
# every vertex to 6 digits
if cc -std=c11 -O2 -o "$TMP/gen" tests/bench/gen.c 2>"$TMP/cc3.err" &&
   cc -std=c11 -O2 $(pkg-config --cflags igraph) tests/bench/igraph_pagerank.c -o "$TMP/igraph_pagerank" \
      $(pkg-config --libs igraph) -lm 2>>"$TMP/cc3.err"; then
    "$TMP/gen" 20000 100000 "$TMP/big.yaml" "$TMP/big.edges"
    if [ -x "$TMP/igraph_same" ]; then
        run "$TMP/igraph_same" "$TMP/big.yaml"
        [ "$RC" = 0 ] && ok "merged graph of 100,000 edges (two threads) equals igraph's" \
            || notok "merged graph of 100,000 edges (two threads) equals igraph's" "$OUT" "$ERR"
    fi
    "$TMP/igraph_pagerank" "$TMP/big.edges" 20000 all | sort >"$TMP/pr.igraph"
    run "$CG" -q -o tsv -e 'centrality pagerank top 20000' -e 'centrality pagerank top 20000' "$TMP/big.yaml"
    printf '%s\n' "$OUT" | awk -F'\t' 'NR > 1 && $1 != "rank" { print $2 "\t" $5 }' | sort >"$TMP/pr.cg"
    if [ "$RC" = 0 ] && [ "$(wc -l <"$TMP/pr.cg")" = 40000 ] &&
       [ "$(uniq "$TMP/pr.cg" | wc -l)" = 20000 ] && [ "$(uniq "$TMP/pr.cg")" = "$(cat "$TMP/pr.igraph")" ]; then
        ok "pagerank on 100,000 edges equals igraph's, first query and cached"
    else
        notok "pagerank on 100,000 edges equals igraph's, first query and cached" "exit $RC" "$(head -3 "$TMP/err")" \
            "$(uniq "$TMP/pr.cg" | diff - "$TMP/pr.igraph" | head -5)"
    fi
else
    notok "gen and igraph_pagerank build" "$(cat "$TMP/cc3.err")"
fi

# --- the bad-file corpus: exit 3, the exact error line followed by its
# source line and caret (EXPECT's tab-indented lines), nothing on stdout
bad_check() {   # FILE CODE LINE, with the caret lines in $CARET
    local file=$1 code=$2 line=$3 rc want got
    (cd tests/bad && run "$CG" --check "$file"; printf '%s\n' "$RC" >"$TMP/rc"; cp "$TMP/err" "$TMP/err.$file")
    rc=$(cat "$TMP/rc")
    want=$(printf '%s\n%s' "$line" "$CARET")
    # the error line and as many lines after it as EXPECT gives
    got=$(grep -xF -A"$(printf '%s' "$CARET" | grep -c '')" -- "$line" "$TMP/err.$file" | head -n "$(( $(printf '%s' "$CARET" | grep -c '') + 1 ))")
    if [ "$rc" = "$code" ] && [ "$got" == "${want%$'\n'}" ] && [ ! -s "$TMP/out" ]; then
        ok "bad file $file"
    else
        notok "bad file $file" "expected exit $code and the lines:" "$want" "got exit $rc:" "$(head -8 "$TMP/err.$file")"
    fi
}
efile=""
while IFS= read -r l || [ -n "$l" ]; do
    case "$l" in
        $'\t'*) CARET="${CARET:+$CARET$'\n'}${l#$'\t'}"; continue ;;
    esac
    [ -n "$efile" ] && bad_check "$efile" "$ecode" "$eline"
    efile=""; CARET=""
    case "$l" in ''|'#'*) continue ;; esac
    IFS='|' read -r efile ecode eline <<<"$l"
done < tests/bad/EXPECT
[ -n "$efile" ] && bad_check "$efile" "$ecode" "$eline"

# every file in the corpus has an expectation (the loop above runs every
# expectation, so a line without its file fails there)
unexpected=""; nbad=0
for f in tests/bad/*.yaml; do
    [ -f "$f" ] || continue
    nbad=$((nbad + 1))
    grep -q "^$(basename "$f")|" tests/bad/EXPECT || unexpected="$unexpected $(basename "$f")"
done
if [ -z "$unexpected" ] && [ "$nbad" -gt 0 ]; then ok "corpus is complete: all $nbad files of tests/bad/ have a line in EXPECT"
else notok "corpus is complete" "tests/bad/ files without a line in tests/bad/EXPECT:${unexpected:- (no files at all)}"; fi

# --- hostile generated input: fast, clean, bounded
gen() { "$PY" -c "$1" > "$TMP/$2"; }
gen "
print('x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]')
prev='a'
for i in range(2,12):
    print('x-%d: &l%d [%s]'%(i,i,','.join(['*'+prev]*9))); prev='l%d'%i
print('nodes: *%s'%prev)" bomb.yaml
gen "print('nodes: ' + '['*100000 + ']'*100000)" deep.yaml
gen "print('nodes:\n' + '  '*0 + ''.join('%s- \n' % ('  '*i) for i in range(70)))" deep_block.yaml
gen "import sys; sys.stdout.write('nodes:\n  - id: a\n    kind: person\n    name: \"' + 'x'*50_000_000 + '\"\n')" big_scalar.yaml
gen "import sys; sys.stdout.write('nodes:\n  - {id: a, kind: person, note: \"' + 'y'*1_000_000 + '\"}\n')" limit_scalar.yaml

t0=$(date +%s%N); run "$CG" --check "$TMP/bomb.yaml"; t=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$RC" = 3 ] && [ $t -lt 2000 ] && grep -q 'error: aliases expand to more than' "$TMP/err" \
    && ok "alias bomb: clean error in ${t} ms" || notok "alias bomb" "rc=$RC t=${t}ms" "$ERR"
t0=$(date +%s%N); run "$CG" --check "$TMP/deep.yaml"; t=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$RC" = 3 ] && [ $t -lt 2000 ] && grep -q ':1:71: error: nesting deeper than 64 levels' "$TMP/err" \
    && ok "100k-deep flow nesting: error at the 65th level in ${t} ms" || notok "deep nesting" "rc=$RC t=${t}ms" "$ERR"
run "$CG" --check "$TMP/deep_block.yaml"
[ "$RC" = 3 ] && grep -q 'error: nesting deeper than 64 levels' "$TMP/err" \
    && ok "deep block nesting" || notok "deep block nesting" "rc=$RC" "$ERR"
if [ -x /usr/bin/time ]; then
    run /usr/bin/time -f '%M' "$CG" --check "$TMP/big_scalar.yaml"
    kb=$(tail -1 "$TMP/err")
    [[ "$kb" =~ ^[0-9]+$ ]] && [ "$kb" -lt 400000 ] && ok "50 MB scalar: ${kb} KB peak" \
        || notok "50 MB scalar: under 400 MB peak" "peak: $kb KB"
else
    skip "50 MB scalar: under 400 MB peak" "/usr/bin/time is not installed (Debian package time; tests/deps.sh)"
    run "$CG" --check "$TMP/big_scalar.yaml"
fi
[ "$RC" = 3 ] && grep -q ':4:11: error: value of 50000000 bytes is longer than the limit of 1048576 bytes' "$TMP/err" \
    && ok "50 MB scalar: clean error" || notok "50 MB scalar: clean error" "rc=$RC" "$ERR"
run "$CG" --check "$TMP/limit_scalar.yaml"
check_eq "a 1,000,000-byte value is within the limit" "1 node, 0 edges, 0 sources" "$OUT"

# edge dates: each form, the days of each month (leap years by the
# Gregorian rule), texts shaped like dates that are not, plain and quoted,
# each many times: the loader keeps the dates it met by their digits, and a
# repeat must be taken or refused exactly as the first.  The expected
# dates and errors come from a model in Python that never calls casegraph.
"$PY" - "$TMP" <<'PY'
import random, re, sys
random.seed(11)
def valid(t):
    if re.fullmatch(r'[0-9]{4}', t): return True
    m = re.fullmatch(r'([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?', t)
    if not m: return False
    y, mo = int(m.group(1)), int(m.group(2))
    if not 1 <= mo <= 12: return False
    if m.group(3) is None: return True
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
    return 1 <= int(m.group(3)) <= days
texts = ['%04d' % y for y in (0, 1, 1999, 2000, 9999)]
texts += ['%04d-%02d' % (y, m) for y in (1900, 2000, 2024) for m in range(0, 14)]
texts += ['%04d-%02d-%02d' % (y, m, d) for y in (1900, 2000, 2023, 2024) for m in (1, 2, 4, 12)
          for d in (0, 1, 28, 29, 30, 31, 32)]
texts += ['2024-1-01', '2024-01-1', '20x4', '2024/01/01', '2024-01-01x', '12345', '2024-0a', '-2024',
          '2024--01', '202', '2024-01-', '0000-00-00', '9999-12-31']
good = [t for t in texts if valid(t)]
bad = [t for t in texts if not valid(t)]
good += ['%04d-%02d-%02d' % (random.randrange(1000, 3000), random.randrange(1, 13), random.randrange(1, 29))
         for _ in range(3000)]
def write(name, pick, n):
    lines = ['types:', '  knows: {}', 'nodes:', '  - {id: a, kind: person}', 'edges:']
    out = []
    for i in range(n):
        t = pick(i)
        lines += ['  - from: a', '    to: a', '    type: knows']
        lines.append("    date: '%s'" % t if i % 7 == 0 else '    date: %s' % t)
        out.append(t if valid(t) else '%d:11: %s' % (len(lines), t))
    open('%s/%s.yaml' % (sys.argv[1], name), 'w').write('\n'.join(lines) + '\n')
    open('%s/%s.expect' % (sys.argv[1], name), 'w').write('\n'.join(out) + '\n')
# every valid text at least twice, in a shuffled order (the table grows
# past 1024 and 4096 slots on the way)
order = good * 2 + random.choices(good, k=6000)
random.shuffle(order)
write('dates_good', lambda i: order[i], len(order))
# invalid texts, each three times, among valid ones, in two files: each
# under the 100 errors the loader reports before it stops
for half in (0, 1):
    mixed = bad[half::2] * 3 + random.choices(good, k=300)
    assert len(mixed) - 300 < 100
    random.shuffle(mixed)
    write('dates_bad%d' % half, lambda i: mixed[i], len(mixed))
PY
run "$CG" -q -e "export $TMP/dates.json" "$TMP/dates_good.yaml"
got=$("$PY" -c "import json,sys; print('\n'.join(e['date'] for e in json.load(open(sys.argv[1]))['edges']))" "$TMP/dates.json" 2>&1)
[ "$RC" = 0 ] && [ "$got" == "$(cat "$TMP/dates_good.expect")" ] \
    && ok "$(wc -l < "$TMP/dates_good.expect") edge dates, each valid one repeated: every date as written" \
    || notok "edge dates as written" "rc=$RC" "$ERR" "$(diff <(echo "$got") "$TMP/dates_good.expect" | head -5)"
for h in 0 1; do
    run "$CG" --check "$TMP/dates_bad$h.yaml"
    got=$(sed -n "s/^.*dates_bad$h\.yaml:\([0-9]*:[0-9]*\): error: '\(.*\)' is not a date: .*/\1: \2/p" "$TMP/err")
    want=$(grep ':11: ' "$TMP/dates_bad$h.expect")
    [ "$RC" = 3 ] && [ -n "$want" ] && [ "$got" == "$want" ] && [ "$(grep -c ': error: ' "$TMP/err")" = "$(echo "$want" | wc -l)" ] \
        && ok "dates_bad$h: $(echo "$want" | wc -l) dates that are not (each text three times), each reported at its place, in order, and nothing else" \
        || notok "dates_bad$h: dates that are not, each reported" "rc=$RC" "$(diff <(echo "$got") <(echo "$want") | head -5)" "$(head -3 "$TMP/err")"
done

# random bytes and truncations of a real file never crash or hang the loader
"$PY" - "$TMP" <<'PY'
import random, sys, os
random.seed(7)
src = open('graphs/backpage.yaml', 'rb').read()
d = sys.argv[1]
for i in range(40):
    cut = random.randrange(len(src))
    open(os.path.join(d, 'cut%02d.yaml' % i), 'wb').write(src[:cut])
for i in range(40):
    b = bytearray(src)
    for _ in range(20):
        b[random.randrange(len(b))] = random.randrange(256)
    open(os.path.join(d, 'flip%02d.yaml' % i), 'wb').write(bytes(b))
PY
bad=""
for f in "$TMP"/cut*.yaml "$TMP"/flip*.yaml; do
    RUN_TIMEOUT=10 run "$CG" --check "$f"
    if [ "$RC" != 0 ] && [ "$RC" != 3 ]; then bad="$bad $(basename "$f"):rc=$RC"; fi
    if [ "$RC" = 3 ] && ! grep -q "$(basename "$f"):[0-9]*:[0-9]*: error: " "$TMP/err"; then bad="$bad $(basename "$f"):no-location"; fi
done
[ -z "$bad" ] && ok "80 truncated and corrupted copies of backpage.yaml: exit 0 or 3 with located errors" || notok "corrupted inputs" "$bad"

# --- a file of a megabyte or more is parsed on a second thread (events
# packed into chunks); smaller ones in the loader's own thread.  Both ways
# must give the same summary, errors, warnings and exit code on every file
# of the corpus, the corrupted copies and the good files.
differ=""
nfiles=0
for f in tests/bad/*.yaml "$TMP"/cut*.yaml "$TMP"/flip*.yaml tests/good/*.yaml tests/good/multi graphs/backpage.yaml; do
    CASEGRAPH_PARSE_THREAD=0 "$CG" --check "$f" >"$TMP/t0.out" 2>&1; rc0=$?
    CASEGRAPH_PARSE_THREAD=1 "$CG" --check "$f" >"$TMP/t1.out" 2>&1; rc1=$?
    nfiles=$((nfiles + 1))
    if [ "$rc0" != "$rc1" ] || ! cmp -s "$TMP/t0.out" "$TMP/t1.out"; then differ="$differ $(basename "$f")"; fi
done
[ -z "$differ" ] && ok "parse thread on and off give the same output and exit on $nfiles files" \
    || notok "parse thread on and off differ" "$differ"

# --- good files
check_good() {
    run "$CG" --check "$1"
    if [ "$RC" = 0 ] && [ "$OUT" = "$2" ]; then ok "loads $1"; else notok "loads $1" "expected: $2" "got rc=$RC: $OUT $ERR"; fi
}
check_good tests/good/anchors.yaml "3 nodes, 2 edges, 2 sources"
check_good tests/good/crlf.yaml "1 node, 0 edges, 0 sources"
check_good tests/good/bom8.yaml "1 node, 0 edges, 0 sources"
check_good tests/good/bom16.yaml "2 nodes, 1 edge, 1 source"
check_good tests/good/ids.yaml "5 nodes, 1 edge, 1 source"
check_good tests/good/multi "2 nodes, 1 edge, 1 source"
run "$CG" --check tests/good/multi/b.yml tests/good/multi/a.yaml
check_eq "files load as one graph in any order" "2 nodes, 1 edge, 1 source" "$OUT"
run "$CG" --check tests/good/nosource.yaml
check_eq "an edge without a source is a warning, with its source line and caret" "tests/good/nosource.yaml:5:5: warning: edge a -sued-> b has no source
    5 |   - {from: a, to: b, type: sued}
      |     ^" "$ERR"
check_rc "a warning does not fail the load" 0 "$RC"
cp tests/good/anchors.yaml "$TMP/anchors-copy.yaml"
run "$CG" --check tests/good/anchors.yaml "$TMP/anchors-copy.yaml"
check_contains "the same node in two files names both places" "$TMP/anchors-copy.yaml:11:9: error: node 'mccaskill' is already defined at tests/good/anchors.yaml:10:5" "$ERR"
check_rc "duplicate across files exits 3" 3 "$RC"
run "$CG" --check tests/good/anchors.yaml /nonexistent/x.yaml
check_eq "a missing file" "/nonexistent/x.yaml: error: cannot open: No such file or directory" "$ERR"
check_rc "a missing file exits 3" 3 "$RC"
mkdir -p "$TMP/emptydir"
run "$CG" --check "$TMP/emptydir"
check_contains "a directory without YAML files" "error: no .yaml or .yml files in this directory" "$ERR"
run "$CG" --check tests/bad/unknown_kind.yaml tests/bad/dup_key.yaml
[ "$(grep -c ': error: ' "$TMP/err")" = 2 ] && ok "errors of several files are all reported" || notok "errors of several files" "$ERR"

# --- the bundled graphs
run "$CG" --check graphs/
check_eq "bundled graphs load" "51 nodes, 86 edges, 5 sources" "$OUT"
check_eq "bundled graphs load without warnings" "" "$ERR"
run "$CG" --check
check_eq "no GRAPH: the bundled graphs" "51 nodes, 86 edges, 5 sources" "$OUT"

# --- source lines and carets under loader errors (GNU style)
printf 'nodes:\n  - {name: 日本, id: a, kind: senater}\n' > "$TMP/wide.yaml"
run "$CG" --check "$TMP/wide.yaml"
check_eq "caret: wide characters before the column count two columns each" "$TMP/wide.yaml:2:29: error: unknown kind 'senater'; did you mean 'senator'?
    2 |   - {name: 日本, id: a, kind: senater}
      |                               ^" "$ERR"
printf 'nodes:\n  - {id: a,\tkind: senater}\n' > "$TMP/tab.yaml"
run "$CG" --check "$TMP/tab.yaml"
check_eq "caret: a tab is expanded to the next multiple of 8 in both lines" "$TMP/tab.yaml:2:19: error: unknown kind 'senater'; did you mean 'senator'?
    2 |   - {id: a,     kind: senater}
      |                       ^" "$ERR"
"$PY" -c "print('nodes:\n  - {id: a, kind: person, note: \"' + 'x' * 400 + '\", bad: [1]}')" > "$TMP/longline.yaml"
run "$CG" --check "$TMP/longline.yaml"
quoted=$(printf '%s\n' "$ERR" | sed -n 2p); caret=$(printf '%s\n' "$ERR" | sed -n 3p)
check_eq "caret: a long line is quoted around the column only (at most 160 columns when not a terminal), the caret under the list" \
    "yes yes yes" "$([ ${#quoted} -le 160 ] && echo yes) $(case "$quoted" in *'| ... x'*'", bad: [1]}') echo yes;; esac) $([ "${quoted:${#caret}-1:1}" = "[" ] && echo yes)"
run_in "$(printf 'nodes:\n  - {id: a, kind: senater}\n')" "$CG" --check -
check_eq "caret: a graph on standard input quotes its lines too" "<stdin>:2:19: error: unknown kind 'senater'; did you mean 'senator'?
    2 |   - {id: a, kind: senater}
      |                   ^" "$ERR"
printf 'nodes:\n  - {id: a, kind: person, name: "\x1b[31mred"}\n  - {id: b, kind: senater}\n' > "$TMP/esc.yaml"
run "$CG" --check "$TMP/esc.yaml"
check_contains "caret: control characters in the quoted line are escaped" '    2 |   - {id: a, kind: person, name: "\x1B[31mred"}' "$ERR"
if command -v script >/dev/null; then
    out=$(script -qc "stty cols 60; '$CG' --check '$TMP/longline.yaml'" /dev/null | tr -d '\r')
    quoted=$(printf '%s\n' "$out" | sed -n 2p); caret=$(printf '%s\n' "$out" | sed -n 3p)
    check_eq "caret: on a 60-column terminal the quoted line fits in 60 columns, caret still under the list" "yes yes" \
        "$([ ${#quoted} -le 60 ] && echo yes) $([ "${quoted:${#caret}-1:1}" = "[" ] && echo yes)"
else
    skip "caret: on a 60-column terminal the quoted line fits" "script (bsdutils) is not installed"
fi
