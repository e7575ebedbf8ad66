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
