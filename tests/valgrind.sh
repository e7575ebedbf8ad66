#!/usr/bin/env bash
# tests/valgrind.sh - `make valgrind`: casegraph under valgrind memcheck.
#
# A representative set of invocations - every command of the query language
# on tests/graphs/small.yaml and on the bundled graphs, every output format,
# exports and redirections to every format, failing loads, scripts with
# errors, --check on the bad-file corpus and on hostile generated files, the
# REPL through a pseudo-terminal and a cancelled query (in a script and in
# the REPL) - each run under
#   valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
# An invocation passes when it exits with the status a user would expect (so
# a crash or a wrong status fails too) and valgrind reports no error and no
# definite leak.  Prints "ok - NAME" / "not ok - NAME" per invocation (with
# the valgrind report) or "skip - NAME: REASON", then "N passed, N failed,
# N skipped"; exits 1 if any failed.
#   tests/valgrind.sh [PATTERN]   only the invocations whose name contains PATTERN
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
ONLY=${1:-}
make -s casegraph || exit 2
command -v valgrind >/dev/null || { echo "valgrind is not installed (tests/deps.sh installs it)"; exit 2; }

CG=$ROOT/casegraph
W=$(mktemp -d /tmp/cg-valgrind.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/logs" "$W/work" "$W/state"
export XDG_STATE_HOME=$W/state HOME=$W
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-fds=no --num-callers=30)
S=$ROOT/tests/graphs/small.yaml
B=$ROOT/graphs
pass=0; fail=0; skip=0; n=0

# judge NAME ALLOWED_RCS RC LOG
judge() {
    local name=$1 allowed=$2 rc=$3 log=$4
    if [ "$rc" -eq 99 ] || grep -q 'ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|Invalid \(read\|write\|free\)\|uninitialised' "$log"; then
        echo "not ok - $name"; echo "    valgrind reported errors (exit $rc):"; sed 's/^/      /' "$log" | head -60
        fail=$((fail + 1))
    elif [ "$rc" -eq 124 ]; then
        echo "not ok - $name"; echo "    timed out"; fail=$((fail + 1))
    elif ! printf ' %s ' "$allowed" | grep -q " $rc "; then
        echo "not ok - $name"; echo "    exit $rc, expected one of: $allowed"
        sed 's/^/      /' "$W/err" | tail -15
        fail=$((fail + 1))
    else
        echo "ok - $name"; pass=$((pass + 1))
    fi
}

# vg NAME ALLOWED_RCS ARGS... : casegraph ARGS under valgrind, in the scratch
# directory, standard input empty
vg() {
    local name=$1 allowed=$2; shift 2
    case "$name" in *"$ONLY"*) ;; *) return ;; esac
    n=$((n + 1))
    local log=$W/logs/$n.log
    (cd "$W/work" && CASEGRAPH_DOT=${CASEGRAPH_DOT:-} timeout 600 "${VG[@]}" --log-file="$log" "$CG" "$@" \
        </dev/null >"$W/out" 2>"$W/err")
    judge "$name" "$allowed" $? "$log"
}

# vg_in NAME ALLOWED_RCS INPUT ARGS... : the same with INPUT on standard input
vg_in() {
    local name=$1 allowed=$2 input=$3; shift 3
    case "$name" in *"$ONLY"*) ;; *) return ;; esac
    n=$((n + 1))
    local log=$W/logs/$n.log
    (cd "$W/work" && printf '%s' "$input" | timeout 600 "${VG[@]}" --log-file="$log" "$CG" "$@" \
        >"$W/out" 2>"$W/err")
    judge "$name" "$allowed" $? "$log"
}

# vg_expect NAME SCRIPT : an expect script driving casegraph under valgrind
# on a pseudo-terminal; $VGCG in SCRIPT is the command to spawn.  The
# script's last line must `exit` with the program's status.
vg_expect() {
    local name=$1 script=$2
    case "$name" in *"$ONLY"*) ;; *) return ;; esac
    n=$((n + 1))
    local log=$W/logs/$n.log
    if ! command -v expect >/dev/null; then
        echo "not ok - $name"; echo "    expect is not installed (tests/deps.sh installs it)"; fail=$((fail + 1)); return
    fi
    local vgcg="${VG[*]} --log-file=$log $CG"
    (cd "$W/work" && printf '%s\n' "set VGCG {$vgcg}" "$script" | timeout 900 expect - >"$W/err" 2>&1)
    judge "$name" "0" $? "$log"
}

