/* cypher_bind.c - resolves a parsed match query against the loaded graph
 * (doc/match.md §4): variables to slots, kinds and types to numbers of the
 * index, property keys to interned pointers, functions checked, static
 * types, property maps and kind tests turned into conditions, the return
 * items split into grouping keys and aggregates, order by's scope.  After
 * it, the planner and the executor trust the query. */
#include "cypher_int.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suggest.h"

typedef struct bx {
    cg_cypher *c;
    const cg_graph *g;
    const cg_cypher_index *ix;
    cg_error *err;
    cg_cypher_note_fn note;
    void *note_ctx;
} bx;

enum { IN_WHERE, IN_MAP, IN_RETURN, IN_ORDER, IN_AGG };

static int bx_fail(bx *b, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bx_fail(bx *b, int col, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cg_error_set(b->err, col, "%s", msg);
    return -1;
}

/* the expression's source text, for messages (cut, control characters escaped) */
static const char *src_text(const bx *b, const cx_expr *e, char *buf, size_t n)
{
    char raw[200];
    snprintf(raw, sizeof raw, "%.*s", (int)(e->len < 190 ? e->len : 190), b->c->text + e->off);
    cg_escape_safe(raw, buf, n);
    return buf;
}

static const char *type_name(cx_type t)
{
    static const char *const names[] = { "any value", "null", "a boolean", "an integer", "a float",
                                         "a string", "a list", "a node", "an edge", "a path" };
    return names[t];
}

static void *bx_alloc(bx *b, size_t n) { void *p = cg_arena_alloc(&b->c->arena, n ? n : 1); memset(p, 0, n ? n : 1); return p; }

static void push_cond(bx *b, cx_expr *e)
{
    cg_cypher *c = b->c;
    cx_expr **a = cg_arena_alloc(&c->arena, (c->nconds + 1) * sizeof *a);
    if (c->nconds) memcpy(a, c->conds, c->nconds * sizeof *a);
    a[c->nconds++] = e;
    c->conds = a;
}

/* ---- slots ---- */

static int find_slot(const cg_cypher *c, const char *name)
{
    for (size_t i = 0; i < c->nslots; i++)
        if (c->slots[i].name && strcmp(c->slots[i].name, name) == 0) return (int)i;
    return -1;
}

static int new_slot(bx *b, cx_slotkind k, const char *name, int pat, int pos)
{
    cg_cypher *c = b->c;
    cx_slot *s = cg_arena_alloc(&c->arena, (c->nslots + 1) * sizeof *s);
    if (c->nslots) memcpy(s, c->slots, c->nslots * sizeof *s);
    s[c->nslots] = (cx_slot){ .kind = k, .name = name, .pat = pat, .pos = pos };
    c->slots = s;
    return (int)c->nslots++;
}

static const char *slot_what(cx_slotkind k)
{
    switch (k) {
    case SL_NODE: return "a node";
    case SL_EDGE: return "an edge";
    case SL_EDGES: return "a list of edges (a variable-length edge)";
    default: return "a path";
    }
}

static cx_expr *mk_var(bx *b, int slot, int col)
{
    cx_expr *v = bx_alloc(b, sizeof *v);
    v->op = CX_VAR;
    v->col = col;
    v->u.var.slot = slot;
    v->u.var.name = b->c->slots[slot].name;
    v->type = b->c->slots[slot].kind == SL_NODE ? CX_T_NODE : CX_T_EDGE;
    return v;
}

/* ---- kinds and types ---- */

static int lookup_name(const char *const *names, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], w) == 0) return (int)i;
    return -1;
}

/* The numbers of names[0..n) among the kinds (is_type 0) or types in use;
 * an unknown one is an error with a suggestion. */
static int resolve_labels(bx *b, const char *const *names, size_t n, int is_type, const int *cols, int col0, uint16_t **out)
{
    const cg_cypher_index *ix = b->ix;
    const char *const *inuse = is_type ? ix->type_name : ix->kind_name;
    size_t ninuse = is_type ? ix->ntypes : ix->nkinds;
    uint16_t *ids = bx_alloc(b, n * sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        int k = lookup_name(inuse, ninuse, names[i]);
        if (k >= 0) { ids[i] = (uint16_t)k; continue; }
        int col = cols ? cols[i] : col0;
        char shown[200];
        cg_escape_safe(names[i], shown, sizeof shown);
        int declared = is_type ? cg_graph_find_type(b->g, names[i]) >= 0 : cg_graph_find_kind(b->g, names[i]) >= 0;
        if (declared)
            return bx_fail(b, col, "no %s in this graph has %s '%s'", is_type ? "edge" : "node", is_type ? "type" : "kind", shown);
        cg_suggest s;
        char sug[400];
        cg_suggest_init(&s, names[i], 3, 0);
        cg_suggest_words(&s, inuse, ninuse);
        cg_suggest_text(&s, sug, sizeof sug);
        cg_suggest_destroy(&s);
        const char *other = "";
        if (!sug[0] && lookup_name(is_type ? ix->kind_name : ix->type_name, is_type ? ix->nkinds : ix->ntypes, names[i]) >= 0)
            other = is_type ? " (it is a kind: kinds go in a node pattern)" : " (it is an edge type: types go in an edge pattern)";
        return bx_fail(b, col, "unknown %s '%s'%s%s", is_type ? "edge type" : "kind", shown, sug, other);
    }
    *out = ids;
    return 0;
}

/* ---- expressions ---- */

static int bind_expr(bx *b, cx_expr *e, int where);

static const char *const fn_names[] = { "type", "labels", "size", "length", "nodes", "relationships",
                                        "tolower", "toupper", "coalesce", "count", "collect", "min",
                                        "max", "sum", "avg" };

