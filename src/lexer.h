/* lexer.h - query text into tokens (SPEC 4).
 *
 * Words are bare (letters, digits, non-ASCII, `_ . : / ~ + -`) or
 * double-quoted with `\"` and `\\` escapes; `,` `=` `>` `>!` are punctuation,
 * and so are the comparison operators `!=` `<` `<=` `>=` of `where` (SPEC 9;
 * `~`, a word character, is split off a word by the parser); `#` starts a
 * comment.  Every token carries its 1-based column (in
 * characters) so errors can point at it.
 */
#ifndef CG_LEXER_H
#define CG_LEXER_H

#include <stddef.h>
#include "diag.h"

#define CG_MAX_QUERY_LEN (64 * 1024)
#define CG_MAX_TOKENS 4096

typedef enum cg_tok_type {
    CG_TOK_WORD,      /* bare word */
    CG_TOK_STRING,    /* quoted string (never a keyword) */
    CG_TOK_COMMA,
    CG_TOK_EQ,
    CG_TOK_GT,        /* > */
    CG_TOK_GTBANG,    /* >! */
    CG_TOK_NE,        /* != */
    CG_TOK_LT,        /* < */
    CG_TOK_LE,        /* <= */
    CG_TOK_GE,        /* >= */
    CG_TOK_END
} cg_tok_type;

typedef struct cg_token {
    cg_tok_type type;
    char *text;       /* the word's text, escapes resolved (NUL-terminated) */
    int col;          /* 1-based column in characters */
} cg_token;

typedef struct cg_tokens {
    cg_token *items;  /* count tokens, the last of type CG_TOK_END */
    size_t count, cap;
} cg_tokens;

/* Split text into tokens.  Returns 0, or -1 with err set (column of the
 * problem).  toks must be destroyed with cg_tokens_destroy in both cases. */
int cg_lex(const char *text, cg_tokens *toks, cg_error *err);
void cg_tokens_destroy(cg_tokens *toks);

/* A token as it should appear in a message: the word, `,`, or "end of query". */
const char *cg_token_desc(const cg_token *t);

#endif
