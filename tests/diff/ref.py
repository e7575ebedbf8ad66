#!/usr/bin/env python3
"""tests/diff/ref.py OLD.yaml NEW.yaml - what `casegraph diff OLD NEW` must
print, worked out from the YAML alone (PyYAML; never calls casegraph).

Prints one JSON object: {"rows": [...], "renames": [[OLD_IDS, NEW_IDS], ...]}
where rows are what `casegraph -o json diff` prints (objects with change,
what, id, field, old, new) in SPEC 12's order as the README documents it:
by what (graph, kind, type, source, node, edge), then id (edges: from,
type, to, date with undated first, then #N), then field.

The rules, written from SPEC 2 and 12:
 - a value's type is its own: a plain scalar that reads as an integer,
   a decimal number or true/false is one; anything else, and every quoted
   scalar, is text; numbers compare by value;
 - aliases, an edge's sources and a type's rules are sets;
 - a node without a name is named by its id;
 - an edge is identified by from, type, to and date; the k-th of an
   identity in OLD pairs with the k-th in NEW (file order);
 - declared kinds and types are those beyond the built-ins.
Also importable: load() gives the model tests/diff/mutate.py edits.
"""
import json
import math
import re
import sys

import yaml

BUILTIN_KINDS = ("senator representative attorney_general official person company organization agency "
                 "committee court bill law case report media").split()
BUILTIN_TYPES = ("sponsored cosponsored endorsed opposed subpoenaed sued seized investigated charged indicted "
                 "ordered ruled denied filed amends signed voted_for member_of chairs employs owns contracted "
                 "published urged referred").split()
BUILTIN_RULES = {"sponsored": (["senator", "representative"], ["bill"]),
                 "cosponsored": (["senator", "representative"], ["bill"]),
                 "amends": (["bill", "law"], ["law"])}
SOURCE_FIELDS = ("title", "publisher", "date", "url", "file", "note")


class S:
    """A scalar as written: its text and whether it was plain."""
    __slots__ = ("text", "plain")

    def __init__(self, text, plain):
        self.text, self.plain = text, plain

    def __repr__(self):
        return "S(%r, %s)" % (self.text, self.plain)

    def __eq__(self, other):
        return isinstance(other, S) and self.text == other.text and self.plain == other.plain

    def __hash__(self):
        return hash(self.text)


class Loader(yaml.SafeLoader):
    pass


def _scalar(loader, node):
    return S(loader.construct_scalar(node), node.style is None)


for _t in ("str", "int", "float", "bool", "timestamp", "binary", "value"):
    Loader.add_constructor("tag:yaml.org,2002:" + _t, _scalar)
Loader.add_constructor("tag:yaml.org,2002:null", lambda loader, node: None)

INT_RE = re.compile(r"[+-]?(0|[1-9][0-9]*)\Z")
DOUBLE_RE = re.compile(r"[+-]?(?!0[0-9])([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")


def typed(s):
    """The value of scalar s in its own type: int, float, bool or str."""
    t = s.text
    if not s.plain:
        return t
    if t in ("true", "false"):
        return t == "true"
    if INT_RE.match(t) and -2**63 <= int(t) < 2**63:
        return int(t)
    if DOUBLE_RE.match(t):
        v = float(t)
        if math.isfinite(v):
            return v
    return t


def same_value(a, b):
    x, y = typed(a), typed(b)
    if type(x) is not type(y):
        return False
    if isinstance(x, float):
        return x == y and math.copysign(1, x) == math.copysign(1, y)
    return x == y


def text(v):
    return None if v is None else v.text


def as_list(v):
    if v is None:
        return []
    if isinstance(v, list):
        return [x.text for x in v if x is not None]
    return [v.text]


def plain_keys(m):
    return {(k.text if isinstance(k, S) else k): v for k, v in m.items()}


def attrs_of(m, reserved):
    return {k: v for k, v in m.items() if k not in reserved and v is not None}


