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

#endif
