#!/usr/bin/env bash
# tests/suites/queries.sh - runs the data-driven query tests, tests/queries/*.test.
#
# A .test file is a list of blocks separated by blank lines.  A block:
#   # comment lines (optional; the first one names the check)
#   graph: NAME        optional; tests/graphs/NAME.yaml; sticks for later blocks
#   format: FMT        optional; -o FMT (default tsv); sticks for later blocks
#   %%FAIL [STATUS]    optional: the query must fail (exit STATUS, default 1)
#   QUERY              the query line, run as: casegraph -q -o FMT -e QUERY graphs/NAME.yaml
#                      in a scratch directory
#   EXPECTED...        standard output, line by line (a %%FAIL block: the error
#                      line on standard error); `%%EMPTY` is an empty line;
#                      `%%stderr TEXT` requires TEXT in standard error
# A block with no expected lines expects no output at all.
. "$(dirname "$0")/../lib.sh"

QDIR=$ROOT/tests/queries
GDIR=$ROOT/tests/graphs
nblocks=0

# run_block FILE LINE GRAPH FORMAT FAILSTATUS QUERY  (expected lines in $EXP, stderr needles in $NEEDLES)
run_block() {
    local file=$1 line=$2 graph=$3 fmt=$4 fail=$5 query=$6 name
    name="$(basename "$file"):$line: $query"
    [ -n "$COMMENT" ] && name="$(basename "$file"):$line: $COMMENT"
    nblocks=$((nblocks + 1))
    (cd "$W" && timeout 20 "$CG" -q -o "$fmt" -e "$query" "graphs/$graph.yaml" >"$W/out" 2>"$W/err" </dev/null)
    local rc=$? out err
    out=$(cat "$W/out"; echo x); out=${out%x}
    err=$(<"$W/err")
    if [ -n "$fail" ]; then
        local eline=
        while IFS= read -r l; do case "$l" in *error:*) eline=$l; break ;; esac; done <<<"$err"
        if [ "$rc" != "$fail" ]; then
            notok "$name" "expected exit $fail, got $rc" "stderr: $err"
        elif [ "$eline" != "${EXP%$'\n'}" ]; then
            notok "$name" "expected error: ${EXP%$'\n'}" "actual stderr:  $err"
        elif [ -n "$out" ]; then
            notok "$name" "expected no output, got: $out"
        else
            ok "$name"
        fi
        return
    fi
    if [ "$rc" != 0 ]; then
        notok "$name" "expected exit 0, got $rc" "stderr: $err"
        return
    fi
    if [ "$out" != "$EXP" ]; then
        notok "$name" "expected:" "$(printf '%s' "$EXP" | sed 's/^/      |/' | cat -A | sed 's/\$$//')" \
            "actual:" "$(printf '%s' "$out" | sed 's/^/      |/' | cat -A | sed 's/\$$//')"
        return
    fi
    local n
    while IFS= read -r n; do
        [ -z "$n" ] && continue
        case "$err" in *"$n"*) ;; *) notok "$name" "expected on stderr: $n" "actual stderr: $err"; return ;; esac
    done <<<"$NEEDLES"
    ok "$name"
}

# run_file FILE: every block of one file, in the scratch directory $W
run_file() {
    local file=$1
    graph=small; fmt=tsv
    state=start; COMMENT=; fail=; query=; EXP=; NEEDLES=; qline=0; lineno=0
    flush() {
        if [ -n "$query" ]; then run_block "$file" "$qline" "$graph" "$fmt" "$fail" "$query"; fi
        state=start; COMMENT=; fail=; query=; EXP=; NEEDLES=
    }
    while IFS= read -r l || [ -n "$l" ]; do
        lineno=$((lineno + 1))
        if [ -z "$l" ]; then flush; continue; fi
        if [ "$state" = start ]; then
            case "$l" in
                '#'*) [ -z "$COMMENT" ] && COMMENT=${l#\# }; continue ;;
                'graph: '*) graph=${l#graph: }; continue ;;
                'format: '*) fmt=${l#format: }; continue ;;
                '%%FAIL'*) fail=${l#%%FAIL}; fail=${fail# }; [ -z "$fail" ] && fail=1; continue ;;
            esac
            query=$l; qline=$lineno; state=expect; continue
        fi
        case "$l" in
            '%%EMPTY') EXP+=$'\n' ;;
            '%%stderr '*) NEEDLES+="${l#%%stderr }"$'\n' ;;
            *) EXP+="$l"$'\n' ;;
        esac
    done <"$file"
    flush
    [ "$nblocks" -gt 0 ] || notok "$(basename "$file"): no test blocks found"
}

