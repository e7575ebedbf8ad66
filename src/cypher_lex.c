/* cypher_lex.c - match query text -> tokens with byte offsets and 1-based
 * character columns (doc/match.md §2). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cypher_int.h"
#include "lexer.h"

typedef struct lx {
    const char *s; size_t n, i;
    cg_arena *a;
    cx_tok *toks; size_t ntoks, cap;
    int depth;
    cg_error *err;
    size_t coff; int ccol;    /* the column of byte coff: columns in O(n) overall */
} lx;

/* Columns count one per UTF-8 lead byte, as lexer.c does. */
static int lx_col(lx *l, size_t off)
{
    if (off < l->coff) { l->coff = 0; l->ccol = 1; }
    int col = l->ccol;
    for (size_t i = l->coff; i < off && i < l->n; i++)
        if (((unsigned char)l->s[i] & 0xC0) != 0x80) col++;
    l->coff = off;
    l->ccol = col;
    return col;
}

static int lx_fail(lx *l, size_t off, const char *fmt, const char *arg)
{
    cg_error_set(l->err, lx_col(l, off), fmt, arg);
    return -1;
}

static cx_tok *lx_push(lx *l, cx_toktype type, size_t off, size_t len)
{
    if (l->ntoks + 1 >= l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 64;
        cx_tok *nt = cg_arena_alloc(l->a, ncap * sizeof *nt);
        if (l->ntoks) memcpy(nt, l->toks, l->ntoks * sizeof *nt);
        l->toks = nt;
        l->cap = ncap;
    }
    cx_tok *t = &l->toks[l->ntoks++];
    memset(t, 0, sizeof *t);
    t->type = type;
    t->off = (uint32_t)off;
    t->len = (uint32_t)len;
    t->col = lx_col(l, off);
    return t;
}

static int is_id_start(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80; }
static int is_id_char(unsigned char c) { return is_id_start(c) || (c >= '0' && c <= '9'); }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
/* a SPEC §4 bare word */
static int is_word_char(unsigned char c)
{
    return is_id_char(c) || c == '.' || c == ':' || c == '/' || c == '~' || c == '+' || c == '-';
}
static int is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* Skip blanks and comments from i; -1 on an unterminated block comment. */
static int lx_skip(lx *l, size_t *pi)
{
    size_t i = *pi;
    for (;;) {
        while (i < l->n && is_blank((unsigned char)l->s[i])) i++;
        if (i < l->n && (l->s[i] == '#' || (l->s[i] == '/' && i + 1 < l->n && l->s[i + 1] == '/'))) {
            while (i < l->n && l->s[i] != '\n') i++;
            continue;
        }
        if (i + 1 < l->n && l->s[i] == '/' && l->s[i + 1] == '*') {
            size_t start = i;
            i += 2;
            while (i + 1 < l->n && !(l->s[i] == '*' && l->s[i + 1] == '/')) i++;
            if (i + 1 >= l->n) { *pi = start; return -1; }
            i += 2;
            continue;
        }
        break;
    }
    *pi = i;
    return 0;
}

static void put_utf8(cg_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) { u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
    else { u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)); u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
    cg_buf_append(b, u, n);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A quoted string from l->i (at the quote); the decoded text in *out. */
