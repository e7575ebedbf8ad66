/* centrality.c - the centralities of SPEC 4 on top of igraph: the filtered
 * graph with parallel edges merged and self-loops dropped (built straight
 * into igraph's arrays, on two threads when big), a session's cache of the
 * unfiltered one, and each metric with its conventions. */
#include "algo.h"
#include "algo_core.h"

#include <igraph.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- centralities ---- */

const char *const cg_metric_names[CG_M_COUNT + 1] = {
    "degree", "indegree", "outdegree", "betweenness", "closeness", "harmonic",
    "pagerank", "eigenvector", NULL
};


/* One of the two halves of centrality_buckets' work (on a second thread
 * for the second half when big; it must not call igraph, which is built
 * without thread safety: IGRAPH_THREAD_SAFE is 0).  Step 1: the ends of
 * the edges [e0, e1) that pass the filter, loops left out, into lo[e0 ..]
 * and hi[e0 ..] (undirected: the smaller end first), k of them, counted by
 * each end into lo_cnt and hi_cnt.  Step 2: each pair's smaller end into
 * by_hi at pos[its larger end]++.  Step 3: the buckets of the vertices
 * [y0, y1) from the whole of by_hi. */
typedef struct centrality_half {
    const cg_graph *g;
    const algo_ef *ef;
    int directed, step;
    size_t e0, e1, k, y0, y1;
    int32_t *lo, *hi, *lo_cnt, *hi_cnt, *pos;
    /* shared: */
    const int32_t *hi_start;
    int32_t *by_hi, *off, *fill, *slot;
} centrality_half;

static void *centrality_half_run(void *arg)
{
    centrality_half *j = arg;
    size_t n = j->g->nnodes;
    if (j->step == 1) {
        size_t k = j->e0;
        for (size_t e = j->e0; e < j->e1; e++) {
            const cg_edge *ed = &j->g->edges[e];
            int32_t a = ed->from, b = ed->to;
            if (a == b || !algo_pass(j->g, j->ef, (int32_t)e)) continue;
            if (!j->directed && a > b) { int32_t t = a; a = b; b = t; }
            j->lo[k] = a;
            j->hi[k] = b;
            j->lo_cnt[a]++;
            j->hi_cnt[b]++;
            k++;
        }
        j->k = k - j->e0;
    } else if (j->step == 2) {
        for (size_t i = j->e0; i < j->e0 + j->k; i++) j->by_hi[j->pos[j->hi[i]]++] = j->lo[i];
    } else {
        /* each bucket fills in increasing order of the larger end, so a
         * parallel edge is its bucket's last entry */
        int32_t *off = j->off, *fill = j->fill, *slot = j->slot;
        int32_t y0 = (int32_t)j->y0, y1 = (int32_t)j->y1;
        for (size_t x = 0; x < n; x++)
            for (int32_t i = j->hi_start[x]; i < j->hi_start[x + 1]; i++) {
                int32_t y = j->by_hi[i];
                if (y < y0 || y >= y1) continue;
                if (fill[y] > off[y] && slot[fill[y] - 1] == (int32_t)x) continue;
                slot[fill[y]++] = (int32_t)x;
            }
    }
    return NULL;
}

/* Runs the current step of both halves, the second on a second thread
 * when worth it. */
static void centrality_halves(centrality_half *h, int worth)
{
    cg_task t;
    cg_task_start(&t, centrality_half_run, &h[1], worth);
    centrality_half_run(&h[0]);
    cg_task_wait(&t);
}

/* The merged graph's edges as buckets, from the edge table: bucket y holds,
 * in increasing order and once each, the x of every edge y -> x (directed)
 * or {y, x} with y < x (undirected) that passes the filter, loops left out:
 * slot[off[y] .. fill[y]).  The edges' ends are read once; then two stable
 * counting sorts, by the larger end (the head, directed) and by the
 * smaller (the tail), fill each bucket in increasing order with parallel
 * edges side by side.  Each step is split in two halves, run on two
 * threads when big (the edges' halves for the first two, the buckets'
 * for the last).  Returns slot (the caller frees it; off[0..n] must be
 * zero, fill[0..n) is set). */
