/* cypher_parse.c - tokens -> cx_query by recursive descent (doc/match.md §3),
 * with the not-in-the-subset table of §1 and the AST dump for tests. */
#include <inttypes.h>
#include <stdarg.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cypher_int.h"

typedef struct ps {
    cg_cypher *c;
    cx_tok *t; size_t n, i;
    int depth;
    cg_error *err;
} ps;

static int ps_fail(ps *p, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int ps_fail(ps *p, int col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cg_error_set(p->err, col, "%s", msg);
    return -1;
}

static cx_tok *cur(ps *p) { return &p->t[p->i]; }
static cx_tok *peek(ps *p, size_t k) { return p->i + k < p->n ? &p->t[p->i + k] : &p->t[p->n - 1]; }
static int is_kw_tok(const cx_tok *t, const char *w) { return t->type == CT_IDENT && strcasecmp(t->text, w) == 0; }
static int kw(ps *p, const char *w) { return is_kw_tok(cur(p), w); }
static int accept_kw(ps *p, const char *w) { if (kw(p, w)) { p->i++; return 1; } return 0; }
static int accept(ps *p, cx_toktype ty) { if (cur(p)->type == ty) { p->i++; return 1; } return 0; }

static void *ps_alloc(ps *p, size_t n)
{
    void *m = cg_arena_alloc(&p->c->arena, n ? n : 1);
    memset(m, 0, n ? n : 1);
    return m;
}

/* A growable array in the arena (copied on growth: the arena frees it all). */
static void *ps_grow(ps *p, void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap) return arr;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *na = ps_alloc(p, ncap * elem);
    if (n) memcpy(na, arr, n * elem);
    *cap = ncap;
    return na;
}

/* The words of a query a user may reach for (doc §1): keywords proper. */
static const char *const keywords[] = {
    "match", "where", "return", "distinct", "as", "order", "by", "asc", "ascending", "desc",
    "descending", "skip", "limit", "and", "or", "xor", "not", "is", "null", "true", "false",
    "in", "starts", "ends", "with", "contains", "since", "until",
    "create", "merge", "set", "delete", "detach", "remove", "foreach", "optional", "unwind",
    "union", "call", "use", "load", "explain", "profile", "case", "exists"
};

static int is_keyword(const cx_tok *t)
{
    if (t->type != CT_IDENT) return 0;
    for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++)
        if (strcasecmp(t->text, keywords[k]) == 0) return 1;
    return 0;
}

/* The not-in-the-subset table at a clause position: -1 with the error when
 * the token is one of its words, else 0. */
static int unsupported_clause(ps *p)
{
    cx_tok *t = cur(p);
    if (t->type != CT_IDENT) return 0;
    static const char *const writes[] = { "create", "merge", "set", "delete", "detach", "remove", "foreach" };
    for (size_t k = 0; k < sizeof writes / sizeof *writes; k++)
        if (strcasecmp(t->text, writes[k]) == 0)
            return ps_fail(p, t->col, "%s writes to the graph; match is read-only (a graph changes only through its YAML files)", writes[k]);
    if (strcasecmp(t->text, "optional") == 0)
        return ps_fail(p, t->col, "optional match is not in the subset: every pattern must match");
    if (strcasecmp(t->text, "with") == 0)
        return ps_fail(p, t->col, "with is not in the subset: one match, then return");
    if (strcasecmp(t->text, "call") == 0 && peek(p, 1)->type == CT_LBRACE)
        return ps_fail(p, t->col, "subqueries are not in the subset");
    static const char *const other[] = { "unwind", "union", "call", "use", "explain", "profile" };
    for (size_t k = 0; k < sizeof other / sizeof *other; k++)
        if (strcasecmp(t->text, other[k]) == 0)
            return ps_fail(p, t->col, "%s is not in the subset of match", other[k]);
    if (strcasecmp(t->text, "load") == 0 && is_kw_tok(peek(p, 1), "csv"))
        return ps_fail(p, t->col, "load csv is not in the subset of match");
    if (strcasecmp(t->text, "match") == 0)
        return ps_fail(p, t->col, "one match per query: join the patterns with ',' (they then bind different edges)");
    return 0;
}

/* "expected X, found Y" with the found token's source text. */
static int expected(ps *p, const char *what)
{
    cx_tok *t = cur(p);
    if (unsupported_clause(p) < 0) return -1;
    switch (t->type) {
    case CT_PLUS: return ps_fail(p, t->col, "arithmetic ('+') is not in the subset");
    case CT_SLASH: return ps_fail(p, t->col, "arithmetic ('/') is not in the subset");
    case CT_PERCENT: return ps_fail(p, t->col, "arithmetic ('%%') is not in the subset");
    case CT_CARET: return ps_fail(p, t->col, "arithmetic ('^') is not in the subset");
    case CT_BANGEQ: return ps_fail(p, t->col, "use <> for \"not equal\"");
    case CT_SEMI: return ps_fail(p, t->col, "a ';' may only end a line (one query per line)");
    default: break;
    }
    if (t->type == CT_END) return ps_fail(p, t->col, "expected %s, found the end of the query", what);
    const char *src = p->c->text + t->off;
    size_t len = t->len > 40 ? 40 : t->len;
    while (len < t->len && len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80) len--;   /* whole characters */
    return ps_fail(p, t->col, "expected %s, found '%.*s'", what, (int)len, src);
}

/* A name after ':' or '.' or as a map key: any identifier. */
static const char *name_tok(ps *p)
{
    cx_tok *t = cur(p);
    if (t->type == CT_IDENT || t->type == CT_QIDENT) { p->i++; return t->text; }
    return NULL;
}

/* A variable: an identifier that is no keyword, or a backquoted name. */
static int var_tok(ps *p, const char **out)
{
    cx_tok *t = cur(p);
    if (t->type == CT_QIDENT) { *out = t->text; p->i++; return 1; }
    if (t->type != CT_IDENT) return 0;
    if (is_keyword(t)) return 0;
    *out = t->text;
    p->i++;
    return 1;
}

