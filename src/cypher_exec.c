/* cypher_exec.c - runs a planned match query (doc/match.md §6): a
 * depth-first backtracking matcher over the plan's steps, with one bitmap
 * of used edges for openCypher's relationship uniqueness (variable-length
 * segments are trails), streaming each binding into the projection and then
 * into one sink: plain rows (stopping at `limit`), distinct rows, groups
 * with their aggregates, or rows to sort.  Everything the query holds counts
 * against one bound (1,000,000 by default). */
#include "cypher_int.h"

#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#define CX_HELD_DEFAULT 1000000

/* a set of values under equivalence: open addressing over an array kept
 * in insertion order */
typedef struct vset {
    cg_cval *vals; size_t n, cap;
    uint32_t *tab; size_t tabsz;     /* index + 1; 0 empty */
    uint64_t *hash;
} vset;

typedef struct aggst {
    int64_t count;
    int64_t isum; long double fsum; int is_float, any;
    cg_cval best;                    /* min / max */
    cg_cval *items; size_t nitems, capitems;   /* collect */
    vset seen;                       /* distinct */
} aggst;

typedef struct hrow {
    cg_cval *vals;                   /* ncols */
    cg_cval *keys;                   /* norder sort keys */
    uint64_t seq;
    int32_t *fp; uint32_t nfp, capfp;   /* footprint: node 2v, edge 2e+1 */
    aggst *aggs;                     /* aggregating: one per aggregate */
} hrow;

typedef struct ex {
    cg_cypher *c;
    const cg_graph *g;
    const cg_cypher_index *ix;
    const cg_cypher_exec_opts *o;
    cg_error *err;
    int32_t *sv;                     /* node and edge slots: the bound index */
    uint32_t *elen;                  /* SL_EDGES: trail length */
    unsigned char *erev;             /* SL_EDGES: walked against the pattern */
    int32_t *estack;
    uint64_t *used;                  /* edges bound now */
    unsigned char *inrange;          /* since/until: per edge, or NULL */
    cg_arena scratch;                /* one binding's values */
    cg_arena *keep;                  /* the result's arena */
    uint64_t steps, seq;
    size_t held, max_held;
    int stop;                        /* 1: enough rows; -1: failed */
    /* the sink */
    hrow *rows; size_t nrows, caprows;
    vset keyset;                     /* distinct rows / group keys (as lists) */
    size_t skipped;
    const aggst *fin;                /* finishing a group: its aggregates */
    const cg_cval *finrow;           /* ... and its keys */
    size_t ncols;
    int *is_key;
    size_t nkeys;
    size_t replaced;                 /* top rows replaced since the last compaction */
    struct gcache { uint64_t word; size_t group; } gcache[256];   /* emit's single-key groups */
} ex;

static int ex_fail(ex *x, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int ex_fail(ex *x, int col, const char *fmt, ...)
{
    if (x->stop < 0) return -1;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cg_error_set(x->err, col, "%s", msg);
    x->stop = -1;
    return -1;
}

static int held_one(ex *x, const char *what, int col)
{
    if (++x->held <= x->max_held) return 0;
    char n[32];
    size_t m = x->max_held, len = 0;
    char digits[32];
    int nd = snprintf(digits, sizeof digits, "%zu", m);
    for (int i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0) n[len++] = ',';
        n[len++] = digits[i];
    }
    n[len] = 0;
    return ex_fail(x, col, "more than %s rows %s; add a filter or a limit", n, what);
}

/* ---- value sets ---- */

static void vset_destroy(vset *s) { free(s->vals); free(s->tab); free(s->hash); memset(s, 0, sizeof *s); }

/* index of v in s, adding a copy (into a) when absent (*added set) */
/* v and w equivalent, with the common case (the same interned string or
 * node, item by item, as group keys mostly are) decided inline */
static int tuple_equiv(const cg_cval *v, const cg_cval *w)
{
    if (v->t != CV_LIST || w->t != CV_LIST) return cx_val_equiv(v, w);
    if (v->n != w->n) return 0;
    for (uint32_t i = 0; i < v->n; i++) {
        const cg_cval *a = &v->u.items[i], *b = &w->u.items[i];
        if (a->t == b->t && ((a->t == CV_STRING && a->u.s == b->u.s) ||
                             ((a->t == CV_NODE || a->t == CV_EDGE) && a->u.id == b->u.id))) continue;
        if (!cx_val_equiv(a, b)) return 0;
    }
    return 1;
}

static size_t vset_add(vset *s, const cg_graph *g, cg_arena *a, const cg_cval *v, int *added)
{
    uint64_t h = cx_val_hash(g, v);
    if (s->tabsz) {
        size_t m = s->tabsz - 1, i = (size_t)h & m;
        for (; s->tab[i]; i = (i + 1) & m) {
            size_t k = s->tab[i] - 1;
            if (s->hash[k] == h && tuple_equiv(&s->vals[k], v)) { *added = 0; return k; }
        }
    }
    if ((s->n + 1) * 2 > s->tabsz) {
        size_t sz = s->tabsz ? s->tabsz * 2 : 16;
        uint32_t *tab = cg_xcalloc(sz, sizeof *tab);
        for (size_t k = 0; k < s->n; k++) {
            size_t i = (size_t)s->hash[k] & (sz - 1);
            while (tab[i]) i = (i + 1) & (sz - 1);
            tab[i] = (uint32_t)(k + 1);
        }
        free(s->tab);
        s->tab = tab;
        s->tabsz = sz;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap;
        cg_grow((void **)&s->vals, &cap, s->n + 1, sizeof *s->vals);
        size_t cap2 = s->cap;
        cg_grow((void **)&s->hash, &cap2, s->n + 1, sizeof *s->hash);
        s->cap = cap < cap2 ? cap : cap2;
    }
    cx_val_copy(a, v, &s->vals[s->n]);
    s->hash[s->n] = h;
    size_t i = (size_t)h & (s->tabsz - 1);
    while (s->tab[i]) i = (i + 1) & (s->tabsz - 1);
    s->tab[i] = (uint32_t)(s->n + 1);
    *added = 1;
    return s->n++;
}

/* ---- evaluation ---- */

static int eval(ex *x, const cx_expr *e, const cg_cval *row, cg_cval *out);

static void set_null(cg_cval *v) { memset(v, 0, sizeof *v); }
static void set_bool(cg_cval *v, int b) { memset(v, 0, sizeof *v); v->t = CV_BOOL; v->u.b = b; }
/* Kleene: 1 true, 0 false, -1 null */
static void set_tri(cg_cval *v, int t) { if (t < 0) set_null(v); else set_bool(v, t); }
static int tri(const cg_cval *v) { return v->t == CV_BOOL ? !!v->u.b : -1; }

/* the edges of SL_EDGES slot s in the pattern's order */
static void edge_list(ex *x, int s, const int32_t **edges, uint32_t *n, int32_t *buf)
{
    const cx_slot *sl = &x->c->slots[s];
    uint32_t len = x->elen[s];
    const int32_t *st = x->estack + sl->stack_off;
    if (!x->erev[s]) { *edges = st; *n = len; return; }
    for (uint32_t i = 0; i < len; i++) buf[i] = st[len - 1 - i];
    *edges = buf;
    *n = len;
}