static int32_t *centrality_buckets(const cg_graph *g, const algo_ef *ef, int directed, int32_t *off, int32_t *fill)
{
    size_t n = g->nnodes, ne = g->nedges;
    int worth = ne >= 100000;
    int32_t *lo = cg_xmalloc((ne ? ne : 1) * sizeof *lo), *hi = cg_xmalloc((ne ? ne : 1) * sizeof *hi);
    int32_t *cnt = cg_xcalloc(4 * n + 1, sizeof *cnt);   /* each half's counts by each end */
    centrality_half h[2] = {
        { g, ef, directed, 1, 0, ne / 2, 0, 0, n / 2, lo, hi, cnt, cnt + n, NULL, NULL, NULL, off, fill, NULL },
        { g, ef, directed, 1, ne / 2, ne, 0, n / 2, n, lo, hi, cnt + 2 * n, cnt + 3 * n, NULL, NULL, NULL, off, fill, NULL },
    };
    centrality_halves(h, worth);
    size_t k = h[0].k + h[1].k;
    /* off: where each smaller end's bucket starts; hi_start: where each
     * larger end's run of by_hi starts, the first half's pairs first */
    int32_t *hi_start = cg_xmalloc((n + 1) * sizeof *hi_start);
    int32_t *pos = cg_xmalloc((2 * n + 1) * sizeof *pos);
    int32_t at = 0;
    for (size_t v = 0; v < n; v++) {
        off[v + 1] = off[v] + h[0].lo_cnt[v] + h[1].lo_cnt[v];
        hi_start[v] = at;
        pos[v] = at;
        pos[n + v] = at + h[0].hi_cnt[v];
        at += h[0].hi_cnt[v] + h[1].hi_cnt[v];
    }
    hi_start[n] = at;
    free(cnt);
    int32_t *by_hi = cg_xmalloc((k ? k : 1) * sizeof *by_hi);
    int32_t *slot = cg_xmalloc((k ? k : 1) * sizeof *slot);
    memcpy(fill, off, n * sizeof *fill);
    for (int i = 0; i < 2; i++) {
        h[i].step = 2;
        h[i].pos = pos + (size_t)i * n;
        h[i].hi_start = hi_start;
        h[i].by_hi = by_hi;
        h[i].slot = slot;
    }
    centrality_halves(h, worth);
    free(pos);
    free(lo);
    free(hi);
    h[0].step = h[1].step = 3;
    centrality_halves(h, worth);
    free(by_hi);
    free(hi_start);
    return slot;
}

#if CG_IGRAPH_INTERNALS
/* Filling a simplified graph's igraph arrays from its buckets (see
 * centrality_build_simple): edge i is the i-th bucket entry; key/val are its
 * ends, idx1/st1 the index in bucket order, idx2/st2 the index on the
 * other end. */
typedef struct centrality_fill {
    const int32_t *off, *fill, *slot;
    size_t n, m;
    igraph_integer_t *key, *val, *idx1, *st1, *idx2, *st2;
} centrality_fill;

static void centrality_fill_order(centrality_fill *s)
{
    size_t i = 0;
    for (size_t y = 0; y < s->n; y++) {
        s->st1[y] = (igraph_integer_t)i;
        for (int32_t k = s->off[y]; k < s->fill[y]; k++, i++) {
            s->key[i] = (igraph_integer_t)y;
            s->val[i] = s->slot[k];
            s->idx1[i] = (igraph_integer_t)i;
        }
    }
    s->st1[s->n] = (igraph_integer_t)i;
}

/* A stable counting sort of the entries on the other end. */
static void *centrality_fill_sort(void *arg)
{
    centrality_fill *s = arg;
    size_t n = s->n;
    igraph_integer_t *st2 = s->st2;
    for (size_t v = 0; v <= n; v++) st2[v] = 0;
    for (size_t y = 0; y < n; y++)
        for (int32_t k = s->off[y]; k < s->fill[y]; k++) st2[s->slot[k] + 1]++;
    for (size_t v = 0; v < n; v++) st2[v + 1] += st2[v];
    igraph_integer_t *next = cg_xmalloc((n ? n : 1) * sizeof *next);
    memcpy(next, st2, n * sizeof *next);
    size_t i = 0;
    for (size_t y = 0; y < n; y++)
        for (int32_t k = s->off[y]; k < s->fill[y]; k++, i++) s->idx2[next[s->slot[k]]++] = (igraph_integer_t)i;
    free(next);
    return NULL;
}
#endif

/* The filtered graph as igraph, parallel edges merged and loops dropped:
 * the graph igraph_create and igraph_simplify would make, array for array
 * (directed: edges sorted by (from, to); undirected: by (smaller end, larger
 * end), igraph's from being the larger end), built in O(V + E) by counting
 * sorts (centrality_buckets) instead of comparison sorts.  Returns 0, or -1 with err
 * set (out is then not initialised). */
