// tests/bench/kuzu_bench.mjs - the match rows' peer: Kùzu, in-memory.
//
// usage: node tests/bench/kuzu_bench.mjs KUZU_DIR GRAPH.yaml RUNS NAME=QUERY...
//        node tests/bench/kuzu_bench.mjs --canon <CASEGRAPH.json
//
// Loads GRAPH (the output of tests/bench/gen.c, read line by line: this is
// not a YAML parser, and any line gen.c does not write is an error) into an
// in-memory Kùzu database (KUZU_DIR is the installed npm package, kuzu@0.11.3):
// one node table per kind (id STRING PRIMARY KEY, name, party, founded,
// score), one rel table per edge type with every (from kind, to kind) pair
// that occurs, filled by COPY from CSV files in a temporary directory. The
// load is timed but not part of the query figures. Then each query runs once
// (warm-up) and RUNS times more, the queries taking turns, and the script
// prints tab-separated lines on standard output:
//   info    KEY     VALUE            (version, threads, nodes, edges, load_ms, ...)
//   text    NAME    QUERY            Kùzu's text of each query
//   median  NAME    MS               median of the RUNS timed runs
//   times   NAME    MS,MS,...        every timed run
//   result  NAME    JSON             the rows, canonical (below)
//   error   NAME    MESSAGE          instead of the last three, when Kùzu refuses it
// Other errors (the file, the load) go to standard error, exit status 1.
//
// Each query is timed from conn.query() to the last row fetched (getAll), as
// casegraph's timer covers its query up to the last row written.
//
// The canonical form of a result: each row is the array of its values in
// column order (column names are not compared: Kùzu names count(*)
// COUNT_STAR()), the rows sorted by their JSON text, the whole as one JSON
// array. --canon reads casegraph's `-o json` output (one JSON value per line)
// and prints each line's canonical form, so the two systems' results compare
// as text.
//
// The query texts come from tests/bench/match.sh, which says how they write
// openCypher's semantics out in Kùzu.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

function fail(msg) {
    console.error(`kuzu_bench: ${msg}`);
    process.exit(1);
}

function canonical(rows) {
    return JSON.stringify(rows.map((r) => JSON.stringify(Object.values(r).map((v) =>
        typeof v === 'bigint' ? Number(v) : v))).sort().map((s) => JSON.parse(s)));
}

if (process.argv[2] === '--canon') {
    const lines = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l !== '');
    for (const l of lines) console.log(canonical(JSON.parse(l)));
    process.exit(0);
}

const [kuzuDir, graphFile, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg);
if (!kuzuDir || !graphFile || !(RUNS >= 1)) {
    console.error('usage: node kuzu_bench.mjs KUZU_DIR GRAPH.yaml RUNS | --canon');
    process.exit(2);
}
const kuzu = createRequire(import.meta.url)(path.resolve(kuzuDir));

// NAME=TEXT arguments: the queries, in the order given
const QUERIES = process.argv.slice(5).map((a) => {
    const i = a.indexOf('=');
    if (i < 1) fail(`not NAME=QUERY: ${a}`);
    return [a.slice(0, i), a.slice(i + 1)];
});
if (QUERIES.length === 0) fail('no queries (NAME=QUERY arguments)');

// ---- read gen.c's output
const NODE_KEYS = { kind: 1, name: 1, party: 1, founded: 1, score: 1 };
const EDGE_KEYS = { to: 1, type: 1, date: 1, source: 1, note: 1, weight: 1 };
function readGraph(file) {
    const text = fs.readFileSync(file, 'utf8');
    const nodes = [];           // {id, kind, name, party, founded, score}
    const kindOf = new Map();
    const edges = new Map();    // "type\tfromkind\ttokind" -> ["from,to", ...]
    let section = '', cur = null, nEdges = 0;
    const endEdge = () => {
        if (!cur) return;
        const fk = kindOf.get(cur.from), tk = kindOf.get(cur.to);
        if (fk === undefined || tk === undefined || !cur.type) fail(`${file}: bad edge ${JSON.stringify(cur)}`);
        const key = `${cur.type}\t${fk}\t${tk}`;
        let list = edges.get(key);
        if (!list) edges.set(key, list = []);
        list.push(`${cur.from},${cur.to}`);
        nEdges++;
    };
    let lineNo = 0;
    for (const line of text.split('\n')) {
        lineNo++;
        if (line === '' || line[0] === '#') continue;
        if (line[0] !== ' ') {
            const m = /^(\w+):/.exec(line);
            if (!m) fail(`${file}:${lineNo}: not a line tests/bench/gen.c writes`);
            if (section === 'edges') endEdge();
            section = m[1];
            cur = null;
            continue;
        }
        if (section === 'sources') continue;
        const m = /^  (- |  )(\w+): (.*)$/.exec(line);
        if (!m || (section !== 'nodes' && section !== 'edges'))
            fail(`${file}:${lineNo}: not a line tests/bench/gen.c writes`);
        const [, lead, key, value] = m;
        if (section === 'nodes') {
            if (lead === '- ') {
                if (key !== 'id') fail(`${file}:${lineNo}: a node starts with its id`);
                cur = { id: value };
                nodes.push(cur);
            } else if (NODE_KEYS[key] && cur) {
                cur[key] = value;
                if (key === 'kind') kindOf.set(cur.id, value);
            } else fail(`${file}:${lineNo}: unexpected node key ${key}`);
        } else {
            if (lead === '- ') {
                if (key !== 'from') fail(`${file}:${lineNo}: an edge starts with from`);
                endEdge();
                cur = { from: value };
            } else if (EDGE_KEYS[key] && cur) cur[key] = value;
            else fail(`${file}:${lineNo}: unexpected edge key ${key}`);
        }
    }
    if (section === 'edges') endEdge();
    return { nodes, edges, nEdges };
}

