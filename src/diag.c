/* diag.c - collecting diagnostics and printing them, each with its source line and a caret under the column. */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
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

void cg_diag_vadd(cg_diag *d, cg_severity sev, const char *file, int line, int col, const char *fmt, va_list ap)
{
    char msg[CG_DIAG_MSG_CUT];
    vsnprintf(msg, sizeof msg, fmt, ap);
    cg_diag_add(d, sev, file, line, col, "%s", msg);
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

/* ---- source lines and carets ---- */

static struct {
    const char *name;
    const unsigned char *data;
    size_t len;
} diag_mem;

void cg_diag_source(const char *name, const unsigned char *data, size_t len)
{
    diag_mem.name = name;
    diag_mem.data = data;
    diag_mem.len = len;
}

int cg_term_width(FILE *out)
{
    struct winsize ws;
    if (!isatty(fileno(out)) || ioctl(fileno(out), TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0) return 0;
    return ws.ws_col;
}

/* Most of a line kept for its caret: longer lines keep their first
 * DIAG_LINE_MAX bytes (a caret past them is not drawn). */
#define DIAG_LINE_MAX (64 * 1024)

/* One wanted source line: the (file, line) of a diagnostic. */
typedef struct diag_want {
    const char *file;
    int line;
    size_t item;          /* the diagnostic's index */
    char *text;           /* what was read (malloc'ed), or NULL */
    size_t len;
} diag_want;

static int diag_want_cmp(const void *a, const void *b)
{
    const diag_want *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c) return c;
    return (x->line > y->line) - (x->line < y->line);
}

/* Fills w[0..n) (one file's wants, by line) from the lines of the text
 * got from next_byte. */
typedef int (*diag_getc)(void *ctx);
static void diag_fill(diag_want *w, size_t n, diag_getc next, void *ctx)
{
    int line = 1, c = 0;
    size_t k = 0;
    cg_buf b;
    cg_buf_init(&b);
    while (k < n && c != EOF) {
        int keep = w[k].line == line, any = 0;
        cg_buf_reset(&b);
        while ((c = next(ctx)) != EOF && (any = 1, c != '\n'))
            if (keep && b.len < DIAG_LINE_MAX) cg_buf_putc(&b, (char)c);
        if (keep && any) {      /* a line past the end (an error at EOF) is not quoted */
            size_t len = b.len;
            if (len && b.data[len - 1] == '\r') len--;
            const char *t = b.data ? b.data : "";
            if (line == 1 && len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) { t += 3; len -= 3; }
            for (; k < n && w[k].line == line; k++) {
                w[k].text = cg_xstrndup(t, len);
                w[k].len = len;
            }
        }
        line++;
    }
    cg_buf_destroy(&b);
}

static int diag_file_getc(void *ctx) { return getc((FILE *)ctx); }

typedef struct diag_memsrc { const unsigned char *p, *end; } diag_memsrc;
static int diag_mem_getc(void *ctx)
{
    diag_memsrc *m = ctx;
    return m->p < m->end ? *m->p++ : EOF;
}

/* Reads the source lines of one file's wants (sorted by line). */
static void diag_read_file(diag_want *w, size_t n)
{
    if (diag_mem.name && strcmp(diag_mem.name, w[0].file) == 0) {
        diag_memsrc m = { diag_mem.data, diag_mem.data + diag_mem.len };
        if (diag_mem.len >= 2 && (m.p[0] == 0xFF || m.p[0] == 0xFE) && (m.p[1] == 0xFE || m.p[1] == 0xFF)) return;
        diag_fill(w, n, diag_mem_getc, &m);
        return;
    }
    FILE *f = fopen(w[0].file, "rb");
    if (!f) return;
    int c0 = getc(f), c1 = getc(f);
    if ((c0 == 0xFF && c1 == 0xFE) || (c0 == 0xFE && c1 == 0xFF)) {   /* UTF-16: not quoted */
        fclose(f);
        return;
    }
    rewind(f);
    diag_fill(w, n, diag_file_getc, f);
    fclose(f);
}

/* One code point of the quoted text as shown: its bytes, or an escape
 * (\t is expanded by the caller), and its width in terminal columns. */
static size_t diag_glyph(const unsigned char *p, size_t n, char *out, int *width)
{
    uint32_t cp;
    int len = cg_utf8_decode(p, n, &cp);
    if (len == 0) {
        snprintf(out, 8, "\\x%02X", *p);
        *width = 4;
        return 1;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
        snprintf(out, 8, cp < 0x100 ? "\\x%02X" : "\\u%04X", (unsigned)cp);
        *width = (int)strlen(out);
        return (size_t)len;
    }
    memcpy(out, p, (size_t)len);
    out[len] = '\0';
    *width = cg_cp_width(cp);
    return (size_t)len;
}

int cg_caret_column(const char *text, size_t len, int col)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    int x = 0, ch = 1;
    while (i < len && ch < col) {
        char g[16];
        int w;
        if (p[i] == '\t') { x += 8 - x % 8; i++; }
        else { i += diag_glyph(p + i, len - i, g, &w); x += w; }
        ch++;
    }
    return ch == col ? x : -1;
}