static int keyword_as_var(ps *p)
{
    cx_tok *t = cur(p);
    return ps_fail(p, t->col, "'%s' is a keyword; write `%s` to use it as a name", t->text, t->text);
}

static cx_expr *parse_expr(ps *p);

static int enter(ps *p, int col)
{
    if (++p->depth > CX_MAX_DEPTH) return ps_fail(p, col, "nested too deeply (the limit is %d)", CX_MAX_DEPTH);
    return 0;
}

static cx_map *parse_map(ps *p)
{
    cx_tok *open = cur(p);
    p->i++;   /* { */
    if (enter(p, open->col) < 0) return NULL;
    cx_map *m = ps_alloc(p, sizeof *m);
    size_t cap = 0, capv = 0, capc = 0;
    if (!accept(p, CT_RBRACE)) {
        for (;;) {
            int col = cur(p)->col;
            const char *key = name_tok(p);
            if (!key) { expected(p, "a property name"); return NULL; }
            if (!accept(p, CT_COLON)) { expected(p, "':'"); return NULL; }
            cx_expr *v = parse_expr(p);
            if (!v) return NULL;
            m->keys = ps_grow(p, m->keys, m->n, &cap, sizeof *m->keys);
            m->vals = ps_grow(p, m->vals, m->n, &capv, sizeof *m->vals);
            m->cols = ps_grow(p, m->cols, m->n, &capc, sizeof *m->cols);
            m->keys[m->n] = key;
            m->vals[m->n] = v;
            m->cols[m->n] = col;
            m->n++;
            if (accept(p, CT_COMMA)) continue;
            if (accept(p, CT_RBRACE)) break;
            expected(p, "',' or '}'");
            return NULL;
        }
    }
    p->depth--;
    return m;
}

/* ':' name {'|' [':'] name}; what is "kind" or "type". */
static int parse_labels(ps *p, const char ***out, size_t *nout, int is_node, int **colsp)
{
    size_t cap = 0, n = 0, ccap = 0;
    const char **arr = NULL;
    int *cols = NULL;
    while (cur(p)->type == CT_COLON) {
        if (n > 0)
            return is_node ? ps_fail(p, cur(p)->col, "a node has one kind: write (v:a|b) for either")
                           : ps_fail(p, cur(p)->col, "an edge has one type: write [:a|b] for either");
        p->i++;
        for (;;) {
            cx_tok *t = cur(p);
            const char *nm = name_tok(p);
            if (!nm) {
                if (t->type == CT_BANG || t->type == CT_PERCENT || t->type == CT_AMP || t->type == CT_LPAREN)
                    return ps_fail(p, t->col, "label expressions other than | are not in the subset");
                return expected(p, is_node ? "a kind after ':'" : "a type after ':'");
            }
            arr = ps_grow(p, arr, n, &cap, sizeof *arr);
            cols = ps_grow(p, cols, n, &ccap, sizeof *cols);
            cols[n] = t->col;
            arr[n++] = nm;
            if (cur(p)->type == CT_AMP || cur(p)->type == CT_BANG)
                return ps_fail(p, cur(p)->col, "label expressions other than | are not in the subset");
            if (!accept(p, CT_PIPE)) break;
            accept(p, CT_COLON);
        }
    }
    *out = arr;
    *nout = n;
    *colsp = cols;
    return 0;
}

static int parse_node(ps *p, cx_node *nd)
{
    cx_tok *open = cur(p);
    if (open->type != CT_LPAREN) {
        if (open->type == CT_LBRACE) return ps_fail(p, open->col, "quantified path patterns are not in the subset");
        return expected(p, "'(' to start a node pattern");
    }
    p->i++;
    nd->col = open->col;
    nd->slot = -1;
    if (cur(p)->type == CT_LPAREN) return ps_fail(p, cur(p)->col, "quantified path patterns are not in the subset");
    if (cur(p)->type == CT_IDENT || cur(p)->type == CT_QIDENT) {
        if (!var_tok(p, &nd->var)) return keyword_as_var(p);
    }
    if (parse_labels(p, &nd->kinds, &nd->nkinds, 1, &nd->kcols) < 0) return -1;
    if (cur(p)->type == CT_LBRACE) {
        nd->props = parse_map(p);
        if (!nd->props) return -1;
    }
    if (cur(p)->type == CT_IDENT && strcasecmp(cur(p)->text, "where") == 0)
        return ps_fail(p, cur(p)->col, "a where inside a node pattern is not in the subset; put the condition after the patterns");
    if (!accept(p, CT_RPAREN)) return expected(p, "')' to end the node pattern");
    return 0;
}

static int parse_int_lit(ps *p, int *out)
{
    cx_tok *t = cur(p);
    if (t->type != CT_INT) return 0;
    if (t->ival > 1000000) return ps_fail(p, t->col, "the upper bound of a variable-length pattern is at most %d", CX_VARLEN_MAX);
    *out = (int)t->ival;
    p->i++;
    return 1;
}

