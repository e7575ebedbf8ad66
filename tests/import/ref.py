#!/usr/bin/env python3
"""tests/import/ref.py - an independent reference for `casegraph import`
(SPEC 13) and for the graph a casegraph YAML file describes (SPEC 2),
written from the SPEC without calling casegraph.

  ref.py yaml FILE...          the graph of casegraph YAML files, normalized
  ref.py csv [--declare] FILE...   the graph SPEC 13 makes of these tables
  ref.py gen SEED DIR          random node, sources and edge tables (with
                               tricky cells) as DIR/n.csv, DIR/s.csv, DIR/e.csv

A normalized graph is one JSON line: nodes, edges and sources sorted, each
value typed as SPEC 2 says (a key holds one type across the graph's nodes,
or edges; mixed types make it text).  `yaml` reads with PyYAML's composer
(so it knows a plain scalar from a quoted one) and types the scalars itself.
"""
import csv, io, json, random, re, sys
import yaml

INT = re.compile(r'^[+-]?(0|[1-9][0-9]*)$')
DBL = re.compile(r'^[+-]?(?!0[0-9])([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$')
BUILTIN_KINDS = set('senator representative attorney_general official person company organization agency committee court bill law case report media'.split())
BUILTIN_TYPES = set('sponsored cosponsored endorsed opposed subpoenaed sued seized investigated charged indicted ordered ruled denied filed amends signed voted_for member_of chairs employs owns contracted published urged referred'.split())


def classify(text):
    """SPEC 2's type of a plain scalar: bool, int, double or text."""
    if text in ('true', 'false'):
        return 'bool'
    if INT.match(text) and -2**63 <= int(text) < 2**63:
        return 'int'
    if DBL.match(text):
        try:
            f = float(text)
            if f not in (float('inf'), float('-inf')):
                return 'double'
        except ValueError:
            pass
    return 'text'


def value(t, text):
    if t == 'bool':
        return text == 'true'
    if t == 'int':
        return int(text)
    if t == 'double':
        return float(text)
    return text


def unify(entities):
    """Types the (type, text) attributes of entities in place, one type per key."""
    kt = {}
    for e in entities:
        for k, (t, _) in e['attrs'].items():
            kt[k] = t if kt.get(k, t) == t else 'text'
    for e in entities:
        e['attrs'] = {k: value(kt[k], text) for k, (t, text) in e['attrs'].items()}


def finish(nodes, edges, sources):
    unify(nodes)
    unify(edges)
    for s in sources:
        s['attrs'] = {k: value(t, text) for k, (t, text) in s['attrs'].items()}
    key = lambda x: json.dumps(x, sort_keys=True)
    return json.dumps({'nodes': sorted(nodes, key=key), 'edges': sorted(edges, key=key),
                       'sources': sorted(sources, key=key)}, sort_keys=True)


# ---- casegraph YAML ----

def scalar(n):
    return n.value


def plain_typed(n):
    """(type, text) of an attribute's scalar node: typed when plain."""
    return (classify(n.value), n.value) if n.style is None else ('text', n.value)


def seq(n):
    if isinstance(n, yaml.SequenceNode):
        return [scalar(i) for i in n.value]
    return [] if n.style is None and n.value in ('', '~', 'null') else [scalar(n)]


def from_yaml(paths):
    nodes, edges, sources = [], [], []
    for p in paths:
        with open(p, 'rb') as f:
            root = yaml.compose(f)
        for k, v in root.value:
            if k.value not in ('nodes', 'edges', 'sources') or not isinstance(v, yaml.SequenceNode):
                continue
            for item in v.value:
                m = {kk.value: vv for kk, vv in item.value}
                if k.value == 'nodes':
                    e = {'id': m['id'].value, 'kind': m['kind'].value,
                         'name': m['name'].value if 'name' in m and m['name'].value else m['id'].value,
                         'aliases': seq(m['aliases']) if 'aliases' in m else [], 'attrs': {}}
                    reserved = ('id', 'kind', 'name', 'aliases')
                    nodes.append(e)
                elif k.value == 'edges':
                    e = {'from': m['from'].value, 'to': m['to'].value, 'type': m['type'].value,
                         'date': m['date'].value if 'date' in m else None,
                         'source': seq(m['source']) if 'source' in m else [], 'attrs': {}}
                    reserved = ('from', 'to', 'type', 'date', 'source')
                    edges.append(e)
                else:
                    e = {'id': m['id'].value, 'attrs': {}}
                    for f in ('title', 'publisher', 'date', 'url', 'file', 'note'):
                        e[f] = m[f].value if f in m else None
                    reserved = ('id', 'title', 'publisher', 'date', 'url', 'file', 'note')
                    sources.append(e)
                for kk, vv in item.value:
                    if kk.value in reserved or (vv.style is None and vv.value in ('', '~', 'null')):
                        continue
                    e['attrs'][kk.value] = plain_typed(vv)
    return finish(nodes, edges, sources)


# ---- SPEC 13: the tables ----

def cell_type(text):
    """SPEC 13's typing of a cell: SPEC 2's, but a number must read back the same."""
    if text.lower() in ('true', 'false'):
        return ('bool', text.lower())
    t = classify(text)
    if t == 'int' and str(int(text)) != text:
        return ('text', text)
    if t == 'double':
        if repr(float(text)) != text:    # the shortest text that reads back (with its '.0')
            return ('text', text)
    return (t, text) if t != 'bool' else ('text', text)


def split_list(text):
    items, cur, i = [], '', 0
    while i < len(text):
        c = text[i]
        if c == '\\' and i + 1 < len(text) and text[i + 1] in ';\\':
            cur += text[i + 1]; i += 2; continue
        if c == ';':
            items.append(cur); cur = ''; i += 1; continue
        cur += c; i += 1
    if text:
        items.append(cur)
    return items


