// tests/bench/kuzu_load.mjs - the load row's peer: Kùzu loading the bench
// graph from CSV files that casegraph wrote (`nodes with all > FILE.csv`,
// `edges with all > FILE.csv`), into an in-memory database.
//
// usage: node tests/bench/kuzu_load.mjs KUZU_DIR NODES.csv EDGES.csv
//
// One node table (the nodes CSV's columns: id STRING PRIMARY KEY, kind,
// name, founded, party STRING, score DOUBLE) and one relationship table
// over it (type, date, source, note STRING, weight DOUBLE), each filled by
// one COPY; the edges CSV puts `type` between `from` and `to`, so its COPY
// reads it through LOAD FROM ... RETURN in Kùzu's order.  Prints
//   load_ms MS        the two COPY statements, from the first to the last
//   nodes N / edges M the counts Kùzu holds afterwards
// (the process's peak memory is measured around it by /usr/bin/time).
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [kuzuDir, nodesCsv, edgesCsv] = process.argv.slice(2);
if (!kuzuDir || !nodesCsv || !edgesCsv) {
    console.error('usage: node kuzu_load.mjs KUZU_DIR NODES.csv EDGES.csv');
    process.exit(2);
}
const kuzu = createRequire(import.meta.url)(path.resolve(kuzuDir));

async function main() {
    const db = new kuzu.Database(':memory:', 4 << 30);
    const conn = new kuzu.Connection(db);
    const q = async (text) => (await conn.query(text)).getAll();
    await q('CREATE NODE TABLE Actor(id STRING PRIMARY KEY, kind STRING, name STRING, founded STRING, ' +
            'party STRING, score DOUBLE)');
    await q('CREATE REL TABLE Fact(FROM Actor TO Actor, type STRING, date STRING, source STRING, note STRING, ' +
            'weight DOUBLE)');
    const t0 = performance.now();
    await q(`COPY Actor FROM '${path.resolve(nodesCsv)}' (header=true)`);
    await q(`COPY Fact FROM (LOAD WITH HEADERS (\`from\` STRING, type STRING, \`to\` STRING, date STRING, ` +
            `source STRING, note STRING, weight DOUBLE) FROM '${path.resolve(edgesCsv)}' (header=true) ` +
            'RETURN `from`, `to`, type, date, source, note, weight)');
    const ms = performance.now() - t0;
    const count = async (text) => Number(Object.values((await q(text))[0])[0]);
    console.log(`load_ms ${ms.toFixed(1)}`);
    console.log(`nodes ${await count('MATCH (n:Actor) RETURN count(*)')}`);
    console.log(`edges ${await count('MATCH ()-[r:Fact]->() RETURN count(*)')}`);
}
main().catch((e) => { console.error(`kuzu_load: ${e.message || e}`); process.exit(1); });
