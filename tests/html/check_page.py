"""tests/html/check_page.py NAME PAGE.html GRAPH.json - the structure of one
casegraph .html page, read with Python's own HTML parser (never casegraph):
one self-contained file (no element with src, no link, no href before the
script runs, no url() in the style), a Content-Security-Policy whose hashes
are those of the inline script and style, two script elements (the JSON data
block and the page's script), a data block that parses as JSON and holds the
same nodes, edges and sources as casegraph's JSON export GRAPH.json, and no
raw `<`, `>`, `&`, U+2028 or U+2029 inside that block.  Prints ok / not ok
lines."""
import base64, hashlib, html.parser, json, re, sys

name, page_path, graph_path = sys.argv[1:4]
raw = open(page_path, "rb").read()
text = raw.decode("utf-8")
fails = 0


def check(what, cond, detail=""):
    global fails
    if cond:
        print(f"ok - {name}: {what}")
    else:
        fails += 1
        print(f"not ok - {name}: {what}")
        if detail:
            print("    " + str(detail)[:600].replace("\n", "\n    "))


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.styles, self.csp = [], [], [], None
        self.cur = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
        if tag in ("script", "style"):
            self.cur = [tag, a, ""]

    def handle_data(self, data):
        if self.cur:
            self.cur[2] += data

    def handle_endtag(self, tag):
        if self.cur and tag == self.cur[0]:
            (self.scripts if tag == "script" else self.styles).append(self.cur)
            self.cur = None


p = Page()
p.feed(text)
p.close()
ext = [(t, k, v) for t, attrs in p.tags for k, v in attrs
       if k in ("src", "href", "xlink:href", "srcset", "data", "action", "poster", "background")]
check("no element loads anything (no src, href, srcset, data, action)", not ext, ext[:5])
check("no <link>, <img>, <iframe>, <object>, <embed> or <base> element",
      not [t for t, _ in p.tags if t in ("link", "img", "iframe", "object", "embed", "base", "foreignobject")])
check("no event-handler attribute anywhere",
      not [(t, k) for t, attrs in p.tags for k, _ in attrs if k.lower().startswith("on")])
check("the style fetches nothing (no url(), no @import)",
      all("url(" not in s[2] and "@import" not in s[2] for s in p.styles), "")
check("two script elements: the data block and the page's script", len(p.scripts) == 2,
      [s[1] for s in p.scripts])
csp = p.csp or ""
check("a Content-Security-Policy with default-src 'none'", "default-src 'none'" in csp, csp)


def sha(s):
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"


code = [s for s in p.scripts if "type" not in s[1]]
check("the CSP allows the page's script by its hash, and only it",
      len(code) == 1 and re.search(r"script-src " + re.escape(sha(code[0][2])) + r";", csp) is not None, csp)
check("the CSP allows the page's style by its hash",
      len(p.styles) == 1 and ("style-src " + sha(p.styles[0][2]) + ";") in csp, csp)
block = [s for s in p.scripts if s[1].get("type") == "application/json"]
data = None
if len(block) == 1:
    body = block[0][2]
    check("the data block holds no raw < > & U+2028 U+2029",
          not re.search("[<>&\u2028\u2029]", body), re.findall("[<>&\u2028\u2029].{0,20}", body)[:3])
    try:
        data = json.loads(body)
        check("the data block parses as JSON", True)
    except ValueError as e:
        check("the data block parses as JSON", False, e)
else:
    check("one data block", False, len(block))
if data is not None:
    g = json.load(open(graph_path, encoding="utf-8"))
    check("the page's graph is the JSON export's (nodes, edges, sources)", data["graph"] == g,
          f"{len(data['graph']['nodes'])}/{len(g['nodes'])} nodes")
    n_nodes = sum(1 for t, a in p.tags if t == "g" and re.fullmatch(r"cg-n-\d+", dict(a).get("id") or ""))
    n_edges = sum(1 for t, a in p.tags if t == "g" and re.fullmatch(r"cg-e-\d+", dict(a).get("id") or ""))
    check("the diagram has an element for every node and every edge",
          (n_nodes, n_edges) == (len(g["nodes"]), len(g["edges"])), (n_nodes, n_edges))
    print(f"# tables={json.dumps(None if data['tables'] is None else [len(t['rows']) for t in data['tables']])}")
sys.exit(0)