static void make_path(ex *x, int s, cg_cval *out)
{
    const cx_slot *sl = &x->c->slots[s];
    const cx_pattern *p = &x->c->q.pats[sl->pat];
    uint32_t n = 0;
    for (size_t i = 0; i < p->nrels; i++) {
        const cx_brel *br = &x->c->brels[sl->pat][i];
        n += p->rels[i].varlen ? x->elen[br->edge] : 1;
    }
    int32_t *nodes = cg_arena_alloc(&x->scratch, (n + 1) * sizeof *nodes);
    int32_t *edges = cg_arena_alloc(&x->scratch, (n + 1) * sizeof *edges);
    int32_t buf[CX_VARLEN_MAX];
    uint32_t k = 0;
    nodes[0] = x->sv[x->c->nslot[sl->pat][0]];
    for (size_t i = 0; i < p->nrels; i++) {
        const cx_brel *br = &x->c->brels[sl->pat][i];
        if (!p->rels[i].varlen) {
            edges[k] = x->sv[br->edge];
            nodes[k + 1] = x->sv[br->right];
            k++;
            continue;
        }
        const int32_t *el;
        uint32_t len;
        edge_list(x, br->edge, &el, &len, buf);
        for (uint32_t j = 0; j < len; j++) {
            const cg_edge *ed = &x->g->edges[el[j]];
            edges[k] = el[j];
            nodes[k + 1] = ed->from == nodes[k] ? ed->to : ed->from;
            k++;
        }
    }
    cx_path *path = cg_arena_alloc(&x->scratch, sizeof *path);
    path->nhops = n;
    path->nodes = nodes;
    path->edges = edges;
    memset(out, 0, sizeof *out);
    out->t = CV_PATH;
    out->u.path = path;
}

static cg_cval *new_list(ex *x, cg_cval *out, size_t n)
{
    memset(out, 0, sizeof *out);
    out->t = CV_LIST;
    out->n = (uint32_t)n;
    cg_cval *items = cg_arena_alloc(&x->scratch, (n ? n : 1) * sizeof *items);
    out->u.items = items;
    return items;
}

/* An attribute's value when its key's type is t (bind's static type of
 * the property): a key is typed only when every value of it is a plain
 * scalar of that type (cg_keyinfo), so no value needs classifying. */
static void attr_val(cx_type t, const char *text, cg_cval *v)
{
    memset(v, 0, sizeof *v);
    if (!text) return;
    switch (t) {
    case CX_T_INT: v->t = CV_INT; v->u.i = strtoll(text, NULL, 10); break;
    case CX_T_FLOAT: v->t = CV_FLOAT; v->u.f = strtod(text, NULL); break;
    case CX_T_BOOL: v->t = CV_BOOL; v->u.b = text[0] == 't' || text[0] == 'T'; break;
    default: cx_val_str(v, text, 1); break;
    }
}

static void eval_prop(ex *x, const cx_expr *e, const cg_cval *obj, cg_cval *out)
{
    const cg_graph *g = x->g;
    set_null(out);
    if (obj->t == CV_NODE) {
        const cg_node *n = &g->nodes[obj->u.id];   /* read only by the arms that need it */
        switch (e->aux) {
        case CX_P_KIND: cx_val_str(out, x->ix->kind_name[x->ix->kind_of[obj->u.id]], 1); return;   /* from the index */
        case CX_P_ID: cx_val_str(out, n->id, 1); return;
        case CX_P_NAME: cx_val_str(out, n->name, n->name == n->id); return;   /* names are copies, not interned */
        case CX_P_ALIASES: {
            cg_cval *it = new_list(x, out, n->naliases);
            for (uint32_t i = 0; i < n->naliases; i++) cx_val_str(&it[i], n->aliases[i], 1);
            return;
        }
        default:   /* CX_P_ATTR: the index's column of the key */
            attr_val(e->type, e->column[obj->u.id], out);
            return;
        }
    }
    if (obj->t == CV_EDGE) {
        const cg_edge *d = &g->edges[obj->u.id];
        switch (e->aux) {
        case CX_P_TYPE: cx_val_str(out, d->type, 1); return;
        case CX_P_DATE: if (d->date) cx_val_str(out, d->date, 1); return;
        case CX_P_SOURCE: {
            cg_cval *it = new_list(x, out, d->nsources);
            for (uint32_t i = 0; i < d->nsources; i++) cx_val_str(&it[i], g->sources[cg_edge_sources(d)[i]].id, 1);
            return;
        }
        default:   /* CX_P_ATTR: the index's column of the key */
            attr_val(e->type, e->column[obj->u.id], out);
            return;
        }
    }
}

/* tolower / toupper, code point by code point */
static void map_case(ex *x, const char *s, int upper, cg_cval *out)
{
    size_t n = strlen(s);
    char *o = cg_arena_alloc(&x->scratch, n * 4 + 1);
    size_t k = 0;
    locale_t loc = cg_utf8_locale(), old = loc ? uselocale(loc) : (locale_t)0;
    const unsigned char *p = (const unsigned char *)s;
    while (n > 0) {
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len <= 0) { o[k++] = (char)*p; p++; n--; continue; }
        uint32_t m = (uint32_t)(upper ? towupper((wint_t)cp) : towlower((wint_t)cp));
        char enc[8];
        int el;
        if (m < 0x80) { enc[0] = (char)m; el = 1; }
        else if (m < 0x800) { enc[0] = (char)(0xC0 | (m >> 6)); enc[1] = (char)(0x80 | (m & 0x3F)); el = 2; }
        else if (m < 0x10000) { enc[0] = (char)(0xE0 | (m >> 12)); enc[1] = (char)(0x80 | ((m >> 6) & 0x3F)); enc[2] = (char)(0x80 | (m & 0x3F)); el = 3; }
        else { enc[0] = (char)(0xF0 | (m >> 18)); enc[1] = (char)(0x80 | ((m >> 12) & 0x3F)); enc[2] = (char)(0x80 | ((m >> 6) & 0x3F)); enc[3] = (char)(0x80 | (m & 0x3F)); el = 4; }
        memcpy(o + k, enc, (size_t)el);
        k += (size_t)el;
        p += len;
        n -= (size_t)len;
    }
    if (loc) uselocale(old);
    o[k] = 0;
    cx_val_str(out, o, 0);
    cx_val_canon(x->g, out);
}

static size_t cp_count(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
    return n;
}

static int regex_match(ex *x, const cx_expr *e, const char *s, const char *pat, int *res)
{
    if (e->ptr) { *res = cx_regex_match(e->ptr, s); return 0; }
    regex_t re;   /* a pattern that is not a constant: compiled each time */
    char msg[200] = "";
    if (cx_regex_compile(pat, &re, msg, sizeof msg) < 0)
        return ex_fail(x, e->u.bin.b->col, "invalid regular expression: %s", msg);
    *res = cx_regex_match(&re, s);
    regfree(&re);
    return 0;
}

static void agg_result(ex *x, const cx_expr *e, const aggst *st, cg_cval *out);

