/* algo_core.h - what the algorithm files (algo.c, centrality.c,
 * community.c) share and nobody else needs: the filter prepared once per
 * query with its inline test, the caller's monitor, igraph's handlers and
 * failures, and the merged simple graph. */
#ifndef CG_ALGO_CORE_H
#define CG_ALGO_CORE_H

#include <igraph.h>
#include <stdint.h>
#include "algo.h"

/* A filter prepared once per query: the dates as integers, so that testing
 * an edge never formats or parses a date interval. */
typedef struct algo_ef {
    const cg_filter *f;
    int any;                /* some type or date condition */
    int dates;              /* since or until given */
    int32_t slo, uhi;       /* since's first day, until's last day, YYYYMMDD */
} algo_ef;

/* YYYYMMDD of "YYYY-MM-DD" (as cg_date_interval writes it). */
static inline int32_t algo_date_int(const char *s)
{
    return (int32_t)((s[0] - '0') * 10000000 + (s[1] - '0') * 1000000 + (s[2] - '0') * 100000 +
                     (s[3] - '0') * 10000 + (s[5] - '0') * 1000 + (s[6] - '0') * 100 +
                     (s[8] - '0') * 10 + (s[9] - '0'));
}

/* An edge's date "YYYY", "YYYY-MM" or "YYYY-MM-DD" as its first day (lo)
 * and an upper bound of its last day (hi: day 99 for a month, 1299 for a
 * year; no real date lies between the true last day and it, so comparisons
 * with real dates agree).  Returns 0 for any other shape. */
static inline int algo_edge_span(const char *s, int32_t *lo, int32_t *hi)
{
    int32_t v = 0;
    size_t i;
    for (i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (s[4] == '\0') { *lo = v * 10000 + 101; *hi = v * 10000 + 1299; return 1; }
    if (s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9') return 0;
    v = v * 100 + (s[5] - '0') * 10 + (s[6] - '0');
    if (s[7] == '\0') { *lo = v * 100 + 1; *hi = v * 100 + 99; return 1; }
    if (s[7] != '-' || s[8] < '0' || s[8] > '9' || s[9] < '0' || s[9] > '9' || s[10] != '\0') return 0;
    v = v * 100 + (s[8] - '0') * 10 + (s[9] - '0');
    *lo = *hi = v;
    return 1;
}

/* 1 if edge e passes ef's type and date conditions (what cg_filter_edge
 * says, without formatting dates). */
static inline int algo_pass(const cg_graph *g, const algo_ef *ef, int32_t e)
{
    if (!ef->any) return 1;
    const cg_edge *ed = &g->edges[e];
    const cg_filter *f = ef->f;
    if (f->ntypes) {
        size_t i;
        for (i = 0; i < f->ntypes; i++)
            if (f->types[i] == ed->type) break;
        if (i == f->ntypes) return 0;
    }
    if (ef->dates && ed->date) {
        int32_t lo, hi;
        if (!algo_edge_span(ed->date, &lo, &hi)) return cg_edge_in_range(ed, f->since, f->until);
        if (hi < ef->slo || lo > ef->uhi) return 0;
    }
    return 1;
}

/* The graph f (ef's) leaves, parallel edges merged and self-loops dropped,
 * undirected unless f->directed (centrality.c): the unfiltered one from
 * cache (built there on first use; *ig points into it, *owned = 0) when
 * cache is not NULL and ef has no condition, else built into *own (*ig =
 * own, *owned = 1: the caller igraph_destroys it).  Returns 0, or -1 with
 * err set (nothing to destroy). */
int centrality_simple(const cg_graph *g, cg_algo_cache *cache, const algo_ef *ef, igraph_t *own,
                      const igraph_t **ig, int *owned, cg_error *err);

/* Prepares f for algo_pass (f's strings must outlive ef). */
void algo_ef_init(algo_ef *ef, const cg_filter *f);
/* 1 when the caller's cancel callback says stop. */
int algo_cancelled(void);
/* Counts a step in *tick and, every 4096 steps, asks algo_cancelled: 1 with
 * err set to "interrupted" when it says stop, else 0.  Every traversal of
 * algo.c and temporal.c polls through it. */
#define ALGO_CHECK_EVERY 4096
static inline int algo_interrupted(size_t *tick, cg_error *err)
{
    if ((++*tick & (ALGO_CHECK_EVERY - 1)) == 0 && algo_cancelled()) {
        cg_error_set(err, 0, "interrupted");
        return 1;
    }
    return 0;
}
/* Breadth-first from root under ef following dir, to depth maxd (when
 * >= 0): dist[] (nnodes, filled with -1 by the caller) gets the distances,
 * order[] the visit order.  With want, it stops as soon as the left nodes
 * with want[v] set have all been labelled (every node nearer root than the
 * last of them is labelled by then).  Returns the number visited, or -1 if
 * interrupted (err set); polls through *tick. */
long algo_bfs(const cg_graph *g, const algo_ef *ef, int32_t root, cg_dir dir, long maxd,
              const unsigned char *want, size_t left, int32_t *dist, int32_t *order, size_t *tick, cg_error *err);
/* The progress of a long computation named what begins / ends. */
void algo_progress_begin(const char *what);
void algo_progress_end(void);
/* Installs the progress and interruption handlers before a computation
 * that may call them. */
void algo_igraph_handlers(void);
/* Sets err for a failed igraph call ("interrupted" when cancelled) and
 * returns -1. */
int algo_igraph_fail(igraph_error_t rc, cg_error *err);

#endif
