"""For each export directory given (holding a.json, a.dot.json from
`dot -Tjson`, and a.graphml unless GraphML was refused), prints
DIR|json N M|dot N M|networkx N M|igraph N M on one line.  The legend nodes
of the DOT export (ids starting with "legend ") are not counted."""
import json
import os
import sys

import igraph
import networkx as nx

for d in sys.argv[1:]:
    out = [d]
    try:
        j = json.load(open(os.path.join(d, "a.json"), encoding="utf-8"))
        out.append("%d %d" % (len(j["nodes"]), len(j["edges"])))
    except Exception as ex:
        out.append("json error %s" % ex)
    try:
        j = json.load(open(os.path.join(d, "a.dot.json"), encoding="utf-8"))
        nodes = [o for o in j.get("objects", []) if "nodes" not in o and not o["name"].startswith("legend ")]
        out.append("%d %d" % (len(nodes), len(j.get("edges", []))))
    except Exception as ex:
        out.append("dot error %s" % ex)
    gm = os.path.join(d, "a.graphml")
    if os.path.exists(gm):
        try:
            G = nx.read_graphml(gm)
            out.append("%d %d" % (G.number_of_nodes(), G.number_of_edges()))
        except Exception as ex:
            out.append("networkx error %s" % ex)
        try:
            g = igraph.Graph.Read_GraphML(gm)
            out.append("%d %d" % (g.vcount(), g.ecount()))
        except Exception as ex:
            out.append("igraph error %s" % ex)
    print("|".join(out))