static int lx_string(lx *l, const char **out)
{
    size_t start = l->i, i = l->i + 1;
    char q = l->s[start];
    cg_buf b;
    cg_buf_init(&b);
    for (;;) {
        if (i >= l->n || l->s[i] == '\n' || l->s[i] == '\r') {
            cg_buf_destroy(&b);
            return lx_fail(l, start, "unterminated string%s", "");
        }
        char c = l->s[i];
        if (c == q) { i++; break; }
        if (c != '\\') { cg_buf_putc(&b, c); i++; continue; }
        if (i + 1 >= l->n) { cg_buf_destroy(&b); return lx_fail(l, start, "unterminated string%s", ""); }
        char e = l->s[i + 1];
        switch (e) {
        case '\\': cg_buf_putc(&b, '\\'); i += 2; continue;
        case '\'': cg_buf_putc(&b, '\''); i += 2; continue;
        case '"': cg_buf_putc(&b, '"'); i += 2; continue;
        case 'n': case 'N': cg_buf_putc(&b, '\n'); i += 2; continue;
        case 't': case 'T': cg_buf_putc(&b, '\t'); i += 2; continue;
        case 'r': case 'R': cg_buf_putc(&b, '\r'); i += 2; continue;
        case 'b': case 'B': cg_buf_putc(&b, '\b'); i += 2; continue;
        case 'f': case 'F': cg_buf_putc(&b, '\f'); i += 2; continue;
        case 'u': case 'U': {
            int nd = e == 'u' ? 4 : 8;
            uint32_t cp = 0;
            for (int k = 0; k < nd; k++) {
                int h = i + 2 + (size_t)k < l->n ? hexval(l->s[i + 2 + (size_t)k]) : -1;
                if (h < 0) {
                    cg_buf_destroy(&b);
                    return lx_fail(l, i, e == 'u' ? "\\u takes 4 hexadecimal digits%s" : "\\U takes 8 hexadecimal digits%s", "");
                }
                cp = cp * 16 + (uint32_t)h;
            }
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
                cg_buf_destroy(&b);
                return lx_fail(l, i, "not a character%s", "");
            }
            put_utf8(&b, cp);
            i += 2 + (size_t)nd;
            continue;
        }
        default: {
            char what[8] = { '\\', 0, 0, 0, 0, 0, 0, 0 };
            uint32_t cp;
            int k = cg_utf8_decode((const unsigned char *)l->s + i + 1, l->n - i - 1, &cp);
            if (k <= 0) k = 1;
            memcpy(what + 1, l->s + i + 1, (size_t)k);
            cg_buf_destroy(&b);
            return lx_fail(l, i, "unknown escape '%s' in string", what);
        }
        }
    }
    *out = cg_arena_strndup(l->a, b.data ? b.data : "", b.len);
    cg_buf_destroy(&b);
    l->i = i;
    return 0;
}

/* A backquoted name from l->i (at the backquote); `` is a backquote. */
static int lx_qident(lx *l, const char **out)
{
    size_t start = l->i, i = l->i + 1;
    cg_buf b;
    cg_buf_init(&b);
    for (;;) {
        if (i >= l->n) { cg_buf_destroy(&b); return lx_fail(l, start, "unterminated backquoted name%s", ""); }
        if (l->s[i] == '`') {
            if (i + 1 < l->n && l->s[i + 1] == '`') { cg_buf_putc(&b, '`'); i += 2; continue; }
            i++;
            break;
        }
        cg_buf_putc(&b, l->s[i]);
        i++;
    }
    if (b.len == 0) { cg_buf_destroy(&b); return lx_fail(l, start, "a backquoted name cannot be empty%s", ""); }
    *out = cg_arena_strndup(l->a, b.data, b.len);
    cg_buf_destroy(&b);
    l->i = i;
    return 0;
}

static int lx_number(lx *l)
{
    size_t start = l->i, i = l->i;
    int isfloat = 0;
    while (i < l->n && is_digit((unsigned char)l->s[i])) i++;
    if (i < l->n && l->s[i] == '.' && i + 1 < l->n && is_digit((unsigned char)l->s[i + 1])) {
        isfloat = 1;
        i++;
        while (i < l->n && is_digit((unsigned char)l->s[i])) i++;
    }
    if (i < l->n && (l->s[i] == 'e' || l->s[i] == 'E')) {
        size_t j = i + 1;
        if (j < l->n && (l->s[j] == '+' || l->s[j] == '-')) j++;
        if (j < l->n && is_digit((unsigned char)l->s[j])) {
            isfloat = 1;
            i = j;
            while (i < l->n && is_digit((unsigned char)l->s[i])) i++;
        }
    }
    if (i < l->n && is_id_char((unsigned char)l->s[i]))
        return lx_fail(l, i, "a number cannot be followed by a letter%s", "");
    cx_tok *t = lx_push(l, isfloat ? CT_FLOAT : CT_INT, start, i - start);
    if (isfloat) {
        char *tmp = cg_arena_strndup(l->a, l->s + start, i - start);
        errno = 0;
        t->fval = strtod(tmp, NULL);
        if (errno == ERANGE && isinf(t->fval)) return lx_fail(l, start, "number too large%s", "");
    } else {
        uint64_t v = 0;
        for (size_t k = start; k < i; k++) {
            unsigned d = (unsigned)(l->s[k] - '0');
            if (v > (UINT64_C(9223372036854775808) - d) / 10) return lx_fail(l, start, "integer too large%s", "");
            v = v * 10 + d;
        }
        t->ival = v;   /* 2^63 only as the operand of a minus (parser) */
    }
    l->i = i;
    return 0;
}

static const char *const export_exts[] = {
    ".dot", ".gv", ".graphml", ".json", ".yaml", ".csv", ".tsv", ".svg", ".png", ".pdf",
    ".html", ".htm",
    ".md", ".cypher", ".neo4j",     /* publishing (SPEC 11) */
};

