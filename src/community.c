/* community.c - communities (SPEC 10) on top of igraph: the merged simple
 * undirected graph (centrality.c's, from the session's cache when no
 * filter is given), igraph's Leiden (modularity objective), multilevel
 * (Louvain) or label propagation with a private, fixed-seed random number
 * generator, and the partition numbered largest first. */
#include "algo.h"
#include "algo_core.h"

#include <igraph.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The seed of every run: the same graph gives the same communities. */
#define COMMUNITY_SEED 42
/* Leiden's iterations: python-igraph's default (community_leiden's
 * n_iterations=2).  igraph 0.10.2's "until stable" (a negative count) stops
 * after the first iteration that changes anything, which is the first. */
#define COMMUNITY_LEIDEN_ITERATIONS 2
/* Leiden's randomness in the refinement step: igraph's and python-igraph's
 * default. */
#define COMMUNITY_LEIDEN_BETA 0.01

const char *const cg_community_algo_names[CG_CA_COUNT + 1] = { "leiden", "louvain", "labelprop", NULL };

/* Runs alg on the simple undirected graph ig (at least one edge) into
 * membership (initialised by the caller), with igraph's default random
 * number generator swapped for a private one seeded COMMUNITY_SEED and
 * swapped back afterwards, so that igraph's own generator (and whatever
 * else draws from it) is not moved.  Returns igraph's code. */
static igraph_error_t community_run(const igraph_t *ig, cg_community_algo alg, const igraph_vector_int_t *degree,
                                    igraph_vector_int_t *membership)
{
    igraph_rng_t saved = *igraph_rng_default(), mine;
    igraph_error_t rc = igraph_rng_init(&mine, saved.type);
    if (rc) return rc;
    rc = igraph_rng_seed(&mine, COMMUNITY_SEED);
    if (rc) {
        igraph_rng_destroy(&mine);
        return rc;
    }
    igraph_rng_set_default(&mine);     /* copies mine: its state is shared */
    switch (alg) {
    case CG_CA_LEIDEN: {
        /* modularity as Leiden's quality: node weights the degrees and
         * resolution 1/(2m), as python-igraph's
         * community_leiden(objective_function="modularity") sets them */
        igraph_integer_t n = igraph_vcount(ig);
        igraph_vector_t weights;
        rc = igraph_vector_init(&weights, n);
        if (rc) break;
        for (igraph_integer_t v = 0; v < n; v++) VECTOR(weights)[v] = (igraph_real_t)VECTOR(*degree)[v];
        double m = (double)igraph_ecount(ig);
        rc = igraph_community_leiden(ig, NULL, &weights, 1.0 / (2.0 * m), COMMUNITY_LEIDEN_BETA, 0,
                                     COMMUNITY_LEIDEN_ITERATIONS, membership, NULL, NULL);
        igraph_vector_destroy(&weights);
        break;
    }
    case CG_CA_LOUVAIN:
        rc = igraph_community_multilevel(ig, NULL, 1.0, membership, NULL, NULL);
        break;
    case CG_CA_LABELPROP:
        rc = igraph_community_label_propagation(ig, membership, IGRAPH_ALL, NULL, NULL, NULL);
        break;
    default:
        rc = IGRAPH_EINVAL;
        break;
    }
    igraph_rng_set_default(&saved);
    igraph_rng_destroy(&mine);
    return rc;
}

int cg_algo_communities(const cg_graph *g, cg_algo_cache *cache, const cg_filter *f, cg_community_algo alg,
                        int32_t *comm, size_t *ncomm, double *modularity, cg_error *err)
{
    size_t n = g->nnodes;
    *ncomm = 0;
    *modularity = NAN;
    if (n == 0) return 0;
    cg_igraph_reason_clear();
    algo_igraph_handlers();
    cg_filter uf = *f;
    uf.directed = 0;      /* communities ignore direction */
    algo_ef ef;
    algo_ef_init(&ef, &uf);
    /* the merged graph (about 40 bytes an edge) and Leiden's own arrays
     * (incidence lists, the aggregated graphs: about as much again) */
    if (g->nedges >= 100000) cg_heap_reserve(80 * g->nedges + 128 * n);
    igraph_t own;
    const igraph_t *ig;
    int owned;
    if (centrality_simple(g, cache, &ef, &own, &ig, &owned, err) < 0) return -1;
    igraph_vector_int_t membership, degree;
    int have_m = 0, have_d = 0;
    igraph_error_t rc = igraph_vector_int_init(&degree, 0);
    if (rc) goto fail;
    have_d = 1;
    rc = igraph_degree(ig, &degree, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS);
    if (rc) goto fail;
    rc = igraph_vector_int_init(&membership, (igraph_integer_t)n);
    if (rc) goto fail;
    have_m = 1;
    if (igraph_ecount(ig) > 0) {
        rc = community_run(ig, alg, &degree, &membership);
        if (rc == IGRAPH_SUCCESS && algo_cancelled()) rc = IGRAPH_INTERRUPTED;
        if (rc) goto fail;
        igraph_real_t q;
        rc = igraph_modularity(ig, &membership, NULL, 1.0, 0, &q);
        if (rc) goto fail;
        *modularity = q;
    }
    /* each group named by its first vertex (so the names are below n); a
     * node without edges alone, whatever the algorithm made of it */
    {
        int32_t *first = cg_xmalloc(n * sizeof *first);
        for (size_t v = 0; v < n; v++) first[v] = -1;
        for (size_t v = 0; v < n; v++) {
            igraph_integer_t l = VECTOR(membership)[v];
            if (VECTOR(degree)[v] == 0 || igraph_ecount(ig) == 0 || l < 0 || (size_t)l >= n) {
                comm[v] = (int32_t)v;
                continue;
            }
            if (first[l] < 0) first[l] = (int32_t)v;
            comm[v] = first[l];
        }
        free(first);
    }
    *ncomm = cg_algo_rank_groups(g, comm);
    igraph_vector_int_destroy(&membership);
    igraph_vector_int_destroy(&degree);
    if (owned) igraph_destroy(&own);
    return 0;
fail:
    if (have_m) igraph_vector_int_destroy(&membership);
    if (have_d) igraph_vector_int_destroy(&degree);
    if (owned) igraph_destroy(&own);
    *modularity = NAN;
    return algo_igraph_fail(rc, err);
}
