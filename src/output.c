/* output.c - result tables and the table / tsv / csv / json writers. */
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "diag.h"
#include "writer.h"

void cg_result_init(cg_result *r, const char *const *cols, size_t ncols)
{
    memset(r, 0, sizeof *r);
    r->cols = cols;
    r->ncols = ncols;
    cg_arena_init(&r->arena);
}

void cg_result_destroy(cg_result *r)
{
    free(r->cells);
    cg_arena_destroy(&r->arena);
    memset(r, 0, sizeof *r);
}

cg_cell *cg_result_add_row(cg_result *r)
{
    size_t need = (r->nrows + 1) * r->ncols;
    CG_GROW(r->cells, r->cap, need);
    cg_cell *row = &r->cells[r->nrows * r->ncols];
    memset(row, 0, r->ncols * sizeof *row);
    r->nrows++;
    return row;
}

const char *cg_result_strdup(cg_result *r, const char *s)
{
    return cg_arena_strndup(&r->arena, s, strlen(s));
}

void cg_cell_text(cg_cell *c, const char *s)
{
    c->type = s ? CG_CELL_TEXT : CG_CELL_NULL;
    c->s = s;
}

void cg_cell_int(cg_result *r, cg_cell *c, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    c->type = CG_CELL_NUMBER;
    c->s = cg_result_strdup(r, buf);
}

void cg_cell_number(cg_result *r, cg_cell *c, const char *text)
{
    c->type = CG_CELL_NUMBER;
    c->s = cg_result_strdup(r, text);
    c->n = 0;
}

/* See output.h: s is "SHORT\0EXACT" in the arena, n the offset of EXACT. */
void cg_cell_real(cg_result *r, cg_cell *c, double d)
{
    char shortf[64], exact[64];
    cg_format_score(d, shortf, sizeof shortf);
    cg_format_exact(d, exact, sizeof exact);
    size_t a = strlen(shortf) + 1, b = strlen(exact) + 1;
    char *p = cg_arena_alloc(&r->arena, a + b);
    memcpy(p, shortf, a);
    memcpy(p + a, exact, b);
    c->type = CG_CELL_NUMBER;
    c->s = p;
    c->n = (uint32_t)a;
}

void cg_cell_list(cg_result *r, cg_cell *c, const char *const *items, size_t n)
{
    c->type = CG_CELL_LIST;
    c->n = (uint32_t)n;
    c->list = cg_arena_alloc(&r->arena, (n ? n : 1) * sizeof *c->list);
    for (size_t i = 0; i < n; i++) c->list[i] = items[i];
}

static const char *const outfmt_names[] = { "table", "tsv", "csv", "json" };

int cg_outfmt_parse(const char *name, cg_outfmt *fmt)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(name, outfmt_names[i]) == 0) { *fmt = (cg_outfmt)i; return 0; }
    return -1;
}

const char *cg_outfmt_name(cg_outfmt fmt)
{
    return outfmt_names[fmt];
}

void cg_format_score(double d, char *out, size_t n)
{
    if (d != d) { snprintf(out, n, "nan"); return; }
    if (d > 1e308 || d < -1e308) { snprintf(out, n, d > 0 ? "inf" : "-inf"); return; }
    if (d == 0) d = 0;   /* no "-0" */
    snprintf(out, n, "%.6g", d);
    for (char *p = out; *p; p++)      /* a locale's decimal comma */
        if (!(*p >= '0' && *p <= '9') && *p != 'e' && *p != '+' && *p != '-') *p = '.';
}

void cg_format_exact(double d, char *out, size_t n)
{
    if (d != d || d > 1e308 || d < -1e308) { cg_format_score(d, out, n); return; }
    if (d == 0) d = 0;   /* no "-0" */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, n, "%.*g", prec, d);
        for (char *p = out; *p; p++)      /* a locale's decimal comma */
            if (!(*p >= '0' && *p <= '9') && *p != 'e' && *p != '+' && *p != '-') *p = '.';
        if (strtod(out, NULL) == d) return;
    }
}

/* The text of a cell in the text formats (lists joined by ','); into b. */
static void output_cell_text(const cg_cell *c, cg_buf *b)
{
    cg_buf_reset(b);
    switch (c->type) {
    case CG_CELL_NULL: break;
    case CG_CELL_LIST:
        for (uint32_t i = 0; i < c->n; i++) {
            if (i) cg_buf_putc(b, ',');
            cg_buf_puts(b, c->list[i]);
        }
        break;
    default: cg_buf_puts(b, c->s); break;
    }
    if (!b->data) cg_buf_puts(b, "");
}

