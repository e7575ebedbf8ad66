// tests/publish/kuzu_load.mjs - the database-load test of the .cypher and
// .neo4j exports: both are loaded into Kùzu (npm kuzu@0.11.3, in memory),
// then the counts, every property with its type, and the answers to match
// queries are compared with what casegraph says.
//
// usage: node kuzu_load.mjs KUZU_DIR EXPORT.json EXPORT.cypher EXPORT.neo4j MATCHES.json
//   EXPORT.json   casegraph's JSON export of the same graph (the expected
//                 nodes, edges and sources, properties typed as JSON types;
//                 an integer attribute is told from a double by the
//                 .neo4j header's `:long`/`:double`)
//   MATCHES.json  [{"query": TEXT, "rows": [...casegraph's match -o json...]}]
//
// Kùzu needs its tables declared first: they are derived from the .neo4j
// headers (a node table per kind with its typed columns, Source, a rel table
// per type FROM each pair of kinds its edges join).  What Neo4j reads but
// Kùzu cannot, and how it is tested instead:
//  - the neo4j-admin CSV header (`id:ID(node)`, `:LABEL`, `:START_ID(node)`,
//    `:TYPE`, `aliases:string[]` with --array-delimiter) is not Kùzu's COPY
//    format: this script parses the files by the documented rules (RFC 4180
//    quoting, "" for a quote, typed columns, arrays split on the delimiter
//    import.txt names, an empty field for no property) and loads the rows with
//    prepared CREATE statements;
//  - the constraints (`CREATE CONSTRAINT ... REQUIRE n.id IS UNIQUE`) are
//    comments in both exports; Kùzu's primary key stands for them;
//  - Kùzu 0.11 reads `\\`, `\'` and `\"` in a string literal but not
//    Cypher's `\n`, `\r`, `\t`, `\b`, `\f` or `\uXXXX` (it drops the
//    backslash), which the .cypher script uses for control characters and
//    U+2028/U+2029: such strings are left out of the .cypher comparison here
//    (counted in the check's name), and tests/publish/check_publish.py decodes
//    every literal by Neo4j's rules instead.
// Prints `ok - ...` / `not ok - ...` lines; exit 0 unless it could not run.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [kuzuDir, jsonFile, cypherFile, neoDir, matchFile] = process.argv.slice(2);
const kuzu = createRequire(import.meta.url)(path.resolve(kuzuDir));
const exp = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
const matches = JSON.parse(fs.readFileSync(matchFile, 'utf8'));
const label = path.basename(cypherFile);
let failed = 0;
const ok = (name) => console.log(`ok - ${label}: ${name}`);
const notok = (name, ...detail) => {
    failed++;
    console.log(`not ok - ${label}: ${name}`);
    for (const d of detail) console.log(`    ${String(d).slice(0, 600)}`);
};
const check = (name, cond, ...detail) => (cond ? ok(name) : notok(name, ...detail));
const bq = (s) => '`' + s.replace(/`/g, '``') + '`';

// ---- the neo4j-admin CSV files, parsed by the documented rules
function parseCsv(text) {
    const rows = [];
    let row = [], field = '', quoted = false, inq = false, i = 0, started = false;
    const endField = () => { row.push(quoted ? { q: field } : field === '' ? null : { raw: field }); field = ''; quoted = false; };
    while (i < text.length) {
        const c = text[i];
        if (inq) {
            if (c === '"') {
                if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
                inq = false; i++; continue;
            }
            field += c; i++; continue;
        }
        if (c === '"' && field === '') { inq = true; quoted = true; started = true; i++; continue; }
        if (c === ',') { endField(); started = true; i++; continue; }
        if (c === '\n') { endField(); rows.push(row); row = []; started = false; i++; continue; }
        field += c; started = true; i++;
    }
    if (started || field !== '' || row.length) { endField(); rows.push(row); }
    return rows;
}
const importTxt = fs.readFileSync(path.join(neoDir, 'import.txt'), 'utf8');
const dm = importTxt.match(/--array-delimiter=('(.)'|U\+([0-9A-F]{4}))/);
const delim = dm ? (dm[2] ?? String.fromCharCode(parseInt(dm[3], 16))) : null;
check('import.txt names the array delimiter', delim !== null, importTxt.slice(0, 400));
const files = [...importTxt.matchAll(/--(nodes|relationships)=[^/\s]+\/(\S+)/g)].map((m) => ({ kind: m[1], file: m[2] }));
const multiline = /--multiline-fields=true/.test(importTxt);
const headerOf = (h) => {
    const s = h.q ?? h.raw;
    const k = s.lastIndexOf(':');
    // a name has no ':' (casegraph refuses such keys); the type follows the colon
    return k < 0 ? { name: s, type: 'string' } : { name: s.slice(0, k), type: s.slice(k + 1) };
};
const neo = { nodes: [], rels: [] };
let sawLineBreak = false;
for (const { kind, file } of files) {
    const text = fs.readFileSync(path.join(neoDir, file), 'utf8');
    const rows = parseCsv(text);
    const head = rows.shift().map(headerOf);
    for (const r of rows) {
        if (r.length !== head.length) { notok(`${file}: every row has the header's ${head.length} fields`, JSON.stringify(r)); continue; }
        const rec = { props: {}, file };
        head.forEach((h, j) => {
            const f = r[j];
            if (f === null) return;                       // an empty field: no property
            const v = f.q ?? f.raw;
            if (/[\r\n]/.test(v)) sawLineBreak = true;
            const t = h.type.replace(/\(.*\)$/, '');
            if (t === 'ID') rec.id = v, rec.props[h.name] = v;
            else if (t === 'LABEL') rec.label = v;
            else if (t === 'START_ID') rec.from = v;
            else if (t === 'END_ID') rec.to = v;
            else if (t === 'TYPE') rec.type = v;
            else if (t === 'string[]') rec.props[h.name] = v.split(delim);
            else if (t === 'long') rec.props[h.name] = { long: v };
            else if (t === 'double') rec.props[h.name] = Number(v);
            else if (t === 'boolean') rec.props[h.name] = v === 'true';
            else rec.props[h.name] = v;
        });
        (kind === 'nodes' ? neo.nodes : neo.rels).push(rec);
    }
    neo[file] = head;
}
check('--multiline-fields=true exactly when a value holds a line break', multiline === sawLineBreak,
      `multiline ${multiline}, line break seen ${sawLineBreak}`);

// ---- the schema, derived from the .neo4j headers
const kuzuType = (t) => ({ long: 'INT64', double: 'DOUBLE', boolean: 'BOOLEAN', 'string[]': 'STRING[]' }[t] ?? 'STRING');
const nodeTables = new Map();   // label -> [{name, type}]
const relTables = new Map();    // type -> {cols, pairs:Set}
const labelOf = new Map();      // node id -> label
for (const { kind, file } of files) {
    const head = neo[file];
    const rows = kind === 'nodes' ? neo.nodes.filter((r) => r.file === file) : neo.rels.filter((r) => r.file === file);
    if (!rows.length) continue;
    if (kind === 'nodes') {
        const cols = head.filter((h) => !/^(LABEL)$/.test(h.type)).map((h) => ({ name: h.name, type: h.type.startsWith('ID') ? 'ID' : h.type }));
        nodeTables.set(rows[0].label, cols);
        if (rows[0].label !== 'Source') for (const r of rows) labelOf.set(r.id, r.label);
    }
}
for (const { kind, file } of files) {
    if (kind !== 'relationships') continue;
    const head = neo[file];
    const rows = neo.rels.filter((r) => r.file === file);
    const cols = head.filter((h) => !/^(START_ID|END_ID|TYPE)/.test(h.type));
    const pairs = new Set(rows.map((r) => `${labelOf.get(r.from)}\u0000${labelOf.get(r.to)}`));
    relTables.set(rows[0].type, { cols, pairs });
}
const ddl = [];
for (const [lab, cols] of nodeTables) {
    const c = cols.map((h) => (h.type === 'ID' ? `${bq(h.name)} STRING PRIMARY KEY` : `${bq(h.name)} ${kuzuType(h.type)}`));
    ddl.push(`CREATE NODE TABLE ${bq(lab)}(${c.join(', ')})`);
}
for (const [type, { cols, pairs }] of relTables) {
    const fromTo = [...pairs].map((p) => { const [a, b] = p.split('\u0000'); return `FROM ${bq(a)} TO ${bq(b)}`; });
    const c = cols.map((h) => `, ${bq(h.name)} ${kuzuType(h.type)}`).join('');
    ddl.push(`CREATE REL TABLE ${bq(type)}(${fromTo.join(', ')}${c})`);
}

async function fresh() {
    const db = new kuzu.Database(':memory:', 1 << 30);
    const conn = new kuzu.Connection(db);
    for (const d of ddl) await (await conn.query(d)).getAll();
    return conn;
}
const all = async (conn, q, params) => {
    if (!params) return (await conn.query(q)).getAll();
    const ps = await conn.prepare(q);
    return (await conn.execute(ps, params)).getAll();
};

// ---- normalising values for comparison
// (Kùzu hands INT64 and DOUBLE both to JavaScript as numbers: the column
// types are those of the .neo4j headers, and Kùzu refuses a string literal
// for a number column, so a number written as text fails the load itself)
const kuzuCannot = (v) => typeof v === 'string' && /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v);
let skipped = 0;
const norm = (v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'bigint') return Number(v);
    if (Array.isArray(v)) return v.map(norm);
    if (typeof v === 'object' && 'long' in v) return Number(v.long);
    return v;
};
const expectedNodes = new Map(exp.nodes.map((n) => [n.id, n]));
const longKeys = new Set();
for (const [, cols] of nodeTables) for (const h of cols) if (h.type === 'long') longKeys.add(h.name);
for (const [, { cols }] of relTables) for (const h of cols) if (h.type === 'long') longKeys.add(h.name);
// the JSON export's value, typed as the database should hold it
const want = (k, v) => (typeof v === 'number' && Number.isInteger(v) && longKeys.has(k) ? { long: String(v) } : v);

