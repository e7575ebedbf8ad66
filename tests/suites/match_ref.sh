#!/usr/bin/env bash
# The independent reference for `match` (tests/match/ref.py, plain Python
# over the YAML, never calling casegraph) against the hand-worked corner
# cases in tests/match/corner.test: the reference the coming differential
# test will trust must itself agree with the cases worked out by hand.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
out=$(sh tests/match/check_ref.sh 2>&1); rc=$?
printf '%s\n' "$out" | grep -E '^(ok|not ok) - '
n=$(printf '%s\n' "$out" | grep -c '^ok - ')
[ "$rc" = 0 ] || notok "check_ref.sh exits 0" "exit $rc" "$(printf '%s\n' "$out" | tail -5)"
[ "$n" -ge 60 ] || notok "the reference ran its corner cases" "only $n ok lines"
