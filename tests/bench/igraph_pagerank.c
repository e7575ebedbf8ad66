/* igraph_pagerank.c - PageRank by igraph alone, the reference for
 * casegraph's `centrality pagerank`.
 *
 * usage: igraph_pagerank EDGES NODES [all | directed]
 *
 * EDGES is gen's "FROM TO" list of node indices.  Builds the graph casegraph
 * ranks (SPEC 4: undirected, parallel edges merged, self-loops dropped),
 * then times only the igraph_pagerank call (PRPACK, damping 0.85) and
 * prints "pagerank_ms T top VERTEX SCORE".  With `all`, prints instead
 * "nVERTEX<TAB>SCORE" for every vertex, scores with 6 significant digits as
 * casegraph prints them (the loader suite compares the two).
 *
 * With `directed`, the graph starts as casegraph holds it after a load (the
 * directed multigraph, self-loops included), and the time covers what a
 * program calling igraph would do to get casegraph's answer from there:
 * igraph_to_undirected (collapse), igraph_simplify, then igraph_pagerank.
 */
#include <igraph.h>
#include "edges.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    int all = argc == 4 && strcmp(argv[3], "all") == 0;
    int directed = argc == 4 && strcmp(argv[3], "directed") == 0;
    if (argc != 3 && !all && !directed) {
        fprintf(stderr, "usage: igraph_pagerank EDGES NODES [all | directed]\n");
        return 2;
    }
    igraph_integer_t nv = atol(argv[2]);
    igraph_vector_int_t ev;
    if (bench_read_edges(argv[1], directed, &ev) < 0) return 2;
    igraph_t g;
    igraph_vector_t res;
    igraph_vector_init(&res, 0);
    igraph_real_t value;
    double t0;
    if (directed) {
        igraph_create(&g, &ev, nv, IGRAPH_DIRECTED);
        t0 = now_ms();
        igraph_to_undirected(&g, IGRAPH_TO_UNDIRECTED_COLLAPSE, NULL);
        igraph_simplify(&g, 1, 1, NULL);
    } else {
        igraph_create(&g, &ev, nv, IGRAPH_UNDIRECTED);
        igraph_simplify(&g, 1, 1, NULL);
        t0 = now_ms();
    }
    igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(), 0, 0.85, NULL, NULL);
    double t1 = now_ms();
    igraph_integer_t top = igraph_vector_which_max(&res);
    if (all)
        for (igraph_integer_t v = 0; v < nv; v++) printf("n%ld\t%.6g\n", (long)v, VECTOR(res)[v]);
    else
        printf("pagerank_ms %.1f top n%ld %.6g\n", t1 - t0, (long)top, VECTOR(res)[top]);
    igraph_vector_destroy(&res);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&ev);
    return 0;
}
