/* algo.c - paths, neighborhoods, centralities and components. */
#include "algo.h"

#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- igraph handlers ---- */

static char algo_igraph_reason[512];

/* Keeps the first non-empty reason of an igraph error, frees igraph's
 * FINALLY stack and returns: never aborts. */
static void algo_error_handler(const char *reason, const char *file, int line, igraph_error_t errcode)
{
    (void)file; (void)line; (void)errcode;
    if (reason && *reason && !algo_igraph_reason[0])
        snprintf(algo_igraph_reason, sizeof algo_igraph_reason, "%s", reason);
    IGRAPH_FINALLY_FREE();
}

static void algo_warning_handler(const char *reason, const char *file, int line)
{
    (void)reason; (void)file; (void)line;
}

/* Returning IGRAPH_INTERRUPTED from a progress handler makes IGRAPH_PROGRESS
 * free the FINALLY stack and stop. */
static igraph_error_t algo_progress_handler(const char *message, igraph_real_t percent, void *data)
{
    (void)message; (void)percent; (void)data;
    return cg_interrupted ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
}

/* IGRAPH_ALLOW_INTERRUPTION returns without freeing the FINALLY stack in
 * 0.10.2, so free it here before asking igraph to stop. */
static igraph_error_t algo_interruption_handler(void *data)
{
    (void)data;
    if (!cg_interrupted) return IGRAPH_SUCCESS;
    IGRAPH_FINALLY_FREE();
    return IGRAPH_INTERRUPTED;
}

void cg_algo_igraph_setup(void)
{
    static int done;
    if (done) return;
    done = 1;
    igraph_set_error_handler(algo_error_handler);
    igraph_set_warning_handler(algo_warning_handler);
    igraph_set_progress_handler(algo_progress_handler);
    igraph_set_interruption_handler(algo_interruption_handler);
}

/* Sets err for a failed igraph call. */
static int algo_igraph_fail(igraph_error_t rc, cg_error *err)
{
    if (rc == IGRAPH_INTERRUPTED || cg_interrupted)
        cg_error_set(err, 0, "interrupted");
    else
        cg_error_set(err, 0, "igraph failed: %s", algo_igraph_reason[0] ? algo_igraph_reason : igraph_strerror(rc));
    return -1;
}

/* ---- filters ---- */

int cg_filter_edge(const cg_graph *g, const cg_filter *f, int32_t e)
{
    const cg_edge *ed = &g->edges[e];
    if (f->ntypes) {
        size_t i;
        for (i = 0; i < f->ntypes; i++)
            if (f->types[i] == ed->type) break;
        if (i == f->ntypes) return 0;
    }
    if ((f->since || f->until) && !cg_edge_in_range(ed, f->since, f->until)) return 0;
    return 1;
}

#define ALGO_CHECK_EVERY 4096

static int algo_interrupted(size_t *tick, cg_error *err)
{
    if ((++*tick & (ALGO_CHECK_EVERY - 1)) == 0 && cg_interrupted) {
        cg_error_set(err, 0, "interrupted");
        return 1;
    }
    return 0;
}

/* Calls visit(ctx, e, other) for every edge of v usable under f and dir
 * (CG_DIR_OUT: v -> other; CG_DIR_IN: other -> v; BOTH: either).  Self-loops
 * are skipped.  Written as a macro-like loop in the callers for speed. */

/* BFS distances from root under f following dir, stopping after the level
 * that reaches stop (when stop >= 0) or at depth maxd (when >= 0).
 * dist[] (nnodes, filled with -1 by the caller) gets the distances; order[]
 * the visit order; returns the number visited, or -1 if interrupted. */