static int centrality_build_simple(const cg_graph *g, const algo_ef *ef, igraph_t *out, cg_error *err)
{
    size_t n = g->nnodes;
    int directed = ef->f->directed;
    /* directed, bucket u gets w for each edge u -> w (read from w's
     * in-edges); undirected, bucket y gets x for each edge between y < x.
     * Visiting x in increasing order leaves each bucket sorted, parallel
     * edges side by side. */
    int32_t *off = cg_xcalloc(n + 1, sizeof *off);       /* bucket y: slot[off[y] .. fill[y]) */
    int32_t *fill = cg_xmalloc((n ? n : 1) * sizeof *fill);
    int32_t *slot = centrality_buckets(g, ef, directed, off, fill);
    size_t m = 0;
    for (size_t y = 0; y < n; y++) m += (size_t)(fill[y] - off[y]);
    igraph_error_t rc;
#if CG_IGRAPH_INTERNALS
    /* igraph's arrays from cg_igraph_alloc (graph.c), filled here: from,
     * to, oi (edges by (from, to): already in order), ii (by (to, from): a
     * stable counting sort on to), os and is. */
    rc = cg_igraph_alloc(out, n, m, directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED);
    if (rc) goto fail;
    {
        /* the bucket order is igraph's edge order; it is oi's (by (from,
         * to)) when directed, ii's (by (to, from)) when not; the other index
         * is a counting sort on the other end, stable, so ties stay in edge
         * order.  The two halves read only the buckets: on a big graph the
         * sort runs on a second thread. */
        centrality_fill sf = { off, fill, slot, n, m,
                           VECTOR(directed ? out->from : out->to), VECTOR(directed ? out->to : out->from),
                           VECTOR(directed ? out->oi : out->ii), VECTOR(directed ? out->os : out->is),
                           VECTOR(directed ? out->ii : out->oi), VECTOR(directed ? out->is : out->os) };
        cg_task t;
        cg_task_start(&t, centrality_fill_sort, &sf, m >= 100000);
        centrality_fill_order(&sf);
        cg_task_wait(&t);
    }
    igraph_invalidate_cache(out);
#else
    {
        igraph_vector_int_t ev;
        rc = igraph_vector_int_init(&ev, (igraph_integer_t)(2 * m));
        if (rc) goto fail;
        size_t i = 0;
        for (size_t y = 0; y < n; y++)
            for (int32_t k = off[y]; k < fill[y]; k++, i++) {
                VECTOR(ev)[2 * i] = (igraph_integer_t)y;      /* undirected: either order */
                VECTOR(ev)[2 * i + 1] = slot[k];
            }
        rc = igraph_create(out, &ev, (igraph_integer_t)n, directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED);
        igraph_vector_int_destroy(&ev);
        if (rc) goto fail;
    }
#endif
    free(off);
    free(fill);
    free(slot);
    return 0;
fail:
    free(off);
    free(fill);
    free(slot);
    return algo_igraph_fail(rc, err);
}

void cg_algo_cache_clear(cg_algo_cache *c)
{
    for (int d = 0; d < 2; d++)
        if (c->ready[d]) igraph_destroy(&c->simple[d]);
    memset(c, 0, sizeof *c);
}

/* The unfiltered simplified graph (directed or not) of g from the cache,
 * built on first use.  Returns 0 with *ig set, or -1 with err set. */
static int centrality_cache_get(cg_algo_cache *c, const cg_graph *g, const algo_ef *ef, const igraph_t **ig,
                          cg_error *err)
{
    int d = ef->f->directed ? 1 : 0;
    if (c->g != g) {
        cg_algo_cache_clear(c);
        c->g = g;
    }
    if (!c->ready[d]) {
        if (centrality_build_simple(g, ef, &c->simple[d], err) < 0) return -1;
        c->ready[d] = 1;
    }
    *ig = &c->simple[d];
    return 0;
}

int centrality_simple(const cg_graph *g, cg_algo_cache *cache, const algo_ef *ef, igraph_t *own,
                      const igraph_t **ig, int *owned, cg_error *err)
{
    *owned = 0;
    if (cache && !ef->any) return centrality_cache_get(cache, g, ef, ig, err);
    if (centrality_build_simple(g, ef, own, err) < 0) return -1;
    *ig = own;
    *owned = 1;
    return 0;
}

int cg_algo_centrality(const cg_graph *g, const cg_filter *f, cg_metric m, int normalized,
                       double cutoff, double *scores, cg_error *err)
{
    return cg_algo_centrality_cached(g, NULL, f, m, normalized, cutoff, scores, err);
}