static int key_known(const cg_keyinfo *keys, size_t n, const char *key, cg_valtype *t)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i].key, key) == 0) { if (t) *t = keys[i].type; return 1; }
    return 0;
}

static cx_type valtype_to(cg_valtype t)
{
    switch (t) {
    case CG_VAL_INT: return CX_T_INT;
    case CG_VAL_DOUBLE: return CX_T_FLOAT;
    case CG_VAL_BOOL: return CX_T_BOOL;
    default: return CX_T_STRING;
    }
}

static int bind_prop(bx *b, cx_expr *e, int where)
{
    cx_expr *obj = e->u.prop.obj;
    if (bind_expr(b, obj, where) < 0) return -1;
    const char *key = e->u.prop.key;
    char shown[200], os[200];
    cg_escape_safe(key, shown, sizeof shown);
    if (obj->type != CX_T_NODE && obj->type != CX_T_EDGE)
        return bx_fail(b, e->col, "a property is read from a node or an edge; %s is %s",
                       src_text(b, obj, os, sizeof os), obj->type == CX_T_LIST && obj->op == CX_VAR ? "a list of edges (a variable-length edge)" : type_name(obj->type));
    int is_edge = obj->type == CX_T_EDGE;
    static const struct { const char *k; int edge, code; cx_type t; } builtins[] = {
        { "id", 0, CX_P_ID, CX_T_STRING }, { "kind", 0, CX_P_KIND, CX_T_STRING },
        { "name", 0, CX_P_NAME, CX_T_STRING }, { "aliases", 0, CX_P_ALIASES, CX_T_LIST },
        { "type", 1, CX_P_TYPE, CX_T_STRING }, { "date", 1, CX_P_DATE, CX_T_STRING },
        { "source", 1, CX_P_SOURCE, CX_T_LIST },
    };
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (builtins[i].edge == is_edge && strcmp(builtins[i].k, key) == 0) {
            e->aux = builtins[i].code;
            e->type = builtins[i].t;
            return 0;
        }
    const cg_keyinfo *keys = is_edge ? b->g->edge_keys : b->g->node_keys;
    size_t nkeys = is_edge ? b->g->nedge_keys : b->g->nnode_keys;
    cg_valtype vt;
    if (key_known(keys, nkeys, key, &vt)) {
        e->aux = CX_P_ATTR;
        e->ptr = cg_strpool_find(&b->g->strings, key, strlen(key));
        e->type = valtype_to(vt);
        e->column = cx_index_column(b->ix, is_edge, e->ptr);
        return 0;
    }
    if (is_edge && (strcmp(key, "from") == 0 || strcmp(key, "to") == 0))
        return bx_fail(b, e->col, "an edge's ends are the nodes of its pattern: (a)-[e]->(b), then a.id");
    if (!is_edge && strcmp(key, "type") == 0)
        return bx_fail(b, e->col, "a node has no property 'type'; its kind is %s.kind", src_text(b, obj, os, sizeof os));
    if (is_edge && strcmp(key, "kind") == 0)
        return bx_fail(b, e->col, "an edge has no property 'kind'; its type is %s.type", src_text(b, obj, os, sizeof os));
    const cg_keyinfo *okeys = is_edge ? b->g->node_keys : b->g->edge_keys;
    size_t nokeys = is_edge ? b->g->nnode_keys : b->g->nedge_keys;
    static const char *const nb[] = { "id", "kind", "name", "aliases" }, *const eb[] = { "type", "date", "source" };
    int other = key_known(okeys, nokeys, key, NULL) || lookup_name(is_edge ? nb : eb, is_edge ? 4 : 3, key) >= 0;
    cg_suggest s;
    char sug[400];
    cg_suggest_init(&s, key, 3, 0);
    cg_suggest_words(&s, is_edge ? eb : nb, is_edge ? 3 : 4);
    for (size_t i = 0; i < nkeys; i++) cg_suggest_offer(&s, keys[i].key);
    cg_suggest_text(&s, sug, sizeof sug);
    cg_suggest_destroy(&s);
    if (other) sug[0] = 0;   /* the other kind of entity has it: that is the news */
    return bx_fail(b, e->col, "no %s has property '%s'%s%s", is_edge ? "edge" : "node", shown,
                   other ? (is_edge ? " (nodes do)" : " (edges do)") : "", sug);
}

static int need_cond(bx *b, const cx_expr *x, const char *what)
{
    if (x->type == CX_T_BOOL || x->type == CX_T_NULL || x->type == CX_T_ANY) return 0;
    char t[200];
    return bx_fail(b, x->col, "%s needs a condition; %s is %s", what, src_text(b, x, t, sizeof t), type_name(x->type));
}

static int arg_type(bx *b, cx_expr *e, const cx_expr *a, const char *fn, const char *want, int ok)
{
    if (ok || a->type == CX_T_ANY || a->type == CX_T_NULL) return 0;
    char t[200];
    return bx_fail(b, a->col, "%s() takes %s; %s is %s", fn, want, src_text(b, a, t, sizeof t), type_name(a->type));
    (void)e;
}

static int compile_regex(bx *b, cx_expr *e)
{
    const cx_expr *pat = e->u.bin.b;
    if (pat->op != CX_LIT || pat->u.lit.t != CV_STRING) return 0;
    regex_t *re = cg_arena_alloc(&b->c->arena, sizeof *re);
    char msg[200] = "";
    if (cx_regex_compile(pat->u.lit.u.s, re, msg, sizeof msg) < 0)
        return bx_fail(b, pat->col, "invalid regular expression: %s", msg);
    cg_cypher *c = b->c;
    void **a = cg_arena_alloc(&c->arena, (c->nregexes + 1) * sizeof *a);
    if (c->nregexes) memcpy(a, c->regexes, c->nregexes * sizeof *a);
    a[c->nregexes++] = re;
    c->regexes = a;
    e->ptr = re;
    return 0;
}

