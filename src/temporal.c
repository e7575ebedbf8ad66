/* temporal.c - time-respecting search (the clock of SPEC 9): the
 * chronological path and neighborhood (temporal.h).  The design and the
 * argument that it finds the fewest-hop path: doc/queries.md, section
 * "Chronological search".
 *
 * Both searches label states (node, hops, clock) level by level (hops),
 * keeping at each node only its Pareto front: a state at h hops is kept
 * when its clock is strictly better than that of every state kept at the
 * node with fewer hops.  A side of the search runs in its own time
 * direction: clocks are stored so that smaller is always better (forward:
 * the date; backward: the date negated), and an edge's interval is turned
 * the same way, so one step function serves both. */
#include "temporal.h"
#include "algo_core.h"

#include <stdlib.h>
#include <string.h>

/* Clocks are YYYYMMDD (negated backwards); the two ends of time lie beyond
 * every date.  A key is (clock + TP_BIAS) * 4 + p, positive: p ranks the
 * text that set the clock (0 none, 1 YYYY, 2 YYYY-MM, 3 YYYY-MM-DD) so
 * that equal clocks order by that text in date order. */
#define TP_INF   1000000000LL
#define TP_BIAS  (4 * TP_INF)
#define TP_NONE  INT64_MIN          /* no deadline: no way on */
#define TP_FAR   INT32_MAX

static inline int64_t tp_key(int64_t clock, int p) { return (clock + TP_BIAS) * 4 + p; }
static inline int64_t tp_clock(int64_t key) { return key / 4 - TP_BIAS; }

