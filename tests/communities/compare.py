#!/usr/bin/env python3
"""tests/communities/compare.py - casegraph's `communities` (SPEC 10) checked
on generated graphs against python-igraph, which reads the YAML itself.

    compare.py CASEGRAPH WORKDIR [SEED] [GRAPHS]

Each graph has planted groups, noise edges, parallel edges (other types and
dates), self-loops, isolated nodes and undated edges.  For each graph and
each query (leiden, louvain, labelprop; with via/since/until mixed in) the
answer, as `-o json ... all`, must be:
  - a partition of every node, numbered 1..k, sizes matching the members,
    members sorted by id, largest first, ties by smallest member id;
  - singletons for the nodes the filters leave without an edge;
  - the same run to run, and the same when asked twice in one session (the
    second from the cached merged graph) or after other communities queries;
  - with a modularity on standard error that python-igraph's own
    Graph.modularity gives for casegraph's membership on the merged graph
    (parallel edges merged, self-loops dropped, the filters applied here);
  - leiden: each community connected (Leiden's guarantee), and a modularity
    no worse than python-igraph's community_leiden(objective_function=
    "modularity") by more than TOLERANCE (a different random sequence finds
    a different local optimum; the wrong objective or resolution would be
    far off); louvain likewise against community_multilevel.
`top N` must be the first N rows of `all`, and the default the first 10.

Prints `ok - ...` / `not ok - ...` lines and exits 1 on a failure."""
import json
import os
import random
import subprocess
import sys

import igraph

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chrono"))
from ref import interval  # noqa: E402  (partial dates as day intervals)

import yaml  # noqa: E402

TYPES = ["urged", "sued", "owns", "employs"]
ALGOS = ["leiden", "louvain", "labelprop"]
TOLERANCE = 0.03


def rand_date(r):
    y = r.choice([2015, 2016, 2017, 2018])
    k = r.random()
    if k < 0.3:
        return "%d" % y
    m = r.randint(1, 12)
    if k < 0.6:
        return "%d-%02d" % (y, m)
    return "%d-%02d-%02d" % (y, m, r.randint(1, 28))