static int eval(ex *x, const cx_expr *e, const cg_cval *row, cg_cval *out)
{
    cg_cval a, b;
    switch (e->op) {
    case CX_LIT: *out = e->u.lit; return 0;
    case CX_COLUMN: if (row) *out = row[e->u.column]; else set_null(out); return 0;
    case CX_VAR: {
        int s = e->u.var.slot;
        memset(out, 0, sizeof *out);
        switch (x->c->slots[s].kind) {
        case SL_NODE: out->t = CV_NODE; out->u.id = x->sv[s]; return 0;
        case SL_EDGE: out->t = CV_EDGE; out->u.id = x->sv[s]; return 0;
        case SL_EDGES: {
            int32_t buf[CX_VARLEN_MAX];
            const int32_t *el;
            uint32_t n;
            edge_list(x, s, &el, &n, buf);
            cg_cval *it = new_list(x, out, n);
            for (uint32_t i = 0; i < n; i++) { memset(&it[i], 0, sizeof it[i]); it[i].t = CV_EDGE; it[i].u.id = el[i]; }
            return 0;
        }
        default: make_path(x, s, out); return 0;
        }
    }
    case CX_PROP: {
        const cx_expr *o = e->u.prop.obj;
        if (o->op == CX_VAR && x->c->slots[o->u.var.slot].kind <= SL_EDGE) {   /* v.key: no recursion */
            a.t = x->c->slots[o->u.var.slot].kind == SL_NODE ? CV_NODE : CV_EDGE;
            a.u.id = x->sv[o->u.var.slot];
        } else if (eval(x, o, row, &a) < 0) {
            return -1;
        }
        eval_prop(x, e, &a, out);
        return 0;
    }
    case CX_LABELS_TEST: {
        if (eval(x, e->u.labels.obj, row, &a) < 0) return -1;
        if (a.t != CV_NODE && a.t != CV_EDGE) { set_null(out); return 0; }
        uint16_t k = a.t == CV_NODE ? x->ix->kind_of[a.u.id] : x->ix->type_of[a.u.id];
        const uint16_t *ids = e->ptr;
        int hit = 0;
        for (size_t i = 0; i < e->u.labels.n && !hit; i++) hit = ids[i] == k;
        set_bool(out, hit);
        return 0;
    }
    case CX_NOT:
        if (eval(x, e->u.bin.a, row, &a) < 0) return -1;
        set_tri(out, tri(&a) < 0 ? -1 : !tri(&a));
        return 0;
    case CX_AND: case CX_OR: {
        if (eval(x, e->u.bin.a, row, &a) < 0) return -1;
        int ta = tri(&a);
        if (e->op == CX_AND && ta == 0) { set_bool(out, 0); return 0; }
        if (e->op == CX_OR && ta == 1) { set_bool(out, 1); return 0; }
        if (eval(x, e->u.bin.b, row, &b) < 0) return -1;
        int tb = tri(&b);
        if (e->op == CX_AND) set_tri(out, tb == 0 ? 0 : ta < 0 || tb < 0 ? -1 : 1);
        else set_tri(out, tb == 1 ? 1 : ta < 0 || tb < 0 ? -1 : 0);
        return 0;
    }
    case CX_XOR: {
        if (eval(x, e->u.bin.a, row, &a) < 0 || eval(x, e->u.bin.b, row, &b) < 0) return -1;
        int ta = tri(&a), tb = tri(&b);
        set_tri(out, ta < 0 || tb < 0 ? -1 : ta != tb);
        return 0;
    }
    case CX_EQ: case CX_NE: {
        if (eval(x, e->u.bin.a, row, &a) < 0 || eval(x, e->u.bin.b, row, &b) < 0) return -1;
        int r = cx_val_eq(&a, &b);
        set_tri(out, r < 0 ? -1 : e->op == CX_EQ ? r : !r);
        return 0;
    }
    case CX_LT: case CX_LE: case CX_GT: case CX_GE: {
        if (eval(x, e->u.bin.a, row, &a) < 0 || eval(x, e->u.bin.b, row, &b) < 0) return -1;
        int r;
        if (cx_val_cmp(&a, &b, &r) < 0) { set_null(out); return 0; }
        set_bool(out, e->op == CX_LT ? r < 0 : e->op == CX_LE ? r <= 0 : e->op == CX_GT ? r > 0 : r >= 0);
        return 0;
    }
    case CX_STARTS: case CX_ENDS: case CX_CONTAINS: case CX_REGEX: {
        if (eval(x, e->u.bin.a, row, &a) < 0 || eval(x, e->u.bin.b, row, &b) < 0) return -1;
        if (a.t != CV_STRING || b.t != CV_STRING) { set_null(out); return 0; }
        size_t la = strlen(a.u.s), lb = strlen(b.u.s);
        int r = 0;
        if (e->op == CX_STARTS) r = la >= lb && memcmp(a.u.s, b.u.s, lb) == 0;
        else if (e->op == CX_ENDS) r = la >= lb && memcmp(a.u.s + la - lb, b.u.s, lb) == 0;
        else if (e->op == CX_CONTAINS) r = strstr(a.u.s, b.u.s) != NULL;
        else if (regex_match(x, e, a.u.s, b.u.s, &r) < 0) return -1;
        set_bool(out, r);
        return 0;
    }
    case CX_IN: {
        if (eval(x, e->u.bin.a, row, &a) < 0 || eval(x, e->u.bin.b, row, &b) < 0) return -1;
        if (b.t != CV_LIST) { set_null(out); return 0; }
        int unknown = 0;
        for (uint32_t i = 0; i < b.n; i++) {
            int r = cx_val_eq(&a, &b.u.items[i]);
            if (r == 1) { set_bool(out, 1); return 0; }
            if (r < 0) unknown = 1;
        }
        set_tri(out, unknown ? -1 : 0);
        return 0;
    }
    case CX_IS_NULL: case CX_IS_NOT_NULL:
        if (eval(x, e->u.bin.a, row, &a) < 0) return -1;
        set_bool(out, (a.t == CV_NULL) == (e->op == CX_IS_NULL));
        return 0;
    case CX_LIST: {
        cg_cval tmp;
        cg_cval *it = new_list(x, &tmp, e->u.list.n);
        for (size_t i = 0; i < e->u.list.n; i++)
            if (eval(x, e->u.list.items[i], row, &it[i]) < 0) return -1;
        *out = tmp;
        return 0;
    }
    case CX_AGG: case CX_COUNT_STAR:
        if (x->fin) { agg_result(x, e, &x->fin[e->aux], out); return 0; }
        set_null(out);
        return 0;
    case CX_CALL: {
        int fn = e->u.call.fn;
        if (fn == CX_FN_COALESCE) {
            for (size_t i = 0; i < e->u.call.n; i++) {
                if (eval(x, e->u.call.args[i], row, out) < 0) return -1;
                if (out->t != CV_NULL) return 0;
            }
            set_null(out);
            return 0;
        }
        if (eval(x, e->u.call.args[0], row, &a) < 0) return -1;
        set_null(out);
        switch (fn) {
        case CX_FN_TYPE: if (a.t == CV_EDGE) cx_val_str(out, x->g->edges[a.u.id].type, 1); return 0;
        case CX_FN_LABELS:
            if (a.t == CV_NODE) { cg_cval *it = new_list(x, out, 1); cx_val_str(&it[0], x->g->nodes[a.u.id].kind, 1); }
            return 0;
        case CX_FN_SIZE:
            if (a.t == CV_STRING) { out->t = CV_INT; out->u.i = (int64_t)cp_count(a.u.s); }
            else if (a.t == CV_LIST) { out->t = CV_INT; out->u.i = a.n; }
            return 0;
        case CX_FN_LENGTH: if (a.t == CV_PATH) { out->t = CV_INT; out->u.i = a.u.path->nhops; } return 0;
        case CX_FN_NODES: case CX_FN_RELATIONSHIPS:
            if (a.t == CV_PATH) {
                const cx_path *p = a.u.path;
                size_t n = fn == CX_FN_NODES ? p->nhops + 1 : p->nhops;
                cg_cval *it = new_list(x, out, n);
                for (size_t i = 0; i < n; i++) {
                    memset(&it[i], 0, sizeof it[i]);
                    it[i].t = fn == CX_FN_NODES ? CV_NODE : CV_EDGE;
                    it[i].u.id = fn == CX_FN_NODES ? p->nodes[i] : p->edges[i];
                }
            }
            return 0;
        case CX_FN_TOLOWER: case CX_FN_TOUPPER:
            if (a.t == CV_STRING) map_case(x, a.u.s, fn == CX_FN_TOUPPER, out);
            return 0;
        default: return 0;
        }
    }
    default:
        set_null(out);
        return 0;
    }
}

