#!/usr/bin/python3
"""tests/publish/check_publish.py - reads the publishing exports of one graph
back without casegraph, against its JSON export (the reference of what the
graph holds).

usage: check_publish.py NAME EXPORT.json EXPORT.md RENDERED.html EXPORT.cypher EXPORT.neo4j

- .md, rendered by cmark-gfm (footnotes, tables, autolinks, tagfilter): one
  chronology line per dated edge, in date order; every footnote reference
  resolves to a footnote and every edge has one; the only tags are the ones
  the writer makes (headings, list, table, footnotes), and the only links are
  the footnotes' own and the sources' http(s) urls.
- .cypher: every string literal decoded by Cypher's rules (Neo4j: \\\\ \\' \\"
  \\n \\r \\t \\b \\f \\uXXXX); one CREATE per node and source, one MATCH..CREATE
  per edge, each node's id, name and aliases among the literals of its
  statement, numbers and booleans bare, a backtick in a name doubled.
- .neo4j: each CSV read with Python's csv module (RFC 4180, as neo4j-admin
  reads it): the header, one row per node / edge / source, the ids and
  names as written.
Prints ok/not ok lines; exit 0.
"""
import csv, html.parser, json, os, re, sys

name, jpath, mdpath, htmlpath, cypath, neodir = sys.argv[1:7]
g = json.load(open(jpath, encoding="utf-8"))


def ok(msg):
    print(f"ok - {name}: {msg}")


def notok(msg, *detail):
    print(f"not ok - {name}: {msg}")
    for d in detail:
        print("    " + str(d)[:500])


def check(msg, cond, *detail):
    (ok if cond else notok)(msg, *([] if cond else detail))