def load(path):
    """The graph in one file: a dict of name, description, kinds (declared,
    in order), types (name -> [from, to] or None), sources, nodes, edges
    (lists of dicts, in file order; attributes as S under "attrs")."""
    with open(path, encoding="utf-8-sig") as f:
        doc = yaml.load(f, Loader=Loader)
    doc = plain_keys(doc)
    g = {"name": text(doc.get("name")), "description": text(doc.get("description")),
         "kinds": [], "types": {}, "sources": [], "nodes": [], "edges": []}
    for k in as_list(doc.get("kinds")):
        if k not in BUILTIN_KINDS and k not in g["kinds"]:
            g["kinds"].append(k)
    types = doc.get("types")
    if isinstance(types, list):
        types = {t: None for t in types}
    for name, rules in (plain_keys(types) if types else {}).items():
        if rules is not None:
            rules = plain_keys(rules)
            rules = [as_list(rules.get("from")), as_list(rules.get("to"))]
            if not rules[0] and not rules[1]:
                rules = None
        if name in BUILTIN_TYPES:
            continue
        if name not in g["types"] or rules is not None:
            g["types"][name] = rules
    for m in doc.get("sources") or []:
        m = plain_keys(m)
        s = {"id": m["id"].text, "attrs": attrs_of(m, ("id",) + SOURCE_FIELDS)}
        for f in SOURCE_FIELDS:
            s[f] = text(m.get(f))
        g["sources"].append(s)
    for m in doc.get("nodes") or []:
        m = plain_keys(m)
        n = {"id": m["id"].text, "kind": m["kind"].text, "name": text(m.get("name")),
             "aliases": as_list(m.get("aliases")), "attrs": attrs_of(m, ("id", "kind", "name", "aliases"))}
        g["nodes"].append(n)
    for m in doc.get("edges") or []:
        m = plain_keys(m)
        e = {"from": m["from"].text, "to": m["to"].text, "type": m["type"].text, "date": text(m.get("date")),
             "source": as_list(m.get("source")), "attrs": attrs_of(m, ("from", "to", "type", "date", "source"))}
        g["edges"].append(e)
    return g


def attrs_json(attrs):
    return {k: typed(v) for k, v in attrs.items()}


def name_of(n):
    return n["name"] if n["name"] is not None else n["id"]


def node_obj(n):
    o = {"id": n["id"], "kind": n["kind"], "name": name_of(n),
         "aliases": list(n["aliases"])}
    o.update(attrs_json(n["attrs"]))
    return o


def edge_obj(e):
    o = {"from": e["from"], "to": e["to"], "type": e["type"], "date": e["date"], "source": list(e["source"])}
    o.update(attrs_json(e["attrs"]))
    return o


def source_obj(s):
    o = {"id": s["id"]}
    for f in SOURCE_FIELDS:
        if s[f] is not None:
            o[f] = s[f]
    o.update(attrs_json(s["attrs"]))
    return o


def attr_fields(a, b):
    out = []
    for k in set(a) | set(b):
        if k in a and k in b and same_value(a[k], b[k]):
            continue
        out.append((k, typed(a[k]) if k in a else None, typed(b[k]) if k in b else None))
    return out


def text_field(out, name, x, y):
    if x != y:
        out.append((name, x, y))


def set_field(out, name, x, y):
    if set(x) != set(y):
        out.append((name, list(x), list(y)))


