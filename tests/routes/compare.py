#!/usr/bin/env python3
"""tests/routes/compare.py - casegraph's `paths`, `connect` and `common`
(SPEC 10) against networkx on generated multigraphs with parallel edges and
self-loops, with via, since/until, directed, avoid, maxhops, depth and
chronological mixed in.

The reference reads the YAML itself (PyYAML, every scalar a string) and
never calls casegraph; it asks networkx: `all_simple_paths` with a cutoff
for `paths` (node sequences, so parallel edges make no second path),
`all_shortest_paths` for every pair for `connect`, the neighbour sets for
`common`.  For `chronological` it keeps the sequences over which some
choice of parallel edges is time-respecting, trying every combination
(the clock of tests/chrono/ref.py, SPEC 9).

    compare.py CASEGRAPH WORKDIR [SEED] [GRAPHS]

Prints `ok - ...` / `not ok - ...` lines and exits 1 on a difference."""
import itertools
import os
import random
import sys

import networkx as nx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chrono"))
import ref  # noqa: E402  (the SPEC 9 clock: interval, hop_forward, the filters)
from compare import check_graph  # noqa: E402  (tests/chrono/compare.py: one run, compared)

TYPES = ["urged", "sued", "owns"]
CAP = 1000
NEG_INF = float("-inf")


def rand_date(r):
    y = r.choice([2016, 2017, 2018])
    k = r.random()
    if k < 0.25:
        return "%d" % y
    m = r.choice([1, 3, 6, 12])
    if k < 0.5:
        return "%d-%02d" % (y, m)
    return "%d-%02d-%02d" % (y, m, r.choice([1, 15, 28]))


def gen_graph(r, path):
    n = r.randint(5, 10)
    m = r.randint(n, 3 * n)
    ids = ["n%d" % i for i in range(n)]
    edges = []
    for _ in range(m):
        a, b = r.choice(ids), r.choice(ids)
        if a == b and r.random() < 0.6:
            continue                      # some self-loops, not too many
        date = None if r.random() < 0.25 else rand_date(r)
        edges.append((a, b, r.choice(TYPES), date))
        if r.random() < 0.3:              # a parallel edge (either way round)
            x, y = (a, b) if r.random() < 0.7 else (b, a)
            edges.append((x, y, r.choice(TYPES), None if r.random() < 0.2 else rand_date(r)))
    with open(path, "w") as f:
        f.write("casegraph: 1\nsources: [{id: s, title: t}]\nnodes:\n")
        for v in ids:
            f.write("  - {id: %s, kind: person, name: N%s}\n" % (v, v))
        f.write("edges:\n" if edges else "edges: []\n")
        for a, b, t, d in edges:
            f.write("  - {from: %s, to: %s, type: %s%s, source: s}\n" % (a, b, t, ", date: %s" % d if d else ""))
    return ids


class Q:
    """A query's words: the positional nodes and the clauses."""

    def __init__(self, text):
        w = text.split()
        self.cmd, self.args = w[0], []
        self.via = None
        self.since = self.until = None
        self.directed = self.chrono = False
        self.avoid = set()
        self.maxhops, self.depth = 4, 6
        i = 1
        while i < len(w):
            k = w[i]
            if k in ("via", "avoid"):
                setattr(self, k, set(w[i + 1].split(","))); i += 2
            elif k in ("since", "until"):
                setattr(self, k, w[i + 1]); i += 2
            elif k in ("maxhops", "depth"):
                setattr(self, k, int(w[i + 1])); i += 2
            elif k in ("directed", "chronological"):
                setattr(self, "chrono" if k == "chronological" else k, True); i += 1
            else:
                self.args.append(k); i += 1
        self.rq = ref.Query("x " + " ".join(
            (["via", ",".join(sorted(self.via))] if self.via else []) +
            (["since", self.since] if self.since else []) + (["until", self.until] if self.until else [])))


def kept(g, q):
    return [e for e in g.edges if q.rq.keep(e)]


def nx_graph(g, q, edges, directed, drop=()):
    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    G.add_nodes_from(v for v in g.ids if v not in drop)
    for e in edges:
        if e["from"] in drop or e["to"] in drop:
            continue
        G.add_edge(e["from"], e["to"], key=e["i"])
    return G


def between(edges, u, w, directed):
    """The kept edges a hop from u to w may use, with their dir."""
    for e in edges:
        if e["from"] == u and e["to"] == w:
            yield e, "->"
        elif not directed and e["from"] == w and e["to"] == u:
            yield e, "<-"


def date_key(e):
    return (e["date"] is None, e["date"])


def hop_rows(q, edges, seq):
    """path's hop rows for a node sequence, or None when no choice of
    edges is time-respecting (chronological)."""
    if not q.chrono:
        rows = []
        for h, (u, w) in enumerate(zip(seq, seq[1:])):
            e, d = min(between(edges, u, w, q.directed), key=lambda x: (date_key(x[0]), x[0]["type"], x[0]["i"]))
            rows.append((h + 1, u, w, e["type"], d, e["date"]))
        return rows
    start = ref.interval(q.since)[0] if q.since else NEG_INF
    options = [list(between(edges, u, w, q.directed)) for u, w in zip(seq, seq[1:])]
    best = None                          # the edges leaving the earliest clocks, hop by hop
    for combo in itertools.product(*options):
        clock, key = start, []
        for e, d in combo:
            okay, clock, _ = ref.hop_forward(clock, e)
            if not okay:
                break
            key.append((clock, e["type"], e["i"]))
        else:
            if best is None or key < best[0]:
                best = (key, combo)
    if best is None:
        return None
    return [(h + 1, u, w, e["type"], d, e["date"])
            for h, ((u, w), (e, d)) in enumerate(zip(zip(seq, seq[1:]), best[1]))]