static int conds_ok(ex *x, cx_expr *const *conds, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cg_cval v;
        if (eval(x, conds[i], NULL, &v) < 0) return 0;
        if (v.t != CV_BOOL || !v.u.b) return 0;
    }
    return 1;
}

/* ---- aggregates ---- */

static void agg_add(ex *x, const cx_expr *e, aggst *st, const cg_cval *row)
{
    if (e->op == CX_COUNT_STAR) { st->count++; return; }
    cg_cval v;
    if (eval(x, e->u.call.args[0], row, &v) < 0) return;
    if (v.t == CV_NULL) return;
    if (e->u.call.distinct) {
        int added;
        vset_add(&st->seen, x->g, x->keep, &v, &added);
        if (!added) return;
        if (held_one(x, "to aggregate", e->col) < 0) return;
    }
    switch (e->u.call.fn) {
    case CX_FN_COUNT: st->count++; return;
    case CX_FN_COLLECT:
        if (!e->u.call.distinct && held_one(x, "to aggregate", e->col) < 0) return;
        cg_grow((void **)&st->items, &st->capitems, st->nitems + 1, sizeof *st->items);
        cx_val_copy(x->keep, &v, &st->items[st->nitems++]);
        return;
    case CX_FN_MIN: case CX_FN_MAX: {
        int c = st->any ? cx_val_order(x->g, &v, &st->best) : 0;
        if (!st->any || (e->u.call.fn == CX_FN_MIN ? c < 0 : c > 0)) cx_val_copy(x->keep, &v, &st->best);
        st->any = 1;
        return;
    }
    case CX_FN_SUM: case CX_FN_AVG:
        if (v.t != CV_INT && v.t != CV_FLOAT) {
            ex_fail(x, e->col, "%s() takes numbers; it met %s", e->u.call.fn == CX_FN_SUM ? "sum" : "avg",
                    v.t == CV_STRING ? "a string" : v.t == CV_BOOL ? "a boolean" : "a value that is not a number");
            return;
        }
        st->count++;
        st->any = 1;
        if (v.t == CV_FLOAT) { st->is_float = 1; st->fsum += v.u.f; return; }
        st->fsum += (long double)v.u.i;
        if (!st->is_float || e->u.call.fn == CX_FN_SUM) {
            if (__builtin_add_overflow(st->isum, v.u.i, &st->isum) && e->u.call.fn == CX_FN_SUM && !st->is_float)
                ex_fail(x, e->col, "integer overflow in sum()");
        }
        return;
    default: return;
    }
}

static void agg_result(ex *x, const cx_expr *e, const aggst *st, cg_cval *out)
{
    set_null(out);
    if (e->op == CX_COUNT_STAR) { out->t = CV_INT; out->u.i = st->count; return; }
    switch (e->u.call.fn) {
    case CX_FN_COUNT: out->t = CV_INT; out->u.i = st->count; return;
    case CX_FN_COLLECT: out->t = CV_LIST; out->n = (uint32_t)st->nitems; out->u.items = st->items; return;
    case CX_FN_MIN: case CX_FN_MAX: if (st->any) *out = st->best; return;
    case CX_FN_SUM:
        if (st->is_float) { out->t = CV_FLOAT; out->u.f = (double)st->fsum; }
        else { out->t = CV_INT; out->u.i = st->isum; }
        return;
    case CX_FN_AVG:
        if (st->count) { out->t = CV_FLOAT; out->u.f = (double)(st->fsum / (long double)st->count); }
        return;
    default: return;
    }
    (void)x;
}

/* ---- the sink ---- */

static const cg_cypher *sort_c;
static const cg_graph *sort_g;

static int row_cmp(const void *pa, const void *pb)
{
    const hrow *a = pa, *b = pb;
    for (size_t i = 0; i < sort_c->q.norder; i++) {
        int r = cx_val_order(sort_g, &a->keys[i], &b->keys[i]);
        if (sort_c->q.order[i].desc) r = -r;
        if (r) return r;
    }
    return (a->seq > b->seq) - (a->seq < b->seq);
}



static hrow *new_row(ex *x)
{
    cg_grow((void **)&x->rows, &x->caprows, x->nrows + 1, sizeof *x->rows);
    hrow *r = &x->rows[x->nrows++];
    memset(r, 0, sizeof *r);
    r->seq = x->seq;
    return r;
}

static void fp_push(hrow *r, int32_t v)
{
    if (r->nfp == r->capfp) {
        r->capfp = r->capfp ? r->capfp * 2 : 8;
        r->fp = cg_xrealloc(r->fp, r->capfp * sizeof *r->fp);
    }
    r->fp[r->nfp++] = v;
}

/* the footprint of the current binding into r: node v as 2v, edge e as
 * 2e+1 (the ends of a variable-length segment's edges too) */
static void add_footprint(ex *x, hrow *r)
{
    const cg_cypher *c = x->c;
    for (size_t s = 0; s < c->nslots; s++) {
        const cx_slot *sl = &c->slots[s];
        if (sl->kind == SL_NODE) fp_push(r, x->sv[s] * 2);
        else if (sl->kind == SL_EDGE && c->brels[sl->pat][sl->pos].edge == (int)s) fp_push(r, x->sv[s] * 2 + 1);
        else if (sl->kind == SL_EDGES) {
            int32_t buf[CX_VARLEN_MAX];
            const int32_t *el;
            uint32_t n;
            edge_list(x, (int)s, &el, &n, buf);
            for (uint32_t i = 0; i < n; i++) {
                const cg_edge *d = &x->g->edges[el[i]];
                fp_push(r, el[i] * 2 + 1);
                fp_push(r, d->from * 2);
                fp_push(r, d->to * 2);
            }
        }
    }
}

