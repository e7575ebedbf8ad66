/* cypher_int.h - tokens and the AST shared by the cypher_* rooms and nobody
 * else (doc/match.md §2, §3). */
#ifndef CG_CYPHER_INT_H
#define CG_CYPHER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "cypher.h"
#include "diag.h"
#include "util.h"

#define CX_MAX_TOKENS 4096
#define CX_MAX_DEPTH 200        /* brackets and expression nesting */
#define CX_VARLEN_DEFAULT_HI 10
#define CX_VARLEN_MAX 30

typedef enum {
    CT_END, CT_IDENT, CT_QIDENT, CT_INT, CT_FLOAT, CT_STRING,
    CT_WORD,        /* the date word after since/until */
    CT_REDIRECT,    /* > FILE or >! FILE at the end */
    CT_LPAREN, CT_RPAREN, CT_LBRACK, CT_RBRACK, CT_LBRACE, CT_RBRACE,
    CT_COMMA, CT_DOT, CT_DOTDOT, CT_COLON, CT_PIPE, CT_STAR,
    CT_EQ, CT_NE, CT_LT, CT_LE, CT_GT, CT_GE, CT_REGEX, CT_MINUS,
    /* only to be named in errors */
    CT_PLUS, CT_SLASH, CT_PERCENT, CT_CARET, CT_BANGEQ, CT_SEMI, CT_BANG, CT_AMP
} cx_toktype;

typedef struct cx_tok {
    cx_toktype type;
    uint32_t off, len;      /* the source slice */
    int col;                /* 1-based, in characters */
    const char *text;       /* identifiers, strings, words, redirect: decoded */
    uint64_t ival;          /* CT_INT: the magnitude, at most 2^63 */
    double fval;            /* CT_FLOAT */
    int force;              /* CT_REDIRECT: >! */
} cx_tok;

/* Lex text into *toks (arena memory, ending with CT_END). -1 with err set. */
int cg_cypher_lex(const char *text, cg_arena *a, cx_tok **toks, size_t *ntoks, cg_error *err);

/* A literal value (cypher_value.c will grow this into the engine's value). */
typedef enum { CV_NULL, CV_BOOL, CV_INT, CV_FLOAT, CV_STRING } cg_cval_type;
typedef struct cg_cval {
    cg_cval_type t;
    union { int b; int64_t i; double f; const char *s; } u;
} cg_cval;

typedef enum { CX_T_ANY } cx_type;   /* static types: set by bind */

typedef enum { CX_DIR_OUT, CX_DIR_IN, CX_DIR_ANY } cx_dir;   /* ->  <-  - or <-> */
typedef struct cx_map { size_t n; const char **keys; struct cx_expr **vals; int *cols; } cx_map;
typedef struct cx_node {
    const char *var; int slot; const char **kinds; size_t nkinds; cx_map *props; int col;
} cx_node;
typedef struct cx_rel {                  /* *: 1..10, *2: 2..2, *..3: 1..3, *2..: 2..10 */
    const char *var; int slot; cx_dir dir; const char **types; size_t ntypes;
    int varlen, lo, hi; cx_map *props; int col;
} cx_rel;
typedef struct cx_pattern {              /* nodes[0..nrels] alternate with rels */
    const char *path_var; int path_slot; cx_node *nodes; cx_rel *rels; size_t nrels; int col;
} cx_pattern;
typedef enum {
    CX_LIT, CX_VAR, CX_PROP, CX_LABELS_TEST, CX_NOT, CX_AND, CX_OR, CX_XOR,
    CX_EQ, CX_NE, CX_LT, CX_LE, CX_GT, CX_GE, CX_REGEX, CX_IN,
    CX_STARTS, CX_ENDS, CX_CONTAINS, CX_IS_NULL, CX_IS_NOT_NULL,
    CX_LIST, CX_CALL, CX_AGG, CX_COUNT_STAR, CX_COLUMN
} cx_op;
/* functions and aggregates (call.fn) */
typedef enum {
    CX_FN_UNKNOWN = -1,
    CX_FN_TYPE, CX_FN_LABELS, CX_FN_SIZE, CX_FN_LENGTH, CX_FN_NODES, CX_FN_RELATIONSHIPS,
    CX_FN_TOLOWER, CX_FN_TOUPPER, CX_FN_COALESCE,
    CX_FN_COUNT, CX_FN_COLLECT, CX_FN_MIN, CX_FN_MAX, CX_FN_SUM, CX_FN_AVG
} cx_fn;
typedef struct cx_expr {
    cx_op op; int col; uint32_t off, len;
    cx_type type;
    union {
        cg_cval lit;
        struct { const char *name; int slot; } var;
        struct { struct cx_expr *obj; const char *key; int builtin; } prop;
        struct { struct cx_expr *obj; const char **kinds; size_t n; } labels;
        struct { struct cx_expr *a, *b; } bin;
        struct { struct cx_expr **items; size_t n; } list;
        struct { int fn; const char *name; struct cx_expr **args; size_t n; int distinct; int agg; } call;
        int column;
    } u;
} cx_expr;
typedef struct cx_item { cx_expr *e; const char *alias, *colname; int col; } cx_item;
typedef struct cx_sort { cx_expr *e; int desc; } cx_sort;
typedef struct cx_query {
    cx_pattern *pats; size_t npats; cx_expr *where; const char *since, *until;
    int has_return, distinct, star; cx_item *items; size_t nitems;
    cx_sort *order; size_t norder; int64_t skip, limit;       /* -1: not given */
    const char *redirect; int has_redirect, redirect_force, redirect_col, match_col;
} cx_query;

struct cg_cypher {
    cg_arena arena;
    const char *text;
    cx_tok *toks; size_t ntoks;
    cx_query q;
};

#endif
