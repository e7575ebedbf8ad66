#!/usr/bin/python3
"""ref.py - an independent reference for casegraph's `match` (SPEC §8).

Plain Python 3 + PyYAML; never calls casegraph.  It exists so that issue 13's
differential test can compare casegraph's rows with rows computed another way.

    python3 tests/match/ref.py GRAPH... -e 'match ...' [--format tsv|json|py]

Exit 0 with the rows on stdout; on any error one line `error: ...` on stderr
and exit 1 (the differential test only checks that both sides fail).

Choices where SPEC is silent (documented so the test can be told):
 - attribute typing follows src/value.c's classifier (true/false; an integer
   without a leading zero that fits int64; a decimal with digits and optional
   exponent); quoted scalars are text; a key's type is decided among nodes
   and among edges separately (as casegraph's exports type them); int mixed
   with float (or anything mixed) is text.
 - floats print as cg_format_double does (%.15g, %.16g, %.17g, the first that
   round-trips), ints in decimal, booleans true/false, null empty.
 - tsv: a list joins its elements with ';' after escaping '\\' and ';' in each
   element, then the whole field gets the tsv escapes (\\t \\n \\r \\\\).  A
   path prints as `a -t-> b <-u- c` (ids; each arrow as the walk crossed its
   edge), as doc/match.md §7 reads SPEC §8; a float keeps a decimal point
   (`2.0`).
 - `return *` / no return: the named variables in alphabetical order (Neo4j).
 - `=~` uses Python re.fullmatch: differs from POSIX ERE on leftmost-longest
   alternation (irrelevant for a whole-string match), backreferences, \\d \\w
   (Python extensions, not ERE) and bracket classes like [[:alpha:]] (ERE only);
   queries.py only generates patterns common to both.  '.' matches a newline
   (re.DOTALL), as in regcomp without REG_NEWLINE.
 - tolower/toupper map code point by code point (towlower/towupper-like); a
   code point whose mapping is several code points is kept.
 - order by: nulls last ascending, first descending; values of different
   types ordered list < text < boolean < number (Neo4j's order); ties keep
   the production order (stable sort).
 - production order: patterns in order, start nodes in file order, edges in
   file order (collect() lists follow it; compare them as multisets).
"""
import json
import os
import re
import sys

import yaml

MAXROWS = 1000000
# REF_LOOP_TWICE=1: an undirected pattern matches a self-loop twice (Kùzu's
# behaviour, not openCypher's); only vs_kuzu.js sets it, to classify differences.
LOOP_TWICE = os.environ.get('REF_LOOP_TWICE') == '1'


class CGError(Exception):
    pass


# ---------------------------------------------------------------- loading
class _Plain(str):
    pass


class _Quoted(str):
    pass


class StrLoader(yaml.SafeLoader):
    """Every scalar stays a string; only `<<` (merge) is resolved."""


StrLoader.yaml_implicit_resolvers = {}
StrLoader.add_implicit_resolver('tag:yaml.org,2002:merge', re.compile(r'^(?:<<)$'), ['<'])


def _str_ctor(loader, node):
    v = loader.construct_scalar(node)
    return _Quoted(v) if node.style in ('"', "'", '|', '>') else _Plain(v)


for _t in ('str', 'int', 'float', 'bool', 'null', 'timestamp'):
    StrLoader.add_constructor('tag:yaml.org,2002:' + _t, _str_ctor)


def classify(s):
    if isinstance(s, _Quoted):
        return 'text'
    if s in ('true', 'false'):
        return 'bool'
    if re.fullmatch(r'[+-]?(0|[1-9][0-9]*)', s):
        if -2**63 <= int(s) < 2**63:
            return 'int'
        return 'text'
    if re.fullmatch(r'[+-]?(?!0[0-9])([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?', s):
        try:
            f = float(s)
            if f == f and abs(f) != float('inf'):
                return 'float'
        except ValueError:
            pass
    return 'text'


def convert(s, t):
    if t == 'bool':
        return s == 'true'
    if t == 'int':
        return int(s)
    if t == 'float':
        return float(s)
    return str(s)


def _aslist(v):
    if v is None:
        return []
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)]


class Graph:
    def __init__(self):
        self.nodes = []      # dicts with id kind name aliases + attrs
        self.byid = {}
        self.edges = []      # dicts with from to type date source + attrs, 'idx'
        self.out = {}
        self.inn = {}

    def load(self, paths):
        files = []
        for p in paths:
            if os.path.isdir(p):
                for n in sorted(os.listdir(p)):
                    if n.endswith('.yaml') or n.endswith('.yml'):
                        files.append(os.path.join(p, n))
            else:
                files.append(p)
        rawattrs = []   # (dict, key, raw)
        for f in files:
            with open(f, 'rb') as fh:
                doc = yaml.load(fh, Loader=StrLoader)
            if not isinstance(doc, dict):
                raise CGError('%s: not a mapping' % f)
            for n in doc.get('nodes') or []:
                d = {'id': str(n['id']), 'kind': str(n['kind'])}
                d['name'] = str(n['name']) if n.get('name') is not None else d['id']
                d['aliases'] = _aslist(n.get('aliases'))
                if d['id'] in self.byid:
                    raise CGError('duplicate node id %s' % d['id'])
                for k, v in n.items():
                    if k in ('id', 'kind', 'name', 'aliases'):
                        continue
                    if isinstance(v, (list, dict)):
                        continue
                    rawattrs.append((d, str(k), v))
                self.byid[d['id']] = d
                self.nodes.append(d)
            for e in doc.get('edges') or []:
                d = {'from': str(e['from']), 'to': str(e['to']), 'type': str(e['type'])}
                d['date'] = str(e['date']) if e.get('date') is not None else None
                d['source'] = _aslist(e.get('source'))
                d['idx'] = len(self.edges)
                for k, v in e.items():
                    if k in ('from', 'to', 'type', 'date', 'source'):
                        continue
                    if isinstance(v, (list, dict)):
                        continue
                    rawattrs.append((d, str(k), v))
                self.edges.append(d)
        # A key's type is decided among nodes and among edges separately
        # (SPEC §2's "across the graph", read as casegraph's exports read it:
        # a node attribute and an edge attribute of the same name are typed
        # each by their own values).
        edge_ids = {id(e) for e in self.edges}
        types = {}
        for d, k, v in rawattrs:
            types.setdefault((d is not None and id(d) in edge_ids, k), set()).add(classify(v))
        for d, k, v in rawattrs:
            ts = types[(id(d) in edge_ids, k)]
            d[k] = convert(v, next(iter(ts)) if len(ts) == 1 else 'text')
        for e in self.edges:
            if e['from'] not in self.byid or e['to'] not in self.byid:
                raise CGError('edge to unknown node')
            self.out.setdefault(e['from'], []).append(e)
            self.inn.setdefault(e['to'], []).append(e)
        self.kinds = {n['kind'] for n in self.nodes}
        self.types = {e['type'] for e in self.edges}
        self.nodekeys = {'id', 'kind', 'name', 'aliases'}
        for n in self.nodes:
            self.nodekeys.update(n.keys())
        self.edgekeys = {'type', 'date', 'source'}
        for e in self.edges:
            self.edgekeys.update(k for k in e.keys() if k not in ('from', 'to', 'idx'))
        # 'from'/'to' are not SPEC properties of an edge
        self.edgekeys.discard('from')
        self.edgekeys.discard('to')


