/* fold.c - case- and accent-insensitive folding of UTF-8 text (fold.h has
 * the definition; the table is src/fold_table.h, made by fold_table.py). */
#include "fold.h"

#include <string.h>

#include "fold_table.h"

#define FOLD_N (sizeof fold_table / sizeof fold_table[0])

/* See fold.h. */
size_t cg_fold_cp(uint32_t cp, char out[8])
{
    if (cp < 0x80) {
        out[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return 1;
    }
    size_t lo = 0, hi = FOLD_N;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fold_table[mid].cp < cp) lo = mid + 1;
        else hi = mid;
    }
    if (lo < FOLD_N && fold_table[lo].cp == cp) {
        size_t n = strlen(fold_table[lo].to);
        memcpy(out, fold_table[lo].to, n);
        return n;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* See fold.h.  Runs of ASCII (nearly all the text of a big graph) are
 * lower-cased straight into b. */
void cg_fold_append(cg_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    CG_GROW(b->data, b->cap, b->len + n + 1);
    while (n > 0) {
        if (*p < 0x80) {
            size_t k = 0;
            while (k < n && p[k] < 0x80) k++;
            if (b->len + k + 1 > b->cap) CG_GROW(b->data, b->cap, b->len + k + 1);
            char *o = b->data + b->len;
            for (size_t i = 0; i < k; i++) {
                unsigned char c = p[i];
                o[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            b->len += k;
            p += k;
            n -= k;
            continue;
        }
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        char out[8];
        size_t k;
        if (len == 0) { out[0] = (char)*p; k = 1; len = 1; }
        else k = cg_fold_cp(cp, out);
        if (b->len + k + 1 > b->cap) CG_GROW(b->data, b->cap, b->len + k + 1);
        memcpy(b->data + b->len, out, k);
        b->len += k;
        p += len;
        n -= (size_t)len;
    }
    b->data[b->len] = '\0';
}

/* See fold.h. */
void cg_fold_text(const char *s, cg_buf *b)
{
    cg_buf_reset(b);
    cg_fold_append(b, s, strlen(s));
}