static int parse_rel(ps *p, cx_rel *r)
{
    cx_tok *first = cur(p);
    int left = 0, right = 0;
    r->col = first->col;
    r->slot = -1;
    r->lo = r->hi = 1;
    if (accept(p, CT_LT)) left = 1;
    if (!accept(p, CT_MINUS)) return expected(p, "'-' in the edge pattern");
    if (cur(p)->type == CT_LBRACK) {
        cx_tok *open = cur(p);
        p->i++;
        if (enter(p, open->col) < 0) return -1;
        if (cur(p)->type == CT_IDENT || cur(p)->type == CT_QIDENT) {
            if (!var_tok(p, &r->var)) return keyword_as_var(p);
        }
        if (parse_labels(p, &r->types, &r->ntypes, 0, &r->tcols) < 0) return -1;
        if (cur(p)->type == CT_STAR) {
            int scol = cur(p)->col;
            p->i++;
            int lo = 1, hi = CX_VARLEN_DEFAULT_HI, has_lo = 0, has_hi = 0, rc;
            if ((rc = parse_int_lit(p, &lo)) < 0) return -1;
            has_lo = rc;
            if (accept(p, CT_DOTDOT)) {
                if ((rc = parse_int_lit(p, &hi)) < 0) return -1;
                has_hi = rc;
                if (!has_hi) {
                    if (has_lo && lo > CX_VARLEN_DEFAULT_HI)
                        return ps_fail(p, scol, "*%d.. has no upper bound above %d; write *%d..%d", lo, lo, lo, lo + 5 > CX_VARLEN_MAX ? CX_VARLEN_MAX : lo + 5);
                    hi = CX_VARLEN_DEFAULT_HI;
                }
                if (!has_lo) lo = 1;
            } else if (has_lo) {
                hi = lo;
            }
            if (hi > CX_VARLEN_MAX || lo > CX_VARLEN_MAX)
                return ps_fail(p, scol, "the upper bound of a variable-length pattern is at most %d", CX_VARLEN_MAX);
            if (lo > hi)
                return ps_fail(p, scol, "the lower bound of a variable-length pattern (%d) is above its upper bound (%d)", lo, hi);
            r->varlen = 1;
            r->lo = lo;
            r->hi = hi;
        }
        if (cur(p)->type == CT_LBRACE) {
            r->props = parse_map(p);
            if (!r->props) return -1;
        }
        if (cur(p)->type == CT_IDENT && strcasecmp(cur(p)->text, "where") == 0)
            return ps_fail(p, cur(p)->col, "a where inside an edge pattern is not in the subset; put the condition after the patterns");
        if (!accept(p, CT_RBRACK)) return expected(p, "']' to end the edge pattern");
        p->depth--;
    }
    if (!accept(p, CT_MINUS)) return expected(p, "'-' to end the edge pattern");
    if (accept(p, CT_GT)) right = 1;
    r->dir = left == right ? CX_DIR_ANY : left ? CX_DIR_IN : CX_DIR_OUT;
    if (cur(p)->type == CT_LBRACE || cur(p)->type == CT_PLUS || (cur(p)->type == CT_STAR))
        return ps_fail(p, cur(p)->col, "quantified path patterns are not in the subset");
    return 0;
}

static int rel_starts(ps *p)
{
    cx_tok *t = cur(p);
    return t->type == CT_MINUS || (t->type == CT_LT && peek(p, 1)->type == CT_MINUS);
}

static int parse_pattern(ps *p, cx_pattern *pat)
{
    pat->col = cur(p)->col;
    pat->path_slot = -1;
    if ((cur(p)->type == CT_IDENT || cur(p)->type == CT_QIDENT) && peek(p, 1)->type == CT_EQ) {
        if (!var_tok(p, &pat->path_var)) return keyword_as_var(p);
        p->i++;   /* = */
    }
    cx_tok *t = cur(p);
    if (t->type == CT_IDENT && (strcasecmp(t->text, "shortestPath") == 0 || strcasecmp(t->text, "allShortestPaths") == 0))
        return ps_fail(p, t->col, "shortestPath is not in the subset; the path command finds shortest paths");
    size_t capn = 0, capr = 0, nn = 0, nr = 0;
    cx_node *nodes = NULL;
    cx_rel *rels = NULL;
    nodes = ps_grow(p, nodes, nn, &capn, sizeof *nodes);
    if (parse_node(p, &nodes[nn++]) < 0) return -1;
    while (rel_starts(p)) {
        rels = ps_grow(p, rels, nr, &capr, sizeof *rels);
        if (parse_rel(p, &rels[nr++]) < 0) return -1;
        nodes = ps_grow(p, nodes, nn, &capn, sizeof *nodes);
        if (parse_node(p, &nodes[nn++]) < 0) return -1;
    }
    pat->nodes = nodes;
    pat->rels = rels;
    pat->nrels = nr;
    return 0;
}

static cx_expr *new_expr(ps *p, cx_op op, const cx_tok *at)
{
    cx_expr *e = ps_alloc(p, sizeof *e);
    e->op = op;
    e->col = at->col;
    e->off = at->off;
    e->len = at->len;
    return e;
}

/* extend e's source slice to the last token consumed */
static void span_end(ps *p, cx_expr *e)
{
    if (p->i == 0) return;
    const cx_tok *last = &p->t[p->i - 1];
    if (last->off + last->len > e->off) e->len = last->off + last->len - e->off;
}

static const struct { const char *name; int fn, agg; } functions[] = {
    { "type", CX_FN_TYPE, 0 }, { "labels", CX_FN_LABELS, 0 }, { "size", CX_FN_SIZE, 0 },
    { "length", CX_FN_LENGTH, 0 }, { "nodes", CX_FN_NODES, 0 },
    { "relationships", CX_FN_RELATIONSHIPS, 0 }, { "tolower", CX_FN_TOLOWER, 0 },
    { "toupper", CX_FN_TOUPPER, 0 }, { "coalesce", CX_FN_COALESCE, 0 },
    { "count", CX_FN_COUNT, 1 }, { "collect", CX_FN_COLLECT, 1 }, { "min", CX_FN_MIN, 1 },
    { "max", CX_FN_MAX, 1 }, { "sum", CX_FN_SUM, 1 }, { "avg", CX_FN_AVG, 1 },
};

static int arith_error(ps *p, const cx_tok *t)
{
    return ps_fail(p, t->col, "arithmetic ('%c') is not in the subset", p->c->text[t->off]);
}

