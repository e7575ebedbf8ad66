/* selection.h - the result subgraph: the nodes and edges of a query's
 * result (SPEC 4, Redirection), or of the whole graph, as the exporters
 * write it.  Query results make one; the writers read it. */
#ifndef CG_SELECTION_H
#define CG_SELECTION_H

#include <stddef.h>
#include <stdint.h>
#include "graph.h"

/* A subgraph: node and edge indices into the graph, each sorted ascending and
 * without duplicates; every edge's endpoints are among the nodes. */
typedef struct cg_selection {
    int32_t *nodes; size_t nnodes;
    int32_t *edges; size_t nedges;
} cg_selection;

void cg_selection_init(cg_selection *s);
void cg_selection_destroy(cg_selection *s);
/* Fills s (initialised, or destroyed before) with every node and edge of g;
 * the caller destroys it. */
void cg_selection_all(cg_selection *s, const cg_graph *g);
/* The selection to write: sel, or (sel NULL) the whole graph built in *tmp.
 * The caller destroys *tmp in both cases. */
const cg_selection *cg_selection_view(const cg_graph *g, const cg_selection *sel, cg_selection *tmp);

#endif
