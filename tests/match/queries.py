#!/usr/bin/python3
"""queries.py [--kuzu] SEED N GRAPH.yaml: N random valid match queries over GRAPH, one a line.

Uses the graph's own kinds, types, property keys and ids (read with ref.py's
loader: no casegraph involved).  Covers node and edge patterns in every
direction and short form, :a|b, property maps, variable length (bounds kept
small so row counts stay modest), named paths, comma patterns, where with
every operator and null, since/until, return with expressions, *, distinct,
aliases, every aggregate and function, order by, skip, limit.  Queries with
order by sort on every returned column (scalars only) so the order is fixed
up to equal rows.  `=~` patterns use only syntax common to POSIX ERE and
Python re.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref  # noqa: E402


def lit(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, float)):
        return ref.fmt_num(v)
    if v is None:
        return 'null'
    # a newline is written \\n: a query is one line
    return "'" + v.replace('\\', '\\\\').replace("'", "\\'").replace('\n', '\\n').replace('\r', '\\r') + "'"


class Gen:
    def __init__(self, r, g):
        self.r = r
        self.g = g
        self.kinds = sorted(g.kinds)
        self.types = sorted(g.types)
        self.nkeys = sorted(g.nodekeys)
        self.ekeys = sorted(g.edgekeys)
        self.nvals = {k: [n[k] for n in g.nodes if k in n and not isinstance(n[k], list)]
                      for k in self.nkeys}
        self.tcount = {t: sum(1 for e in g.edges if e['type'] == t) for t in self.types}
        self.evals = {k: [e[k] for e in g.edges if k in e and not isinstance(e[k], list)]
                      for k in self.ekeys}

    def val(self, vals):
        r = self.r
        if vals and r.random() < 0.9:
            return r.choice(vals)
        return r.choice([0, 1, 2.5, 'a', 'Hawley', True, None, "x;y", '2015'])

    def node(self, var):
        r = self.r
        s = var or ''
        if r.random() < 0.3:
            s += ':' + '|'.join(r.sample(self.kinds, r.randint(1, min(2, len(self.kinds)))))
        if r.random() < 0.12:
            ks = r.sample(['id', 'kind', 'level', 'active', 'name', 'rank', 'weight'], r.randint(1, 2))
            ks = [k for k in ks if k in self.nvals]
            if ks:
                s += ' {%s}' % ', '.join('%s: %s' % (k, self.lit(self.val(self.nvals[k]))) for k in ks)
        return '(' + s + ')'

    def lit(self, v):
        # strings: single quotes mostly; sometimes double quotes, or \uXXXX for
        # what is not ASCII (openCypher's escapes)
        x = self.r.random()
        if isinstance(v, str) and x < 0.15:
            return '"' + v.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'
        if isinstance(v, str) and x < 0.25 and any(ord(c) > 127 and ord(c) < 0x10000 for c in v):
            return "'" + ''.join('\\u%04x' % ord(c) if 127 < ord(c) < 0x10000 else
                                 '\\\\' if c == '\\' else "\\'" if c == "'" else '\\n' if c == '\n' else c
                                 for c in v) + "'"
        if isinstance(v, str) and x < 0.3 and ('\n' in v or '\t' in v):
            return "'" + v.replace('\\', '\\\\').replace("'", "\\'").replace('\n', '\\n').replace('\t', '\\t') + "'"
        return lit(v)

    def kw(self, w):
        # keywords and function names are case-insensitive
        x = self.r.random()
        return w.upper() if x < 0.05 else w.capitalize() if x < 0.08 else w

    def rel(self, var, allow_var=True):
        r = self.r
        x = r.random()
        if x < 0.15 and not var:
            return r.choice(['-->', '<--', '--']), False
        body = var or ''
        varlen = allow_var and r.random() < 0.2
        form = r.choice(['*', '*1', '*2', '*3', '*..2', '*..3', '*2..', '*2..3', '*0..2', '*0',
                         '*0..1', '*0..3', '*1..3', '*1..2']) if varlen else ''
        # `*` and `*2..` reach 10 hops: only over one of the two rarest types, directed,
        # so that the trails stay few (both engines enumerate them all)
        unbounded = form in ('*', '*2..')
        if unbounded:
            body += ':' + r.choice(sorted(self.types, key=lambda t: (self.tcount[t], t))[:2])
        elif r.random() < 0.35:
            sep = '|:' if r.random() < 0.1 else '|'
            body += ':' + sep.join(r.sample(self.types, r.randint(1, min(2, len(self.types)))))
        body += form
        if r.random() < 0.12:
            m = []
            if 'confirmed' in self.evals:
                m.append('confirmed: %s' % lit(r.choice([True, False])))
            if r.random() < 0.4 and 'amount' in self.evals:
                m.append('amount: %s' % lit(self.val(self.evals['amount'])))
            if r.random() < 0.3 and self.evals.get('date'):
                m.append('date: %s' % self.lit(r.choice(self.evals['date'])))
            if m:
                body += ' {%s}' % ', '.join(m)
        d = r.choice(['out', 'in'] if unbounded else ['out', 'in', 'both'])
        return ({'out': '-[%s]->', 'in': '<-[%s]-', 'both': '-[%s]-'}[d] % body), varlen

    def query(self):
        r = self.r
        nv = []     # node vars
        ev = []     # single edge vars
        lv = []     # var-length edge vars
        pv = []     # path vars
        pats = []
        npat = 1 if r.random() < 0.8 else 2
        count = 0
        for pi in range(npat):
            hops = r.choice([0, 1, 1, 1, 2, 2, 3]) if pi == 0 else r.choice([0, 1])
            s = ''
            if pi == 1 and nv and r.random() < 0.8:
                v0 = r.choice(nv)
                s = '(' + v0 + ')'
            else:
                v0 = 'n%d' % count if r.random() < 0.8 else None
                count += 1
                s = self.node(v0)
                if v0:
                    nv.append(v0)
            nvar = 0
            for h in range(hops):
                evn = 'e%d_%d' % (pi, h) if r.random() < 0.6 else None
                rs, varlen = self.rel(evn, allow_var=(hops <= 2))
                if evn:
                    (lv if varlen else ev).append(evn)
                if '*' not in rs and evn is None and r.random() < 0.1:
                    pass
                vn = 'm%d_%d' % (pi, h) if r.random() < 0.8 else None
                s += rs + self.node(vn)
                if vn:
                    nv.append(vn)
                nvar += 1
            if hops and r.random() < 0.2:
                p = 'p%d' % pi
                pv.append(p)
                s = p + ' = ' + s
            pats.append(s)
        q = self.kw('match') + ' ' + ', '.join(pats)
        if (nv or ev) and r.random() < 0.6:
            q += ' ' + self.kw('where') + ' ' + self.cond(nv, ev, 2)
        if ev or lv or r.random() < 0.1:
            if r.random() < 0.15:
                q += ' since %s' % r.choice(['2012', '2015-06', '2016-02-29'])
            if r.random() < 0.15:
                q += ' until %s' % r.choice(['2014', '2017-03', '2018-12-31'])
        # return
        x = r.random()
        allv = nv + ev + lv + pv
        if not allv:
            return q + ' return count(*)'
        order_ok = True
        if x < 0.08:
            items = None
            q += r.choice(['', ' return *'])
            order_ok = False
        elif x < 0.45:
            items = [self.agg_item(nv, ev, lv, pv)]
            ngroup = r.choice([0, 0, 1, 1, 2])
            for _ in range(ngroup):
                items.insert(0, self.scalar_item(nv, ev, pv))
            if r.random() < 0.3:
                items.append(self.agg_item(nv, ev, lv, pv))
        else:
            items = [self.any_item(nv, ev, lv, pv) for _ in range(r.randint(1, 3))]
        if items is not None:
            names = []
            out = []
            for i, it in enumerate(items):
                if r.random() < 0.25:
                    nm = 'c%d' % i
                    out.append(it + ' as ' + nm)
                    names.append((nm, it))
                else:
                    out.append(it)
                    names.append((it, it))
            if len(set(n for n, _ in names)) < len(names):
                out = ['%s as c%d' % (it, i) for i, it in enumerate(items)]
                names = [('c%d' % i, it) for i, it in enumerate(items)]
            q += ' ' + self.kw('return') + ' ' + ('distinct ' if r.random() < 0.15 else '') + ', '.join(out)
            sortable = [n for n, it in names if not self.is_entity(it, nv, ev, lv, pv)]
            if order_ok and sortable and len(sortable) == len(names) and r.random() < 0.4:
                q += ' order by ' + ', '.join(n + r.choice(['', ' asc', ' desc', ' ascending', ' descending'])
                                              for n in sortable)
                if r.random() < 0.3:
                    q += ' skip %d' % r.randint(0, 5)
                if r.random() < 0.5:
                    q += ' limit %d' % r.randint(0, 10)
            elif r.random() < 0.1:
                # no order by: the differential test checks the count and that
                # every row is one of the reference's
                if r.random() < 0.5:
                    q += ' skip %d' % r.randint(0, 3)
                q += ' limit %d' % r.randint(0, 5)
        if r.random() < 0.03:
            q += ' // a comment'
        return q

    def is_entity(self, it, nv, ev, lv, pv):
        return it in nv or it in ev or it in lv or it in pv or it.startswith(('nodes(', 'relationships(', 'collect(')) \
            or it.startswith('labels(') or '.aliases' in it or '.source' in it

    def nprop(self, v):
        return '%s.%s' % (v, self.r.choice(self.nkeys))

    def eprop(self, v):
        return '%s.%s' % (v, self.r.choice(self.ekeys))

    def scalar_item(self, nv, ev, pv):
        r = self.r
        opts = []
        if nv:
            v = r.choice(nv)
            opts += [self.nprop(v), '%s.id' % v, '%s.kind' % v, '%s(%s.name)' % (r.choice(['tolower', 'toLower']), v),
                     '%s(%s.name)' % (r.choice(['toupper', 'toUpper']), v), 'size(%s.name)' % v, 'size(%s.aliases)' % v,
                     'coalesce(%s.%s, %s.%s, %s)' % (v, r.choice(self.nkeys), v, r.choice(self.nkeys),
                                                     self.lit(self.val([]))),
                     'coalesce(%s.%s, %s.name)' % (v, r.choice(self.nkeys), v), '%s:%s' % (v, r.choice(self.kinds))]
        if ev:
            v = r.choice(ev)
            opts += [self.eprop(v), 'type(%s)' % v, '%s.date' % v, 'size(%s.source)' % v]
        if pv:
            opts += ['length(%s)' % r.choice(pv)]
        return r.choice(opts) if opts else '1'

    def any_item(self, nv, ev, lv, pv):
        r = self.r
        if pv and r.random() < 0.4:
            return r.choice(['nodes(%s)', 'relationships(%s)', 'length(%s)', '%s']) % r.choice(pv)
        x = r.random()
        if x < 0.3:
            return r.choice(nv + ev + lv + pv)
        if x < 0.45 and nv:
            return 'labels(%s)' % r.choice(nv)
        if x < 0.5 and lv:
            return 'size(%s)' % r.choice(lv)
        if x < 0.55 and nv:
            return '%s.aliases' % r.choice(nv)
        if x < 0.6 and ev:
            return '%s.source' % r.choice(ev)
        if x < 0.63:
            return r.choice(['[%s, %s]' % (self.scalar_item(nv, ev, pv), self.lit(self.val([]))), 'null', "'lit'", '-2', '1.5'])
        return self.scalar_item(nv, ev, pv)

    def agg_item(self, nv, ev, lv, pv):
        r = self.r
        f = r.choice(['count(*)', 'count(*)', 'count', 'count distinct', 'collect', 'min', 'max',
                      'sum', 'avg', 'size(collect'])
        if f == 'count(*)':
            return f
        dist = 'distinct ' if r.random() < 0.25 else ''
        if f in ('sum', 'avg'):
            num = []
            if nv:
                num += ['%s.level' % r.choice(nv)]
                if 'weight' in self.nkeys:
                    num += ['%s.weight' % r.choice(nv)]
            if ev and 'amount' in self.ekeys:
                num += ['%s.amount' % r.choice(ev)]
            if not num:
                return 'count(*)'
            if 'level' not in self.nkeys:
                num = [x for x in num if '.level' not in x] or ['1']
            return '%s(%s%s)' % (f, dist, r.choice(num))
        arg = self.scalar_item(nv, ev, pv)
        if f == 'count distinct':
            return 'count(distinct %s)' % arg
        if f == 'size(collect':
            return 'size(collect(distinct %s))' % arg
        if f == 'collect':
            return '%s(%s%s)' % (self.kw('collect'), dist, arg if r.random() < 0.7 else r.choice(nv + ev + lv + pv))
        if f == 'count':
            return '%s(%s%s)' % (self.kw('count'), dist, arg if r.random() < 0.8 else r.choice(nv + ev + lv + pv))
        return '%s(%s%s)' % (f, dist, arg)

    def cond(self, nv, ev, depth):
        r = self.r
        if depth > 0 and r.random() < 0.35:
            op = r.choice(['and', 'or', 'xor'])
            c = '%s %s %s' % (self.cond(nv, ev, depth - 1), op, self.cond(nv, ev, depth - 1))
            return '(' + c + ')' if r.random() < 0.5 else c
        if depth > 0 and r.random() < 0.1:
            return 'not (%s)' % self.cond(nv, ev, depth - 1)
        use_edge = ev and (not nv or r.random() < 0.35)
        if use_edge:
            v = r.choice(ev)
            k = r.choice(self.ekeys)
            vals = self.evals.get(k, [])
        else:
            v = r.choice(nv)
            k = r.choice(self.nkeys)
            vals = self.nvals.get(k, [])
        x = '%s.%s' % (v, k)
        kind = r.random()
        if kind < 0.1:
            return x + r.choice([' is null', ' is not null'])
        if kind < 0.15 and not use_edge:
            return '%s:%s' % (v, r.choice(self.kinds))
        if kind < 0.25:
            return '%s in [%s]' % (x, ', '.join(self.lit(self.val(vals)) for _ in range(r.randint(0, 3))))
        if kind < 0.3 and not use_edge:
            return '%s in %s.aliases' % (self.lit(self.val(self.nvals.get('name', []))), v)
        if kind < 0.45:
            s = self.val([t for t in vals if isinstance(t, str)])
            s = s if isinstance(s, str) else 'a'
            op = r.choice(['starts with', 'ends with', 'contains'])
            frag = s[:r.randint(0, 3)] if op == 'starts with' else s[-r.randint(1, 3):] if op == 'ends with' else s[1:3]
            return '%s %s %s' % (x, op, self.lit(frag))
        if kind < 0.52:
            return "%s =~ %s" % (x, lit(r.choice(['.*a.*', '[A-Z].*', 'n[0-9]+', '(alpha|beta).*', '.*;.*', '20(1[0-5]).*'])))
        if kind < 0.58:
            return '%s = null' % x
        op = r.choice(['=', '<>', '<', '<=', '>', '>='])
        return '%s %s %s' % (x, op, self.lit(self.val(vals)))


def main():
    args = sys.argv[1:]
    kuzu = '--kuzu' in args
    args = [a for a in args if a != '--kuzu']
    seed, n, path = int(args[0]), int(args[1]), args[2]
    g = ref.Graph()
    g.load([path])
    r = random.Random(seed)
    gen = (KuzuGen if kuzu else Gen)(r, g)
    for _ in range(n):
        print(gen.query())


class KuzuGen(Gen):
    """The subset where Kùzu's semantics are openCypher's: node-only,
    single-edge and two-edge patterns (vs_kuzu.js adds id(e0) <> id(e1)), where, scalar return items and aggregates, order by,
    skip, limit.  No label tests, var length, paths, since/until, and only
    functions Kùzu spells the same (vs_kuzu.js renames type() and lower/upper)."""

    def query(self):
        r = self.r
        nv = ['n0']
        ev = []
        x = r.random()
        if x < 0.3:
            pat = self.node('n0')
        elif x < 0.55:
            # two hops: vs_kuzu.js writes out openCypher's edge distinctness
            pat = self.node('n0')
            for h, nvar in ((0, 'm0'), (1, 'm1')):
                t = ':' + r.choice(self.types) if r.random() < 0.4 else ''
                d = r.choice(['-[e%d%%s]->', '<-[e%d%%s]-', '-[e%d%%s]-']) % h
                pat += d % t + self.node(nvar)
                nv.append(nvar)
                ev.append('e%d' % h)
        else:
            pat = self.node('n0')
            t = ':' + r.choice(self.types) if r.random() < 0.5 else ''
            d = r.choice(['-[e0%s]->', '<-[e0%s]-', '-[e0%s]-'])
            pat += d % t + self.node('m0')
            nv.append('m0')
            ev.append('e0')
        self.kuzu_bad = False
        q = 'match ' + pat
        if r.random() < 0.6:
            q += ' where ' + self.kcond(nv, ev, 2)
        x = r.random()
        items = []
        if x < 0.5:
            for _ in range(r.choice([0, 1, 1, 2])):
                items.append(self.kscalar(nv, ev))
            items.append(self.kagg(nv, ev))
        else:
            items = [self.kscalar(nv, ev) for _ in range(r.randint(1, 3))]
        items = ['%s as c%d' % (it, i) for i, it in enumerate(items)]
        q += ' return ' + ('distinct ' if r.random() < 0.15 else '') + ', '.join(items)
        cols = ['c%d' % i for i in range(len(items))]
        if r.random() < 0.5 and not any('collect' in it for it in items):
            q += ' order by ' + ', '.join(c + r.choice(['', ' asc', ' desc']) for c in cols)
            if r.random() < 0.3:
                q += ' skip %d' % r.randint(0, 5)
            if r.random() < 0.5:
                q += ' limit %d' % r.randint(0, 10)
        return q

    def kscalar(self, nv, ev):
        r = self.r
        if ev and r.random() < 0.35:
            v = r.choice(ev)
            return r.choice(['type(%s)' % v, '%s.%s' % (v, r.choice([k for k in self.ekeys if k != 'type']))])
        v = r.choice(nv)
        texts = [k for k in self.nkeys if all(isinstance(x, str) for x in self.nvals.get(k, []))
                 and k != 'aliases']
        return r.choice(['%s.%s' % (v, r.choice([k for k in self.nkeys if k != 'aliases'])), '%s.id' % v,
                         'tolower(%s.name)' % v, 'coalesce(%s.%s, %s.name)' % (v, r.choice(texts), v)])

    def kagg(self, nv, ev):
        r = self.r
        f = r.choice(['count(*)', 'count', 'count distinct', 'collect', 'min', 'max', 'sum', 'avg'])
        if f == 'count(*)':
            return f
        if f in ('sum', 'avg'):
            num = ['%s.%s' % (v, k) for v in nv for k in ('level', 'weight') if k in self.g.nodekeys]
            num += ['%s.amount' % v for v in ev if 'amount' in self.g.edgekeys]
            return '%s(%s)' % (f, r.choice(num)) if num else 'count(*)'
        a = '%s.%s' % (r.choice(nv), r.choice(self.nkeys))
        if f == 'count distinct':
            return 'count(distinct %s)' % a
        return '%s(%s)' % (f, a)

    def kcond(self, nv, ev, depth):
        r = self.r
        if depth > 0 and r.random() < 0.35:
            op = r.choice(['and', 'or', 'xor'])
            return '(%s %s %s)' % (self.kcond(nv, ev, depth - 1), op, self.kcond(nv, ev, depth - 1))
        if depth > 0 and r.random() < 0.1:
            return 'not (%s)' % self.kcond(nv, ev, depth - 1)
        if ev and r.random() < 0.35:
            v = r.choice(ev)
            k = r.choice([k for k in self.ekeys if k not in ('type', 'source')])
            vals = self.evals.get(k, [])
        else:
            v = r.choice(nv)
            k = r.choice([k for k in self.nkeys if k != 'aliases'])
            vals = self.nvals.get(k, [])
        x = '%s.%s' % (v, k)
        same = [t for t in vals if t is not None]
        kind = r.random()
        if kind < 0.15:
            return x + r.choice([' is null', ' is not null'])
        if kind < 0.3 and same:
            return '%s in [%s]' % (x, ', '.join(lit(r.choice(same)) for _ in range(r.randint(1, 3))))
        strs = [t for t in same if isinstance(t, str)]
        if kind < 0.5 and strs:
            s = r.choice(strs)
            op = r.choice(['starts with', 'ends with', 'contains'])
            frag = s[:r.randint(0, 3)] if op == 'starts with' else s[-r.randint(1, 3):] if op == 'ends with' else s[1:3]
            return '%s %s %s' % (x, op, lit(frag))
        if kind < 0.55 and strs:
            return "%s =~ %s" % (x, lit(r.choice(['.*a.*', '[A-Z].*', 'n[0-9]+', '(alpha|beta).*'])))
        if not same:
            return x + ' is null'
        op = r.choice(['=', '<>', '<', '<=', '>', '>='])
        return '%s %s %s' % (x, op, lit(r.choice(same)))


if __name__ == '__main__':
    main()