static long algo_bfs(const cg_graph *g, const cg_filter *f, int32_t root, cg_dir dir,
                     int32_t stop, long maxd, int32_t *dist, int32_t *order, cg_error *err)
{
    size_t head = 0, tail = 0, tick = 0;
    dist[root] = 0;
    order[tail++] = root;
    int32_t stop_level = -1;
    while (head < tail) {
        int32_t v = order[head++];
        if (stop_level >= 0 && dist[v] >= stop_level) break;
        if (maxd >= 0 && dist[v] >= maxd) continue;
        if (algo_interrupted(&tick, err)) return -1;
        for (int side = 0; side < 2; side++) {
            if (side == 0 && dir == CG_DIR_IN) continue;
            if (side == 1 && dir == CG_DIR_OUT) continue;
            const int32_t *off = side == 0 ? g->out_off : g->in_off;
            const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
            for (int32_t k = off[v]; k < off[v + 1]; k++) {
                int32_t e = lst[k];
                int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
                if (dist[w] >= 0 || !cg_filter_edge(g, f, e)) continue;
                dist[w] = dist[v] + 1;
                order[tail++] = w;
                if (w == stop) stop_level = dist[w];
            }
        }
    }
    return (long)tail;
}

/* ---- paths ---- */

void cg_paths_destroy(cg_paths *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i].nodes);
        free(p->items[i].edges);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

/* 1 if hop edge a is preferred to b: earlier date (undated last), then type,
 * then index. */
static int algo_edge_better(const cg_graph *g, int32_t a, int32_t b)
{
    int c = cg_date_cmp(g->edges[a].date, g->edges[b].date);
    if (c) return c < 0;
    c = strcmp(g->edges[a].type, g->edges[b].type);
    if (c) return c < 0;
    return a < b;
}

int32_t cg_algo_hop_edge(const cg_graph *g, const cg_filter *f, int32_t u, int32_t w)
{
    int32_t best = -1;
    for (int32_t k = g->out_off[u]; k < g->out_off[u + 1]; k++) {
        int32_t e = g->out_edges[k];
        if (g->edges[e].to != w || !cg_filter_edge(g, f, e)) continue;
        if (best < 0 || algo_edge_better(g, e, best)) best = e;
    }
    if (!f->directed)
        for (int32_t k = g->in_off[u]; k < g->in_off[u + 1]; k++) {
            int32_t e = g->in_edges[k];
            if (g->edges[e].from != w || !cg_filter_edge(g, f, e)) continue;
            if (best < 0 || algo_edge_better(g, e, best)) best = e;
        }
    return best;
}

static const cg_graph *algo_sort_graph;

static int algo_rank_cmp(const void *a, const void *b)
{
    int32_t x = algo_sort_graph->id_rank[*(const int32_t *)a];
    int32_t y = algo_sort_graph->id_rank[*(const int32_t *)b];
    return (x > y) - (x < y);
}

/* The distinct next steps from u (one hop closer to the target), sorted by
 * id, into a malloc'd array.  seen: nnodes zero bytes, left zeroed. */
static int32_t *algo_next_steps(const cg_graph *g, const cg_filter *f, const int32_t *dist, int32_t u,
                                unsigned char *seen, size_t *n)
{
    size_t cap = 0, cnt = 0;
    int32_t *out = NULL;
    int32_t want = dist[u] - 1;
    for (int side = 0; side < 2; side++) {
        if (side == 1 && f->directed) break;
        const int32_t *off = side == 0 ? g->out_off : g->in_off;
        const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
        for (int32_t k = off[u]; k < off[u + 1]; k++) {
            int32_t e = lst[k];
            int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
            if (dist[w] != want || seen[w] || !cg_filter_edge(g, f, e)) continue;
            seen[w] = 1;
            CG_GROW(out, cap, cnt + 1);
            out[cnt++] = w;
        }
    }
    for (size_t i = 0; i < cnt; i++) seen[out[i]] = 0;
    algo_sort_graph = g;
    if (cnt > 1) qsort(out, cnt, sizeof *out, algo_rank_cmp);
    *n = cnt;
    return out;
}

static void algo_add_path(const cg_graph *g, const cg_filter *f, cg_paths *out, const int32_t *nodes, size_t nhops)
{
    CG_GROW(out->items, out->cap, out->count + 1);
    cg_path *p = &out->items[out->count++];
    p->nhops = nhops;
    p->nodes = cg_xmalloc((nhops + 1) * sizeof *p->nodes);
    p->edges = cg_xmalloc((nhops ? nhops : 1) * sizeof *p->edges);
    memcpy(p->nodes, nodes, (nhops + 1) * sizeof *nodes);
    for (size_t i = 0; i < nhops; i++) p->edges[i] = cg_algo_hop_edge(g, f, nodes[i], nodes[i + 1]);
}