static int bind_call(bx *b, cx_expr *e, int where)
{
    const char *nm = e->u.call.name;
    char shown[200];
    cg_escape_safe(nm, shown, sizeof shown);
    if (e->u.call.fn == CX_FN_UNKNOWN) {
        if (strcasecmp(nm, "id") == 0 || strcasecmp(nm, "elementId") == 0)
            return bx_fail(b, e->col, "%s() is not in the subset: a node's id is v.id", shown);
        if (strcasecmp(nm, "rels") == 0)
            return bx_fail(b, e->col, "unknown function 'rels'; did you mean 'relationships'?");
        cg_suggest s;
        char sug[400];
        cg_suggest_init(&s, nm, 3, 1);
        cg_suggest_words(&s, fn_names, sizeof fn_names / sizeof *fn_names);
        cg_suggest_text(&s, sug, sizeof sug);
        cg_suggest_destroy(&s);
        return bx_fail(b, e->col, "unknown function '%s'%s", shown, sug);
    }
    if (e->op == CX_AGG) {
        if (where == IN_WHERE || where == IN_MAP)
            return bx_fail(b, e->col, "an aggregate (%s) cannot be used in %s", shown, where == IN_WHERE ? "where" : "a property map");
        if (where == IN_AGG)
            return bx_fail(b, e->col, "an aggregate (%s) cannot be inside another aggregate", shown);
    }
    size_t n = e->u.call.n;
    int fn = e->u.call.fn;
    if (fn == CX_FN_COALESCE ? n == 0 : n != 1)
        return bx_fail(b, e->col, "%s() takes %s argument%s, not %zu", shown, fn == CX_FN_COALESCE ? "at least one" : "one",
                       fn == CX_FN_COALESCE ? "" : "", n);
    for (size_t i = 0; i < n; i++)
        if (bind_expr(b, e->u.call.args[i], e->op == CX_AGG ? IN_AGG : where) < 0) return -1;
    const cx_expr *a = e->u.call.args[0];
    cx_type at = a->type;
    switch (fn) {
    case CX_FN_TYPE: e->type = CX_T_STRING; return arg_type(b, e, a, shown, "an edge", at == CX_T_EDGE);
    case CX_FN_LABELS: e->type = CX_T_LIST; return arg_type(b, e, a, shown, "a node", at == CX_T_NODE);
    case CX_FN_SIZE: e->type = CX_T_INT; return arg_type(b, e, a, shown, "a string or a list", at == CX_T_STRING || at == CX_T_LIST);
    case CX_FN_LENGTH:
        e->type = CX_T_INT;
        if (at == CX_T_STRING || at == CX_T_LIST) {
            char t[200];
            return bx_fail(b, a->col, "length() takes a path; for %s, %s, use size()", src_text(b, a, t, sizeof t), type_name(at));
        }
        return arg_type(b, e, a, shown, "a path", at == CX_T_PATH);
    case CX_FN_NODES: case CX_FN_RELATIONSHIPS:
        e->type = CX_T_LIST;
        return arg_type(b, e, a, shown, "a path", at == CX_T_PATH);
    case CX_FN_TOLOWER: case CX_FN_TOUPPER:
        e->type = CX_T_STRING;
        return arg_type(b, e, a, shown, "a string", at == CX_T_STRING);
    case CX_FN_COALESCE: {
        cx_type t = CX_T_NULL;
        for (size_t i = 0; i < n; i++) {
            cx_type x = e->u.call.args[i]->type;
            if (x == CX_T_NULL) continue;
            t = t == CX_T_NULL || t == x ? x : CX_T_ANY;
        }
        e->type = t;
        return 0;
    }
    case CX_FN_COUNT: e->type = CX_T_INT; return 0;
    case CX_FN_COLLECT: e->type = CX_T_LIST; return 0;
    case CX_FN_MIN: case CX_FN_MAX: e->type = at == CX_T_NULL ? CX_T_NULL : at; return 0;
    case CX_FN_SUM: case CX_FN_AVG:
        e->type = fn == CX_FN_AVG ? CX_T_FLOAT : at == CX_T_INT ? CX_T_INT : at == CX_T_FLOAT ? CX_T_FLOAT : CX_T_ANY;
        return arg_type(b, e, a, shown, "numbers", at == CX_T_INT || at == CX_T_FLOAT);
    default: return 0;
    }
}