const csvText = (s) => (s === undefined ? '' : '"' + s.replace(/"/g, '""') + '"');
const csvNum = (s) => (s === undefined ? '' : s);
const bq = (s) => '`' + s + '`';

async function main() {
    const t0 = performance.now();
    const g = readGraph(graphFile);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzu-bench-'));
    try {
        // 4 GB of buffer pool: the graph takes a few hundred MB
        const db = new kuzu.Database(':memory:', 4 << 30);
        const conn = new kuzu.Connection(db);
        const q = async (text) => { const r = await conn.query(text); return r.getAll(); };
        const kinds = [...new Set(g.nodes.map((n) => n.kind))].sort();
        for (const k of kinds) {
            await q(`CREATE NODE TABLE ${bq(k)}(id STRING PRIMARY KEY, name STRING, party STRING, ` +
                'founded INT64, score DOUBLE)');
            const f = path.join(dir, `node-${k}.csv`);
            fs.writeFileSync(f, 'id,name,party,founded,score\n' + g.nodes.filter((n) => n.kind === k).map((n) =>
                [csvText(n.id), csvText(n.name), csvText(n.party), csvNum(n.founded), csvNum(n.score)].join(','))
                .join('\n') + '\n');
            await q(`COPY ${bq(k)} FROM '${f}' (header=true)`);
        }
        const byType = new Map();
        for (const [key, list] of g.edges) {
            const [type, fk, tk] = key.split('\t');
            if (!byType.has(type)) byType.set(type, []);
            byType.get(type).push([fk, tk, list]);
        }
        let fileNo = 0;
        for (const [type, pairs] of [...byType].sort()) {
            await q(`CREATE REL TABLE ${bq(type)}(${pairs.map(([fk, tk]) => `FROM ${bq(fk)} TO ${bq(tk)}`).join(', ')})`);
            for (const [fk, tk, list] of pairs) {
                const f = path.join(dir, `rel-${fileNo++}.csv`);
                fs.writeFileSync(f, 'from,to\n' + list.join('\n') + '\n');
                await q(`COPY ${bq(type)} FROM '${f}' (from='${fk}', to='${tk}', header=true)`);
            }
        }
        const count = async (text) => Number(Object.values((await q(text))[0])[0]);
        const nNodes = await count('MATCH (n) RETURN count(*)');
        const nEdges = await count('MATCH ()-[r]->() RETURN count(*)');
        if (nNodes !== g.nodes.length || nEdges !== g.nEdges)
            fail(`loaded ${nNodes} nodes and ${nEdges} edges, the file has ${g.nodes.length} and ${g.nEdges}`);
        const loadMs = performance.now() - t0;
        fs.rmSync(dir, { recursive: true, force: true });

        const out = (...f) => console.log(f.join('\t'));
        out('info', 'version', kuzu.VERSION);
        out('info', 'threads', Object.values((await q("CALL current_setting('threads') RETURN *"))[0])[0]);
        out('info', 'recursive_pattern_semantic',
            Object.values((await q("CALL current_setting('recursive_pattern_semantic') RETURN *"))[0])[0]);
        out('info', 'nodes', nNodes);
        out('info', 'edges', nEdges);
        out('info', 'rel_tables', `${byType.size} (${fileNo} from-to pairs)`);
        out('info', 'load_ms', loadMs.toFixed(1));
        const times = new Map(QUERIES.map(([name]) => [name, []]));
        const results = new Map(), errors = new Map();
        for (let run = 0; run <= RUNS; run++) {
            for (const [name, text] of QUERIES) {
                if (errors.has(name)) continue;
                const s = performance.now();
                let rows;
                try { rows = await q(text); } catch (e) {
                    errors.set(name, String(e && e.message ? e.message : e).split('\n')[0]);
                    continue;
                }
                const ms = performance.now() - s;
                if (run === 0) results.set(name, canonical(rows));   // the warm-up run
                else times.get(name).push(ms);
            }
        }
        for (const [name, text] of QUERIES) {
            out('text', name, text);
            if (errors.has(name)) { out('error', name, errors.get(name)); continue; }
            const t = times.get(name).slice().sort((a, b) => a - b);
            const n = t.length;
            const med = n % 2 ? t[(n - 1) / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
            out('median', name, med.toFixed(3));
            out('times', name, times.get(name).map((x) => x.toFixed(3)).join(','));
            out('result', name, results.get(name));
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((e) => fail(e && e.message ? e.message : String(e)));
