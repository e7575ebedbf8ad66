"""Reads the exports of tests/export/hostile.yaml with the tools people use
(networkx, python-igraph, json, Graphviz's SVG) and checks every value and
type against what hostile.yaml says, worked out by hand.

usage: check_hostile.py DIR   (DIR holds h.graphml, h.json, h.svg, h.yaml)
Prints "ok - ..." / "not ok - ..." lines.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

D = sys.argv[1]


def check(name, cond, detail=""):
    if cond:
        print("ok - " + name)
    else:
        print("not ok - " + name)
        if detail:
            print("    " + str(detail)[:2000])


NAME_007 = 'He said "hi" \\ <b>&{}</b> \\N \\G x'
NAME_GRAPH = "Line1\nLine2\r\nLine3\ttabbed"
NAME_NODE = "Ελληνικά — 日本語 😀 עברית"
NAME_STRICT = "NEL\x85 LS\u2028 PS\u2029 BOM\ufeff C1\x9f end"
NAME_AB = "- dash: colon # hash [x] {y} 'single' `tick` %pct @at"
NOTE_XML = '</data><data key="x">&amp;'
NOTE_Q = '\\"quoted\\"'
ALIASES_007 = ['Double-O "Seven"', "agent: 007", "# not a comment"]

# ---- networkx
try:
    import networkx as nx
    G = nx.read_graphml(os.path.join(D, "h.graphml"))
    check("networkx: 8 nodes, 7 edges (parallel edges and the self-loop kept)",
          G.number_of_nodes() == 8 and G.number_of_edges() == 7,
          (G.number_of_nodes(), G.number_of_edges()))
    check("networkx: ids are casegraph ids",
          sorted(G.nodes) == sorted(["007", "graph", "node", "2017-08-01", "a:b", "edge", "strict", "lonely"]),
          sorted(G.nodes))
    n = G.nodes["007"]
    check("networkx: name with quotes, backslashes, markup", n["name"] == NAME_007, repr(n.get("name")))
    check("networkx: long attribute is an int", n["weight"] == 3 and type(n["weight"]) is int, repr(n.get("weight")))
    check("networkx: double attribute is a float", n["ratio"] == 0.5 and type(n["ratio"]) is float, repr(n.get("ratio")))
    check("networkx: boolean attribute is a bool", n["active"] is True and G.nodes["graph"]["active"] is False,
          repr((n.get("active"), G.nodes["graph"].get("active"))))
    check("networkx: quoted number stays text", n["code"] == "42", repr(n.get("code")))
    check("networkx: mixed key is text", n["mixed"] == "5" and G.nodes["graph"]["mixed"] == "five")
    check("networkx: aliases as a JSON array", json.loads(n["aliases"]) == ALIASES_007, repr(n.get("aliases")))
    check("networkx: key with a space is named date_of_birth", n.get("date_of_birth") == "1920-11-11", repr(n))
    check("networkx: CR, LF and tab survive", G.nodes["graph"]["name"] == NAME_GRAPH, repr(G.nodes["graph"]["name"]))
    check("networkx: non-ASCII survives", G.nodes["node"]["name"] == NAME_NODE)
    check("networkx: +7 reads as 7, .25 as 0.25, 1e3 as 1000.0",
          G.nodes["node"]["weight"] == 7 and G.nodes["node"]["ratio"] == 0.25 and G.nodes["graph"]["ratio"] == 1000.0)
    check("networkx: leading/trailing spaces kept", G.nodes["2017-08-01"]["name"] == "  padded  ")
    check("networkx: NEL, LS, PS, BOM, C1 survive", G.nodes["strict"]["name"] == NAME_STRICT,
          repr(G.nodes["strict"]["name"]))
    check("networkx: non-ASCII key", G.nodes["2017-08-01"].get("ü") == "umlaut key")
    check("networkx: node attribute named type", G.nodes["graph"].get("type") == "node-attribute-named-type")
    par = sorted(d["note"] for _, _, d in G.edges(data=True) if d.get("type") == "raided")
    check("networkx: the three parallel raided edges", par == ["first", "parallel twin", "third, undated, two sources"], par)
    w = sorted(d["weight"] for _, _, d in G.edges(data=True) if "weight" in d)
    check("networkx: edge weight is a double distinct from node weight", w == [0.5, 1.5, 2.0, 2.5]
          and all(type(x) is float for x in w), w)
    e = [d for _, _, d in G.edges(data=True) if d.get("note") == "third, undated, two sources"][0]
    check("networkx: several sources as a JSON array", json.loads(e["source"]) == ["s1", "s2"] and "date" not in e, e)
    e = [d for u, v, d in G.edges(data=True) if u == "007" and v == "007"][0]
    check("networkx: self-loop with edge attrs named kind/name", e["kind"] == "edge attr named kind"
          and e["name"] == "edge attr named name" and e["date"] == "2018" and e["source"] == "s2", e)
    e = [d for u, v, d in G.edges(data=True) if u == "a:b"][0]
    check("networkx: markup in a value", e["note"] == NOTE_XML, repr(e))
    e = [d for u, v, d in G.edges(data=True) if u == "strict"][0]
    check("networkx: edge boolean and backslash-quote text", e["flag"] is True and e["note"] == NOTE_Q, repr(e))
    e = [d for u, v, d in G.edges(data=True) if u == "007" and v == "graph"][0]
    check("networkx: edge long", e["count"] == 12 and type(e["count"]) is int, repr(e))
    check("networkx: graph name", G.graph.get("name") == 'hostile "graph"', G.graph)
except ImportError as ex:
    check("networkx is installed", False, ex)

# ---- python-igraph
try:
    import igraph
    g = igraph.Graph.Read_GraphML(os.path.join(D, "h.graphml"))
    check("igraph: 8 vertices, 7 edges, directed", g.vcount() == 8 and g.ecount() == 7 and g.is_directed())
    v = {x["id"]: x for x in g.vs}
    check("igraph: ids in the id attribute", sorted(v) == sorted(["007", "graph", "node", "2017-08-01", "a:b", "edge", "strict", "lonely"]))
    a = v["007"].attributes()
    check("igraph: name survives", a["name"] == NAME_007, repr(a["name"]))
    check("igraph: long is numeric 3", a["weight"] == 3, repr(a["weight"]))
    check("igraph: double is numeric 0.5", a["ratio"] == 0.5)
    check("igraph: boolean is a bool", a["active"] is True and v["graph"]["active"] is False,
          repr((a["active"], v["graph"]["active"])))
    check("igraph: text stays text", a["code"] == "42" and a["mixed"] == "5")
    check("igraph: CR/LF/tab survive", v["graph"]["name"] == NAME_GRAPH, repr(v["graph"]["name"]))
    check("igraph: NEL/LS/PS/BOM/C1 survive", v["strict"]["name"] == NAME_STRICT, repr(v["strict"]["name"]))
    check("igraph: non-ASCII survives", v["node"]["name"] == NAME_NODE)
    es = g.es
    self_loops = [e for e in es if e.source == e.target]
    check("igraph: one self-loop", len(self_loops) == 1 and self_loops[0]["kind"] == "edge attr named kind")
    check("igraph: edge weight is numeric", sorted(x for x in es["weight"] if x == x) == [0.5, 1.5, 2.0, 2.5],
          es["weight"])
    par = [e for e in es if v["graph"].index == e.source and v["node"].index == e.target]
    check("igraph: three parallel edges", len(par) == 3)
    check("igraph: edge markup text", NOTE_XML in es["note"] and NOTE_Q in es["note"])
except ImportError as ex:
    check("python-igraph is installed", False, ex)

# ---- JSON
with open(os.path.join(D, "h.json"), encoding="utf-8") as f:
    J = json.load(f)
nodes = {n["id"]: n for n in J["nodes"]}
check("json: 8 nodes, 7 edges, 3 sources", len(J["nodes"]) == 8 and len(J["edges"]) == 7 and len(J["sources"]) == 3)
n = nodes["007"]
check("json: node fields and typed attributes",
      n["kind"] == "person" and n["name"] == NAME_007 and n["aliases"] == ALIASES_007 and n["weight"] == 3
      and type(n["weight"]) is int and n["ratio"] == 0.5 and n["active"] is True and n["code"] == "42"
      and n["mixed"] == "5" and n["date of birth"] == "1920-11-11" and n["a!b"] == "one", n)
check("json: no aliases is an empty list, name defaults to the id", nodes["lonely"]["aliases"] == []
      and nodes["lonely"]["name"] == "lonely")
check("json: +7 is 7, 1e3 is 1000.0 (a float)", nodes["node"]["weight"] == 7 and nodes["graph"]["ratio"] == 1000.0
      and type(nodes["graph"]["ratio"]) is float)
check("json: hostile names survive", nodes["graph"]["name"] == NAME_GRAPH and nodes["strict"]["name"] == NAME_STRICT
      and nodes["a:b"]["name"] == NAME_AB and nodes["edge"]["name"] == "trailing backslash \\")
e = J["edges"][2]
check("json: undated edge has date null and two sources", e["date"] is None and e["source"] == ["s1", "s2"]
      and e["weight"] == 2.0 and type(e["weight"]) is float, e)
e = J["edges"][4]
check("json: edge with no source", e["source"] == [] and e["date"] == "2016-02" and e["note"] == NOTE_XML, e)
check("json: source records", J["sources"][1] == {"id": "s2", "title": "back\\slash\\",
      "url": "https://example.org/?a=1&b=<2>", "rating": 4}, J["sources"][1])

# ---- SVG rendered from the DOT export: every label as it was written
ns = {"s": "http://www.w3.org/2000/svg"}
t = ET.parse(os.path.join(D, "h.svg"))
labels = {}
for grp in t.getroot().iter("{http://www.w3.org/2000/svg}g"):
    if grp.get("class") == "node":
        title = grp.find("s:title", ns).text
        labels[title] = [x.text for x in grp.findall(".//s:text", ns)]
check("svg: the name with quotes, backslashes, markup and \\N", labels.get("007") == [NAME_007], labels.get("007"))
check("svg: line breaks become lines", labels.get("graph") == ["Line1", "Line2", "Line3 tabbed"], labels.get("graph"))
check("svg: non-ASCII", labels.get("node") == [NAME_NODE])
check("svg: trailing backslash", labels.get("edge") == ["trailing backslash \\"], labels.get("edge"))
check("svg: YAML/DOT punctuation", labels.get("a:b") == [NAME_AB], labels.get("a:b"))
check("svg: legend lists the 8 kinds present",
      sorted(k for k in labels if k.startswith("legend ")) ==
      sorted("legend " + k for k in ["person", "agency", "venue", "weird.kind", "court", "bill", "company", "media"]))

# ---- PyYAML reads the YAML export too (casegraph's own loader is checked by the suite)
try:
    import yaml
    with open(os.path.join(D, "h.yaml"), encoding="utf-8") as f:
        Y = yaml.safe_load(f)
    yn = {n["id"]: n for n in Y["nodes"]}
    check("pyyaml: ids stay text, hostile names survive",
          sorted(yn) == sorted(["007", "graph", "node", "2017-08-01", "a:b", "edge", "strict", "lonely"])
          and yn["007"]["name"] == NAME_007 and yn["graph"]["name"] == NAME_GRAPH
          and yn["strict"]["name"] == NAME_STRICT and yn["a:b"]["name"] == NAME_AB
          and yn["2017-08-01"]["name"] == "  padded  ", [yn.get(k, {}).get("name") for k in yn])
    check("pyyaml: typed values keep their type, quoted ones stay text",
          yn["007"]["weight"] == 3 and yn["007"]["ratio"] == 0.5 and yn["007"]["active"] is True
          and yn["007"]["code"] == "42" and yn["007"]["mixed"] == 5 and yn["graph"]["mixed"] == "five",
          yn["007"])
    check("pyyaml: aliases and several sources are lists", yn["007"]["aliases"] == ALIASES_007
          and Y["edges"][2]["source"] == ["s1", "s2"])
except ImportError as ex:
    check("python3-yaml is installed", False, ex)