static int bind_expr(bx *b, cx_expr *e, int where)
{
    char t[200];
    switch (e->op) {
    case CX_LIT:
        switch (e->u.lit.t) {
        case CV_NULL: e->type = CX_T_NULL; break;
        case CV_BOOL: e->type = CX_T_BOOL; break;
        case CV_INT: e->type = CX_T_INT; break;
        case CV_FLOAT: e->type = CX_T_FLOAT; break;
        default: e->type = CX_T_STRING; cx_val_canon(b->g, &e->u.lit); break;
        }
        return 0;
    case CX_VAR: {
        int s = e->u.var.slot >= 0 ? e->u.var.slot : find_slot(b->c, e->u.var.name);
        if (s < 0) {
            if (where == IN_MAP) return bx_fail(b, e->col, "a property map value cannot use a variable; write the condition in where");
            char shown[200], sug[400];
            cg_escape_safe(e->u.var.name, shown, sizeof shown);
            cg_suggest sg;
            cg_suggest_init(&sg, e->u.var.name, 3, 0);
            for (size_t i = 0; i < b->c->nslots; i++)
                if (b->c->slots[i].name) cg_suggest_offer(&sg, b->c->slots[i].name);
            if (where == IN_ORDER)
                for (size_t i = 0; i < b->c->q.nitems; i++)
                    if (b->c->q.items[i].alias) cg_suggest_offer(&sg, b->c->q.items[i].alias);
            cg_suggest_text(&sg, sug, sizeof sug);
            cg_suggest_destroy(&sg);
            return bx_fail(b, e->col, "unknown variable '%s'%s", shown, sug);
        }
        if (where == IN_MAP && e->u.var.slot < 0) return bx_fail(b, e->col, "a property map value cannot use a variable; write the condition in where");
        e->u.var.slot = s;
        switch (b->c->slots[s].kind) {
        case SL_NODE: e->type = CX_T_NODE; break;
        case SL_EDGE: e->type = CX_T_EDGE; break;
        case SL_EDGES: e->type = CX_T_LIST; break;
        default: e->type = CX_T_PATH; break;
        }
        return 0;
    }
    case CX_PROP: return bind_prop(b, e, where);
    case CX_LABELS_TEST: {
        cx_expr *obj = e->u.labels.obj;
        if (bind_expr(b, obj, where) < 0) return -1;
        if (obj->type != CX_T_NODE && obj->type != CX_T_EDGE)
            return bx_fail(b, e->col, "a kind test (v:kind) takes a node or an edge; %s is %s", src_text(b, obj, t, sizeof t), type_name(obj->type));
        uint16_t *ids;
        if (resolve_labels(b, e->u.labels.kinds, e->u.labels.n, obj->type == CX_T_EDGE, e->u.labels.cols, e->col, &ids) < 0) return -1;
        e->ptr = ids;
        e->aux = obj->type == CX_T_EDGE;
        e->type = CX_T_BOOL;
        return 0;
    }
    case CX_NOT:
        if (bind_expr(b, e->u.bin.a, where) < 0 || need_cond(b, e->u.bin.a, "not") < 0) return -1;
        e->type = CX_T_BOOL;
        return 0;
    case CX_AND: case CX_OR: case CX_XOR: {
        const char *w = e->op == CX_AND ? "and" : e->op == CX_OR ? "or" : "xor";
        if (bind_expr(b, e->u.bin.a, where) < 0 || bind_expr(b, e->u.bin.b, where) < 0) return -1;
        if (need_cond(b, e->u.bin.a, w) < 0 || need_cond(b, e->u.bin.b, w) < 0) return -1;
        e->type = CX_T_BOOL;
        return 0;
    }
    case CX_EQ: case CX_NE: case CX_LT: case CX_LE: case CX_GT: case CX_GE:
    case CX_STARTS: case CX_ENDS: case CX_CONTAINS: case CX_REGEX: case CX_IN:
        if (bind_expr(b, e->u.bin.a, where) < 0 || bind_expr(b, e->u.bin.b, where) < 0) return -1;
        e->type = CX_T_BOOL;
        if (e->op == CX_IN) {
            cx_type lt = e->u.bin.b->type;
            if (lt != CX_T_LIST && lt != CX_T_NULL && lt != CX_T_ANY)
                return bx_fail(b, e->u.bin.b->col, "in takes a list; %s is %s", src_text(b, e->u.bin.b, t, sizeof t), type_name(lt));
        }
        if (e->op == CX_REGEX && compile_regex(b, e) < 0) return -1;
        if ((e->op == CX_LT || e->op == CX_LE || e->op == CX_GT || e->op == CX_GE || e->op == CX_EQ || e->op == CX_NE) &&
            b->note) {
            const cx_expr *x = e->u.bin.a, *y = e->u.bin.b;
            if (y->op == CX_PROP) { const cx_expr *z = x; x = y; y = z; }
            if (x->op == CX_PROP && x->aux == CX_P_DATE && y->op == CX_LIT && (y->u.lit.t == CV_INT || y->u.lit.t == CV_FLOAT)) {
                char msg[300];
                snprintf(msg, sizeof msg, "dates are text: %.*s compares with a number and is never true; write '%.*s'",
                         (int)x->len, b->c->text + x->off, (int)y->len, b->c->text + y->off);
                b->note(b->note_ctx, msg);
            }
        }
        return 0;
    case CX_IS_NULL: case CX_IS_NOT_NULL:
        if (bind_expr(b, e->u.bin.a, where) < 0) return -1;
        e->type = CX_T_BOOL;
        return 0;
    case CX_LIST:
        for (size_t i = 0; i < e->u.list.n; i++)
            if (bind_expr(b, e->u.list.items[i], where) < 0) return -1;
        e->type = CX_T_LIST;
        return 0;
    case CX_CALL: case CX_AGG: return bind_call(b, e, where);
    case CX_COUNT_STAR:
        if (where == IN_WHERE || where == IN_MAP)
            return bx_fail(b, e->col, "an aggregate (count(*)) cannot be used in %s", where == IN_WHERE ? "where" : "a property map");
        if (where == IN_AGG) return bx_fail(b, e->col, "an aggregate (count(*)) cannot be inside another aggregate");
        e->type = CX_T_INT;
        return 0;
    default:
        return 0;
    }
}

/* ---- structure ---- */

