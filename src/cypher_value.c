/* cypher_value.c - the values of a match query and openCypher's four
 * relations over them (doc/match.md §7; CIP2016-06-14): equality (=, <>, in),
 * comparability (< <= > >=), orderability (order by, min, max) and
 * equivalence (distinct, grouping).  Also their text and JSON forms. */
#include "cypher_int.h"

#include <locale.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writer.h"

void cx_val_str(cg_cval *v, const char *s, int interned)
{
    memset(v, 0, sizeof *v);
    v->t = CV_STRING;
    v->interned = (uint8_t)interned;
    v->u.s = s;
}

void cx_val_canon(const cg_graph *g, cg_cval *v)
{
    if (v->t != CV_STRING || v->interned) return;
    const char *p = cg_strpool_find(&g->strings, v->u.s, strlen(v->u.s));
    if (p) { v->u.s = p; v->interned = 1; }
}

void cx_attr_val(const cg_graph *g, int is_edge, const cg_attr *a, cg_cval *v)
{
    memset(v, 0, sizeof *v);
    switch (cg_writer_attr_type(g, is_edge, a)) {
    case CG_VAL_INT: v->t = CV_INT; v->u.i = strtoll(a->text, NULL, 10); break;
    case CG_VAL_DOUBLE: v->t = CV_FLOAT; v->u.f = strtod(a->text, NULL); break;
    case CG_VAL_BOOL: v->t = CV_BOOL; v->u.b = a->text[0] == 't' || a->text[0] == 'T'; break;
    default: cx_val_str(v, a->text, 1); break;
    }
}

static int is_num(const cg_cval *v) { return v->t == CV_INT || v->t == CV_FLOAT; }

/* -1, 0, 1 for numbers (exact across int and double); 2 when a NaN is in it */
static int num_cmp(const cg_cval *a, const cg_cval *b)
{
    if (a->t == CV_INT && b->t == CV_INT) return (a->u.i > b->u.i) - (a->u.i < b->u.i);
    long double x = a->t == CV_INT ? (long double)a->u.i : (long double)a->u.f;
    long double y = b->t == CV_INT ? (long double)b->u.i : (long double)b->u.f;
    if (x != x || y != y) return 2;
    return (x > y) - (x < y);
}

/* Interned text is unique in the graph's pool, so two interned strings are
 * equal only as the same pointer; anything else (a node's name, which is a
 * copy; text the query made) compares bytes. */
static int str_eq(const cg_cval *a, const cg_cval *b)
{
    if (a->u.s == b->u.s) return 1;
    if (a->interned && b->interned) return 0;
    return strcmp(a->u.s, b->u.s) == 0;
}

/* a path's node and edge sequences */
static int path_same(const cx_path *a, const cx_path *b)
{
    if (a->nhops != b->nhops) return 0;
    for (uint32_t i = 0; i < a->nhops; i++)
        if (a->edges[i] != b->edges[i]) return 0;
    for (uint32_t i = 0; i <= a->nhops; i++)
        if (a->nodes[i] != b->nodes[i]) return 0;
    return 1;
}

int cx_val_eq(const cg_cval *a, const cg_cval *b)
{
    if (a->t == CV_NULL || b->t == CV_NULL) return -1;
    if (is_num(a) && is_num(b)) { int c = num_cmp(a, b); return c == 2 ? 0 : c == 0; }
    if (a->t != b->t) return 0;
    switch (a->t) {
    case CV_BOOL: return !a->u.b == !b->u.b;
    case CV_STRING: return str_eq(a, b);
    case CV_NODE: case CV_EDGE: return a->u.id == b->u.id;
    case CV_PATH: return path_same(a->u.path, b->u.path);
    case CV_LIST: {
        if (a->n != b->n) return 0;
        int unknown = 0;
        for (uint32_t i = 0; i < a->n; i++) {
            int r = cx_val_eq(&a->u.items[i], &b->u.items[i]);
            if (r == 0) return 0;
            if (r < 0) unknown = 1;
        }
        return unknown ? -1 : 1;
    }
    default: return 0;
    }
}