static cx_expr *parse_atom(ps *p)
{
    cx_tok *t = cur(p);
    cx_expr *e;
    switch (t->type) {
    case CT_INT:
        if (t->ival > INT64_MAX) { ps_fail(p, t->col, "integer too large"); return NULL; }
        e = new_expr(p, CX_LIT, t);
        e->u.lit.t = CV_INT;
        e->u.lit.u.i = (int64_t)t->ival;
        p->i++;
        return e;
    case CT_FLOAT:
        e = new_expr(p, CX_LIT, t);
        e->u.lit.t = CV_FLOAT;
        e->u.lit.u.f = t->fval;
        p->i++;
        return e;
    case CT_STRING:
        e = new_expr(p, CX_LIT, t);
        e->u.lit.t = CV_STRING;
        e->u.lit.u.s = t->text;
        p->i++;
        return e;
    case CT_MINUS: {
        cx_tok *n = peek(p, 1);
        if (n->type == CT_INT) {
            e = new_expr(p, CX_LIT, t);
            e->u.lit.t = CV_INT;
            e->u.lit.u.i = n->ival == UINT64_C(9223372036854775808) ? INT64_MIN : -(int64_t)n->ival;
            p->i += 2;
            span_end(p, e);
            return e;
        }
        if (n->type == CT_FLOAT) {
            e = new_expr(p, CX_LIT, t);
            e->u.lit.t = CV_FLOAT;
            e->u.lit.u.f = -n->fval;
            p->i += 2;
            span_end(p, e);
            return e;
        }
        arith_error(p, t);
        return NULL;
    }
    case CT_PLUS: case CT_STAR: case CT_SLASH: case CT_PERCENT: case CT_CARET:
        arith_error(p, t);
        return NULL;
    case CT_LPAREN: {
        if (enter(p, t->col) < 0) return NULL;
        p->i++;
        if (cur(p)->type == CT_RPAREN) { ps_fail(p, t->col, "pattern conditions are not in the subset; put the pattern in match"); return NULL; }
        e = parse_expr(p);
        if (!e) return NULL;
        if (!accept(p, CT_RPAREN)) {
            if (cur(p)->type == CT_LBRACE) { ps_fail(p, t->col, "pattern conditions are not in the subset; put the pattern in match"); return NULL; }
            expected(p, "')'");
            return NULL;
        }
        p->depth--;
        /* (a)-->(b), (a)<-[..]-(b) */
        cx_tok *n = cur(p), *n2 = peek(p, 1);
        if ((n->type == CT_MINUS && (n2->type == CT_MINUS || n2->type == CT_LBRACK)) ||
            (n->type == CT_LT && n2->type == CT_MINUS && (peek(p, 2)->type == CT_MINUS || peek(p, 2)->type == CT_LBRACK))) {
            ps_fail(p, t->col, "pattern conditions are not in the subset; put the pattern in match");
            return NULL;
        }
        /* widen the slice to the parentheses (a column name as written) */
        cx_expr *w = e;
        uint32_t end = p->t[p->i - 1].off + p->t[p->i - 1].len;
        w->off = t->off;
        w->len = end - t->off;
        w->col = t->col;
        return w;
    }
    case CT_LBRACK: {
        if (enter(p, t->col) < 0) return NULL;
        p->i++;
        e = new_expr(p, CX_LIST, t);
        size_t cap = 0;
        if (!accept(p, CT_RBRACK)) {
            for (;;) {
                cx_expr *it = parse_expr(p);
                if (!it) return NULL;
                if (cur(p)->type == CT_PIPE || kw(p, "where")) {
                    ps_fail(p, t->col, "list comprehensions are not in the subset");
                    return NULL;
                }
                e->u.list.items = ps_grow(p, e->u.list.items, e->u.list.n, &cap, sizeof *e->u.list.items);
                e->u.list.items[e->u.list.n++] = it;
                if (accept(p, CT_COMMA)) continue;
                if (accept(p, CT_RBRACK)) break;
                expected(p, "',' or ']'");
                return NULL;
            }
        }
        p->depth--;
        span_end(p, e);
        return e;
    }
    case CT_LBRACE:
        ps_fail(p, t->col, "map values are not in the subset");
        return NULL;
    case CT_IDENT: case CT_QIDENT: {
        if (t->type == CT_IDENT) {
            if (strcasecmp(t->text, "true") == 0 || strcasecmp(t->text, "false") == 0) {
                e = new_expr(p, CX_LIT, t);
                e->u.lit.t = CV_BOOL;
                e->u.lit.u.b = strcasecmp(t->text, "true") == 0;
                p->i++;
                return e;
            }
            if (strcasecmp(t->text, "null") == 0) {
                e = new_expr(p, CX_LIT, t);
                e->u.lit.t = CV_NULL;
                p->i++;
                return e;
            }
            if (strcasecmp(t->text, "case") == 0) { ps_fail(p, t->col, "case expressions are not in the subset"); return NULL; }
            if ((strcasecmp(t->text, "exists") == 0 || strcasecmp(t->text, "count") == 0 ||
                 strcasecmp(t->text, "collect") == 0 || strcasecmp(t->text, "call") == 0) && peek(p, 1)->type == CT_LBRACE) {
                ps_fail(p, t->col, "subqueries are not in the subset");
                return NULL;
            }
            if ((strcasecmp(t->text, "shortestPath") == 0 || strcasecmp(t->text, "allShortestPaths") == 0) && peek(p, 1)->type == CT_LPAREN) {
                ps_fail(p, t->col, "shortestPath is not in the subset; the path command finds shortest paths");
                return NULL;
            }
            if (peek(p, 1)->type == CT_LPAREN) {
                /* a function call */
                p->i += 2;
                if (enter(p, t->col) < 0) return NULL;
                int fn = CX_FN_UNKNOWN, agg = 0;
                for (size_t k = 0; k < sizeof functions / sizeof *functions; k++)
                    if (strcasecmp(t->text, functions[k].name) == 0) { fn = functions[k].fn; agg = functions[k].agg; }
                if (fn == CX_FN_COUNT && is_kw_tok(cur(p), "distinct") && peek(p, 1)->type == CT_STAR) {
                    ps_fail(p, peek(p, 1)->col, "count(distinct *) is not in openCypher: write count(*) or count(distinct v)");
                    return NULL;
                }
                if (fn == CX_FN_COUNT && cur(p)->type == CT_STAR) {
                    p->i++;
                    if (!accept(p, CT_RPAREN)) { expected(p, "')' after count(*"); return NULL; }
                    p->depth--;
                    e = new_expr(p, CX_COUNT_STAR, t);
                    span_end(p, e);
                    return e;
                }
                e = new_expr(p, agg ? CX_AGG : CX_CALL, t);
                e->u.call.fn = fn;
                e->u.call.agg = agg;
                e->u.call.name = t->text;
                if (accept_kw(p, "distinct")) {
                    if (!agg) { ps_fail(p, p->t[p->i - 1].col, "distinct applies only to an aggregate (count, collect, min, max, sum, avg)"); return NULL; }
                    e->u.call.distinct = 1;
                }
                size_t cap = 0;
                if (!accept(p, CT_RPAREN)) {
                    for (;;) {
                        cx_expr *a = parse_expr(p);
                        if (!a) return NULL;
                        e->u.call.args = ps_grow(p, e->u.call.args, e->u.call.n, &cap, sizeof *e->u.call.args);
                        e->u.call.args[e->u.call.n++] = a;
                        if (accept(p, CT_COMMA)) continue;
                        if (accept(p, CT_RPAREN)) break;
                        expected(p, "',' or ')'");
                        return NULL;
                    }
                }
                p->depth--;
                span_end(p, e);
                return e;
            }
            if (unsupported_clause(p) < 0) return NULL;
            if (is_keyword(t)) { keyword_as_var(p); return NULL; }
        }
        e = new_expr(p, CX_VAR, t);
        e->u.var.name = t->text;
        e->u.var.slot = -1;
        p->i++;
        return e;
    }
    default:
        expected(p, "an expression");
        return NULL;
    }
}