# --- every command on the small graph (tests/graphs/small.yaml)
vg "help"                       0 -q -e "help" -e "help path" -e "help centrality" "$S"
vg "stats"                      0 -q -e "stats" "$S"
# the threads: the parse thread (forced on for small files), and the
# finish's second thread (from 20,000 nodes and edges)
export CASEGRAPH_PARSE_THREAD=1
vg "load on the parse thread"   0 -q -e "stats" "$B"
vg "a bad file on the parse thread" 3 --check "$ROOT/tests/bad/dup_key.yaml"
unset CASEGRAPH_PARSE_THREAD
sh "$ROOT/tests/cli/gen-big.sh" 4000 20000 >"$W/mid.yaml"
vg "24,000 nodes and edges: split finish" 0 -q -e "stats" -e "centrality pagerank top 3" "$W/mid.yaml"
vg "nodes"                      0 -q -e "nodes" -e "nodes person company" -e "nodes where age=40" "$S"
vg "edges"                      0 -q -e "edges" -e "edges sued from b since 2017" -e "edges to e until 2019-01" "$S"
vg "show (id, quoted name, alias)" 0 -q -e "show a" -e 'show "Claire McCaskill"' -e 'show "AA"' "$S"
vg "neighbors"                  0 -q -e "neighbors a" -e "neighbors a depth 3 both" -e "neighbors e in via investigated,sued kind person" "$S"
vg "path"                       0 -q -e "path a d" -e "path a d directed" -e "path b e until 2017" -e "path a a" "$S"
vg "path all"                   0 -q -e "path a d all" -e "path a e all via sued,owns,employs,urged,investigated" "$S"
vg "path: no path"              0 -q -e "path a iso" -e "path d a directed" "$S"
for m in degree indegree outdegree betweenness closeness harmonic pagerank eigenvector; do
    vg "centrality $m"          0 -q -e "centrality $m" -e "centrality $m kind person directed top all" \
                                     -e "centrality $m via sued,owns since 2016 normalized top 2" "$S"
done
vg "components"                 0 -q -e "components" -e "components via sued top all" -e "components top 1" "$S"
vg "timeline"                   0 -q -e "timeline" -e "timeline a" -e "timeline via sued since 2017 until 2019" "$S"
vg "sources"                    0 -q -e "sources" "$S"
vg "set"                        0 -q -e "set" -e "set format json" -e "nodes" -e "set format table" "$S"
vg "quit / exit"                0 -q -e "stats" -e "quit" -e "stats" "$S"

# --- output formats
for f in table tsv csv json; do
    vg "-o $f"                  0 -q -o "$f" -e "nodes" -e "show a" -e "path a d all" -e "centrality pagerank" \
                                     -e "components" -e "sources" -e "stats" -e "timeline" "$S"
done

# --- failing queries: each an error, exit 1
vg "error: unknown node"        1 -q -e "show nobody" "$S"
vg "error: ambiguous reference" 1 -q -e 'show "boss"' "$S"
vg "error: unknown command"     1 -q -e "shwo a" "$S"
vg "error: missing argument"    1 -q -e "path a" "$S"
vg "error: bad clause value"    1 -q -e "neighbors a depth lots" "$S"
vg "error: unterminated quote"  1 -q -e 'show "a' "$S"
vg "error: bad date"            1 -q -e "timeline since 2017-02-30" "$S"
vg "error: unknown format"      1 -q -e "set format xml" "$S"
vg "error: query too long"      1 -q -e "nodes $(head -c 70000 /dev/zero | tr '\0' x)" "$S"
vg "keep-going through errors"  1 -q --keep-going -e "show nobody" -e "path a" -e "stats" "$S"
vg "match: errors of bind and parse" 1 -q --keep-going -e "match (n:senater) return n" -e "match (n) where n.name =~ '(' return n" \
                                     -e "match (a)-[r]->(b), (b)-[r]->(c) return a" -e "match (n) create (m)" "$S"
vg "match: sinks and a subgraph" 0 -q -e "match (a)-[r*1..3]-(b) return distinct b.id order by b.id limit 3" \
                                     -e "match (n) return n.kind, collect(n.id), count(distinct n.name)" \
                                     -e "match p = (a)-->(b) return p order by a.id skip 1 limit 2 > m.json" "$S"

# --- exports and redirections, every format
vg "export every format"        0 -q -e "export g.dot" -e "export g.gv" -e "export g.graphml" -e "export g.json" \
                                     -e "export g.yaml" -e "export g.dot force" "$S"
