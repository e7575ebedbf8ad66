/* cypher_plan.c - the order in which a bound match query is enumerated
 * (doc/match.md §5): start from the most selective element (an id or name
 * equality, a kind with few nodes, a type with few edges), then expand
 * greedily along the edge pattern with the smallest estimated fan-out from
 * what is bound, and attach each condition to the first step after which
 * all of its variables are bound.  The plan depends only on the query text
 * and the graph's counts, so the row order does too. */
#include "cypher_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pl {
    cg_cypher *c;
    const cg_cypher_index *ix;
    unsigned char *bound;      /* per slot */
    unsigned char **planned;   /* per pattern, per rel */
    unsigned char *placed;     /* per condition */
} pl;

/* the node slot a condition on one variable reads, its property code and literal */
static int cond_prop_lit(const cx_expr *e, int *slot, int *prop, const cx_expr **lit)
{
    if (e->op != CX_EQ && e->op != CX_IN) return 0;
    const cx_expr *p = e->u.bin.a, *l = e->u.bin.b;
    if (e->op == CX_EQ && p->op != CX_PROP) { p = e->u.bin.b; l = e->u.bin.a; }
    if (p->op != CX_PROP || p->u.prop.obj->op != CX_VAR || p->u.prop.obj->type != CX_T_NODE) return 0;
    if (e->op == CX_EQ && l->op != CX_LIT) return 0;
    if (e->op == CX_IN) {
        if (l->op != CX_LIST) return 0;
        for (size_t i = 0; i < l->u.list.n; i++)
            if (l->u.list.items[i]->op != CX_LIT) return 0;
    }
    *slot = p->u.prop.obj->u.var.slot;
    *prop = p->aux;
    *lit = l;
    return e->op == CX_EQ ? 1 : 2;
}

static size_t name_count(const cg_cypher_index *ix, const char *name)
{
    size_t h = cg_hash(name, strlen(name)) & (ix->name_size - 1), n = 0;
    for (int32_t v = ix->name_head[h]; v >= 0; v = ix->name_next[v])
        if (strcmp(ix->g->nodes[v].name, name) == 0) n++;
    return n;
}

/* The best scan for node slot s: fills st (op, cand, name) and returns its estimate. */
static double node_estimate(pl *P, int s, cx_step *st)
{
    cg_cypher *c = P->c;
    const cg_cypher_index *ix = P->ix;
    const cg_graph *g = c->g;
    double best = (double)g->nnodes, filt = 1;
    memset(st, 0, sizeof *st);
    st->op = PS_SCAN_ALL;
    st->node = s;
    int have_ids = 0;
    const cx_expr *kind_cond = NULL;
    for (size_t i = 0; i < c->nconds; i++) {
        const cx_expr *e = c->conds[i];
        int slot, prop;
        const cx_expr *l;
        if (e->op == CX_LABELS_TEST && !e->aux && e->u.labels.obj->op == CX_VAR && e->u.labels.obj->u.var.slot == s) {
            const uint16_t *ids = e->ptr;
            double n = 0;
            for (size_t k = 0; k < e->u.labels.n; k++) n += ix->kind_off[ids[k] + 1] - ix->kind_off[ids[k]];
            if (!have_ids && n < best && st->op != PS_SCAN_NAME) {
                best = n;
                st->op = PS_SCAN_KINDS;
                kind_cond = e;
            }
            continue;
        }
        int r = cond_prop_lit(e, &slot, &prop, &l);
        if (!r || slot != s) continue;
        if (prop == CX_P_ID) {
            size_t n = r == 1 ? 1 : l->u.list.n;
            int32_t *cand = cg_arena_alloc(&c->arena, (n ? n : 1) * sizeof *cand);
            size_t k = 0;
            for (size_t j = 0; j < n; j++) {
                const cx_expr *x = r == 1 ? l : l->u.list.items[j];
                if (x->u.lit.t != CV_STRING || !x->u.lit.interned) continue;
                int32_t v = cg_graph_find_node(g, x->u.lit.u.s);
                if (v < 0) continue;
                int dup = 0;
                for (size_t q = 0; q < k; q++) dup |= cand[q] == v;
                if (!dup) cand[k++] = v;
            }
            if (!have_ids || (double)k < best) {
                have_ids = 1;
                best = (double)k;
                st->op = PS_SCAN_IDS;
                st->cand = cand;
                st->ncand = k;
            }
        } else if (prop == CX_P_NAME && r == 1 && !have_ids) {
            if (l->u.lit.t != CV_STRING) continue;   /* a name is text: = 5 is never true, scanned as it comes */
            double n = (double)name_count(ix, l->u.lit.u.s);
            if (n < best) { best = n; st->op = PS_SCAN_NAME; st->name = l->u.lit.u.s; }
        } else {
            filt = 10;
        }
    }
    if (st->op == PS_SCAN_KINDS) {
        const cx_expr *e = kind_cond;
        const uint16_t *ids = e->ptr;
        int32_t *cand = cg_arena_alloc(&c->arena, e->u.labels.n * sizeof *cand);
        size_t k = 0;
        for (size_t j = 0; j < e->u.labels.n; j++) {
            int dup = 0;
            for (size_t q = 0; q < k; q++) dup |= cand[q] == ids[j];
            if (!dup) cand[k++] = ids[j];
        }
        st->cand = cand;
        st->ncand = k;
    }
    st->est = best / filt;
    return st->est;
}

