#!/usr/bin/python3
"""The networkx peer: load a casegraph YAML file with PyYAML's CSafeLoader and
build a networkx MultiDiGraph with the node, edge and source data.

usage: peer_networkx.py FILE

Prints "load_ms T nodes N edges M" (T: reading, parsing and building).
"""
import sys
import time

import networkx as nx
import yaml


def main():
    t0 = time.perf_counter()
    with open(sys.argv[1], "rb") as f:
        doc = yaml.load(f, Loader=yaml.CSafeLoader)
    g = nx.MultiDiGraph(name=doc.get("name"))
    sources = {s["id"]: s for s in doc.get("sources") or []}
    for n in doc.get("nodes") or []:
        g.add_node(n["id"], **{k: v for k, v in n.items() if k != "id"})
    for e in doc.get("edges") or []:
        src = e.get("source")
        if src is not None:
            for s in (src if isinstance(src, list) else [src]):
                if s not in sources:
                    raise SystemExit("unknown source %r" % s)
        g.add_edge(e["from"], e["to"], **{k: v for k, v in e.items() if k not in ("from", "to")})
    t1 = time.perf_counter()
    print("load_ms %.1f nodes %d edges %d" % ((t1 - t0) * 1e3, g.number_of_nodes(), g.number_of_edges()))


main()