# ---------------------------------------------------------------- values
# node: ('node', id); edge: ('edge', from, type, to, idx); path: ('path', (n, e, n, ...))
# lists: Python lists; null: None.

def is_node(v):
    return isinstance(v, tuple) and v and v[0] == 'node'


def is_edge(v):
    return isinstance(v, tuple) and v and v[0] == 'edge'


def is_path(v):
    return isinstance(v, tuple) and v and v[0] == 'path'


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def freeze(v):
    if isinstance(v, bool):
        return ('b', v)
    if is_num(v):
        return ('n', v)
    if isinstance(v, list):
        return ('l', tuple(freeze(x) for x in v))
    if v is None:
        return ('z',)
    if isinstance(v, str):
        return ('s', v)
    return ('e', v)


def cy_eq(a, b):
    """openCypher equality: None when unknown."""
    if a is None or b is None:
        return None
    if is_num(a) and is_num(b):
        return a == b
    if isinstance(a, bool) and isinstance(b, bool):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        res = True
        for x, y in zip(a, b):
            r = cy_eq(x, y)
            if r is False:
                return False
            if r is None:
                res = None
        return res
    if isinstance(a, tuple) and isinstance(b, tuple):
        return a == b
    return False


def cy_cmp(a, b):
    """-1/0/1 or None when not comparable."""
    if a is None or b is None:
        return None
    if is_num(a) and is_num(b) or (isinstance(a, str) and isinstance(b, str)) or \
            (isinstance(a, bool) and isinstance(b, bool)):
        return (a > b) - (a < b)
    return None


def sort_key(v):
    # Neo4j ascending order: ... list < path < text < boolean < number < null
    if v is None:
        return (9,)
    if isinstance(v, bool):
        return (6, v)
    if is_num(v):
        return (7, v)
    if isinstance(v, str):
        return (5, v)
    if isinstance(v, list):
        return (3, tuple(sort_key(x) for x in v))
    if is_node(v):
        return (1, v[1])
    if is_edge(v):
        return (2, v[4])
    if is_path(v):
        return (4, tuple(sort_key(x) for x in v[1]))
    return (8, str(v))


# ---------------------------------------------------------------- lexer
KEYWORDS = {'match', 'where', 'return', 'distinct', 'as', 'order', 'by', 'asc', 'desc',
            'ascending', 'descending', 'skip', 'limit', 'and', 'or', 'xor', 'not', 'is',
            'null', 'true', 'false', 'in', 'starts', 'ends', 'with', 'contains', 'since',
            'until'}
UNSUPPORTED = {'create', 'merge', 'set', 'delete', 'detach', 'optional', 'with', 'unwind',
               'call', 'remove', 'foreach', 'union', 'load'}

TOK = re.compile(r'''
 (?P<ws>\s+|//[^\n]*)
|(?P<num>\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)
|(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
|(?P<id>[A-Za-z_][A-Za-z0-9_]*|`[^`]*`)
|(?P<param>\$\w*)
|(?P<op><>|<=|>=|=~|\.\.|[-<>=()\[\]{}:|,.*+/%])
''', re.X)


def unescape(s):
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            d = s[i + 1]
            if d == 'u' and re.fullmatch(r'[0-9a-fA-F]{4}', s[i + 2:i + 6]):
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
                continue
            m = {'\\': '\\', "'": "'", '"': '"', 'n': '\n', 't': '\t', 'r': '\r',
                 'b': '\b', 'f': '\f'}
            if d not in m:
                raise CGError('bad escape \\%s' % d)
            out.append(m[d])
            i += 2
            continue
        out.append(c)
        i += 1
    return ''.join(out)


def lex(text):
    toks = []
    pos = 0
    while pos < len(text):
        m = TOK.match(text, pos)
        if not m:
            raise CGError('unexpected character %r' % text[pos])
        pos = m.end()
        k = m.lastgroup
        v = m.group(k)
        if k == 'ws':
            continue
        if k == 'param':
            raise CGError('parameters are not supported')
        if k == 'str':
            toks.append(('str', unescape(v[1:-1])))
        elif k == 'num':
            toks.append(('num', float(v) if ('.' in v or 'e' in v or 'E' in v) else int(v)))
        elif k == 'id':
            if v.startswith('`'):
                toks.append(('id', v[1:-1]))
            else:
                toks.append(('kw', v.lower()) if v.lower() in KEYWORDS else ('id', v))
        else:
            toks.append(('op', v))
    toks.append(('eof', None))
    return toks