static double type_count(const cg_cypher_index *ix, const cx_brel *br)
{
    if (br->any_type) return (double)ix->g->nedges;
    double n = 0;
    for (size_t k = 0; k < br->ntids; k++) n += ix->type_off[br->tids[k] + 1] - ix->type_off[br->tids[k]];
    return n;
}

static void add_step(pl *P, const cx_step *st)
{
    cg_cypher *c = P->c;
    cx_step *a = cg_arena_alloc(&c->arena, (c->nsteps + 1) * sizeof *a);
    if (c->nsteps) memcpy(a, c->steps, c->nsteps * sizeof *a);
    a[c->nsteps++] = *st;
    c->steps = a;
}

/* attaches to the last step every condition whose variables are now bound */
static void place_conds(pl *P)
{
    cg_cypher *c = P->c;
    cx_step *st = &c->steps[c->nsteps - 1];
    unsigned char *set = cg_xcalloc(c->nslots ? c->nslots : 1, 1);
    for (size_t i = 0; i < c->nconds; i++) {
        if (P->placed[i]) continue;
        memset(set, 0, c->nslots);
        cx_expr_slots(c, c->conds[i], set);
        int ok = 1;
        for (size_t s = 0; s < c->nslots && ok; s++)
            if (set[s] && !P->bound[s]) ok = 0;
        if (!ok) continue;
        P->placed[i] = 1;
        cx_expr **a = cg_arena_alloc(&c->arena, (st->nconds + 1) * sizeof *a);
        if (st->nconds) memcpy(a, st->conds, st->nconds * sizeof *a);
        a[st->nconds++] = c->conds[i];
        st->conds = a;
    }
    free(set);
}

int cx_plan(cg_cypher *c, const cg_cypher_index *ix, cg_error *err)
{
    (void)err;
    pl P = { .c = c, .ix = ix };
    const cx_query *q = &c->q;
    const cg_graph *g = c->g;
    P.bound = cg_xcalloc(c->nslots ? c->nslots : 1, 1);
    P.placed = cg_xcalloc(c->nconds ? c->nconds : 1, 1);
    P.planned = cg_xcalloc(q->npats, sizeof *P.planned);
    for (size_t p = 0; p < q->npats; p++) P.planned[p] = cg_xcalloc(q->pats[p].nrels + 1, 1);
    for (size_t s = 0; s < c->nslots; s++)
        if (c->slots[s].kind == SL_PATH) P.bound[s] = 1;   /* made from its elements */
    /* conditions with no variable run once, before anything */
    unsigned char *set = cg_xcalloc(c->nslots ? c->nslots : 1, 1);
    for (size_t i = 0; i < c->nconds; i++) {
        memset(set, 0, c->nslots ? c->nslots : 1);
        cx_expr_slots(c, c->conds[i], set);
        int any = 0;
        for (size_t s = 0; s < c->nslots; s++) any |= set[s] && c->slots[s].kind != SL_PATH;
        if (any) continue;
        P.placed[i] = 1;
        cx_expr **a = cg_arena_alloc(&c->arena, (c->nonce + 1) * sizeof *a);
        if (c->nonce) memcpy(a, c->once, c->nonce * sizeof *a);
        a[c->nonce++] = c->conds[i];
        c->once = a;
    }
    free(set);
    double N = g->nnodes ? (double)g->nnodes : 1;
    for (;;) {
        /* an expansion from what is bound */
        int bp = -1, bi = -1, from_right = 0;
        double bcost = 0;
        for (size_t p = 0; p < q->npats; p++)
            for (size_t i = 0; i < q->pats[p].nrels; i++) {
                if (P.planned[p][i]) continue;
                const cx_brel *br = &c->brels[p][i];
                const cx_rel *r = &q->pats[p].rels[i];
                int lb = P.bound[br->left], rb = P.bound[br->right];
                if (!lb && !rb) continue;
                double fan = type_count(ix, br) / N * (r->dir == CX_DIR_ANY ? 2 : 1), cost;
                if (r->varlen) {
                    cost = 0;
                    double pw = 1;
                    for (int k = 1; k <= r->hi; k++) { pw *= fan; if (k >= r->lo) cost += pw; }
                    if (r->lo == 0) cost += 1;
                    if (lb && rb) cost /= 2;
                } else {
                    cost = lb && rb ? 0 : fan;
                }
                if (bp < 0 || cost < bcost) { bp = (int)p; bi = (int)i; bcost = cost; from_right = !lb; }
            }
        if (bp >= 0) {
            const cx_brel *br = &c->brels[bp][bi];
            const cx_rel *r = &q->pats[bp].rels[bi];
            cx_step st = { .op = r->varlen ? PS_VAREXPAND : PS_EXPAND, .rel_pat = bp, .rel_idx = bi,
                           .reversed = from_right, .est = bcost };
            st.near = from_right ? br->right : br->left;
            st.node = from_right ? br->left : br->right;
            st.far_bound = P.bound[st.node];
            P.planned[bp][bi] = 1;
            P.bound[st.node] = 1;
            P.bound[br->edge] = 1;
            add_step(&P, &st);
            place_conds(&P);
            continue;
        }
        /* a new start: the cheapest unbound node or edge pattern, in text order */
        cx_step best = { 0 }, cand;
        int have = 0;
        for (size_t p = 0; p < q->npats; p++) {
            const cx_pattern *pat = &q->pats[p];
            for (size_t i = 0; i <= pat->nrels; i++) {
                int s = c->nslot[p][i];
                if (!P.bound[s]) {
                    double e = node_estimate(&P, s, &cand);
                    if (!have || e < best.est) { best = cand; have = 1; }
                }
                if (i == pat->nrels) break;
                const cx_brel *br = &c->brels[p][i];
                const cx_rel *r = &pat->rels[i];
                if (P.planned[p][i] || r->varlen || P.bound[br->left] || P.bound[br->right]) continue;
                double e = type_count(ix, br) * (r->dir == CX_DIR_ANY ? 2 : 1);
                if (!have || e < best.est) {
                    best = (cx_step){ .op = PS_SCAN_TYPES, .rel_pat = (int)p, .rel_idx = (int)i, .est = e };
                    have = 1;
                }
            }
        }
        if (!have) break;
        if (best.op == PS_SCAN_TYPES) {
            const cx_brel *br = &c->brels[best.rel_pat][best.rel_idx];
            P.planned[best.rel_pat][best.rel_idx] = 1;
            P.bound[br->left] = P.bound[br->right] = P.bound[br->edge] = 1;
            best.node = br->left;
            best.near = br->right;
        } else {
            P.bound[best.node] = 1;
        }
        add_step(&P, &best);
        place_conds(&P);
    }
    for (size_t p = 0; p < q->npats; p++) free(P.planned[p]);
    free(P.planned);
    free(P.bound);
    free(P.placed);
    return 0;
}