int cx_expr_same(const cx_expr *a, const cx_expr *b)
{
    if (a->op != b->op) return 0;
    switch (a->op) {
    case CX_LIT:
        if (a->u.lit.t != b->u.lit.t) return 0;
        switch (a->u.lit.t) {
        case CV_NULL: return 1;
        case CV_BOOL: return !a->u.lit.u.b == !b->u.lit.u.b;
        case CV_INT: return a->u.lit.u.i == b->u.lit.u.i;
        case CV_FLOAT: return a->u.lit.u.f == b->u.lit.u.f;
        default: return strcmp(a->u.lit.u.s, b->u.lit.u.s) == 0;
        }
    case CX_VAR: return strcmp(a->u.var.name, b->u.var.name) == 0;
    case CX_PROP: return strcmp(a->u.prop.key, b->u.prop.key) == 0 && cx_expr_same(a->u.prop.obj, b->u.prop.obj);
    case CX_LABELS_TEST:
        if (a->u.labels.n != b->u.labels.n || !cx_expr_same(a->u.labels.obj, b->u.labels.obj)) return 0;
        for (size_t i = 0; i < a->u.labels.n; i++)
            if (strcmp(a->u.labels.kinds[i], b->u.labels.kinds[i]) != 0) return 0;
        return 1;
    case CX_NOT: case CX_IS_NULL: case CX_IS_NOT_NULL: return cx_expr_same(a->u.bin.a, b->u.bin.a);
    case CX_LIST:
        if (a->u.list.n != b->u.list.n) return 0;
        for (size_t i = 0; i < a->u.list.n; i++)
            if (!cx_expr_same(a->u.list.items[i], b->u.list.items[i])) return 0;
        return 1;
    case CX_CALL: case CX_AGG:
        if (a->u.call.fn != b->u.call.fn || a->u.call.n != b->u.call.n || a->u.call.distinct != b->u.call.distinct) return 0;
        for (size_t i = 0; i < a->u.call.n; i++)
            if (!cx_expr_same(a->u.call.args[i], b->u.call.args[i])) return 0;
        return 1;
    case CX_COUNT_STAR: return 1;
    case CX_COLUMN: return a->u.column == b->u.column;
    default: return cx_expr_same(a->u.bin.a, b->u.bin.a) && cx_expr_same(a->u.bin.b, b->u.bin.b);
    }
}

void cx_expr_slots(const cg_cypher *c, const cx_expr *e, unsigned char *set)
{
    switch (e->op) {
    case CX_LIT: case CX_COUNT_STAR: case CX_COLUMN: return;
    case CX_VAR: {
        int s = e->u.var.slot;
        set[s] = 1;
        const cx_slot *sl = &c->slots[s];
        if (sl->kind == SL_PATH) {   /* a path needs every element of its pattern */
            const cx_pattern *p = &c->q.pats[sl->pat];
            for (size_t i = 0; i <= p->nrels; i++) set[c->nslot[sl->pat][i]] = 1;
            for (size_t i = 0; i < p->nrels; i++) set[c->brels[sl->pat][i].edge] = 1;
        }
        return;
    }
    case CX_PROP: cx_expr_slots(c, e->u.prop.obj, set); return;
    case CX_LABELS_TEST: cx_expr_slots(c, e->u.labels.obj, set); return;
    case CX_NOT: case CX_IS_NULL: case CX_IS_NOT_NULL: cx_expr_slots(c, e->u.bin.a, set); return;
    case CX_LIST: for (size_t i = 0; i < e->u.list.n; i++) cx_expr_slots(c, e->u.list.items[i], set); return;
    case CX_CALL: case CX_AGG: for (size_t i = 0; i < e->u.call.n; i++) cx_expr_slots(c, e->u.call.args[i], set); return;
    default: cx_expr_slots(c, e->u.bin.a, set); cx_expr_slots(c, e->u.bin.b, set); return;
    }
}

static int has_agg(const cx_expr *e)
{
    switch (e->op) {
    case CX_AGG: case CX_COUNT_STAR: return 1;
    case CX_LIT: case CX_VAR: case CX_COLUMN: return 0;
    case CX_PROP: return has_agg(e->u.prop.obj);
    case CX_LABELS_TEST: return has_agg(e->u.labels.obj);
    case CX_NOT: case CX_IS_NULL: case CX_IS_NOT_NULL: return has_agg(e->u.bin.a);
    case CX_LIST: for (size_t i = 0; i < e->u.list.n; i++) if (has_agg(e->u.list.items[i])) return 1; return 0;
    case CX_CALL: for (size_t i = 0; i < e->u.call.n; i++) if (has_agg(e->u.call.args[i])) return 1; return 0;
    default: return has_agg(e->u.bin.a) || has_agg(e->u.bin.b);
    }
}

/* In an aggregating item: collect the aggregate calls; everything outside
 * them must be a literal or equal to a grouping key (rewritten to it). */
