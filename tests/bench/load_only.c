/* load_only.c - cg_load on the given paths and nothing else, for profiling
 * the loader without the rest of casegraph (perf, callgrind).
 *
 * usage: load_only FILE...
 *
 * Prints "N nodes, M edges, K sources time_ms T" (T: the cg_load call, which
 * includes cg_graph_finish) or the diagnostics; exit 3 when loading failed.
 */
#include <stdio.h>
#include <time.h>

#include "diag.h"
#include "graph.h"
#include "loader.h"

int main(int argc, char **argv)
{
    struct timespec t0, t1;
    cg_diag diag;
    cg_diag_init(&diag);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cg_graph *g = cg_load((const char *const *)argv + 1, (size_t)(argc - 1), &diag, NULL, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    cg_diag_print(&diag, stderr);
    cg_diag_destroy(&diag);
    if (!g) return 3;
    printf("%zu nodes, %zu edges, %zu sources time_ms %.1f\n", g->nnodes, g->nedges, g->nsources,
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    cg_graph_free(g);
    return 0;
}
