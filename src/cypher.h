/* cypher.h - the face of the match engine (doc/match.md) that the query
 * layer includes: parse, bind, plan and run a `match` query, and read its
 * rows.  Nothing here prints; every failure is a cg_error with a column. */
#ifndef CG_CYPHER_H
#define CG_CYPHER_H

#include <stddef.h>
#include <stdint.h>

#include "algo.h"
#include "diag.h"
#include "graph.h"
#include "util.h"

typedef struct cg_cypher cg_cypher;
typedef struct cg_cypher_index cg_cypher_index;

/* 1 if the first word of text (case-insensitive) starts a Cypher query
 * (match, or a word of the not-in-the-subset table; `load csv`). */
int cg_cypher_starts(const char *text);

/* Lex and parse text into a new cg_cypher; NULL with err set (its column
 * 1-based, in characters of text). */
cg_cypher *cg_cypher_parse(const char *text, cg_error *err);
void cg_cypher_free(cg_cypher *c);

/* The trailing redirection, if any: 1 with *name (decoded) and *force set. */
int cg_cypher_redirect(const cg_cypher *c, const char **name, int *force, int *col);

/* The AST as text, one construct a line (for tests). */
void cg_cypher_dump(const cg_cypher *c, cg_buf *out);

/* A note for the user (a likely mistake that is not an error). */
typedef void (*cg_cypher_note_fn)(void *ctx, const char *msg);

/* The index of g (per-kind and per-type lists, typed adjacency, names),
 * built on first use into *cache and kept there; a cache holding another
 * graph's index is rebuilt.  NULL only when memory runs out. */
const cg_cypher_index *cg_cypher_index_get(cg_cypher_index **cache, const cg_graph *g);
void cg_cypher_index_free(cg_cypher_index *ix);

/* Resolve c against g (names, kinds, types, properties, functions, grouping),
 * then choose the plan over ix.  0, or -1 with err set. */
int cg_cypher_prepare(cg_cypher *c, const cg_graph *g, const cg_cypher_index *ix,
                      cg_cypher_note_fn note, void *ctx, cg_error *err);
/* The plan as text, one step a line (for tests and `explain`-like help). */
void cg_cypher_plan_describe(const cg_cypher *c, cg_buf *out);

typedef struct cg_cypher_exec_opts {
    const cg_algo_monitor *mon;   /* cancel: polled every 1024 steps */
    size_t max_held;              /* 0: 1,000,000 */
    int footprint;                /* keep the nodes and edges behind the rows */
    uint64_t step_limit;          /* 0: none (the fuzz target sets one) */
} cg_cypher_exec_opts;

typedef struct cg_cypher_rows {
    size_t ncols, nrows;
    const char **cols;
    struct cg_cval *cells;        /* nrows * ncols */
    unsigned char *node_mark;     /* footprint: N marks */
    int32_t *edges; size_t nedges;   /* footprint: the edges, sorted */
    cg_arena arena;
    const cg_graph *g;
} cg_cypher_rows;

/* Runs a prepared query.  0 with *out filled (destroy it), or -1 with err
 * set (and *out destroyed). */
int cg_cypher_exec(cg_cypher *c, const cg_cypher_exec_opts *o, cg_cypher_rows *out, cg_error *err);
void cg_cypher_rows_destroy(cg_cypher_rows *r);

/* One cell of the rows, for output: its class and text.  Text formats get
 * the text (lists joined by ',', or with tabular, for tsv and csv, by ';'
 * with SPEC 5's escapes: cx_val_text);
 * json gets the JSON text.  s points into b or the graph. */
typedef enum { CG_CYPHER_NULL, CG_CYPHER_BOOL, CG_CYPHER_NUMBER, CG_CYPHER_TEXT, CG_CYPHER_VALUE } cg_cypher_class;
cg_cypher_class cg_cypher_cell(const cg_cypher_rows *r, size_t row, size_t col, int json,
                               int tabular, cg_buf *b, const char **s);

/* ------------------------------------------- REPL completion (§9) */

/* What fits at the cursor of a half-typed query. */
typedef enum {
    CG_CC_NOTHING,    /* in a string, a backquoted name or a comment; or no
                         name fits (a number, a date, a new alias) */
    CG_CC_KIND,       /* after ':' or '|' in a node pattern, or `v:` in an expression */
    CG_CC_TYPE,       /* after ':' or '|' in an edge pattern */
    CG_CC_PROPERTY,   /* after `v.`: subject is v */
    CG_CC_KEY,        /* a key of a property map: subject is its pattern */
    CG_CC_VARIABLE,   /* right after the '(' or '[' of a pattern */
    CG_CC_EXPR,       /* an expression starts: variables and functions */
    CG_CC_KEYWORD,    /* after a whole pattern, operand or clause argument */
    CG_CC_FILE        /* a file name after a redirection's '>' or '>!' */
} cg_cc_what;

typedef enum {
    CG_CC_UNKNOWN,    /* never declared (or a map outside a pattern) */
    CG_CC_NODE, CG_CC_EDGE,
    CG_CC_EDGES,      /* a variable-length edge pattern's list */
    CG_CC_PATH, CG_CC_ALIAS
} cg_cc_role;

#define CG_CC_MAX_VARS 32
#define CG_CC_MAX_KINDS 8

/* A variable declared before the cursor, or the pattern a map belongs to. */
typedef struct cg_cc_var {
    const char *name;                    /* NULL for a pattern without one */
    cg_cc_role role;
    const char *kinds[CG_CC_MAX_KINDS];  /* written on it: kinds of a node, types of an edge */
    size_t nkinds;
} cg_cc_var;

/* The completion context.  Its strings point into buf or at static text,
 * so it must not be copied; nothing to free. */
typedef struct cg_cypher_complete {
    cg_cc_what what;
    char bracket;          /* the innermost open bracket: '(' '[' '{' or 0 */
    int in_pattern;        /* that bracket is a node or edge pattern, or its map */
    int label;             /* the token before the word is ':' or '|' */
    int in_string;         /* the cursor is in a string, backquotes or a comment */
    cg_cc_var subject;     /* CG_CC_PROPERTY, CG_CC_KEY: whose properties */
    const char *clause;    /* "match" "where" "since" "until" "return" "order"
                              "skip" "limit", or NULL before any */
    const char *prev;      /* the keyword before the word, lower case, or NULL */
    const char *prev2;     /* the keyword before that one, or NULL */
    size_t word;           /* the byte offset where the word at the cursor starts */
    cg_cc_var vars[CG_CC_MAX_VARS];      /* in order of declaration */
    size_t nvars;
    char buf[2048]; size_t buflen;
} cg_cypher_complete;

/* Fill *ctx for completing line[0..cursor): a lexer pass that never fails
 * (any text, unbalanced brackets, a cursor inside a token) with a bracket
 * stack (doc/match.md §9).  Extra variables and kinds beyond the limits are
 * dropped. */
void cg_cypher_complete_context(const char *line, size_t cursor, cg_cypher_complete *ctx);

#endif
