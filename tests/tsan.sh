#!/usr/bin/env bash
# tests/tsan.sh - build ./casegraph-tsan (ThreadSanitizer, `make tsan`) and
# run what uses threads: a file of a megabyte or more is parsed on a second
# thread; cg_graph_finish and the merged graph for centralities split their
# work over two threads on big graphs.  Any report makes the program exit
# with status 66, so the check fails.  Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
make -s casegraph-tsan || exit 2
CG=$PWD/casegraph-tsan
export TSAN_OPTIONS=halt_on_error=1:exitcode=66
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
notok() { echo "not ok - $1"; shift; for l in "$@"; do printf '    %s\n' "$l"; done; fail=$((fail + 1)); }

sh tests/cli/gen-big.sh 20000 100000 >"$T/big.yaml"
"$CG" -q -o tsv -e stats -e 'centrality pagerank top 3' -e 'components top 1' -e 'centrality closeness cutoff 1 top 1' \
    "$T/big.yaml" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] && ok "100,000 edges: threaded load, finish and merged graph, no race" \
    || notok "100,000 edges under ThreadSanitizer" "rc=$rc" "$(head -20 "$T/err")"

bad=""
for f in tests/bad/*.yaml tests/bad/rule_two_files; do
    CASEGRAPH_PARSE_THREAD=1 "$CG" --check "$f" >/dev/null 2>"$T/err"
    rc=$?
    [ "$rc" = 3 ] || bad="$bad $(basename "$f"):rc=$rc"
done
[ -z "$bad" ] && ok "the bad-file corpus through the parse thread: errors, no race" \
    || notok "bad files under ThreadSanitizer" "$bad" "$(head -20 "$T/err")"

# a syntax error deep in a big file: the parser thread stops mid-stream
head -c 1500000 "$T/big.yaml" >"$T/cut.yaml"
printf '\n  - {from: [\n' >>"$T/cut.yaml"
"$CG" --check "$T/cut.yaml" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 3 ] && grep -q 'cut.yaml:[0-9]*:[0-9]*: error' "$T/err" && ok "a big file cut short: a located error, no race" \
    || notok "a big file cut short" "rc=$rc" "$(head -20 "$T/err")"

# Ctrl-C (SIGINT) during a threaded load: the loader polls its cancel
# callback, stops and joins the parse thread and frees everything
printf 'casegraph: 1\nsources:\n  - {id: t1}\nnodes:\n  - {id: a, kind: person}\nedges: []\n' >"$T/small.yaml"
/usr/bin/python3 - "$CG" "$T" >"$T/out" 2>&1 <<'EOF'
import signal, subprocess, sys, time
cg, t = sys.argv[1], sys.argv[2]
p = subprocess.Popen([cg, "-q", "-e", "load " + t + "/big.yaml", "-e", "stats", t + "/small.yaml"],
                     stderr=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
time.sleep(0.5)
p.send_signal(signal.SIGINT)
err = p.communicate(timeout=120)[1].decode()
print(p.returncode, err)
EOF
grep -q '^130 .*interrupted' "$T/out" && ok "Ctrl-C during a threaded load: cancelled, no race" \
    || notok "Ctrl-C during a threaded load under ThreadSanitizer" "$(head -20 "$T/out")"

# the file cut into parts parsed at once (yaml_split.c): 2 and 4 workers,
# a clean file, the corpus with small parts, a part that fails (one parser
# takes over while the workers stop)
for t in 2 4; do
    CASEGRAPH_THREADS=$t "$CG" --check "$T/big.yaml" >/dev/null 2>"$T/err"
    rc=$?
    [ "$rc" = 0 ] && ok "split parse at $t threads: no race" || notok "split parse at $t threads" "rc=$rc" "$(head -20 "$T/err")"
done
bad=""
for f in tests/bad/*.yaml tests/graphs/*.yaml graphs/*.yaml tests/split/*.yaml; do
    CASEGRAPH_SPLIT_MIN=0 CASEGRAPH_THREADS=4 "$CG" --check "$f" >/dev/null 2>"$T/err"
    rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 3 ] || bad="$bad $(basename "$f"):rc=$rc"
done
[ -z "$bad" ] && ok "the corpus cut into small parts at 4 threads: no race" || notok "split corpus under ThreadSanitizer" "$bad" "$(head -20 "$T/err")"
awk 'NR == 60000 { print "   bad: indent" } { print }' "$T/big.yaml" >"$T/bigbad.yaml"
CASEGRAPH_THREADS=4 "$CG" --check "$T/bigbad.yaml" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 3 ] && grep -q 'bigbad.yaml:60000:4: error' "$T/err" && ok "a failing part: one parser takes over, workers stopped, no race" \
    || notok "a failing part under ThreadSanitizer" "rc=$rc" "$(head -20 "$T/err")"

# the scan's own thread gives up late (a tab in an entry's indentation
# three quarters in): the last part is read by one parser, no race
n=$(wc -l <"$T/big.yaml")
awk -v n="$n" '!done && NR >= int(n * 3 / 4) && /^  - / { sub(/^  /, " \t"); done = 1 } { print }' "$T/big.yaml" >"$T/latetab.yaml"
CASEGRAPH_THREADS=2 "$CG" --check "$T/latetab.yaml" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 3 ] && grep -q 'latetab.yaml:[0-9]*:[0-9]*: error' "$T/err" && ok "the scan gives up late: one parser from that part, no race" \
    || notok "a late give-up of the scan under ThreadSanitizer" "rc=$rc" "$(head -20 "$T/err")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
