#!/usr/bin/env python3
"""tests/chrono/compare.py - casegraph's `chronological` against ref.py on
generated dated graphs: mixed precisions (YYYY, YYYY-MM, YYYY-MM-DD, month
ends and leap days among them), parallel edges with different dates,
undated bridges; queries with since/until, via, directed, in/out/both.

    compare.py CASEGRAPH WORKDIR [SEED] [GRAPHS]

Prints `ok - ...` / `not ok - ...` lines (one per graph, and a count line
per kind of query) and exits 1 on a difference."""
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref  # noqa: E402

TYPES = ["urged", "sued", "owns"]


def rand_date(r):
    y = r.choice([2016, 2017, 2018])
    k = r.random()
    if k < 0.2:
        return "%d" % y
    m = r.choice([1, 2, 2, 3, 6, 12, 12])
    if k < 0.45:
        return "%d-%02d" % (y, m)
    last = [31, 29 if y == 2016 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    d = r.choice([1, 1, 2, 15, last - 1, last, last])
    return "%d-%02d-%02d" % (y, m, d)


def gen_graph(r, path):
    n = r.randint(4, 8)
    m = r.randint(n, 2 * n + 4)
    ids = ["n%d" % i for i in range(n)]
    edges = []
    for _ in range(m):
        a, b = r.choice(ids), r.choice(ids)
        if a == b and r.random() < 0.8:
            continue
        date = None if r.random() < 0.2 else rand_date(r)
        edges.append((a, b, r.choice(TYPES), date))
        if r.random() < 0.3:      # a parallel edge, another date (or type)
            edges.append((a, b, r.choice(TYPES), None if r.random() < 0.15 else rand_date(r)))
    with open(path, "w") as f:
        f.write("casegraph: 1\nsources: [{id: s, title: t}]\nnodes:\n")
        for v in ids:
            f.write("  - {id: %s, kind: person}\n" % v)
        f.write("edges:\n" if edges else "edges: []\n")
        for a, b, t, d in edges:
            f.write("  - {from: %s, to: %s, type: %s%s, source: s}\n" % (a, b, t, ", date: %s" % d if d else ""))
    return ids


def clauses(r, kind):
    c = []
    if r.random() < 0.25:
        c.append("since " + rand_date(r))
    if r.random() < 0.25:
        c.append("until " + rand_date(r))
    if r.random() < 0.15:
        c.append("via " + ",".join(sorted(r.sample(TYPES, 2))))
    if kind == "path":
        if r.random() < 0.3:
            c.append("directed")
        if r.random() < 0.3:
            c.append("all")
    else:
        c.append("depth %d" % r.randint(1, 4))
        d = r.choice(["", "in", "out", "both"])
        if d:
            c.append(d)
    r.shuffle(c)
    return c


def check_graph(cg, gi, gp, qs, want_of, drop):
    """Runs the queries qs on graph file gp in one casegraph run (-o json)
    and compares each result, its rows without the keys in drop, with
    want_of(query).  Prints `not ok` lines (the first three differences)
    or `ok - graph GI: ...`.  Returns the list of wanted results, or None
    when casegraph failed or any result differed."""
    args = [cg, "-q", "-o", "json"]
    for q in qs:
        args += ["-e", q]
    p = subprocess.run(args + [gp], capture_output=True, text=True, timeout=120)
    lines = p.stdout.splitlines()
    if p.returncode != 0 or len(lines) != len(qs):
        print("not ok - graph %d: casegraph exit %d, %d results for %d queries" % (gi, p.returncode, len(lines), len(qs)))
        print("    " + p.stderr[:500].replace("\n", "\n    "))
        return None
    gbad, wants = 0, []
    for q, line in zip(qs, lines):
        got = json.loads(line)
        for row in got:
            for k in drop:
                row.pop(k, None)
        want = want_of(q)
        wants.append(want)
        if got != want:
            gbad += 1
            if gbad <= 3:
                print("not ok - graph %d (%s): %s" % (gi, gp, q))
                print("    casegraph: %s" % json.dumps(got)[:1500])
                print("    reference: %s" % json.dumps(want)[:1500])
    if gbad:
        return None
    print("ok - graph %d: %d queries agree" % (gi, len(qs)))
    return wants


def main():
    cg, work = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    ngraphs = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    r = random.Random(seed)
    os.makedirs(work, exist_ok=True)
    bad = 0
    counts = {"path": 0, "neighbors": 0}
    for gi in range(ngraphs):
        gp = os.path.join(work, "g%d.yaml" % gi)
        ids = gen_graph(r, gp)
        qs = []
        for a in ids:
            for b in ids:
                if r.random() < 0.6:
                    qs.append(" ".join(["path", a, b, "chronological"] + clauses(r, "path")))
            for _ in range(2):
                qs.append(" ".join(["neighbors", a, "chronological"] + clauses(r, "neighbors")))
        # since after until is an error: keep the valid ones only
        def valid(q):
            w = q.split()
            if "since" in w and "until" in w:
                s, u = w[w.index("since") + 1], w[w.index("until") + 1]
                return ref.interval(s)[0] <= ref.interval(u)[1]
            return True
        qs = [q for q in qs if valid(q)]
        g = ref.Graph(gp)
        wants = check_graph(cg, gi, gp, qs, lambda q: ref.run(g, q), ("source", "kind", "name"))
        for q in qs:
            counts[q.split()[0]] += 1
        if wants is None:
            bad += 1
    for k, v in counts.items():
        print("ok - %d %s queries compared" % (v, k) if v >= 200 else "not ok - only %d %s queries compared" % (v, k))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
