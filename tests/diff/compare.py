#!/usr/bin/env python3
"""tests/diff/compare.py REF.json CG.json CG.stderr - do casegraph's rows
(`-o json diff`) and renames (standard error) match the reference's
(tests/diff/ref.py)?  Prints nothing and exits 0 when they do; else the
first differing rows and exits 1.  Rows compare as JSON text, so 1, 1.0
and true differ."""
import json
import sys


def show(r):
    return json.dumps(r, sort_keys=True, ensure_ascii=False)


def main():
    want = json.load(open(sys.argv[1], encoding="utf-8"))
    try:
        got = json.load(open(sys.argv[2], encoding="utf-8"))
    except ValueError as ex:
        print("casegraph's output is not JSON: %s" % ex)
        return 1
    err = open(sys.argv[3], encoding="utf-8", errors="replace").read()
    w, g = [show(r) for r in want["rows"]], [show(r) for r in got]
    bad = 0
    if w != g:
        bad = 1
        print("rows differ (reference %d, casegraph %d)" % (len(w), len(g)))
        for i in range(max(len(w), len(g))):
            a = w[i] if i < len(w) else "-"
            b = g[i] if i < len(g) else "-"
            if a != b:
                print("  row %d\n    reference: %s\n    casegraph: %s" % (i + 1, a, b))
                bad += 1
                if bad > 4:
                    break
    for old, new in want["renames"]:
        line = "possible rename: node %s -> %s" % (", ".join("'%s'" % i for i in old[:5]),
                                                  ", ".join("'%s'" % i for i in new[:5]))
        if line not in err:
            print("no line '%s' on standard error: %r" % (line, err[:300]))
            bad = 1
    nrename = err.count("possible rename:")
    if nrename != len(want["renames"]):
        print("%d possible renames on standard error, the reference has %d" % (nrename, len(want["renames"])))
        bad = 1
    return 1 if bad else 0


sys.exit(main())