def diff(a, b):
    rows = []

    def row(change, what, id_, field, old, new):
        rows.append({"change": change, "what": what, "id": id_, "field": field, "old": old, "new": new})

    def changed(what, id_, fields):
        for f, o, n in sorted(fields, key=lambda t: t[0].encode()):
            row("changed", what, id_, f, o, n)

    f = []
    text_field(f, "description", a["description"], b["description"])
    text_field(f, "name", a["name"], b["name"])
    changed("graph", None, f)

    ka, kb = set(a["kinds"]), set(b["kinds"])
    for k in sorted(ka | kb, key=str.encode):
        if k not in kb:
            row("removed", "kind", k, None, k, None)
        elif k not in ka:
            row("added", "kind", k, None, None, k)

    def type_obj(name, rules):
        return {"name": name, "from": list(rules[0]) if rules else [], "to": list(rules[1]) if rules else []}

    for t in sorted(set(a["types"]) | set(b["types"]), key=str.encode):
        if t not in b["types"]:
            row("removed", "type", t, None, type_obj(t, a["types"][t]), None)
        elif t not in a["types"]:
            row("added", "type", t, None, None, type_obj(t, b["types"][t]))
        else:
            ra, rb = a["types"][t] or [[], []], b["types"][t] or [[], []]
            f = []
            set_field(f, "from", ra[0], rb[0])
            set_field(f, "to", ra[1], rb[1])
            changed("type", t, f)

    sa = {s["id"]: s for s in a["sources"]}
    sb = {s["id"]: s for s in b["sources"]}
    for i in sorted(set(sa) | set(sb), key=str.encode):
        if i not in sb:
            row("removed", "source", i, None, source_obj(sa[i]), None)
        elif i not in sa:
            row("added", "source", i, None, None, source_obj(sb[i]))
        else:
            f = []
            for fld in SOURCE_FIELDS:
                text_field(f, fld, sa[i][fld], sb[i][fld])
            f += attr_fields(sa[i]["attrs"], sb[i]["attrs"])
            changed("source", i, f)

    na = {n["id"]: n for n in a["nodes"]}
    nb = {n["id"]: n for n in b["nodes"]}
    gone = {}
    for i in sorted(set(na) | set(nb), key=str.encode):
        if i not in nb:
            row("removed", "node", i, None, node_obj(na[i]), None)
            gone.setdefault((na[i]["kind"], name_of(na[i])), ([], []))[0].append(i)
        elif i not in na:
            row("added", "node", i, None, None, node_obj(nb[i]))
            gone.setdefault((nb[i]["kind"], name_of(nb[i])), ([], []))[1].append(i)
        else:
            x, y = na[i], nb[i]
            f = []
            text_field(f, "kind", x["kind"], y["kind"])
            text_field(f, "name", name_of(x), name_of(y))
            set_field(f, "aliases", x["aliases"], y["aliases"])
            f += attr_fields(x["attrs"], y["attrs"])
            changed("node", i, f)
    renames = [[sorted(o, key=str.encode), sorted(n, key=str.encode)]
               for (kind, name), (o, n) in sorted(gone.items(), key=lambda kv: (kv[0][0].encode(), kv[0][1].encode()))
               if o and n]

    def ident(e):
        return (e["from"], e["type"], e["to"], e["date"])

    ga, gb = {}, {}
    for e in a["edges"]:
        ga.setdefault(ident(e), []).append(e)
    for e in b["edges"]:
        gb.setdefault(ident(e), []).append(e)
    events = []
    for k in set(ga) | set(gb):
        xs, ys = ga.get(k, []), gb.get(k, [])
        for n in range(1, max(len(xs), len(ys)) + 1):
            x = xs[n - 1] if n <= len(xs) else None
            y = ys[n - 1] if n <= len(ys) else None
            events.append((k, n, x, y))

    def order(ev):
        (fr, ty, to, date), n = ev[0], ev[1]
        return (fr.encode(), ty.encode(), to.encode(), (0, b"") if date is None else (1, date.encode()), n)

    for (fr, ty, to, date), n, x, y in sorted(events, key=order):
        id_ = "%s -%s-> %s" % (fr, ty, to) + (" (%s)" % date if date is not None else "") + ("#%d" % n if n > 1 else "")
        if y is None:
            row("removed", "edge", id_, None, edge_obj(x), None)
        elif x is None:
            row("added", "edge", id_, None, None, edge_obj(y))
        else:
            f = []
            set_field(f, "source", x["source"], y["source"])
            f += attr_fields(x["attrs"], y["attrs"])
            changed("edge", id_, f)
    return rows, renames


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows, renames = diff(load(sys.argv[1]), load(sys.argv[2]))
    json.dump({"rows": rows, "renames": renames}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
