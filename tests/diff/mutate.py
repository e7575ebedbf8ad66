#!/usr/bin/env python3
"""tests/diff/mutate.py SEED IN OUT [N | reformat] - a second version of the
graph file IN, written to OUT in a layout picked by SEED (block or flow
entries, quoting styles, comments, key and entry order):
  N         N random changes (default 4), of every kind the diff lists;
  reformat  no change at all: the same graph written differently (entries,
            keys, aliases, sources and rules reordered; parallel edges of one
            identity keep their order, which pairs them).
Prints the changes made on stderr.  Reads IN with tests/diff/ref.py's loader;
never calls casegraph.  The result is kept loadable: edges follow their
nodes and sources, endpoint rules hold, kinds and types in use stay declared.
"""
import copy
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref  # noqa: E402
from ref import S  # noqa: E402

SAFE_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_ .-]*\Z")
NULLISH = {"null", "Null", "NULL", "~", "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On",
           "ON", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE"}


def dq(t):
    """t as a YAML double-quoted scalar."""
    out = ['"']
    for ch in t:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x20 or 0x7F <= c <= 0x9F or c in (0x2028, 0x2029, 0xFEFF):
            out.append("\\u%04x" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class Writer:
    def __init__(self, rnd):
        self.rnd = rnd

    def text(self, t):
        """Text (an id, a name, a kind): any quoting that keeps it text."""
        r = self.rnd.random()
        if SAFE_PLAIN.match(t) and not t.endswith(" ") and t not in NULLISH and ref.typed(S(t, True)) == t and r < 0.5:
            return t
        if r < 0.75 and all(0x20 <= ord(c) < 0x7F or ord(c) > 0x9F for c in t) and "\u2028" not in t \
                and "\u2029" not in t and "\ufeff" not in t and t.strip() == t and t:
            return "'" + t.replace("'", "''") + "'"
        return dq(t)

    def scalar(self, s):
        """An attribute value: plain stays plain when it is typed (a number,
        a boolean); text may take any quoting."""
        if s.plain and not isinstance(ref.typed(s), str):
            return s.text
        return self.text(s.text)

    def lst(self, items, flow=True):
        return "[" + ", ".join(self.text(x) for x in items) + "]"

    def entry(self, pairs, out, comments):
        """One list entry: pairs of (key, written value), block or flow."""
        if not pairs:
            out.append("  - {}\n")
            return
        if self.rnd.random() < 0.4:
            out.append("  - {" + ", ".join("%s: %s" % kv for kv in pairs) + "}\n")
            return
        for i, (k, v) in enumerate(pairs):
            c = "  # note %d" % self.rnd.randrange(100) if comments and self.rnd.random() < 0.2 else ""
            out.append(("  - " if i == 0 else "    ") + "%s: %s%s\n" % (k, v, c))


def order(rnd, items, shuffle):
    items = list(items)
    if shuffle:
        rnd.shuffle(items)
    return items


def write(g, rnd, shuffle, comments):
    w = Writer(rnd)
    out = ["# written by tests/diff/mutate.py\n", "casegraph: 1\n"]
    if g["name"] is not None:
        out.append("name: %s\n" % w.text(g["name"]))
    if g["description"] is not None:
        out.append("description: %s\n" % w.text(g["description"]))
    if g["kinds"]:
        out.append("kinds: [%s]\n" % ", ".join(w.text(k) for k in order(rnd, g["kinds"], shuffle)))
    if g["types"]:
        out.append("types:\n")
        for t in order(rnd, g["types"], shuffle):
            rules = g["types"][t]
            if rules is None:
                out.append("  %s:\n" % w.text(t) if rnd.random() < 0.5 else "  %s: {}\n" % w.text(t))
            else:
                parts = []
                if rules[0]:
                    parts.append("from: " + w.lst(order(rnd, rules[0], shuffle)))
                if rules[1]:
                    parts.append("to: " + w.lst(order(rnd, rules[1], shuffle)))
                out.append("  %s: {%s}\n" % (w.text(t), ", ".join(order(rnd, parts, shuffle))))
    if comments:
        out.append("# the sources\n")
    out.append("sources:\n")
    for s in order(rnd, g["sources"], shuffle):
        pairs = [("id", w.text(s["id"]))]
        pairs += [(f, w.text(s[f])) for f in ref.SOURCE_FIELDS if s[f] is not None]
        pairs += [(k, w.scalar(v)) for k, v in s["attrs"].items()]
        w.entry([pairs[0]] + order(rnd, pairs[1:], shuffle), out, comments)
    out.append("nodes:\n")
    for n in order(rnd, g["nodes"], shuffle):
        pairs = [("id", w.text(n["id"])), ("kind", w.text(n["kind"]))]
        if n["name"] is not None:
            pairs.append(("name", w.text(n["name"])))
        if n["aliases"]:
            pairs.append(("aliases", w.lst(order(rnd, n["aliases"], shuffle))))
        pairs += [(k, w.scalar(v)) for k, v in n["attrs"].items()]
        w.entry(order(rnd, pairs, shuffle), out, comments)
        if comments and rnd.random() < 0.1:
            out.append("  # between entries\n")
    out.append("edges:\n")
    edges = g["edges"]
    if shuffle:
        # reorder, but keep the order of the edges of one identity
        ident = lambda e: (e["from"], e["type"], e["to"], e["date"])  # noqa: E731
        slots = list(range(len(edges)))
        rnd.shuffle(slots)
        groups = {}
        for e in edges:
            groups.setdefault(ident(e), []).append(e)
        keyed = sorted(zip(slots, edges), key=lambda t: t[0])
        taken = {k: iter(v) for k, v in groups.items()}
        edges = [next(taken[ident(e)]) for _, e in keyed]
    for e in edges:
        pairs = [("from", w.text(e["from"])), ("to", w.text(e["to"])), ("type", w.text(e["type"]))]
        if e["date"] is not None:
            pairs.append(("date", e["date"] if rnd.random() < 0.5 else w.text(e["date"])))
        if e["source"]:
            src = order(rnd, e["source"], shuffle)
            pairs.append(("source", w.text(src[0]) if len(src) == 1 and rnd.random() < 0.5 else w.lst(src)))
        pairs += [(k, w.scalar(v)) for k, v in e["attrs"].items()]
        w.entry(order(rnd, pairs, shuffle), out, comments)
    return "".join(out)


# ---- changes ----

def kinds_of(g):
    return ref.BUILTIN_KINDS + g["kinds"]


def rules_of(g, t):
    if t in ref.BUILTIN_RULES:
        return ref.BUILTIN_RULES[t]
    return g["types"].get(t)


def valid(g):
    """Would casegraph load it?  (Only what the changes can break.)"""
    nodes = {n["id"]: n for n in g["nodes"]}
    if len(nodes) != len(g["nodes"]):
        return False
    sources = {s["id"] for s in g["sources"]}
    if len(sources) != len(g["sources"]):
        return False
    kinds = set(kinds_of(g))
    if any(n["kind"] not in kinds for n in g["nodes"]):
        return False
    for t, rules in g["types"].items():
        if rules and any(k not in kinds for k in rules[0] + rules[1]):
            return False
    for e in g["edges"]:
        if e["from"] not in nodes or e["to"] not in nodes:
            return False
        if any(s not in sources for s in e["source"]):
            return False
        if e["type"] not in ref.BUILTIN_TYPES and e["type"] not in g["types"]:
            return False
        rules = rules_of(g, e["type"])
        if rules:
            if rules[0] and nodes[e["from"]]["kind"] not in rules[0]:
                return False
            if rules[1] and nodes[e["to"]]["kind"] not in rules[1]:
                return False
    return True


WORDS = ["alpha", "Beta Co", "gamma", "Delta, Inc.", "épsilon", "zeta 中", "eta \"quoted\"", "theta\ttab",
         "iota\nline", "kappa", "007", "null", "yes", "2017-08-01", "5", "-0", "1.50"]


def new_value(rnd):
    """A fresh attribute value: typed or text, plain or quoted."""
    r = rnd.randrange(8)
    if r == 0:
        return S(str(rnd.randrange(-1000, 1000)), True)
    if r == 1:
        return S(rnd.choice(["2.5", "1e3", "-0.0", "0.25", "10.0", ".5"]), True)
    if r == 2:
        return S(rnd.choice(["true", "false"]), True)
    if r == 3:
        return S(rnd.choice(["5", "true", "2.5", "12"]), False)      # quoted: text
    return S(rnd.choice(WORDS), rnd.random() < 0.5)


def retype(rnd, v):
    """The same text in another type, or another text of the same type."""
    t = ref.typed(v)
    if isinstance(t, str):
        if v.plain:
            return S(v.text + " changed", True)
        return S(v.text, True) if not isinstance(ref.typed(S(v.text, True)), str) else S(v.text + "!", False)
    if rnd.random() < 0.5:
        return S(v.text, False)                                    # 5 -> "5"
    if isinstance(t, bool):
        return S("false" if t else "true", True)
    if isinstance(t, int):
        return S(str(t) + ".0", True) if rnd.random() < 0.5 else S(str(t + 1), True)
    return S(repr(t + 1.5), True)


def fresh_id(rnd, taken, stem):
    while True:
        i = "%s%d" % (stem, rnd.randrange(10000))
        if i not in taken:
            return i


def mutate(g, rnd, log):
    """One random change to g; returns its description (or None: retry)."""
    nodes, edges, sources = g["nodes"], g["edges"], g["sources"]
    ids = {n["id"] for n in nodes}
    what = rnd.randrange(24)
    if what == 0:                                   # node added
        n = {"id": fresh_id(rnd, ids, "new"), "kind": rnd.choice(kinds_of(g)),
             "name": rnd.choice([None, "New Person", "Nouveau"]), "aliases": rnd.choice([[], ["NP"], ["a", "b"]]),
             "attrs": {"since": new_value(rnd)} if rnd.random() < 0.5 else {}}
        nodes.insert(rnd.randrange(len(nodes) + 1), n)
        return "node %s added" % n["id"]
    if not nodes:
        return None
    n = rnd.choice(nodes)
    if what == 1:                                   # node removed with its edges
        nodes.remove(n)
        g["edges"] = [e for e in edges if n["id"] not in (e["from"], e["to"])]
        return "node %s removed" % n["id"]
    if what == 2:                                   # renamed id: a possible rename
        new = fresh_id(rnd, ids, n["id"] + "-")
        for e in edges:
            if e["from"] == n["id"]:
                e["from"] = new
            if e["to"] == n["id"]:
                e["to"] = new
        old, n["id"] = n["id"], new
        return "node %s renamed %s" % (old, new)
    if what == 3:
        n["kind"] = rnd.choice(kinds_of(g))
        return "node %s kind %s" % (n["id"], n["kind"])
    if what == 4:
        n["name"] = rnd.choice([None, n["id"], "Renamed " + n["id"], ""])
        return "node %s name %r" % (n["id"], n["name"])
    if what == 5:
        r = rnd.randrange(3)
        if r == 0:
            n["aliases"].append(rnd.choice(["Alias", "Al, with comma", "al;semi", "\u00c9 accent"]))
        elif r == 1 and n["aliases"]:
            n["aliases"].pop(rnd.randrange(len(n["aliases"])))
        else:
            n["aliases"].append(n["aliases"][0] if n["aliases"] else "dup")   # a repeat: no change as a set
        return "node %s aliases %r" % (n["id"], n["aliases"])
    if what in (6, 7, 8):                           # node attribute added / removed / changed / retyped
        return attr_change(rnd, n["attrs"], "node " + n["id"])
    if what in (9, 10):                             # edge added, maybe parallel to one
        if edges and rnd.random() < 0.5:
            e = copy.deepcopy(rnd.choice(edges))
            if rnd.random() < 0.5:
                e["attrs"]["note"] = S("parallel", True)
        else:
            plain = [t for t in ref.BUILTIN_TYPES if t not in ref.BUILTIN_RULES] + \
                    [t for t, r in g["types"].items() if not r]
            e = {"from": rnd.choice(nodes)["id"], "to": rnd.choice(nodes)["id"], "type": rnd.choice(plain),
                 "date": rnd.choice([None, "2017", "2018-02", "2019-03-04"]),
                 "source": [rnd.choice(sources)["id"]] if sources and rnd.random() < 0.7 else [],
                 "attrs": {}}
        edges.insert(rnd.randrange(len(edges) + 1), e)
        return "edge %s -%s-> %s added" % (e["from"], e["type"], e["to"])
    if not edges:
        return None
    e = rnd.choice(edges)
    if what == 11:
        edges.remove(e)
        return "edge %s -%s-> %s removed" % (e["from"], e["type"], e["to"])
    if what == 12:
        e["date"] = rnd.choice([None, "2016", "2016-05", "2016-05-06", "2020-02-29"])
        return "edge %s -%s-> %s date %s" % (e["from"], e["type"], e["to"], e["date"])
    if what == 13:
        if sources and rnd.random() < 0.6:
            s = rnd.choice(sources)["id"]
            if s in e["source"]:
                e["source"].remove(s)
            else:
                e["source"].append(s)
        else:
            e["source"].reverse()                   # order only: no change
        return "edge %s -%s-> %s sources %r" % (e["from"], e["type"], e["to"], e["source"])
    if what in (14, 15):
        return attr_change(rnd, e["attrs"], "edge %s -%s-> %s" % (e["from"], e["type"], e["to"]))
    if what == 16:                                  # source added / removed
        if rnd.random() < 0.5 or not sources:
            s = {"id": fresh_id(rnd, {s["id"] for s in sources}, "src"), "title": "A new source",
                 "publisher": None, "date": rnd.choice([None, "2021"]), "url": None, "file": None, "note": None,
                 "attrs": {"pages": S("3", True)} if rnd.random() < 0.5 else {}}
            sources.insert(rnd.randrange(len(sources) + 1), s)
            return "source %s added" % s["id"]
        s = rnd.choice(sources)
        sources.remove(s)
        for x in edges:
            if s["id"] in x["source"]:
                x["source"].remove(s["id"])
        return "source %s removed" % s["id"]
    if what == 17:
        if not sources:
            return None
        s = rnd.choice(sources)
        f = rnd.choice(ref.SOURCE_FIELDS + ("attr",))
        if f == "attr":
            return attr_change(rnd, s["attrs"], "source " + s["id"])
        s[f] = rnd.choice([None, "Changed " + f]) if f != "date" else rnd.choice([None, "2015-06"])
        return "source %s %s %r" % (s["id"], f, s[f])
    if what == 18:                                  # kind declared / undeclared
        if g["kinds"] and rnd.random() < 0.5:
            k = rnd.choice(g["kinds"])
            g["kinds"].remove(k)
            gone = {x["id"] for x in nodes if x["kind"] == k}
            g["nodes"] = [x for x in nodes if x["id"] not in gone]
            g["edges"] = [x for x in edges if x["from"] not in gone and x["to"] not in gone]
            for t, r in g["types"].items():
                if r:
                    g["types"][t] = [[y for y in r[0] if y != k], [y for y in r[1] if y != k]]
                    if not g["types"][t][0] and not g["types"][t][1]:
                        g["types"][t] = None
            return "kind %s undeclared" % k
        k = fresh_id(rnd, set(g["kinds"]), "kind")
        g["kinds"].append(k)
        if rnd.random() < 0.5:
            n["kind"] = k
        return "kind %s declared" % k
    if what == 19:                                  # type declared / undeclared / rules changed
        r = rnd.randrange(3)
        if r == 0 or not g["types"]:
            t = fresh_id(rnd, set(g["types"]), "type")
            g["types"][t] = None if rnd.random() < 0.5 else [["person"], []]
            if rnd.random() < 0.5 and g["types"][t] is None:
                e["type"] = t
            return "type %s declared" % t
        t = rnd.choice(list(g["types"]))
        if r == 1:
            del g["types"][t]
            for x in edges:
                if x["type"] == t:
                    x["type"] = "urged"
            return "type %s undeclared" % t
        g["types"][t] = rnd.choice([None, [kinds_of(g), []], [[], kinds_of(g)[::-1]]])
        return "type %s rules %r" % (t, g["types"][t])
    if what == 20:
        g["name"] = rnd.choice([None, "renamed graph", g["name"]])
        return "graph name %r" % g["name"]
    if what == 21:
        g["description"] = rnd.choice([None, "a new description", "two\nlines"])
        return "graph description %r" % g["description"]
    if what == 22:                                  # the same name and kind, another id, no edges
        d = {"id": fresh_id(rnd, ids, "dup"), "kind": n["kind"], "name": n["name"] if n["name"] is not None else n["id"],
             "aliases": [], "attrs": {}}
        nodes.remove(n)
        g["edges"] = [x for x in edges if n["id"] not in (x["from"], x["to"])]
        nodes.append(d)
        return "node %s replaced by %s" % (n["id"], d["id"])
    return attr_change(rnd, rnd.choice(nodes)["attrs"], "node")


def attr_change(rnd, attrs, who):
    r = rnd.randrange(3)
    if r == 0 or not attrs:
        k = rnd.choice(["extra", "votes", "note", "flag", "x-y"])
        attrs[k] = new_value(rnd)
        return "%s attribute %s = %r" % (who, k, attrs[k])
    k = rnd.choice(list(attrs))
    if r == 1:
        del attrs[k]
        return "%s attribute %s removed" % (who, k)
    attrs[k] = retype(rnd, attrs[k])
    return "%s attribute %s -> %r" % (who, k, attrs[k])


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    seed, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    how = sys.argv[4] if len(sys.argv) == 5 else "4"
    rnd = random.Random(seed)
    g = ref.load(src)
    if how != "reformat":
        for attempt in range(200):
            h = copy.deepcopy(g)
            log = []
            while len(log) < int(how):
                d = mutate(h, rnd, log)
                if d:
                    log.append(d)
            if valid(h):
                g = h
                break
        else:
            sys.exit("mutate.py: no valid change of %s in 200 tries" % src)
        for d in log:
            print(d, file=sys.stderr)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(write(g, rnd, shuffle=how == "reformat" or rnd.random() < 0.3, comments=rnd.random() < 0.7))


if __name__ == "__main__":
    main()