static int split_agg_item(bx *b, cx_expr **ep, const cx_item *keys, const int *is_key, size_t nitems)
{
    cx_expr *e = *ep;
    cg_cypher *c = b->c;
    if (e->op == CX_AGG || e->op == CX_COUNT_STAR) {
        cx_expr **a = cg_arena_alloc(&c->arena, (c->nagg + 1) * sizeof *a);
        if (c->nagg) memcpy(a, c->aggs, c->nagg * sizeof *a);
        e->aux = (int)c->nagg;
        a[c->nagg++] = e;
        c->aggs = a;
        return 0;
    }
    if (e->op == CX_LIT) return 0;
    if (!has_agg(e)) {
        for (size_t k = 0; k < nitems; k++)
            if (is_key[k] && cx_expr_same(keys[k].e, e)) {
                cx_expr *col = bx_alloc(b, sizeof *col);
                *col = *e;
                col->op = CX_COLUMN;
                col->u.column = (int)k;
                *ep = col;
                return 0;
            }
        char t[200];
        return bx_fail(b, e->col, "%s may be used beside an aggregate only if it is also returned on its own", src_text(b, e, t, sizeof t));
    }
    switch (e->op) {
    case CX_PROP: return split_agg_item(b, &e->u.prop.obj, keys, is_key, nitems);
    case CX_LABELS_TEST: return split_agg_item(b, &e->u.labels.obj, keys, is_key, nitems);
    case CX_NOT: case CX_IS_NULL: case CX_IS_NOT_NULL: return split_agg_item(b, &e->u.bin.a, keys, is_key, nitems);
    case CX_LIST:
        for (size_t i = 0; i < e->u.list.n; i++)
            if (split_agg_item(b, &e->u.list.items[i], keys, is_key, nitems) < 0) return -1;
        return 0;
    case CX_CALL:
        for (size_t i = 0; i < e->u.call.n; i++)
            if (split_agg_item(b, &e->u.call.args[i], keys, is_key, nitems) < 0) return -1;
        return 0;
    default:
        if (split_agg_item(b, &e->u.bin.a, keys, is_key, nitems) < 0) return -1;
        return split_agg_item(b, &e->u.bin.b, keys, is_key, nitems);
    }
}

/* The return column e names (an alias) or equals, or -1. */
static int item_column(const cg_cypher *c, const cx_expr *e)
{
    if (e->op == CX_VAR)
        for (size_t k = 0; k < c->nitems; k++)
            if (c->items[k].alias && strcmp(c->items[k].alias, e->u.var.name) == 0) return (int)k;
    for (size_t k = 0; k < c->nitems; k++)
        if (cx_expr_same(c->items[k].e, e)) return (int)k;
    return -1;
}

/* order by with distinct or aggregation: what equals a return item (or
 * names its alias) becomes that column; strict: anything else reading the
 * match is an error (else 1 is returned for it). */
static int order_to_columns(bx *b, cx_expr **ep, int strict)
{
    cx_expr *e = *ep;
    cg_cypher *c = b->c;
    if (e->op == CX_LIT || e->op == CX_COLUMN) return 0;
    int k = item_column(c, e);
    if (k >= 0) {
        cx_expr *col = bx_alloc(b, sizeof *col);
        *col = *e;
        col->op = CX_COLUMN;
        col->u.column = k;
        col->type = c->items[k].e->type;
        *ep = col;
        return 0;
    }
    if (!strict) return 1;
    switch (e->op) {
    case CX_VAR: case CX_AGG: case CX_COUNT_STAR: {
        char t[200];
        return bx_fail(b, e->col, "with distinct or an aggregate, order by can use only what is returned; %s is not", src_text(b, e, t, sizeof t));
    }
    case CX_PROP: return order_to_columns(b, &e->u.prop.obj, 1);
    case CX_LABELS_TEST: return order_to_columns(b, &e->u.labels.obj, 1);
    case CX_NOT: case CX_IS_NULL: case CX_IS_NOT_NULL: return order_to_columns(b, &e->u.bin.a, 1);
    case CX_LIST:
        for (size_t i = 0; i < e->u.list.n; i++)
            if (order_to_columns(b, &e->u.list.items[i], 1) < 0) return -1;
        return 0;
    case CX_CALL:
        for (size_t i = 0; i < e->u.call.n; i++)
            if (order_to_columns(b, &e->u.call.args[i], 1) < 0) return -1;
        return 0;
    default:
        if (order_to_columns(b, &e->u.bin.a, 1) < 0) return -1;
        return order_to_columns(b, &e->u.bin.b, 1);
    }
}

/* order by without distinct or aggregation: an alias names its column */
static void order_aliases(bx *b, cx_expr **ep)
{
    cx_expr *e = *ep;
    cg_cypher *c = b->c;
    switch (e->op) {
    case CX_VAR:
        for (size_t k = 0; k < c->nitems; k++)
            if (c->items[k].alias && strcmp(c->items[k].alias, e->u.var.name) == 0) {
                cx_expr *col = bx_alloc(b, sizeof *col);
                *col = *e;
                col->op = CX_COLUMN;
                col->u.column = (int)k;
                *ep = col;
                return;
            }
        return;
    case CX_LIT: case CX_COUNT_STAR: case CX_COLUMN: return;
    case CX_PROP: order_aliases(b, &e->u.prop.obj); return;
    case CX_LABELS_TEST: order_aliases(b, &e->u.labels.obj); return;
    case CX_NOT: case CX_IS_NULL: case CX_IS_NOT_NULL: order_aliases(b, &e->u.bin.a); return;
    case CX_LIST: for (size_t i = 0; i < e->u.list.n; i++) order_aliases(b, &e->u.list.items[i]); return;
    case CX_CALL: case CX_AGG: for (size_t i = 0; i < e->u.call.n; i++) order_aliases(b, &e->u.call.args[i]); return;
    default: order_aliases(b, &e->u.bin.a); order_aliases(b, &e->u.bin.b); return;
    }
}

/* a map {k: v, ...} on slot s into conditions (econd: per-edge tests) */
static int bind_map(bx *b, const cx_map *m, int slot, int col, cx_expr ***econds, size_t *necond)
{
    if (!m) return 0;
    for (size_t i = 0; i < m->n; i++) {
        if (bind_expr(b, m->vals[i], IN_MAP) < 0) return -1;
        cx_expr *p = bx_alloc(b, sizeof *p);
        p->op = CX_PROP;
        p->col = m->cols ? m->cols[i] : col;
        p->u.prop.obj = mk_var(b, slot, col);
        p->u.prop.key = m->keys[i];
        if (bind_prop(b, p, IN_WHERE) < 0) return -1;
        cx_expr *eq = bx_alloc(b, sizeof *eq);
        eq->op = CX_EQ;
        eq->col = p->col;
        eq->type = CX_T_BOOL;
        eq->u.bin.a = p;
        eq->u.bin.b = m->vals[i];
        if (econds) {
            cx_expr **a = cg_arena_alloc(&b->c->arena, (*necond + 1) * sizeof *a);
            if (*necond) memcpy(a, *econds, *necond * sizeof *a);
            a[(*necond)++] = eq;
            *econds = a;
        } else {
            push_cond(b, eq);
        }
    }
    return 0;
}

