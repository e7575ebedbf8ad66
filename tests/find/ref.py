#!/usr/bin/env python3
# tests/find/ref.py - an independent reference for `find` (SPEC 10), for
# tests/suites/find.sh.  Never calls casegraph.
#
#   ref.py gen SEED GRAPH.yaml QUERIES.cgq
#       writes a random graph and a script of `find` queries over it
#   ref.py run GRAPH.yaml QUERIES.cgq
#       prints what `casegraph -q -o tsv -f QUERIES.cgq GRAPH.yaml` must
#
# The fold is stated here on its own (src/fold_table.py says the same in
# its own words): in the Latin-1, Latin Extended, Greek, Cyrillic and Greek
# Extended blocks a character becomes strip(NFD(casefold(strip(NFD(c)))))
# (strip: drop combining marks), then ø đ ħ ł ŧ ı ð þ æ œ become o d h l t
# i d th ae oe; curly quotes, dashes U+2010-2015 and no-break space become
# ' " - and space; ASCII is lower-cased; anything else stays.  A plain
# TEXT hits a field when its fold is a substring of the field's fold; a
# regex (Python's re on the generated subset, which POSIX ERE reads alike)
# when it matches anywhere in the fold, its non-ASCII letters folded.
import random
import re
import sys
import unicodedata

import yaml

BLOCKS = [(0x00A0, 0x024F), (0x0300, 0x036F), (0x0370, 0x03FF), (0x0400, 0x04FF),
          (0x1E00, 0x1EFF), (0x1F00, 0x1FFF)]
STROKE = dict(zip('øđħłŧıðþæœ', ['o', 'd', 'h', 'l', 't', 'i', 'd', 'th', 'ae', 'oe']))
PUNCT = {'\u00a0': ' ', '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'",
         '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"'}
for d in range(0x2010, 0x2016):
    PUNCT[chr(d)] = '-'


def nomarks(s):
    return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')


def fold_char(c):
    if c in PUNCT:
        return PUNCT[c]
    if ord(c) < 0x80:
        return c.lower()
    if not any(lo <= ord(c) <= hi for lo, hi in BLOCKS):
        return c
    return ''.join(STROKE.get(x, x) for x in nomarks(nomarks(c).casefold()))


def fold(s):
    return ''.join(fold_char(c) for c in s)


def fold_pattern(p):
    return ''.join(c if ord(c) < 0x80 else fold_char(c) for c in p)


def fields(doc):
    """(order, id key, field, pos, index, what, id text, value) for every searched field."""
    out = []
    for i, n in enumerate(doc.get('nodes') or []):
        nid = n['id']
        f = [('id', 0, nid)]
        if n.get('name') is not None and n['name'] != nid:
            f.append(('name', 0, n['name']))
        al = n.get('aliases') or []
        if isinstance(al, str):
            al = [al]
        for k, a in enumerate(al):
            f.append(('aliases', k, a))
        for k, v in n.items():
            if k not in ('id', 'kind', 'name', 'aliases') and v is not None:
                f.append((k, 0, v))
        for fld, pos, v in f:
            out.append((0, (nid,), fld, pos, i, 'node', nid, v))
    for i, e in enumerate(doc.get('edges') or []):
        eid = '%s -%s-> %s' % (e['from'], e['type'], e['to'])
        f = [('type', 0, e['type'])]
        if e.get('date') is not None:
            f.append(('date', 0, e['date']))
        for k, v in e.items():
            if k not in ('from', 'to', 'type', 'date', 'source') and v is not None:
                f.append((k, 0, v))
        for fld, pos, v in f:
            out.append((1, (e['from'], e['type'], e['to']), fld, pos, i, 'edge', eid, v))
    for i, s in enumerate(doc.get('sources') or []):
        for fld in ('id', 'title', 'publisher', 'url', 'note'):
            if s.get(fld) is not None:
                out.append((2, (s['id'],), fld, 0, i, 'source', s['id'], s[fld]))
    return out


