/* igraph_leiden.c - communities by igraph alone, the C reference for
 * casegraph's `communities` (tests/bench/communities.sh).
 *
 * usage: igraph_leiden EDGES NODES [leiden | louvain | labelprop]
 *
 * EDGES is gen's "FROM TO" list of node indices.  Builds the graph casegraph
 * clusters (SPEC 10: undirected, parallel edges merged, self-loops dropped)
 * with igraph_create and igraph_simplify, seeds igraph's default random
 * number generator with 42, then times only the clustering call, with
 * casegraph's parameters (leiden: modularity objective, node weights the
 * degrees, resolution 1/(2m), beta 0.01, 2 iterations), and prints
 * "ALGO_ms T cpu_ms C modularity Q communities K" (T wall, C this
 * process's CPU time).
 */
#include <igraph.h>
#include "edges.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    const char *algo = argc == 4 ? argv[3] : "leiden";
    if ((argc != 3 && argc != 4) ||
        (strcmp(algo, "leiden") != 0 && strcmp(algo, "louvain") != 0 && strcmp(algo, "labelprop") != 0)) {
        fprintf(stderr, "usage: igraph_leiden EDGES NODES [leiden | louvain | labelprop]\n");
        return 2;
    }
    igraph_integer_t nv = atol(argv[2]);
    igraph_vector_int_t ev;
    if (bench_read_edges(argv[1], 0, &ev) < 0) return 2;
    igraph_t g;
    igraph_create(&g, &ev, nv, IGRAPH_UNDIRECTED);
    igraph_simplify(&g, 1, 1, NULL);
    igraph_vector_int_t membership;
    igraph_vector_int_init(&membership, nv);
    igraph_vector_t weights;
    igraph_vector_init(&weights, 0);
    igraph_strength(&g, &weights, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, NULL);
    igraph_rng_seed(igraph_rng_default(), 42);
    double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
    if (strcmp(algo, "leiden") == 0)
        igraph_community_leiden(&g, NULL, &weights, 1.0 / (2.0 * (double)igraph_ecount(&g)), 0.01, 0, 2,
                                &membership, NULL, NULL);
    else if (strcmp(algo, "louvain") == 0)
        igraph_community_multilevel(&g, NULL, 1.0, &membership, NULL, NULL);
    else
        igraph_community_label_propagation(&g, &membership, IGRAPH_ALL, NULL, NULL, NULL);
    double t1 = now_ms(CLOCK_MONOTONIC), c1 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
    igraph_real_t q;
    igraph_modularity(&g, &membership, NULL, 1.0, 0, &q);
    printf("%s_ms %.1f cpu_ms %.1f modularity %.6g communities %ld\n", algo, t1 - t0, c1 - c0, q,
           (long)igraph_vector_int_max(&membership) + 1);
    igraph_vector_destroy(&weights);
    igraph_vector_int_destroy(&membership);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&ev);
    return 0;
}