int cg_algo_centrality_cached(const cg_graph *g, cg_algo_cache *cache, const cg_filter *f, cg_metric m,
                              int normalized, double cutoff, double *scores, cg_error *err)
{
    size_t n = g->nnodes;
    cg_igraph_reason_clear();
    algo_igraph_handlers();
    for (size_t i = 0; i < n; i++) scores[i] = 0;
    if (n == 0) return 0;
    algo_ef ef;
    algo_ef_init(&ef, f);
    if (m == CG_M_DEGREE || m == CG_M_INDEGREE || m == CG_M_OUTDEGREE) {
        for (size_t e = 0; e < g->nedges; e++) {
            if (!algo_pass(g, &ef, (int32_t)e)) continue;
            if (m != CG_M_INDEGREE) scores[g->edges[e].from] += 1;
            if (m != CG_M_OUTDEGREE) scores[g->edges[e].to] += 1;
        }
        if (normalized && n > 1)
            for (size_t i = 0; i < n; i++) scores[i] /= (double)(n - 1);
        return 0;
    }
    igraph_t own;
    const igraph_t *ig;
    int owned;
    /* the merged graph (about 40 bytes an edge) and the algorithm's own
     * arrays (PRPACK: about 40 more; the others less) */
    if (g->nedges >= 100000) cg_heap_reserve(80 * g->nedges + 128 * n);
    if (centrality_simple(g, cache, &ef, &own, &ig, &owned, err) < 0) return -1;
    igraph_vector_t res;
    igraph_error_t rc = igraph_vector_init(&res, 0);
    if (rc) {
        if (owned) igraph_destroy(&own);
        return algo_igraph_fail(rc, err);
    }
    igraph_bool_t dir = f->directed ? 1 : 0;
    igraph_neimode_t mode = f->directed ? IGRAPH_OUT : IGRAPH_ALL;
    igraph_vector_int_t reach;
    int have_reach = 0;
    algo_progress_begin(m == CG_M_BETWEENNESS ? "betweenness" : m == CG_M_CLOSENESS ? "closeness"
                        : m == CG_M_HARMONIC ? "harmonic centrality" : "centrality");
    switch (m) {
    case CG_M_BETWEENNESS:
        rc = cutoff >= 0 ? igraph_betweenness_cutoff(ig, &res, igraph_vss_all(), dir, NULL, cutoff)
                         : igraph_betweenness(ig, &res, igraph_vss_all(), dir, NULL);
        break;
    case CG_M_CLOSENESS:
        rc = igraph_vector_int_init(&reach, 0);
        if (rc) break;
        have_reach = 1;
        rc = cutoff >= 0 ? igraph_closeness_cutoff(ig, &res, &reach, NULL, igraph_vss_all(), mode, NULL, 1, cutoff)
                         : igraph_closeness(ig, &res, &reach, NULL, igraph_vss_all(), mode, NULL, 1);
        break;
    case CG_M_HARMONIC:
        rc = cutoff >= 0 ? igraph_harmonic_centrality_cutoff(ig, &res, igraph_vss_all(), mode, NULL, normalized, cutoff)
                         : igraph_harmonic_centrality(ig, &res, igraph_vss_all(), mode, NULL, normalized);
        break;
    case CG_M_PAGERANK: {
        igraph_real_t value;
        rc = igraph_pagerank(ig, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(), dir, 0.85, NULL, NULL);
        break;
    }
    case CG_M_EIGENVECTOR: {
        igraph_real_t value;
        igraph_arpack_options_t opts;
        igraph_arpack_options_init(&opts);
        rc = igraph_eigenvector_centrality(ig, &res, &value, dir, 1, NULL, &opts);
        break;
    }
    default:
        break;
    }
    algo_progress_end();
    if (rc == IGRAPH_SUCCESS && algo_cancelled()) rc = IGRAPH_INTERRUPTED;
    if (rc) {
        if (have_reach) igraph_vector_int_destroy(&reach);
        igraph_vector_destroy(&res);
        if (owned) igraph_destroy(&own);
        return algo_igraph_fail(rc, err);
    }
    for (size_t i = 0; i < n && i < (size_t)igraph_vector_size(&res); i++) {
        double v = VECTOR(res)[i];
        if (!isfinite(v)) v = 0;     /* closeness of a node that reaches none */
        scores[i] = v;
    }
    /* ARPACK leaves rounding noise (1e-17 and the like, of either sign) on
     * the nodes the leading eigenvector does not reach: a score within 1e-10
     * of zero (the largest is 1) is 0, so they tie and are listed by id */
    if (m == CG_M_EIGENVECTOR)
        for (size_t i = 0; i < n; i++)
            if (fabs(scores[i]) < 1e-10) scores[i] = 0;
    if (m == CG_M_CLOSENESS && normalized && n > 1)   /* Wasserman-Faust: times the share reached */
        for (size_t i = 0; i < n; i++)
            scores[i] *= (double)VECTOR(reach)[i] / (double)(n - 1);
    if (m == CG_M_BETWEENNESS && normalized && n > 2) {
        double pairs = (double)(n - 1) * (double)(n - 2);
        if (!f->directed) pairs /= 2;
        for (size_t i = 0; i < n; i++) scores[i] /= pairs;
    }
    if (have_reach) igraph_vector_int_destroy(&reach);
    igraph_vector_destroy(&res);
    if (owned) igraph_destroy(&own);
    return 0;
}