int cx_val_cmp(const cg_cval *a, const cg_cval *b, int *r)
{
    if (a->t == CV_NULL || b->t == CV_NULL) return -1;
    if (is_num(a) && is_num(b)) {
        int c = num_cmp(a, b);
        if (c == 2) return -1;
        *r = c;
        return 0;
    }
    if (a->t != b->t) return -1;
    switch (a->t) {
    case CV_BOOL: *r = (!!a->u.b > !!b->u.b) - (!!a->u.b < !!b->u.b); return 0;
    case CV_STRING: { int c = str_eq(a, b) ? 0 : strcmp(a->u.s, b->u.s); *r = (c > 0) - (c < 0); return 0; }
    case CV_LIST:
        for (uint32_t i = 0; i < a->n && i < b->n; i++) {
            int c;
            if (cx_val_cmp(&a->u.items[i], &b->u.items[i], &c) < 0) return -1;
            if (c) { *r = c; return 0; }
        }
        *r = (a->n > b->n) - (a->n < b->n);
        return 0;
    default: return -1;   /* nodes, edges, paths are not comparable */
    }
}

/* rank of a type in the global sort order (ascending; null last) */
static int order_rank(const cg_cval *v)
{
    switch (v->t) {
    case CV_NODE: return 0;
    case CV_EDGE: return 1;
    case CV_LIST: return 2;
    case CV_PATH: return 3;
    case CV_STRING: return 4;
    case CV_BOOL: return 5;
    case CV_INT: case CV_FLOAT: return 6;
    default: return 7;
    }
}

int cx_val_order(const cg_graph *g, const cg_cval *a, const cg_cval *b)
{
    int ra = order_rank(a), rb = order_rank(b);
    if (ra != rb) return ra < rb ? -1 : 1;
    switch (a->t) {
    case CV_NULL: return 0;
    case CV_NODE: return (g->id_rank[a->u.id] > g->id_rank[b->u.id]) - (g->id_rank[a->u.id] < g->id_rank[b->u.id]);
    case CV_EDGE: return (a->u.id > b->u.id) - (a->u.id < b->u.id);
    case CV_INT: case CV_FLOAT: {
        int c = num_cmp(a, b);
        if (c != 2) return c;
        int na = a->t == CV_FLOAT && a->u.f != a->u.f, nb = b->t == CV_FLOAT && b->u.f != b->u.f;
        return na - nb;   /* NaN after everything */
    }
    case CV_BOOL: case CV_STRING: { int r = 0; cx_val_cmp(a, b, &r); return r; }
    case CV_LIST:
        for (uint32_t i = 0; i < a->n && i < b->n; i++) {
            int c = cx_val_order(g, &a->u.items[i], &b->u.items[i]);
            if (c) return c;
        }
        return (a->n > b->n) - (a->n < b->n);
    case CV_PATH: {
        const cx_path *p = a->u.path, *q = b->u.path;
        for (uint32_t i = 0; i <= p->nhops && i <= q->nhops; i++) {
            cg_cval x = { .t = CV_NODE, .u.id = p->nodes[i] }, y = { .t = CV_NODE, .u.id = q->nodes[i] };
            int c = cx_val_order(g, &x, &y);
            if (c) return c;
            if (i < p->nhops && i < q->nhops && p->edges[i] != q->edges[i])
                return p->edges[i] < q->edges[i] ? -1 : 1;
        }
        return (p->nhops > q->nhops) - (p->nhops < q->nhops);
    }
    default: return 0;
    }
}