# ---------------------------------------------------------------- parser
AGGS = {'count', 'collect', 'min', 'max', 'sum', 'avg'}
FUNCS = {'type', 'labels', 'size', 'length', 'nodes', 'relationships', 'tolower',
         'toupper', 'coalesce'}


class Parser:
    def __init__(self, text):
        self.text = text
        self.t = lex(text)
        self.i = 0
        self.anon = 0

    def peek(self, k=0):
        return self.t[self.i + k]

    def next(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def at(self, kind, val=None, k=0):
        t = self.peek(k)
        return t[0] == kind and (val is None or t[1] == val)

    def eat(self, kind, val=None):
        if self.at(kind, val):
            return self.next()
        return None

    def expect(self, kind, val=None):
        t = self.eat(kind, val)
        if t is None:
            raise CGError('expected %s, got %r' % (val or kind, self.peek()[1]))
        return t

    def ident(self):
        t = self.peek()
        if t[0] == 'id' or t[0] == 'kw':
            self.i += 1
            return t[1]
        raise CGError('expected a name, got %r' % (t[1],))

    def check_unsupported(self):
        t = self.peek()
        if t[0] in ('id', 'kw') and t[1].lower() in UNSUPPORTED:
            raise CGError("'%s' is not supported in match" % t[1].lower())

    def query(self):
        self.check_unsupported()
        if not self.eat('kw', 'match'):
            raise CGError('a query must start with match')
        q = {'patterns': [], 'where': None, 'since': None, 'until': None, 'ret': None,
             'distinct': False, 'order': [], 'skip': None, 'limit': None}
        q['patterns'].append(self.pattern())
        while self.eat('op', ','):
            q['patterns'].append(self.pattern())
        while True:
            self.check_unsupported()
            if self.at('kw', 'match'):
                raise CGError('a second match clause is not supported')
            if self.eat('kw', 'where'):
                if q['where'] is not None:
                    raise CGError('where twice')
                q['where'] = self.expr()
            elif self.eat('kw', 'since'):
                q['since'] = self.date_word()
            elif self.eat('kw', 'until'):
                q['until'] = self.date_word()
            else:
                break
        if self.eat('kw', 'return'):
            q['distinct'] = bool(self.eat('kw', 'distinct'))
            if self.eat('op', '*'):
                q['ret'] = '*'
            else:
                q['ret'] = [self.ret_item()]
                while self.eat('op', ','):
                    q['ret'].append(self.ret_item())
        self.check_unsupported()
        if self.eat('kw', 'order'):
            self.expect('kw', 'by')
            while True:
                st = self.i
                e = self.expr()
                txt = self.span(st)
                desc = False
                if self.eat('kw', 'desc') or self.eat('kw', 'descending'):
                    desc = True
                elif self.eat('kw', 'asc') or self.eat('kw', 'ascending'):
                    pass
                q['order'].append((e, txt, desc))
                if not self.eat('op', ','):
                    break
        if self.eat('kw', 'skip'):
            q['skip'] = self.expect('num')[1]
        if self.eat('kw', 'limit'):
            q['limit'] = self.expect('num')[1]
        self.check_unsupported()
        if not self.at('eof'):
            raise CGError('unexpected %r' % (self.peek()[1],))
        for k in ('skip', 'limit'):
            if q[k] is not None and (not isinstance(q[k], int) or isinstance(q[k], bool)):
                raise CGError('%s needs an integer' % k)
        return q

    def date_word(self):
        # a date like 2017, 2017-03 or 2017-03-01 (lexed as num - num - num) or quoted
        t = self.next()
        if t[0] == 'str':
            s = t[1]
        elif t[0] == 'num' and isinstance(t[1], int):
            s = str(t[1])
            # restore zero padding is impossible from int: re-read raw text
            while self.at('op', '-') and self.at('num', None, 1):
                self.next()
                s += '-' + '%02d' % self.next()[1]
        else:
            raise CGError('expected a date')
        if not parse_date(s):
            raise CGError('bad date %s' % s)
        return s

    def span(self, st):
        parts = []
        for k, v in self.t[st:self.i]:
            parts.append(repr(v) if k == 'str' else str(v))
        return ' '.join(parts)

    def ret_item(self):
        # the column name is the item's source text; recover it from the raw text
        st = self.i
        e = self.expr()
        name = None
        if self.eat('kw', 'as'):
            name = self.ident()
        return {'expr': e, 'name': name, 'tok': (st, self.i if name is None else self.i - 2)}

    # patterns
    def pattern(self):
        pvar = None
        if self.at('id') and self.at('op', '=', 1):
            pvar = self.next()[1]
            self.next()
        elems = [self.node_pat()]
        while self.at('op', '-') or self.at('op', '<'):
            elems.append(self.rel_pat())
            elems.append(self.node_pat())
        return {'pvar': pvar, 'elems': elems}

    def labels(self):
        ls = []
        if self.eat('op', ':'):
            ls.append(self.ident())
            while self.eat('op', '|') or self.eat('op', ':'):
                self.eat('op', ':')
                ls.append(self.ident())
        return ls

    def props(self):
        ps = []
        if self.eat('op', '{'):
            if not self.eat('op', '}'):
                while True:
                    k = self.ident()
                    self.expect('op', ':')
                    ps.append((k, self.expr()))
                    if not self.eat('op', ','):
                        break
                self.expect('op', '}')
        return ps

    def node_pat(self):
        self.expect('op', '(')
        var = None
        if self.at('id') or (self.at('kw') and not self.at('op', ':')):
            if self.at('id'):
                var = self.next()[1]
        ls = self.labels()
        ps = self.props()
        self.expect('op', ')')
        return {'var': var, 'labels': ls, 'props': ps}

    def rel_pat(self):
        left = bool(self.eat('op', '<'))
        self.expect('op', '-')
        var = None
        ls = []
        ps = []
        rng = None
        if self.eat('op', '['):
            if self.at('id'):
                var = self.next()[1]
            if self.eat('op', ':'):
                ls.append(self.ident())
                while self.eat('op', '|'):
                    self.eat('op', ':')
                    ls.append(self.ident())
            if self.eat('op', '*'):
                lo, hi = 1, 10
                if self.at('num'):
                    lo = self.next()[1]
                    if self.eat('op', '..'):
                        hi = self.next()[1] if self.at('num') else 10
                    else:
                        hi = lo
                elif self.eat('op', '..'):
                    hi = self.expect('num')[1]
                for x in (lo, hi):
                    if not isinstance(x, int) or isinstance(x, bool):
                        raise CGError('bad variable length bound')
                if hi > 30:
                    raise CGError('the upper bound of a variable length is at most 30')
                if lo > hi:
                    raise CGError('bad variable length range')
                rng = (lo, hi)
            ps = self.props()
            self.expect('op', ']')
        self.expect('op', '-')
        right = bool(self.eat('op', '>'))
        if left and right:
            raise CGError('an edge cannot point both ways')
        d = 'out' if right else 'in' if left else 'both'
        return {'var': var, 'types': ls, 'props': ps, 'range': rng, 'dir': d}

    # expressions
    def expr(self):
        return self.or_()

    def or_(self):
        a = self.xor_()
        while self.eat('kw', 'or'):
            a = ('or', a, self.xor_())
        return a

    def xor_(self):
        a = self.and_()
        while self.eat('kw', 'xor'):
            a = ('xor', a, self.and_())
        return a

    def and_(self):
        a = self.not_()
        while self.eat('kw', 'and'):
            a = ('and', a, self.not_())
        return a

    def not_(self):
        if self.eat('kw', 'not'):
            return ('not', self.not_())
        return self.cmp_()

    def cmp_(self):
        a = self.postfix()
        while True:
            if self.at('op') and self.peek()[1] in ('=', '<>', '<', '<=', '>', '>=', '=~'):
                op = self.next()[1]
                a = ('cmp', op, a, self.postfix())
            elif self.eat('kw', 'is'):
                neg = bool(self.eat('kw', 'not'))
                self.expect('kw', 'null')
                a = ('isnull', neg, a)
            elif self.eat('kw', 'in'):
                a = ('in', a, self.postfix())
            elif self.eat('kw', 'starts'):
                self.expect('kw', 'with')
                a = ('starts', a, self.postfix())
            elif self.eat('kw', 'ends'):
                self.expect('kw', 'with')
                a = ('ends', a, self.postfix())
            elif self.eat('kw', 'contains'):
                a = ('contains', a, self.postfix())
            else:
                return a

    def postfix(self):
        a = self.atom()
        while True:
            if self.at('op', '.') and (self.at('id', None, 1) or self.at('kw', None, 1)):
                self.next()
                a = ('prop', a, self.next()[1])
            elif self.at('op', ':') and a[0] == 'var':
                a = ('label', a, self.labels())
            else:
                return a

    def atom(self):
        t = self.next()
        if t[0] == 'num':
            return ('lit', t[1])
        if t[0] == 'str':
            return ('lit', t[1])
        if t == ('op', '-') and self.at('num'):
            return ('lit', -self.next()[1])
        if t[0] == 'kw' and t[1] in ('true', 'false'):
            return ('lit', t[1] == 'true')
        if t[0] == 'kw' and t[1] == 'null':
            return ('lit', None)
        if t == ('op', '('):
            e = self.expr()
            self.expect('op', ')')
            return e
        if t == ('op', '['):
            items = []
            if not self.eat('op', ']'):
                items.append(self.expr())
                while self.eat('op', ','):
                    items.append(self.expr())
                self.expect('op', ']')
            return ('list', items)
        if t[0] == 'id':
            if self.eat('op', '('):
                fn = t[1].lower()
                if fn not in AGGS and fn not in FUNCS:
                    raise CGError('unknown function %s' % t[1])
                if fn == 'count' and self.eat('op', '*'):
                    self.expect('op', ')')
                    return ('agg', 'count*', False, None)
                dist = bool(self.eat('kw', 'distinct'))
                args = []
                if not self.eat('op', ')'):
                    args.append(self.expr())
                    while self.eat('op', ','):
                        args.append(self.expr())
                    self.expect('op', ')')
                if fn in AGGS:
                    if len(args) != 1:
                        raise CGError('%s takes one argument' % fn)
                    return ('agg', fn, dist, args[0])
                if dist:
                    raise CGError('distinct in a function call')
                if fn != 'coalesce' and len(args) != 1 or fn == 'coalesce' and not args:
                    raise CGError('wrong number of arguments to %s' % fn)
                return ('fn', fn, args)
            return ('var', t[1])
        if t[0] == 'kw' and t[1] in UNSUPPORTED:
            raise CGError("'%s' is not supported" % t[1])
        raise CGError('unexpected %r' % (t[1],))


# ---------------------------------------------------------------- dates
def parse_date(s):
    m = re.fullmatch(r'(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?', s or '')
    if not m:
        return None
    import calendar
    y = int(m.group(1))
    if m.group(2) is None:
        return (y, 1, 1), (y, 12, 31)
    mo = int(m.group(2))
    if not 1 <= mo <= 12:
        return None
    last = calendar.monthrange(y, mo)[1]
    if m.group(3) is None:
        return (y, mo, 1), (y, mo, last)
    d = int(m.group(3))
    if not 1 <= d <= last:
        return None
    return (y, mo, d), (y, mo, d)


# ---------------------------------------------------------------- evaluation
class Engine:
    def __init__(self, g, q, qtext):
        self.g = g
        self.q = q
        self.text = qtext
        self.vartype = {}    # name -> node | edge | edges | path
        for p in q['patterns']:
            for i, el in enumerate(p['elems']):
                if el['var'] is None:
                    continue
                t = 'node' if i % 2 == 0 else ('edges' if el['range'] else 'edge')
                old = self.vartype.get(el['var'])
                if old is not None and (old != t or t != 'node'):
                    raise CGError('variable %s bound twice' % el['var'])
                self.vartype[el['var']] = t
            if p['pvar']:
                if p['pvar'] in self.vartype:
                    raise CGError('variable %s bound twice' % p['pvar'])
                self.vartype[p['pvar']] = 'path'
        self.since = parse_date(q['since'])[0] if q['since'] else None
        self.until = parse_date(q['until'])[1] if q['until'] else None
        # static checks
        for p in q['patterns']:
            for i, el in enumerate(p['elems']):
                if i % 2 == 0:
                    for k in el['labels']:
                        if k not in g.kinds:
                            raise CGError('unknown kind %s' % k)
                    for k, e in el['props']:
                        if k not in g.nodekeys:
                            raise CGError('unknown node property %s' % k)
                        self.check(e, agg_ok=False, novars=True)
                else:
                    for k in el['types']:
                        if k not in g.types:
                            raise CGError('unknown type %s' % k)
                    for k, e in el['props']:
                        if k not in g.edgekeys:
                            raise CGError('unknown edge property %s' % k)
                        self.check(e, agg_ok=False, novars=True)
        if q['where'] is not None:
            self.check(q['where'], agg_ok=False)
        if isinstance(q['ret'], list):
            for it in q['ret']:
                self.check(it['expr'], agg_ok=True)

    def check(self, e, agg_ok, novars=False, inagg=False):
        k = e[0]
        if k == 'var':
            if novars:
                raise CGError('a variable in a property map')
            if e[1] not in self.vartype:
                raise CGError('unknown variable %s' % e[1])
        elif k == 'prop':
            self.check(e[1], agg_ok, novars, inagg)
            if e[1][0] == 'var':
                t = self.vartype[e[1][1]]
                if t == 'node' and e[2] not in self.g.nodekeys:
                    raise CGError('unknown node property %s' % e[2])
                if t == 'edge' and e[2] not in self.g.edgekeys:
                    raise CGError('unknown edge property %s' % e[2])
                if t in ('path', 'edges'):
                    raise CGError('a property of a path or list')
        elif k == 'label':
            self.check(e[1], agg_ok, novars, inagg)
            for x in e[2]:
                if x not in self.g.kinds:
                    raise CGError('unknown kind %s' % x)
        elif k == 'agg':
            if not agg_ok or inagg:
                raise CGError('an aggregate is not allowed here')
            if e[3] is not None:
                self.check(e[3], agg_ok, novars, True)
        else:
            for sub in e[1:]:
                if isinstance(sub, tuple):
                    self.check(sub, agg_ok, novars, inagg)
                elif isinstance(sub, list):
                    for s in sub:
                        if isinstance(s, tuple):
                            self.check(s, agg_ok, novars, inagg)

    # ---- matching
    def edge_ok(self, e):
        if self.since is not None or self.until is not None:
            if e['date'] is not None:
                lo, hi = parse_date(e['date'])
                if self.since is not None and hi < self.since:
                    return False
                if self.until is not None and lo > self.until:
                    return False
        return True

    def props_ok(self, ent, props, env):
        for k, ex in props:
            v = self.ev(ex, env)
            if cy_eq(ent.get(k) if k in ent else None, v) is not True:
                return False
        return True

    def node_ok(self, nid, pat, env):
        n = self.g.byid[nid]
        if pat['labels'] and n['kind'] not in pat['labels']:
            return False
        return self.props_ok(n, pat['props'], env)

    def rel_edge_ok(self, e, pat, env):
        if pat['types'] and e['type'] not in pat['types']:
            return False
        if not self.edge_ok(e):
            return False
        return self.props_ok(e, pat['props'], env)

    def steps(self, u, d):
        """(edge, other) pairs leaving u in direction d, in edge file order."""
        if d == 'out':
            return [(e, e['to']) for e in self.g.out.get(u, [])]
        if d == 'in':
            return [(e, e['from']) for e in self.g.inn.get(u, [])]
        res = [(e, e['to']) for e in self.g.out.get(u, [])]
        res += [(e, e['from']) for e in self.g.inn.get(u, []) if e['from'] != u or LOOP_TWICE]
        res.sort(key=lambda x: x[0]['idx'])
        return res

    def matches(self):
        env = {}
        used = set()
        yield from self.match_pat(0, env, used)

    def match_pat(self, pi, env, used):
        if pi == len(self.q['patterns']):
            yield env
            return
        p = self.q['patterns'][pi]
        first = p['elems'][0]
        if first['var'] is not None and first['var'] in env:
            cands = [env[first['var']][1]]
        else:
            cands = [n['id'] for n in self.g.nodes]
        for nid in cands:
            if not self.node_ok(nid, first, env):
                continue
            bound = []
            if first['var'] is not None and first['var'] not in env:
                env[first['var']] = ('node', nid)
                bound.append(first['var'])
            for _ in self.match_chain(p, 1, nid, [('node', nid)], env, used, pi):
                yield env
            for b in bound:
                del env[b]

    def match_chain(self, p, i, u, pathel, env, used, pi):
        if i == len(p['elems']):
            if p['pvar']:
                env[p['pvar']] = ('path', tuple(pathel))
            yield from self.match_pat(pi + 1, env, used)
            if p['pvar']:
                del env[p['pvar']]
            return
        rel = p['elems'][i]
        npat = p['elems'][i + 1]
        if rel['range'] is None:
            for e, v in self.steps(u, rel['dir']):
                if e['idx'] in used or not self.rel_edge_ok(e, rel, env):
                    continue
                ev = ('edge', e['from'], e['type'], e['to'], e['idx'])
                if rel['var'] is not None and rel['var'] in env:
                    continue  # cannot happen (checked statically)
                yield from self.bind_next(p, i, v, pathel + [ev, ('node', v)], env, used, pi,
                                          rel, ev, [e['idx']])
        else:
            lo, hi = rel['range']
            for trail, v in self.trails(u, rel, env, used, lo, hi):
                els = []
                for ev, w in trail:
                    els += [ev, ('node', w)]
                yield from self.bind_next(p, i, v, pathel + els, env, used, pi, rel,
                                          [t[0] for t in trail], [t[0][4] for t in trail])

    def trails(self, u, rel, env, used, lo, hi):
        out = []
        local = []

        def dfs(x, depth):
            if depth >= lo:
                out.append((list(local), x))
            if depth == hi:
                return
            for e, v in self.steps(x, rel['dir']):
                if e['idx'] in used or not self.rel_edge_ok(e, rel, env):
                    continue
                used.add(e['idx'])
                local.append((('edge', e['from'], e['type'], e['to'], e['idx']), v))
                dfs(v, depth + 1)
                local.pop()
                used.discard(e['idx'])
        dfs(u, 0)
        return out

    def bind_next(self, p, i, v, pathel, env, used, pi, rel, relval, idxs):
        npat = p['elems'][i + 1]
        if npat['var'] is not None and npat['var'] in env:
            if env[npat['var']] != ('node', v):
                return
        if not self.node_ok(v, npat, env):
            return
        bound = []
        if rel['var'] is not None:
            env[rel['var']] = relval
            bound.append(rel['var'])
        if npat['var'] is not None and npat['var'] not in env:
            env[npat['var']] = ('node', v)
            bound.append(npat['var'])
        for x in idxs:
            used.add(x)
        yield from self.match_chain(p, i + 2, v, pathel, env, used, pi)
        for x in idxs:
            used.discard(x)
        for b in bound:
            del env[b]

    # ---- expressions
    def entity(self, v):
        if is_node(v):
            return self.g.byid[v[1]]
        if is_edge(v):
            return self.g.edges[v[4]]
        return None

    def ev(self, e, env):
        k = e[0]
        if k == 'lit':
            return e[1]
        if k == 'list':
            return [self.ev(x, env) for x in e[1]]
        if k == 'var':
            v = env.get(e[1])
            if isinstance(v, tuple) and v[0] == 'path':
                return v
            return v
        if k == 'col':
            return env[e[1]]
        if k == 'prop':
            base = self.ev(e[1], env)
            if base is None:
                return None
            ent = self.entity(base)
            if ent is None:
                raise CGError('a property of something that is not a node or an edge')
            if e[2] in ('from', 'to', 'idx') and is_edge(base):
                return None
            v = ent.get(e[2])
            return list(v) if isinstance(v, list) else v
        if k == 'label':
            base = self.ev(e[1], env)
            if base is None:
                return None
            if not is_node(base):
                raise CGError('a label test on something that is not a node')
            return self.g.byid[base[1]]['kind'] in e[2]
        if k == 'not':
            a = self.ev(e[1], env)
            if a is None:
                return None
            self.need_bool(a)
            return not a
        if k in ('and', 'or', 'xor'):
            a = self.ev(e[1], env)
            b = self.ev(e[2], env)
            for x in (a, b):
                if x is not None:
                    self.need_bool(x)
            if k == 'and':
                if a is False or b is False:
                    return False
                if a is None or b is None:
                    return None
                return True
            if k == 'or':
                if a is True or b is True:
                    return True
                if a is None or b is None:
                    return None
                return False
            if a is None or b is None:
                return None
            return a != b
        if k == 'cmp':
            op = e[1]
            a = self.ev(e[2], env)
            b = self.ev(e[3], env)
            if op == '=':
                return cy_eq(a, b)
            if op == '<>':
                r = cy_eq(a, b)
                return None if r is None else not r
            if op == '=~':
                if not isinstance(a, str) or not isinstance(b, str):
                    return None
                try:
                    return re.fullmatch(b, a, re.DOTALL) is not None
                except re.error:
                    raise CGError('bad regular expression')
            c = cy_cmp(a, b)
            if c is None:
                return None
            return {'<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0}[op]
        if k == 'isnull':
            a = self.ev(e[2], env)
            return (a is not None) if e[1] else (a is None)
        if k == 'in':
            a = self.ev(e[1], env)
            lst = self.ev(e[2], env)
            if lst is None:
                return None
            if not isinstance(lst, list):
                raise CGError('in needs a list')
            res = False
            for x in lst:
                r = cy_eq(a, x)
                if r is True:
                    return True
                if r is None:
                    res = None
            return res
        if k in ('starts', 'ends', 'contains'):
            a = self.ev(e[1], env)
            b = self.ev(e[2], env)
            if not isinstance(a, str) or not isinstance(b, str):
                return None
            return a.startswith(b) if k == 'starts' else a.endswith(b) if k == 'ends' else b in a
        if k == 'fn':
            return self.fn(e[1], [self.ev(x, env) for x in e[2]])
        if k == 'agg':
            raise CGError('aggregate out of place')
        raise CGError('cannot evaluate %s' % k)

    def need_bool(self, x):
        if not isinstance(x, bool):
            raise CGError('a boolean operator on something that is not a boolean')

    def fn(self, f, args):
        a = args[0]
        if f == 'coalesce':
            for x in args:
                if x is not None:
                    return x
            return None
        if a is None:
            return None
        if f == 'type':
            if not is_edge(a):
                raise CGError('type() needs an edge')
            return a[2]
        if f == 'labels':
            if not is_node(a):
                raise CGError('labels() needs a node')
            return [self.g.byid[a[1]]['kind']]
        if f == 'size':
            if isinstance(a, (str, list)):
                return len(a)
            raise CGError('size() needs text or a list')
        if f == 'length':
            if is_path(a):
                return len(a[1]) // 2
            raise CGError('length() needs a path')
        if f == 'nodes':
            if is_path(a):
                return list(a[1][0::2])
            raise CGError('nodes() needs a path')
        if f == 'relationships':
            if is_path(a):
                return list(a[1][1::2])
            raise CGError('relationships() needs a path')
        if f in ('tolower', 'toupper'):
            if not isinstance(a, str):
                raise CGError('%s needs text' % f)
            # code point by code point, as towlower/towupper: a mapping to
            # several code points (German sharp s upper-cased) leaves it alone
            conv = str.lower if f == 'tolower' else str.upper
            return ''.join(c if len(conv(c)) != 1 else conv(c) for c in a)
        raise CGError('unknown function %s' % f)

    # ---- aggregation
    def agg_eval(self, e, rows):
        """Evaluate item e for one group (rows: list of envs)."""
        k = e[0]
        if k == 'agg':
            fn, dist, arg = e[1], e[2], e[3]
            if fn == 'count*':
                return len(rows)
            vals = [self.ev(arg, r) for r in rows]
            vals = [v for v in vals if v is not None]
            if dist:
                seen = set()
                dv = []
                for v in vals:
                    f = freeze(v)
                    if f not in seen:
                        seen.add(f)
                        dv.append(v)
                vals = dv
            if fn == 'count':
                return len(vals)
            if fn == 'collect':
                return vals
            if fn in ('min', 'max'):
                if not vals:
                    return None
                best = vals[0]
                for v in vals[1:]:
                    c = cy_cmp(v, best)
                    if c is None:
                        c = (sort_key(v) > sort_key(best)) - (sort_key(v) < sort_key(best))
                    if (fn == 'min' and c < 0) or (fn == 'max' and c > 0):
                        best = v
                return best
            if fn in ('sum', 'avg'):
                for v in vals:
                    if not is_num(v):
                        raise CGError('%s needs numbers' % fn)
                if fn == 'sum':
                    return sum(vals) if vals else 0
                if not vals:
                    return None
                return sum(float(v) for v in vals) / len(vals)
        if k in ('lit',):
            return e[1]
        # an expression containing an aggregate: rebuild with values
        if not has_agg(e):
            return self.ev(e, rows[0]) if rows else None

        def sub(x):
            if isinstance(x, tuple) and x and isinstance(x[0], str) and has_agg(x):
                return ('lit', self.agg_eval(x, rows))
            if isinstance(x, tuple) and x and isinstance(x[0], str) and x[0] in EXPRKINDS:
                return ('lit', self.ev(x, rows[0])) if rows else ('lit', None)
            if isinstance(x, list):
                return [sub(y) for y in x]
            return x
        return self.ev(tuple([e[0]] + [sub(x) for x in e[1:]]), {})

    def run(self):
        q = self.q
        if q['ret'] is None or q['ret'] == '*':
            names = sorted(self.vartype)
            if not names:
                raise CGError('return * with no named variables')
            items = [{'expr': ('var', n), 'name': n, 'text': n} for n in names]
        else:
            items = q['ret']
        cols = [it['name'] if it['name'] else it['text'] for it in items]
        aggregating = any(has_agg(it['expr']) for it in items)
        rows = []   # (values, env)
        if aggregating:
            groups = {}
            order = []
            for env in self.matches():
                if q['where'] is not None and self.ev(q['where'], env) is not True:
                    continue
                env = dict(env)
                key = tuple(freeze(self.ev(it['expr'], env)) if not has_agg(it['expr'])
                            else None for it in items)
                if key not in groups:
                    groups[key] = []
                    order.append(key)
                    if len(order) > MAXROWS:
                        raise CGError('more than 1000000 rows: add a filter or a limit')
                groups[key].append(env)
            if not order and not any(not has_agg(it['expr']) for it in items):
                order.append(None)
                groups[None] = []
            for key in order:
                grp = groups[key]
                vals = tuple(self.agg_eval(it['expr'], grp) if has_agg(it['expr'])
                             else self.ev(it['expr'], grp[0]) for it in items)
                rows.append((vals, None))
        else:
            for env in self.matches():
                if q['where'] is not None and self.ev(q['where'], env) is not True:
                    continue
                vals = tuple(self.ev(it['expr'], env) for it in items)
                rows.append((vals, dict(env)))
                if len(rows) > MAXROWS:
                    raise CGError('more than 1000000 rows: add a filter or a limit')
        if q['distinct']:
            seen = set()
            out = []
            for vals, env in rows:
                f = tuple(freeze(v) for v in vals)
                if f not in seen:
                    seen.add(f)
                    out.append((vals, env))
            rows = out
        if q['order']:
            keys = []
            for e, txt, desc in q['order']:
                idx = None
                for ci, it in enumerate(items):
                    if (e[0] == 'var' and it['name'] == e[1]) or it['expr'] == e:
                        idx = ci
                        break
                if idx is None and (aggregating or q['distinct']):
                    raise CGError('order by must use returned columns here')
                if idx is None:
                    self.check(e, agg_ok=False)
                keys.append((e, idx, desc))
            for e, idx, desc in reversed(keys):
                def kf(r, e=e, idx=idx):
                    v = r[0][idx] if idx is not None else self.ev(e, r[1])
                    return sort_key(v)
                rows.sort(key=kf, reverse=desc)
        if q['skip']:
            rows = rows[q['skip']:]
        if q['limit'] is not None:
            rows = rows[:q['limit']]
        return cols, [vals for vals, env in rows]


EXPRKINDS = {'lit', 'list', 'var', 'prop', 'label', 'not', 'and', 'or', 'xor', 'cmp',
             'isnull', 'in', 'starts', 'ends', 'contains', 'fn', 'agg'}


def has_agg(e):
    if not isinstance(e, tuple) or not e:
        return False
    if e[0] == 'agg':
        return True
    for x in e[1:]:
        if isinstance(x, tuple) and has_agg(x):
            return True
        if isinstance(x, list) and any(has_agg(y) for y in x):
            return True
    return False


def item_texts(text, parser, q):
    """Column names: the item's text exactly as written."""
    # re-lex with positions to cut the source text of each item
    poss = []
    pos = 0
    while pos < len(text):
        m = TOK.match(text, pos)
        if m.lastgroup != 'ws':
            poss.append((m.start(), m.end()))
        pos = m.end()
    poss.append((len(text), len(text)))
    if isinstance(q['ret'], list):
        for it in q['ret']:
            st, en = it['tok']
            it['text'] = text[poss[st][0]:poss[en - 1][1]]


def run_query(g, text):
    text = text.strip()
    if text.endswith(';'):
        text = text[:-1]
    p = Parser(text)
    q = p.query()
    item_texts(text, p, q)
    eng = Engine(g, q, text)
    return eng.run()


# ---------------------------------------------------------------- output
def fmt_num(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    if v != v:
        return 'nan'
    if v in (float('inf'), float('-inf')):
        return 'inf' if v > 0 else '-inf'
    for prec in (15, 16, 17):
        s = '%.*g' % (prec, v)
        if float(s) == v:
            break
    # a float keeps a decimal point in text (2.0, as Neo4j prints it)
    if not any(c in s for c in '.en'):
        s += '.0'
    return s


def fmt_scalar(v):
    if v is None:
        return ''
    if isinstance(v, bool) or is_num(v):
        return fmt_num(v)
    if isinstance(v, str):
        return v
    if is_node(v):
        return v[1]
    if is_edge(v):
        return '%s -%s-> %s' % (v[1], v[2], v[3])
    raise CGError('cannot format')


def fmt_path(v):
    """a -t-> b <-u- c: ids, each arrow as the walk crossed the edge."""
    els = list(v[1])
    out = els[0][1]
    for i in range(1, len(els), 2):
        e, prev, nxt = els[i], els[i - 1][1], els[i + 1][1]
        if e[1] == prev:
            out += ' -%s-> %s' % (e[2], nxt)
        else:
            out += ' <-%s- %s' % (e[2], nxt)
    return out


def fmt_tsv_value(v):
    if is_path(v):
        return fmt_path(v)
    if isinstance(v, list):
        els = v
        parts = []
        for x in els:
            t = fmt_scalar(x) if not isinstance(x, list) else fmt_tsv_value(x)
            parts.append(t.replace('\\', '\\\\').replace(';', '\\;'))
        s = ';'.join(parts)
    else:
        s = fmt_scalar(v)
    return s


def tsv_field(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')


def to_tsv(cols, rows):
    out = ['\t'.join(tsv_field(c) for c in cols)]
    for r in rows:
        out.append('\t'.join(tsv_field(fmt_tsv_value(v)) for v in r))
    return '\n'.join(out) + '\n'


def to_jsonable(g, v):
    if is_node(v):
        n = g.byid[v[1]]
        return {k: n[k] for k in n}
    if is_edge(v):
        e = g.edges[v[4]]
        d = {'from': e['from'], 'to': e['to'], 'type': e['type'], 'date': e['date'],
             'source': e['source']}
        for k in e:
            if k not in d and k != 'idx':
                d[k] = e[k]
        return d
    if is_path(v):
        return [to_jsonable(g, x) for x in v[1]]
    if isinstance(v, list):
        return [to_jsonable(g, x) for x in v]
    return v


def py_value(v):
    """The documented Python row form: node ('node', id), edge ('edge', from, type, to, idx),
    path a tuple alternating them, lists as lists."""
    if is_path(v):
        return tuple(v[1])
    return v


def main(argv):
    graphs = []
    queries = []
    fmt = 'tsv'
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '-e':
            queries.append(argv[i + 1])
            i += 2
        elif a == '--format':
            fmt = argv[i + 1]
            i += 2
        elif a.startswith('--format='):
            fmt = a.split('=', 1)[1]
            i += 1
        else:
            graphs.append(a)
            i += 1
    if not queries or fmt not in ('tsv', 'json', 'py'):
        sys.stderr.write('usage: ref.py GRAPH... -e QUERY [--format tsv|json|py]\n')
        return 2
    try:
        g = Graph()
        g.load(graphs)
    except (CGError, yaml.YAMLError, KeyError, OSError) as ex:
        sys.stderr.write('error: load: %s\n' % ex)
        return 3
    rc = 0
    for qt in queries:
        try:
            cols, rows = run_query(g, qt)
        except CGError as ex:
            sys.stderr.write('error: %s\n' % ex)
            rc = 1
            continue
        except RecursionError:
            sys.stderr.write('error: query too deep\n')
            rc = 1
            continue
        if fmt == 'tsv':
            sys.stdout.write(to_tsv(cols, rows))
        elif fmt == 'json':
            sys.stdout.write(json.dumps([{c: to_jsonable(g, v) for c, v in zip(cols, r)}
                                         for r in rows], ensure_ascii=False) + '\n')
        else:
            sys.stdout.write(repr([tuple(py_value(v) for v in r) for r in rows]) + '\n')
    return rc


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