static int sort_keys(ex *x, hrow *r, const cg_cval *vals)
{
    size_t n = x->c->q.norder;
    if (!n) return 0;
    r->keys = cg_arena_alloc(x->keep, n * sizeof *r->keys);
    for (size_t i = 0; i < n; i++) {
        cg_cval v;
        if (eval(x, x->c->q.order[i].e, vals, &v) < 0) return -1;
        cx_val_copy(x->keep, &v, &r->keys[i]);
    }
    return 0;
}

static void row_swap(hrow *a, hrow *b) { hrow t = *a; *a = *b; *b = t; }

/* order by with limit: the skip + limit best rows in a max-heap (the worst
 * on top), so only they are held; ties by row number, as the full sort */
static void heap_down(ex *x, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < x->nrows && row_cmp(&x->rows[l], &x->rows[m]) > 0) m = l;
        if (r < x->nrows && row_cmp(&x->rows[r], &x->rows[m]) > 0) m = r;
        if (m == i) return;
        row_swap(&x->rows[i], &x->rows[m]);
        i = m;
    }
}

static void heap_up(ex *x, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (row_cmp(&x->rows[i], &x->rows[p]) <= 0) return;
        row_swap(&x->rows[i], &x->rows[p]);
        i = p;
    }
}

/* the held rows' values into a fresh arena, dropping what replaced rows left */
static void compact(ex *x)
{
    cg_arena fresh;
    cg_arena_init(&fresh);
    size_t nc = x->c->nitems, no = x->c->q.norder;
    for (size_t k = 0; k < x->nrows; k++) {
        hrow *r = &x->rows[k];
        cg_cval *v = cg_arena_alloc(&fresh, (nc ? nc : 1) * sizeof *v), *kk = cg_arena_alloc(&fresh, no * sizeof *kk);
        for (size_t i = 0; i < nc; i++) cx_val_copy(&fresh, &r->vals[i], &v[i]);
        for (size_t i = 0; i < no; i++) cx_val_copy(&fresh, &r->keys[i], &kk[i]);
        r->vals = v;
        r->keys = kk;
    }
    cg_arena_destroy(x->keep);
    *x->keep = fresh;
    x->replaced = 0;
}

static void top_rows(ex *x, const cg_cval *vals)
{
    const cx_query *q = &x->c->q;
    size_t cap = (size_t)q->limit + (q->skip > 0 ? (size_t)q->skip : 0), nc = x->c->nitems;
    if (cap == 0) { x->stop = 1; return; }
    hrow tmp = { .seq = x->seq };
    tmp.keys = cg_arena_alloc(&x->scratch, q->norder * sizeof *tmp.keys);
    for (size_t i = 0; i < q->norder; i++)
        if (eval(x, q->order[i].e, vals, &tmp.keys[i]) < 0) return;
    hrow *r;
    int replaced = 0;
    if (x->nrows == cap) {
        if (row_cmp(&tmp, &x->rows[0]) >= 0) return;
        r = &x->rows[0];
        free(r->fp);
        memset(r, 0, sizeof *r);
        r->seq = x->seq;
        replaced = 1;
    } else {
        if (held_one(x, "to sort", q->match_col) < 0) return;
        r = new_row(x);
    }
    r->vals = cg_arena_alloc(x->keep, (nc ? nc : 1) * sizeof *r->vals);
    for (size_t i = 0; i < nc; i++) cx_val_copy(x->keep, &vals[i], &r->vals[i]);
    r->keys = cg_arena_alloc(x->keep, q->norder * sizeof *r->keys);
    for (size_t i = 0; i < q->norder; i++) cx_val_copy(x->keep, &tmp.keys[i], &r->keys[i]);
    if (x->o->footprint) add_footprint(x, r);
    if (replaced) heap_down(x, 0);
    else heap_up(x, x->nrows - 1);
    if (replaced && ++x->replaced > 4 * cap + 4096) compact(x);
}

static void emit(ex *x)
{
    cg_cypher *c = x->c;
    const cx_query *q = &c->q;
    size_t nc = c->nitems;
    x->seq++;
    cg_cval tup, small[8];
    cg_cval *vals;
    if (nc <= 8) {   /* most rows: no allocation until one is kept */
        memset(&tup, 0, sizeof tup);
        tup.t = CV_LIST;
        tup.n = (uint32_t)nc;
        tup.u.items = vals = small;
    } else {
        vals = new_list(x, &tup, nc);
    }
    if (c->aggregating) {
        /* the key tuple: the key items' values, in item order (no keys: one group) */
        size_t nk = 0;
        for (size_t i = 0; i < nc; i++)
            if (x->is_key[i] && eval(x, c->items[i].e, NULL, &vals[nk++]) < 0) return;
        tup.n = (uint32_t)nk;
        int added = 0;
        size_t k;
        /* one key that is an interned string, a node or an edge (v.kind,
         * type(r), v): a direct-mapped cache from its word to the group
         * before the hash table */
        uint64_t word = 0;
        if (nk == 1 && ((vals[0].t == CV_STRING && vals[0].interned) || vals[0].t == CV_NODE || vals[0].t == CV_EDGE))
            word = vals[0].t == CV_STRING ? (uint64_t)(uintptr_t)vals[0].u.s : ((uint64_t)vals[0].t << 40 | (uint32_t)vals[0].u.id);
        struct gcache *gc = word ? &x->gcache[(word * 0x9e3779b97f4a7c15ULL) >> 56] : NULL;
        if (gc && gc->word == word) {
            k = gc->group;
        } else {
            k = vset_add(&x->keyset, x->g, x->keep, &tup, &added);
            if (gc) { gc->word = word; gc->group = k; }
        }
        hrow *r;
        if (added) {
            if (held_one(x, "to group", c->q.match_col) < 0) return;
            r = new_row(x);
            r->vals = (cg_cval *)x->keyset.vals[k].u.items;
            r->aggs = cg_xcalloc(c->nagg ? c->nagg : 1, sizeof *r->aggs);
        } else {
            r = &x->rows[k];
        }
        for (size_t a = 0; a < c->nagg; a++) agg_add(x, c->aggs[a], &r->aggs[a], NULL);
        if (x->o->footprint) add_footprint(x, r);
        return;
    }
    for (size_t i = 0; i < nc; i++)
        if (eval(x, c->items[i].e, NULL, &vals[i]) < 0) return;
    if (q->distinct) {
        int added;
        size_t k = vset_add(&x->keyset, x->g, x->keep, &tup, &added);
        if (!added) {
            if (x->o->footprint) add_footprint(x, &x->rows[k]);
            return;
        }
        if (held_one(x, q->norder ? "to sort" : "to make distinct", c->q.match_col) < 0) return;
        hrow *r = new_row(x);
        r->vals = (cg_cval *)x->keyset.vals[k].u.items;
        if (x->o->footprint) add_footprint(x, r);
        if (!q->norder && !x->o->footprint && q->limit >= 0 && x->nrows >= (size_t)(q->limit + (q->skip > 0 ? q->skip : 0)))
            x->stop = 1;
        return;
    }
    if (q->norder && q->limit >= 0) { top_rows(x, vals); return; }
    if (!q->norder) {
        if (q->skip > 0 && x->skipped < (size_t)q->skip) { x->skipped++; return; }
        if (q->limit >= 0 && x->nrows >= (size_t)q->limit) { x->stop = 1; return; }
    }
    if (held_one(x, q->norder ? "to sort" : "to print", c->q.match_col) < 0) return;
    hrow *r = new_row(x);
    r->vals = cg_arena_alloc(x->keep, (nc ? nc : 1) * sizeof *r->vals);
    for (size_t i = 0; i < nc; i++) cx_val_copy(x->keep, &vals[i], &r->vals[i]);
    if (sort_keys(x, r, r->vals) < 0) return;
    if (x->o->footprint) add_footprint(x, r);
    if (!q->norder && q->limit >= 0 && x->nrows >= (size_t)q->limit) x->stop = 1;
}