int cg_algo_path(const cg_graph *g, const cg_filter *f, int32_t src, int32_t dst,
                 int all, size_t max, cg_paths *out, cg_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = g->nnodes;
    if (src == dst) {
        algo_add_path(g, f, out, &src, 0);
        return 1;
    }
    int32_t *dist = cg_xmalloc(n * sizeof *dist);
    int32_t *order = cg_xmalloc(n * sizeof *order);
    unsigned char *seen = cg_xcalloc(n, 1);
    for (size_t i = 0; i < n; i++) dist[i] = -1;
    int rc = 0;
    /* distances to dst: walk edges backwards when directed */
    long got = algo_bfs(g, f, dst, f->directed ? CG_DIR_IN : CG_DIR_BOTH, src, -1, dist, order, err);
    if (got < 0) { rc = -1; goto out; }
    if (dist[src] < 0) { rc = 0; goto out; }
    size_t L = (size_t)dist[src];
    int32_t *nodes = cg_xmalloc((L + 1) * sizeof *nodes);
    nodes[0] = src;
    if (!all) {
        for (size_t i = 0; i < L; i++) {
            size_t k;
            int32_t *next = algo_next_steps(g, f, dist, nodes[i], seen, &k);
            nodes[i + 1] = next[0];   /* BFS guarantees one */
            free(next);
        }
        algo_add_path(g, f, out, nodes, L);
        free(nodes);
        rc = 1;
        goto out;
    }
    /* every shortest path, depth first with children in id order */
    int32_t **cand = cg_xcalloc(L + 1, sizeof *cand);
    size_t *ncand = cg_xcalloc(L + 1, sizeof *ncand);
    size_t *idx = cg_xcalloc(L + 1, sizeof *idx);
    size_t level = 0, tick = 0;
    cand[0] = algo_next_steps(g, f, dist, src, seen, &ncand[0]);
    idx[0] = 0;
    rc = 1;
    for (;;) {
        if (algo_interrupted(&tick, err)) { rc = -1; break; }
        if (idx[level] >= ncand[level]) {
            free(cand[level]);
            cand[level] = NULL;
            if (level == 0) break;
            level--;
            idx[level]++;
            continue;
        }
        nodes[level + 1] = cand[level][idx[level]];
        if (level + 1 == L) {
            if (out->count >= max) { out->truncated = 1; break; }
            algo_add_path(g, f, out, nodes, L);
            idx[level]++;
            continue;
        }
        level++;
        cand[level] = algo_next_steps(g, f, dist, nodes[level], seen, &ncand[level]);
        idx[level] = 0;
    }
    for (size_t i = 0; i <= L; i++) free(cand[i]);
    free(cand);
    free(ncand);
    free(idx);
    free(nodes);
out:
    free(dist);
    free(order);
    free(seen);
    return rc;
}

/* ---- neighborhoods ---- */

static const int32_t *algo_sort_dist;

static int algo_dist_rank_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    if (algo_sort_dist[x] != algo_sort_dist[y]) return algo_sort_dist[x] < algo_sort_dist[y] ? -1 : 1;
    return algo_rank_cmp(a, b);
}

int cg_algo_neighbors(const cg_graph *g, const cg_filter *f, int32_t start, long depth, cg_dir dir,
                      int32_t **nodes, int32_t **dists, size_t *n, cg_error *err)
{
    size_t nv = g->nnodes;
    int32_t *dist = cg_xmalloc(nv * sizeof *dist);
    int32_t *order = cg_xmalloc(nv * sizeof *order);
    for (size_t i = 0; i < nv; i++) dist[i] = -1;
    long got = algo_bfs(g, f, start, dir, -1, depth, dist, order, err);
    if (got < 0) {
        free(dist);
        free(order);
        return -1;
    }
    size_t cnt = (size_t)got - 1;
    memmove(order, order + 1, cnt * sizeof *order);
    algo_sort_graph = g;
    algo_sort_dist = dist;
    qsort(order, cnt, sizeof *order, algo_dist_rank_cmp);
    int32_t *d = cg_xmalloc((cnt ? cnt : 1) * sizeof *d);
    for (size_t i = 0; i < cnt; i++) d[i] = dist[order[i]];
    free(dist);
    *nodes = order;
    *dists = d;
    *n = cnt;
    return 0;
}

