/* temporal.h - time-respecting search: the clock of SPEC 9 (`chronological`
 * on path and neighbors).
 *
 * A walk carries a clock.  It starts at the beginning of time (or at
 * `since`); a hop over an edge whose date covers [s, e] may be taken when e
 * is not before the clock, and moves the clock to the later of the clock and
 * s.  Undated edges are standing relations: always usable, clock unchanged.
 * Backwards (neighbors ... in): the clock starts at the end of time (or at
 * `until`), a hop needs s not after the clock and moves it to the earlier of
 * the clock and e.  The search and why it is right: doc/queries.md.
 *
 * Nothing here prints; failures come back as -1 with a cg_error, a cancel
 * through the algo monitor (cg_algo_set_monitor) as "interrupted".
 */
#ifndef CG_TEMPORAL_H
#define CG_TEMPORAL_H

#include <stddef.h>
#include <stdint.h>
#include "algo.h"

/* The fewest-hop time-respecting paths from src to dst under f (f->since is
 * the starting clock; f->directed: along edges only): the one whose node id
 * sequence is smallest (all 0), or every one in that order up to max (all
 * 1; out->truncated when there were more).  Each hop's edge is the one that
 * leaves the earliest clock, then by type, then file order.  Returns 1 with
 * out filled, 0 when there is no such path, -1 with err set. */
int cg_temporal_path(const cg_graph *g, const cg_filter *f, int32_t src, int32_t dst,
                     int all, size_t max, cg_paths *out, cg_error *err);

/* What a time-respecting walk from start reaches within depth hops under f,
 * following dir (CG_DIR_IN: against the edges, with time running
 * backwards), start excluded, by distance then id.  dist[i]: the fewest
 * hops of such a walk to nodes[i]; when[i]: the earliest clock (latest, for
 * CG_DIR_IN) any such walk arrives with, as the date text of the edge that
 * last set the clock, or NULL when none did.  The three arrays are malloc'd
 * (caller frees).  Returns 0 or -1 with err set. */
int cg_temporal_neighbors(const cg_graph *g, const cg_filter *f, int32_t start, long depth, cg_dir dir,
                          int32_t **nodes, int32_t **dist, const char ***when, size_t *n, cg_error *err);

/* The clock walks step by step (for searches of their own, such as
 * `paths ... chronological`): a forward clock is a YYYYMMDD day, or
 * cg_temporal_start's beginning of time.  cg_temporal_start: the starting
 * clock under f (since's first day, or the beginning).  cg_temporal_hop: 1
 * with *next set when a hop over edge e may be taken with the clock at
 * clock, else 0.  cg_temporal_edge_better: 1 if hop edge a leaving clock ca
 * is preferred to b leaving cb (the earlier clock, then type, then file
 * order), the rule cg_temporal_path's hops follow. */
int64_t cg_temporal_start(const cg_filter *f);
int cg_temporal_hop(const cg_graph *g, int32_t e, int64_t clock, int64_t *next);
int cg_temporal_edge_better(const cg_graph *g, int32_t a, int64_t ca, int32_t b, int64_t cb);

#endif