/* ---- the matcher ---- */

static int poll(ex *x)
{
    if ((++x->steps & 1023) == 0) {
        if (x->o->mon && x->o->mon->cancel && x->o->mon->cancel(x->o->mon->ctx)) return ex_fail(x, 0, "interrupted");
        if (x->o->step_limit && x->steps > x->o->step_limit) return ex_fail(x, 0, "step limit");
    }
    return 0;
}

static inline int edge_used(const ex *x, int32_t e) { return (x->used[(uint32_t)e >> 6] >> (e & 63)) & 1; }
static inline void edge_mark(ex *x, int32_t e) { x->used[(uint32_t)e >> 6] ^= UINT64_C(1) << (e & 63); }

static void run_step(ex *x, size_t k);

/* the run of type t in a segment [lo, hi) of arr sorted by type */
static void type_run(const uint16_t *types, int32_t lo, int32_t hi, uint16_t t, int32_t *a, int32_t *b)
{
    int32_t l = lo, h = hi;
    while (l < h) { int32_t m = l + (h - l) / 2; if (types[m] < t) l = m + 1; else h = m; }
    *a = l;
    h = hi;
    while (l < h) { int32_t m = l + (h - l) / 2; if (types[m] <= t) l = m + 1; else h = m; }
    *b = l;
}

typedef void (*edge_fn)(ex *x, void *ctx, int32_t e, int32_t far);

/* Calls fn for every edge of rel br that may be walked from node v: out
 * (v is the edge's from) and/or in (v is its to; self-loops skipped when
 * both), typed runs or the whole segment, in range, unused. */
static void each_edge(ex *x, const cx_brel *br, int out, int in, int32_t v, edge_fn fn, void *ctx)
{
    const cg_graph *g = x->g;
    const cg_cypher_index *ix = x->ix;
    for (int dir = 0; dir < 2 && !x->stop; dir++) {
        if (dir == 0 ? !out : !in) continue;
        const int32_t *off = dir == 0 ? g->out_off : g->in_off;
        int skip_loops = dir == 1 && out;
        if (br->any_type) {
            const int32_t *list = dir == 0 ? g->out_edges : g->in_edges;
            for (int32_t i = off[v]; i < off[v + 1] && !x->stop; i++) {
                int32_t e = list[i];
                const cg_edge *d = &g->edges[e];
                if (skip_loops && d->from == d->to) continue;
                if (edge_used(x, e) || (x->inrange && !x->inrange[e]) || poll(x) < 0) continue;
                fn(x, ctx, e, dir == 0 ? d->to : d->from);
            }
            continue;
        }
        const int32_t *list = dir == 0 ? ix->tout : ix->tin;
        const uint16_t *types = dir == 0 ? ix->tout_type : ix->tin_type;
        for (size_t t = 0; t < br->ntids && !x->stop; t++) {
            int32_t a, b;
            type_run(types, off[v], off[v + 1], br->tids[t], &a, &b);
            for (int32_t i = a; i < b && !x->stop; i++) {
                int32_t e = list[i];
                const cg_edge *d = &g->edges[e];
                if (skip_loops && d->from == d->to) continue;
                if (edge_used(x, e) || (x->inrange && !x->inrange[e]) || poll(x) < 0) continue;
                fn(x, ctx, e, dir == 0 ? d->to : d->from);
            }
        }
    }
}

/* which lists to read walking rel r from its left end (or right when reversed) */
static void walk_dirs(const cx_rel *r, int reversed, int *out, int *in)
{
    if (r->dir == CX_DIR_ANY) { *out = *in = 1; return; }
    int fwd = (r->dir == CX_DIR_OUT) != !!reversed;
    *out = fwd;
    *in = !fwd;
}

typedef struct stepctx { size_t k; const cx_step *st; const cx_brel *br; } stepctx;

static void bind_far(ex *x, size_t k, const cx_step *st, int32_t far)
{
    if (st->far_bound) {
        if (x->sv[st->node] != far) return;
        if (conds_ok(x, st->conds, st->nconds)) run_step(x, k + 1);
        return;
    }
    x->sv[st->node] = far;
    if (conds_ok(x, st->conds, st->nconds)) run_step(x, k + 1);
    x->sv[st->node] = -1;
}

static void expand_edge(ex *x, void *ctx, int32_t e, int32_t far)
{
    stepctx *sc = ctx;
    edge_mark(x, e);
    x->sv[sc->br->edge] = e;
    cg_arena_mark m = cg_arena_get_mark(&x->scratch);
    bind_far(x, sc->k, sc->st, far);
    cg_arena_release(&x->scratch, m);
    edge_mark(x, e);
}

typedef struct varctx { size_t k; const cx_step *st; const cx_brel *br; const cx_rel *r; int out, in; uint32_t depth; } varctx;

static void var_walk(ex *x, varctx *vc, int32_t v);

static void var_edge(ex *x, void *ctx, int32_t e, int32_t far)
{
    varctx *vc = ctx;
    if (vc->br->neconds) {
        x->sv[vc->br->cur] = e;
        cg_arena_mark m = cg_arena_get_mark(&x->scratch);
        int ok = conds_ok(x, vc->br->econds, vc->br->neconds);
        cg_arena_release(&x->scratch, m);
        if (!ok) return;
    }
    int s = vc->br->edge;
    x->estack[x->c->slots[s].stack_off + vc->depth] = e;
    edge_mark(x, e);
    vc->depth++;
    var_walk(x, vc, far);
    vc->depth--;
    edge_mark(x, e);
}

static void var_walk(ex *x, varctx *vc, int32_t v)
{
    int s = vc->br->edge;
    if (vc->depth >= (uint32_t)vc->r->lo) {
        x->elen[s] = vc->depth;
        cg_arena_mark m = cg_arena_get_mark(&x->scratch);
        bind_far(x, vc->k, vc->st, v);
        cg_arena_release(&x->scratch, m);
    }
    if (vc->depth < (uint32_t)vc->r->hi && !x->stop)
        each_edge(x, vc->br, vc->out, vc->in, v, var_edge, vc);
}