static int has_export_ext(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof export_exts / sizeof *export_exts; k++) {
        size_t el = strlen(export_exts[k]);
        if (n > el && strncasecmp(s + n - el, export_exts[k], el) == 0) return 1;
    }
    return 0;
}

/* The punctuation token at c (c1 the next byte) into *ty and *len; 0 when
 * c is none.  `>!` is the callers' (an error, or a forced redirection). */
static int lx_punct(unsigned char c, unsigned char c1, cx_toktype *ty, size_t *len)
{
    *len = 1;
    switch (c) {
    case '(': *ty = CT_LPAREN; return 1;
    case ')': *ty = CT_RPAREN; return 1;
    case '[': *ty = CT_LBRACK; return 1;
    case ']': *ty = CT_RBRACK; return 1;
    case '{': *ty = CT_LBRACE; return 1;
    case '}': *ty = CT_RBRACE; return 1;
    case ',': *ty = CT_COMMA; return 1;
    case '.': if (c1 == '.') { *ty = CT_DOTDOT; *len = 2; } else *ty = CT_DOT; return 1;
    case ':': *ty = CT_COLON; return 1;
    case '|': *ty = CT_PIPE; return 1;
    case '*': *ty = CT_STAR; return 1;
    case '=': if (c1 == '~') { *ty = CT_REGEX; *len = 2; } else *ty = CT_EQ; return 1;
    case '<':
        if (c1 == '>') { *ty = CT_NE; *len = 2; }
        else if (c1 == '=') { *ty = CT_LE; *len = 2; }
        else *ty = CT_LT;
        return 1;
    case '>': if (c1 == '=') { *ty = CT_GE; *len = 2; } else *ty = CT_GT; return 1;
    case '-': *ty = CT_MINUS; return 1;
    case '+': *ty = CT_PLUS; return 1;
    case '/': *ty = CT_SLASH; return 1;
    case '%': *ty = CT_PERCENT; return 1;
    case '^': *ty = CT_CARET; return 1;
    case ';': *ty = CT_SEMI; return 1;
    case '&': *ty = CT_AMP; return 1;
    case '!': if (c1 == '=') { *ty = CT_BANGEQ; *len = 2; } else *ty = CT_BANG; return 1;
    default: return 0;
    }
}

/* At a '>' (depth 0): a redirection to the end?  1 and the token pushed. */
static int lx_try_redirect(lx *l)
{
    size_t i = l->i + 1, save = l->i;
    int force = 0;
    if (i < l->n && l->s[i] == '!') { force = 1; i++; }
    if (lx_skip(l, &i) < 0) return 0;
    if (i >= l->n) return 0;
    const char *name = NULL;
    size_t nlen = 0;
    if (l->s[i] == '\'' || l->s[i] == '"') {
        cg_error tmp;
        cg_error_clear(&tmp);
        cg_error *keep = l->err;
        l->err = &tmp;
        l->i = i;
        int rc = lx_string(l, &name);
        l->err = keep;
        if (rc < 0) { l->i = save; return 0; }
        nlen = strlen(name);
        i = l->i;
        l->i = save;
    } else {
        size_t j = i;
        while (j < l->n && is_word_char((unsigned char)l->s[j])) j++;
        if (j == i) return 0;
        name = l->s + i;
        nlen = j - i;
        i = j;
    }
    if (!has_export_ext(name, nlen)) return 0;
    size_t end = i;
    if (lx_skip(l, &end) < 0 || end < l->n) return 0;
    cx_tok *t = lx_push(l, CT_REDIRECT, save, i - save);
    t->text = cg_arena_strndup(l->a, name, nlen);
    t->force = force;
    l->i = i;
    return 1;
}

static int prev_is_word(lx *l, const char *w)
{
    if (!l->ntoks) return 0;
    const cx_tok *t = &l->toks[l->ntoks - 1];
    if (l->ntoks >= 2 && l->toks[l->ntoks - 2].type == CT_DOT) return 0;   /* a.since */
    return t->type == CT_IDENT && strlen(w) == t->len && strncasecmp(l->s + t->off, w, t->len) == 0;
}