static cx_expr *parse_post(ps *p)
{
    cx_expr *e = parse_atom(p);
    if (!e) return NULL;
    for (;;) {
        cx_tok *t = cur(p);
        if (t->type == CT_DOT) {
            p->i++;
            const char *key = name_tok(p);
            if (!key) { expected(p, "a property name after '.'"); return NULL; }
            cx_expr *pe = ps_alloc(p, sizeof *pe);
            pe->op = CX_PROP;
            pe->col = e->col;
            pe->off = e->off;
            pe->u.prop.obj = e;
            pe->u.prop.key = key;
            span_end(p, pe);
            e = pe;
            continue;
        }
        if (t->type == CT_COLON) {
            cx_expr *le = ps_alloc(p, sizeof *le);
            le->op = CX_LABELS_TEST;
            le->col = e->col;
            le->off = e->off;
            le->u.labels.obj = e;
            size_t cap = 0, ccap = 0;
            p->i++;
            for (;;) {
                cx_tok *nt = cur(p);
                const char *nm = name_tok(p);
                if (!nm) {
                    if (nt->type == CT_BANG || nt->type == CT_PERCENT || nt->type == CT_AMP)
                        ps_fail(p, nt->col, "label expressions other than | are not in the subset");
                    else
                        expected(p, "a kind after ':'");
                    return NULL;
                }
                le->u.labels.kinds = ps_grow(p, le->u.labels.kinds, le->u.labels.n, &cap, sizeof *le->u.labels.kinds);
                le->u.labels.cols = ps_grow(p, le->u.labels.cols, le->u.labels.n, &ccap, sizeof *le->u.labels.cols);
                le->u.labels.cols[le->u.labels.n] = nt->col;
                le->u.labels.kinds[le->u.labels.n++] = nm;
                if (!accept(p, CT_PIPE)) break;
                accept(p, CT_COLON);
            }
            if (cur(p)->type == CT_COLON) { ps_fail(p, cur(p)->col, "a node has one kind: write v:a|b for either"); return NULL; }
            span_end(p, le);
            e = le;
            continue;
        }
        if (t->type == CT_LBRACE) { ps_fail(p, t->col, "map projections are not in the subset"); return NULL; }
        if (t->type == CT_LBRACK) { ps_fail(p, t->col, "list indexing is not in the subset"); return NULL; }
        return e;
    }
}

static int cmp_op(ps *p, cx_op *op, int *ntok)
{
    cx_tok *t = cur(p);
    *ntok = 1;
    switch (t->type) {
    case CT_EQ: *op = CX_EQ; return 1;
    case CT_NE: *op = CX_NE; return 1;
    case CT_LT: *op = CX_LT; return 1;
    case CT_LE: *op = CX_LE; return 1;
    case CT_GT: *op = CX_GT; return 1;
    case CT_GE: *op = CX_GE; return 1;
    case CT_REGEX: *op = CX_REGEX; return 1;
    default: break;
    }
    if (is_kw_tok(t, "in")) { *op = CX_IN; return 1; }
    if (is_kw_tok(t, "contains")) { *op = CX_CONTAINS; return 1; }
    if (is_kw_tok(t, "starts") || is_kw_tok(t, "ends")) {
        if (!is_kw_tok(peek(p, 1), "with")) return -1;
        *op = is_kw_tok(t, "starts") ? CX_STARTS : CX_ENDS;
        *ntok = 2;
        return 1;
    }
    return 0;
}