async function compare(conn, how, emptyLists) {
    skipped = 0;
    // counts
    const nn = await all(conn, 'MATCH (n) RETURN count(*) AS c');
    check(`${how}: node count (nodes + sources)`, Number(nn[0].c) === exp.nodes.length + exp.sources.length,
          `kuzu ${nn[0].c}, casegraph ${exp.nodes.length} + ${exp.sources.length}`);
    const ne = await all(conn, 'MATCH ()-[r]->() RETURN count(*) AS c');
    check(`${how}: edge count (parallel edges and self-loops kept)`, Number(ne[0].c) === exp.edges.length,
          `kuzu ${ne[0].c}, casegraph ${exp.edges.length}`);
    // every node's properties, typed
    let bad = [];
    for (const n of exp.nodes) {
        const rows = await all(conn, `MATCH (n:${bq(n.kind)}) WHERE n.id = $id RETURN n`, { id: n.id });
        if (rows.length !== 1) { bad.push(`${n.id}: ${rows.length} nodes`); continue; }
        const got = rows[0].n;
        for (const [k, v] of Object.entries(n)) {
            if (k === 'kind') { if (got._label !== v) bad.push(`${n.id}: label ${got._label}`); continue; }
            const w = k === 'aliases' && v.length === 0 && !emptyLists ? null : want(k, v);
            if (emptyLists && [w].flat().some(kuzuCannot)) { skipped++; continue; }
            if (JSON.stringify(norm(got[k])) !== JSON.stringify(norm(w)))
                bad.push(`${n.id}.${k}: kuzu ${JSON.stringify(norm(got[k]))}, casegraph ${JSON.stringify(w)}`);
        }
    }
    check(`${how}: every node's label and properties, with their types${skipped ? ` (${skipped} with control characters left to check_publish.py)` : ''}`, bad.length === 0, ...bad.slice(0, 8));
    bad = [];
    for (const s of exp.sources) {
        const rows = await all(conn, 'MATCH (n:`Source`) WHERE n.id = $id RETURN n', { id: s.id });
        if (rows.length !== 1) { bad.push(`${s.id}: ${rows.length} sources`); continue; }
        for (const [k, v] of Object.entries(s)) {
            const g = norm(rows[0].n[k]);
            if (JSON.stringify(g) !== JSON.stringify(norm(want(k, v)))) bad.push(`${s.id}.${k}: kuzu ${JSON.stringify(g)}, casegraph ${JSON.stringify(v)}`);
        }
    }
    check(`${how}: every Source node and its fields`, bad.length === 0, ...bad.slice(0, 8));
    // every edge, as a multiset of (from, type, to, properties)
    const key = (e) => JSON.stringify(Object.keys(e).sort().map((k) => [k, norm(e[k])]));
    const wantE = exp.edges.map((e) => {
        const o = {};
        for (const [k, v] of Object.entries(e)) {
            if (k === 'date' && v === null) continue;
            if (k === 'source' && v.length === 0 && !emptyLists) continue;
            o[k] = want(k, v);
        }
        return key(o);
    }).sort();
    const rows = await all(conn, 'MATCH (a)-[r]->(b) RETURN a.id AS f, b.id AS t, r');
    const gotE = rows.map((x) => {
        const o = { from: x.f, to: x.t, type: x.r._label };
        for (const [k, v] of Object.entries(x.r)) if (!k.startsWith('_') && k !== 'rowid' && v !== null) o[k] = v;
        return key(o);
    }).sort();
    const diff = wantE.filter((k, i) => k !== gotE[i]);
    check(`${how}: every edge with its type and typed properties`, JSON.stringify(wantE) === JSON.stringify(gotE),
          ...diff.slice(0, 4), `kuzu had ${gotE.length}, casegraph ${wantE.length}`);
    // match queries: the same rows (a multiset) as casegraph's match
    for (const m of matches) {
        let got;
        try { got = await all(conn, m.query); } catch (e) { notok(`${how}: match ${m.query}`, String(e)); continue; }
        const canon = (r) => JSON.stringify(Object.values(r).map(norm).map((v) => (v && v.long ? Number(v.long) : v)));
        const a = got.map(canon).sort(), b = m.rows.map(canon).sort();
        check(`${how}: ${m.query} gives casegraph's ${b.length} rows`, JSON.stringify(a) === JSON.stringify(b),
              `kuzu: ${a.slice(0, 4).join(' ')}`, `casegraph: ${b.slice(0, 4).join(' ')}`);
    }
}