/* ---- centralities ---- */

const char *const cg_metric_names[CG_M_COUNT + 1] = {
    "degree", "indegree", "outdegree", "betweenness", "closeness", "harmonic",
    "pagerank", "eigenvector", NULL
};

/* The filtered graph as igraph, parallel edges merged and loops dropped. */
static int algo_build_simple(const cg_graph *g, const cg_filter *f, igraph_t *out, cg_error *err)
{
    igraph_vector_int_t ev;
    igraph_error_t rc = igraph_vector_int_init(&ev, 0);
    if (rc) return algo_igraph_fail(rc, err);
    for (size_t e = 0; e < g->nedges; e++) {
        if (!cg_filter_edge(g, f, (int32_t)e) || g->edges[e].from == g->edges[e].to) continue;
        if ((rc = igraph_vector_int_push_back(&ev, g->edges[e].from)) ||
            (rc = igraph_vector_int_push_back(&ev, g->edges[e].to))) {
            igraph_vector_int_destroy(&ev);
            return algo_igraph_fail(rc, err);
        }
    }
    rc = igraph_create(out, &ev, (igraph_integer_t)g->nnodes, f->directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&ev);
    if (rc) return algo_igraph_fail(rc, err);
    rc = igraph_simplify(out, 1, 1, NULL);
    if (rc) {
        igraph_destroy(out);
        return algo_igraph_fail(rc, err);
    }
    return 0;
}

int cg_algo_centrality(const cg_graph *g, const cg_filter *f, cg_metric m, int normalized,
                       double cutoff, double *scores, cg_error *err)
{
    size_t n = g->nnodes;
    algo_igraph_reason[0] = '\0';
    for (size_t i = 0; i < n; i++) scores[i] = 0;
    if (n == 0) return 0;
    if (m == CG_M_DEGREE || m == CG_M_INDEGREE || m == CG_M_OUTDEGREE) {
        for (size_t e = 0; e < g->nedges; e++) {
            if (!cg_filter_edge(g, f, (int32_t)e)) continue;
            if (m != CG_M_INDEGREE) scores[g->edges[e].from] += 1;
            if (m != CG_M_OUTDEGREE) scores[g->edges[e].to] += 1;
        }
        if (normalized && n > 1)
            for (size_t i = 0; i < n; i++) scores[i] /= (double)(n - 1);
        return 0;
    }
    igraph_t ig;
    if (algo_build_simple(g, f, &ig, err) < 0) return -1;
    igraph_vector_t res;
    igraph_error_t rc = igraph_vector_init(&res, 0);
    if (rc) {
        igraph_destroy(&ig);
        return algo_igraph_fail(rc, err);
    }
    igraph_bool_t dir = f->directed ? 1 : 0;
    igraph_neimode_t mode = f->directed ? IGRAPH_OUT : IGRAPH_ALL;
    igraph_vector_int_t reach;
    int have_reach = 0;
    switch (m) {
    case CG_M_BETWEENNESS:
        rc = cutoff >= 0 ? igraph_betweenness_cutoff(&ig, &res, igraph_vss_all(), dir, NULL, cutoff)
                         : igraph_betweenness(&ig, &res, igraph_vss_all(), dir, NULL);
        break;
    case CG_M_CLOSENESS:
        rc = igraph_vector_int_init(&reach, 0);
        if (rc) break;
        have_reach = 1;
        rc = cutoff >= 0 ? igraph_closeness_cutoff(&ig, &res, &reach, NULL, igraph_vss_all(), mode, NULL, 1, cutoff)
                         : igraph_closeness(&ig, &res, &reach, NULL, igraph_vss_all(), mode, NULL, 1);
        break;
    case CG_M_HARMONIC:
        rc = cutoff >= 0 ? igraph_harmonic_centrality_cutoff(&ig, &res, igraph_vss_all(), mode, NULL, normalized, cutoff)
                         : igraph_harmonic_centrality(&ig, &res, igraph_vss_all(), mode, NULL, normalized);
        break;
    case CG_M_PAGERANK: {
        igraph_real_t value;
        rc = igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(), dir, 0.85, NULL, NULL);
        break;
    }
    case CG_M_EIGENVECTOR: {
        igraph_real_t value;
        igraph_arpack_options_t opts;
        igraph_arpack_options_init(&opts);
        rc = igraph_eigenvector_centrality(&ig, &res, &value, dir, 1, NULL, &opts);
        break;
    }
    default:
        break;
    }
    if (rc == IGRAPH_SUCCESS && cg_interrupted) rc = IGRAPH_INTERRUPTED;
    if (rc) {
        if (have_reach) igraph_vector_int_destroy(&reach);
        igraph_vector_destroy(&res);
        igraph_destroy(&ig);
        return algo_igraph_fail(rc, err);
    }
    for (size_t i = 0; i < n && i < (size_t)igraph_vector_size(&res); i++) {
        double v = VECTOR(res)[i];
        if (!isfinite(v)) v = 0;     /* closeness of a node that reaches none */
        scores[i] = v;
    }
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
    igraph_destroy(&ig);
    return 0;
}