static cx_expr *parse_cmp(ps *p)
{
    cx_tok *first = cur(p);
    cx_expr *a = parse_post(p);
    if (!a) return NULL;
    cx_op op;
    int ntok, r = cmp_op(p, &op, &ntok);
    if (r < 0) { ps_fail(p, cur(p)->col, "expected 'with' after '%s'", cur(p)->text); return NULL; }
    if (r > 0) {
        cx_tok *opt = cur(p);
        p->i += (size_t)ntok;
        cx_expr *b = parse_post(p);
        if (!b) return NULL;
        cx_expr *e = new_expr(p, op, first);
        e->col = opt->col;
        e->off = a->off;
        e->u.bin.a = a;
        e->u.bin.b = b;
        span_end(p, e);
        cx_op op2;
        int nt2;
        if (cmp_op(p, &op2, &nt2) > 0 || is_kw_tok(cur(p), "is")) {
            cx_tok *op2t = cur(p);
            int ccol = op2t->col;
            char bt[64], ot[64], o2[64];
            snprintf(bt, sizeof bt, "%.*s", (int)(b->len < 60 ? b->len : 60), p->c->text + b->off);
            snprintf(ot, sizeof ot, "%.*s", (int)(opt->len < 60 ? opt->len : 60), p->c->text + opt->off);
            snprintf(o2, sizeof o2, "%.*s", (int)(op2t->len < 60 ? op2t->len : 60), p->c->text + op2t->off);
            char at[64];
            snprintf(at, sizeof at, "%.*s", (int)(a->len < 60 ? a->len : 60), p->c->text + a->off);
            ps_fail(p, ccol, "comparisons do not chain: write %s %s %s and %s %s ...", at, ot, bt, bt, o2);
            return NULL;
        }
        return e;
    }
    if (is_kw_tok(cur(p), "is")) {
        cx_tok *ist = cur(p);
        p->i++;
        int neg = accept_kw(p, "not");
        if (!accept_kw(p, "null")) { expected(p, neg ? "null after 'is not'" : "null or not null after 'is'"); return NULL; }
        cx_expr *e = new_expr(p, neg ? CX_IS_NOT_NULL : CX_IS_NULL, ist);
        e->off = a->off;
        e->u.bin.a = a;
        span_end(p, e);
        return e;
    }
    if (cur(p)->type == CT_BANGEQ) { ps_fail(p, cur(p)->col, "use <> for \"not equal\""); return NULL; }
    if (cur(p)->type == CT_PLUS || cur(p)->type == CT_STAR || cur(p)->type == CT_SLASH ||
        cur(p)->type == CT_PERCENT || cur(p)->type == CT_CARET || cur(p)->type == CT_MINUS) {
        arith_error(p, cur(p));
        return NULL;
    }
    return a;
}

static cx_expr *parse_not(ps *p)
{
    cx_tok *t = cur(p);
    if (is_kw_tok(t, "not")) {
        if (enter(p, t->col) < 0) return NULL;
        p->i++;
        cx_expr *a = parse_not(p);
        if (!a) return NULL;
        p->depth--;
        cx_expr *e = new_expr(p, CX_NOT, t);
        e->u.bin.a = a;
        span_end(p, e);
        return e;
    }
    return parse_cmp(p);
}

static cx_expr *parse_binary(ps *p, int level)
{
    static const char *const words[] = { "or", "xor", "and" };
    static const cx_op ops[] = { CX_OR, CX_XOR, CX_AND };
    cx_expr *a = level == 2 ? parse_not(p) : parse_binary(p, level + 1);
    if (!a) return NULL;
    while (is_kw_tok(cur(p), words[level])) {
        cx_tok *t = cur(p);
        p->i++;
        cx_expr *b = level == 2 ? parse_not(p) : parse_binary(p, level + 1);
        if (!b) return NULL;
        cx_expr *e = new_expr(p, ops[level], t);
        e->off = a->off;
        e->u.bin.a = a;
        e->u.bin.b = b;
        span_end(p, e);
        a = e;
    }
    return a;
}

/* Recursion deepens only through brackets and `not`, each counted (enter). */
static cx_expr *parse_expr(ps *p)
{
    return parse_binary(p, 0);
}

/* skip/limit N: a whole-number literal >= 0 */
static int parse_count(ps *p, const char *what, int64_t *out)
{
    cx_tok *t = cur(p);
    if (t->type == CT_INT && t->ival <= INT64_MAX) { *out = (int64_t)t->ival; p->i++; return 0; }
    if (t->type == CT_INT) return ps_fail(p, t->col, "integer too large");
    return ps_fail(p, t->col, "%s takes a whole number (0 or more)", what);
}

static int parse_date(ps *p, const char *what, const char **out)
{
    cx_tok *t = cur(p);
    if ((t->type == CT_WORD || t->type == CT_STRING) && cg_date_valid(t->text)) {
        *out = t->text;
        p->i++;
        return 0;
    }
    return ps_fail(p, t->col, "%s takes a date: YYYY, YYYY-MM or YYYY-MM-DD", what);
}

/* A clause keyword out of its place. */
static int out_of_order(ps *p)
{
    static const char *const clauses[] = { "where", "since", "until", "return", "order", "skip", "limit" };
    cx_tok *t = cur(p);
    for (size_t k = 0; k < sizeof clauses / sizeof *clauses; k++)
        if (is_kw_tok(t, clauses[k]))
            return ps_fail(p, t->col, "%s is out of place: the clauses go match, where, since, until, return, order by, skip, limit, each at most once", clauses[k]);
    return 0;
}