int cx_val_equiv(const cg_cval *a, const cg_cval *b)
{
    if (a->t == CV_NULL || b->t == CV_NULL) return a->t == b->t;
    if (a->t == CV_FLOAT && b->t == CV_FLOAT && a->u.f != a->u.f && b->u.f != b->u.f) return 1;
    if (a->t == CV_LIST && b->t == CV_LIST) {
        if (a->n != b->n) return 0;
        for (uint32_t i = 0; i < a->n; i++)
            if (!cx_val_equiv(&a->u.items[i], &b->u.items[i])) return 0;
        return 1;
    }
    return cx_val_eq(a, b) == 1;
}

static uint64_t mix(uint64_t h, uint64_t x)
{
    h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

uint64_t cx_val_hash(const cg_graph *g, const cg_cval *v)
{
    switch (v->t) {
    case CV_NULL: return 1;
    case CV_BOOL: return v->u.b ? 3 : 2;
    case CV_INT: return mix(4, (uint64_t)v->u.i);
    case CV_FLOAT: {
        double d = v->u.f;
        if (d != d) return 5;
        if (d >= -9.2e18 && d <= 9.2e18 && d == floor(d)) return mix(4, (uint64_t)(int64_t)d);
        if (d == 0) d = 0;
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return mix(6, bits);
    }
    case CV_STRING: {
        /* equal text, equal hash: interned text by its pointer; other text
         * (a name, which is a copy; what the query made) by the pointer of
         * the pooled copy of its text when the pool has one, else by its
         * bytes (then no interned string can equal it) */
        const char *p = v->u.s;
        if (!v->interned) {
            size_t n = strlen(p);
            const char *q = cg_strpool_find(&g->strings, p, n);
            if (!q) return mix(8, cg_hash(p, n));
            p = q;
        }
        return mix(7, (uint64_t)(uintptr_t)p);
    }
    case CV_NODE: return mix(9, (uint64_t)v->u.id);
    case CV_EDGE: return mix(10, (uint64_t)v->u.id);
    case CV_LIST: {
        uint64_t h = mix(11, v->n);
        for (uint32_t i = 0; i < v->n; i++) h = mix(h, cx_val_hash(g, &v->u.items[i]));
        return h;
    }
    case CV_PATH: {
        const cx_path *p = v->u.path;
        uint64_t h = mix(12, p->nhops);
        for (uint32_t i = 0; i < p->nhops; i++) h = mix(h, (uint64_t)p->edges[i]);
        return mix(h, (uint64_t)p->nodes[0]);
    }
    default: return 0;
    }
}

void cx_val_copy(cg_arena *a, const cg_cval *src, cg_cval *dst)
{
    *dst = *src;
    switch (src->t) {
    case CV_STRING:
        if (!src->interned) dst->u.s = cg_arena_strndup(a, src->u.s, strlen(src->u.s));
        break;
    case CV_LIST: {
        cg_cval *items = src->n ? cg_arena_alloc(a, src->n * sizeof *items) : NULL;
        for (uint32_t i = 0; i < src->n; i++) cx_val_copy(a, &src->u.items[i], &items[i]);
        dst->u.items = items;
        break;
    }
    case CV_PATH: {
        const cx_path *p = src->u.path;
        cx_path *q = cg_arena_alloc(a, sizeof *q);
        int32_t *nodes = cg_arena_alloc(a, (p->nhops + 1) * sizeof *nodes);
        int32_t *edges = cg_arena_alloc(a, (p->nhops + 1) * sizeof *edges);
        memcpy(nodes, p->nodes, (p->nhops + 1) * sizeof *nodes);
        if (p->nhops) memcpy(edges, p->edges, p->nhops * sizeof *edges);
        q->nhops = p->nhops;
        q->nodes = nodes;
        q->edges = edges;
        dst->u.path = q;
        break;
    }
    default: break;
    }
}

/* ---- text and JSON ---- */

static void put_double(double d, cg_buf *b)
{
    char t[64];
    if (d != d) { cg_buf_puts(b, "NaN"); return; }
    if (isinf(d)) { cg_buf_puts(b, d > 0 ? "Infinity" : "-Infinity"); return; }
    cg_format_double(d, t, sizeof t);
    cg_buf_puts(b, t);
    if (!strpbrk(t, ".eE")) cg_buf_puts(b, ".0");
}

static void edge_text(const cg_graph *g, int32_t e, int reversed, cg_buf *b)
{
    const cg_edge *x = &g->edges[e];
    if (reversed) cg_buf_printf(b, "%s <-%s- %s", g->nodes[x->to].id, x->type, g->nodes[x->from].id);
    else cg_buf_printf(b, "%s -%s-> %s", g->nodes[x->from].id, x->type, g->nodes[x->to].id);
}


void cx_val_text(const cg_graph *g, const cg_cval *v, int tabular, cg_buf *b)
{
    char t[64];
    switch (v->t) {
    case CV_NULL: break;
    case CV_BOOL: cg_buf_puts(b, v->u.b ? "true" : "false"); break;
    case CV_INT: snprintf(t, sizeof t, "%lld", (long long)v->u.i); cg_buf_puts(b, t); break;
    case CV_FLOAT: put_double(v->u.f, b); break;
    case CV_STRING: cg_buf_puts(b, v->u.s); break;
    case CV_NODE: cg_buf_puts(b, g->nodes[v->u.id].id); break;
    case CV_EDGE: edge_text(g, v->u.id, 0, b); break;
    case CV_PATH: {
        /* a -t-> b <-u- c: arrows as walked */
        const cx_path *p = v->u.path;
        cg_buf_puts(b, g->nodes[p->nodes[0]].id);
        for (uint32_t i = 0; i < p->nhops; i++) {
            const cg_edge *x = &g->edges[p->edges[i]];
            int fwd = x->from == p->nodes[i];
            cg_buf_printf(b, fwd ? " -%s-> %s" : " <-%s- %s", x->type, g->nodes[p->nodes[i + 1]].id);
        }
        break;
    }
    case CV_LIST: {
        cg_buf item;
        cg_buf_init(&item);
        for (uint32_t i = 0; i < v->n; i++) {
            if (i) cg_buf_putc(b, tabular ? ';' : ',');
            cg_buf_reset(&item);
            const cg_cval *x = &v->u.items[i];
            if (x->t == CV_LIST) cx_val_json(g, x, &item);
            else cx_val_text(g, x, 0, &item);
            if (tabular) cg_list_put(b, item.data ? item.data : "");   /* SPEC 5 */
            else cg_buf_puts(b, item.data ? item.data : "");
        }
        cg_buf_destroy(&item);
        break;
    }
    default: break;
    }
}

/* s as a JSON string (the escapes of cg_writer_json_string) */
static void json_str(const char *s, cg_buf *b)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    if (!f) { cg_buf_puts(b, "\"\""); return; }
    cg_writer_json_string(f, s);
    fclose(f);
    cg_buf_append(b, mem, len);
    free(mem);
}

