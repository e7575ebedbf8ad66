/* diag.c - collecting and printing diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

void cg_diag_init(cg_diag *d)
{
    memset(d, 0, sizeof *d);
    d->max_warnings = 20;
}

void cg_diag_destroy(cg_diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

int cg_diag_full(const cg_diag *d)
{
    return d->nerrors >= CG_MAX_ERRORS;
}

void cg_diag_add(cg_diag *d, cg_severity sev, const char *file, int line, int col,
                 const char *fmt, ...)
{
    if (sev == CG_ERROR) {
        if (d->nerrors >= CG_MAX_ERRORS) { d->dropped_errors++; return; }
        d->nerrors++;
    } else if (sev == CG_WARNING) {
        if (d->nwarnings >= d->max_warnings) { d->dropped_warnings++; return; }
        d->nwarnings++;
    }
    CG_GROW(d->items, d->cap, d->count + 1);
    cg_diagnostic *x = &d->items[d->count++];
    x->severity = sev;
    x->file = file ? cg_xstrdup(file) : NULL;
    x->line = line;
    x->col = col;
    va_list ap;
    /* gcc -O1 -fsanitize=undefined warns "null format string" here unless
     * it can see that fmt is not NULL (and -Werror in CI makes that fatal) */
    if (!fmt) fmt = "";
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    x->message = cg_xmalloc((size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(x->message, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
}

static const cg_diag *sort_diag;

/* Order: files in the order they first appear, then line, then column, then
 * the order found (a stable sort on the index). */
static int diag_order(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const cg_diagnostic *x = &sort_diag->items[a], *y = &sort_diag->items[b];
    size_t fx = a, fy = b;
    for (size_t i = 0; i < a; i++)
        if (sort_diag->items[i].file && x->file && strcmp(sort_diag->items[i].file, x->file) == 0) { fx = i; break; }
    for (size_t i = 0; i < b; i++)
        if (sort_diag->items[i].file && y->file && strcmp(sort_diag->items[i].file, y->file) == 0) { fy = i; break; }
    if (!x->file || !y->file) fx = a, fy = b;
    if (fx != fy) return fx < fy ? -1 : 1;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return a < b ? -1 : a > b;
}

void cg_diag_print(const cg_diag *d, FILE *out)
{
    static const char *const sevname[] = { "error", "warning", "note" };
    size_t *order = cg_xmalloc((d->count ? d->count : 1) * sizeof *order);
    for (size_t i = 0; i < d->count; i++) order[i] = i;
    sort_diag = d;
    qsort(order, d->count, sizeof *order, diag_order);
    sort_diag = NULL;
    for (size_t oi = 0; oi < d->count; oi++) {
        const cg_diagnostic *x = &d->items[order[oi]];
        if (x->file) {
            cg_fputs_safe(x->file, out);
            if (x->line > 0) fprintf(out, ":%d:%d", x->line, x->col > 0 ? x->col : 1);
            fputs(": ", out);
        }
        fprintf(out, "%s: ", sevname[x->severity]);
        cg_fputs_safe(x->message, out);
        fputc('\n', out);
    }
    free(order);
    if (d->dropped_errors)
        fprintf(out, "error: too many errors; %zu more not shown\n", d->dropped_errors);
    else if (d->nerrors >= CG_MAX_ERRORS)
        fprintf(out, "error: too many errors; stopped after %d\n", CG_MAX_ERRORS);
    if (d->dropped_warnings)
        fprintf(out, "warning: %zu more warning%s not shown\n", d->dropped_warnings, cg_s(d->dropped_warnings));
}

void cg_error_clear(cg_error *e)
{
    e->set = 0;
    e->col = 0;
    e->msg[0] = '\0';
}

void cg_error_set(cg_error *e, int col, const char *fmt, ...)
{
    if (e->set) return;   /* keep the first: it is where the problem was found */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->col = col;
    e->set = 1;
}

size_t cg_escape_safe(const char *s, char *out, size_t n)
{
    size_t len = 0, left = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
#define PUT(ch) do { if (len + 1 < n) out[len] = (char)(ch); len++; } while (0)
    while (*p) {
        unsigned c = *p;
        if (c == '\n' || c == '\t' || c == '\r') {
            PUT('\\');
            PUT(c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
            p++, left--;
        } else if (c < 0x20 || c == 0x7F) {
            char tmp[5];
            snprintf(tmp, sizeof tmp, "\\x%02X", c);
            for (int i = 0; tmp[i]; i++) PUT(tmp[i]);
            p++, left--;
        } else if (c < 0x80) {
            PUT(c);
            p++, left--;
        } else {
            uint32_t cp;
            size_t k = (size_t)cg_utf8_decode(p, left, &cp);
            /* C1 controls (U+0080..U+009F) are terminal controls too */
            if (k == 0 || cp <= 0x9F) {
                char tmp[5];
                snprintf(tmp, sizeof tmp, "\\x%02X", c);
                for (int i = 0; tmp[i]; i++) PUT(tmp[i]);
                p++, left--;
            } else {
                for (size_t i = 0; i < k; i++) PUT(p[i]);
                p += k, left -= k;
            }
        }
    }
#undef PUT
    if (n) out[len < n ? len : n - 1] = '\0';
    return len;
}

void cg_fputs_safe(const char *s, FILE *out)
{
    char small[512];
    size_t need = cg_escape_safe(s, small, sizeof small);
    if (need < sizeof small) {
        fputs(small, out);
        return;
    }
    char *big = cg_xmalloc(need + 1);
    cg_escape_safe(s, big, need + 1);
    fputs(big, out);
    free(big);
}
