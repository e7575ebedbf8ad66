/* igraph_same.c - checks that the merged graph casegraph builds by hand for
 * its centralities (centrality.c: centrality_build_simple, filled straight
 * into igraph's arrays) is the one igraph itself makes from the same
 * edges: igraph_create, then igraph_to_undirected (collapse) for the
 * undirected one, then igraph_simplify.  The same internal arrays, and the
 * same answers from igraph.
 *
 * usage: igraph_same FILE...
 *
 * Prints "same: N vertices, M edges (directed D)" and exits 0, or says
 * what differs and exits 1.
 */
#include <igraph.h>
#include <stdio.h>

#include "algo.h"
#include "algo_core.h"
#include "diag.h"
#include "graph.h"
#include "loader.h"

static int same_vec(const char *what, const igraph_vector_int_t *a, const igraph_vector_int_t *b)
{
    if (igraph_vector_int_size(a) != igraph_vector_int_size(b)) {
        printf("%s: sizes %ld and %ld\n", what, (long)igraph_vector_int_size(a), (long)igraph_vector_int_size(b));
        return 0;
    }
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(a); i++)
        if (VECTOR(*a)[i] != VECTOR(*b)[i]) {
            printf("%s: differ at %ld: %ld and %ld\n", what, (long)i, (long)VECTOR(*a)[i], (long)VECTOR(*b)[i]);
            return 0;
        }
    return 1;
}

/* The merged graph of g in one direction against igraph's own. */
static int same_merged(const cg_graph *g, int directed)
{
    igraph_vector_int_t ev;
    igraph_vector_int_init(&ev, (igraph_integer_t)(2 * g->nedges));
    for (size_t e = 0; e < g->nedges; e++) {
        VECTOR(ev)[2 * e] = g->edges[e].from;
        VECTOR(ev)[2 * e + 1] = g->edges[e].to;
    }
    igraph_t ref;
    igraph_create(&ref, &ev, (igraph_integer_t)g->nnodes, IGRAPH_DIRECTED);
    igraph_vector_int_destroy(&ev);
    if (!directed) igraph_to_undirected(&ref, IGRAPH_TO_UNDIRECTED_COLLAPSE, NULL);
    igraph_simplify(&ref, 1, 1, NULL);

    cg_filter f = { NULL, 0, NULL, NULL, directed };
    algo_ef ef;
    algo_ef_init(&ef, &f);
    igraph_t own;
    const igraph_t *ig;
    int owned;
    cg_error err;
    cg_error_clear(&err);
    if (centrality_simple(g, NULL, &ef, &own, &ig, &owned, &err) < 0) {
        printf("the merged graph failed: %s\n", err.msg);
        igraph_destroy(&ref);
        return 0;
    }
    int ok = ig->n == ref.n && ig->directed == ref.directed;
    if (!ok) printf("n or directed differ (directed %d)\n", directed);
    ok = ok && same_vec("from", &ig->from, &ref.from) && same_vec("to", &ig->to, &ref.to) &&
         same_vec("oi", &ig->oi, &ref.oi) && same_vec("ii", &ig->ii, &ref.ii) &&
         same_vec("os", &ig->os, &ref.os) && same_vec("is", &ig->is, &ref.is);
    /* and what igraph says about them */
    igraph_bool_t s1, s2, m1, m2, l1, l2;
    igraph_is_simple(ig, &s1);
    igraph_is_simple(&ref, &s2);
    igraph_has_multiple(ig, &m1);
    igraph_has_multiple(&ref, &m2);
    igraph_has_loop(ig, &l1);
    igraph_has_loop(&ref, &l2);
    if (s1 != s2 || m1 != m2 || l1 != l2 || !s1) {
        printf("is_simple/has_multiple/has_loop differ or not simple (directed %d)\n", directed);
        ok = 0;
    }
    igraph_integer_t c1, c2;
    igraph_connected_components(ig, NULL, NULL, &c1, IGRAPH_WEAK);
    igraph_connected_components(&ref, NULL, NULL, &c2, IGRAPH_WEAK);
    if (c1 != c2) {
        printf("components differ: %ld and %ld\n", (long)c1, (long)c2);
        ok = 0;
    }
    if (ok) printf("same: %ld vertices, %ld edges (directed %d)\n", (long)ref.n, (long)igraph_ecount(&ref), directed);
    if (owned) igraph_destroy(&own);
    igraph_destroy(&ref);
    return ok;
}

int main(int argc, char **argv)
{
    cg_diag diag;
    cg_diag_init(&diag);
    cg_graph *g = cg_load((const char *const *)argv + 1, (size_t)(argc - 1), &diag, NULL, NULL);
    cg_diag_print(&diag, stderr);
    cg_diag_destroy(&diag);
    if (!g) return 3;
    int ok = same_merged(g, 1);
    ok = same_merged(g, 0) && ok;
    cg_graph_free(g);
    return ok ? 0 : 1;
}
