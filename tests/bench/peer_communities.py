#!/usr/bin/python3
"""The python-igraph peer of casegraph's `communities`: reads gen's edge
list (the bench graph's edges as "FROM TO" node indices), builds the graph
casegraph clusters (undirected, parallel edges merged, self-loops dropped:
as_undirected / simplify), then times only each clustering call.

usage: peer_communities.py EDGES NODES ALGO...   (leiden, louvain, labelprop)

Seeds Python's random module (python-igraph's random number generator) with
42 before each call, and prints "ALGO_ms T cpu_ms C modularity Q
communities K" per algorithm (T wall, C the process's CPU time).  leiden is community_leiden(objective_function="modularity")
with python-igraph's defaults (resolution 1, beta 0.01, n_iterations 2),
louvain community_multilevel(), labelprop community_label_propagation().
"""
import random
import sys
import time

import igraph


def main():
    edges = []
    with open(sys.argv[1]) as f:
        for line in f:
            a, b = line.split()[:2]
            edges.append((int(a), int(b)))
    g = igraph.Graph(n=int(sys.argv[2]), edges=edges, directed=False)
    g.simplify(multiple=True, loops=True)
    for algo in sys.argv[3:]:
        random.seed(42)
        t0, c0 = time.perf_counter(), time.process_time()
        if algo == "leiden":
            c = g.community_leiden(objective_function="modularity")
        elif algo == "louvain":
            c = g.community_multilevel()
        elif algo == "labelprop":
            c = g.community_label_propagation()
        else:
            sys.exit("peer_communities.py: unknown algorithm %r" % algo)
        ms, cpu = (time.perf_counter() - t0) * 1e3, (time.process_time() - c0) * 1e3
        print("%s_ms %.1f cpu_ms %.1f modularity %.6g communities %d"
              % (algo, ms, cpu, g.modularity(c.membership), len(c)))


main()