static void json_attrs(const cg_graph *g, int is_edge, const cg_attr *attrs, uint32_t n, cg_buf *b)
{
    for (uint32_t i = 0; i < n; i++) {
        cg_buf_putc(b, ',');
        json_str(attrs[i].key, b);
        cg_buf_putc(b, ':');
        cg_cval v;
        cx_attr_val(g, is_edge, &attrs[i], &v);
        cx_val_json(g, &v, b);
    }
}

static void json_node(const cg_graph *g, int32_t n, cg_buf *b)
{
    const cg_node *x = &g->nodes[n];
    cg_buf_puts(b, "{\"id\":"); json_str(x->id, b);
    cg_buf_puts(b, ",\"kind\":"); json_str(x->kind, b);
    cg_buf_puts(b, ",\"name\":"); json_str(x->name, b);
    cg_buf_puts(b, ",\"aliases\":[");
    for (uint32_t i = 0; i < x->naliases; i++) {
        if (i) cg_buf_putc(b, ',');
        json_str(x->aliases[i], b);
    }
    cg_buf_putc(b, ']');
    json_attrs(g, 0, x->attrs, x->nattrs, b);
    cg_buf_putc(b, '}');
}

static void json_edge(const cg_graph *g, int32_t e, cg_buf *b)
{
    const cg_edge *x = &g->edges[e];
    cg_buf_puts(b, "{\"from\":"); json_str(g->nodes[x->from].id, b);
    cg_buf_puts(b, ",\"to\":"); json_str(g->nodes[x->to].id, b);
    cg_buf_puts(b, ",\"type\":"); json_str(x->type, b);
    cg_buf_puts(b, ",\"date\":");
    if (x->date) json_str(x->date, b);
    else cg_buf_puts(b, "null");
    cg_buf_puts(b, ",\"source\":[");
    for (uint32_t i = 0; i < x->nsources; i++) {
        if (i) cg_buf_putc(b, ',');
        json_str(g->sources[cg_edge_sources(x)[i]].id, b);
    }
    cg_buf_putc(b, ']');
    json_attrs(g, 1, cg_edge_attrs(x), x->nattrs, b);
    cg_buf_putc(b, '}');
}