static int parse_query(ps *p)
{
    cx_query *q = &p->c->q;
    q->skip = q->limit = -1;
    cx_tok *t = cur(p);
    if (is_kw_tok(t, "return")) return ps_fail(p, t->col, "return needs a match before it");
    if (!is_kw_tok(t, "match")) {
        if (unsupported_clause(p) < 0) return -1;
        return expected(p, "match");
    }
    q->match_col = t->col;
    p->i++;
    size_t cap = 0;
    for (;;) {
        q->pats = ps_grow(p, q->pats, q->npats, &cap, sizeof *q->pats);
        memset(&q->pats[q->npats], 0, sizeof *q->pats);
        if (parse_pattern(p, &q->pats[q->npats++]) < 0) return -1;
        if (!accept(p, CT_COMMA)) break;
    }
    if (cur(p)->type == CT_LPAREN) return expected(p, "',' between patterns");
    if (accept_kw(p, "where")) {
        q->where = parse_expr(p);
        if (!q->where) return -1;
    }
    if (accept_kw(p, "since") && parse_date(p, "since", &q->since) < 0) return -1;
    if (accept_kw(p, "until") && parse_date(p, "until", &q->until) < 0) return -1;
    if (accept_kw(p, "return")) {
        q->has_return = 1;
        if (accept_kw(p, "distinct")) q->distinct = 1;
        if (accept(p, CT_STAR)) {
            q->star = 1;
            if (cur(p)->type == CT_COMMA)
                return ps_fail(p, cur(p)->col, "return * takes no other items in the subset: write return * or list the items");
        } else {
            size_t icap = 0;
            for (;;) {
                cx_tok *st = cur(p);
                if (q->nitems > 0 && st->type == CT_STAR)
                    return ps_fail(p, st->col, "return * takes no other items in the subset: write return * or list the items");
                cx_expr *e = parse_expr(p);
                if (!e) return -1;
                cx_item it = { .e = e, .col = st->col };
                if (accept_kw(p, "as")) {
                    if (!var_tok(p, &it.alias)) {
                        if (is_keyword(cur(p))) return keyword_as_var(p);
                        return expected(p, "a name after 'as'");
                    }
                }
                it.colname = it.alias ? it.alias : cg_arena_strndup(&p->c->arena, p->c->text + e->off, e->len);
                q->items = ps_grow(p, q->items, q->nitems, &icap, sizeof *q->items);
                q->items[q->nitems++] = it;
                if (!accept(p, CT_COMMA)) break;
            }
        }
    }
    if (kw(p, "order")) {
        p->i++;
        if (!accept_kw(p, "by")) return expected(p, "by after 'order'");
        size_t scap = 0;
        for (;;) {
            cx_expr *e = parse_expr(p);
            if (!e) return -1;
            cx_sort s = { .e = e };
            if (accept_kw(p, "desc") || accept_kw(p, "descending")) s.desc = 1;
            else if (accept_kw(p, "asc") || accept_kw(p, "ascending")) s.desc = 0;
            q->order = ps_grow(p, q->order, q->norder, &scap, sizeof *q->order);
            q->order[q->norder++] = s;
            if (!accept(p, CT_COMMA)) break;
        }
    }
    if (accept_kw(p, "skip") && parse_count(p, "skip", &q->skip) < 0) return -1;
    if (accept_kw(p, "limit") && parse_count(p, "limit", &q->limit) < 0) return -1;
    if (cur(p)->type == CT_REDIRECT) {
        q->has_redirect = 1;
        q->redirect = cur(p)->text;
        q->redirect_force = cur(p)->force;
        q->redirect_col = cur(p)->col;
        p->i++;
    }
    if (cur(p)->type != CT_END) {
        if (unsupported_clause(p) < 0 || out_of_order(p) < 0) return -1;
        if (cur(p)->type == CT_GT)
            return ps_fail(p, cur(p)->col, "'>' here is neither a comparison nor a redirection: a redirection ends the query with one file name that has an export extension");
        return expected(p, "the end of the query");
    }
    return 0;
}

cg_cypher *cg_cypher_parse(const char *text, cg_error *err)
{
    cg_cypher *c = cg_xcalloc(1, sizeof *c);
    cg_arena_init(&c->arena);
    c->text = cg_arena_strndup(&c->arena, text, strlen(text));
    if (cg_cypher_lex(c->text, &c->arena, &c->toks, &c->ntoks, err) < 0) {
        cg_cypher_free(c);
        return NULL;
    }
    ps p = { .c = c, .t = c->toks, .n = c->ntoks, .err = err };
    if (parse_query(&p) < 0) {
        cg_cypher_free(c);
        return NULL;
    }
    return c;
}

void cg_cypher_free(cg_cypher *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nregexes; i++) regfree(c->regexes[i]);   /* bind's compiled =~ patterns */
    cg_arena_destroy(&c->arena);
    free(c);
}

int cg_cypher_redirect(const cg_cypher *c, const char **name, int *force, int *col)
{
    if (!c->q.has_redirect) return 0;
    *name = c->q.redirect;
    *force = c->q.redirect_force;
    *col = c->q.redirect_col;
    return 1;
}

/* ---- the dump */

static void dump_str(cg_buf *b, const char *s)
{
    cg_buf_putc(b, '\'');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '\'' || ch == '\\') { cg_buf_putc(b, '\\'); cg_buf_putc(b, (char)ch); }
        else if (ch == '\n') cg_buf_puts(b, "\\n");
        else if (ch == '\t') cg_buf_puts(b, "\\t");
        else if (ch < 0x20 || ch == 0x7F) cg_buf_printf(b, "\\x%02X", ch);
        else cg_buf_putc(b, (char)ch);
    }
    cg_buf_putc(b, '\'');
}

static void dump_name(cg_buf *b, const char *s)
{
    int plain = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_';
    for (const char *q = s; *q && plain; q++)
        plain = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' || (*q >= '0' && *q <= '9');
    if (plain) { cg_buf_puts(b, s); return; }
    cg_buf_putc(b, '`');
    for (; *s; s++) {
        if (*s == '`') cg_buf_putc(b, '`');
        cg_buf_putc(b, *s);
    }
    cg_buf_putc(b, '`');
}

static const char *op_name(cx_op op)
{
    switch (op) {
    case CX_NOT: return "not"; case CX_AND: return "and"; case CX_OR: return "or"; case CX_XOR: return "xor";
    case CX_EQ: return "="; case CX_NE: return "<>"; case CX_LT: return "<"; case CX_LE: return "<=";
    case CX_GT: return ">"; case CX_GE: return ">="; case CX_REGEX: return "=~"; case CX_IN: return "in";
    case CX_STARTS: return "starts-with"; case CX_ENDS: return "ends-with"; case CX_CONTAINS: return "contains";
    case CX_IS_NULL: return "is-null"; case CX_IS_NOT_NULL: return "is-not-null";
    default: return "?";
    }
}

