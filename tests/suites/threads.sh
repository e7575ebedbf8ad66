#!/usr/bin/env bash
# Parallel parsing (src/yaml_split.c): a file cut into parts, each parsed
# by its own libyaml parser, must load exactly as one parser loads it.
# Every file of the corpus (tests/bad, tests/good, tests/graphs, graphs,
# tests/export, tests/split) and truncated and byte-flipped copies run at
# CASEGRAPH_THREADS=1, 2 and 4 (CASEGRAPH_SPLIT_MIN=0: small files are cut
# too), and the check output, the diagnostics, the exit status and an
# export of the graph must be the same bytes.  Also: which files the scan
# cuts and which it leaves whole (the fall-back rules), the fall-back to one
# parser after a part fails, CASEGRAPH_THREADS validation, a big file at
# the default size threshold.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

# load3 FILE TAG: runs the check and an export at 1, 2 and 4 threads into
# $TMP/TAG.{1,2,4,4s}; prints the runs whose results differ from 1's
load3() {
    local f=$1 tag=$2 t n first diff=""
    # 4s: four threads with all but the first cut left to the scan's own
    # thread (CASEGRAPH_SPLIT_FIRST=0), as a file past its first megabyte;
    # under the sanitizers (tests/asan.sh) 4 threads only that way
    local runs="1 2 4 4s"
    [ "${CG_TEST_SAN:-0}" = 1 ] && runs="1 2 4s"
    for t in $runs; do
        n=${t%s}; first=""; [ "$t" = 4s ] && first=0
        rm -f "$TMP/$tag.json"
        CASEGRAPH_SPLIT_FIRST=$first CASEGRAPH_SPLIT_MIN=0 CASEGRAPH_THREADS=$n timeout 60 "$CG" -q -e "export $TMP/$tag.json force" "$f" \
            >"$TMP/$tag.$t" 2>&1
        echo "exit $?" >>"$TMP/$tag.$t"
        [ -f "$TMP/$tag.json" ] && cat "$TMP/$tag.json" >>"$TMP/$tag.$t"
        CASEGRAPH_SPLIT_FIRST=$first CASEGRAPH_SPLIT_MIN=0 CASEGRAPH_THREADS=$n timeout 60 "$CG" --check "$f" >>"$TMP/$tag.$t" 2>&1
        echo "exit $?" >>"$TMP/$tag.$t"
    done
    for t in ${runs#1 }; do cmp -s "$TMP/$tag.1" "$TMP/$tag.$t" || diff="$diff $t"; done
    echo "$diff"
}

# --- the corpus as it is
corpus=(tests/bad/*.yaml tests/bad/rule_two_files tests/good/*.yaml tests/good/multi tests/graphs/*.yaml
        graphs/*.yaml tests/export/*.yaml tests/split/*.yaml)
differ=""
for f in "${corpus[@]}"; do
    d=$(load3 "$f" c)
    [ -n "$d" ] && differ="$differ $(basename "$f")(threads$d)"
done
[ -z "$differ" ] && ok "${#corpus[@]} corpus files: the same output, errors, exit and export at 1, 2 and 4 threads (and 4 with the scan on its own thread)" \
    || notok "threads change the result" "$differ"

# --- truncated and byte-flipped copies of files the scan cuts
mkdir -p "$TMP/mut"
NMUT=20; [ "${CG_TEST_SAN:-0}" = 1 ] && NMUT=8   # tests/asan.sh: fewer copies
for f in graphs/backpage.yaml tests/split/cuts_through_scalars.yaml tests/split/anchors_across_parts.yaml \
         tests/split/long_lines.yaml tests/export/hostile.yaml tests/graphs/lint.yaml; do
    /usr/bin/python3 tests/split/mutate.py "$f" "$TMP/mut" "$NMUT"
done
differ=""; n=0
for f in "$TMP"/mut/*.yaml; do
    n=$((n + 1))
    d=$(load3 "$f" m)
    [ -n "$d" ] && differ="$differ $(basename "$f")(threads$d)"
done
[ -z "$differ" ] && ok "$n truncated and byte-flipped copies: identical at 1, 2 and 4 threads" \
    || notok "threads change the result of a damaged file" "$differ"

# --- which path a file takes (CASEGRAPH_SPLIT_TRACE=1 says)
trace() { CASEGRAPH_SPLIT_TRACE=1 CASEGRAPH_SPLIT_MIN=0 CASEGRAPH_THREADS=${2:-4} "$CG" --check "$1" 2>&1 | grep '^split:' | head -1; }
for f in graphs/backpage.yaml tests/split/cuts_through_scalars.yaml tests/split/anchors_across_parts.yaml \
         tests/split/doc_start_and_quotes.yaml tests/split/deep_indent_tags_merge.yaml; do
    t=$(trace "$f")
    case "$t" in "split: "*" parts, 4 parsers") ok "cut into parts: $(basename "$f")" ;;
                 *) notok "cut into parts: $(basename "$f")" "trace: $t" ;; esac
done
# the scan takes 16 bytes at a time over a line of plain scalars only: the
# quotes, flows and block scalars that open late in long lines must still
# be followed, so that no part is cut inside one (and none falls back)
for n in 2 4; do
    t=$(CASEGRAPH_SPLIT_TRACE=1 CASEGRAPH_SPLIT_MIN=0 CASEGRAPH_THREADS=$n "$CG" --check tests/split/long_lines.yaml 2>&1)
    if printf '%s\n' "$t" | grep -q '^split: [0-9]* parts' && ! printf '%s\n' "$t" | grep -q 'did not parse alone'; then
        ok "long_lines.yaml at $n threads: cut into parts, none cut inside a scalar or a flow"
    else
        notok "long_lines.yaml at $n threads: cut into parts, none cut inside a scalar or a flow" "$t"
    fi
done
for f in tests/split/fallback_*.yaml tests/split/second_document.yaml tests/split/resync_syntax_error.yaml \
         tests/good/crlf.yaml tests/good/bom16.yaml tests/bad/bad_utf8.yaml tests/bad/tabs.yaml; do
    t=$(trace "$f")
    case "$t" in "split: not cut"*) ok "left whole (one parser): $(basename "$f")" ;;
                 *) notok "left whole (one parser): $(basename "$f")" "trace: $t" ;; esac
done
t=$(CASEGRAPH_SPLIT_TRACE=1 CASEGRAPH_SPLIT_MIN=0 CASEGRAPH_THREADS=4 "$CG" --check tests/split/resync_bad_indent.yaml 2>&1)
if printf '%s\n' "$t" | grep -q '^split: part [0-9]* did not parse alone; one parser from event [0-9]*' &&
   printf '%s\n' "$t" | grep -q 'resync_bad_indent.yaml:19:4: error: did not find expected'; then
    ok "a part that fails: one parser takes over and reports the error at its place"
else
    notok "fall-back after a failing part" "$t"
fi
t=$(CASEGRAPH_SPLIT_TRACE=1 CASEGRAPH_THREADS=1 CASEGRAPH_SPLIT_MIN=0 "$CG" --check graphs/backpage.yaml 2>&1 | grep -c '^split:')
check_eq "CASEGRAPH_THREADS=1: one parser, no split" "0" "$t"
t=$(CASEGRAPH_SPLIT_TRACE=1 CASEGRAPH_THREADS=4 "$CG" --check graphs/backpage.yaml 2>&1 | grep -c '^split:')
check_eq "a small file keeps the one-parser path (below CASEGRAPH_SPLIT_MIN's default)" "0" "$t"
t=$(CASEGRAPH_SPLIT_TRACE=1 CASEGRAPH_PARSE_THREAD=0 CASEGRAPH_THREADS=4 CASEGRAPH_SPLIT_MIN=0 "$CG" --check graphs/backpage.yaml 2>&1 | grep -c '^split:')
check_eq "CASEGRAPH_PARSE_THREAD=0: no thread at all" "0" "$t"

# --- CASEGRAPH_THREADS validation: a warning, the default, the same graph
for v in 0 -1 abc 65 2x ""; do
    run env CASEGRAPH_THREADS="$v" "$CG" --check graphs/backpage.yaml
    if [ "$RC" = 0 ] && printf '%s\n' "$OUT$ERR" | grep -q "warning: CASEGRAPH_THREADS='$v' is not a whole number from 1 to 64; using [0-9]* (the cores available)"; then
        ok "CASEGRAPH_THREADS='$v': a warning and the default"
    else
        notok "CASEGRAPH_THREADS='$v'" "rc=$RC" "$OUT" "$ERR"
    fi
done

# --- a big file at the default threshold (4 MiB): cut, and the same graph
sh tests/cli/gen-big.sh 20000 100000 >"$TMP/big.yaml"
t=$(CASEGRAPH_SPLIT_TRACE=1 CASEGRAPH_THREADS=2 "$CG" --check "$TMP/big.yaml" 2>&1 | grep '^split:')
case "$t" in "split: "*" parts, 2 parsers") ok "a 6 MB file is cut at the default threshold" ;;
             *) notok "a 6 MB file is cut at the default threshold" "trace: $t" ;; esac
same=1
for t in 1 2 4; do
    CASEGRAPH_THREADS=$t "$CG" -q -e "export $TMP/big$t.json force" "$TMP/big.yaml" >/dev/null 2>&1 || same=0
done
cmp -s "$TMP/big1.json" "$TMP/big2.json" && cmp -s "$TMP/big1.json" "$TMP/big4.json" || same=0
[ "$same" = 1 ] && ok "100,000 edges: the same export at 1, 2 and 4 threads" || notok "big file export differs by threads"
# cut short deep inside, and a syntax error planted in the middle (a part
# fails, one parser takes over): located, and the same
head -c 3000000 "$TMP/big.yaml" >"$TMP/bigcut.yaml"
awk 'NR == 60000 { print "   bad: indent" } { print }' "$TMP/big.yaml" >"$TMP/bigbad.yaml"
for f in bigcut bigbad; do
    for t in 1 2 4; do CASEGRAPH_THREADS=$t "$CG" --check "$TMP/$f.yaml" >"$TMP/$f.$t" 2>&1; echo "exit $?" >>"$TMP/$f.$t"; done
    if cmp -s "$TMP/$f.1" "$TMP/$f.2" && cmp -s "$TMP/$f.1" "$TMP/$f.4" && grep -q "$f.yaml:[0-9]*:[0-9]*: error" "$TMP/$f.1"; then
        ok "big file ($f): the same located error at 1, 2 and 4 threads"
    else
        notok "big file ($f) differs by threads" "$(diff "$TMP/$f.1" "$TMP/$f.2" | head -5)"
    fi
done
# the scan runs on its own thread past the file's first megabyte, while
# the parts before it parse: a late line it cannot cut through (a tab in
# the indentation, an explicit key) or a late byte the parts refuse (a
# carriage return, which the scan does not count as a line break) ends
# the split there, and one parser reads on from that part: the same graph
# or the same located error at 1, 2 and 4 threads
n=$(wc -l <"$TMP/big.yaml")
awk -v n="$n" '!done && NR >= int(n * 3 / 4) && /^  - / { sub(/^  /, " \t"); done = 1 } { print }' "$TMP/big.yaml" >"$TMP/latetab.yaml"
awk -v n="$n" 'NR == int(n * 3 / 4) { print "  - ? from" } { print }' "$TMP/big.yaml" >"$TMP/latekey.yaml"
awk -v n="$n" 'NR > int(n * 3 / 4) { printf "%s\r\n", $0; next } { print }' "$TMP/big.yaml" >"$TMP/latecr.yaml"
awk -v n="$n" 'NR == int(n * 3 / 4) { print "    note: \"a quoted value\n  - from: n1\n    to: n2\"" } { print }' \
    "$TMP/big.yaml" >"$TMP/latequote.yaml"
late="latetab latekey latecr latequote"
[ "${CG_TEST_SAN:-0}" = 1 ] && late="latetab latecr"   # tests/asan.sh: a scan give-up and a late byte
for f in $late; do
    for t in 1 2 4; do
        CASEGRAPH_THREADS=$t "$CG" -q -e "export $TMP/$f.$t.json force" "$TMP/$f.yaml" >"$TMP/$f.$t" 2>&1
        echo "exit $?" >>"$TMP/$f.$t"
    done
    tr=$(CASEGRAPH_SPLIT_TRACE=1 CASEGRAPH_THREADS=2 "$CG" --check "$TMP/$f.yaml" 2>&1 | grep '^split:' | tr '\n' ' ')
    same=1
    cmp -s "$TMP/$f.1" "$TMP/$f.2" && cmp -s "$TMP/$f.1" "$TMP/$f.4" || same=0
    if [ -s "$TMP/$f.1.json" ]; then
        cmp -s "$TMP/$f.1.json" "$TMP/$f.2.json" && cmp -s "$TMP/$f.1.json" "$TMP/$f.4.json" || same=0
    fi
    case "$tr" in *"did not parse alone"*) ;; *) same=0 ;; esac
    [ "$same" = 1 ] && ok "a late line the scan or a part cannot take ($f): one parser from there, the same result at 1, 2 and 4 threads" \
        || notok "late fallback ($f) differs by threads" "trace: $tr" "$(diff "$TMP/$f.1" "$TMP/$f.2" | head -5)"
done
