/* routes.c - how actors are tied together (routes.h): the connecting
 * network of a set of nodes, every simple path between two, the neighbours
 * two share.  Why the searches are right and what they cost:
 * doc/queries.md, "Connecting networks and every route". */
#include "routes.h"
#include "algo_core.h"
#include "temporal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cg_graph *routes_sort_g;

static int routes_rank_cmp(const void *a, const void *b)
{
    int32_t x = routes_sort_g->id_rank[*(const int32_t *)a], y = routes_sort_g->id_rank[*(const int32_t *)b];
    return (x > y) - (x < y);
}

static int routes_int_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts a[0..*n) ascending and drops repeats. */
static void routes_sort_unique(int32_t *a, size_t *n)
{
    if (*n < 2) return;
    qsort(a, *n, sizeof *a, routes_int_cmp);
    size_t k = 1;
    for (size_t i = 1; i < *n; i++)
        if (a[i] != a[k - 1]) a[k++] = a[i];
    *n = k;
}

/* ---- connect ---- */

/* Appends to *edges every edge of a shortest path from the BFS root to t
 * (dist: the root's distances, complete below dist[t]): walking back from
 * t, an edge u -> v (either way unless directed) with dist[u] = dist[v] - 1
 * lies on one, and so does u.  onp, layer: nnodes bytes of 0 (left so) and
 * nnodes int32s of scratch.  Returns 0, or -1 if interrupted. */
static int routes_walk_back(const cg_graph *g, const algo_ef *ef, const int32_t *dist, int32_t t,
                            unsigned char *onp, int32_t *layer, int32_t **edges, size_t *ne, size_t *cap,
                            size_t *tick, cg_error *err)
{
    int directed = ef->f->directed, rc = 0;
    size_t nl = 0, start = 0;
    layer[nl++] = t;
    onp[t] = 1;
    while (start < nl && rc == 0) {
        size_t end = nl;
        for (size_t i = start; i < end && rc == 0; i++) {
            int32_t v = layer[i], want = dist[v] - 1;
            if (want < 0) continue;
            if (algo_interrupted(tick, err)) { rc = -1; break; }
            for (int side = 0; side < 2; side++) {
                if (side == 0 && directed) continue;     /* v -> u goes the wrong way */
                const int32_t *off = side == 0 ? g->out_off : g->in_off;
                const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
                for (int32_t k = off[v]; k < off[v + 1]; k++) {
                    int32_t e = lst[k];
                    int32_t u = side == 0 ? g->edges[e].to : g->edges[e].from;
                    if (dist[u] != want || !algo_pass(g, ef, e)) continue;
                    CG_GROW(*edges, *cap, *ne + 1);
                    (*edges)[(*ne)++] = e;
                    if (!onp[u]) {
                        onp[u] = 1;
                        layer[nl++] = u;
                    }
                }
            }
        }
        start = end;
    }
    for (size_t i = 0; i < nl; i++) onp[layer[i]] = 0;
    return rc;
}

