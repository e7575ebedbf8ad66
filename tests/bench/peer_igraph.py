#!/usr/bin/python3
"""The python-igraph peer: load a casegraph YAML file with PyYAML's
CSafeLoader, then build an igraph Graph from the edge list (node ids mapped
to vertex numbers), and time PageRank on it the way casegraph ranks
(undirected, simplified).

usage: peer_igraph.py FILE [pagerank]

Prints "load_ms T nodes N edges M" and, with `pagerank`, "pagerank_ms T".
"""
import sys
import time

import igraph
import yaml


def main():
    t0 = time.perf_counter()
    with open(sys.argv[1], "rb") as f:
        doc = yaml.load(f, Loader=yaml.CSafeLoader)
    nodes = doc.get("nodes") or []
    index = {n["id"]: i for i, n in enumerate(nodes)}
    edges = [(index[e["from"]], index[e["to"]]) for e in doc.get("edges") or []]
    g = igraph.Graph(n=len(nodes), edges=edges, directed=True)
    t1 = time.perf_counter()
    print("load_ms %.1f nodes %d edges %d" % ((t1 - t0) * 1e3, g.vcount(), g.ecount()))
    if len(sys.argv) > 2 and sys.argv[2] == "pagerank":
        u = g.as_undirected(mode="collapse")
        u.simplify()
        t0 = time.perf_counter()
        u.pagerank(damping=0.85, implementation="prpack")
        print("pagerank_ms %.1f" % ((time.perf_counter() - t0) * 1e3))


main()