int cg_cypher_lex(const char *text, cg_arena *a, cx_tok **toks, size_t *ntoks, cg_error *err)
{
    lx l = { .s = text, .n = strlen(text), .a = a, .err = err, .ccol = 1 };
    if (l.n > CG_MAX_QUERY_LEN) {
        cg_error_set(err, 1, "query too long (the limit is %d bytes)", CG_MAX_QUERY_LEN);
        return -1;
    }
    /* invalid UTF-8 anywhere is an error */
    for (size_t i = 0; i < l.n;) {
        uint32_t cp;
        int k = cg_utf8_decode((const unsigned char *)text + i, l.n - i, &cp);
        if (k <= 0) return lx_fail(&l, i, "invalid UTF-8%s", "");
        i += (size_t)k;
    }
    for (;;) {
        if (lx_skip(&l, &l.i) < 0) return lx_fail(&l, l.i, "unterminated comment%s", "");
        if (l.i >= l.n) break;
        if (l.ntoks >= CX_MAX_TOKENS) {
            cg_error_set(err, lx_col(&l, l.i), "too many tokens in one query (the limit is %d)", CX_MAX_TOKENS);
            return -1;
        }
        size_t i = l.i;
        unsigned char c = (unsigned char)text[i];
        char c1 = i + 1 < l.n ? text[i + 1] : 0;
        /* the date word after since/until */
        if ((prev_is_word(&l, "since") || prev_is_word(&l, "until")) && c != ':' && is_word_char(c)) {
            size_t j = i;
            while (j < l.n && is_word_char((unsigned char)text[j])) j++;
            cx_tok *t = lx_push(&l, CT_WORD, i, j - i);
            t->text = cg_arena_strndup(a, text + i, j - i);
            l.i = j;
            continue;
        }
        if (is_id_start(c)) {
            size_t j = i;
            while (j < l.n && is_id_char((unsigned char)text[j])) j++;
            cx_tok *t = lx_push(&l, CT_IDENT, i, j - i);
            t->text = cg_arena_strndup(a, text + i, j - i);
            l.i = j;
            continue;
        }
        if (is_digit(c) || (c == '.' && is_digit((unsigned char)c1))) {
            if (lx_number(&l) < 0) return -1;
            continue;
        }
        if (c == '\'' || c == '"') {
            const char *s = NULL;
            if (lx_string(&l, &s) < 0) return -1;
            cx_tok *t = lx_push(&l, CT_STRING, i, l.i - i);
            t->text = s;
            continue;
        }
        if (c == '`') {
            const char *s = NULL;
            if (lx_qident(&l, &s) < 0) return -1;
            cx_tok *t = lx_push(&l, CT_QIDENT, i, l.i - i);
            t->text = s;
            continue;
        }
        if (c == '$') {
            size_t j = i + 1;
            while (j < l.n && is_id_char((unsigned char)text[j])) j++;
            char name[64];
            size_t nl = j - i - 1 < 40 ? j - i - 1 : 40;
            memcpy(name, text + i + 1, nl);
            name[nl] = 0;
            return lx_fail(&l, i, "parameters ($%s) are not in the subset: write the value in the query", nl ? name : "name");
        }
        if (c == '>' && l.depth == 0 && lx_try_redirect(&l)) continue;
        if (c == '>' && c1 == '!')
            return lx_fail(&l, i, ">! must be followed by one file name with an export extension at the end of the query%s", "");
        cx_toktype ty;
        size_t len;
        if (!lx_punct(c, c1, &ty, &len)) {
            char what[8];
            if (c < 0x20 || c == 0x7F) snprintf(what, sizeof what, "\\x%02X", c);
            else { what[0] = (char)c; what[1] = 0; }
            return lx_fail(&l, i, "unexpected character '%s'", what);
        }
        if (ty == CT_LPAREN || ty == CT_LBRACK || ty == CT_LBRACE) {
            if (++l.depth > CX_MAX_DEPTH) {
                cg_error_set(err, lx_col(&l, i), "nested too deeply (the limit is %d)", CX_MAX_DEPTH);
                return -1;
            }
        } else if ((ty == CT_RPAREN || ty == CT_RBRACK || ty == CT_RBRACE) && l.depth > 0) {
            l.depth--;
        }
        lx_push(&l, ty, i, len);
        l.i = i + len;
    }
    lx_push(&l, CT_END, l.n, 0);
    *toks = l.toks;
    *ntoks = l.ntoks;
    return 0;
}

static const char *const start_words[] = {
    "match", "optional", "create", "merge", "delete", "detach", "remove", "unwind",
    "with", "call", "return", "foreach", "union", "explain", "profile", "use"
};