void cg_caret_print(FILE *out, int line, const char *text, size_t len, int col, int width)
{
    if (width <= 0) width = CG_CARET_WIDTH;
    char gutter[16];
    int gw = snprintf(gutter, sizeof gutter, "%5d", line);
    int room = width - gw - 3;           /* "LINE | " */
    if (room < 20) room = 20;
    /* the glyphs, their columns on screen, and the caret's column */
    typedef struct { size_t off, n; int at, w; } glyph;
    glyph *gl = NULL;
    size_t ng = 0, cap = 0;
    cg_buf shown;
    cg_buf_init(&shown);
    int x = 0, caret = -1;
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    int ch = 1;
    while (i < len) {
        char g[16];
        int w;
        size_t used;
        if (p[i] == '\t') {
            w = 8 - x % 8;
            memset(g, ' ', (size_t)w);
            g[w] = '\0';
            used = 1;
        } else {
            used = diag_glyph(p + i, len - i, g, &w);
        }
        if (ch == col) caret = x;
        CG_GROW(gl, cap, ng + 1);
        gl[ng].off = shown.len;
        gl[ng].n = strlen(g);
        gl[ng].at = x;
        gl[ng].w = w;
        ng++;
        cg_buf_puts(&shown, g);
        x += w;
        i += used;
        ch++;
    }
    if (ch == col) caret = x;            /* just past the end (a missing value) */
    /* the window of screen columns [lo, hi) quoted */
    int lo = 0, hi = x;
    if (x > room) {
        int c = caret >= 0 ? caret : 0;
        lo = c - room / 3;
        if (lo < 0) lo = 0;
        hi = lo + room;
        if (hi > x) { hi = x; lo = hi - room > 0 ? hi - room : 0; }
    }
    int cut_lo = lo > 0, cut_hi = hi < x;
    if (cut_lo) lo += 4;                 /* room for "... " */
    if (cut_hi) hi -= 4;
    fprintf(out, "%s | %s", gutter, cut_lo ? "... " : "");
    int shift = -1;
    for (size_t k = 0; k < ng; k++) {
        if (gl[k].at < lo || gl[k].at + gl[k].w > hi) continue;
        if (shift < 0) shift = gl[k].at;
        fwrite(shown.data + gl[k].off, 1, gl[k].n, out);
    }
    if (shift < 0) shift = lo;
    fputs(cut_hi ? " ...\n" : "\n", out);
    if (caret >= shift && caret <= hi) {
        fprintf(out, "%*s | %*s^\n", gw, "", (cut_lo ? 4 : 0) + caret - shift, "");
    }
    cg_buf_destroy(&shown);
    free(gl);
}

void cg_diag_print(const cg_diag *d, FILE *out)
{
    cg_diag_print_width(d, out, cg_term_width(out));
}

void cg_diag_print_width(const cg_diag *d, FILE *out, int width)
{
    static const char *const sevname[] = { "error", "warning", "note" };
    size_t *order = cg_xmalloc((d->count ? d->count : 1) * sizeof *order);
    for (size_t i = 0; i < d->count; i++) order[i] = i;
    sort_diag = d;
    qsort(order, d->count, sizeof *order, diag_order);
    sort_diag = NULL;
    /* the source lines wanted, read with one pass over each file */
    diag_want *w = cg_xmalloc((d->count ? d->count : 1) * sizeof *w);
    size_t nw = 0;
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].file && d->items[i].line > 0 && !d->no_source) {
            w[nw].file = d->items[i].file;
            w[nw].line = d->items[i].line;
            w[nw].item = i;
            w[nw].text = NULL;
            w[nw].len = 0;
            nw++;
        }
    qsort(w, nw, sizeof *w, diag_want_cmp);
    for (size_t a = 0; a < nw;) {
        size_t b = a + 1;
        while (b < nw && strcmp(w[b].file, w[a].file) == 0) b++;
        diag_read_file(w + a, b - a);
        a = b;
    }
    diag_want **of = cg_xcalloc(d->count ? d->count : 1, sizeof *of);
    for (size_t k = 0; k < nw; k++) of[w[k].item] = &w[k];
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
        const diag_want *src = of[order[oi]];
        if (src && src->text) cg_caret_print(out, x->line, src->text, src->len, x->col > 0 ? x->col : 1, width);
    }
    for (size_t k = 0; k < nw; k++) free(w[k].text);
    free(w);
    free(of);
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
