#!/usr/bin/python3
"""fake_cg.py: a stand-in for casegraph that answers `match` with ref.py, to
test the differential harness (tests/match/diff.py) itself.  Not casegraph.

    fake_cg.py -q -o json|tsv GRAPH -e QUERY

FAKE_CG_BREAK makes it wrong on purpose, so that the harness must fail:
  drop     the last row is left out (when there is one)
  value    the first number or string of the first row is changed
  reorder  the rows are reversed (when the query has order by)
  fail     every query fails with an error
  succeed  a query the reference refuses gives [] instead of failing
Unset, it must agree with the reference everywhere.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref  # noqa: E402


def change(v):
    """A changed copy of the first number or string inside v, and whether one was found."""
    if isinstance(v, bool) or v is None:
        return v, False
    if isinstance(v, (int, float)):
        return v + 1, True
    if isinstance(v, str):
        return v + 'X', True
    if isinstance(v, list):
        for i, x in enumerate(v):
            y, done = change(x)
            if done:
                return v[:i] + [y] + v[i + 1:], True
    if isinstance(v, dict):
        for k in v:
            y, done = change(v[k])
            if done:
                d = dict(v)
                d[k] = y
                return d, True
    return v, False


def main(argv):
    fmt, graph, query = 'table', None, None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '-o':
            fmt = argv[i + 1]
            i += 2
        elif a == '-e':
            query = argv[i + 1]
            i += 2
        elif a == '-q':
            i += 1
        else:
            graph = argv[i]
            i += 1
        del a
    brk = os.environ.get('FAKE_CG_BREAK', '')
    g = ref.Graph()
    g.load([graph])
    if brk == 'fail':
        sys.stderr.write('-e:1:1: error: broken on purpose\n')
        return 1
    try:
        cols, rows = ref.run_query(g, query)
    except ref.CGError as ex:
        if brk == 'succeed':
            print('[]')
            return 0
        sys.stderr.write('-e:1:1: error: %s\n' % ex)
        return 1
    rows = [list(r) for r in rows]
    if brk == 'drop' and rows:
        rows.pop()
    if brk == 'reorder' and 'order by' in query.lower():
        rows.reverse()
    if fmt == 'tsv':
        out = ref.to_tsv(cols, rows)
        if brk == 'value' and '\n' in out.rstrip('\n'):
            head, rest = out.split('\n', 1)
            out = head + '\n' + 'X' + rest
        sys.stdout.write(out)
        return 0
    objs = [{c: ref.to_jsonable(g, v) for c, v in zip(cols, r)} for r in rows]
    if brk == 'value' and objs:
        for c in cols:
            y, done = change(objs[0][c])
            if done:
                objs[0][c] = y
                break
    print(json.dumps(objs, ensure_ascii=False))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
