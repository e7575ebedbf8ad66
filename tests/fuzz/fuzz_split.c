/* fuzz_split.c - libFuzzer target: arbitrary bytes as a graph file, loaded
 * by one parser and cut into parts by the split scan (yaml_split.c); the
 * two loads must agree.
 *
 * The bytes are written to a file (the split reads files, not buffers) and
 * loaded three times with cg_load: CASEGRAPH_THREADS=1, then 3 with
 * CASEGRAPH_SPLIT_MIN=0 (every file is scanned, parts of a few bytes), then
 * 3 again with CASEGRAPH_SPLIT_FIRST=0 (all but the first cut made by the
 * scan's own thread while the parts parse).  The diagnostics as printed,
 * and the graph's nodes and edges (ids, kinds, ends, types, lines) must be
 * the same; any difference aborts.
 *
 *   make fuzz && build/fuzz/fuzz_split -max_total_time=60 build/fuzz/corpus/load
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/diag.h"
#include "../../src/graph.h"
#include "../../src/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

/* The load's diagnostics and graph as text, in a malloc'd buffer. */
static char *fuzz_split_load(const char *threads, const char *first)
{
    setenv("CASEGRAPH_THREADS", threads, 1);
    if (first) setenv("CASEGRAPH_SPLIT_FIRST", first, 1);
    else unsetenv("CASEGRAPH_SPLIT_FIRST");
    cg_diag d;
    cg_diag_init(&d);
    const char *paths[] = { path };
    cg_graph *g = cg_load(paths, 1, &d, NULL, NULL);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) abort();
    cg_diag_print(&d, f);
    if (g) {
        for (size_t i = 0; i < g->nnodes; i++)
            fprintf(f, "n %s %s %u:%u\n", g->nodes[i].id, g->nodes[i].kind, g->nodes[i].line, g->nodes[i].col);
        for (size_t e = 0; e < g->nedges; e++)
            fprintf(f, "e %d %d %s %u\n", g->edges[e].from, g->edges[e].to, g->edges[e].type, g->edges[e].line);
        cg_graph_free(g);
    }
    fclose(f);
    cg_diag_destroy(&d);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/fuzz_split.%d.yaml", (int)getpid());
        setenv("CASEGRAPH_SPLIT_MIN", "0", 1);
    }
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    if (size && fwrite(data, 1, size, f) != size) { fclose(f); return 0; }
    fclose(f);
    char *one = fuzz_split_load("1", NULL);
    char *many = fuzz_split_load("3", NULL);
    char *late = fuzz_split_load("3", "0");
    if (strcmp(one, many) != 0 || strcmp(one, late) != 0) {
        fprintf(stderr, "fuzz_split: one parser and three differ\n--- one\n%s--- three\n%s--- three, the scan on its own thread\n%s",
                one, many, late);
        abort();
    }
    free(one);
    free(many);
    free(late);
    return 0;
}
