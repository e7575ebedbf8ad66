/* fuzz_export.c - libFuzzer target: arbitrary bytes as a graph file, and
 * every graph that loads through every exporter.
 *
 * A graph that loads is written as DOT, GraphML and JSON (to /dev/null: they
 * must not crash; GraphML may refuse text XML cannot hold) and as casegraph
 * YAML to memory, which must load back to the same graph: the same nodes
 * (id, kind, name, number of aliases and attributes), the same edges (from,
 * type, to, date, number of sources, as a multiset) and the same number of
 * sources.  A difference aborts, so libFuzzer keeps the input.  The .html
 * page is written to memory with a fixed diagram: its data block must hold
 * no `<` (nothing can close it) and the page exactly its own two scripts.
 *
 * The publishing writers run too: Markdown in its four views (every '<' it
 * writes is escaped or opens one of its own <http...> autolinks, and the
 * whole-graph view has one chronology line per dated edge), the Cypher
 * script (one statement or comment per line, each statement ending in ';',
 * one per source, node and edge) and the Neo4j import files (to /dev/null;
 * it may refuse a key with ':').
 *
 *   make fuzz && build/fuzz/fuzz_export -max_total_time=60 build/fuzz/corpus/load
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/diag.h"
#include "../../src/atomic.h"
#include "../../src/export.h"
#include "../../src/exporters.h"
#include "../../src/graph.h"
#include "../../src/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_export: the exported YAML loads back differently: %s %s\n", what, detail ? detail : "");
    abort();
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The edges of g as sorted strings "from type to date nsources". */
static char **edge_keys(const cg_graph *g)
{
    char **k = malloc((g->nedges + 1) * sizeof *k);
    for (size_t e = 0; e < g->nedges; e++) {
        const cg_edge *ed = &g->edges[e];
        cg_buf b;
        cg_buf_init(&b);
        cg_buf_printf(&b, "%s\x01%s\x01%s\x01%s\x01%u", g->nodes[ed->from].id, ed->type, g->nodes[ed->to].id,
                      ed->date ? ed->date : "-", (unsigned)ed->nsources);
        k[e] = b.data;
    }
    qsort(k, g->nedges, sizeof *k, str_cmp);
    return k;
}

static void compare(const cg_graph *a, const cg_graph *b)
{
    if (a->nnodes != b->nnodes) fail("node count", NULL);
    if (a->nedges != b->nedges) fail("edge count", NULL);
    if (a->nsources != b->nsources) fail("source count", NULL);
    for (size_t i = 0; i < a->nnodes; i++) {
        const cg_node *x = &a->nodes[i];
        int32_t j = cg_graph_find_node(b, x->id);
        if (j < 0) fail("node missing:", x->id);
        const cg_node *y = &b->nodes[j];
        if (strcmp(x->kind, y->kind) != 0) fail("kind of", x->id);
        if (strcmp(x->name, y->name) != 0) fail("name of", x->id);
        if (x->naliases != y->naliases) fail("aliases of", x->id);
        if (x->nattrs != y->nattrs) fail("attributes of", x->id);
    }
    char **ka = edge_keys(a), **kb = edge_keys(b);
    for (size_t e = 0; e < a->nedges; e++)
        if (strcmp(ka[e], kb[e]) != 0) fail("edge", ka[e]);
    for (size_t e = 0; e < a->nedges; e++) {
        free(ka[e]);
        free(kb[e]);
    }
    free(ka);
    free(kb);
}

/* The page of g with a small fixed diagram: its JSON data block holds no
 * `<`, `>`, `&` or U+2028/U+2029, and the page has exactly two </script>. */
static void check_html(const cg_graph *g)
{
    static const char svg[] = "<?xml version=\"1.0\"?>\n<!-- c -->\n<svg viewBox=\"0 0 10 10\">"
                              "<g id=\"cg-n-0\" class=\"node\"><title>a&lt;b</title></g></svg>\n";
    cg_html_page page = { svg, sizeof svg - 1, NULL, 0 };
    char *buf = NULL;
    size_t len = 0;
    cg_error err;
    cg_error_clear(&err);
    FILE *mem = open_memstream(&buf, &len);
    if (cg_export_html(mem, g, NULL, &page, NULL, &err) < 0) {
        fprintf(stderr, "fuzz_export: the page writer failed: %s\n", err.msg);
        abort();
    }
    fclose(mem);
    const char *open = strstr(buf, "id=\"cg-data\">");
    const char *close = open ? strstr(open, "</script>") : NULL;
    if (!open || !close) {
        fprintf(stderr, "fuzz_export: the page has no data block\n");
        abort();
    }
    for (const char *p = open + strlen("id=\"cg-data\">"); p < close; p++)
        if (*p == '<' || *p == '>' || *p == '&' || (p + 2 < close && memcmp(p, "\xE2\x80\xA8", 3) == 0)
            || (p + 2 < close && memcmp(p, "\xE2\x80\xA9", 3) == 0)) {
            fprintf(stderr, "fuzz_export: a raw markup character in the page's data block\n");
            abort();
        }
    int scripts = 0;
    for (const char *p = buf; (p = strstr(p, "</script>")) != NULL; p++) scripts++;
    if (scripts != 2) {
        fprintf(stderr, "fuzz_export: the page has %d </script>, not 2\n", scripts);
        abort();
    }
    free(buf);
}