/* ---- components ---- */

static int32_t algo_find(int32_t *parent, int32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

typedef struct algo_comp {
    int32_t root, size, min_rank;
} algo_comp;

static int algo_comp_cmp(const void *a, const void *b)
{
    const algo_comp *x = a, *y = b;
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    return (x->min_rank > y->min_rank) - (x->min_rank < y->min_rank);
}

int cg_algo_components(const cg_graph *g, const cg_filter *f, int32_t *comp, size_t *ncomp, cg_error *err)
{
    size_t n = g->nnodes, tick = 0;
    int32_t *parent = cg_xmalloc((n ? n : 1) * sizeof *parent);
    for (size_t i = 0; i < n; i++) parent[i] = (int32_t)i;
    for (size_t e = 0; e < g->nedges; e++) {
        if (algo_interrupted(&tick, err)) { free(parent); return -1; }
        if (!cg_filter_edge(g, f, (int32_t)e)) continue;
        int32_t a = algo_find(parent, g->edges[e].from), b = algo_find(parent, g->edges[e].to);
        if (a != b) parent[a > b ? a : b] = a > b ? b : a;
    }
    /* per root: size and smallest id rank */
    algo_comp *cs = cg_xmalloc((n ? n : 1) * sizeof *cs);
    int32_t *slot = cg_xmalloc((n ? n : 1) * sizeof *slot);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) slot[i] = -1;
    for (size_t i = 0; i < n; i++) {
        int32_t r = algo_find(parent, (int32_t)i);
        if (slot[r] < 0) {
            slot[r] = (int32_t)k;
            cs[k].root = r;
            cs[k].size = 0;
            cs[k].min_rank = g->id_rank[i];
            k++;
        }
        algo_comp *c = &cs[slot[r]];
        c->size++;
        if (g->id_rank[i] < c->min_rank) c->min_rank = g->id_rank[i];
    }
    qsort(cs, k, sizeof *cs, algo_comp_cmp);
    for (size_t j = 0; j < k; j++) slot[cs[j].root] = (int32_t)j;
    for (size_t i = 0; i < n; i++) comp[i] = slot[algo_find(parent, (int32_t)i)];
    *ncomp = k;
    free(cs);
    free(slot);
    free(parent);
    return 0;
}

/* ---- subgraphs ---- */

static int algo_int_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

void cg_algo_edges_among(const cg_graph *g, const unsigned char *mark, const cg_filter *f,
                         int32_t **edges, size_t *n)
{
    size_t cap = *n, cnt = *n;
    int32_t *out = *edges;
    for (size_t v = 0; v < g->nnodes; v++) {
        if (!mark[v]) continue;
        for (int32_t k = g->out_off[v]; k < g->out_off[v + 1]; k++) {
            int32_t e = g->out_edges[k];
            if (!mark[g->edges[e].to] || (f && !cg_filter_edge(g, f, e))) continue;
            CG_GROW(out, cap, cnt + 1);
            out[cnt++] = e;
        }
    }
    if (cnt > 1) qsort(out, cnt, sizeof *out, algo_int_cmp);
    *edges = out;
    *n = cnt;
}
