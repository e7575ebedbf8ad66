#!/usr/bin/env bash
# The differential test of `match` (doc/match.md §11): casegraph's rows
# against tests/match/ref.py, an independent matcher in plain Python that
# never runs casegraph.  tests/match/diff.py runs `$CG -q -o json GRAPH -e
# QUERY` once per query and compares (multisets; order by runs; skip/limit
# against the reference's full result; numbers to 1e-9; both failing agrees).
#   - graphs/gen1-5.yaml (gen.py seeds 1-5, committed; checked to be what
#     gen.py writes) with 70 queries each from queries.py (seeds 101-105)
#     and the must-fail queries of errors.queries;
#   - graphs/backpage.yaml with backpage.queries (hand-written) and 40
#     queries from queries.py (seed 100);
#   - corner.test's hand-worked cases, with -o tsv.
# First the harness tests itself on tests/match/fake_cg.py (ref.py posing as
# casegraph): right, it must pass; broken on purpose, it must fail.
# MATCH_DIFF_TIMEOUT (s, per query), MATCH_DIFF_SLOW (s: '# slow:' lines).
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
M=tests/match

if [ ! -x "$PY" ]; then
    skip match-differential "no $PY (python3; make deps)"; exit 0
fi
if ! "$PY" -c 'import yaml' 2>/dev/null; then
    skip match-differential "PyYAML missing for $PY (python3-yaml; make deps)"; exit 0
fi

# diff.py ARGS...: its check lines; a crash of the harness is a failure
differ() {
    "$PY" $M/diff.py "$@" 2>"$TMP/diff.err"
    local rc=$?
    if [ "$rc" -gt 1 ] || [ -s "$TMP/diff.err" ]; then
        notok "match-differential: diff.py $* exits 0 or 1, silently" "exit $rc" \
            "$(tail -n 15 "$TMP/diff.err")"
    fi
}

# 1. the harness on a fake casegraph
self() {   # self MODE: the number of failed checks with FAKE_CG_BREAK=MODE
    { FAKE_CG_BREAK=$1 differ $M/fake_cg.py graphs/backpage.yaml file:$M/selftest.queries self
      FAKE_CG_BREAK=$1 differ $M/fake_cg.py corner $M/selftest.test; } >"$TMP/self.$1" 2>&1
    grep -c '^not ok' "$TMP/self.$1"
}
n=$(self right)
if [ "$n" = 0 ] && [ "$(grep -c '^ok' "$TMP/self.right")" -ge 8 ]; then
    ok "match-differential: the harness agrees with ref.py posing as casegraph"
else
    notok "match-differential: the harness agrees with ref.py posing as casegraph" \
        "$(grep -A8 '^not ok' "$TMP/self.right" | head -40)"
fi
for mode in drop value reorder succeed; do
    n=$(self $mode)
    if [ "$n" -gt 0 ]; then
        ok "match-differential: the harness fails a fake casegraph that breaks '$mode' ($n checks fail)"
    else
        notok "match-differential: the harness fails a fake casegraph that breaks '$mode'" \
            "every check passed: the comparison cannot see this kind of error"
    fi
done

# 2. the committed graphs are what gen.py writes
for s in 1 2 3 4 5; do
    "$PY" $M/gen.py $s "$TMP/gen$s.yaml"
    if cmp -s "$TMP/gen$s.yaml" $M/graphs/gen$s.yaml; then
        ok "match-differential: $M/graphs/gen$s.yaml is what gen.py $s writes"
    else
        notok "match-differential: $M/graphs/gen$s.yaml is what gen.py $s writes" \
            "regenerate it: $PY $M/gen.py $s $M/graphs/gen$s.yaml"
    fi
done

# 3. casegraph against the reference
run "$CG" -q -o json graphs/backpage.yaml -e 'match (n) return count(*)'
case "$ERR" in
    *"unexpected character '('"*|*"unknown command 'match'"*)
        skip match-differential "$CG has no match command yet ($(printf '%s' "$ERR" | grep error | head -n 1))"
        exit 0 ;;
esac
for s in 1 2 3 4 5; do
    differ "$CG" $M/graphs/gen$s.yaml gen:$((100 + s)):70 gen$s
    differ "$CG" $M/graphs/gen$s.yaml file:$M/errors.queries gen$s-errors
done
differ "$CG" graphs/backpage.yaml file:$M/backpage.queries backpage
differ "$CG" graphs/backpage.yaml gen:100:40 backpage-gen
differ "$CG" corner $M/corner.test