int cg_cypher_starts(const char *text)
{
    const char *p = text;
    while (*p && strchr(" \t\r\n\f\v", *p)) p++;   /* the blanks lexer.c skips */
    size_t n = 0;
    while (is_id_char((unsigned char)p[n])) n++;
    if (n == 0) return 0;
    for (size_t k = 0; k < sizeof start_words / sizeof *start_words; k++)
        if (strlen(start_words[k]) == n && strncasecmp(p, start_words[k], n) == 0) return 1;
    if (n == 4 && strncasecmp(p, "load", 4) == 0) {
        const char *q = p + 4;
        if (*q != ' ' && *q != '\t') return 0;
        while (*q == ' ' || *q == '\t') q++;
        return strncasecmp(q, "csv", 3) == 0 && !is_id_char((unsigned char)q[3]);
    }
    return 0;
}

/* ------------------------------------------------ completion (§9) */

/* A token of the completion pass: the text is never an error here. */
typedef struct cc_tok {
    cx_toktype type;      /* CT_INT stands for any number; CT_AMP for any other character */
    size_t off, end;
    const char *name;     /* CT_IDENT, CT_QIDENT: the name (in ctx->buf; NULL when full) */
    const char *kw;       /* CT_IDENT that is a keyword: the lower-case word */
    int force;            /* CT_GT: `>!` */
} cc_tok;

/* An open bracket of the completion pass. */
typedef struct cc_br {
    char c;
    char pat;             /* 'n' node pattern, 'e' edge pattern, 'm' a pattern's map, 0 */
    int var;              /* the pattern's variable (index in ctx->vars), -1 */
    size_t open;          /* the index of its token */
    cg_cc_var p;          /* the pattern: its variable, role and kinds or types */
} cc_br;

static const char *const cc_keywords[] = {
    "match", "where", "return", "distinct", "as", "order", "by", "asc", "ascending", "desc",
    "descending", "skip", "limit", "and", "or", "xor", "not", "is", "null", "true", "false",
    "in", "starts", "ends", "with", "contains", "since", "until"
};
static const char *const cc_clauses[] = { "match", "where", "since", "until", "return", "order", "skip", "limit" };

static const char *cc_keyword(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof cc_keywords / sizeof *cc_keywords; k++)
        if (strlen(cc_keywords[k]) == n && strncasecmp(s, cc_keywords[k], n) == 0) return cc_keywords[k];
    return NULL;
}

/* Copy a name into ctx->buf; `` is one backquote when unquote is set.
 * NULL when the buffer is full. */
static const char *cc_save(cg_cypher_complete *ctx, const char *s, size_t n, int unquote)
{
    char *d = ctx->buf + ctx->buflen;
    size_t room = sizeof ctx->buf - ctx->buflen, k = 0;
    for (size_t i = 0; i < n; i++) {
        if (unquote && s[i] == '`' && i + 1 < n && s[i + 1] == '`') i++;
        if (k + 1 >= room) return NULL;
        d[k++] = s[i];
    }
    d[k] = '\0';
    ctx->buflen += k + 1;
    return d;
}

static void cc_push(cc_tok **toks, size_t *n, size_t *cap, cx_toktype type, size_t off, size_t end)
{
    CG_GROW(*toks, *cap, *n + 1);
    cc_tok *t = &(*toks)[(*n)++];
    memset(t, 0, sizeof *t);
    t->type = type;
    t->off = off;
    t->end = end;
}

/* Lex s[0..n) without failing; *in_string set when the text ends inside a
 * string, backquotes or a comment.  The tokens are malloc'ed. */
