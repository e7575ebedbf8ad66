/* lexer.c - query text into tokens with columns. */
#include "lexer.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

/* 1 if c may appear in a bare word.  Bytes >= 0x80 (UTF-8 letters) do. */
static int lexer_word_char(unsigned char c)
{
    if (c >= 0x80) return 1;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    return c == '_' || c == '.' || c == ':' || c == '/' || c == '~' || c == '+' || c == '-';
}

/* The 1-based character column of byte offset off in text. */
static int lexer_col(const char *text, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
    return col;
}

static void lexer_push(cg_tokens *toks, cg_tok_type type, char *text, int col)
{
    CG_GROW(toks->items, toks->cap, toks->count + 1);
    toks->items[toks->count].type = type;
    toks->items[toks->count].text = text;
    toks->items[toks->count].col = col;
    toks->count++;
}

/* Tokenizes text (see lexer.h).  Token texts are malloc'd; cg_tokens_destroy
 * frees them. */
int cg_lex(const char *text, cg_tokens *toks, cg_error *err)
{
    memset(toks, 0, sizeof *toks);
    size_t n = strlen(text);
    if (n > CG_MAX_QUERY_LEN) {
        cg_error_set(err, 0, "query too long (%zu bytes; the limit is %d)", n, CG_MAX_QUERY_LEN);
        return -1;
    }
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') { i++; continue; }
        if (c == '#') break;
        if (toks->count >= CG_MAX_TOKENS) {
            cg_error_set(err, lexer_col(text, i), "too many words in one query (the limit is %d)", CG_MAX_TOKENS);
            return -1;
        }
        int col = lexer_col(text, i);
        if (c == ',') { lexer_push(toks, CG_TOK_COMMA, cg_xstrdup(","), col); i++; continue; }
        if (c == '=') { lexer_push(toks, CG_TOK_EQ, cg_xstrdup("="), col); i++; continue; }
        if (c == '>') {
            if (i + 1 < n && text[i + 1] == '!') {
                lexer_push(toks, CG_TOK_GTBANG, cg_xstrdup(">!"), col);
                i += 2;
            } else if (i + 1 < n && text[i + 1] == '=') {
                lexer_push(toks, CG_TOK_GE, cg_xstrdup(">="), col);
                i += 2;
            } else {
                lexer_push(toks, CG_TOK_GT, cg_xstrdup(">"), col);
                i++;
            }
            continue;
        }
        if (c == '<') {
            int le = i + 1 < n && text[i + 1] == '=';
            lexer_push(toks, le ? CG_TOK_LE : CG_TOK_LT, cg_xstrdup(le ? "<=" : "<"), col);
            i += le ? 2 : 1;
            continue;
        }
        if (c == '!' && i + 1 < n && text[i + 1] == '=') {
            lexer_push(toks, CG_TOK_NE, cg_xstrdup("!="), col);
            i += 2;
            continue;
        }
        if (c == '"') {
            cg_buf b;
            cg_buf_init(&b);
            size_t j = i + 1;
            for (;;) {
                if (j >= n) {
                    cg_buf_destroy(&b);
                    cg_error_set(err, col, "unterminated string");
                    return -1;
                }
                char d = text[j];
                if (d == '"') break;
                if (d == '\\') {
                    char e = j + 1 < n ? text[j + 1] : '\0';
                    if (e == '"' || e == '\\') {
                        cg_buf_putc(&b, e);
                        j += 2;
                        continue;
                    }
                    cg_buf_destroy(&b);
                    if (!e) {
                        cg_error_set(err, col, "unterminated string");
                    } else {
                        char shown[8];
                        cg_escape_safe((char[]){ e, 0 }, shown, sizeof shown);
                        cg_error_set(err, lexer_col(text, j),
                                     "unknown escape '\\%s' in string (only \\\" and \\\\ are escapes)", shown);
                    }
                    return -1;
                }
                cg_buf_putc(&b, d);
                j++;
            }
            lexer_push(toks, CG_TOK_STRING, b.data ? b.data : cg_xstrdup(""), col);
            i = j + 1;
            continue;
        }
        if (lexer_word_char(c)) {
            size_t j = i;
            while (j < n && lexer_word_char((unsigned char)text[j])) j++;
            lexer_push(toks, CG_TOK_WORD, cg_xstrndup(text + i, j - i), col);
            i = j;
            continue;
        }
        char shown[16];
        if (c >= 0x20 && c < 0x7f) snprintf(shown, sizeof shown, "%c", c);
        else snprintf(shown, sizeof shown, "\\x%02X", c);
        cg_error_set(err, col, "unexpected character '%s'%s", shown,
                     c == '\'' ? " (quote with double quotes)"
                     : c == ';' ? " (a ';' may only end a line; one query per line)"
                     : c == '!' ? " (the operators of 'where' are = != < <= > >= ~)" : "");
        return -1;
    }
    lexer_push(toks, CG_TOK_END, cg_xstrdup(""), lexer_col(text, i < n ? i : n));
    return 0;
}

void cg_tokens_destroy(cg_tokens *toks)
{
    for (size_t i = 0; i < toks->count; i++) free(toks->items[i].text);
    free(toks->items);
    memset(toks, 0, sizeof *toks);
}

const char *cg_token_desc(const cg_token *t)
{
    return t->type == CG_TOK_END ? "end of query" : t->text;
}