vg "redirections"               0 -q -e "nodes > n.csv" -e "edges > e.tsv" -e "path a d > p.json" \
                                     -e "neighbors a depth 2 > nb.yaml" -e "centrality pagerank > c.graphml" \
                                     -e "components > c.dot" -e "timeline a > t.gv" -e "show a > s.json" "$S"
if command -v dot >/dev/null; then
    vg "render a picture (svg)" 0 -q -e "path a d > p.svg" "$S"
else
    echo "skip - render a picture (svg): dot is not installed (Debian package graphviz; tests/deps.sh)"; skip=$((skip + 1))
fi
CASEGRAPH_DOT=/nonexistent/dot vg "render without Graphviz" "1 2" -q -e "path a d > p.png" "$S"
vg "error: unknown export format" 1 -q -e "export g.txt" "$S"
vg "error: unwritable output"   2 -q -e "nodes > /nonexistent/dir/n.csv" "$S"
cp "$S" "$W/work/loaded.yaml"
vg "error: overwrite a loaded file (refused: exit 2)" 2 -q -e "nodes > loaded.yaml" "$W/work/loaded.yaml"
vg "overwrite a loaded file with >!" 0 -q -e "nodes >! loaded.yaml" "$W/work/loaded.yaml"
vg "exported YAML loads back"   0 -q --check "$W/work/g.yaml"

# --- loads: at start, with `load`, failing
printf '%s\n' 'nodes: [{id: extra, kind: person}]' 'edges: [{from: extra, to: a, type: sued}]' >"$W/extra.yaml"
vg "load a second file"         0 -q -e "load $W/extra.yaml" -e "stats" -e "path extra d" "$S"
vg "load: failing file"         1 -q -e "load $ROOT/tests/bad/unknown_kind.yaml" -e "stats" "$S"
vg "load: clashing ids"         1 -q -e "load $ROOT/tests/graphs/star.yaml" -e "stats" "$S"
vg "clashing ids at start"      3 -q -e "stats" "$ROOT/tests/graphs/star.yaml" "$S"
vg "load: missing file"         1 -q -e "load /nonexistent.yaml" "$S"
vg "failing graph at start"     3 -q -e "stats" "$ROOT/tests/bad/unknown_node.yaml"
vg "missing graph at start"     3 -q -e "stats" /nonexistent.yaml

