#!/usr/bin/env python3
"""tests/chrono/ref.py - an independent reference for `chronological` (SPEC 9).

Plain Python and PyYAML over the graph file; never calls casegraph, and
shares no code or idea of its search: it enumerates.  `path` tries every
simple node sequence from FROM in order of length (a fewest-hop time-
respecting walk never repeats a node: cutting the loop out leaves a clock
no later, so the rest still works, and the walk is shorter), and for each
sequence every combination of parallel edges; `neighbors` walks every walk
(repeats allowed) up to `depth`, over every choice of parallel edge.

    ref.py GRAPH.yaml 'QUERY'     prints the result as casegraph -o json would
                                  (path: hop, from, to, type, dir, date;
                                   neighbors: id, distance, earliest|latest)

The clock (SPEC 9): forwards, a hop over [s, e] needs e >= clock and makes
the clock max(clock, s); backwards (neighbors ... in) it needs s <= clock and
makes it min(clock, e).  Undated edges leave the clock.  The date shown in
`earliest`/`latest` is the text of the last edge whose s (backwards: e) the
clock became, i.e. with s >= clock (e <= clock) when it was taken; among
walks arriving with the same clock the text first in date order wins, none
("") first.
"""
import calendar
import datetime
import itertools
import json
import sys

import yaml

INF = float("inf")


def interval(d):
    """[first day, last day] of a partial ISO date, as ordinals."""
    parts = d.split("-")
    y = int(parts[0])
    if len(parts) == 1:
        a, b = datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    elif len(parts) == 2:
        m = int(parts[1])
        a, b = datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1])
    else:
        a = b = datetime.date(y, int(parts[1]), int(parts[2]))
    return a.toordinal(), b.toordinal()


def rank(text):
    return 0 if text is None else len(text.split("-"))


class Graph:
    def __init__(self, path):
        with open(path) as f:
            doc = yaml.load(f, Loader=yaml.BaseLoader)   # every scalar a string
        self.ids = [n["id"] for n in doc.get("nodes", [])]
        self.edges = []
        for i, e in enumerate(doc.get("edges", []) or []):
            d = e.get("date")
            self.edges.append({"i": i, "from": e["from"], "to": e["to"], "type": e["type"],
                               "date": d, "span": interval(d) if d else None})


class Query:
    def __init__(self, text):
        w = text.split()
        self.cmd = w[0]
        self.args = []
        self.via = None
        self.since = self.until = None
        self.directed = False
        self.all = False
        self.dir = "both"
        self.depth = 1
        self.chrono = False
        i = 1
        while i < len(w):
            k = w[i]
            if k == "via":
                self.via = set(w[i + 1].split(",")); i += 2
            elif k == "since":
                self.since = w[i + 1]; i += 2
            elif k == "until":
                self.until = w[i + 1]; i += 2
            elif k == "depth":
                self.depth = int(w[i + 1]); i += 2
            elif k in ("in", "out", "both"):
                self.dir = k; i += 1
            elif k == "directed":
                self.directed = True; i += 1
            elif k == "all":
                self.all = True; i += 1
            elif k == "chronological":
                self.chrono = True; i += 1
            else:
                self.args.append(k); i += 1

    def keep(self, e):
        """The via/since/until filters (undated edges always pass the dates)."""
        if self.via is not None and e["type"] not in self.via:
            return False
        if e["span"] is None:
            return True
        if self.since and e["span"][1] < interval(self.since)[0]:
            return False
        if self.until and e["span"][0] > interval(self.until)[1]:
            return False
        return True


def hop_forward(clock, e):
    """(allowed, new clock, set it) for a forward hop."""
    if e["span"] is None:
        return True, clock, False
    s, t = e["span"]
    if t < clock:
        return False, None, False
    return True, max(clock, s), s >= clock


def hop_backward(clock, e):
    if e["span"] is None:
        return True, clock, False
    s, t = e["span"]
    if s > clock:
        return False, None, False
    return True, min(clock, t), t <= clock


