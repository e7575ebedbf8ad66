/* algo.c - the algorithms' core and the traversals: the caller's monitor
 * (cancel, progress) and igraph's progress and interruption handlers, edge
 * filters, breadth-first search, shortest paths, neighborhoods, components
 * and the edges among a set of nodes.  The centralities are centrality.c. */
#include "algo.h"
#include "algo_core.h"

#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- igraph handlers (the error handler is the graph layer's: graph.c) ---- */

/* The caller's monitor (cg_algo_set_monitor): cancellation and progress. */
static cg_algo_monitor algo_mon;

void cg_algo_set_monitor(const cg_algo_monitor *m)
{
    if (m) algo_mon = *m;
    else memset(&algo_mon, 0, sizeof algo_mon);
}

/* 1 when the caller's cancel callback says stop. */
int algo_cancelled(void)
{
    return algo_mon.cancel && algo_mon.cancel(algo_mon.ctx);
}

/* Progress of the long computations (betweenness, closeness, harmonic
 * report it through igraph): passed to the caller's progress callback once a
 * computation has run a second, each time the whole percent changes, and
 * with -1 at the end if it was shown at all. */
static struct {
    const char *what;      /* the metric, or NULL outside a computation */
    struct timespec t0;
    int shown, last;
} algo_prog;

void algo_progress_begin(const char *what)
{
    algo_prog.what = what;
    algo_prog.shown = 0;
    algo_prog.last = -1;
    clock_gettime(CLOCK_MONOTONIC, &algo_prog.t0);
}

void algo_progress_end(void)
{
    if (algo_prog.shown && algo_mon.progress) algo_mon.progress(algo_prog.what, -1, algo_mon.ctx);
    algo_prog.what = NULL;
    algo_prog.shown = 0;
}

/* Returning IGRAPH_INTERRUPTED from a progress handler makes IGRAPH_PROGRESS
 * free the FINALLY stack and stop. */
static igraph_error_t algo_progress_handler(const char *message, igraph_real_t percent, void *data)
{
    (void)message; (void)data;
    if (algo_cancelled()) return IGRAPH_INTERRUPTED;
    if (!algo_mon.progress || !algo_prog.what) return IGRAPH_SUCCESS;
    int p = percent < 0 ? 0 : percent > 99 ? 99 : (int)percent;
    if (p == algo_prog.last) return IGRAPH_SUCCESS;
    if (!algo_prog.shown) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        double s = (double)(t.tv_sec - algo_prog.t0.tv_sec) + (double)(t.tv_nsec - algo_prog.t0.tv_nsec) / 1e9;
        if (s < 1.0) return IGRAPH_SUCCESS;
        algo_prog.shown = 1;
    }
    algo_prog.last = p;
    algo_mon.progress(algo_prog.what, p, algo_mon.ctx);
    return IGRAPH_SUCCESS;
}

/* IGRAPH_ALLOW_INTERRUPTION returns without freeing the FINALLY stack in
 * 0.10.2, so free it here before asking igraph to stop. */
static igraph_error_t algo_interruption_handler(void *data)
{
    (void)data;
    if (!algo_cancelled()) return IGRAPH_SUCCESS;
    IGRAPH_FINALLY_FREE();
    return IGRAPH_INTERRUPTED;
}

/* The progress and interruption handlers, before a computation that may
 * call them. */
void algo_igraph_handlers(void)
{
    igraph_set_progress_handler(algo_progress_handler);
    igraph_set_interruption_handler(algo_interruption_handler);
}

/* Sets err for a failed igraph call. */
int algo_igraph_fail(igraph_error_t rc, cg_error *err)
{
    if (rc == IGRAPH_INTERRUPTED || algo_cancelled())
        cg_error_set(err, 0, "interrupted");
    else
        cg_error_set(err, 0, "igraph failed: %s", cg_igraph_reason()[0] ? cg_igraph_reason() : igraph_strerror(rc));
    return -1;
}

/* ---- filters ---- */




/* Prepares f for algo_pass (f's strings must outlive ef). */
void algo_ef_init(algo_ef *ef, const cg_filter *f)
{
    char lo[11], hi[11];
    ef->f = f;
    ef->dates = f->since || f->until;
    ef->any = f->ntypes || ef->dates;
    ef->slo = 0;
    ef->uhi = INT32_MAX;
    if (f->since) {
        cg_date_interval(f->since, lo, hi);
        ef->slo = algo_date_int(lo);
    }
    if (f->until) {
        cg_date_interval(f->until, lo, hi);
        ef->uhi = algo_date_int(hi);
    }
}