int cg_routes_connect(const cg_graph *g, const cg_filter *f, const int32_t *terms, size_t n, long depth,
                      int32_t **edges, size_t *nedges, int32_t **gaps, size_t *ngaps, cg_error *err)
{
    size_t nv = g->nnodes, tick = 0, ne = 0, cap = 0, ng = 0, gcap = 0;
    int directed = f->directed, rc = 0;
    algo_ef ef;
    algo_ef_init(&ef, f);
    int32_t *out = NULL, *gp = NULL;
    int32_t *dist = cg_xmalloc((nv ? nv : 1) * sizeof *dist);
    int32_t *order = cg_xmalloc((nv ? nv : 1) * sizeof *order);
    int32_t *layer = cg_xmalloc((nv ? nv : 1) * sizeof *layer);
    unsigned char *onp = cg_xcalloc(nv ? nv : 1, 1);
    unsigned char *want = cg_xcalloc(nv ? nv : 1, 1);
    unsigned char *joined = cg_xcalloc(n > 0 ? n * n : 1, 1);   /* [i * n + j], i < j */
    for (size_t v = 0; v < nv; v++) dist[v] = -1;
    /* undirected, the pairs (i, j > i) from i's search; directed, i's
     * search gives the paths from i to every other */
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t left = 0, nvis = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i && (directed || j > i)) { want[terms[j]] = 1; left++; }
        if (left == 0) break;
        long got = algo_bfs(g, &ef, terms[i], directed ? CG_DIR_OUT : CG_DIR_BOTH, depth, want, left, dist, order,
                            &tick, err);
        if (got < 0) rc = -1;
        else nvis = (size_t)got;
        for (size_t j = 0; j < n && rc == 0; j++) {
            if (j == i || (!directed && j < i) || dist[terms[j]] < 0) continue;
            if (routes_walk_back(g, &ef, dist, terms[j], onp, layer, &out, &ne, &cap, &tick, err) < 0) rc = -1;
            joined[i < j ? i * n + j : j * n + i] = 1;
        }
        for (size_t j = 0; j < n; j++) want[terms[j]] = 0;
        for (size_t k = 0; k < nvis; k++) dist[order[k]] = -1;
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        for (size_t j = i + 1; j < n; j++)
            if (!joined[i * n + j]) {
                CG_GROW(gp, gcap, ng * 2 + 2);
                gp[ng * 2] = terms[i];
                gp[ng * 2 + 1] = terms[j];
                ng++;
            }
    free(dist);
    free(order);
    free(layer);
    free(onp);
    free(want);
    free(joined);
    if (rc < 0) {
        free(out);
        free(gp);
        *edges = NULL;
        *nedges = 0;
        *gaps = NULL;
        *ngaps = 0;
        return -1;
    }
    routes_sort_unique(out, &ne);
    *edges = out;
    *nedges = ne;
    *gaps = gp;
    *ngaps = ng;
    return 0;
}

/* ---- paths ---- */

/* The hops still to take from dst back to the nodes within maxhops of it
 * (against the edges when directed), plus one, into rd (calloc'd: 0 where
 * farther), never through an avoided node, nor on through src (a simple
 * path cannot).  Returns 0, or -1 if interrupted. */
static int routes_reverse_bfs(const cg_graph *g, const algo_ef *ef, int32_t src, int32_t dst, long maxhops,
                              const unsigned char *avoid, int32_t *rd, size_t *tick, cg_error *err)
{
    size_t nv = g->nnodes, head = 0, tail = 0;
    int directed = ef->f->directed, rc = 0;
    int32_t *queue = cg_xmalloc((nv ? nv : 1) * sizeof *queue);
    rd[dst] = 1;
    queue[tail++] = dst;
    while (head < tail) {
        int32_t v = queue[head++];
        if (rd[v] - 1 >= maxhops) break;
        if (v == src) continue;
        if (algo_interrupted(tick, err)) { rc = -1; break; }
        for (int side = 0; side < 2; side++) {
            if (side == 0 && directed) continue;     /* w -> v: v's in-edges */
            const int32_t *off = side == 0 ? g->out_off : g->in_off;
            const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
            for (int32_t k = off[v]; k < off[v + 1]; k++) {
                int32_t e = lst[k];
                int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
                if (rd[w] || (avoid && avoid[w]) || !algo_pass(g, ef, e)) continue;
                rd[w] = rd[v] + 1;
                queue[tail++] = w;
            }
        }
    }
    free(queue);
    return rc;
}

/* A step of a path: the next node, its edge (chronological: the one
 * leaving the earliest clock), the clock after it. */
typedef struct routes_next {
    int32_t w, e;
    int64_t clock;
} routes_next;

static int routes_next_cmp(const void *a, const void *b)
{
    return routes_rank_cmp(&((const routes_next *)a)->w, &((const routes_next *)b)->w);
}

/* What a search for paths of one length shares. */
typedef struct routes_search {
    const cg_graph *g;
    const algo_ef *ef;
    const int32_t *rd;          /* hops to dst, plus one; 0: too far */
    unsigned char *block;       /* avoided or already on the path */
    int32_t *slot;              /* nnodes int32s of 0, left so */
    int32_t dst;
    int chrono;
} routes_search;

/* The steps from u, at position k of a path of L hops with the clock at
 * clock, that can still reach dst in the hops left, one per node, in id
 * order, into a malloc'd array of *n. */
