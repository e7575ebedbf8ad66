#!/usr/bin/env bash
# Every input the fuzzers ever crashed on (tests/fuzz/regressions/) runs
# through casegraph again: load-* files through `--check`, query-* scripts
# through `-f` against tests/graphs/small.yaml, import-* spreadsheets
# through `casegraph import`.  Each must finish (no hang)
# with an ordinary exit status and without any sanitizer report, so the suite
# is strongest under CG=./casegraph-asan (tests/asan.sh).
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
export CASEGRAPH_DOT=/nonexistent/dot   # a query may name a picture: never run dot
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
sanitizer_re='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|SUMMARY: '

# check_clean NAME ALLOWED_RCS : judges the last run
check_clean() {
    local name=$1 allowed=$2
    if [ "$RC" -eq 124 ]; then
        notok "$name" "timed out (a hang)"
    elif ! printf ' %s ' "$allowed" | grep -q " $RC "; then
        notok "$name" "exit $RC (expected one of: $allowed)" "$(printf '%s\n' "$ERR" | tail -20)"
    elif printf '%s\n' "$ERR" | grep -Eq "$sanitizer_re"; then
        notok "$name" "sanitizer report:" "$(printf '%s\n' "$ERR" | grep -E -A12 "$sanitizer_re" | head -30)"
    else
        ok "$name"
    fi
}

n=0
for f in tests/fuzz/regressions/load-*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    RUN_TIMEOUT=30 run "$CG" -q --check "$f"
    # a regression input is either a valid graph (0) or a clean load failure (3)
    check_clean "loader survives $(basename "$f")" "0 3"
    # a failed load says why, with a location in the file
    if [ "$RC" -eq 3 ]; then
        check_contains "$(basename "$f") fails with a located error" "$f:" "$ERR"
    fi
done

# import-* spreadsheets through `casegraph import` (fuzz_import's inputs
# are the same tables after its first byte)
for f in tests/fuzz/regressions/import-*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    RUN_TIMEOUT=30 run "$CG" import "$f"
    check_clean "import survives $(basename "$f")" "0 3"
done

mkdir -p "$TMP/work"
for f in tests/fuzz/regressions/query-*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    # in a scratch directory, so redirections in the script land there
    (cd "$TMP/work" && RUN_TIMEOUT=30 run "$CG" -q --keep-going -f "$ROOT/$f" "$ROOT/tests/graphs/small.yaml"
     printf '%s\n' "$RC" >"$TMP/rc")
    RC=$(cat "$TMP/rc"); ERR=$(cat "$TMP/err")
    check_clean "query runner survives $(basename "$f")" "0 1 2"
done

# a directory without graph files (found by fuzz_query as `load .`)
mkdir -p "$TMP/emptydir"
RUN_TIMEOUT=30 run "$CG" -q --check "$TMP/emptydir"
check_clean "loader survives an empty directory" "3"
check_contains "an empty directory is named in the error" "no .yaml or .yml files in this directory" "$ERR"

# inputs too big for the fuzzers' -max_len that once took quadratic time:
# each must load (or fail) in a few seconds, not minutes
"$PY" - "$TMP" <<'PYEOF'
import sys
t = sys.argv[1]
n = 100000
with open(t + "/anchors.yaml", "w") as f:     # 100,000 anchors, then 100,000 aliases to the first
    f.write("x-a: [" + ",".join("&a%d v" % i for i in range(n)) + "]\n")
    f.write("x-b: [" + ",".join("*a0" for i in range(n)) + "]\nnodes: []\n")
with open(t + "/keys.yaml", "w") as f:        # one node with 100,000 attributes
    f.write("nodes:\n  - {id: a, kind: person, " + ",".join("k%d: v" % i for i in range(n)) + "}\n")
with open(t + "/merge.yaml", "w") as f:       # a merge of 50,000 keys into 50,000 others
    f.write("x-a: &big {" + ",".join("k%d: v" % i for i in range(n // 2)) + "}\n")
    f.write("x-b: {<<: *big, " + ",".join("j%d: v" % i for i in range(n // 2)) + "}\nnodes: []\n")
with open(t + "/kinds.yaml", "w") as f:       # 50,000 kinds and types: over the limits
    f.write("kinds: [" + ",".join("k%d" % i for i in range(n // 2)) + "]\n")
    f.write("types: [" + ",".join("t%d" % i for i in range(n // 2)) + "]\n")
    f.write("nodes:\n" + "".join("  - {id: n%d, kind: k%d}\n" % (i, i) for i in range(20000)))
PYEOF
for f in "anchors:0 nodes" "keys:1 node" "merge:0 nodes"; do
    name=${f%%:*}; nodes=${f##*:}
    RUN_TIMEOUT=20 run "$CG" -q --check "$TMP/$name.yaml"
    check_clean "100,000 ${name} load in linear time" "0"
    check_eq "${name}: the summary" "$nodes, 0 edges, 0 sources" "$OUT"
done
RUN_TIMEOUT=20 run "$CG" -q --check "$TMP/kinds.yaml"
check_clean "50,000 kinds and types fail fast" "3"
check_contains "the kinds limit is named" "kinds.yaml:1:8: error: more than 1000 kinds declared (the limit)" "$ERR"
check_contains "the types limit is named" "error: more than 1000 types declared (the limit)" "$ERR"

# 100 edges to unknown nodes among 10,000 nodes with long, similar ids:
# "did you mean" took over two minutes; it is bounded now
"$PY" - "$TMP" <<'PYEOF'
import sys
p = "a" * 245
with open(sys.argv[1] + "/suggest.yaml", "w") as f:
    f.write("nodes:\n" + "".join("  - {id: %s%06d, kind: person}\n" % (p, i) for i in range(10000)))
    f.write("edges:\n" + "".join("  - {from: %s%06d, to: %sx%05d, type: sued}\n" % (p, i, p, i) for i in range(100)))
PYEOF
RUN_TIMEOUT=20 run "$CG" -q --check "$TMP/suggest.yaml"
check_clean "100 unknown long ids among 10,000 are reported fast" "3"
p=$(printf 'a%.0s' $(seq 245))
check_contains "the first still has a suggestion" \
    "suggest.yaml:10003:269: error: edge to unknown node '${p}x00000'; did you mean '${p}000000'?" "$ERR"

[ "$n" -gt 0 ] && ok "$n regression inputs ran" || notok "regression inputs ran" "tests/fuzz/regressions/ is empty"