/* Terminal columns of code point cp: 0 for combining marks, 2 for wide
 * East Asian characters, else 1. */
static int output_cp_width(uint32_t cp)
{
    if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F)
        || (cp >= 0x20D0 && cp <= 0x20FF))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
        || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF)
        || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

size_t cg_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), w = 0;
    while (n > 0) {
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) { w++; p++; n--; continue; }
        w += (size_t)output_cp_width(cp);
        p += len; n -= (size_t)len;
    }
    return w;
}

/* Escapes for terminal display into a malloc'd string. */
static char *output_safe_dup(const char *s)
{
    size_t need = cg_escape_safe(s, NULL, 0);
    char *out = cg_xmalloc(need + 1);
    cg_escape_safe(s, out, need + 1);
    return out;
}

/* Writes n copies of ch in chunks: a column can be a million characters wide
 * (the members of a large component). */
static void output_repeat(FILE *f, char ch, size_t n)
{
    char chunk[256];
    memset(chunk, ch, sizeof chunk);
    while (n > 0) {
        size_t k = n < sizeof chunk ? n : sizeof chunk;
        fwrite(chunk, 1, k, f);
        n -= k;
    }
}

static void output_pad(FILE *f, size_t n)
{
    output_repeat(f, ' ', n);
}

/* The aligned table: header, a rule, rows, then "(N rows)". */
static void output_table(FILE *f, const cg_result *r)
{
    size_t nc = r->ncols, nr = r->nrows;
    char **text = cg_xcalloc(nr * nc + 1, sizeof *text);
    size_t *tw = cg_xcalloc(nr * nc + 1, sizeof *tw);
    size_t *width = cg_xcalloc(nc, sizeof *width);
    int *right = cg_xcalloc(nc, sizeof *right);
    cg_buf b;
    cg_buf_init(&b);
    for (size_t c = 0; c < nc; c++) {
        width[c] = cg_display_width(r->cols[c]);
        right[c] = nr > 0;
    }
    for (size_t i = 0; i < nr; i++)
        for (size_t c = 0; c < nc; c++) {
            const cg_cell *cell = &r->cells[i * nc + c];
            output_cell_text(cell, &b);
            text[i * nc + c] = output_safe_dup(b.data);
            tw[i * nc + c] = cg_display_width(text[i * nc + c]);
            if (tw[i * nc + c] > width[c]) width[c] = tw[i * nc + c];
            if (cell->type != CG_CELL_NUMBER && cell->type != CG_CELL_NULL) right[c] = 0;
        }
    for (size_t c = 0; c < nc; c++) {
        size_t hw = cg_display_width(r->cols[c]);
        if (c) fputs("  ", f);
        if (right[c]) output_pad(f, width[c] - hw);
        fputs(r->cols[c], f);
        if (!right[c] && c + 1 < nc) output_pad(f, width[c] - hw);
    }
    putc('\n', f);
    for (size_t c = 0; c < nc; c++) {
        if (c) fputs("  ", f);
        output_repeat(f, '-', width[c]);
    }
    putc('\n', f);
    for (size_t i = 0; i < nr; i++) {
        for (size_t c = 0; c < nc; c++) {
            size_t w = tw[i * nc + c];
            if (c) fputs("  ", f);
            if (right[c]) output_pad(f, width[c] - w);
            fputs(text[i * nc + c], f);
            if (!right[c] && c + 1 < nc) output_pad(f, width[c] - w);
        }
        putc('\n', f);
    }
    fprintf(f, "(%zu %s)\n", nr, nr == 1 ? "row" : "rows");
    for (size_t i = 0; i < nr * nc; i++) free(text[i]);
    free(text);
    free(tw);
    free(width);
    free(right);
    cg_buf_destroy(&b);
}

/* One tsv field: tab, newline, CR and backslash as \t \n \r \\; with safe,
 * other control characters and invalid UTF-8 as \xNN. */