static routes_next *routes_steps(const routes_search *rs, int32_t u, int32_t k, int32_t L, int64_t clock, size_t *n)
{
    const cg_graph *g = rs->g;
    routes_next *out = NULL;
    size_t cnt = 0, cap = 0;
    for (int side = 0; side < 2; side++) {
        if (side == 1 && rs->ef->f->directed) break;
        const int32_t *off = side == 0 ? g->out_off : g->in_off;
        const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
        for (int32_t i = off[u]; i < off[u + 1]; i++) {
            int32_t e = lst[i];
            int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
            if (rs->block[w] || !rs->rd[w] || k + rs->rd[w] > L) continue;     /* k + 1 + hops left */
            if (w == rs->dst && k + 1 != L) continue;
            if (!algo_pass(g, rs->ef, e)) continue;
            int64_t nc = 0;
            if (rs->chrono && !cg_temporal_hop(g, e, clock, &nc)) continue;
            if (rs->slot[w]) {
                routes_next *t = &out[rs->slot[w] - 1];
                if (rs->chrono && cg_temporal_edge_better(g, e, nc, t->e, t->clock)) { t->e = e; t->clock = nc; }
                continue;
            }
            CG_GROW(out, cap, cnt + 1);
            out[cnt].w = w;
            out[cnt].e = e;
            out[cnt].clock = nc;
            rs->slot[w] = (int32_t)++cnt;
        }
    }
    for (size_t i = 0; i < cnt; i++) rs->slot[out[i].w] = 0;
    routes_sort_g = g;
    if (cnt > 1) qsort(out, cnt, sizeof *out, routes_next_cmp);
    *n = cnt;
    return out;
}

/* An upper bound on the partial paths the search for every length up to
 * maxhops visits: the walks from src that the distance test lets through
 * (each a prefix the search may extend, simple or not), counted layer by
 * layer, times the number of lengths searched.  Stops counting once past
 * CG_ROUTES_BUDGET.  Returns 0 with *bound set, or -1 if interrupted. */
static int routes_bound(const routes_search *rs, int32_t src, int32_t lmin, int32_t maxhops, double *bound,
                        size_t *tick, cg_error *err)
{
    const cg_graph *g = rs->g;
    size_t nv = g->nnodes, ncur = 1, nnext = 0;
    int32_t *cur = cg_xmalloc((nv ? nv : 1) * sizeof *cur), *next = cg_xmalloc((nv ? nv : 1) * sizeof *next);
    double *cnt = cg_xcalloc(nv ? nv : 1, sizeof *cnt), *acc = cg_xcalloc(nv ? nv : 1, sizeof *acc);
    double total = 1, lengths = (double)(maxhops - lmin + 1);
    int rc = 0;
    cur[0] = src;
    cnt[src] = 1;
    for (int32_t k = 0; k < maxhops && ncur && total * lengths <= CG_ROUTES_BUDGET; k++) {
        nnext = 0;
        for (size_t i = 0; i < ncur && rc == 0; i++) {
            int32_t v = cur[i];
            if (v == rs->dst) continue;
            if (algo_interrupted(tick, err)) { rc = -1; break; }
            for (int side = 0; side < 2; side++) {
                if (side == 1 && rs->ef->f->directed) break;
                const int32_t *off = side == 0 ? g->out_off : g->in_off;
                const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
                for (int32_t j = off[v]; j < off[v + 1]; j++) {
                    int32_t e = lst[j];
                    int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
                    if (w == v || w == src || rs->block[w] || !rs->rd[w] || k + rs->rd[w] > maxhops) continue;
                    if (rs->slot[w] == v + 1 || !algo_pass(g, rs->ef, e)) continue;   /* once per neighbour */
                    rs->slot[w] = v + 1;
                    if (acc[w] == 0) next[nnext++] = w;
                    acc[w] += cnt[v];
                }
            }
        }
        for (size_t i = 0; i < ncur; i++) cnt[cur[i]] = 0;
        for (size_t i = 0; i < nnext; i++) {
            int32_t w = next[i];
            rs->slot[w] = 0;
            cnt[w] = acc[w];
            acc[w] = 0;
            total += cnt[w];
        }
        int32_t *t = cur;
        cur = next;
        next = t;
        ncur = nnext;
        if (rc < 0) break;
    }
    for (size_t i = 0; i < ncur; i++) cnt[cur[i]] = 0;
    free(cur);
    free(next);
    free(cnt);
    free(acc);
    *bound = total * lengths;
    return rc;
}

