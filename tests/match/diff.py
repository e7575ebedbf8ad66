#!/usr/bin/python3
"""diff.py: casegraph's `match` against the reference tests/match/ref.py.

    diff.py CG GRAPH gen:SEED:N [LABEL]   N queries from queries.py SEED over GRAPH
    diff.py CG GRAPH file:QUERIES [LABEL] the queries of a file, one a line
                                          ('#' comment lines; '!QUERY' must fail)
    diff.py CG corner CORNER.test         the hand-worked cases, with -o tsv

Prints `ok - ...` / `not ok - ...` lines (with the graph, the query and a
compact diff under a failure) and exits 1 if any check failed.  casegraph runs
once per query: `CG -q -o json GRAPH -e QUERY`; the reference runs in this
process (ref.py imported, its graph loaded once).

Comparison (doc/match.md §11): rows compare as multisets, each row a JSON
object (keys in column order: the first row's keys must be the reference's
columns); numbers compare to 1e-9 relative (integers exactly), so `2` and
`2.0` are equal; a collect() column compares its list as a multiset (the
order of rows behind it is the engine's).  With `order by` on returned
columns, the sequence of sort keys must be equal and rows within a run of
equal keys compare as multisets; a run that skip or limit cuts need only be
drawn from the reference's whole run.  With skip/limit and no usable order,
only the count and that every row is one of the reference's full result
(skip and limit removed) are checked.  Both failing is agreement; one
failing is a failure, with both messages.
"""
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ref  # noqa: E402

TIMEOUT = int(os.environ.get('MATCH_DIFF_TIMEOUT', '30'))
SLOW = float(os.environ.get('MATCH_DIFF_SLOW', '1'))   # report queries slower (s)
SHOW = 8          # rows shown per side in a diff


# ---------------------------------------------------------------- values
def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def veq(a, b):
    """Equality of two JSON values, numbers to 1e-9 relative."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if is_num(a) and is_num(b):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        if a != a or b != b:
            return a != a and b != b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(veq(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(veq(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def coarse(v):
    """A hashable form in which values that veq accepts as equal (nearly
    always) coincide: numbers rounded to 6 significant digits."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if is_num(v):
        return float('%.6g' % v) if v == v else 'nan'
    if isinstance(v, list):
        return tuple(coarse(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, coarse(x)) for k, x in v.items()))
    return repr(v)


