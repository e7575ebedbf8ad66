#!/usr/bin/env bash
# The command line itself: options, usage errors, --check, exit codes.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

run "$CG" -h
check_rc "-h exits 0" 0 "$RC"
check_contains "-h prints the usage" "usage: casegraph [OPTION]... [GRAPH]..." "$OUT"
run "$CG" --help
check_contains "--help lists --keep-going" "--keep-going" "$OUT"
run "$CG" -V
check_rc "-V exits 0" 0 "$RC"
[[ "$OUT" =~ ^casegraph\ [0-9]+\.[0-9]+\.[0-9]+\ \(igraph\ 0\.10\.[0-9]+\)$ ]] && ok "-V prints the version" || notok "-V prints the version" "$OUT"
run "$CG" --version
check_eq "--version is -V" "$(./casegraph -V 2>/dev/null || "$CG" -V)" "$OUT"

run "$CG" --bogus
check_rc "unknown long option exits 2" 2 "$RC"
check_eq "unknown long option message" "casegraph: unknown option '--bogus'
Try 'casegraph --help'." "$ERR"
run "$CG" -z
check_rc "unknown short option exits 2" 2 "$RC"
check_contains "unknown short option message" "casegraph: unknown option '-z'" "$ERR"
run "$CG" -e
check_rc "-e without its argument exits 2" 2 "$RC"
check_contains "-e without its argument says so" "casegraph: option '-e' needs an argument" "$ERR"
run "$CG" -o xml --check graphs/
check_rc "unknown -o format exits 2" 2 "$RC"
check_eq "unknown -o format message" "casegraph: unknown output format 'xml' (table, line, tsv, csv, json)" "$ERR"
check_eq "usage errors print nothing on stdout" "" "$OUT"

run "$CG" --check graphs/backpage.yaml
check_rc "--check on a good graph exits 0" 0 "$RC"
check_eq "--check prints the summary" "51 nodes, 86 edges, 5 sources" "$OUT"
run "$CG" -q --check tests/bad/unknown_kind.yaml
check_rc "--check on a bad graph exits 3" 3 "$RC"
check_eq "--check on a bad graph prints nothing on stdout" "" "$OUT"
run "$CG" -q -e stats tests/bad/unknown_kind.yaml
check_rc "a query on a bad graph exits 3" 3 "$RC"
check_eq "a bad graph runs no query" "" "$OUT"

# install: binary, man page, bundled graphs; the installed binary finds them
rm -rf "$TMP/inst"
if make -s install PREFIX=/usr DESTDIR="$TMP/inst" >"$TMP/install.log" 2>&1; then
    [ -x "$TMP/inst/usr/bin/casegraph" ] && [ -f "$TMP/inst/usr/share/man/man1/casegraph.1" ] \
        && [ -f "$TMP/inst/usr/share/casegraph/graphs/backpage.yaml" ] \
        && ok "make install puts the binary, the man page and the graphs in place" \
        || notok "make install layout" "$(cd "$TMP/inst" && find . -type f)"
else
    notok "make install runs" "$(cat "$TMP/install.log")"
fi
rm -rf "$TMP/inst2"
make -s install PREFIX="$TMP/inst2" >/dev/null 2>&1
(cd / && run "$TMP/inst2/bin/casegraph" --check; echo "$OUT" >"$TMP/inst2.out")
check_eq "an installed casegraph loads its bundled graphs from PREFIX/share" "51 nodes, 86 edges, 5 sources" "$(cat "$TMP/inst2.out")"
