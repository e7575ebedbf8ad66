/* edges.h - gen's edge list ("FROM TO" node indices, a pair a line) read
 * into an igraph edge vector, for the bench's igraph-alone programs
 * (igraph_pagerank.c, igraph_leiden.c). */
#ifndef BENCH_EDGES_H
#define BENCH_EDGES_H

#include <igraph.h>
#include <stdio.h>

/* The pairs of the file at path into ev (initialised here; the caller
 * destroys it), self-loops left out unless loops.  Returns 0, or -1 after
 * printing why the file could not be opened. */
static inline int bench_read_edges(const char *path, int loops, igraph_vector_int_t *ev)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return -1; }
    igraph_vector_int_init(ev, 0);
    long a, b;
    while (fscanf(f, "%ld %ld", &a, &b) == 2) {
        if (a == b && !loops) continue;
        igraph_vector_int_push_back(ev, a);
        igraph_vector_int_push_back(ev, b);
    }
    fclose(f);
    return 0;
}

#endif
