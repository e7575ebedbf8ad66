/* fuzz_load.c - libFuzzer target: arbitrary bytes as a graph file.
 *
 * The bytes go through cg_load_buffer (the same code path as a file on disk,
 * minus the directory walk); the diagnostics are printed to /dev/null so the
 * escaping and sorting code runs too, and everything is freed.  Sanitizers
 * catch memory errors and leaks; libFuzzer's -timeout and -rss_limit_mb catch
 * hangs and unbounded memory.
 *
 *   make fuzz && build/fuzz/fuzz_load -max_total_time=60 build/fuzz/corpus/load
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/diag.h"
#include "../../src/graph.h"
#include "../../src/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!devnull) devnull = fopen("/dev/null", "w");
    cg_diag d;
    cg_diag_init(&d);
    cg_graph *g = cg_load_buffer("fuzz.yaml", data, size, &d);
    if (devnull) cg_diag_print(&d, devnull);
    if (g) {
        /* a loaded graph must be consistent: every edge between real nodes,
         * and every node found again by its id */
        for (size_t e = 0; e < g->nedges; e++)
            if (g->edges[e].from < 0 || (size_t)g->edges[e].from >= g->nnodes ||
                g->edges[e].to < 0 || (size_t)g->edges[e].to >= g->nnodes)
                abort();
        if (d.nerrors) abort();   /* all or nothing */
        cg_graph_free(g);
    } else if (d.nerrors == 0) {
        abort();                  /* no graph must come with a reason */
    }
    cg_diag_destroy(&d);
    return 0;
}