static void split_and(bx *b, cx_expr *e)
{
    if (e->op == CX_AND) { split_and(b, e->u.bin.a); split_and(b, e->u.bin.b); return; }
    push_cond(b, e);
}

static int bind_patterns(bx *b)
{
    cg_cypher *c = b->c;
    cx_query *q = &c->q;
    c->brels = bx_alloc(b, q->npats * sizeof *c->brels);
    c->nslot = bx_alloc(b, q->npats * sizeof *c->nslot);
    size_t nrels = 0;
    for (size_t p = 0; p < q->npats; p++) nrels += q->pats[p].nrels;
    if (nrels > 64)
        return bx_fail(b, q->pats[0].col, "a match has at most 64 edge patterns (this one has %zu)", nrels);
    /* path names first: they must not be reused */
    for (size_t p = 0; p < q->npats; p++) {
        cx_pattern *pat = &q->pats[p];
        if (!pat->path_var) continue;
        if (find_slot(c, pat->path_var) >= 0)
            return bx_fail(b, pat->col, "path variable '%s' is already defined", pat->path_var);
        pat->path_slot = new_slot(b, SL_PATH, pat->path_var, (int)p, 0);
    }
    for (size_t p = 0; p < q->npats; p++) {
        cx_pattern *pat = &q->pats[p];
        c->nslot[p] = bx_alloc(b, (pat->nrels + 1) * sizeof **c->nslot);
        c->brels[p] = bx_alloc(b, (pat->nrels ? pat->nrels : 1) * sizeof **c->brels);
        for (size_t i = 0; i <= pat->nrels; i++) {
            cx_node *nd = &pat->nodes[i];
            int s = -1;
            if (nd->var) {
                s = find_slot(c, nd->var);
                if (s >= 0 && c->slots[s].kind != SL_NODE)
                    return bx_fail(b, nd->col, "'%s' is %s; it cannot also be a node", nd->var, slot_what(c->slots[s].kind));
            }
            if (s < 0) s = new_slot(b, SL_NODE, nd->var, (int)p, (int)i);
            nd->slot = s;
            c->nslot[p][i] = s;
        }
        for (size_t i = 0; i < pat->nrels; i++) {
            cx_rel *r = &pat->rels[i];
            cx_brel *br = &c->brels[p][i];
            if (r->var) {
                int s = find_slot(c, r->var);
                if (s >= 0) {
                    if (c->slots[s].kind == SL_EDGE || c->slots[s].kind == SL_EDGES)
                        return bx_fail(b, r->col, "edge variable '%s' appears twice; each edge pattern binds its own edge", r->var);
                    return bx_fail(b, r->col, "'%s' is %s; it cannot also be an edge", r->var, slot_what(c->slots[s].kind));
                }
            }
            br->left = c->nslot[p][i];
            br->right = c->nslot[p][i + 1];
            if (r->varlen) {
                br->edge = new_slot(b, SL_EDGES, r->var, (int)p, (int)i);
                c->slots[br->edge].stack_off = c->estack_size;
                c->estack_size += (uint32_t)r->hi;
                br->cur = new_slot(b, SL_EDGE, NULL, (int)p, (int)i);
            } else {
                br->edge = new_slot(b, SL_EDGE, r->var, (int)p, (int)i);
                br->cur = -1;
            }
            r->slot = br->edge;
            if (r->ntypes) {
                if (resolve_labels(b, r->types, r->ntypes, 1, r->tcols, r->col, &br->tids) < 0) return -1;
                size_t w = 0;   /* :a|a is :a */
                for (size_t k = 0; k < r->ntypes; k++) {
                    int dup = 0;
                    for (size_t j = 0; j < w; j++) dup |= br->tids[j] == br->tids[k];
                    if (!dup) br->tids[w++] = br->tids[k];
                }
                br->ntids = w;
            } else {
                br->any_type = 1;
            }
        }
    }
    /* kinds and maps become conditions */
    for (size_t p = 0; p < q->npats; p++) {
        cx_pattern *pat = &q->pats[p];
        for (size_t i = 0; i <= pat->nrels; i++) {
            cx_node *nd = &pat->nodes[i];
            if (nd->nkinds) {
                cx_expr *lt = bx_alloc(b, sizeof *lt);
                lt->op = CX_LABELS_TEST;
                lt->col = nd->col;
                lt->u.labels.obj = mk_var(b, nd->slot, nd->col);
                lt->u.labels.kinds = nd->kinds;
                lt->u.labels.n = nd->nkinds;
                uint16_t *ids;
                if (resolve_labels(b, nd->kinds, nd->nkinds, 0, nd->kcols, nd->col, &ids) < 0) return -1;
                lt->ptr = ids;
                lt->type = CX_T_BOOL;
                push_cond(b, lt);
            }
            if (bind_map(b, nd->props, nd->slot, nd->col, NULL, NULL) < 0) return -1;
        }
        for (size_t i = 0; i < pat->nrels; i++) {
            cx_rel *r = &pat->rels[i];
            cx_brel *br = &c->brels[p][i];
            if (r->varlen) {
                if (bind_map(b, r->props, br->cur, r->col, &br->econds, &br->neconds) < 0) return -1;
            } else if (bind_map(b, r->props, br->edge, r->col, NULL, NULL) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

static int cmp_names(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int bind_return(bx *b)
{
    cg_cypher *c = b->c;
    cx_query *q = &c->q;
    if (!q->has_return || q->star) {
        const char **names = NULL;
        size_t n = 0;
        for (size_t i = 0; i < c->nslots; i++)
            if (c->slots[i].name) n++;
        names = bx_alloc(b, n * sizeof *names);
        n = 0;
        for (size_t i = 0; i < c->nslots; i++)
            if (c->slots[i].name) names[n++] = c->slots[i].name;
        if (n == 0)
            return bx_fail(b, q->match_col, "nothing to return: name a variable, as in match (a)-[r]->(b), or add return");
        qsort(names, n, sizeof *names, cmp_names);
        c->items = bx_alloc(b, n * sizeof *c->items);
        for (size_t i = 0; i < n; i++) {
            int s = find_slot(c, names[i]);
            cx_expr *v = bx_alloc(b, sizeof *v);
            v->op = CX_VAR;
            v->col = q->match_col;
            v->u.var.name = names[i];
            v->u.var.slot = s;
            if (bind_expr(b, v, IN_RETURN) < 0) return -1;
            c->items[i] = (cx_item){ .e = v, .colname = names[i], .col = q->match_col };
        }
        c->nitems = n;
    } else {
        c->items = q->items;
        c->nitems = q->nitems;
        for (size_t i = 0; i < c->nitems; i++) {
            if (bind_expr(b, c->items[i].e, IN_RETURN) < 0) return -1;
            for (size_t k = 0; k < i; k++)
                if (strcmp(c->items[k].colname, c->items[i].colname) == 0) {
                    char shown[200];
                    cg_escape_safe(c->items[i].colname, shown, sizeof shown);
                    return bx_fail(b, c->items[i].col, "two columns are named '%s'; rename one with as", shown);
                }
        }
    }
    /* grouping keys and aggregates */
    int *is_key = bx_alloc(b, c->nitems * sizeof *is_key);
    for (size_t i = 0; i < c->nitems; i++) {
        is_key[i] = !has_agg(c->items[i].e);
        if (!is_key[i]) c->aggregating = 1;
    }
    c->item_is_key = is_key;
    if (c->aggregating)
        for (size_t i = 0; i < c->nitems; i++)
            if (!is_key[i] && split_agg_item(b, &c->items[i].e, c->items, is_key, c->nitems) < 0) return -1;
    /* order by */
    for (size_t i = 0; i < q->norder; i++) {
        cx_sort *s = &q->order[i];
        if (c->aggregating || q->distinct) {
            order_aliases(b, &s->e);
            int r = order_to_columns(b, &s->e, 0);
            if (r == 0) continue;
            if (bind_expr(b, s->e, IN_ORDER) < 0) return -1;
            if (order_to_columns(b, &s->e, 1) < 0) return -1;
            if (has_agg(s->e)) {
                char t[200];
                return bx_fail(b, s->e->col, "with distinct or an aggregate, order by can use only what is returned; %s is not", src_text(b, s->e, t, sizeof t));
            }
        } else {
            order_aliases(b, &s->e);
            if (s->e->op != CX_COLUMN && bind_expr(b, s->e, IN_ORDER) < 0) return -1;
            if (has_agg(s->e)) {
                char t[200];
                return bx_fail(b, s->e->col, "an aggregate in order by must also be returned: %s", src_text(b, s->e, t, sizeof t));
            }
        }
    }
    return 0;
}

/* the note for `id = 'x'` when no node has id x */
static void note_ids(bx *b)
{
    if (!b->note) return;
    for (size_t i = 0; i < b->c->nconds; i++) {
        const cx_expr *e = b->c->conds[i];
        if (e->op != CX_EQ) continue;
        const cx_expr *p = e->u.bin.a, *l = e->u.bin.b;
        if (p->op != CX_PROP) { p = e->u.bin.b; l = e->u.bin.a; }
        if (p->op != CX_PROP || p->aux != CX_P_ID || l->op != CX_LIT || l->u.lit.t != CV_STRING) continue;
        if (l->u.lit.interned && cg_graph_find_node(b->g, l->u.lit.u.s) >= 0) continue;
        char shown[200], sug[400], msg[700];
        cg_escape_safe(l->u.lit.u.s, shown, sizeof shown);
        cg_suggest s;
        cg_suggest_init(&s, l->u.lit.u.s, 3, 0);
        for (size_t k = 0; k < b->g->nnodes; k++) cg_suggest_offer(&s, b->g->nodes[k].id);
        cg_suggest_text(&s, sug, sizeof sug);
        cg_suggest_destroy(&s);
        snprintf(msg, sizeof msg, "no node has id '%s'%s", shown, sug);
        b->note(b->note_ctx, msg);
    }
}

int cx_bind(cg_cypher *c, const cg_graph *g, cg_cypher_note_fn note, void *ctx, cg_error *err)
{
    bx b = { .c = c, .g = g, .ix = c->ix, .err = err, .note = note, .note_ctx = ctx };
    c->g = g;
    if (bind_patterns(&b) < 0) return -1;
    if (c->q.where) {
        if (bind_expr(&b, c->q.where, IN_WHERE) < 0) return -1;
        if (need_cond(&b, c->q.where, "where") < 0) return -1;
        split_and(&b, c->q.where);
    }
    if (bind_return(&b) < 0) return -1;
    note_ids(&b);
    return 0;
}