def canon(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def unmatched(xs, ys):
    """Multiset difference under veq: (xs not matched, ys not matched)."""
    buckets = {}
    for i, y in enumerate(ys):
        buckets.setdefault(coarse(y), []).append(i)
    used = [False] * len(ys)
    left = []
    for x in xs:
        got = None
        for i in buckets.get(coarse(x), ()):
            if not used[i] and veq(x, ys[i]):
                got = i
                break
        if got is None:
            left.append(x)
        else:
            used[got] = True
    rest = [i for i in range(len(ys)) if not used[i]]
    # rounding may have put equal values in different buckets
    if left and rest and len(left) * len(rest) <= 250000:
        still = []
        for x in left:
            got = None
            for i in rest:
                if not used[i] and veq(x, ys[i]):
                    got = i
                    break
            if got is None:
                still.append(x)
            else:
                used[got] = True
        left = still
        rest = [i for i in range(len(ys)) if not used[i]]
    return left, [ys[i] for i in rest]


# ---------------------------------------------------------------- the two sides
class RefResult:
    def __init__(self, cols, full, skip, limit, order_idx, collect_idx, ordered):
        self.cols, self.full = cols, full
        self.skip, self.limit = skip or 0, limit
        self.order_idx = order_idx      # column indices of the sort keys, or None
        self.collect_idx = collect_idx
        self.ordered = ordered          # the query has order by

    def window(self):
        end = None if self.limit is None else self.skip + self.limit
        return self.full[self.skip:end]


def ref_run(g, text):
    """The reference's rows with skip and limit removed, and what the
    comparison needs to know about the query."""
    text = text.strip()
    if text.endswith(';'):
        text = text[:-1]
    p = ref.Parser(text)
    q = p.query()
    ref.item_texts(text, p, q)
    skip, limit = q['skip'], q['limit']
    q['skip'] = q['limit'] = None
    cols, rows = ref.Engine(g, q, text).run()
    items = q['ret'] if isinstance(q['ret'], list) else []
    collect_idx = {i for i, it in enumerate(items)
                   if it['expr'][0] == 'agg' and it['expr'][1] == 'collect'}
    order_idx = []
    for e, _txt, _desc in q['order']:
        idx = None
        for ci, it in enumerate(items):
            if (e[0] == 'var' and it['name'] == e[1]) or it['expr'] == e:
                idx = ci
                break
        if idx is None:
            order_idx = None
            break
        order_idx.append(idx)
    full = [json_row(g, cols, r) for r in rows]
    return RefResult(cols, full, skip, limit, order_idx, collect_idx, bool(q['order']))


def json_row(g, cols, r):
    # through JSON text, so that both sides are what json.loads gives
    return json.loads(json.dumps([ref.to_jsonable(g, v) for v in r], ensure_ascii=False))


def cg_run(cg, graph, query, fmt):
    try:
        p = subprocess.run([cg, '-q', '-o', fmt, graph, '-e', query], capture_output=True,
                           timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, 'timed out after %d s' % TIMEOUT, None
    except OSError as ex:
        return None, 'could not run: %s' % ex, None
    out = p.stdout.decode('utf-8', 'replace')
    err = p.stderr.decode('utf-8', 'replace')
    return p.returncode, out, err


# ---------------------------------------------------------------- comparing
def normalize(row, collect_idx):
    """A row as a list of values; collect() lists as sorted multisets."""
    return [sorted(v, key=canon) if i in collect_idx and isinstance(v, list) else v
            for i, v in enumerate(row)]


def compare(res, cg_rows):
    """None when they agree, else a list of lines saying how they differ."""
    cols = res.cols
    rows = []
    for i, r in enumerate(cg_rows):
        if not isinstance(r, dict):
            return ['casegraph row %d is not a JSON object: %s' % (i, canon(r)[:200])]
        if list(r.keys()) != cols:
            return ['casegraph columns %s, reference columns %s' % (json.dumps(list(r.keys())),
                                                                    json.dumps(cols))]
        rows.append(normalize([r[c] for c in cols], res.collect_idx))
    full = [normalize(r, res.collect_idx) for r in res.full]
    end = None if res.limit is None else res.skip + res.limit
    win = full[res.skip:end]
    cut = res.skip > 0 or res.limit is not None
    if res.ordered and res.order_idx is not None:
        return compare_sorted(rows, full, res.skip, len(win), res.order_idx)
    if not cut:
        a, b = unmatched(rows, win)
        if a or b:
            return diff_lines(a, b, len(rows), len(win), 'rows (as multisets)')
        return None
    bad = []
    if len(rows) != len(win):
        bad.append('casegraph has %d rows, the reference %d (skip %d, limit %s, of %d)'
                   % (len(rows), len(win), res.skip, res.limit, len(full)))
    a, _b = unmatched(rows, full)
    if a:
        bad.append('casegraph rows not in the reference\'s full result:')
        bad += ['  ' + canon(x)[:300] for x in a[:SHOW]]
    return bad or None


def compare_sorted(rows, full, skip, n, idx):
    win = full[skip:skip + n]
    def key(r):
        return [r[i] for i in idx]
    if len(rows) != n:
        return ['casegraph has %d rows, the reference %d (order by)' % (len(rows), n)] + \
            sides(rows, win)
    for i, (x, y) in enumerate(zip(rows, win)):
        if not veq(key(x), key(y)):
            return ['row %d: sort key %s in casegraph, %s in the reference' %
                    (i, canon(key(x))[:200], canon(key(y))[:200])] + sides(rows, win)
    i = 0
    while i < n:
        j = i
        while j < n and veq(key(win[j]), key(win[i])):
            j += 1
        # the whole run of this key in the reference's full result
        lo, hi = skip + i, skip + j
        while lo > 0 and veq(key(full[lo - 1]), key(win[i])):
            lo -= 1
        while hi < len(full) and veq(key(full[hi]), key(win[i])):
            hi += 1
        if (lo, hi) == (skip + i, skip + j):
            a, b = unmatched(rows[i:j], win[i:j])
            if a or b:
                return diff_lines(a, b, j - i, j - i, 'rows %d-%d (equal sort keys)' % (i, j - 1))
        else:
            a, _b = unmatched(rows[i:j], full[lo:hi])
            if a:
                return ['rows %d-%d (a run cut by skip/limit) not in the reference\'s run:' % (i, j - 1)] + \
                    ['  ' + canon(x)[:300] for x in a[:SHOW]]
        i = j
    return None


def sides(rows, win):
    out = ['casegraph:'] + ['  ' + canon(x)[:300] for x in rows[:SHOW]]
    if len(rows) > SHOW:
        out.append('  ... %d more' % (len(rows) - SHOW))
    out += ['reference:'] + ['  ' + canon(x)[:300] for x in win[:SHOW]]
    if len(win) > SHOW:
        out.append('  ... %d more' % (len(win) - SHOW))
    return out


def diff_lines(a, b, na, nb, what):
    out = ['%s differ: casegraph %d rows, reference %d' % (what, na, nb)]
    if a:
        out.append('only in casegraph (%d):' % len(a))
        out += ['  ' + canon(x)[:300] for x in a[:SHOW]]
    if b:
        out.append('only in the reference (%d):' % len(b))
        out += ['  ' + canon(x)[:300] for x in b[:SHOW]]
    return out


# ---------------------------------------------------------------- checks
class Checks:
    def __init__(self):
        self.failed = 0
        self.ok = 0
        self.both = 0

    def report(self, name, bad):
        if bad is None:
            self.ok += 1
            print('ok - ' + name)
        else:
            self.failed += 1
            print('not ok - ' + name)
            for line in bad:
                print('    ' + line)
        sys.stdout.flush()


def error_lines(s):
    """casegraph's error (warnings about the graph left out)."""
    ls = [x for x in (s or '').split('\n') if 'error' in x]
    return ' | '.join(ls[:3])[:400] or first_lines(s)


def first_lines(s, n=3):
    ls = [x for x in (s or '').split('\n') if x.strip()]
    return ' | '.join(ls[:n])[:400]


def check_query(ck, cg, g, graph, label, i, query, must_fail):
    name = 'match %s q%d: %s' % (label, i, query if len(query) <= 110 else query[:107] + '...')
    head = ['graph: ' + graph, 'query: ' + query]
    t0 = time.time()
    try:
        res, rerr = ref_run(g, query), None
    except ref.CGError as ex:
        res, rerr = None, 'error: %s' % ex
    except RecursionError:
        res, rerr = None, 'error: query too deep'
    t1 = time.time()
    rc, out, err = cg_run(cg, graph, query, 'json')
    t2 = time.time()
    if t2 - t0 > SLOW:
        print('# slow: %s q%d: reference %.2f s, casegraph %.2f s' % (label, i, t1 - t0, t2 - t1))
    if rc is None:
        ck.report(name, head + ['casegraph ' + out])
        return
    cerr = None if rc == 0 else 'exit %d: %s' % (rc, error_lines(err))
    if must_fail:
        bad = []
        if rerr is None:
            bad.append('the reference did not fail (%d rows): a broken test' % len(res.full))
        if cerr is None:
            bad.append('casegraph did not fail: %s' % first_lines(out))
        elif 'error' not in err:
            bad.append('casegraph failed without an error message: ' + cerr)
        ck.report(name + ' (must fail)', head + bad if bad else None)
        return
    if rerr is not None and cerr is not None:
        ck.both += 1
        ck.report(name + ' (both fail)', None)
        return
    if rerr is not None or cerr is not None:
        ck.report(name, head + ['casegraph: ' + (cerr or 'ok, %s' % first_lines(out, 1)[:200]),
                                'reference: ' + (rerr or 'ok, %d rows' % len(res.window()))])
        return
    try:
        rows = json.loads(out)
    except ValueError as ex:
        ck.report(name, head + ['casegraph output is not JSON (%s): %s' % (ex, out[:300])])
        return
    if not isinstance(rows, list):
        ck.report(name, head + ['casegraph output is not a JSON array: ' + out[:300]])
        return
    bad = compare(res, rows)
    ck.report(name, head + bad if bad else None)


def read_queries(spec, graph):
    """[(query, must_fail)] from gen:SEED:N or file:PATH."""
    if spec.startswith('gen:'):
        _, seed, n = spec.split(':')
        p = subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'queries.py'), seed, n, graph],
                           capture_output=True, text=True, check=True)
        qs = [(q, False) for q in p.stdout.split('\n') if q.strip()]
        if len(qs) != int(n):
            print('not ok - match %s: queries.py %s %s writes one query a line (got %d lines)'
                  % (graph, seed, n, len(qs)))
        return qs
    if spec.startswith('file:'):
        out = []
        with open(spec[5:], encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\n')
                if not line.strip() or line.lstrip().startswith('#'):
                    continue
                out.append((line[1:], True) if line.startswith('!') else (line, False))
        return out
    raise SystemExit('diff.py: bad query source %r' % spec)


def run_graph(cg, graph, spec, label):
    ck = Checks()
    g = ref.Graph()
    g.load([graph])
    qs = read_queries(spec, graph)
    for i, (q, must_fail) in enumerate(qs, 1):
        check_query(ck, cg, g, graph, label, i, q, must_fail)
    print('# %s: %d queries (%d must fail), %d where both fail' %
          (label, len(qs), sum(1 for _q, m in qs if m), ck.both))
    return ck


# ---------------------------------------------------------------- corner cases (tsv)
def run_corner(cg, path):
    ck = Checks()
    text = open(path, encoding='utf-8').read()
    blocks, cur = [], []
    for line in text.split('\n'):
        if line.startswith('#'):
            continue
        if line == '':
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        blocks.append(cur)
    gdir = os.path.join(os.path.dirname(os.path.abspath(path)), 'graphs')
    for n, b in enumerate(blocks, 1):
        if not b[0].startswith('graph: ') or len(b) < 3:
            ck.report('match corner %d: a well-formed block' % n, ['block: %r' % b[:2]])
            continue
        graph, query = os.path.join(gdir, b[0][7:]), b[1]
        want = ['' if x == '<empty>' else x for x in b[2:]]
        name = 'match corner %s: %s' % (b[0][7:], query)
        head = ['graph: ' + graph, 'query: ' + query]
        rc, out, err = cg_run(cg, graph, query, 'tsv')
        if rc is None:
            ck.report(name, head + ['casegraph ' + out])
            continue
        if want == ['error']:
            good = rc != 0 and 'error' in err
            ck.report(name + ' (must fail)', None if good else head + [
                'casegraph: exit %d, %s' % (rc, first_lines(out + err))])
            continue
        if rc != 0:
            ck.report(name, head + ['casegraph: exit %d: %s' % (rc, error_lines(err))])
            continue
        got = out.split('\n')
        if got and got[-1] == '':
            got.pop()
        if 'order by' in query.lower():
            good = got == want
        else:
            good = got[:1] == want[:1] and sorted(got[1:]) == sorted(want[1:])
        if good:
            ck.report(name, None)
        else:
            ck.report(name, head + ['expected:'] + ['  |' + x for x in want] +
                      ['casegraph:'] + ['  |' + x for x in got[:20]])
    return ck


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    cg = argv[0]
    if argv[1] == 'corner':
        ck = run_corner(cg, argv[2])
    else:
        graph, spec = argv[1], argv[2]
        label = argv[3] if len(argv) > 3 else os.path.basename(graph)
        ck = run_graph(cg, graph, spec, label)
    return 1 if ck.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