static void scan_node(ex *x, size_t k, const cx_step *st, int32_t v)
{
    if (poll(x) < 0) return;
    x->sv[st->node] = v;
    if (!st->nconds) {
        run_step(x, k + 1);
    } else {
        cg_arena_mark m = cg_arena_get_mark(&x->scratch);
        if (conds_ok(x, st->conds, st->nconds)) run_step(x, k + 1);
        cg_arena_release(&x->scratch, m);
    }
    x->sv[st->node] = -1;
}

/* the items of several sorted lists, merged in increasing order */
static void scan_merged(ex *x, size_t k, const cx_step *st, const int32_t *off, const int32_t *list,
                        const int32_t *ids, size_t nids, void (*fn)(ex *, size_t, const cx_step *, int32_t))
{
    int32_t pos[64];
    if (nids > 64) nids = 64;
    for (size_t i = 0; i < nids; i++) pos[i] = off[ids[i]];
    for (;;) {
        int best = -1;
        for (size_t i = 0; i < nids; i++)
            if (pos[i] < off[ids[i] + 1] && (best < 0 || list[pos[i]] < list[pos[best]])) best = (int)i;
        if (best < 0 || x->stop) return;
        fn(x, k, st, list[pos[best]++]);
    }
}

static void scan_edge_one(ex *x, size_t k, const cx_step *st, int32_t e, int32_t l, int32_t r)
{
    const cx_brel *br = &x->c->brels[st->rel_pat][st->rel_idx];
    if (br->left == br->right && l != r) return;
    x->sv[br->left] = l;
    x->sv[br->right] = r;
    x->sv[br->edge] = e;
    edge_mark(x, e);
    cg_arena_mark m = cg_arena_get_mark(&x->scratch);
    if (conds_ok(x, st->conds, st->nconds)) run_step(x, k + 1);
    cg_arena_release(&x->scratch, m);
    edge_mark(x, e);
    x->sv[br->left] = x->sv[br->right] = -1;
}

static void scan_edge(ex *x, size_t k, const cx_step *st, int32_t e)
{
    if (poll(x) < 0 || edge_used(x, e) || (x->inrange && !x->inrange[e])) return;
    const cx_rel *r = &x->c->q.pats[st->rel_pat].rels[st->rel_idx];
    const cg_edge *d = &x->g->edges[e];
    if (r->dir == CX_DIR_IN) { scan_edge_one(x, k, st, e, d->to, d->from); return; }
    scan_edge_one(x, k, st, e, d->from, d->to);
    if (r->dir == CX_DIR_ANY && d->from != d->to && !x->stop) scan_edge_one(x, k, st, e, d->to, d->from);
}

static void run_step(ex *x, size_t k)
{
    cg_cypher *c = x->c;
    if (x->stop) return;
    if (k == c->nsteps) {
        cg_arena_mark m = cg_arena_get_mark(&x->scratch);
        emit(x);
        cg_arena_release(&x->scratch, m);
        return;
    }
    const cx_step *st = &c->steps[k];
    const cg_cypher_index *ix = x->ix;
    switch (st->op) {
    case PS_SCAN_IDS:
        for (size_t i = 0; i < st->ncand && !x->stop; i++) scan_node(x, k, st, st->cand[i]);
        return;
    case PS_SCAN_NAME: {
        size_t h = cg_hash(st->name, strlen(st->name)) & (ix->name_size - 1);
        for (int32_t v = ix->name_head[h]; v >= 0 && !x->stop; v = ix->name_next[v])
            if (strcmp(x->g->nodes[v].name, st->name) == 0) scan_node(x, k, st, v);
        return;
    }
    case PS_SCAN_KINDS:
        scan_merged(x, k, st, ix->kind_off, ix->kind_nodes, st->cand, st->ncand, scan_node);
        return;
    case PS_SCAN_ALL:
        for (size_t v = 0; v < x->g->nnodes && !x->stop; v++) scan_node(x, k, st, (int32_t)v);
        return;
    case PS_SCAN_TYPES: {
        const cx_brel *br = &c->brels[st->rel_pat][st->rel_idx];
        if (br->any_type) {
            for (size_t e = 0; e < x->g->nedges && !x->stop; e++) scan_edge(x, k, st, (int32_t)e);
            return;
        }
        int32_t ids[64];
        size_t n = br->ntids < 64 ? br->ntids : 64;
        for (size_t i = 0; i < n; i++) ids[i] = br->tids[i];
        scan_merged(x, k, st, ix->type_off, ix->type_edges, ids, n, scan_edge);
        return;
    }
    case PS_EXPAND: {
        const cx_rel *r = &c->q.pats[st->rel_pat].rels[st->rel_idx];
        stepctx sc = { k, st, &c->brels[st->rel_pat][st->rel_idx] };
        int out, in;
        walk_dirs(r, st->reversed, &out, &in);
        each_edge(x, sc.br, out, in, x->sv[st->near], expand_edge, &sc);
        return;
    }
    case PS_VAREXPAND: {
        const cx_rel *r = &c->q.pats[st->rel_pat].rels[st->rel_idx];
        varctx vc = { k, st, &c->brels[st->rel_pat][st->rel_idx], r, 0, 0, 0 };
        walk_dirs(r, st->reversed, &vc.out, &vc.in);
        x->erev[vc.br->edge] = (unsigned char)st->reversed;
        var_walk(x, &vc, x->sv[st->near]);
        return;
    }
    }
}

