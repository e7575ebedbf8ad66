#!/usr/bin/env bash
# tests/fuzz/seed.sh DIR - fill DIR/load, DIR/export, DIR/split and DIR/query with seeds.
#   import: tests/import/seeds/ and the import regressions (see below);
#   load, export: every graph file of graphs/, tests/graphs/, tests/good/, tests/bad/
#          and the fuzz regressions of the loader;
#   query: every query line of queries/*, tests/queries/*.test and
#          tests/cli/*.cg (one per file), plus the query regressions.
# Files are named by content hash, so re-seeding never duplicates an input.
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build/fuzz/corpus}
mkdir -p "$out/load" "$out/query" "$out/export" "$out/split"
add() {   # add DIR FILE
    local h
    h=$(sha1sum <"$2" | cut -c1-16)
    cp "$2" "$1/seed-$h"
}
for f in graphs/*.yaml tests/graphs/*.yaml tests/good/*.yaml tests/good/*/*.y*ml tests/bad/*.yaml \
         tests/cli/*.yaml tests/html/*.yaml tests/publish/*.yaml tests/fuzz/regressions/load-*; do
    [ -f "$f" ] && add "$out/load" "$f"
done
# fuzz_export and fuzz_diff read graph files too: the same seeds, their own corpora
mkdir -p "$out/diff"
cp "$out"/load/seed-* "$out/export/"
# fuzz_split too, with the files written to cut through scalars
cp "$out"/load/seed-* "$out/split/"
for f in tests/split/*.yaml; do add "$out/split" "$f"; done
# fuzz_diff too
cp "$out"/load/seed-* "$out/diff/"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in queries/* tests/queries/*.test tests/cli/*.cg; do
    [ -f "$f" ] || continue
    # every non-blank, non-comment, non-directive line; in .test files the
    # expected output lines are harmless extra seeds
    while IFS= read -r line; do
        case "$line" in ''|'#'*|'%%'*) continue ;; esac
        n=$((n + 1))
        printf '%s\n' "$line" >"$tmp/q$n"
        add "$out/query" "$tmp/q$n"
    done <"$f"
done
# the match queries of the reference's corner cases
grep -h '^match ' tests/match/corner.test >"$tmp/mq" 2>/dev/null || :
while IFS= read -r line; do
    n=$((n + 1))
    printf '%s\n' "$line" >"$tmp/q$n"
    add "$out/query" "$tmp/q$n"
done <"$tmp/mq"
for f in tests/fuzz/regressions/query-*; do
    [ -f "$f" ] && add "$out/query" "$f"
done
# fuzz_cypher: every query of tests/unit/cypher.test (the first line of each
# block) and the §0 examples of doc/match.md
mkdir -p "$out/cypher"
m=0
awk 'BEGIN { q = 1 } /^$/ { q = 1; next } q && !/^##/ { print; q = 0 }' tests/unit/cypher.test >"$tmp/cq"
grep -E '^casegraph> match ' doc/match.md | sed 's/^casegraph> //' >>"$tmp/cq"
while IFS= read -r line; do
    m=$((m + 1))
    printf '%s' "$line" >"$tmp/c$m"
    add "$out/cypher" "$tmp/c$m"
done <"$tmp/cq"
# fuzz_import: the spreadsheets of tests/import/seeds/ and the import
# regressions, each as one csv table (a first byte 0: every table .csv),
# and the seeds' node, sources and edge tables together
mkdir -p "$out/import"
k=0
for f in tests/import/seeds/*.csv tests/import/seeds/*.tsv tests/fuzz/regressions/import-*; do
    [ -f "$f" ] || continue
    k=$((k + 1))
    flag='\000'
    case "$f" in *.tsv) flag='\001' ;; esac
    { printf "$flag"; cat "$f"; } >"$tmp/i$k"
    add "$out/import" "$tmp/i$k"
done
if [ -f tests/import/seeds/nodes.csv ]; then
    { printf '\000'; cat tests/import/seeds/nodes.csv; printf '\n=====\n'; cat tests/import/seeds/sources.csv
      printf '\n=====\n'; cat tests/import/seeds/edges.csv; } >"$tmp/iall"
    add "$out/import" "$tmp/iall"
fi
exit 0