int cg_filter_edge(const cg_graph *g, const cg_filter *f, int32_t e)
{
    algo_ef ef;
    if (!f->ntypes && !f->since && !f->until) return 1;
    algo_ef_init(&ef, f);
    return algo_pass(g, &ef, e);
}

/* BFS distances from root under ef following dir (algo_core.h). */
long algo_bfs(const cg_graph *g, const algo_ef *ef, int32_t root, cg_dir dir, long maxd,
              const unsigned char *want, size_t left, int32_t *dist, int32_t *order, size_t *tick, cg_error *err)
{
    size_t head = 0, tail = 0;
    dist[root] = 0;
    order[tail++] = root;
    while (head < tail) {
        int32_t v = order[head++];
        if (maxd >= 0 && dist[v] >= maxd) continue;
        if (algo_interrupted(tick, err)) return -1;
        for (int side = 0; side < 2; side++) {
            if (side == 0 && dir == CG_DIR_IN) continue;
            if (side == 1 && dir == CG_DIR_OUT) continue;
            const int32_t *off = side == 0 ? g->out_off : g->in_off;
            const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
            for (int32_t k = off[v]; k < off[v + 1]; k++) {
                int32_t e = lst[k];
                int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
                if (dist[w] >= 0 || !algo_pass(g, ef, e)) continue;
                dist[w] = dist[v] + 1;
                order[tail++] = w;
                if (want && want[w] && --left == 0) return (long)tail;
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

void cg_paths_add(cg_paths *out, const int32_t *nodes, const int32_t *edges, size_t nhops)
{
    CG_GROW(out->items, out->cap, out->count + 1);
    cg_path *p = &out->items[out->count++];
    p->nhops = nhops;
    p->nodes = cg_xmalloc((nhops + 1) * sizeof *p->nodes);
    p->edges = cg_xmalloc((nhops ? nhops : 1) * sizeof *p->edges);
    memcpy(p->nodes, nodes, (nhops + 1) * sizeof *nodes);
    if (nhops) memcpy(p->edges, edges, nhops * sizeof *edges);
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
 * id, into a malloc'd array.  dist: distances to the target, or all of them
 * plus one with 0 for unknown.  seen: nnodes zero bytes, left zeroed. */
static int32_t *algo_next_steps(const cg_graph *g, const algo_ef *ef, const int32_t *dist, int32_t u,
                                unsigned char *seen, size_t *n)
{
    size_t cap = 0, cnt = 0;
    int32_t *out = NULL;
    int32_t want = dist[u] - 1;
    for (int side = 0; side < 2; side++) {
        if (side == 1 && ef->f->directed) break;
        const int32_t *off = side == 0 ? g->out_off : g->in_off;
        const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
        for (int32_t k = off[u]; k < off[u + 1]; k++) {
            int32_t e = lst[k];
            int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
            if (dist[w] != want || seen[w] || !algo_pass(g, ef, e)) continue;
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
    int32_t *edges = cg_xmalloc((nhops ? nhops : 1) * sizeof *edges);
    for (size_t i = 0; i < nhops; i++) edges[i] = cg_algo_hop_edge(g, f, nodes[i], nodes[i + 1]);
    cg_paths_add(out, nodes, edges, nhops);
    free(edges);
}

/* One side of a bidirectional BFS: its distances, its queue, and how many
 * levels are complete (every node at distance <= level is labelled). */
typedef struct algo_side {
    int32_t *dist, *queue;  /* dist: distance + 1, 0 when not reached */
    size_t head, tail;
    int32_t level;
    int out, in;            /* which incidence lists it follows */
} algo_side;

#define ALGO_FAR INT32_MAX

/* Labels the next level of s (the nodes one hop beyond its last complete
 * level); a node the other side has labelled too lowers *best to the length
 * of the path through it.  A side with nothing left becomes complete for
 * every level (ALGO_FAR).  Returns 0, or -1 if interrupted. */
static int algo_side_step(const cg_graph *g, const algo_ef *ef, algo_side *s, const int32_t *other,
                          int32_t *best, size_t *tick, cg_error *err)
{
    size_t end = s->tail;
    if (s->head == end) {
        s->level = ALGO_FAR;
        return 0;
    }
    while (s->head < end) {
        int32_t v = s->queue[s->head++];
        int32_t dv = s->dist[v] + 1;
        if (algo_interrupted(tick, err)) return -1;
        for (int side = 0; side < 2; side++) {
            if (side == 0 ? !s->out : !s->in) continue;
            const int32_t *off = side == 0 ? g->out_off : g->in_off;
            const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
            for (int32_t k = off[v]; k < off[v + 1]; k++) {
                int32_t e = lst[k];
                int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
                if (s->dist[w] || !algo_pass(g, ef, e)) continue;
                s->dist[w] = dv;
                s->queue[s->tail++] = w;
                if (other[w] && dv + other[w] - 2 < *best) *best = dv + other[w] - 2;
            }
        }
    }
    s->level++;
    if (s->head == s->tail) s->level = ALGO_FAR;
    return 0;
}

/* Distances to dst, plus one (dist, 0 elsewhere: calloc'd, so that only the
 * pages the search touches are ever written), for every node on a shortest
 * path from src to dst, found by a BFS from each end that stops once they
 * meet: the nodes the BFS from dst reached keep their exact distance; the
 * nodes of shortest paths nearer src than it reached get theirs from the BFS
 * from src, walking back from where the two met.  seen: nnodes zero bytes,
 * left zeroed.  Returns 1, 0 when dst is unreachable, or -1 if interrupted. */
static int algo_dist_to(const cg_graph *g, const algo_ef *ef, int32_t src, int32_t dst,
                        int32_t *dist, unsigned char *seen, cg_error *err)
{
    size_t n = g->nnodes, tick = 0;
    int directed = ef->f->directed;
    int rc = 0;
    algo_side fw = { cg_xcalloc(n, sizeof(int32_t)), cg_xmalloc(n * sizeof(int32_t)), 0, 0, 0, 1, !directed };
    algo_side bw = { dist, cg_xmalloc(n * sizeof(int32_t)), 0, 0, 0, !directed, 1 };
    fw.dist[src] = 1;
    fw.queue[fw.tail++] = src;
    bw.dist[dst] = 1;
    bw.queue[bw.tail++] = dst;
    int32_t best = ALGO_FAR;
    /* a shortest path of length d <= fw.level + bw.level has a node labelled
     * by both sides, so best is exact once it is that small */
    while (best == ALGO_FAR || (int64_t)fw.level + bw.level < best) {
        if (fw.level == ALGO_FAR || bw.level == ALGO_FAR) {
            if (best == ALGO_FAR) goto out;     /* one side ran out: no path */
            break;
        }
        int fwd = fw.tail - fw.head <= bw.tail - bw.head;
        if (algo_side_step(g, ef, fwd ? &fw : &bw, fwd ? bw.dist : fw.dist, &best, &tick, err) < 0) {
            rc = -1;
            goto out;
        }
    }
    int32_t d = best, m = bw.level >= d ? 0 : d - bw.level;
    if (m > 0) {
        /* the nodes at distance m from src on a shortest path: labelled by
         * both; then level by level towards src, their predecessors */
        int32_t *layer = bw.queue;              /* reused: bw is done */
        size_t nl = 0, start = 0;
        for (size_t i = 0; i < fw.tail; i++) {
            int32_t v = fw.queue[i];
            if (fw.dist[v] == m + 1 && dist[v] == d - m + 1) { layer[nl++] = v; seen[v] = 1; }
        }
        for (int32_t k = m - 1; k >= 0; k--) {
            size_t end = nl;
            for (size_t i = start; i < end; i++) {
                int32_t y = layer[i];
                if (algo_interrupted(&tick, err)) { rc = -1; goto clear; }
                for (int side = 0; side < 2; side++) {
                    if (side == 0 ? directed : 0) continue;   /* x -> y: y's in-edges */
                    const int32_t *off = side == 0 ? g->out_off : g->in_off;
                    const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
                    for (int32_t j = off[y]; j < off[y + 1]; j++) {
                        int32_t e = lst[j];
                        int32_t x = side == 0 ? g->edges[e].to : g->edges[e].from;
                        if (fw.dist[x] != k + 1 || seen[x] || !algo_pass(g, ef, e)) continue;
                        seen[x] = 1;
                        dist[x] = d - k + 1;
                        layer[nl++] = x;
                    }
                }
            }
            start = end;
        }
    clear:
        for (size_t i = 0; i < nl; i++) seen[layer[i]] = 0;
        if (rc < 0) goto out;
    }
    rc = 1;
out:
    free(fw.dist);
    free(fw.queue);
    free(bw.queue);
    return rc;
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
    algo_ef ef;
    algo_ef_init(&ef, f);
    int32_t *dist = cg_xcalloc(n, sizeof *dist);
    unsigned char *seen = cg_xcalloc(n, 1);
    int rc = algo_dist_to(g, &ef, src, dst, dist, seen, err);
    if (rc <= 0) goto out;
    /* dist is distance + 1: algo_next_steps only compares neighbours' */
    size_t L = (size_t)dist[src] - 1;
    int32_t *nodes = cg_xmalloc((L + 1) * sizeof *nodes);
    nodes[0] = src;
    if (!all) {
        for (size_t i = 0; i < L; i++) {
            size_t k;
            int32_t *next = algo_next_steps(g, &ef, dist, nodes[i], seen, &k);
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
    cand[0] = algo_next_steps(g, &ef, dist, src, seen, &ncand[0]);
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
        cand[level] = algo_next_steps(g, &ef, dist, nodes[level], seen, &ncand[level]);
        idx[level] = 0;
    }
    for (size_t i = 0; i <= L; i++) free(cand[i]);
    free(cand);
    free(ncand);
    free(idx);
    free(nodes);
out:
    free(dist);
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
    algo_ef ef;
    algo_ef_init(&ef, f);
    size_t tick = 0;
    long got = algo_bfs(g, &ef, start, dir, depth, NULL, 0, dist, order, &tick, err);
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
    int32_t label, size, min_rank;
} algo_comp;

static int algo_comp_cmp(const void *a, const void *b)
{
    const algo_comp *x = a, *y = b;
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    return (x->min_rank > y->min_rank) - (x->min_rank < y->min_rank);
}

size_t cg_algo_rank_groups(const cg_graph *g, int32_t *group)
{
    size_t n = g->nnodes, k = 0;
    /* per label: size and smallest id rank */
    algo_comp *cs = cg_xmalloc((n ? n : 1) * sizeof *cs);
    int32_t *slot = cg_xmalloc((n ? n : 1) * sizeof *slot);
    for (size_t i = 0; i < n; i++) slot[i] = -1;
    for (size_t i = 0; i < n; i++) {
        int32_t r = group[i];
        if (slot[r] < 0) {
            slot[r] = (int32_t)k;
            cs[k].label = r;
            cs[k].size = 0;
            cs[k].min_rank = g->id_rank[i];
            k++;
        }
        algo_comp *c = &cs[slot[r]];
        c->size++;
        if (g->id_rank[i] < c->min_rank) c->min_rank = g->id_rank[i];
    }
    qsort(cs, k, sizeof *cs, algo_comp_cmp);
    for (size_t j = 0; j < k; j++) slot[cs[j].label] = (int32_t)j;
    for (size_t i = 0; i < n; i++) group[i] = slot[group[i]];
    free(cs);
    free(slot);
    return k;
}

int cg_algo_components(const cg_graph *g, const cg_filter *f, int32_t *comp, size_t *ncomp, cg_error *err)
{
    size_t n = g->nnodes, tick = 0;
    algo_ef ef;
    algo_ef_init(&ef, f);
    int32_t *parent = cg_xmalloc((n ? n : 1) * sizeof *parent);
    for (size_t i = 0; i < n; i++) parent[i] = (int32_t)i;
    for (size_t e = 0; e < g->nedges; e++) {
        if (algo_interrupted(&tick, err)) { free(parent); return -1; }
        if (!algo_pass(g, &ef, (int32_t)e)) continue;
        int32_t a = algo_find(parent, g->edges[e].from), b = algo_find(parent, g->edges[e].to);
        if (a != b) parent[a > b ? a : b] = a > b ? b : a;
    }
    for (size_t i = 0; i < n; i++) comp[i] = algo_find(parent, (int32_t)i);
    free(parent);
    *ncomp = cg_algo_rank_groups(g, comp);
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
    size_t cap = *n, cnt = *n, touched = 0;
    int32_t *out = *edges;
    algo_ef ef;
    memset(&ef, 0, sizeof ef);
    if (f) algo_ef_init(&ef, f);
    for (size_t v = 0; v < g->nnodes; v++)
        if (mark[v]) touched += (size_t)(g->out_off[v + 1] - g->out_off[v]);
    if (touched > g->nedges / 8) {
        /* most of the graph: one pass in edge order needs no sort */
        size_t start = cnt;
        for (size_t e = 0; e < g->nedges; e++) {
            if (!mark[g->edges[e].from] || !mark[g->edges[e].to] || (f && !algo_pass(g, &ef, (int32_t)e)))
                continue;
            CG_GROW(out, cap, cnt + 1);
            out[cnt++] = (int32_t)e;
        }
        if (start > 0 && cnt > 1) qsort(out, cnt, sizeof *out, algo_int_cmp);
        *edges = out;
        *n = cnt;
        return;
    }
    for (size_t v = 0; v < g->nnodes; v++) {
        if (!mark[v]) continue;
        for (int32_t k = g->out_off[v]; k < g->out_off[v + 1]; k++) {
            int32_t e = g->out_edges[k];
            if (!mark[g->edges[e].to] || (f && !algo_pass(g, &ef, e))) continue;
            CG_GROW(out, cap, cnt + 1);
            out[cnt++] = e;
        }
    }
    if (cnt > 1) qsort(out, cnt, sizeof *out, algo_int_cmp);
    *edges = out;
    *n = cnt;
}