# ---- Markdown
md = open(mdpath, encoding="utf-8").read()
lines = [l for l in md.split("\n") if l.startswith("- ")]
dated = sorted((e for e in g["edges"] if e["date"]), key=lambda e: e["date"])
check(f"md: one chronology line per dated edge ({len(dated)})", len(lines) == len(dated), len(lines))
dates = [l[2:].split(" \u2014 ", 1)[0] for l in lines]
check("md: the chronology is in date order", dates == sorted(dates) and dates == [e["date"] for e in dated],
      dates[:5])


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.links, self.ids = set(), [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        if tag == "a":
            self.links.append(a.get("href", ""))
        if "id" in a:
            self.ids.add(a["id"])


t = Tags()
t.feed(open(htmlpath, encoding="utf-8").read())
allowed = {"h1", "h2", "ul", "li", "p", "table", "thead", "tbody", "tr", "th", "td", "sup", "a", "section", "ol"}
check("md: rendered, it has only the writer's tags", t.tags <= allowed, sorted(t.tags - allowed))
urls = {s.get("url") for s in g["sources"]}
refs = [h for h in t.links if h.startswith("#fn-")]
backs = [h for h in t.links if h.startswith("#fnref-")]
other = [h for h in t.links if not h.startswith("#fn")]
check(f"md: every footnote reference resolves ({len(refs)})",
      refs and all(h[1:] in t.ids for h in refs) and len(refs) == len(g["edges"]) or not g["edges"] and not refs,
      [h for h in refs if h[1:] not in t.ids][:5], f"{len(refs)} refs, {len(g['edges'])} edges")
check("md: each footnote links back", len(backs) == len(refs), f"{len(backs)} back links")
check("md: the only other links are source urls", all(h in urls for h in other), other[:5])

# ---- Cypher
cy = open(cypath, encoding="utf-8").read()
LIT = re.compile(r"'((?:[^'\\]|\\.)*)'")
ESC = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def decode(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            if n == "u":
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
                continue
            if n not in ESC:
                raise ValueError(f"bad escape \\{n}")
            out.append(ESC[n])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


stmts = [l for l in cy.split("\n") if l and not l.startswith("//")]
creates = [l for l in stmts if l.startswith("CREATE (:")]
matches = [l for l in stmts if l.startswith("MATCH (a:")]
check("cypher: every statement is a CREATE or a MATCH .. CREATE ending in ';'",
      len(creates) + len(matches) == len(stmts) and all(l.endswith(";") for l in stmts),
      [l for l in stmts if not l.endswith(";")][:3])
check(f"cypher: one CREATE per node and source ({len(g['nodes'])} + {len(g['sources'])})",
      len(creates) == len(g["nodes"]) + len(g["sources"]), len(creates))
check(f"cypher: one MATCH .. CREATE per edge ({len(g['edges'])})", len(matches) == len(g["edges"]), len(matches))
bad = []
node_lines = [l for l in creates if not l.startswith("CREATE (:`Source`")]
for n, l in zip(g["nodes"], node_lines):
    try:
        lits = [decode(x) for x in LIT.findall(l)]
    except ValueError as e:
        bad.append(f"{n['id']}: {e}")
        continue
    label = "`" + n["kind"].replace("`", "``") + "`"
    if not l.startswith(f"CREATE (:{label} {{id: "):
        bad.append(f"{n['id']}: label")
    for want in [n["id"], n["name"], *n["aliases"]]:
        if want not in lits:
            bad.append(f"{n['id']}: {want!r} not among {lits[:6]}")
    for k, v in n.items():
        if k in ("id", "kind", "name", "aliases"):
            continue
        if isinstance(v, bool):
            if f": {'true' if v else 'false'}" not in l:
                bad.append(f"{n['id']}.{k}: boolean")
        elif isinstance(v, (int, float)):
            if not re.search(r": -?[0-9][0-9.eE-]*[,}]", l):
                bad.append(f"{n['id']}.{k}: number")
        elif v not in lits:
            bad.append(f"{n['id']}.{k}: {v!r}")
check("cypher: each node's id, name, aliases and attributes decode to the graph's text, typed", not bad, *bad[:6])
bad = []
for e, l in zip(g["edges"], matches):
    lits = [decode(x) for x in LIT.findall(l)]
    if e["from"] not in lits:
        bad.append(f"{e['from']} missing")
    if e["to"] not in lits:
        bad.append(f"{e['to']} missing")
    if (e["from"] == e["to"]) != l.endswith("]->(a);"):
        bad.append(f"self-loop {e['from']}")
    for s in e["source"]:
        if s not in lits:
            bad.append(f"source {s}")
check("cypher: each edge finds its ends by id (a self-loop by one node) and lists its sources", not bad, *bad[:6])

# ---- Neo4j CSV
files = sorted(f for f in os.listdir(neodir) if f.endswith(".csv"))
imp = open(os.path.join(neodir, "import.txt"), encoding="utf-8").read()
named = re.findall(r"--(?:nodes|relationships)=\S+/(\S+)", imp)
check("neo4j: import.txt names every CSV file once", sorted(named) == files, named, files)
check("neo4j: the marker file is there", os.path.exists(os.path.join(neodir, ".casegraph-neo4j")))
rows = {"node": [], "rel": [], "src": []}
for f in files:
    with open(os.path.join(neodir, f), encoding="utf-8", newline="") as fh:
        r = list(csv.reader(fh, strict=True))
    head, body = r[0], r[1:]
    kind = "src" if f == "sources.csv" else "node" if f.startswith("nodes_") else "rel"
    if any(len(x) != len(head) for x in body):
        notok(f"neo4j: {f}: every row has the header's fields")
    rows[kind] += [dict(zip(head, x)) for x in body]
check(f"neo4j: one row per node ({len(g['nodes'])})", sorted(r["id:ID(node)"] for r in rows["node"]) ==
      sorted(n["id"] for n in g["nodes"]))
check(f"neo4j: one row per edge ({len(g['edges'])})", sorted((r[":START_ID(node)"], r[":TYPE"], r[":END_ID(node)"])
      for r in rows["rel"]) == sorted((e["from"], e["type"], e["to"]) for e in g["edges"]))
check(f"neo4j: one row per source ({len(g['sources'])})", sorted(r["id:ID(source)"] for r in rows["src"]) ==
      sorted(s["id"] for s in g["sources"]))
names = {r["id:ID(node)"]: r["name"] for r in rows["node"]}
check("neo4j: every name as written (quotes, commas, line breaks)",
      all(names.get(n["id"]) == n["name"] for n in g["nodes"]))
d = re.search(r"--array-delimiter=('(.)'|U\+([0-9A-F]{4}))", imp)
delim = d.group(2) or chr(int(d.group(3), 16))
al = {r["id:ID(node)"]: (r["aliases:string[]"].split(delim) if r["aliases:string[]"] else []) for r in rows["node"]}
check(f"neo4j: aliases split on the array delimiter {d.group(1)} are the graph's",
      all(al.get(n["id"]) == n["aliases"] for n in g["nodes"]))
has_break = any("\n" in v or "\r" in v for rr in rows.values() for r in rr for v in r.values())
check("neo4j: --multiline-fields=true exactly when a value holds a line break",
      has_break == ("--multiline-fields=true" in imp))