static FILE *neo_open(void *ctx, const char *name, cg_error *err)
{
    (void)ctx; (void)name; (void)err;
    return fopen("/dev/null", "w");
}

static int neo_close(void *ctx, FILE *f, cg_error *err)
{
    (void)ctx; (void)err;
    return fclose(f);
}

/* The publishing writers on g; aborts when an invariant breaks. */
static void publish(const cg_graph *g)
{
    cg_error err;
    for (int view = CG_MD_WHOLE; view <= CG_MD_NODES; view++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        cg_error_clear(&err);
        if (cg_export_md(mem, g, NULL, (cg_md_view)view, NULL, &err) < 0) {
            fprintf(stderr, "fuzz_export: the Markdown writer failed: %s\n", err.msg);
            abort();
        }
        fclose(mem);
        size_t lines = 0;
        for (size_t i = 0; i < len; i++) {
            if (buf[i] == '<' && !(i && buf[i - 1] == '\\') && strncmp(buf + i + 1, "http", 4) != 0) {
                fprintf(stderr, "fuzz_export: a raw '<' in the Markdown at %zu: %.80s\n", i, buf + i);
                abort();
            }
            if ((i == 0 || buf[i - 1] == '\n') && buf[i] == '-' && i + 1 < len && buf[i + 1] == ' ') lines++;
        }
        size_t dated = 0;
        for (size_t e = 0; e < g->nedges; e++) dated += g->edges[e].date != NULL;
        if (view == CG_MD_WHOLE && lines != dated) {
            fprintf(stderr, "fuzz_export: %zu chronology lines for %zu dated edges\n", lines, dated);
            abort();
        }
        free(buf);
    }

    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    cg_error_clear(&err);
    if (cg_export_cypher(mem, g, NULL, NULL, &err) < 0) {
        fprintf(stderr, "fuzz_export: the Cypher writer failed: %s\n", err.msg);
        abort();
    }
    fclose(mem);
    size_t stmts = 0;
    for (char *line = buf, *nl; line < buf + len; line = nl + 1) {
        nl = memchr(line, '\n', (size_t)(buf + len - line));
        if (!nl) { fprintf(stderr, "fuzz_export: the Cypher script does not end in a newline\n"); abort(); }
        if (strncmp(line, "//", 2) == 0) continue;
        if (nl == line || nl[-1] != ';') {
            fprintf(stderr, "fuzz_export: a Cypher line that is no statement: %.80s\n", line);
            abort();
        }
        stmts++;
    }
    if (stmts != g->nnodes + g->nedges + g->nsources) {
        fprintf(stderr, "fuzz_export: %zu Cypher statements for %zu nodes, %zu edges, %zu sources\n", stmts,
                g->nnodes, g->nedges, g->nsources);
        abort();
    }
    free(buf);

    cg_neo4j_sink sink = { neo_open, neo_close, NULL, "case.neo4j" };
    cg_error_clear(&err);
    (void)cg_export_neo4j(&sink, g, NULL, NULL, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!devnull) devnull = fopen("/dev/null", "w");
    cg_diag d;
    cg_diag_init(&d);
    cg_graph *g = cg_load_buffer("fuzz.yaml", data, size, &d);
    cg_diag_destroy(&d);
    if (!g) return 0;

    cg_error err;
    cg_error_clear(&err);
    cg_export_dot(devnull, g, NULL, NULL, &err);
    cg_error_clear(&err);
    cg_export_graphml(devnull, g, NULL, NULL, &err);
    cg_error_clear(&err);
    cg_export_json(devnull, g, NULL, NULL, &err);
    publish(g);

    check_html(g);

    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    cg_error_clear(&err);
    if (cg_export_yaml(mem, g, NULL, NULL, &err) < 0) {
        fprintf(stderr, "fuzz_export: the YAML writer failed: %s\n", err.msg);
        abort();
    }
    fclose(mem);
    cg_diag_init(&d);
    cg_graph *g2 = cg_load_buffer("exported.yaml", (const unsigned char *)buf, len, &d);
    if (!g2) {
        fprintf(stderr, "fuzz_export: the exported YAML does not load:\n");
        cg_diag_print(&d, stderr);
        fprintf(stderr, "---- exported:\n%.4000s\n", buf);
        abort();
    }
    compare(g, g2);
    cg_diag_destroy(&d);
    cg_graph_free(g2);
    free(buf);
    cg_graph_free(g);
    return 0;
}