def steps(g, q, u, follow_out, follow_in):
    """(edge, next node, dir) for every edge from u the filters allow."""
    for e in g.edges:
        if not q.keep(e):
            continue
        if follow_out and e["from"] == u:
            yield e, e["to"], "->"
        if follow_in and e["to"] == u and not (follow_out and e["from"] == u):
            yield e, e["from"], "<-"


def path(g, q):
    a, b = q.args
    start = interval(q.since)[0] if q.since else -INF
    if a == b:
        return []
    fin = not q.directed
    adj = {}
    for v in g.ids:
        adj[v] = sorted({w for _, w, _ in steps(g, q, v, True, fin)})

    def edge_choices(seq):
        """The allowed edges of each hop of seq, with their dir."""
        out = []
        for u, w in zip(seq, seq[1:]):
            out.append([(e, d) for e, x, d in steps(g, q, u, True, fin) if x == w])
        return out

    def best_edges(seq):
        """The time-respecting edge sequence for seq first in (clock, type,
        file order) hop by hop, or None."""
        best = None
        for combo in itertools.product(*edge_choices(seq)):
            clock, key = start, []
            for e, d in combo:
                ok, clock, _ = hop_forward(clock, e)
                if not ok:
                    break
                key += [clock, e["type"], e["i"]]
            else:
                if best is None or key < best[0]:
                    best = (key, combo)
        return None if best is None else best[1]

    # simple paths of length L, in id order
    for L in range(1, len(g.ids)):
        found = []

        def dfs(seq):
            if len(seq) == L + 1:
                if seq[-1] == b:
                    combo = best_edges(seq)
                    if combo is not None:
                        found.append((list(seq), combo))
                return
            for w in adj[seq[-1]]:
                if w in seq:
                    continue
                if (w == b) != (len(seq) == L):
                    continue
                seq.append(w)
                dfs(seq)
                seq.pop()

        dfs([a])
        if found:
            found.sort(key=lambda x: x[0])
            if not q.all:
                found = found[:1]
            rows = []
            for k, (seq, combo) in enumerate(found[:1000]):
                for h, (e, d) in enumerate(combo):
                    r = {"hop": h + 1, "from": seq[h], "to": seq[h + 1], "type": e["type"],
                         "dir": d, "date": e["date"]}
                    if q.all:
                        r = {"path": k + 1, **r}
                    rows.append(r)
            return rows
    return []


def neighbors(g, q):
    (a,) = q.args
    back = q.dir == "in"
    fo, fi = q.dir != "in", q.dir != "out"
    if back:
        start = interval(q.until)[1] if q.until else INF
    else:
        start = interval(q.since)[0] if q.since else -INF
    hop = hop_backward if back else hop_forward
    dist, best = {}, {}

    def better(x, y):   # (clock, text): is x better than y?
        if x[0] != y[0]:
            return x[0] > y[0] if back else x[0] < y[0]
        return rank(x[1]) < rank(y[1])

    def walk(u, states, h):
        # states: every (clock, text) some choice of edges gives this walk
        if h == q.depth:
            return
        nxt = {}
        for e, w, _ in steps(g, q, u, fo, fi):
            for clock, text in states:
                ok, c2, moved = hop(clock, e)
                if ok:
                    nxt.setdefault(w, set()).add((c2, e["date"] if moved else text))
        for w, st in nxt.items():
            if w != a:
                if w not in dist or h + 1 < dist[w]:
                    dist[w] = h + 1
                for s in st:
                    if w not in best or better(s, best[w]):
                        best[w] = s
            walk(w, st, h + 1)

    walk(a, {(start, None)}, 0)
    col = "latest" if back else "earliest"
    return [{"id": v, "distance": dist[v], col: best[v][1] or ""}
            for v in sorted(dist, key=lambda v: (dist[v], v))]


def run(g, text):
    q = Query(text)
    return path(g, q) if q.cmd == "path" else neighbors(g, q)


if __name__ == "__main__":
    print(json.dumps(run(Graph(sys.argv[1]), sys.argv[2])))
