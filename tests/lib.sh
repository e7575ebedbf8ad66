# tests/lib.sh - sourced by every suite in tests/suites/.
# A suite prints one line per check: "ok - NAME" or "not ok - NAME" followed
# by indented detail lines; tests/run counts them.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CG=${CG:-$ROOT/casegraph}
# a scratch directory of this run's own (suites may run side by side),
# removed at exit unless KEEP_TMP=1
TMP=${TMP_ROOT:-$ROOT/tests/tmp}/$(basename "$0" .sh).$$
rm -rf "$TMP"; mkdir -p "$TMP"
[ "${KEEP_TMP:-0}" = 1 ] || trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; shift; for l in "$@"; do printf '    %s\n' "$l"; done; }

# check_eq NAME EXPECTED ACTUAL
check_eq() {
    if [ "$2" == "$3" ]; then ok "$1"; else
        notok "$1" "expected:" "$(printf '%s' "$2" | sed 's/^/      |/')" "actual:" "$(printf '%s' "$3" | sed 's/^/      |/')"
    fi
}
# check_rc NAME EXPECTED_RC ACTUAL_RC
check_rc() {
    if [ "$2" == "$3" ]; then ok "$1"; else notok "$1" "expected exit $2, got $3"; fi
}
# check_contains NAME NEEDLE HAYSTACK
check_contains() {
    case "$3" in *"$2"*) ok "$1" ;; *) notok "$1" "expected to contain: $2" "actual: $(printf '%s' "$3" | head -c 2000)" ;; esac
}
# run CMD... : sets OUT, ERR, RC (with a timeout so nothing can hang a run)
run() {
    timeout ${RUN_TIMEOUT:-60} "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    RC=$?
    OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
}
# run_in INPUT CMD... : like run with INPUT on standard input
run_in() {
    local input=$1; shift
    printf '%s' "$input" | timeout ${RUN_TIMEOUT:-60} "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
}