def gen_graph(r, path, n):
    """A graph of n nodes in planted groups; ids of mixed shapes so that id
    order is not file order."""
    shapes = ["n%d", "a_%d", "Z%d", "m%03d", "x%dy"]
    ids = []
    seen = set()
    for i in range(n):
        v = r.choice(shapes) % r.randint(0, 10 * n)
        while v in seen:
            v += "_"
        seen.add(v)
        ids.append(v)
    groups = []
    i = 0
    while i < n:
        s = r.randint(3, max(3, n // 4))
        groups.append(ids[i:i + s])
        i += s
    isolated = set(r.sample(ids, max(1, n // 15)))
    edges = []
    for gr in groups:
        live = [v for v in gr if v not in isolated]
        if len(live) < 2:
            continue
        for _ in range(len(live) * r.randint(1, 4)):
            a, b = r.sample(live, 2)
            edges.append((a, b))
    live = [v for v in ids if v not in isolated]
    for _ in range(r.randint(0, n)):      # noise between the groups
        edges.append(tuple(r.sample(live, 2)))
    out = []
    for a, b in edges:
        d = None if r.random() < 0.25 else rand_date(r)
        out.append((a, b, r.choice(TYPES), d))
        if r.random() < 0.2:      # parallel, either way, another type or date
            out.append((b, a) if r.random() < 0.5 else (a, b))
            out[-1] = out[-1] + (r.choice(TYPES), None if r.random() < 0.3 else rand_date(r))
    for v in r.sample(live, max(1, n // 10)):      # self-loops
        out.append((v, v, r.choice(TYPES), rand_date(r)))
    r.shuffle(out)
    with open(path, "w") as f:
        f.write("casegraph: 1\nsources: [{id: s, title: t}]\nnodes:\n")
        for v in ids:
            f.write("  - {id: %s, kind: person}\n" % v)
        f.write("edges:\n" if out else "edges: []\n")
        for a, b, t, d in out:
            f.write("  - {from: %s, to: %s, type: %s%s, source: s}\n" % (a, b, t, ", date: %s" % d if d else ""))


def load(path):
    with open(path) as f:
        doc = yaml.load(f, Loader=yaml.BaseLoader)
    ids = [v["id"] for v in doc.get("nodes") or []]
    edges = []
    for e in doc.get("edges") or []:
        d = e.get("date")
        edges.append((e["from"], e["to"], e["type"], interval(d) if d else None))
    return ids, edges


def merged(ids, edges, via, since, until):
    """python-igraph's Graph of the edges the filters keep, undirected,
    parallel edges merged, self-loops dropped, vertex i = ids[i]."""
    index = {v: i for i, v in enumerate(ids)}
    keep = set()
    for a, b, t, span in edges:
        if via is not None and t not in via:
            continue
        if span is not None:
            if since and span[1] < interval(since)[0]:
                continue
            if until and span[0] > interval(until)[1]:
                continue
        if a != b:
            x, y = index[a], index[b]
            keep.add((min(x, y), max(x, y)))
    return igraph.Graph(n=len(ids), edges=sorted(keep), directed=False)


def clauses(r):
    c = []
    if r.random() < 0.35:
        c.append("via " + ",".join(r.sample(TYPES, r.randint(1, 3))))
    s = u = None
    if r.random() < 0.3:
        s = rand_date(r)
    if r.random() < 0.3:
        u = rand_date(r)
    if s and u and interval(s)[0] > interval(u)[1]:
        s, u = u, s
    if s and u and interval(s)[0] > interval(u)[1]:
        u = None
    if s:
        c.append("since " + s)
    if u:
        c.append("until " + u)
    return " ".join(c)


def parse_clauses(text):
    w = text.split()
    via = since = until = None
    for i in range(0, len(w), 2):
        if w[i] == "via":
            via = set(w[i + 1].split(","))
        elif w[i] == "since":
            since = w[i + 1]
        elif w[i] == "until":
            until = w[i + 1]
    return via, since, until


def run(cg, graph, queries):
    p = subprocess.run([cg, "-q", "-o", "json"] + [a for q in queries for a in ("-e", q)] + [graph],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def byid(s):
    return s.encode()


def check(ids, edges, cg, graph, query, fails):
    """The checks of one query; appends failures (strings) to fails."""
    words = query.split()
    algo = words[1]
    via, since, until = parse_clauses(" ".join(words[2:-1]))
    rc, out, err = run(cg, graph, [query])
    if rc != 0:
        fails.append("%s: exit %d: %s" % (query, rc, err.strip()))
        return None
    rows = json.loads(out)
    lines = err.strip().split("\n")
    if len(lines) != 1 or not lines[0].startswith("modularity: "):
        fails.append("%s: expected one line `modularity: X` on stderr, got %r" % (query, err))
        return None
    qtext = lines[0][len("modularity: "):]
    # a partition, numbered, sized, sorted, ordered
    members = [v for row in rows for v in row["members"]]
    if sorted(members, key=byid) != sorted(ids, key=byid):
        fails.append("%s: not a partition of the %d nodes (%d listed, %d distinct)"
                     % (query, len(ids), len(members), len(set(members))))
        return None
    for k, row in enumerate(rows):
        if row["community"] != k + 1 or row["size"] != len(row["members"]):
            fails.append("%s: row %d: community %s, size %s, %d members" % (query, k + 1, row["community"], row["size"], len(row["members"])))
            return None
        if row["members"] != sorted(row["members"], key=byid):
            fails.append("%s: community %d: members not sorted by id" % (query, k + 1))
            return None
        if k and not (rows[k - 1]["size"] > row["size"] or
                      (rows[k - 1]["size"] == row["size"] and byid(rows[k - 1]["members"][0]) < byid(row["members"][0]))):
            fails.append("%s: communities %d and %d out of order (largest first, ties by smallest member id)" % (query, k, k + 1))
            return None
    g = merged(ids, edges, via, since, until)
    index = {v: i for i, v in enumerate(ids)}
    membership = [0] * len(ids)
    for k, row in enumerate(rows):
        for v in row["members"]:
            membership[index[v]] = k
    deg = g.degree()
    sizes = [len(row["members"]) for row in rows]
    for i, v in enumerate(ids):
        if deg[i] == 0 and sizes[membership[i]] != 1:
            fails.append("%s: %s has no edge under the filters but shares community %d" % (query, v, membership[i] + 1))
            return None
    # the modularity, recomputed by python-igraph on the same merged graph
    if g.ecount() == 0:
        if qtext != "nan (no edges)":
            fails.append("%s: no edge left: expected `modularity: nan (no edges)`, got %r" % (query, qtext))
        return rows
    want = g.modularity(membership)
    try:
        got = float(qtext)
    except ValueError:
        fails.append("%s: modularity %r is not a number" % (query, qtext))
        return None
    if abs(got - want) > 5e-6 * max(1.0, abs(want)) + 1e-12:
        fails.append("%s: modularity %s, python-igraph recomputes %.9g" % (query, qtext, want))
        return None
    if algo == "leiden":
        for k in range(len(rows)):
            sub = g.subgraph([i for i in range(len(ids)) if membership[i] == k])
            if not sub.is_connected():
                fails.append("%s: community %d is not connected" % (query, k + 1))
                return None
    if algo in ("leiden", "louvain"):
        random.seed(7)
        if algo == "leiden":
            peer = g.community_leiden(objective_function="modularity").modularity
        else:
            peer = g.community_multilevel().modularity
        if got < peer - TOLERANCE:
            fails.append("%s: modularity %s, python-igraph's %s finds %.6g" % (query, qtext, algo, peer))
            return None
    return rows


def main():
    cg, work = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    os.makedirs(work, exist_ok=True)
    r = random.Random(seed)
    bad = 0
    nq = 0
    for gi in range(count):
        n = r.choice([5, 12, 30, 60, 150, 400]) if gi < count - 1 else 3000
        path = os.path.join(work, "g%d.yaml" % gi)
        gen_graph(r, path, n)
        ids, edges = load(path)
        fails = []
        queries = ["communities %s %s all" % (a, clauses(r) if k else "") for a in ALGOS for k in range(3)]
        queries = [" ".join(q.split()) for q in queries]
        outs = {}
        for q in queries:
            nq += 1
            rows = check(ids, edges, cg, path, q, fails)
            if rows is None:
                continue
            outs[q] = run(cg, path, [q])[1:]
        # the same run to run, in one session twice, after the others, and
        # top N / the default as the first rows of `all`
        rc, out1, err1 = run(cg, path, queries)
        rc2, out2, err2 = run(cg, path, list(reversed(queries)))
        if rc or rc2:
            fails.append("session runs: exit %d / %d" % (rc, rc2))
        else:
            got1 = out1.strip().split("\n")
            got2 = list(reversed(out2.strip().split("\n")))
            for k, q in enumerate(queries):
                if q not in outs:
                    continue
                if got1[k] != outs[q][0].strip() or got2[k] != outs[q][0].strip():
                    fails.append("%s: not the same in one session with the other queries as alone" % q)
                    break
        q0 = queries[0]
        if q0 in outs:
            again = run(cg, path, [q0, q0])
            if again[1] != outs[q0][0] * 2 or again[2] != outs[q0][1] * 2:
                fails.append("%s: asked twice in one session (cached merged graph), the answers differ" % q0)
            rows = json.loads(outs[q0][0])
            for top, query in ((3, "communities leiden top 3"), (10, "communities leiden")):
                rc, out, err = run(cg, path, [query])
                if rc or json.loads(out) != rows[:top] or err != outs[q0][1]:
                    fails.append("%s: not the first %d rows of `all` (exit %d)" % (query, top, rc))
        if fails:
            bad += 1
            print("not ok - graph %d (%d nodes, %d edges): %s" % (gi, len(ids), len(edges), fails[0]))
            for f in fails[1:4]:
                print("    " + f)
        else:
            print("ok - graph %d (%d nodes, %d edges): %d queries" % (gi, len(ids), len(edges), len(queries)))
    print("%s - %d queries on %d graphs" % ("ok" if bad == 0 else "not ok", nq, count))
    sys.exit(1 if bad else 0)


main()
