/* selection.c - the result subgraph: which nodes and edges a query's result
 * holds, as the exporters write it. */
#include "selection.h"

#include <stdlib.h>
#include <string.h>

void cg_selection_init(cg_selection *s)
{
    memset(s, 0, sizeof *s);
}

void cg_selection_destroy(cg_selection *s)
{
    if (!s) return;
    free(s->nodes);
    free(s->edges);
    memset(s, 0, sizeof *s);
}

/* Fills s (initialised, or destroyed before) with every node and edge of g;
 * the caller destroys it. */
void cg_selection_all(cg_selection *s, const cg_graph *g)
{
    s->nnodes = g->nnodes;
    s->nedges = g->nedges;
    s->nodes = cg_xmalloc((g->nnodes ? g->nnodes : 1) * sizeof *s->nodes);
    s->edges = cg_xmalloc((g->nedges ? g->nedges : 1) * sizeof *s->edges);
    for (size_t i = 0; i < g->nnodes; i++) s->nodes[i] = (int32_t)i;
    for (size_t i = 0; i < g->nedges; i++) s->edges[i] = (int32_t)i;
}

/* The selection a writer works on: sel itself, or the whole graph in *tmp
 * (which the caller destroys either way). */
const cg_selection *cg_selection_view(const cg_graph *g, const cg_selection *sel, cg_selection *tmp)
{
    cg_selection_init(tmp);
    if (sel) return sel;
    cg_selection_all(tmp, g);
    return tmp;
}