void cx_val_json(const cg_graph *g, const cg_cval *v, cg_buf *b)
{
    switch (v->t) {
    case CV_NULL: cg_buf_puts(b, "null"); break;
    case CV_FLOAT:
        if (v->u.f != v->u.f || isinf(v->u.f)) { cg_buf_puts(b, "null"); break; }
        /* fall through */
    case CV_BOOL: case CV_INT: cx_val_text(g, v, 0, b); break;
    case CV_STRING: json_str(v->u.s, b); break;
    case CV_NODE: json_node(g, v->u.id, b); break;
    case CV_EDGE: json_edge(g, v->u.id, b); break;
    case CV_PATH: {
        const cx_path *p = v->u.path;
        cg_buf_putc(b, '[');
        json_node(g, p->nodes[0], b);
        for (uint32_t i = 0; i < p->nhops; i++) {
            cg_buf_putc(b, ',');
            json_edge(g, p->edges[i], b);
            cg_buf_putc(b, ',');
            json_node(g, p->nodes[i + 1], b);
        }
        cg_buf_putc(b, ']');
        break;
    }
    case CV_LIST:
        cg_buf_putc(b, '[');
        for (uint32_t i = 0; i < v->n; i++) {
            if (i) cg_buf_putc(b, ',');
            cx_val_json(g, &v->u.items[i], b);
        }
        cg_buf_putc(b, ']');
        break;
    default: cg_buf_puts(b, "null"); break;
    }
}

/* ---- =~ ---- */

int cx_regex_compile(const char *pat, void *out, char *msg, size_t msgsz)
{
    regex_t *re = out;
    int flags = REG_EXTENDED | REG_NOSUB;
    if (strncmp(pat, "(?i)", 4) == 0) { flags |= REG_ICASE; pat += 4; }   /* Java's flag, as Neo4j users write it */
    locale_t loc = cg_utf8_locale(), old = loc ? uselocale(loc) : (locale_t)0;
    /* alone first: wrapping would make `a)|(b` valid */
    regex_t probe;
    int rc = regcomp(&probe, pat, flags);
    if (rc == 0) {
        regfree(&probe);
        size_t n = strlen(pat);
        char *w = cg_xmalloc(n + 5);
        snprintf(w, n + 5, "^(%s)$", pat);
        rc = regcomp(re, w, flags);
        free(w);
        if (rc != 0) regerror(rc, re, msg, msgsz);
    } else {
        regerror(rc, &probe, msg, msgsz);
    }
    if (loc) uselocale(old);
    return rc == 0 ? 0 : -1;
}

int cx_regex_match(const void *re, const char *s)
{
    locale_t loc = cg_utf8_locale(), old = loc ? uselocale(loc) : (locale_t)0;
    int r = regexec(re, s, 0, NULL, 0) == 0;
    if (loc) uselocale(old);
    return r;
}