/* ---- finishing ---- */

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int finish(ex *x, cg_cypher_rows *out)
{
    cg_cypher *c = x->c;
    const cx_query *q = &c->q;
    size_t nc = c->nitems;
    if (c->aggregating) {
        int has_key = 0;
        for (size_t i = 0; i < nc; i++) has_key |= x->is_key[i];
        if (x->nrows == 0 && !has_key) {
            hrow *r = new_row(x);
            r->vals = cg_arena_alloc(x->keep, (nc ? nc : 1) * sizeof *r->vals);
            memset(r->vals, 0, nc * sizeof *r->vals);
            r->aggs = cg_xcalloc(c->nagg ? c->nagg : 1, sizeof *r->aggs);
        }
        for (size_t k = 0; k < x->nrows; k++) {
            hrow *r = &x->rows[k];
            cg_cval *vals = cg_arena_alloc(x->keep, (nc ? nc : 1) * sizeof *vals);
            x->fin = r->aggs;
            /* the keys to their items' places first: aggregating items read them */
            for (size_t i = 0, kk = 0; i < nc; i++) {
                if (x->is_key[i]) vals[i] = r->vals[kk++];
                else set_null(&vals[i]);
            }
            for (size_t i = 0; i < nc; i++) {
                if (x->is_key[i]) continue;
                cg_cval v;
                cg_arena_mark m = cg_arena_get_mark(&x->scratch);
                if (eval(x, c->items[i].e, vals, &v) < 0) return -1;
                cx_val_copy(x->keep, &v, &vals[i]);
                cg_arena_release(&x->scratch, m);
            }
            x->fin = NULL;
            r->vals = vals;
        }
        if (q->distinct) {   /* distinct over the grouped rows */
            vset seen = { 0 };
            size_t w = 0;
            for (size_t k = 0; k < x->nrows; k++) {
                cg_cval tup = { .t = CV_LIST, .n = (uint32_t)nc, .u.items = x->rows[k].vals };
                int added;
                vset_add(&seen, x->g, x->keep, &tup, &added);
                if (added) x->rows[w++] = x->rows[k];
                else { free(x->rows[k].fp); free(x->rows[k].aggs); }
            }
            vset_destroy(&seen);
            x->nrows = w;
        }
    }
    if ((c->aggregating || q->distinct) && q->norder)
        for (size_t k = 0; k < x->nrows; k++)
            if (sort_keys(x, &x->rows[k], x->rows[k].vals) < 0) return -1;
    if (q->norder) {
        sort_c = c;
        sort_g = x->g;
        if (x->nrows) qsort(x->rows, x->nrows, sizeof *x->rows, row_cmp);
    }
    size_t from = 0, to = x->nrows;
    if (q->norder || c->aggregating || q->distinct) {
        if (q->skip > 0) from = (size_t)q->skip < to ? (size_t)q->skip : to;
        if (q->limit >= 0 && (size_t)q->limit < to - from) to = from + (size_t)q->limit;
    }
    out->ncols = nc;
    out->cols = cg_arena_alloc(&out->arena, (nc ? nc : 1) * sizeof *out->cols);
    for (size_t i = 0; i < nc; i++) out->cols[i] = cg_arena_strndup(&out->arena, c->items[i].colname, strlen(c->items[i].colname));
    out->nrows = to - from;
    out->cells = cg_arena_alloc(&out->arena, (out->nrows && nc ? out->nrows * nc : 1) * sizeof *out->cells);
    for (size_t k = from; k < to && nc; k++)
        memcpy(&out->cells[(k - from) * nc], x->rows[k].vals, nc * sizeof *out->cells);
    if (x->o->footprint) {
        out->node_mark = cg_xcalloc(x->g->nnodes ? x->g->nnodes : 1, 1);
        size_t n = 0, cap = 0;
        for (size_t k = from; k < to; k++) {
            const hrow *r = &x->rows[k];
            for (uint32_t i = 0; i < r->nfp; i++) {
                int32_t v = r->fp[i];
                if (v & 1) {
                    cg_grow((void **)&out->edges, &cap, n + 1, sizeof *out->edges);
                    out->edges[n++] = v >> 1;
                } else {
                    out->node_mark[v >> 1] = 1;
                }
            }
        }
        if (n) qsort(out->edges, n, sizeof *out->edges, cmp_i32);
        size_t w = 0;
        for (size_t i = 0; i < n; i++)
            if (!w || out->edges[w - 1] != out->edges[i]) out->edges[w++] = out->edges[i];
        out->nedges = w;
    }
    return 0;
}

int cg_cypher_exec(cg_cypher *c, const cg_cypher_exec_opts *o, cg_cypher_rows *out, cg_error *err)
{
    static const cg_cypher_exec_opts none = { 0 };
    if (!o) o = &none;
    memset(out, 0, sizeof *out);
    cg_arena_init(&out->arena);
    out->g = c->g;
    const cg_graph *g = c->g;
    ex x = { .c = c, .g = g, .ix = c->ix, .o = o, .err = err, .keep = &out->arena };
    x.max_held = o->max_held ? o->max_held : CX_HELD_DEFAULT;
    x.ncols = c->nitems;
    cg_arena_init(&x.scratch);
    size_t ns = c->nslots ? c->nslots : 1;
    x.sv = cg_xmalloc(ns * sizeof *x.sv);
    for (size_t i = 0; i < ns; i++) x.sv[i] = -1;
    x.elen = cg_xcalloc(ns, sizeof *x.elen);
    x.erev = cg_xcalloc(ns, 1);
    x.estack = cg_xcalloc(c->estack_size ? c->estack_size : 1, sizeof *x.estack);
    x.used = cg_xcalloc(g->nedges / 64 + 1, sizeof *x.used);
    x.is_key = cg_xcalloc(c->nitems ? c->nitems : 1, sizeof *x.is_key);
    for (size_t i = 0; i < c->nitems; i++) {
        x.is_key[i] = !c->aggregating || c->item_is_key[i];
        x.nkeys += x.is_key[i];
    }
    if (c->q.since || c->q.until) {
        x.inrange = cg_xmalloc(g->nedges ? g->nedges : 1);
        for (size_t e = 0; e < g->nedges; e++) x.inrange[e] = (unsigned char)cg_edge_in_range(&g->edges[e], c->q.since, c->q.until);
    }
    int go = 1;
    for (size_t i = 0; i < c->nonce && go; i++) {
        cg_cval v;
        if (eval(&x, c->once[i], NULL, &v) < 0) go = 0;
        else if (v.t != CV_BOOL || !v.u.b) go = 0;
    }
    sort_c = c;
    sort_g = g;
    if (go && x.stop >= 0) run_step(&x, 0);
    int rc = x.stop < 0 ? -1 : finish(&x, out);
    if (rc < 0 && !err->set) cg_error_set(err, 0, "match failed");
    for (size_t i = 0; i < x.nrows; i++) {
        free(x.rows[i].fp);
        if (x.rows[i].aggs) {
            for (size_t a = 0; a < c->nagg; a++) { free(x.rows[i].aggs[a].items); vset_destroy(&x.rows[i].aggs[a].seen); }
            free(x.rows[i].aggs);
        }
    }
    free(x.rows);
    vset_destroy(&x.keyset);
    free(x.sv); free(x.elen); free(x.erev); free(x.estack); free(x.used); free(x.is_key); free(x.inrange);
    cg_arena_destroy(&x.scratch);
    if (rc < 0) cg_cypher_rows_destroy(out);
    return rc;
}

void cg_cypher_rows_destroy(cg_cypher_rows *r)
{
    free(r->node_mark);
    free(r->edges);
    cg_arena_destroy(&r->arena);
    memset(r, 0, sizeof *r);
}

cg_cypher_class cg_cypher_cell(const cg_cypher_rows *r, size_t row, size_t col, int json,
                               int tabular, cg_buf *b, const char **s)
{
    const cg_cval *v = &r->cells[row * r->ncols + col];
    cg_buf_reset(b);
    switch (v->t) {
    case CV_NULL: *s = NULL; return CG_CYPHER_NULL;
    case CV_STRING: *s = v->u.s; return CG_CYPHER_TEXT;
    case CV_BOOL: *s = v->u.b ? "true" : "false"; return CG_CYPHER_BOOL;
    case CV_INT: case CV_FLOAT:
        if (json) cx_val_json(r->g, v, b); else cx_val_text(r->g, v, tabular, b);
        *s = b->data ? b->data : "";
        return CG_CYPHER_NUMBER;
    default:
        if (json) cx_val_json(r->g, v, b); else cx_val_text(r->g, v, tabular, b);
        *s = b->data ? b->data : "";
        return CG_CYPHER_VALUE;
    }
}
