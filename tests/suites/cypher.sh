#!/usr/bin/env bash
# The match front end (doc/match.md §2, §3): lexer and parser unit tests
# (tests/unit/test_cypher.c over tests/unit/cypher.test, plus hostile input
# built in the program), against the library objects.
# CG_TEST_ASAN=1 builds it with AddressSanitizer and UBSan.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

SAN=""
[ "${CG_TEST_ASAN:-0}" = 1 ] && SAN="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1

if [ -n "$SAN" ]; then
    objs=$(ls build/asan/*.o 2>/dev/null | grep -v '/main\.o$')
else
    objs=$(ls build/*.o | grep -v '/main\.o$')
fi
if [ -z "$objs" ]; then
    notok "cypher unit test: library objects exist" "run make (or make casegraph-asan for CG_TEST_ASAN=1)"
elif cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g $SAN $(pkg-config --cflags igraph yaml-0.1) \
      tests/unit/test_cypher.c $objs -o "$TMP/test_cypher" $(pkg-config --libs igraph yaml-0.1 readline) -lm -lpthread 2>"$TMP/cc.err"; then
    check_program "unit test program tests/unit/test_cypher.c" "$TMP/test_cypher" tests/unit/cypher.test
else
    notok "unit test program tests/unit/test_cypher.c builds" "$(cat "$TMP/cc.err")"
fi

# the data file's expectations are not vacuous: a corrupted copy must fail
sed '0,/^pattern (a)$/s//pattern (b)/' tests/unit/cypher.test >"$TMP/broken.test"
if [ -x "$TMP/test_cypher" ]; then
    "$TMP/test_cypher" "$TMP/broken.test" >"$TMP/broken.out" 2>&1
    rc=$?
    if [ "$rc" = 1 ] && grep -q '^not ok - ' "$TMP/broken.out"; then
        ok "a wrong expectation in cypher.test makes the program fail"
    else
        notok "a wrong expectation in cypher.test makes the program fail" "exit $rc" "$(tail -3 "$TMP/broken.out")"
    fi
fi

# the REPL's completion context (doc/match.md §9): tests/unit/test_complete.c
if [ -n "$objs" ]; then
    if cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g $SAN $(pkg-config --cflags igraph yaml-0.1) \
          tests/unit/test_complete.c $objs -o "$TMP/test_complete" $(pkg-config --libs igraph yaml-0.1 readline) -lm -lpthread 2>"$TMP/cc2.err"; then
        check_program "unit test program tests/unit/test_complete.c" "$TMP/test_complete"
    else
        notok "unit test program tests/unit/test_complete.c builds" "$(cat "$TMP/cc2.err")"
    fi
fi

# the planner's choices (doc/match.md §5): tests/unit/test_plan.c over small.yaml
if [ -n "$objs" ]; then
    if cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g $SAN $(pkg-config --cflags igraph yaml-0.1) \
          tests/unit/test_plan.c $objs -o "$TMP/test_plan" $(pkg-config --libs igraph yaml-0.1 readline) -lm -lpthread 2>"$TMP/cc3.err"; then
        check_program "unit test program tests/unit/test_plan.c" "$TMP/test_plan" tests/graphs/small.yaml tests/unit/plan.test
        # a wrong expectation must fail it
        sed '0,/^scan ids b \[1\]; 1 condition$/s//scan all b/' tests/unit/plan.test >"$TMP/plan-broken.test"
        "$TMP/test_plan" tests/graphs/small.yaml "$TMP/plan-broken.test" >"$TMP/plan-broken.out" 2>&1
        if [ $? = 1 ] && grep -q '^not ok - plan' "$TMP/plan-broken.out"; then
            ok "a wrong expectation in plan.test makes test_plan fail"
        else
            notok "a wrong expectation in plan.test makes test_plan fail" "$(tail -3 "$TMP/plan-broken.out")"
        fi
    else
        notok "unit test program tests/unit/test_plan.c builds" "$(cat "$TMP/cc3.err")"
    fi
fi