static cc_tok *cc_lex(const char *s, size_t n, cg_cypher_complete *ctx, size_t *ntoks, int *in_string)
{
    cc_tok *toks = NULL;
    size_t nt = 0, cap = 0, i = 0;
    *in_string = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        char c1 = i + 1 < n ? s[i + 1] : 0;
        if (is_blank(c)) { i++; continue; }
        if (c == '#' || (c == '/' && c1 == '/')) {
            while (i < n && s[i] != '\n') i++;
            if (i >= n) *in_string = 1;
            continue;
        }
        if (c == '/' && c1 == '*') {
            size_t j = i + 2;
            while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/')) j++;
            if (j + 1 >= n) { *in_string = 1; break; }
            i = j + 2;
            continue;
        }
        size_t st = i;
        const cc_tok *last = nt ? &toks[nt - 1] : NULL;
        if (last && last->kw && (!strcmp(last->kw, "since") || !strcmp(last->kw, "until")) &&
            c != ':' && is_word_char(c)) {
            while (i < n && is_word_char((unsigned char)s[i])) i++;
            cc_push(&toks, &nt, &cap, CT_WORD, st, i);
            continue;
        }
        if (is_id_start(c)) {
            while (i < n && is_id_char((unsigned char)s[i])) i++;
            cc_push(&toks, &nt, &cap, CT_IDENT, st, i);
            toks[nt - 1].name = cc_save(ctx, s + st, i - st, 0);
            toks[nt - 1].kw = cc_keyword(s + st, i - st);
            continue;
        }
        if (is_digit(c) || (c == '.' && is_digit((unsigned char)c1))) {
            while (i < n && is_digit((unsigned char)s[i])) i++;
            if (i + 1 < n && s[i] == '.' && is_digit((unsigned char)s[i + 1]))
                for (i++; i < n && is_digit((unsigned char)s[i]); i++) {}
            if (i < n && (s[i] == 'e' || s[i] == 'E')) {
                size_t j = i + 1;
                if (j < n && (s[j] == '+' || s[j] == '-')) j++;
                if (j < n && is_digit((unsigned char)s[j]))
                    for (i = j; i < n && is_digit((unsigned char)s[i]); i++) {}
            }
            cc_push(&toks, &nt, &cap, CT_INT, st, i);
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            for (i++; i < n && s[i] != (char)c && s[i] != '\n'; i++)
                if (s[i] == '\\' && c != '`' && i + 1 < n) i++;
            if (c == '`') {   /* `` inside backquotes is a backquote */
                while (i + 1 < n && s[i] == '`' && s[i + 1] == '`') {
                    for (i += 2; i < n && s[i] != '`'; i++) {}
                }
            }
            if (i >= n || s[i] != (char)c) { *in_string = 1; break; }
            i++;
            cc_push(&toks, &nt, &cap, c == '`' ? CT_QIDENT : CT_STRING, st, i);
            if (c == '`') toks[nt - 1].name = cc_save(ctx, s + st + 1, i - st - 2, 1);
            continue;
        }
        cx_toktype ty;
        size_t len;
        int force = 0;
        if (c == '>' && c1 == '!') { ty = CT_GT; len = 2; force = 1; }
        else if (!lx_punct(c, c1, &ty, &len) || ty >= CT_PLUS) { ty = CT_AMP; len = 1; }   /* only named in errors: "other" */
        i += len;
        cc_push(&toks, &nt, &cap, ty, st, i);
        toks[nt - 1].force = force;
    }
    *ntoks = nt;
    return toks;
}

/* The keyword of toks[i], or NULL (after `.`, `:` or `|` a word is a name). */
static const char *cc_kw(const cc_tok *toks, size_t i)
{
    if (toks[i].type != CT_IDENT || !toks[i].kw) return NULL;
    if (i > 0 && (toks[i - 1].type == CT_DOT || toks[i - 1].type == CT_COLON || toks[i - 1].type == CT_PIPE))
        return NULL;
    return toks[i].kw;
}

static int cc_is(const cc_tok *toks, size_t i, const char *kw)
{
    const char *k = cc_kw(toks, i);
    return k && !strcmp(k, kw);
}

static int cc_var_find(const cg_cypher_complete *ctx, const char *name)
{
    for (size_t k = 0; name && k < ctx->nvars; k++)
        if (!strcmp(ctx->vars[k].name, name)) return (int)k;
    return -1;
}

/* The index of variable name, declared with role if it is new; -1 if
 * there is no room. */
static int cc_var_declare(cg_cypher_complete *ctx, const char *name, cg_cc_role role)
{
    if (!name) return -1;
    int k = cc_var_find(ctx, name);
    if (k >= 0) return k;
    if (ctx->nvars >= CG_CC_MAX_VARS) return -1;
    cg_cc_var *v = &ctx->vars[ctx->nvars];
    memset(v, 0, sizeof *v);
    v->name = name;
    v->role = role;
    return (int)ctx->nvars++;
}

static void cc_add_kind(cg_cc_var *v, const char *kind)
{
    if (!kind) return;
    for (size_t k = 0; k < v->nkinds; k++)
        if (!strcmp(v->kinds[k], kind)) return;
    if (v->nkinds < CG_CC_MAX_KINDS) v->kinds[v->nkinds++] = kind;
}