def ref_paths(g, q):
    a, b = q.args
    edges = kept(g, q)
    if a == b:
        return []
    G = nx_graph(g, q, edges, q.directed, drop=q.avoid)
    seqs = {tuple(p) for p in nx.all_simple_paths(G, a, b, cutoff=q.maxhops)}
    out = []
    for seq in sorted(seqs, key=lambda s: (len(s), s)):
        rows = hop_rows(q, edges, seq)
        if rows is None:
            continue
        if len(out) == CAP:
            break
        out.append(rows)
    return [dict(zip(["path", "hop", "from", "to", "type", "dir", "date"], (p + 1,) + r))
            for p, rows in enumerate(out) for r in rows]


def ref_connect(g, q):
    edges = kept(g, q)
    G = nx.DiGraph() if q.directed else nx.Graph()
    G.add_nodes_from(g.ids)
    G.add_edges_from((e["from"], e["to"]) for e in edges if e["from"] != e["to"])
    terms = list(dict.fromkeys(q.args))
    hops = set()
    for s, t in itertools.permutations(terms, 2):
        if not q.directed and s > t:
            continue
        if not nx.has_path(G, s, t) or nx.shortest_path_length(G, s, t) > q.depth:
            continue
        for p in nx.all_shortest_paths(G, s, t):
            hops.update(zip(p, p[1:]))
    listed = [e for e in edges if (e["from"], e["to"]) in hops or (not q.directed and (e["to"], e["from"]) in hops)]
    listed.sort(key=lambda e: (date_key(e), e["from"], e["type"], e["to"], e["i"]))
    return [{"from": e["from"], "type": e["type"], "to": e["to"], "date": e["date"]} for e in listed]


def ref_common(g, q):
    a, b = q.args
    edges = kept(g, q)

    def nbrs(x):
        out = {}
        for e in edges:
            if e["from"] == x:
                out.setdefault(e["to"], set()).add(e["type"])
            if not q.directed and e["to"] == x:
                out.setdefault(e["from"], set()).add(e["type"])
        return out
    na, nb = nbrs(a), nbrs(b)
    shared = sorted((set(na) & set(nb)) - {a, b})
    return [{"id": v, "kind": "person", "name": "N" + v, "types_a": sorted(na[v]), "types_b": sorted(nb[v])}
            for v in shared]


def filters(r, chrono_ok):
    c = []
    if r.random() < 0.2:
        c.append("since " + rand_date(r))
    if r.random() < 0.2:
        c.append("until " + rand_date(r))
    if r.random() < 0.2:
        c.append("via " + ",".join(sorted(r.sample(TYPES, 2))))
    if r.random() < 0.3:
        c.append("directed")
    if chrono_ok and r.random() < 0.25:
        c.append("chronological")
    return c


def valid(q):
    w = q.split()
    if "since" in w and "until" in w:
        return ref.interval(w[w.index("since") + 1])[0] <= ref.interval(w[w.index("until") + 1])[1]
    return True


def queries(r, ids):
    qs = []
    for a in ids:
        for b in ids:
            if a == b or r.random() < 0.5:
                continue
            c = filters(r, True)
            if r.random() < 0.7:
                c.append("maxhops %d" % r.randint(1, 6))
            others = [v for v in ids if v not in (a, b)]
            if others and r.random() < 0.3:
                c.append("avoid " + ",".join(r.sample(others, r.randint(1, min(2, len(others))))))
            r.shuffle(c)
            qs.append(" ".join(["paths", a, b] + c))
    for _ in range(8):
        terms = r.sample(ids, r.randint(2, min(4, len(ids))))
        c = filters(r, False)
        if r.random() < 0.5:
            c.append("depth %d" % r.randint(1, 5))
        r.shuffle(c)
        qs.append(" ".join(["connect"] + terms + c))
    for _ in range(6):
        a, b = r.sample(ids, 2)
        qs.append(" ".join(["common", a, b] + [x for x in filters(r, False)]))
    return [q for q in qs if valid(q)]


def main():
    cg, work = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    ngraphs = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    r = random.Random(seed)
    os.makedirs(work, exist_ok=True)
    bad = 0
    counts = {"paths": 0, "connect": 0, "common": 0}
    nonempty = {"paths": 0, "connect": 0, "common": 0}
    for gi in range(ngraphs):
        gp = os.path.join(work, "g%d.yaml" % gi)
        ids = gen_graph(r, gp)
        qs = queries(r, ids)
        g = ref.Graph(gp)
        refs = {"paths": ref_paths, "connect": ref_connect, "common": ref_common}
        wants = check_graph(cg, gi, gp, qs, lambda q: refs[q.split()[0]](g, Q(q)), ("source",))
        if wants is None:
            bad += 1
            continue
        for q, want in zip(qs, wants):
            counts[q.split()[0]] += 1
            nonempty[q.split()[0]] += bool(want)
    least = {"paths": 300, "connect": 150, "common": 100}
    for k, v in counts.items():
        line = "%d %s queries compared, %d with rows" % (v, k, nonempty[k])
        print(("ok - " if v >= least[k] and nonempty[k] * 3 >= v else "not ok - too few: ") + line)
        if v < least[k] or nonempty[k] * 3 < v:
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
