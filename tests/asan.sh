#!/usr/bin/env bash
# tests/asan.sh [SUITE...] - build ./casegraph-asan (AddressSanitizer and
# UndefinedBehaviorSanitizer, `make asan`) and run the test suites against it.
# Any sanitizer report aborts the program, so the check that ran it fails.
# Suites that compile C test programs link them against build/*.o (the plain
# objects), which `make` builds first.  Returns tests/run's status.
set -u
cd "$(dirname "$0")/.."
make -s casegraph casegraph-asan || exit 2
export CG=$PWD/casegraph-asan
# the threads and communities suites draw fewer random
# cases under the sanitizers: their full breadth runs in the plain pass,
# and the sanitizer pass is for memory and undefined behaviour
export CG_TEST_SAN=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
tests/run "$@"