def read_table(p):
    data = open(p, 'rb').read().decode('utf-8-sig')
    if p.endswith('.tsv'):
        rows = []
        for line in data.split('\n'):
            if line.endswith('\r'):
                line = line[:-1]
            rows.append([re.sub(r'\\([tnr\\])', lambda m: {'t': '\t', 'n': '\n', 'r': '\r', '\\': '\\'}[m.group(1)], c)
                         for c in line.split('\t')])
        if data.endswith('\n'):
            rows.pop()
        return rows
    return list(csv.reader(io.StringIO(data, newline='')))


def from_csv(paths, declare):
    tables = {'node': [], 'source': [], 'edge': []}
    for p in paths:
        rows = read_table(p)
        head = [h.strip() for h in rows[0]]
        low = [h.lower() for h in head]
        shape = 'node' if {'id', 'kind'} <= set(low) else 'edge' if {'from', 'to', 'type'} <= set(low) else 'source'
        tables[shape].append((head, low, [r for r in rows[1:] if any(r)]))
    nodes, edges, sources, kinds, types = [], [], [], set(BUILTIN_KINDS), set(BUILTIN_TYPES)
    fields = {'node': ('id', 'kind', 'name', 'aliases'), 'edge': ('from', 'to', 'type', 'date', 'source'),
              'source': ('id', 'title', 'publisher', 'date', 'url', 'file', 'note', 'edges')}
    for shape in ('node', 'source', 'edge'):
        for head, low, rows in tables[shape]:
            for r in rows:
                f = {l: r[i] for i, l in enumerate(low) if l in fields[shape]}
                attrs = {head[i]: cell_type(r[i]) for i, l in enumerate(low) if l not in fields[shape] and r[i] != '' and head[i]}
                if shape == 'node':
                    kinds.add(f['kind'].strip())
                    nodes.append({'id': f['id'].strip(), 'kind': f['kind'].strip(), 'name': f.get('name') or f['id'].strip(),
                                  'aliases': [a for a in split_list(f.get('aliases', '')) if a], 'attrs': attrs})
                elif shape == 'edge':
                    types.add(f['type'].strip())
                    edges.append({'from': f['from'].strip(), 'to': f['to'].strip(), 'type': f['type'].strip(),
                                  'date': f.get('date', '').strip() or None,
                                  'source': [s.strip() for s in split_list(f.get('source', '')) if s.strip()], 'attrs': attrs})
                else:
                    e = {'id': f['id'].strip(), 'attrs': attrs}
                    for k in ('title', 'publisher', 'url', 'file', 'note'):
                        e[k] = f.get(k) or None
                    e['date'] = f.get('date', '').strip() or None
                    sources.append(e)
    return finish(nodes, edges, sources)


# ---- random tables ----

TRICKY = ['007', '1.50', '+5', '5', '-3', '2.5', '10.0', '1e5', 'TRUE', 'False', 'true', 'yes', 'null', '~', ' 5',
          'a,b', 'a;b', 'back\\slash', 'quote "q"', 'line\nbreak', 'crlf\r\nbreak', 'é中', '#hash', '- dash',
          ': colon', '0', '-0', '0.5', '.5', '5.', '', '', '']


def gen(seed, d):
    rnd = random.Random(seed)
    kinds = ['person', 'company', 'agency', 'media']
    n = rnd.randint(1, 12)
    ids = ['n%d' % i for i in range(n)]
    akeys = ['k%d' % i for i in range(rnd.randint(0, 4))]
    alias = lambda: ';'.join(rnd.choice(['A', 'B, Jr.', 'x\\;y', 'p\\\\q', 'é']) for _ in range(rnd.randint(0, 3)))
    with open(d + '/n.csv', 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator=rnd.choice(['\r\n', '\n']))
        w.writerow(['id', 'kind', 'name', 'aliases'] + akeys)
        for i in ids:
            w.writerow([i, rnd.choice(kinds), rnd.choice(['', 'Name ' + i, 'Smith, J.', ' spaced ']), alias()] +
                       [rnd.choice(TRICKY) for _ in akeys])
    sids = ['s%d' % i for i in range(rnd.randint(1, 4))]
    with open(d + '/s.csv', 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(['id', 'title', 'date', 'url', 'pages'])
        for s in sids:
            w.writerow([s, rnd.choice(['T', 'Title, with "quotes"', '']), rnd.choice(['', '2019', '2020-02-29']),
                        rnd.choice(['', 'https://x/a;b']), rnd.choice(TRICKY)])
    ekeys = ['note', 'w'][:rnd.randint(0, 2)]
    with open(d + '/e.csv', 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, quoting=rnd.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        w.writerow(['from', 'type', 'to', 'date', 'source'] + ekeys)
        for _ in range(rnd.randint(0, 20)):
            w.writerow([rnd.choice(ids), rnd.choice(['urged', 'sued', 'owns', 'employs']), rnd.choice(ids),
                        rnd.choice(['', '2017', '2018-03', '2019-12-31']),
                        ';'.join(rnd.sample(sids, rnd.randint(0, len(sids))))] + [rnd.choice(TRICKY) for _ in ekeys])


if __name__ == '__main__':
    a = sys.argv[1:]
    if a[0] == 'yaml':
        print(from_yaml(a[1:]))
    elif a[0] == 'csv':
        dec = '--declare' in a
        print(from_csv([x for x in a[1:] if x != '--declare'], dec))
    elif a[0] == 'gen':
        gen(int(a[1]), a[2])