def tsv(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def key(r):
    b = lambda s: s.encode('utf-8')   # strcmp: byte order
    return (r[0], tuple(b(x) for x in r[1]), b(r[2]), r[3], r[4])


def run(graph, script):
    doc = yaml.load(open(graph, encoding='utf-8'), Loader=yaml.BaseLoader)
    fl = [(f, fold(f[7])) for f in fields(doc)]
    for line in open(script, encoding='utf-8'):
        line = line.rstrip('\n')
        m = re.fullmatch(r'find "((?:[^"\\]|\\.)*)"( regex)?', line)
        assert m, line
        text = re.sub(r'\\(.)', r'\1', m.group(1))
        if m.group(2):
            rx = re.compile(fold_pattern(text), re.IGNORECASE)
            hits = [f for f, v in fl if rx.search(v)]
        else:
            needle = fold(text)
            hits = [f for f, v in fl if needle in v]
        print('what\tid\tfield\ttext')
        for r in sorted(hits, key=key):
            print('\t'.join(tsv(x) for x in (r[5], r[6], r[2], r[7])))


WORDS = ['Hawléy', 'HAWLEY', 'José', 'Martínez', 'Ørsted', 'Straße', 'Łódź', 'Ἀθῆναι', 'Δῆμος', 'ЁЛКИН',
         'Иван', 'O’Brien', "O'brien", 'a*b', 'x.y', '[old]', '(see)', 'trafficking', 'Trafficking',
         'unit', 'Senate', 'Perm', 'Æsir', 'naïve', 'café', 'Œuvre', 'Ñandú', 'Çelik', 'Škoda', 'ǅemal',
         'back\\slash', 'a "quote"', 'tab\there', 'new\nline', '2017-08', '12', 'x+y', 'q?', 'a|b', '^caret$']


def phrase(rng, n=None):
    return ' '.join(rng.choice(WORDS) for _ in range(n or rng.randint(1, 4)))


def yq(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\t', '\\t').replace('\n', '\\n') + '"'


def gen(seed, graph, script):
    rng = random.Random(seed)
    ids = ['n%d' % i for i in range(rng.randint(15, 40))] + ['unit', 'hawley', 'senate_psi']
    out = ['casegraph: 1', 'types:', '  mentions: {}', 'sources:']
    sids = ['s%d' % i for i in range(rng.randint(2, 6))]
    for s in sids:
        out.append('  - id: %s' % s)
        for fld in ('title', 'publisher', 'url', 'note', 'date'):
            if rng.random() < 0.6:
                out.append('    %s: %s' % (fld, '2017-08-01' if fld == 'date' else yq(phrase(rng))))
    out.append('nodes:')
    values = []
    for nid in ids:
        out.append('  - id: %s' % nid)
        out.append('    kind: %s' % rng.choice(['person', 'company', 'agency']))
        r = rng.random()
        if r < 0.7:
            v = phrase(rng)
            values.append(v)
            out.append('    name: %s' % yq(v))
        elif r < 0.8:
            out.append('    name: %s' % nid)
        if rng.random() < 0.4:
            al = [phrase(rng, 2) for _ in range(rng.randint(1, 3))]
            values += al
            out.append('    aliases: [%s]' % ', '.join(yq(a) for a in al))
        for k in ('office', 'party', 'zz_note'):
            if rng.random() < 0.3:
                v = phrase(rng)
                values.append(v)
                out.append('    %s: %s' % (k, yq(v)))
        if rng.random() < 0.2:
            out.append('    votes: %d' % rng.randint(0, 40))
    out.append('edges:')
    for _ in range(rng.randint(20, 80)):
        out.append('  - from: %s' % rng.choice(ids))
        out.append('    to: %s' % rng.choice(ids))
        out.append('    type: %s' % rng.choice(['sued', 'urged', 'mentions', 'employs']))
        out.append('    source: %s' % rng.choice(sids))
        if rng.random() < 0.6:
            out.append('    date: 20%02d-%02d' % (rng.randint(10, 19), rng.randint(1, 12)))
        if rng.random() < 0.5:
            v = phrase(rng)
            values.append(v)
            out.append('    note: %s' % yq(v))
    open(graph, 'w', encoding='utf-8').write('\n'.join(out) + '\n')
    qs = []
    pieces = ['haw', 'ley', 'jos', 'e', '.', 'ø', 'ss', 'lodz', 'αθη', 'ё', 'и', "'", 'a*', '[', '(', 'unit',
              'SENATE', 'n1', '-0', 'ae', 'oe', 'n', 'é', 'ß', 'c', '\\']
    rx_pieces = ['haw', '^', '$', '.', 'e+', '(ley|kins)', '[a-c]', 'x?', 'n[0-9]', 'ÉY', 'Δ', 'ё', 's*',
                 '\\.', '(a|o)', 'unit$', '^n']
    for _ in range(120):
        r = rng.random()
        if r < 0.45 and values:
            v = rng.choice(values)
            i = rng.randrange(len(v))
            t = v[i:i + rng.randint(1, 8)]
            t = ''.join(c.upper() if rng.random() < 0.3 else c for c in t)
        elif r < 0.75:
            t = ''.join(rng.choice(pieces) for _ in range(rng.randint(1, 3)))
        else:
            t = ''.join(rng.choice(rx_pieces) for _ in range(rng.randint(1, 3)))
            qs.append('find "%s" regex' % t.replace('\\', '\\\\').replace('"', '\\"'))
            continue
        if not fold(t) or '\n' in t or '\t' in t:
            t = 'haw'
        qs.append('find "%s"' % t.replace('\\', '\\\\').replace('"', '\\"'))
    open(script, 'w', encoding='utf-8').write('\n'.join(qs) + '\n')


if __name__ == '__main__':
    if sys.argv[1] == 'gen':
        gen(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        run(sys.argv[2], sys.argv[3])
