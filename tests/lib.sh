# tests/lib.sh - sourced by every suite in tests/suites/.
# A suite prints one line per check: "ok - NAME", or "not ok - NAME" followed
# by indented detail lines, or "skip - NAME: REASON" when the check cannot run
# here; tests/run counts them.  A check must be able to fail: never let it
# pass, or vanish, because a tool is missing.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CG=${CG:-$ROOT/casegraph}
# a scratch directory of this run's own (suites may run side by side),
# removed at exit unless KEEP_TMP=1
TMP=${TMP_ROOT:-$ROOT/tests/tmp}/$(basename "$0" .sh).$$
rm -rf "$TMP"; mkdir -p "$TMP"
[ "${KEEP_TMP:-0}" = 1 ] || trap 'rm -rf "$TMP"' EXIT
# the interpreter whose modules tests/deps.sh checks and installs (Debian's
# python3-* packages), whatever python3 comes first on PATH
PY=/usr/bin/python3

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; shift; for l in "$@"; do printf '    %s\n' "$l"; done; }
# skip NAME REASON: the check NAME cannot run here (say, a missing tool that
# tests/deps.sh installs); tests/run prints and counts it
skip() { echo "skip - $1: $2"; }

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
# check_contains NAME NEEDLE HAYSTACK (an empty NEEDLE, which any text would
# contain, fails: it is a broken test)
check_contains() {
    if [ -z "$2" ]; then notok "$1" "empty text to look for: the check could not fail"; return; fi
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
# check_program NAME CMD... : runs a C test program that prints "ok - ..." /
# "not ok - ..." lines and a closing "N checks, N failed" (on stdout or on
# stderr, "# " before it allowed).  Its lines are passed on; then the check
# NAME: it exited 0, printed its summary, the summary counts the lines it
# printed, and nothing else reached stderr (a sanitizer report, say).  So a
# crash, an early exit or a failure the lines do not show still fails.
check_program() {
    local name=$1 rc re='^(# )?([0-9]+) checks, ([0-9]+) failed$' nok nbad sum other
    shift
    timeout "${RUN_TIMEOUT:-60}" "$@" >"$TMP/prog.out" 2>"$TMP/prog.err" </dev/null
    rc=$?
    grep -Ev "$re" "$TMP/prog.out"
    nok=$(grep -c '^ok - ' "$TMP/prog.out"); nbad=$(grep -c '^not ok - ' "$TMP/prog.out")
    sum=$(cat "$TMP/prog.out" "$TMP/prog.err" | grep -E "$re" | tail -n 1); sum=${sum#\# }
    other=$(grep -Ev "$re" "$TMP/prog.err")
    if [ "$rc" = 0 ] && [ "$nbad" = 0 ] && [ "$nok" -gt 0 ] && [ "$sum" = "$nok checks, 0 failed" ] && [ -z "$other" ]; then
        ok "$name: exit 0, $sum"
    else
        notok "$name: exit 0 and a summary that counts its lines" \
            "exit $rc; summary: ${sum:-none}; it printed $nok ok and $nbad not ok lines" \
            ${other:+"stderr: $(printf '%s\n' "$other" | head -n 20)"}
    fi
}

# sigint_query GRAPH QUERY [DELAY [LIMIT]]: tests/cli/sigint.py: runs `stats`
# then QUERY on GRAPH, sends SIGINT DELAY s (0.7) into QUERY, prints rc=,
# fast= (stopped within LIMIT s, default 1) and err=
sigint_query() { timeout 300 "$PY" "$ROOT/tests/cli/sigint.py" "$CG" "$@" 2>&1; }