static void dump_expr(cg_buf *b, const cx_expr *e)
{
    switch (e->op) {
    case CX_LIT:
        switch (e->u.lit.t) {
        case CV_NULL: cg_buf_puts(b, "null"); break;
        case CV_BOOL: cg_buf_puts(b, e->u.lit.u.b ? "true" : "false"); break;
        case CV_INT: cg_buf_printf(b, "%" PRId64, e->u.lit.u.i); break;
        case CV_FLOAT: {
            char fb[40];
            snprintf(fb, sizeof fb, "%.15g", e->u.lit.u.f);
            if (strtod(fb, NULL) != e->u.lit.u.f) snprintf(fb, sizeof fb, "%.17g", e->u.lit.u.f);
            cg_buf_printf(b, "%sf", fb);
            break;
        }
        case CV_STRING: dump_str(b, e->u.lit.u.s); break;
        }
        return;
    case CX_VAR: dump_name(b, e->u.var.name); return;
    case CX_PROP:
        dump_expr(b, e->u.prop.obj);
        cg_buf_putc(b, '.');
        dump_name(b, e->u.prop.key);
        return;
    case CX_LABELS_TEST:
        cg_buf_puts(b, "(is-kind ");
        dump_expr(b, e->u.labels.obj);
        for (size_t k = 0; k < e->u.labels.n; k++) {
            cg_buf_putc(b, k ? '|' : ' ');
            dump_name(b, e->u.labels.kinds[k]);
        }
        cg_buf_putc(b, ')');
        return;
    case CX_LIST:
        cg_buf_putc(b, '[');
        for (size_t k = 0; k < e->u.list.n; k++) {
            if (k) cg_buf_puts(b, ", ");
            dump_expr(b, e->u.list.items[k]);
        }
        cg_buf_putc(b, ']');
        return;
    case CX_COUNT_STAR: cg_buf_puts(b, "(agg count *)"); return;
    case CX_CALL: case CX_AGG:
        cg_buf_printf(b, "(%s ", e->op == CX_AGG ? "agg" : e->u.call.fn == CX_FN_UNKNOWN ? "call?" : "call");
        dump_name(b, e->u.call.name);
        if (e->u.call.distinct) cg_buf_puts(b, " distinct");
        for (size_t k = 0; k < e->u.call.n; k++) {
            cg_buf_putc(b, ' ');
            dump_expr(b, e->u.call.args[k]);
        }
        cg_buf_putc(b, ')');
        return;
    case CX_NOT: case CX_IS_NULL: case CX_IS_NOT_NULL:
        cg_buf_printf(b, "(%s ", op_name(e->op));
        dump_expr(b, e->u.bin.a);
        cg_buf_putc(b, ')');
        return;
    case CX_COLUMN: cg_buf_printf(b, "(column %d)", e->u.column); return;
    default:
        cg_buf_printf(b, "(%s ", op_name(e->op));
        dump_expr(b, e->u.bin.a);
        cg_buf_putc(b, ' ');
        dump_expr(b, e->u.bin.b);
        cg_buf_putc(b, ')');
        return;
    }
}

static void dump_map(cg_buf *b, const cx_map *m)
{
    if (!m) return;
    cg_buf_puts(b, " {");
    for (size_t k = 0; k < m->n; k++) {
        if (k) cg_buf_puts(b, ", ");
        dump_name(b, m->keys[k]);
        cg_buf_puts(b, ": ");
        dump_expr(b, m->vals[k]);
    }
    cg_buf_putc(b, '}');
}

static void dump_labels(cg_buf *b, const char *const *l, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        cg_buf_putc(b, k ? '|' : ':');
        dump_name(b, l[k]);
    }
}

void cg_cypher_dump(const cg_cypher *c, cg_buf *out)
{
    const cx_query *q = &c->q;
    for (size_t i = 0; i < q->npats; i++) {
        const cx_pattern *pt = &q->pats[i];
        cg_buf_puts(out, "pattern ");
        if (pt->path_var) { dump_name(out, pt->path_var); cg_buf_puts(out, " = "); }
        for (size_t k = 0; k <= pt->nrels; k++) {
            const cx_node *nd = &pt->nodes[k];
            cg_buf_putc(out, '(');
            if (nd->var) dump_name(out, nd->var);
            dump_labels(out, nd->kinds, nd->nkinds);
            dump_map(out, nd->props);
            cg_buf_putc(out, ')');
            if (k == pt->nrels) break;
            const cx_rel *r = &pt->rels[k];
            cg_buf_puts(out, r->dir == CX_DIR_IN ? "<-[" : "-[");
            if (r->var) dump_name(out, r->var);
            dump_labels(out, r->types, r->ntypes);
            if (r->varlen) cg_buf_printf(out, "*%d..%d", r->lo, r->hi);
            dump_map(out, r->props);
            cg_buf_puts(out, r->dir == CX_DIR_OUT ? "]->" : "]-");
        }
        cg_buf_putc(out, '\n');
    }
    if (q->where) { cg_buf_puts(out, "where "); dump_expr(out, q->where); cg_buf_putc(out, '\n'); }
    if (q->since) { cg_buf_puts(out, "since "); dump_str(out, q->since); cg_buf_putc(out, '\n'); }
    if (q->until) { cg_buf_puts(out, "until "); dump_str(out, q->until); cg_buf_putc(out, '\n'); }
    if (q->has_return) {
        cg_buf_printf(out, "return%s%s\n", q->distinct ? " distinct" : "", q->star ? " *" : "");
        for (size_t k = 0; k < q->nitems; k++) {
            cg_buf_puts(out, "  item ");
            dump_expr(out, q->items[k].e);
            cg_buf_puts(out, " column ");
            dump_str(out, q->items[k].colname);
            cg_buf_putc(out, '\n');
        }
    }
    for (size_t k = 0; k < q->norder; k++) {
        cg_buf_puts(out, "order ");
        dump_expr(out, q->order[k].e);
        cg_buf_puts(out, q->order[k].desc ? " desc\n" : " asc\n");
    }
    if (q->skip >= 0) cg_buf_printf(out, "skip %" PRId64 "\n", q->skip);
    if (q->limit >= 0) cg_buf_printf(out, "limit %" PRId64 "\n", q->limit);
    if (q->has_redirect) {
        cg_buf_puts(out, q->redirect_force ? "redirect! " : "redirect ");
        dump_str(out, q->redirect);
        cg_buf_printf(out, " col %d\n", q->redirect_col);
    }
}
