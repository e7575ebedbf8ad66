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
    ".dot", ".gv", ".graphml", ".json", ".yaml", ".csv", ".tsv", ".svg", ".png", ".pdf"
};

static int has_export_ext(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof export_exts / sizeof *export_exts; k++) {
        size_t el = strlen(export_exts[k]);
        if (n > el && strncasecmp(s + n - el, export_exts[k], el) == 0) return 1;
    }
    return 0;
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
        cx_toktype ty;
        size_t len = 1;
        switch (c) {
        case '(': ty = CT_LPAREN; break;
        case ')': ty = CT_RPAREN; break;
        case '[': ty = CT_LBRACK; break;
        case ']': ty = CT_RBRACK; break;
        case '{': ty = CT_LBRACE; break;
        case '}': ty = CT_RBRACE; break;
        case ',': ty = CT_COMMA; break;
        case '.': if (c1 == '.') { ty = CT_DOTDOT; len = 2; } else ty = CT_DOT; break;
        case ':': ty = CT_COLON; break;
        case '|': ty = CT_PIPE; break;
        case '*': ty = CT_STAR; break;
        case '=': if (c1 == '~') { ty = CT_REGEX; len = 2; } else ty = CT_EQ; break;
        case '<':
            if (c1 == '>') { ty = CT_NE; len = 2; }
            else if (c1 == '=') { ty = CT_LE; len = 2; }
            else ty = CT_LT;
            break;
        case '>':
            if (c1 == '=') { ty = CT_GE; len = 2; }
            else if (c1 == '!') return lx_fail(&l, i, ">! must be followed by one file name with an export extension at the end of the query%s", "");
            else ty = CT_GT;
            break;
        case '-': ty = CT_MINUS; break;
        case '+': ty = CT_PLUS; break;
        case '/': ty = CT_SLASH; break;
        case '%': ty = CT_PERCENT; break;
        case '^': ty = CT_CARET; break;
        case ';': ty = CT_SEMI; break;
        case '&': ty = CT_AMP; break;
        case '!': if (c1 == '=') { ty = CT_BANGEQ; len = 2; } else ty = CT_BANG; break;
        default: {
            char what[8];
            if (c < 0x20 || c == 0x7F) snprintf(what, sizeof what, "\\x%02X", c);
            else { what[0] = (char)c; what[1] = 0; }
            return lx_fail(&l, i, "unexpected character '%s'", what);
        }
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
    while (*p == ' ' || *p == '\t') p++;
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