static int tp_days_in_month(int y, int m)
{
    static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

/* Edge e's date interval [*s, *e] as YYYYMMDD (true first and last days)
 * and its precision (1 year, 2 month, 3 day) into *p.  Returns 0 when the
 * edge is undated. */
static int tp_span(const cg_graph *g, int32_t e, int64_t *s, int64_t *last, int *p)
{
    const char *d = g->edges[e].date;
    if (!d) return 0;
    int32_t lo, hi;
    if (!algo_edge_span(d, &lo, &hi)) {          /* not the loader's shapes: go by the text */
        char a[11], b[11];
        cg_date_interval(d, a, b);
        lo = algo_date_int(a);
        hi = algo_date_int(b);
        *p = 3;
    } else if (d[4] == '\0') {
        hi = lo / 10000 * 10000 + 1231;
        *p = 1;
    } else if (d[7] == '\0') {
        int y = lo / 10000, m = lo / 100 % 100;
        hi = lo / 100 * 100 + tp_days_in_month(y, m);
        *p = 2;
    } else {
        *p = 3;
    }
    *s = lo;
    *last = hi;
    return 1;
}

/* One labelled state: node reached in level hops with key.  aux: the
 * path search's deadline (the latest clock from which the target is still
 * reachable in the hops left); text: the date that set the clock. */
typedef struct tp_ent {
    int64_t key, aux;
    const char *text;
    int32_t node, level;
    int32_t next;           /* the node's previous (fewer hops) state, + 1; 0 none */
} tp_ent;

/* One direction of search. */
typedef struct tp_side {
    int32_t *head;          /* per node: its latest state + 1 (0: none) */
    int64_t *best;          /* per node: that state's key (0: none), so that a
                             * hop that does not improve costs one load */
    tp_ent *pool;
    size_t npool, cap;
    size_t *lvstart;        /* level l's states are pool[lvstart[l] .. lvstart[l + 1]) */
    size_t nlv, lvcap;
    int32_t *touched;       /* the nodes with a state, in order of their first */
    size_t ntouched, tcap;
    int sign;               /* +1: time forwards; -1: backwards */
    int out, in;            /* which incidence lists it follows */
    int prec;               /* keys rank the text too (neighbors) */
    int32_t cur;            /* the last level built */
    int32_t level;          /* levels complete (TP_FAR: nothing left) */
} tp_side;

static void tp_side_init(tp_side *s, size_t nnodes, int sign, int out, int in, int prec)
{
    memset(s, 0, sizeof *s);
    s->head = cg_xcalloc(nnodes ? nnodes : 1, sizeof *s->head);
    s->best = cg_xcalloc(nnodes ? nnodes : 1, sizeof *s->best);
    s->sign = sign;
    s->out = out;
    s->in = in;
    s->prec = prec;
}

static void tp_side_destroy(tp_side *s)
{
    free(s->head);
    free(s->best);
    free(s->pool);
    free(s->lvstart);
    free(s->touched);
}

/* Adds a state of node v at the level being built (s->cur + 1). */
static size_t tp_add(tp_side *s, int32_t v, int64_t key, const char *text)
{
    CG_GROW(s->pool, s->cap, s->npool + 1);
    size_t i = s->npool++;
    tp_ent *t = &s->pool[i];
    t->key = key;
    t->aux = TP_NONE;
    t->text = text;
    t->node = v;
    t->level = s->cur + 1;
    t->next = s->head[v];
    if (!s->head[v]) {
        CG_GROW(s->touched, s->tcap, s->ntouched + 1);
        s->touched[s->ntouched++] = v;
    }
    s->head[v] = (int32_t)i + 1;
    s->best[v] = key;
    return i;
}

static void tp_side_start(tp_side *s, int32_t v, int64_t clock)
{
    s->cur = -1;
    tp_add(s, v, tp_key(clock, 0), NULL);
    s->cur = 0;
    s->level = 0;
    CG_GROW(s->lvstart, s->lvcap, 2);
    s->lvstart[0] = 0;
    s->nlv = 1;
}

/* The hop over edge e from a state with key k on side s: 1 with *nk (and
 * *moved: the edge set the clock) when the hop may be taken, else 0. */
static inline int tp_step(const cg_graph *g, const tp_side *s, int32_t e, int64_t k, int64_t *nk, int *moved)
{
    int64_t a, b;
    int p;
    *moved = 0;
    if (!tp_span(g, e, &a, &b, &p)) {
        *nk = k;
        return 1;
    }
    int64_t lo = s->sign > 0 ? a : -b, hi = s->sign > 0 ? b : -a;   /* the interval in s's time */
    int64_t c = tp_clock(k);
    if (hi < c) return 0;
    if (lo >= c) {
        *nk = tp_key(lo, s->prec ? p : 0);
        *moved = 1;
    } else {
        *nk = k;
    }
    return 1;
}

/* Builds level cur + 1 of s from level cur: every hop from a state of
 * level cur whose result beats the node's best so far.  With other (the
 * opposite side of a path search), a new or improved state that meets one
 * of other's at its node (forward clock not after backward deadline)
 * lowers *best to the length of the walk through it.  Returns 0, or -1 if
 * interrupted. */
#define TP_AHEAD 8           /* prefetch distance in a node's edges */

static int tp_expand(const cg_graph *g, const algo_ef *ef, tp_side *s, const tp_side *other,
                     int32_t *best, size_t *tick, cg_error *err)
{
    size_t begin = s->lvstart[s->cur], end = s->npool;
    CG_GROW(s->lvstart, s->lvcap, s->nlv + 1);
    s->lvstart[s->nlv++] = end;
    int32_t nl = s->cur + 1;
    for (size_t i = begin; i < end; i++) {
        int32_t v = s->pool[i].node;
        int64_t k = s->pool[i].key;
        const char *text = s->pool[i].text;
        if (algo_interrupted(tick, err)) return -1;
        for (int side = 0; side < 2; side++) {
            if (side == 0 ? !s->out : !s->in) continue;
            const int32_t *off = side == 0 ? g->out_off : g->in_off;
            const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
            for (int32_t j = off[v]; j < off[v + 1]; j++) {
                /* the edges of a node lie scattered: read some ahead */
                if (j + TP_AHEAD < off[v + 1]) __builtin_prefetch(&g->edges[lst[j + TP_AHEAD]]);
                if (j + TP_AHEAD / 2 < off[v + 1]) {
                    const cg_edge *a = &g->edges[lst[j + TP_AHEAD / 2]];
                    if (a->date) __builtin_prefetch(a->date);
                    __builtin_prefetch(&s->best[side == 0 ? a->to : a->from]);
                }
                int32_t e = lst[j];
                int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
                int64_t nk;
                int moved;
                if (!algo_pass(g, ef, e) || !tp_step(g, s, e, k, &nk, &moved)) continue;
                if (s->best[w] && s->best[w] <= nk) continue;
                int32_t h = s->head[w];
                const char *nt = moved ? g->edges[e].date : text;
                s->best[w] = nk;
                if (h && s->pool[h - 1].level == nl) {
                    s->pool[h - 1].key = nk;
                    s->pool[h - 1].text = nt;
                } else {
                    tp_add(s, w, nk, nt);
                }
                if (!other) continue;
                for (int32_t o = other->head[w]; o; o = other->pool[o - 1].next) {
                    const tp_ent *t = &other->pool[o - 1];
                    if (tp_clock(nk) + tp_clock(t->key) <= 0 && nl + t->level < *best) *best = nl + t->level;
                }
            }
        }
    }
    s->cur = nl;
    s->level = s->npool == end ? TP_FAR : nl;
    return 0;
}

/* ---- paths ---- */

/* The latest forward clock at which node w, reached at position j of a
 * path of L hops, can still get to the target in the L - j hops left (the
 * backward side's front when it covers that many hops, else the deadline
 * tp_deadlines stored in w's forward state of level j); TP_NONE when it
 * cannot. */
static int64_t tp_deadline(const tp_side *fw, const tp_side *bw, int32_t w, int32_t j, int32_t L)
{
    int32_t r = L - j;
    if (r <= bw->level) {
        int64_t dl = TP_NONE;
        for (int32_t o = bw->head[w]; o; o = bw->pool[o - 1].next) {
            const tp_ent *t = &bw->pool[o - 1];
            if (t->level <= r && -tp_clock(t->key) > dl) dl = -tp_clock(t->key);
        }
        return dl;
    }
    for (int32_t o = fw->head[w]; o; o = fw->pool[o - 1].next) {
        const tp_ent *t = &fw->pool[o - 1];
        if (t->level == j) return t->aux;
        if (t->level < j) break;
    }
    return TP_NONE;
}

/* The deadlines of the forward states at the positions the backward side
 * does not cover (levels L - bw.level - 1 down to 1), from the positions
 * after them.  Only forward states can lie on a fewest-hop path there
 * (doc/queries.md).  Returns 0, or -1 if interrupted. */
static int tp_deadlines(const cg_graph *g, const algo_ef *ef, tp_side *fw, const tp_side *bw, int32_t L,
                        size_t *tick, cg_error *err)
{
    int32_t top = bw->level >= L ? 0 : L - bw->level - 1;
    for (int32_t j = top; j >= 1; j--) {
        size_t begin = fw->lvstart[j], end = (size_t)j + 1 < fw->nlv ? fw->lvstart[j + 1] : fw->npool;
        for (size_t i = begin; i < end; i++) {
            int32_t x = fw->pool[i].node;
            int64_t dl = TP_NONE;
            if (algo_interrupted(tick, err)) return -1;
            for (int side = 0; side < 2; side++) {
                if (side == 0 ? !fw->out : !fw->in) continue;
                const int32_t *off = side == 0 ? g->out_off : g->in_off;
                const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
                for (int32_t k = off[x]; k < off[x + 1]; k++) {
                    int32_t e = lst[k];
                    int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
                    if (!algo_pass(g, ef, e)) continue;
                    int64_t dw = tp_deadline(fw, bw, w, j + 1, L);
                    if (dw == TP_NONE) continue;
                    int64_t a, b;
                    int p;
                    if (tp_span(g, e, &a, &b, &p)) {
                        if (a > dw) continue;
                        if (b < dw) dw = b;
                    }
                    if (dw > dl) dl = dw;
                }
            }
            fw->pool[i].aux = dl;
        }
    }
    return 0;
}

/* A next step of a path: the node, the edge to it, the clock after. */
typedef struct tp_next {
    int32_t w, e;
    int64_t clock;
} tp_next;

static const cg_graph *tp_sort_graph;

static int tp_next_cmp(const void *a, const void *b)
{
    const tp_next *x = a, *y = b;
    int32_t rx = tp_sort_graph->id_rank[x->w], ry = tp_sort_graph->id_rank[y->w];
    return (rx > ry) - (rx < ry);
}

/* 1 if hop edge a (leaving clock ca) is preferred to b (cb): the earlier
 * clock, then type, then file order. */
static int tp_edge_better(const cg_graph *g, int32_t a, int64_t ca, int32_t b, int64_t cb)
{
    if (ca != cb) return ca < cb;
    int c = strcmp(g->edges[a].type, g->edges[b].type);
    if (c) return c < 0;
    return a < b;
}

/* The steps from u (at position j, clock c) that still lead to the target
 * within the hops left, one per node (its preferred edge), in id order,
 * into a malloc'd array.  slot: nnodes int32s of 0, left so. */
static tp_next *tp_next_steps(const cg_graph *g, const algo_ef *ef, const tp_side *fw, const tp_side *bw,
                              int32_t u, int64_t c, int32_t j, int32_t L, int32_t *slot, size_t *n)
{
    tp_next *out = NULL;
    size_t cnt = 0, cap = 0;
    int64_t k = tp_key(c, 0);
    for (int side = 0; side < 2; side++) {
        if (side == 0 ? !fw->out : !fw->in) continue;
        const int32_t *off = side == 0 ? g->out_off : g->in_off;
        const int32_t *lst = side == 0 ? g->out_edges : g->in_edges;
        for (int32_t i = off[u]; i < off[u + 1]; i++) {
            int32_t e = lst[i];
            int32_t w = side == 0 ? g->edges[e].to : g->edges[e].from;
            int64_t nk;
            int moved;
            if (!algo_pass(g, ef, e) || !tp_step(g, fw, e, k, &nk, &moved)) continue;
            int64_t nc = tp_clock(nk);
            if (slot[w]) {
                tp_next *t = &out[slot[w] - 1];
                if (tp_edge_better(g, e, nc, t->e, t->clock)) { t->e = e; t->clock = nc; }
                continue;
            }
            if (nc > tp_deadline(fw, bw, w, j + 1, L)) continue;
            CG_GROW(out, cap, cnt + 1);
            out[cnt].w = w;
            out[cnt].e = e;
            out[cnt].clock = nc;
            slot[w] = (int32_t)++cnt;
        }
    }
    for (size_t i = 0; i < cnt; i++) slot[out[i].w] = 0;
    tp_sort_graph = g;
    if (cnt > 1) qsort(out, cnt, sizeof *out, tp_next_cmp);
    *n = cnt;
    return out;
}

/* The start of the forward clock: since's first day, or the beginning. */
static int64_t tp_since(const cg_filter *f)
{
    if (!f->since) return -TP_INF;
    char lo[11], hi[11];
    cg_date_interval(f->since, lo, hi);
    return algo_date_int(lo);
}

int cg_temporal_path(const cg_graph *g, const cg_filter *f, int32_t src, int32_t dst,
                     int all, size_t max, cg_paths *out, cg_error *err)
{
    memset(out, 0, sizeof *out);
    if (src == dst) {
        cg_paths_add(out, &src, NULL, 0);
        return 1;
    }
    size_t n = g->nnodes, tick = 0;
    algo_ef ef;
    algo_ef_init(&ef, f);
    tp_side fw, bw;
    tp_side_init(&fw, n, +1, 1, !f->directed, 0);
    tp_side_init(&bw, n, -1, !f->directed, 1, 0);
    int64_t c0 = tp_since(f);
    tp_side_start(&fw, src, c0);
    tp_side_start(&bw, dst, -TP_INF);
    int32_t best = TP_FAR;
    int rc = 0;
    int32_t *slot = NULL, *nodes = NULL, *edges = NULL;
    tp_next **cand = NULL;
    size_t *ncand = NULL, *idx = NULL;
    /* a fewest-hop path of L <= fw.level + bw.level hops meets at a node
     * both sides have labelled, so best is exact once it is that small */
    while (best == TP_FAR || (int64_t)fw.level + bw.level < best) {
        if (fw.level == TP_FAR || bw.level == TP_FAR) {
            if (best == TP_FAR) goto out;     /* one side ran out: no path */
            break;
        }
        size_t nf = fw.npool - fw.lvstart[fw.cur], nb = bw.npool - bw.lvstart[bw.cur];
        int fwd = nf <= nb;
        if (tp_expand(g, &ef, fwd ? &fw : &bw, fwd ? &bw : &fw, &best, &tick, err) < 0) { rc = -1; goto out; }
    }
    int32_t L = best;
    if (tp_deadlines(g, &ef, &fw, &bw, L, &tick, err) < 0) { rc = -1; goto out; }
    /* depth first, the steps in id order: each step still reaches the
     * target, so the first path is the smallest and none is a dead end */
    slot = cg_xcalloc(n, sizeof *slot);
    nodes = cg_xmalloc(((size_t)L + 1) * sizeof *nodes);
    edges = cg_xmalloc((size_t)L * sizeof *edges);
    cand = cg_xcalloc((size_t)L + 1, sizeof *cand);
    ncand = cg_xcalloc((size_t)L + 1, sizeof *ncand);
    idx = cg_xcalloc((size_t)L + 1, sizeof *idx);
    if (!all) max = 1;
    nodes[0] = src;
    cand[0] = tp_next_steps(g, &ef, &fw, &bw, src, c0, 0, L, slot, &ncand[0]);
    int32_t level = 0;
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
        const tp_next *t = &cand[level][idx[level]];
        nodes[level + 1] = t->w;
        edges[level] = t->e;
        if (level + 1 == L) {
            if (out->count >= max) { out->truncated = all; break; }
            cg_paths_add(out, nodes, edges, (size_t)L);
            idx[level]++;
            continue;
        }
        int64_t c = t->clock;
        level++;
        cand[level] = tp_next_steps(g, &ef, &fw, &bw, nodes[level], c, level, L, slot, &ncand[level]);
        idx[level] = 0;
    }
    if (rc < 0) { cg_paths_destroy(out); }
    else if (out->count == 0) {           /* cannot happen: the labels say a path exists */
        cg_error_set(err, 0, "internal error: chronological path of %d hops not rebuilt", L);
        rc = -1;
    }
out:
    if (cand)
        for (int32_t i = 0; i <= best && best != TP_FAR; i++) free(cand[i]);
    free(cand);
    free(ncand);
    free(idx);
    free(nodes);
    free(edges);
    free(slot);
    tp_side_destroy(&fw);
    tp_side_destroy(&bw);
    return rc;
}