/* Every path of exactly L hops, depth first with the steps in id order (so
 * in id-sequence order), appended to out up to max.  nodes, edges: L + 1
 * and L slots.  Returns 1 when max stopped it (out->truncated set), 0 when
 * it ran out, -1 if interrupted. */
static int routes_paths_of(const routes_search *rs, const cg_filter *f, int32_t src, int32_t L, int64_t c0,
                           size_t max, cg_paths *out, int32_t *nodes, int32_t *edges, size_t *tick, cg_error *err)
{
    const cg_graph *g = rs->g;
    routes_next **cand = cg_xcalloc((size_t)L + 1, sizeof *cand);
    size_t *ncand = cg_xcalloc((size_t)L + 1, sizeof *ncand), *idx = cg_xcalloc((size_t)L + 1, sizeof *idx);
    int32_t level = 0;
    int rc = 0;
    nodes[0] = src;
    cand[0] = routes_steps(rs, src, 0, L, c0, &ncand[0]);
    for (;;) {
        if (algo_interrupted(tick, err)) { rc = -1; break; }
        if (idx[level] >= ncand[level]) {
            free(cand[level]);
            cand[level] = NULL;
            if (level == 0) break;
            rs->block[nodes[level]] = 0;
            level--;
            idx[level]++;
            continue;
        }
        const routes_next *t = &cand[level][idx[level]];
        nodes[level + 1] = t->w;
        edges[level] = t->e;
        if (level + 1 == L) {
            if (out->count >= max) { out->truncated = 1; rc = 1; break; }
            if (!rs->chrono)
                for (int32_t h = 0; h < L; h++) edges[h] = cg_algo_hop_edge(g, f, nodes[h], nodes[h + 1]);
            cg_paths_add(out, nodes, edges, (size_t)L);
            idx[level]++;
            continue;
        }
        int64_t c = t->clock;
        level++;
        rs->block[nodes[level]] = 1;
        cand[level] = routes_steps(rs, nodes[level], level, L, c, &ncand[level]);
        idx[level] = 0;
    }
    for (int32_t i = 1; i <= level; i++) rs->block[nodes[i]] = 0;
    for (int32_t i = 0; i <= L; i++) free(cand[i]);
    free(cand);
    free(ncand);
    free(idx);
    return rc;
}

int cg_routes_paths(const cg_graph *g, const cg_filter *f, int32_t src, int32_t dst, long maxhops,
                    const unsigned char *avoid, int chrono, size_t max, cg_paths *out, cg_error *err)
{
    memset(out, 0, sizeof *out);
    if (src == dst) {
        cg_paths_add(out, &src, NULL, 0);
        return 1;
    }
    size_t nv = g->nnodes, tick = 0;
    algo_ef ef;
    algo_ef_init(&ef, f);
    int32_t *rd = cg_xcalloc(nv, sizeof *rd);
    int32_t *slot = cg_xcalloc(nv, sizeof *slot);
    unsigned char *block = cg_xcalloc(nv, 1);
    int32_t *nodes = NULL, *edges = NULL;
    int rc = 0;
    if (avoid) memcpy(block, avoid, nv);
    if (routes_reverse_bfs(g, &ef, src, dst, maxhops, avoid, rd, &tick, err) < 0) { rc = -1; goto out; }
    if (!rd[src]) goto out;
    block[src] = 1;
    routes_search rs = { g, &ef, rd, block, slot, dst, chrono };
    int32_t lmin = rd[src] - 1;
    if (maxhops > CG_ROUTES_FREE_HOPS) {
        double bound;
        if (routes_bound(&rs, src, lmin, (int32_t)maxhops, &bound, &tick, err) < 0) { rc = -1; goto out; }
        if (bound > CG_ROUTES_BUDGET) {
            cg_error_set(err, 0,
                         "maxhops %ld cannot finish here: the search could meet more than %.0f partial paths "
                         "(bound %.3g); use maxhops %d or less, or narrow it with avoid, via, since/until or directed",
                         maxhops, CG_ROUTES_BUDGET, bound, CG_ROUTES_FREE_HOPS);
            rc = -1;
            goto out;
        }
    }
    nodes = cg_xmalloc(((size_t)maxhops + 1) * sizeof *nodes);
    edges = cg_xmalloc(((size_t)maxhops + 1) * sizeof *edges);
    int64_t c0 = chrono ? cg_temporal_start(f) : 0;
    for (int32_t L = lmin; L <= maxhops; L++) {
        int r = routes_paths_of(&rs, f, src, L, c0, max, out, nodes, edges, &tick, err);
        if (r < 0) { rc = -1; goto out; }
        if (r > 0) break;
    }
    rc = out->count > 0;
out:
    if (rc < 0) cg_paths_destroy(out);
    free(rd);
    free(slot);
    free(block);
    free(nodes);
    free(edges);
    return rc;
}