# --- scripts
vg "script"                     0 -q -f "$ROOT/tests/cli/script.cg" "$ROOT/tests/cli/tiny.yaml"
vg "script with an error (stops)" 1 -q -f "$ROOT/tests/cli/bad-continued.cg" "$ROOT/tests/cli/tiny.yaml"
vg "script with errors --keep-going" 1 -q --keep-going -f "$ROOT/tests/cli/bad-continued.cg" "$ROOT/tests/cli/tiny.yaml"
vg_in "script on standard input" 1 $'stats\nshow nobody\n' -q --keep-going "$S"
vg "missing script"             2 -q -f /nonexistent.cg "$S"
mkdir -p "$W/work/doc"   # example scripts may write pictures to doc/
for f in queries/*.cgq; do
    [ -f "$f" ] && vg "example script $(basename "$f")" 0 -q -f "$ROOT/$f"
done

# --- the bundled graphs
vg "bundled: --check"           0 --check "$B"
vg "bundled: queries"           0 -q -e "stats" -e "nodes senator" -e "show backpage" -e "neighbors backpage depth 2" \
                                     -e "centrality betweenness" -e "components" -e "timeline backpage" -e "sources" "$B"
vg "bundled: export"            0 -q -e "export b.graphml" -e "export b.yaml" -e "export b.dot" -e "export b.json" "$B"

# --- --check on bad files: each alone, then all at once (the 100-error cap)
for f in tests/bad/*.yaml; do
    vg "--check $(basename "$f")" 3 --check "$ROOT/$f"
done
vg "--check every bad file at once" 3 --check "$ROOT"/tests/bad/*.yaml
for f in tests/good/*.yaml tests/good/multi; do
    vg "--check good $(basename "$f")" 0 --check "$ROOT/$f"
done
for f in tests/fuzz/regressions/load-*; do
    [ -f "$f" ] && vg "--check fuzz regression $(basename "$f")" "0 3" --check "$ROOT/$f"
done

# hostile generated files
/usr/bin/python3 - "$W" <<'EOF'
import sys
w = sys.argv[1]
with open(w + "/bomb.yaml", "w") as f:          # billion laughs
    f.write('x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n')
    prev = "a"
    for i in range(2, 12):
        f.write("x-%d: &l%d [%s]\n" % (i, i, ",".join(["*" + prev] * 9)))
        prev = "l%d" % i
    f.write("nodes: []\n")
with open(w + "/deep.yaml", "w") as f:          # flow nesting far past 64
    f.write("x-deep: " + "[" * 5000 + "]" * 5000 + "\nnodes: []\n")
with open(w + "/longid.yaml", "w") as f:
    f.write("nodes:\n  - {id: %s, kind: person}\n" % ("a" * 300))
with open(w + "/bigvalue.yaml", "w") as f:      # 2 MiB value: over the 1 MiB limit
    f.write("nodes:\n  - {id: a, kind: person, note: %s}\n" % ("x" * (2 << 20)))
with open(w + "/manyerrors.yaml", "w") as f:    # far more than 100 errors
    f.write("nodes:\n")
    for i in range(500):
        f.write("  - {id: n%d, kind: senater}\n" % i)
EOF
vg "--check alias bomb"         3 --check "$W/bomb.yaml"
vg "--check deep nesting"       3 --check "$W/deep.yaml"
vg "--check id over 256 bytes"  3 --check "$W/longid.yaml"
vg "--check 2 MiB value"        3 --check "$W/bigvalue.yaml"
vg "--check 500 errors"         3 --check "$W/manyerrors.yaml"

# --- cancelled queries: a betweenness run that takes seconds under valgrind
sh tests/cli/gen-big.sh 2000 10000 >"$W/med.yaml"
case "cancelled query in a script" in *"$ONLY"*)
    n=$((n + 1)); log=$W/logs/$n.log
    rm -f "$W/out"
    # a background job of a script starts with SIGINT ignored (and so may this
    # script, if it was started in the background): reset it to the default
    (cd "$W/work" && exec /usr/bin/python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "${VG[@]}" --log-file="$log" "$CG" -q -e "stats" -e "centrality betweenness" -e "stats" \
        "$W/med.yaml" </dev/null >"$W/out" 2>"$W/err") & pid=$!
    # once the first `stats` has printed, the graph is loaded and betweenness
    # runs (seconds under valgrind): interrupt it
    for _ in $(seq 600); do grep -q '^nodes' "$W/out" 2>/dev/null && break; sleep 0.2; done
    sleep 2; kill -INT $pid; wait $pid; rc=$?
    if [ "$rc" -eq 130 ] && ! grep -q "interrupted" "$W/err"; then rc=1; echo "    no 'interrupted' message" >>"$W/err"; fi
    judge "cancelled query in a script" "130" "$rc" "$log" ;;
esac

vg_expect "REPL: queries, completion, Ctrl-C on a line, Ctrl-D" '
set timeout 120
set stty_init "rows 40 columns 200"
proc fail {msg} { puts "\nFAIL: $msg"; exit 1 }
proc want {text} { expect -ex $text {} timeout { fail "timeout: $text" } eof { fail "eof: $text" } }
eval spawn $VGCG -q '"$S"'
want "casegraph> "
send "stats\r"
want "components"
want "casegraph> "
send "path a d all\r"
want "casegraph> "
send "sho\t"
want "show "
send "a\r"
want "casegraph> "
send "nodes per\t\r"
want "casegraph> "
send "half typed\003"
want "casegraph> "
send "show nobody\r"
want "error:"
want "casegraph> "
send "export r.graphml\r"
want "casegraph> "
send "\004"
expect eof {} timeout { fail "Ctrl-D did not end the REPL" }
set r [wait]
exit [lindex $r 3]
'

vg_expect "REPL: a cancelled query" '
set timeout 300
set stty_init "rows 40 columns 200"
proc fail {msg} { puts "\nFAIL: $msg"; exit 1 }
proc want {text} { expect -ex $text {} timeout { fail "timeout: $text" } eof { fail "eof: $text" } }
eval spawn $VGCG -q '"$W/med.yaml"'
want "casegraph> "
send "centrality betweenness\r"
after 3000
send "\003"
want "interrupted"
want "casegraph> "
send "stats\r"
want "2000"
want "casegraph> "
send "\004"
expect eof {} timeout { fail "Ctrl-D did not end the REPL" }
set r [wait]
exit [lindex $r 3]
'

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