/* ---- single steps, for other searches ---- */

int64_t cg_temporal_start(const cg_filter *f)
{
    return tp_since(f);
}

int cg_temporal_hop(const cg_graph *g, int32_t e, int64_t clock, int64_t *next)
{
    tp_side fwd;
    memset(&fwd, 0, sizeof fwd);
    fwd.sign = +1;
    int64_t nk;
    int moved;
    if (!tp_step(g, &fwd, e, tp_key(clock, 0), &nk, &moved)) return 0;
    *next = tp_clock(nk);
    return 1;
}

int cg_temporal_edge_better(const cg_graph *g, int32_t a, int64_t ca, int32_t b, int64_t cb)
{
    return tp_edge_better(g, a, ca, b, cb);
}

/* ---- neighborhoods ---- */

static const int32_t *tp_sort_dist;

static int tp_dist_rank_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    if (tp_sort_dist[x] != tp_sort_dist[y]) return tp_sort_dist[x] < tp_sort_dist[y] ? -1 : 1;
    int32_t rx = tp_sort_graph->id_rank[x], ry = tp_sort_graph->id_rank[y];
    return (rx > ry) - (rx < ry);
}

int cg_temporal_neighbors(const cg_graph *g, const cg_filter *f, int32_t start, long depth, cg_dir dir,
                          int32_t **nodes, int32_t **dists, const char ***when, size_t *n, cg_error *err)
{
    size_t nv = g->nnodes, tick = 0;
    algo_ef ef;
    algo_ef_init(&ef, f);
    tp_side s;
    int back = dir == CG_DIR_IN;
    tp_side_init(&s, nv, back ? -1 : +1, dir != CG_DIR_IN, dir != CG_DIR_OUT, 1);
    int64_t c0 = -TP_INF;
    if (back && f->until) {
        char lo[11], hi[11];
        cg_date_interval(f->until, lo, hi);
        c0 = -(int64_t)algo_date_int(hi);
    } else if (!back) {
        c0 = tp_since(f);
    }
    tp_side_start(&s, start, c0);
    int32_t best = TP_FAR;
    while (s.cur < depth && s.level != TP_FAR)
        if (tp_expand(g, &ef, &s, NULL, &best, &tick, err) < 0) {
            tp_side_destroy(&s);
            return -1;
        }
    /* the start has the best key there is: it never gets a second state */
    size_t cnt = s.ntouched - 1;
    int32_t *order = cg_xmalloc((cnt ? cnt : 1) * sizeof *order);
    memcpy(order, s.touched + 1, cnt * sizeof *order);
    int32_t *first = cg_xmalloc((nv ? nv : 1) * sizeof *first);
    for (size_t i = 0; i < cnt; i++) {
        int32_t v = order[i], o = s.head[v], lv = 0;
        for (; o; o = s.pool[o - 1].next) lv = s.pool[o - 1].level;
        first[v] = lv;
    }
    tp_sort_graph = g;
    tp_sort_dist = first;
    qsort(order, cnt, sizeof *order, tp_dist_rank_cmp);
    int32_t *d = cg_xmalloc((cnt ? cnt : 1) * sizeof *d);
    const char **w = cg_xmalloc((cnt ? cnt : 1) * sizeof *w);
    for (size_t i = 0; i < cnt; i++) {
        d[i] = first[order[i]];
        w[i] = s.pool[s.head[order[i]] - 1].text;
    }
    free(first);
    tp_side_destroy(&s);
    *nodes = order;
    *dists = d;
    *when = w;
    *n = cnt;
    return 0;
}