static void slot_name(const cg_cypher *c, int s, cg_buf *b)
{
    if (c->slots[s].name) cg_buf_puts(b, c->slots[s].name);
    else cg_buf_printf(b, "_%d", s);
}

void cg_cypher_plan_describe(const cg_cypher *c, cg_buf *b)
{
    static const char *const ops[] = { "scan ids", "scan name", "scan kinds", "scan all", "scan types", "expand", "expand*" };
    for (size_t i = 0; i < c->nsteps; i++) {
        const cx_step *st = &c->steps[i];
        cg_buf_printf(b, "%s ", ops[st->op]);
        if (st->op == PS_EXPAND || st->op == PS_VAREXPAND) {
            const cx_rel *r = &c->q.pats[st->rel_pat].rels[st->rel_idx];
            const cx_brel *br = &c->brels[st->rel_pat][st->rel_idx];
            /* the arrow as walked from the bound node */
            int fwd = r->dir != CX_DIR_ANY && (r->dir == CX_DIR_OUT) != !!st->reversed;
            int back = r->dir != CX_DIR_ANY && !fwd;
            slot_name(c, st->near, b);
            cg_buf_puts(b, back ? " <-" : " -");
            slot_name(c, br->edge, b);
            for (size_t k = 0; k < r->ntypes; k++) cg_buf_printf(b, "%c%s", k ? '|' : ':', r->types[k]);
            cg_buf_puts(b, fwd ? "-> " : "- ");
            slot_name(c, st->node, b);
            if (st->far_bound) cg_buf_puts(b, " (check)");
        } else if (st->op == PS_SCAN_TYPES) {
            const cx_brel *br = &c->brels[st->rel_pat][st->rel_idx];
            slot_name(c, br->left, b);
            cg_buf_puts(b, " -");
            slot_name(c, br->edge, b);
            cg_buf_puts(b, "- ");
            slot_name(c, br->right, b);
        } else {
            slot_name(c, st->node, b);
            if (st->op == PS_SCAN_IDS || st->op == PS_SCAN_KINDS) cg_buf_printf(b, " [%zu]", st->ncand);
        }
        if (st->nconds) cg_buf_printf(b, "; %zu condition%s", st->nconds, cg_s(st->nconds));
        cg_buf_putc(b, '\n');
    }
}

int cg_cypher_prepare(cg_cypher *c, const cg_graph *g, const cg_cypher_index *ix,
                      cg_cypher_note_fn note, void *ctx, cg_error *err)
{
    c->ix = ix;
    if (cx_bind(c, g, note, ctx, err) < 0) return -1;
    return cx_plan(c, ix, err);
}