# the files run in parallel, each in its own scratch directory; output in order
files=("$QDIR"/*.test)
[ ${#files[@]} -gt 0 ] && [ -e "${files[0]}" ] || notok "queries: no .test files"
pids=()
for file in "${files[@]}"; do
    W=$TMP/$(basename "$file" .test)
    mkdir -p "$W"
    ln -sfn "$GDIR" "$W/graphs"     # graphs/NAME.yaml: stable file names in `show`
    run_file "$file" >"$W.log" 2>&1 &
    pids+=($!)
done
for k in "${!files[@]}"; do
    wait "${pids[$k]}"; rc=$?
    cat "$TMP/$(basename "${files[$k]}" .test).log"
    # a runner that died midway would drop the blocks after it
    [ "$rc" = 0 ] || notok "$(basename "${files[$k]}"): the block runner exited with status $rc"
done

# ---- redirection, load, export, interruption (each in its own scratch dir) ----
R=$TMP/redirect
mkdir -p "$R"
cp "$GDIR/small.yaml" "$GDIR/cent.yaml" "$R/"
cd "$R" || exit 2

run "$CG" -q -e "path a d > p.json" small.yaml
check_rc "redirect: path > p.json succeeds" 0 "$RC"
check_eq "redirect: nothing on stdout" "" "$OUT"
got=$($PY -c 'import json,sys; d=json.load(open("p.json")); print(sorted(n["id"] for n in d["nodes"]), sorted((e["from"],e["type"],e["to"]) for e in d["edges"]))' 2>&1)
check_eq "redirect: a path's subgraph is its hops' edges and nodes" "['a', 'b', 'd'] [('b', 'sued', 'd'), ('b', 'urged', 'a')]" "$got"

run "$CG" -q -e "neighbors a depth 2 via owns,sued,urged > nb.json" small.yaml
got=$($PY -c 'import json; d=json.load(open("nb.json")); print(sorted(n["id"] for n in d["nodes"]), sorted((e["from"],e["type"],e["to"]) for e in d["edges"]))' 2>&1)
check_eq "redirect: neighbors writes the node, its neighbors and the allowed edges among them" \
    "['a', 'b', 'c', 'd'] [('a', 'owns', 'c'), ('b', 'sued', 'd'), ('b', 'urged', 'a'), ('c', 'sued', 'd')]" "$got"

run "$CG" -q -e "nodes person > n.json" small.yaml
got=$($PY -c 'import json; d=json.load(open("n.json")); print(sorted(n["id"] for n in d["nodes"]), len(d["edges"]))' 2>&1)
check_eq "redirect: nodes writes the listed nodes and every edge among them" "['a', 'b', 'f', 'iso'] 3" "$got"

run "$CG" -q -e "timeline e > t.dot" small.yaml
check_rc "redirect: timeline > t.dot" 0 "$RC"
check_contains "redirect: the DOT file holds the listed edges" '"f" -> "e"' "$(cat t.dot)"

run "$CG" -q -e "edges sued > e.csv" small.yaml
check_eq "redirect: .csv gets the result table" "$(printf 'from,type,to,date,source\r\nc,sued,d,2017,s1\r\nb,sued,d,2018-05-01,s1\r\nf,sued,e,2019-02,s2\r')" "$(cat e.csv)"

cp "$GDIR/attrs.yaml" .
run "$CG" -q -e "edges where votes>5 > w.csv" attrs.yaml
check_eq "redirect: after a where condition, > FILE.csv is still the redirection" "$(printf 'from,type,to,date,source\r\nann,sponsored,bill1,2017-08-01,s2\r\nfbi,seized,corp,2018-04-06,s1;s2\r')" "$(cat w.csv)"
run "$CG" -q -e "edges where note>a.csv, votes>0 > w2.csv" attrs.yaml
check_eq "redirect: a > that is not the last is a comparison" "$(printf 'from,type,to,date,source\r')" "$(cat w2.csv)"
run "$CG" -q -e "edges where date<2017 with note > w3.csv" attrs.yaml
check_eq "redirect: with's columns go to the .csv table" "$(printf 'from,type,to,date,source,note\r\nben,opposed,corp,2016-12,s1,\r')" "$(cat w3.csv)"

run "$CG" -q -e "sources > s.tsv" small.yaml
check_eq "redirect: a table-only command to .tsv" "$(printf 'id\ttitle\tpublisher\tdate\tedges\ns1\tFirst source\tPub One\t2018-01-02\t7\ns2\tSecond source\tPub Two\t2019\t7')" "$(cat s.tsv)"

cp small.yaml small.orig
run "$CG" -q -e "nodes > small.yaml" small.yaml
check_rc "redirect: a loaded file is refused (exit 2, a refused output)" 2 "$RC"
check_eq "redirect: the loaded file is untouched" "" "$(cmp small.yaml small.orig 2>&1)"
run "$CG" -q -e "nodes person >! small.yaml" small.yaml
check_rc "redirect: >! overwrites a loaded file" 0 "$RC"
run "$CG" -q --check small.yaml
check_eq "redirect: the file written by >! loads back as the subgraph" "4 nodes, 3 edges, 2 sources" "$OUT"
cp small.orig small.yaml

# unwritable outputs: exit 2 and why.  Root ignores permission bits, so
# first two places no one can create a file in, root included: a path under
# a regular file (ENOTDIR) and /proc
run "$CG" -q -e "nodes > small.orig/x.csv" small.yaml
check_rc "redirect: a path under a regular file is exit status 2" 2 "$RC"
check_contains "redirect: and says why" "error: cannot write 'small.orig/x.csv': " "$ERR"
check_contains "redirect: not a directory" "Not a directory" "$ERR"
run "$CG" -q -e "nodes > /proc/casegraph-test.csv" small.yaml
check_rc "redirect: a file in /proc is exit status 2" 2 "$RC"
check_contains "redirect: and says why" "error: cannot write '/proc/casegraph-test.csv': " "$ERR"
# then a directory without write permission, as an ordinary user: this one,
# or when it is root, nobody (setpriv)
mkdir -p ro && chmod 555 ro
as_user=()
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" = 0 ] && { [ ${#as_user[@]} = 0 ] || ! "${as_user[@]}" "$CG" -q --check small.yaml >/dev/null 2>&1; }; then
    skip "redirect: a directory without write permission is exit status 2" \
        "running as root, and user nobody cannot run $CG here (setpriv)"
else
    run "${as_user[@]}" "$CG" -q -e "nodes > ro/x.csv" small.yaml
    check_rc "redirect: a directory without write permission is exit status 2${as_user:+ (as nobody)}" 2 "$RC"
    check_contains "redirect: and says why" "error: cannot write 'ro/x.csv': " "$ERR"
    check_contains "redirect: permission denied" "Permission denied" "$ERR"
    check_eq "redirect: nothing is left in the directory" "" "$(ls -A ro)"
fi
chmod 755 ro

run "$CG" -q -o tsv -e "load cent.yaml" -e "nodes company" small.yaml
check_eq "load: the file joins the session's graph" "$(printf 'id\tkind\tname\nc\tcompany\tCee Corp\nd\tcompany\tDee Inc\np3\tcompany\tp3')" "$OUT"

printf 'nodes:\n  - {id: zz, kind: persn}\n' >bad.yaml
run "$CG" -q -o tsv --keep-going -e "load bad.yaml" -e "stats" small.yaml
check_rc "load: a bad file fails the query" 1 "$RC"
check_contains "load: the loader's errors are shown" "bad.yaml:2:" "$ERR"
check_contains "load: and the graph stays as it was" "could not load 'bad.yaml'" "$ERR"
check_contains "load: stats after a failed load" "$(printf 'nodes\t10')" "$OUT"

run "$CG" -q -e "load small.yaml" small.yaml
check_eq "load: a file loaded twice is refused, the file name under a caret" "-e:1:6: error: 'small.yaml' is already loaded
    1 | load small.yaml
      |      ^" "$ERR"

run "$CG" -q -e "export all.graphml" small.yaml
check_rc "export: writes the whole graph" 0 "$RC"
if command -v xmllint >/dev/null; then
    check_eq "export: GraphML with every node" "10" "$(xmllint --xpath 'count(//*[local-name()="node"])' all.graphml 2>&1)"
else
    skip "export: GraphML with every node" "xmllint is not installed (Debian package libxml2-utils; tests/deps.sh)"
fi
run "$CG" -q -e "export small.yaml" small.yaml
check_rc "export: a loaded file needs force (exit 2)" 2 "$RC"
run "$CG" -q -e "export x.csv" small.yaml
check_contains "export: tables are not graphs" "export writes a graph, not a table" "$ERR"

# Ctrl-C: betweenness on a 10000-node graph takes many seconds; SIGINT stops it
$PY - >big.yaml <<'PY'
import random
random.seed(7)
n, m = 10000, 40000
print("casegraph: 1\nsources: [{id: s, title: t}]\nnodes:")
for i in range(n): print("  - {id: n%d, kind: person}" % i)
print("edges:")
for _ in range(m): print("  - {from: n%d, to: n%d, type: urged, source: s}" % (random.randrange(n), random.randrange(n)))
PY
# sigint_query (tests/lib.sh) signals once the query runs, not while the
# graph still loads (which under the sanitizers takes seconds)
S=$(sigint_query big.yaml "centrality betweenness")
check_contains "interrupt: betweenness stops with 'interrupted'" "error: interrupted" "$S"
check_contains "interrupt: exit status 130" "rc=130" "$S"
check_contains "interrupt: stops within a second" "fast=1" "$S"

# more than 1000 shortest paths: s -> 11 -> 11 -> 11 -> t is 1331 of them
$PY - >many.yaml <<'PY'
print("casegraph: 1\nsources: [{id: s0, title: t}]\nnodes:\n  - {id: s, kind: person}\n  - {id: t, kind: person}")
for l in range(3):
    for i in range(11): print("  - {id: l%d_%02d, kind: person}" % (l, i))
print("edges:")
for i in range(11):
    print("  - {from: s, to: l0_%02d, type: urged, source: s0}" % i)
    print("  - {from: l2_%02d, to: t, type: urged, source: s0}" % i)
    for l in range(2):
        for j in range(11): print("  - {from: l%d_%02d, to: l%d_%02d, type: urged, source: s0}" % (l, i, l + 1, j))
PY
run "$CG" -q -o tsv -e "path s t all" many.yaml
check_rc "path all: capped run succeeds" 0 "$RC"
check_eq "path all: at most 1000 paths (4 hops each, plus the header)" "4001" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
check_eq "path all: the cap is said on stderr" "showing the first 1000 paths" "$ERR"
# path number k-1 = 121*i + 11*j + m walks l0_i, l1_j, l2_m: 999 = 121*8 + 11*2 + 9
check_eq "path all: the 1000th path in id order is s l0_08 l1_02 l2_09 t" \
    "$(printf '1000\t1\ts\tl0_08\turged\t->\t\ts0\n1000\t2\tl0_08\tl1_02\turged\t->\t\ts0\n1000\t3\tl1_02\tl2_09\turged\t->\t\ts0\n1000\t4\tl2_09\tt\turged\t->\t\ts0')" \
    "$(printf '%s\n' "$OUT" | tail -4)"

long=$(head -c 70000 /dev/zero | tr '\0' 'a')
run "$CG" -q -e "show $long" small.yaml
check_contains "limits: a query over 64 KiB is refused" "error: query too long (70005 bytes; the limit is 65536)" "$ERR"
many_words=$(yes a | head -5000 | tr '\n' ' ')
run "$CG" -q -e "nodes $many_words" small.yaml
check_contains "limits: too many words" "error: too many words in one query (the limit is 4096)" "$ERR"
check_rc "limits: exit status 1" 1 "$RC"
