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

/* A value (cypher_value.c, doc/match.md §7): 16 bytes.  Strings are the
 * graph's interned text when `interned` is set (equal text, equal pointer),
 * else text of the query.  Lists point at n values; a path at its nodes and
 * edges. */
typedef enum { CV_NULL, CV_BOOL, CV_INT, CV_FLOAT, CV_STRING, CV_LIST,
               CV_NODE, CV_EDGE, CV_PATH } cg_cval_type;
typedef struct cx_path { uint32_t nhops; const int32_t *nodes, *edges; } cx_path;
typedef struct cg_cval {
    uint8_t t, interned;
    uint32_t n;                      /* CV_LIST: items */
    union { int b; int64_t i; double f; const char *s; const struct cg_cval *items;
            int32_t id; const cx_path *path; } u;
} cg_cval;

/* static types, set by bind: what an expression can be (ANY: decided at run time) */
typedef enum { CX_T_ANY, CX_T_NULL, CX_T_BOOL, CX_T_INT, CX_T_FLOAT, CX_T_STRING,
               CX_T_LIST, CX_T_NODE, CX_T_EDGE, CX_T_PATH } cx_type;

typedef enum { CX_DIR_OUT, CX_DIR_IN, CX_DIR_ANY } cx_dir;   /* ->  <-  - or <-> */
typedef struct cx_map { size_t n; const char **keys; struct cx_expr **vals; int *cols; } cx_map;
typedef struct cx_node {
    const char *var; int slot; const char **kinds; size_t nkinds; int *kcols; cx_map *props; int col;
} cx_node;
typedef struct cx_rel {                  /* *: 1..10, *2: 2..2, *..3: 1..3, *2..: 2..10 */
    const char *var; int slot; cx_dir dir; const char **types; size_t ntypes; int *tcols;
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
    int aux;            /* bind: CX_PROP's builtin, CX_AGG's index, CX_LABELS_TEST: 1 on an edge */
    const void *ptr;    /* bind: CX_PROP's interned key, CX_REGEX's compiled pattern, kind/type ids */
    const char *const *column;   /* bind: CX_PROP of an attribute: the index's column of it */
    union {
        cg_cval lit;
        struct { const char *name; int slot; } var;
        struct { struct cx_expr *obj; const char *key; int builtin; } prop;
        struct { struct cx_expr *obj; const char **kinds; size_t n; int *cols; } labels;
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

/* ---- binding (cypher_bind.c) ---- */
typedef enum { SL_NODE, SL_EDGE, SL_EDGES, SL_PATH } cx_slotkind;
typedef struct cx_slot {
    cx_slotkind kind;
    const char *name;     /* NULL: anonymous (or hidden) */
    int pat, pos;         /* SL_PATH: its pattern; SL_EDGES: pattern and rel index */
    uint32_t stack_off;   /* SL_EDGES: its region of the edge stack (hi entries) */
} cx_slot;
enum { CX_P_ATTR, CX_P_ID, CX_P_KIND, CX_P_NAME, CX_P_ALIASES, CX_P_TYPE, CX_P_DATE, CX_P_SOURCE };

/* A rel after bind: its slots and type numbers (index of cg_cypher_index). */
typedef struct cx_brel {
    int left, right;      /* node slots of its two ends, as written */
    int edge;             /* SL_EDGE or SL_EDGES slot */
    int cur;              /* var-length: the hidden SL_EDGE slot per-edge tests read */
    uint16_t *tids; size_t ntids; int any_type;   /* any_type: no :types written */
    cx_expr **econds; size_t neconds;             /* var-length per-edge tests */
} cx_brel;

/* ---- the index (cypher_index.c) ---- */
typedef struct cg_cypher_index {
    const cg_graph *g;
    size_t nkinds, ntypes;            /* kinds / types that nodes / edges have */
    const char **kind_name, **type_name;
    uint16_t *kind_of;                /* N */
    int32_t *kind_off, *kind_nodes;   /* nkinds + 1, N */
    uint16_t *type_of;                /* E */
    int32_t *type_off, *type_edges;   /* ntypes + 1, E */
    int32_t *tout, *tin;              /* E each: g's out/in segments sorted by (type, edge) */
    uint16_t *tout_type, *tin_type;
    int32_t *name_head, *name_next;   /* name -> nodes (by its text's hash; names are not interned) */
    size_t name_size;
    /* attribute columns, built on first use of a key: col[v] is the text of
     * node (edge) v's attribute, NULL when it has none */
    struct cx_column { const char *key; int is_edge; const char **col; } *cols;
    size_t ncols;
} cg_cypher_index;

/* The column of key over nodes (is_edge 0) or edges, built on first use. */
const char *const *cx_index_column(const cg_cypher_index *ix, int is_edge, const char *key);

/* ---- the plan (cypher_plan.c) ---- */
typedef enum { PS_SCAN_IDS, PS_SCAN_NAME, PS_SCAN_KINDS, PS_SCAN_ALL, PS_SCAN_TYPES,
               PS_EXPAND, PS_VAREXPAND } ps_op;
typedef struct cx_step {
    ps_op op;
    int node;             /* scans of nodes: the slot bound; expand: the far node slot */
    int near;             /* expand: the bound node slot */
    int far_bound;        /* expand: the far node is bound already: a check */
    int rel_pat, rel_idx; /* PS_SCAN_TYPES, expands: the rel */
    int reversed;         /* expand: walked from the rel's right end */
    int32_t *cand; size_t ncand;      /* PS_SCAN_IDS: node indices; PS_SCAN_KINDS: kind numbers */
    const char *name;                 /* PS_SCAN_NAME: the interned name */
    cx_expr **conds; size_t nconds;   /* evaluated after this step binds */
    double est;
} cx_step;

struct cg_cypher {
    cg_arena arena;
    const char *text;
    cx_tok *toks; size_t ntoks;
    cx_query q;
    /* bind */
    const cg_graph *g;
    cx_slot *slots; size_t nslots;
    cx_brel **brels;                  /* brels[pattern][rel] */
    int **nslot;                      /* nslot[pattern][node]: its node slot */
    cx_expr **conds; size_t nconds;   /* conjuncts: where's, maps, kinds */
    cx_item *items; size_t nitems;    /* the return items (return *: one per variable) */
    size_t nagg; cx_expr **aggs;      /* the aggregate calls of the items */
    int aggregating;
    int *item_is_key;                 /* aggregating: the item is a grouping key */
    uint32_t estack_size;
    void **regexes; size_t nregexes;  /* compiled patterns to regfree */
    /* plan */
    const cg_cypher_index *ix;
    cx_step *steps; size_t nsteps;
    cx_expr **once; size_t nonce;     /* conjuncts with no variable */
};

/* ---- values (cypher_value.c) ---- */
int cx_val_eq(const cg_cval *a, const cg_cval *b);          /* 1, 0, or -1: null */
int cx_val_cmp(const cg_cval *a, const cg_cval *b, int *r); /* 0 with *r; -1: not comparable */
int cx_val_order(const cg_graph *g, const cg_cval *a, const cg_cval *b);  /* total */
int cx_val_equiv(const cg_cval *a, const cg_cval *b);
uint64_t cx_val_hash(const cg_graph *g, const cg_cval *v);   /* consistent with cx_val_equiv */
void cx_val_copy(cg_arena *a, const cg_cval *src, cg_cval *dst);
/* v as text: lists joined by ',' (table), or with tabular (tsv, csv) by ';'
 * with the items escaped as SPEC 5 says (cg_list_put) */
void cx_val_text(const cg_graph *g, const cg_cval *v, int tabular, cg_buf *b);
void cx_val_json(const cg_graph *g, const cg_cval *v, cg_buf *b);
/* attribute a of a node (is_edge 0) or edge as a value */
void cx_attr_val(const cg_graph *g, int is_edge, const cg_attr *a, cg_cval *v);
void cx_val_str(cg_cval *v, const char *s, int interned);
/* the interned pointer for s, or s itself (interned 0) */
void cx_val_canon(const cg_graph *g, cg_cval *v);

/* A POSIX ERE matched against the whole string (a leading (?i) ignores
 * case), compiled in the UTF-8 locale into out (a regex_t); -1 with msg. */
int cx_regex_compile(const char *pat, void *out, char *msg, size_t msgsz);
int cx_regex_match(const void *re, const char *s);

/* ---- between the rooms ---- */
int cx_bind(cg_cypher *c, const cg_graph *g, cg_cypher_note_fn note, void *ctx, cg_error *err);
int cx_plan(cg_cypher *c, const cg_cypher_index *ix, cg_error *err);
/* the slots an expression reads, as a bitset over slots (nslots bits) */
void cx_expr_slots(const cg_cypher *c, const cx_expr *e, unsigned char *set);
int cx_expr_same(const cx_expr *a, const cx_expr *b);

#endif