try {
    // 1. the .cypher script, statement by statement (one per line)
    const conn = await fresh();
    const lines = fs.readFileSync(cypherFile, 'utf8').split('\n');
    let nstmt = 0, errs = [];
    for (const l of lines) {
        if (l === '' || l.startsWith('//')) continue;
        nstmt++;
        try { await all(conn, l); } catch (e) { errs.push(`${String(e).slice(0, 200)} in: ${l.slice(0, 200)}`); }
    }
    check(`Kùzu runs all ${nstmt} statements of the .cypher script`, errs.length === 0, ...errs.slice(0, 5));
    await compare(conn, '.cypher', true);     // the script writes [] for no aliases, no sources
    // 2. the .neo4j CSV files, parsed as neo4j-admin reads them
    const c2 = await fresh();
    errs = [];
    for (const r of neo.nodes) {
        const keys = Object.keys(r.props);
        const q = `CREATE (:${bq(r.label)} {${keys.map((k, i) => `${bq(k)}: $p${i}`).join(', ')}})`;
        const params = {};
        keys.forEach((k, i) => { const v = r.props[k]; params[`p${i}`] = v && v.long !== undefined ? Number(v.long) : v; });
        try { await all(c2, q, params); } catch (e) { errs.push(`${e} in ${q}`); }
    }
    for (const r of neo.rels) {
        const keys = Object.keys(r.props);
        const q = `MATCH (a:${bq(labelOf.get(r.from))}), (b:${bq(labelOf.get(r.to))}) WHERE a.id = $from AND b.id = $to ` +
                  `CREATE (a)-[:${bq(r.type)} {${keys.map((k, i) => `${bq(k)}: $p${i}`).join(', ')}}]->(b)`;
        const params = { from: r.from, to: r.to };
        keys.forEach((k, i) => { const v = r.props[k]; params[`p${i}`] = v && v.long !== undefined ? Number(v.long) : v; });
        try { await all(c2, q, params); } catch (e) { errs.push(`${e} in ${q}`); }
    }
    check(`Kùzu takes every row of the .neo4j files (${neo.nodes.length} nodes, ${neo.rels.length} relationships)`,
          errs.length === 0, ...errs.slice(0, 5));
    await compare(c2, '.neo4j', false);      // an empty field: no property
} catch (e) {
    notok('the load test ran to its end', e.stack ?? String(e));
}
process.exit(0);