static void output_tsv_field(FILE *f, const char *s, int safe)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        /* a run that needs no escape is written at once */
        size_t k = 0;
        while (k < n && p[k] != '\t' && p[k] != '\n' && p[k] != '\r' && p[k] != '\\' &&
               !(safe && (p[k] < 0x20 || p[k] >= 0x7F)))
            k++;
        if (k) {
            fwrite(p, 1, k, f);
            p += k; n -= k;
            continue;
        }
        unsigned c = *p;
        if (c == '\t') fputs("\\t", f);
        else if (c == '\n') fputs("\\n", f);
        else if (c == '\r') fputs("\\r", f);
        else if (c == '\\') fputs("\\\\", f);
        else if (c < 0x80) fprintf(f, "\\x%02X", c);     /* safe: a control character */
        else {
            uint32_t cp;
            int len = cg_utf8_decode(p, n, &cp);
            if (len == 0 || (cp >= 0x80 && cp <= 0x9F)) {
                fprintf(f, "\\x%02X", c);
                p++; n--;
                continue;
            }
            fwrite(p, 1, (size_t)len, f);
            p += len; n -= (size_t)len;
            continue;
        }
        p++; n--;
    }
}

/* One csv field per RFC 4180: quoted when it holds a comma, quote, CR or LF
 * (or leading/trailing space), quotes doubled.  With safe, control characters
 * other than CR/LF/tab are shown escaped. */
static void output_csv_field(FILE *f, const char *s, int safe)
{
    char *esc = NULL;
    if (safe) {
        /* keep \n, \r and \t as they are (they are quoted), escape the rest */
        cg_buf b;
        cg_buf_init(&b);
        const char *p = s;
        while (*p) {
            size_t k = strcspn(p, "\n\r\t");
            char *part = cg_xstrndup(p, k);
            char *sd = output_safe_dup(part);
            cg_buf_puts(&b, sd);
            free(sd);
            free(part);
            p += k;
            if (*p) cg_buf_putc(&b, *p++);
        }
        esc = b.data ? b.data : cg_xstrdup("");
        s = esc;
    }
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, f);
    } else {
        putc('"', f);
        for (const char *p = s, *q; *p; p = q + 1) {
            q = strchr(p, '"');
            if (!q) {
                fputs(p, f);
                break;
            }
            fwrite(p, 1, (size_t)(q - p) + 1, f);
            putc('"', f);
        }
        putc('"', f);
    }
    free(esc);
}

void cg_output_json_cell(FILE *f, const cg_cell *c)
{
    switch (c->type) {
    case CG_CELL_NULL: fputs("null", f); break;
    case CG_CELL_NUMBER:
        if (strcmp(c->s, "nan") == 0 || strstr(c->s, "inf")) fputs("null", f);
        else fputs(c->s + c->n, f);     /* the exact form when there is one */
        break;
    case CG_CELL_BOOL: fputs(strcmp(c->s, "true") == 0 ? "true" : "false", f); break;
    case CG_CELL_LIST:
        putc('[', f);
        for (uint32_t i = 0; i < c->n; i++) {
            if (i) putc(',', f);
            cg_writer_json_string(f, c->list[i]);
        }
        putc(']', f);
        break;
    default: cg_writer_json_string(f, c->s); break;
    }
}

void cg_output_json_string(FILE *f, const char *s)
{
    cg_writer_json_string(f, s);
}

void cg_output_json_array(FILE *f, const cg_result *r)
{
    putc('[', f);
    for (size_t i = 0; i < r->nrows; i++) {
        if (i) putc(',', f);
        putc('{', f);
        for (size_t c = 0; c < r->ncols; c++) {
            if (c) putc(',', f);
            cg_writer_json_string(f, r->cols[c]);
            putc(':', f);
            cg_output_json_cell(f, &r->cells[i * r->ncols + c]);
        }
        putc('}', f);
    }
    putc(']', f);
}

int cg_output_write(FILE *f, const cg_result *r, cg_outfmt fmt, int safe)
{
    cg_buf b;
    cg_buf_init(&b);
    switch (fmt) {
    case CG_OUT_TABLE:
        output_table(f, r);
        break;
    case CG_OUT_TSV:
    case CG_OUT_CSV:
        for (size_t i = 0; i <= r->nrows; i++) {
            for (size_t c = 0; c < r->ncols; c++) {
                if (c) putc(fmt == CG_OUT_TSV ? '\t' : ',', f);
                const char *s;
                if (i == 0) {
                    s = r->cols[c];
                } else {
                    output_cell_text(&r->cells[(i - 1) * r->ncols + c], &b);
                    s = b.data;
                }
                if (fmt == CG_OUT_TSV) output_tsv_field(f, s, safe);
                else output_csv_field(f, s, safe);
            }
            if (fmt == CG_OUT_CSV) putc('\r', f);
            putc('\n', f);
        }
        break;
    case CG_OUT_JSON:
        cg_output_json_array(f, r);
        putc('\n', f);
        break;
    }
    cg_buf_destroy(&b);
    return ferror(f) ? -1 : 0;
}
