/* routes.h - how actors are tied together (SPEC 10): the connecting
 * network of a set of nodes (connect), every simple path between two
 * (paths) and the neighbours two share (common).  The algorithms and the
 * bound on `paths`: doc/queries.md, section "Connecting networks and every
 * route".
 *
 * Nothing here prints; failures come back as -1 with a cg_error, a cancel
 * through the algo monitor (cg_algo_set_monitor) as "interrupted".
 */
#ifndef CG_ROUTES_H
#define CG_ROUTES_H

#include <stddef.h>
#include <stdint.h>
#include "algo.h"

/* `paths` searches beyond this many hops only when its bound allows. */
#define CG_ROUTES_FREE_HOPS 10
/* The bound: at most this many partial paths (doc/queries.md). */
#define CG_ROUTES_BUDGET 20000000.0

/* The union of the shortest paths under f between every pair of the
 * distinct nodes terms[0..n) (f->directed: along the edges, either order
 * of the pair), those no longer than depth: every edge f allows between
 * consecutive nodes of such a path, into *edges (malloc'd, ascending, each
 * once; caller frees).  *gaps gets the pairs that no such path joins, as
 * 2 * *ngaps terms (malloc'd; caller frees), in the order of terms.
 * Returns 0 or -1 with err set. */
int cg_routes_connect(const cg_graph *g, const cg_filter *f, const int32_t *terms, size_t n, long depth,
                      int32_t **edges, size_t *nedges, int32_t **gaps, size_t *ngaps, cg_error *err);

/* Every simple path (distinct nodes; parallel edges make no second path)
 * from src to dst under f of at most maxhops hops, none through a node
 * with avoid[v] != 0 (avoid: nnodes bytes, or NULL), fewest hops first,
 * then by node id sequence, up to max (out->truncated when there were
 * more).  chrono: time-respecting paths only (the clock of temporal.h;
 * each hop's edge the one leaving the earliest clock); otherwise each hop
 * lists cg_algo_hop_edge's edge.  Beyond CG_ROUTES_FREE_HOPS hops the
 * search first bounds its work and fails when the bound passes
 * CG_ROUTES_BUDGET.  Returns 1 with out filled, 0 when there is no path,
 * -1 with err set (out empty). */
int cg_routes_paths(const cg_graph *g, const cg_filter *f, int32_t src, int32_t dst, long maxhops,
                    const unsigned char *avoid, int chrono, size_t max, cg_paths *out, cg_error *err);

/* The neighbours a and b share under f (f->directed: nodes both have an
 * edge to), a and b themselves excluded, sorted by id.  For the i-th,
 * edges ea[aoff[i] .. aoff[i + 1]) join it to a and eb[boff[i] ..
 * boff[i + 1]) to b, every edge f allows, ascending.  Free with
 * cg_routes_common_destroy. */
typedef struct cg_common {
    int32_t *nodes;
    size_t n;
    int32_t *ea, *eb;
    size_t *aoff, *boff;        /* n + 1 each */
} cg_common;

int cg_routes_common(const cg_graph *g, const cg_filter *f, int32_t a, int32_t b, cg_common *out, cg_error *err);
void cg_routes_common_destroy(cg_common *c);

#endif