/* ---- common ---- */

void cg_routes_common_destroy(cg_common *c)
{
    free(c->nodes);
    free(c->ea);
    free(c->eb);
    free(c->aoff);
    free(c->boff);
    memset(c, 0, sizeof *c);
}

/* Calls back for every edge e of x that f allows (out-edges only when
 * directed), with its other end w; the two scans of cg_routes_common. */
#define ROUTES_EACH_EDGE(g, ef, x, e, w, body)                                              \
    for (int side_ = 0; side_ < 2; side_++) {                                               \
        if (side_ == 1 && (ef)->f->directed) break;                                         \
        const int32_t *off_ = side_ == 0 ? (g)->out_off : (g)->in_off;                      \
        const int32_t *lst_ = side_ == 0 ? (g)->out_edges : (g)->in_edges;                  \
        for (int32_t k_ = off_[x]; k_ < off_[(x) + 1]; k_++) {                              \
            int32_t e = lst_[k_];                                                           \
            int32_t w = side_ == 0 ? (g)->edges[e].to : (g)->edges[e].from;                 \
            if (!algo_pass((g), (ef), e)) continue;                                         \
            body                                                                            \
        }                                                                                   \
    }

int cg_routes_common(const cg_graph *g, const cg_filter *f, int32_t a, int32_t b, cg_common *out, cg_error *err)
{
    (void)err;
    memset(out, 0, sizeof *out);
    size_t nv = g->nnodes, nt = 0, tcap = 0;
    algo_ef ef;
    algo_ef_init(&ef, f);
    unsigned char *tag = cg_xcalloc(nv ? nv : 1, 1);
    int32_t *touched = NULL;
    for (int s = 0; s < 2; s++) {
        int32_t x = s == 0 ? a : b;
        ROUTES_EACH_EDGE(g, &ef, x, e, w, {
            (void)e;
            if (w == a || w == b) continue;
            if (!tag[w]) {
                CG_GROW(touched, tcap, nt + 1);
                touched[nt++] = w;
            }
            tag[w] |= (unsigned char)(1 << s);
        })
    }
    size_t n = 0;
    for (size_t i = 0; i < nt; i++)
        if (tag[touched[i]] == 3) touched[n++] = touched[i];
    routes_sort_g = g;
    if (n > 1) qsort(touched, n, sizeof *touched, routes_rank_cmp);
    /* each shared node's edges to a and to b, grouped by its place */
    int32_t *slot = cg_xmalloc((nv ? nv : 1) * sizeof *slot);
    for (size_t i = 0; i < n; i++) slot[touched[i]] = (int32_t)i;
    for (int s = 0; s < 2; s++) {
        int32_t x = s == 0 ? a : b;
        size_t *offs = cg_xcalloc(n + 2, sizeof *offs);
        ROUTES_EACH_EDGE(g, &ef, x, e, w, {
            (void)e;
            if (w != a && w != b && tag[w] == 3) offs[slot[w] + 2]++;
        })
        for (size_t i = 2; i < n + 2; i++) offs[i] += offs[i - 1];
        int32_t *es = cg_xmalloc((offs[n + 1] ? offs[n + 1] : 1) * sizeof *es);
        ROUTES_EACH_EDGE(g, &ef, x, e, w, {
            if (w != a && w != b && tag[w] == 3) es[offs[slot[w] + 1]++] = e;
        })
        for (size_t i = 0; i < n; i++) qsort(es + offs[i], offs[i + 1] - offs[i], sizeof *es, routes_int_cmp);
        if (s == 0) { out->ea = es; out->aoff = offs; }
        else { out->eb = es; out->boff = offs; }
    }
    free(slot);
    free(tag);
    out->nodes = touched;
    out->n = n;
    if (!out->nodes) out->nodes = cg_xmalloc(sizeof *out->nodes);
    return 0;
}