/* 1 if toks[i] ends an operand: a keyword may follow it. */
static int cc_operand_end(const cc_tok *toks, size_t i)
{
    const char *kw = cc_kw(toks, i);
    switch (toks[i].type) {
    case CT_IDENT:
        if (!kw) return 1;
        return !strcmp(kw, "null") || !strcmp(kw, "true") || !strcmp(kw, "false") ||
               !strcmp(kw, "asc") || !strcmp(kw, "ascending") || !strcmp(kw, "desc") ||
               !strcmp(kw, "descending") || !strcmp(kw, "is") || !strcmp(kw, "starts") ||
               !strcmp(kw, "ends") || (!strcmp(kw, "not") && i > 0 && cc_is(toks, i - 1, "is"));
    case CT_QIDENT: case CT_STRING: case CT_INT: case CT_WORD:
    case CT_RPAREN: case CT_RBRACK: case CT_RBRACE: case CT_STAR:
        return 1;
    default:
        return 0;
    }
}

/* See cypher.h. */
void cg_cypher_complete_context(const char *line, size_t cursor, cg_cypher_complete *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    size_t n = strlen(line);
    if (cursor > n) cursor = n;
    ctx->word = cursor;
    size_t nt;
    int in_string;
    cc_tok *toks = cc_lex(line, cursor, ctx, &nt, &in_string);
    size_t np = nt;           /* the tokens before the word at the cursor */
    int no_name = 0;          /* the cursor is right after a number, a date, a string */
    if (nt && toks[nt - 1].end == cursor && !in_string) {
        cx_toktype ty = toks[nt - 1].type;
        if (ty == CT_IDENT) { np = nt - 1; ctx->word = toks[np].off; }
        else if (ty == CT_INT || ty == CT_WORD || ty == CT_QIDENT || ty == CT_STRING) no_name = 1;
    }
    cc_br *st = cg_xmalloc(CX_MAX_DEPTH * sizeof *st);
    size_t depth = 0;
    for (size_t i = 0; i < np; i++) {
        const cc_tok *t = &toks[i];
        cc_br *top = depth && depth <= CX_MAX_DEPTH ? &st[depth - 1] : NULL;
        const char *kw = cc_kw(toks, i);
        int in_match = ctx->clause && !strcmp(ctx->clause, "match");
        switch (t->type) {
        case CT_LPAREN: case CT_LBRACK: case CT_LBRACE: {
            if (depth++ >= CX_MAX_DEPTH) break;
            cc_br *b = &st[depth - 1];
            memset(b, 0, sizeof *b);
            b->c = t->type == CT_LPAREN ? '(' : t->type == CT_LBRACK ? '[' : '{';
            b->var = -1;
            b->open = i;
            if (depth == 1 && in_match && b->c != '{') {
                b->pat = b->c == '(' ? 'n' : 'e';
                b->p.role = b->c == '(' ? CG_CC_NODE : CG_CC_EDGE;
            } else if (b->c == '{' && top && (top->pat == 'n' || top->pat == 'e')) {
                b->pat = 'm';
                b->p = top->p;
                b->var = top->var;
            }
            break;
        }
        case CT_RPAREN: case CT_RBRACK: case CT_RBRACE:
            if (depth) depth--;
            break;
        case CT_IDENT: case CT_QIDENT:
            if (kw && depth == 0) {
                for (size_t k = 0; k < sizeof cc_clauses / sizeof *cc_clauses; k++)
                    if (!strcmp(kw, cc_clauses[k])) ctx->clause = cc_clauses[k];
            } else if (top && (top->pat == 'n' || top->pat == 'e')) {
                if (i == top->open + 1 && !kw) {
                    top->var = cc_var_declare(ctx, t->name, top->p.role);
                    top->p.name = t->name;
                    if (top->var >= 0 && top->p.role == CG_CC_EDGE && ctx->vars[top->var].role == CG_CC_EDGES)
                        top->p.role = CG_CC_EDGES;
                } else if (i > 0 && (toks[i - 1].type == CT_COLON || toks[i - 1].type == CT_PIPE)) {
                    cc_add_kind(&top->p, t->name);
                    if (top->var >= 0) cc_add_kind(&ctx->vars[top->var], t->name);
                }
            } else if (depth == 0 && !kw && i > 0 && cc_is(toks, i - 1, "as") && ctx->clause &&
                       !strcmp(ctx->clause, "return")) {
                cc_var_declare(ctx, t->name, CG_CC_ALIAS);
            }
            break;
        case CT_EQ:
            if (depth == 0 && in_match && i > 0 && toks[i - 1].type == CT_IDENT && !cc_kw(toks, i - 1) &&
                i >= 2 && (cc_is(toks, i - 2, "match") || toks[i - 2].type == CT_COMMA))
                cc_var_declare(ctx, toks[i - 1].name, CG_CC_PATH);
            break;
        case CT_STAR:
            if (top && top->pat == 'e') {
                top->p.role = CG_CC_EDGES;
                if (top->var >= 0) ctx->vars[top->var].role = CG_CC_EDGES;
            }
            break;
        case CT_GT:
            /* a redirection: `>!`, or `>` at depth 0 that is no arrow's
             * head and not in where (there it compares) */
            if (depth == 0 && i > 0 && toks[i - 1].type != CT_MINUS &&
                (t->force || (ctx->clause && strcmp(ctx->clause, "where")))) {
                size_t j = t->end;
                while (j < cursor && is_blank((unsigned char)line[j])) j++;
                int blank = 0;
                for (size_t k = j; k < cursor; k++)
                    if (is_blank((unsigned char)line[k])) blank = 1;
                ctx->what = blank && line[j] != '"' ? CG_CC_NOTHING : CG_CC_FILE;
                ctx->word = j;
                free(st);
                free(toks);
                return;
            }
            break;
        default:
            break;
        }
    }
    cc_br *top = depth && depth <= CX_MAX_DEPTH ? &st[depth - 1] : NULL;
    ctx->bracket = top ? top->c : 0;
    ctx->in_pattern = top && top->pat;
    ctx->in_string = in_string;
    const cc_tok *t1 = np ? &toks[np - 1] : NULL;
    const cc_tok *t2 = np > 1 ? &toks[np - 2] : NULL;
    ctx->prev = np ? cc_kw(toks, np - 1) : NULL;
    ctx->prev2 = np > 1 ? cc_kw(toks, np - 2) : NULL;
    ctx->label = t1 && (t1->type == CT_COLON || t1->type == CT_PIPE);
    cg_cc_what what = CG_CC_NOTHING;
    if (in_string || no_name || !t1 || depth > CX_MAX_DEPTH) {
        what = CG_CC_NOTHING;
    } else if (ctx->label) {
        if (top && top->pat == 'n') what = CG_CC_KIND;
        else if (top && top->pat == 'e') what = CG_CC_TYPE;
        else if (top && top->c == '{') what = t1->type == CT_COLON ? CG_CC_EXPR : CG_CC_NOTHING;
        else if (depth == 0 && ctx->clause && !strcmp(ctx->clause, "match")) what = CG_CC_NOTHING;
        else if (t2 && ((t2->type == CT_IDENT && !cc_kw(toks, np - 2)) || t2->type == CT_QIDENT ||
                        t2->type == CT_RPAREN))
            what = CG_CC_KIND;                         /* v:kind in an expression */
    } else if (t1->type == CT_DOT) {
        if (t2 && ((t2->type == CT_IDENT && !cc_kw(toks, np - 2)) || t2->type == CT_QIDENT)) {
            int k = cc_var_find(ctx, t2->name);   /* -1 for a NULL name (the buffer was full) */
            if (k >= 0) ctx->subject = ctx->vars[k];
            else ctx->subject.name = t2->name;
            what = CG_CC_PROPERTY;
        }
    } else if (top && top->c == '{' && (t1->type == CT_LBRACE || t1->type == CT_COMMA)) {
        if (top->pat == 'm') ctx->subject = top->p;
        what = CG_CC_KEY;
    } else if (top && (top->pat == 'n' || top->pat == 'e')) {
        what = np - 1 == top->open ? CG_CC_VARIABLE : CG_CC_NOTHING;
    } else if (depth == 0 && !ctx->clause) {
        what = CG_CC_NOTHING;
    } else if (depth == 0 && !strcmp(ctx->clause, "match")) {
        what = t1->type == CT_RPAREN ? CG_CC_KEYWORD : CG_CC_NOTHING;
    } else if (depth == 0 && (!strcmp(ctx->clause, "since") || !strcmp(ctx->clause, "until") ||
                              !strcmp(ctx->clause, "skip") || !strcmp(ctx->clause, "limit"))) {
        what = ctx->prev && !strcmp(ctx->prev, ctx->clause) ? CG_CC_NOTHING : CG_CC_KEYWORD;
    } else if (depth == 0 && ctx->prev && !strcmp(ctx->prev, "order")) {
        what = CG_CC_KEYWORD;                          /* by */
    } else if (depth == 0 && ctx->prev && !strcmp(ctx->prev, "as")) {
        what = CG_CC_NOTHING;                          /* a new name */
    } else {
        what = cc_operand_end(toks, np - 1) ? CG_CC_KEYWORD : CG_CC_EXPR;
    }
    ctx->what = what;
    free(st);
    free(toks);
}
