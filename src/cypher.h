/* cypher.h - the face of the match engine (doc/match.md) that the query layer
 * includes.  Today: the front end (lexing and parsing into an AST); binding,
 * planning and execution come next. */
#ifndef CG_CYPHER_H
#define CG_CYPHER_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

typedef struct cg_cypher cg_cypher;

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
