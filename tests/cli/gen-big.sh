#!/bin/sh
# gen-big.sh NODES EDGES > FILE.yaml - a random graph (fixed seed) large enough
# that `centrality betweenness` runs for many seconds: used to test Ctrl-C.
awk -v n="${1:-20000}" -v m="${2:-100000}" 'BEGIN {
    srand(7)
    print "casegraph: 1"
    print "name: big"
    print "sources:"
    print "  - {id: s1, title: generated}"
    print "nodes:"
    for (i = 0; i < n; i++) printf "  - {id: n%d, kind: person}\n", i
    print "edges:"
    for (j = 0; j < m; j++) {
        a = int(rand() * n); b = int(rand() * n)
        printf "  - {from: n%d, to: n%d, type: sued, source: s1}\n", a, b
    }
}'
