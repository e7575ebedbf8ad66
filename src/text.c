/* text.c - UTF-8 text: decoding, case folding, display widths (libc's
 * wcwidth), the edit distance suggestions use, the runs the quoting writers
 * copy at once, and "a, b or c" lists. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700     /* wcwidth (readline's pkg-config flags set 600) */
#endif
#include "util.h"

#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- UTF-8 ---- */

/* Decodes one UTF-8 sequence at s (n bytes available).  Returns its length
 * (1-4) with the code point in *cp, or 0 for an invalid sequence (bad lead
 * byte, truncated, overlong, surrogate, beyond U+10FFFF). */
int cg_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0) return 0;
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    int len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)len > n) return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

size_t cg_quoted_plain_run(const unsigned char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] >= 0x20 && s[k] < 0x7F && s[k] != '"' && s[k] != '\\') k++;
    return k;
}

/* ---- list values in tsv and csv (SPEC 5) ---- */

/* See util.h. */
void cg_list_put(cg_buf *b, const char *s)
{
    while (*s) {
        size_t k = strcspn(s, ";\\");
        cg_buf_append(b, s, k);
        s += k;
        if (!*s) break;
        cg_buf_putc(b, '\\');
        cg_buf_putc(b, *s++);
    }
}

/* See util.h. */
char *cg_list_next(char **p)
{
    char *item = *p, *r = item, *w = item;
    if (!*r) return NULL;
    for (;;) {
        char c = *r;
        if (c == '\0') { *w = '\0'; *p = r; return item; }
        if (c == ';') { *w = '\0'; *p = r + 1; return item; }
        if (c == '\\' && (r[1] == ';' || r[1] == '\\')) r++;
        *w++ = *r++;
    }
}

/* ---- edit distance ---- */

int cg_edit_distance(const char *a, const char *b, int max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (max < 0) return max + 1;
    if (la > 300 || lb > 300) return max + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)max) return max + 1;
    if (la == 0 || lb == 0) return (int)(la + lb);   /* within max: checked above */
    /* Only the cells within max of the diagonal can stay within max, so only
     * those are computed (O(la * max), not O(la * lb): a file or a query of
     * long, similar ids must not make suggestions slow).  Cells outside the
     * band count as max + 1. */
    const int big = max + 1;
    const size_t band = (size_t)max;
    int row[302];
    for (size_t j = 0; j <= lb; j++) row[j] = j <= band ? (int)j : big;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > band ? i - band : 1;
        size_t hi = i + band < lb ? i + band : lb;
        if (lo > hi) return big;
        int diag = row[lo - 1];               /* the previous row at lo - 1 */
        row[lo - 1] = lo == 1 && i <= band ? (int)i : big;
        int best = row[lo - 1];
        for (size_t j = lo; j <= hi; j++) {
            int up = row[j];
            int v = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (up + 1 < v) v = up + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            if (v > big) v = big;
            row[j] = v;
            diag = up;
            if (v < best) best = v;
        }
        if (best > max) return big;
    }
    return row[lb] > max ? big : row[lb];
}

/* The lower case of code point c: ASCII, Latin-1, Latin Extended-A, Greek
 * and Cyrillic capitals. */
static uint32_t util_fold_cp(uint32_t c)
{
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c >= 0x100 && c <= 0x137 && !(c & 1)) return c + 1;
    if (c >= 0x139 && c <= 0x148 && (c & 1)) return c + 1;
    if (c >= 0x14A && c <= 0x177 && !(c & 1)) return c + 1;
    if (c == 0x178) return 0xFF;
    if (c >= 0x179 && c <= 0x17E && (c & 1)) return c + 1;
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

/* See util.h. */
void cg_fold(const char *s, cg_buf *b)
{
    cg_buf_reset(b);
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) { cg_buf_putc(b, (char)*p); p++; n--; continue; }
        cp = util_fold_cp(cp);
        char out[4];
        int k;
        if (cp < 0x80) { out[0] = (char)cp; k = 1; }
        else if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); k = 2; }
        else if (cp < 0x10000) {
            out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[2] = (char)(0x80 | (cp & 0x3F)); k = 3;
        } else {
            out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F)); k = 4;
        }
        cg_buf_append(b, out, (size_t)k);
        p += len; n -= (size_t)len;
    }
    if (!b->data) cg_buf_puts(b, "");
}

/* See util.h. */
void cg_join_or(char *buf, size_t n, const char *const *items, size_t nitems, const char *quote)
{
    size_t len = strlen(buf);
    for (size_t i = 0; i < nitems && len + 1 < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == nitems ? " or " : ", ";
        int w = snprintf(buf + len, n - len, "%s%s%s%s", sep, quote, items[i], quote);
        if (w < 0) break;
        len += (size_t)w;
    }
    if (len >= n) buf[n - 1] = '\0';
}

/* See util.h. */
locale_t cg_utf8_locale(void)
{
    static locale_t loc;
    static int tried;
    if (!tried) {
        tried = 1;
        loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        if (!loc) loc = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
    }
    return loc;
}

/* See util.h. */
int cg_cp_width(uint32_t cp)
{
    if (cp < 0x80) return cp >= 0x20 && cp != 0x7F;
    locale_t loc = cg_utf8_locale();
    if (!loc) return 1;
    locale_t old = uselocale(loc);
    int w = wcwidth((wchar_t)cp);
    uselocale(old);
    return w < 0 ? 1 : w;
}
