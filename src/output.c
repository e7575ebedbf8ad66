/* output.c - result tables and the table / line / tsv / csv / json writers,
 * and fitting a table to a terminal's width. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700     /* wcwidth (readline's pkg-config flags set 600) */
#endif
#include "output.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>
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

void cg_result_reserve(cg_result *r, size_t n)
{
    CG_GROW(r->cells, r->cap, (r->nrows + n) * r->ncols);
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

/* A cell of type t holding two texts in one allocation: s is first, and
 * s + n is second (the exact or JSON form the json writer prints). */
static void output_cell_pair(cg_result *r, cg_cell *c, cg_cell_type t, const char *first, const char *second)
{
    size_t a = strlen(first) + 1, b = strlen(second) + 1;
    char *p = cg_arena_alloc(&r->arena, a + b);
    memcpy(p, first, a);
    memcpy(p + a, second, b);
    c->type = t;
    c->s = p;
    c->n = (uint32_t)a;
}

/* See output.h: s is "SHORT\0EXACT" in the arena, n the offset of EXACT. */
void cg_cell_real(cg_result *r, cg_cell *c, double d)
{
    char shortf[64], exact[64];
    cg_format_score(d, shortf, sizeof shortf);
    cg_format_double(d == 0 ? 0 : d, exact, sizeof exact);   /* no "-0" */
    output_cell_pair(r, c, CG_CELL_NUMBER, shortf, exact);
}

/* See output.h. */
void cg_cell_typed(cg_result *r, cg_cell *c, const char *text, cg_valtype t)
{
    if (t == CG_VAL_INT || t == CG_VAL_DOUBLE) {
        char num[64];
        cg_writer_number(text, t, num, sizeof num);
        cg_cell_number(r, c, num);
    } else if (t == CG_VAL_BOOL) {
        c->type = CG_CELL_BOOL;
        c->s = strcmp(text, "true") == 0 ? "true" : "false";
    } else {
        cg_cell_text(c, text);
    }
}

void cg_cell_list(cg_result *r, cg_cell *c, const char *const *items, size_t n)
{
    c->type = CG_CELL_LIST;
    c->n = (uint32_t)n;
    c->list = cg_arena_alloc(&r->arena, (n ? n : 1) * sizeof *c->list);
    for (size_t i = 0; i < n; i++) c->list[i] = items[i];
}

const char *const cg_outfmt_names[] = { "table", "tsv", "csv", "json", "line", NULL };

int cg_outfmt_parse(const char *name, cg_outfmt *fmt)
{
    for (int i = 0; cg_outfmt_names[i]; i++)
        if (strcasecmp(name, cg_outfmt_names[i]) == 0) { *fmt = (cg_outfmt)i; return 0; }
    return -1;
}

const char *cg_outfmt_name(cg_outfmt fmt)
{
    return cg_outfmt_names[fmt];
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

/* The text of a cell in the text formats, into b: a list's items joined
 * by ',' for people (table, line), or, with tabular (tsv, csv), by ';' and
 * escaped as SPEC 5 says (cg_list_put), so that a spreadsheet round trip
 * loses nothing. */
static void output_cell_text(const cg_cell *c, cg_buf *b, int tabular)
{
    cg_buf_reset(b);
    switch (c->type) {
    case CG_CELL_NULL: break;
    case CG_CELL_LIST:
        for (uint32_t i = 0; i < c->n; i++) {
            if (i) cg_buf_putc(b, tabular ? ';' : ',');
            if (tabular) cg_list_put(b, c->list[i]);
            else cg_buf_puts(b, c->list[i]);
        }
        break;
    default: cg_buf_puts(b, c->s); break;
    }
    if (!b->data) cg_buf_puts(b, "");
}

/* Terminal columns of code point cp (wcwidth in the locale current on this
 * thread): 0 for combining marks, 2 for wide characters; 1 for what
 * wcwidth does not know. */
static size_t output_cp_width(uint32_t cp)
{
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : (size_t)w;
}

size_t cg_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), w = 0;
    locale_t loc = cg_utf8_locale(), old = loc ? uselocale(loc) : (locale_t)0;
    while (n > 0) {
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) { w++; p++; n--; continue; }
        w += output_cp_width(cp);
        p += len; n -= (size_t)len;
    }
    if (loc) uselocale(old);
    return w;
}

/* s (display width more than `width`, which is at least 2) cut to fit
 * `width` columns with a trailing "…": whole code points, so UTF-8 stays
 * intact, and the zero-width marks after the last one kept.  A list cell
 * (items joined by ',') is cut after its last whole item when one fits.
 * Returns a malloc'd string; *outw is its display width. */
static char *output_shorten(const char *s, size_t width, int list, size_t *outw)
{
    static const char ell[] = "\xE2\x80\xA6";     /* U+2026, one column */
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), off = 0, w = 0, cut = 0, cutw = 0;
    locale_t loc = cg_utf8_locale(), old = loc ? uselocale(loc) : (locale_t)0;
    while (off < n) {
        uint32_t cp;
        int len = cg_utf8_decode(p + off, n - off, &cp);
        size_t cw = len ? output_cp_width(cp) : 1;
        if (len == 0) len = 1;
        if (w + cw > width - 1) break;       /* a combining mark (0) stays with its letter */
        w += cw;
        off += (size_t)len;
        cut = off;
        cutw = w;
    }
    if (loc) uselocale(old);
    if (list) {
        size_t k = cut;
        while (k > 0 && s[k - 1] != ',') k--;
        if (k > 0) {
            char *head = cg_xstrndup(s, k);
            cut = k;
            cutw = cg_display_width(head);
            free(head);
        }
    }
    char *out = cg_xmalloc(cut + sizeof ell);
    memcpy(out, s, cut);
    memcpy(out + cut, ell, sizeof ell);
    *outw = cutw + 1;
    return out;
}

/* Fits columns of natural widths width[0..nc) into `avail` terminal columns
 * (two between columns) by narrowing the widest first: a column is never
 * made narrower than floor_w[c].  The widths are changed in place; the
 * table may still be wider than avail when every column is at its floor. */
static void output_fit(size_t *width, const size_t *floor_w, size_t nc, size_t avail)
{
    size_t gaps = 2 * (nc - 1);
    size_t budget = avail > gaps ? avail - gaps : 0;
    for (;;) {
        size_t sum = 0, top = 0, next = 0, k = 0;
        for (size_t c = 0; c < nc; c++) sum += width[c];
        if (sum <= budget) return;
        for (size_t c = 0; c < nc; c++)
            if (width[c] > floor_w[c] && width[c] > top) top = width[c];
        if (top == 0) return;                /* all at their floor */
        for (size_t c = 0; c < nc; c++) {
            if (width[c] > floor_w[c] && width[c] == top) k++;
            else if (width[c] < top && width[c] > next) next = width[c];
        }
        size_t excess = sum - budget, step = (excess + k - 1) / k;
        size_t target = top - next < step ? next : top - step;
        for (size_t c = 0; c < nc; c++)
            if (width[c] == top && width[c] > floor_w[c]) width[c] = target > floor_w[c] ? target : floor_w[c];
    }
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

/* The aligned table: header, a rule, rows, then "(N rows)".  avail > 0:
 * the terminal's width; a wider table has its widest text columns narrowed
 * (never below their header or 6 columns; numbers never) and the cells
 * that no longer fit shortened with "…". */
static void output_table(FILE *f, const cg_result *r, size_t avail)
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
            output_cell_text(cell, &b, 0);
            text[i * nc + c] = output_safe_dup(b.data);
            tw[i * nc + c] = cg_display_width(text[i * nc + c]);
            if (tw[i * nc + c] > width[c]) width[c] = tw[i * nc + c];
            if (cell->type != CG_CELL_NUMBER && cell->type != CG_CELL_NULL) right[c] = 0;
        }
    if (avail > 0 && nc > 0) {
        size_t *floor_w = cg_xcalloc(nc, sizeof *floor_w);
        for (size_t c = 0; c < nc; c++) {
            size_t hw = cg_display_width(r->cols[c]);
            floor_w[c] = right[c] ? width[c] : hw > 6 ? hw : 6;
            if (floor_w[c] > width[c]) floor_w[c] = width[c];
        }
        output_fit(width, floor_w, nc, avail);
        free(floor_w);
        for (size_t i = 0; i < nr; i++)
            for (size_t c = 0; c < nc; c++) {
                size_t k = i * nc + c;
                if (tw[k] <= width[c]) continue;
                char *cut = output_shorten(text[k], width[c], r->cells[k].type == CG_CELL_LIST, &tw[k]);
                free(text[k]);
                text[k] = cut;
            }
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

/* sqlite3's `.mode line`: each row as `key = value` lines, the keys
 * right-aligned to the longest, a blank line between rows.  Values are
 * escaped as in the table and never shortened. */
static void output_line(FILE *f, const cg_result *r)
{
    size_t nc = r->ncols, kw = 0;
    cg_buf b;
    cg_buf_init(&b);
    for (size_t c = 0; c < nc; c++) {
        size_t w = cg_display_width(r->cols[c]);
        if (w > kw) kw = w;
    }
    for (size_t i = 0; i < r->nrows; i++) {
        if (i) putc('\n', f);
        for (size_t c = 0; c < nc; c++) {
            output_pad(f, kw - cg_display_width(r->cols[c]));
            fputs(r->cols[c], f);
            fputs(" = ", f);
            output_cell_text(&r->cells[i * nc + c], &b, 0);
            char *v = output_safe_dup(b.data);
            fputs(v, f);
            free(v);
            putc('\n', f);
        }
    }
    cg_buf_destroy(&b);
}

/* One tsv field: tab, newline, CR and backslash as \t \n \r \\; with safe,
 * other control characters and invalid UTF-8 as \xNN.  The caller holds
 * f's lock (a million rows: stdio's per-call locking would be a tenth of
 * the time). */
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
            fwrite_unlocked(p, 1, k, f);
            p += k; n -= k;
            continue;
        }
        unsigned c = *p;
        if (c == '\t') fwrite_unlocked("\\t", 1, 2, f);
        else if (c == '\n') fwrite_unlocked("\\n", 1, 2, f);
        else if (c == '\r') fwrite_unlocked("\\r", 1, 2, f);
        else if (c == '\\') fwrite_unlocked("\\\\", 1, 2, f);
        else if (c < 0x80) fprintf(f, "\\x%02X", c);     /* safe: a control character */
        else {
            uint32_t cp;
            int len = cg_utf8_decode(p, n, &cp);
            if (len == 0 || (cp >= 0x80 && cp <= 0x9F)) {
                fprintf(f, "\\x%02X", c);
                p++; n--;
                continue;
            }
            fwrite_unlocked(p, 1, (size_t)len, f);
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
    case CG_CELL_VALUE: fputs(c->s + c->n, f); break;
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

/* ---- the terminal: size and pager ---- */

extern char **environ;

int cg_term_size(int fd, int *rows, int *cols)
{
    struct winsize ws;
    if (!isatty(fd)) return -1;
    *rows = 24;
    *cols = 80;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0) {
        if (ws.ws_row > 0) *rows = ws.ws_row;
        if (ws.ws_col > 0) *cols = ws.ws_col;
    }
    return 0;
}

/* 1 if text takes more than `limit` screen lines on a terminal `cols`
 * wide (long lines wrap).  Stops counting at the limit. */
static int output_taller(const char *text, size_t len, int limit, int cols)
{
    size_t lines = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        size_t w = n;
        if (n > (size_t)cols) {               /* may wrap: measure it */
            char *line = cg_xstrndup(p, n);
            w = cg_display_width(line);
            free(line);
        }
        lines += w > (size_t)cols ? (w + (size_t)cols - 1) / (size_t)cols : 1;
        if (lines > (size_t)limit) return 1;
        p += n + (nl ? 1 : 0);
    }
    return 0;
}

static int output_write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Runs the shell command `pager` with text on its standard input.  Returns
 * its wait status, or -1 when it could not be started. */
static int output_run_pager(const char *pager, const char *text, size_t len)
{
    int fds[2];
    if (pipe(fds) != 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t def;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    posix_spawnattr_init(&at);
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGQUIT);
    sigaddset(&def, SIGPIPE);
    posix_spawnattr_setsigdefault(&at, &def);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    char *argv[] = { (char *)"sh", (char *)"-c", (char *)pager, NULL };
    pid_t pid;
    int sr = posix_spawn(&pid, "/bin/sh", &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(fds[0]);
    if (sr != 0) {
        close(fds[1]);
        return -1;
    }
    (void)output_write_all(fds[1], text, len);   /* EPIPE: the pager was left early */
    close(fds[1]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return status;
}

int cg_output_page(const char *text, size_t len, int rows, int cols)
{
    const char *pager = getenv("PAGER");
    if (!pager) pager = "less -FRX";
    if (!*pager || !output_taller(text, len, rows > 1 ? rows - 1 : 1, cols > 0 ? cols : 80))
        return output_write_all(STDOUT_FILENO, text, len);
    fflush(stdout);
    /* as system(3): the pager owns Ctrl-C and Ctrl-\ while it runs, and a
     * pager left early must not kill us with SIGPIPE */
    struct sigaction ign, oint, oquit, opipe;
    memset(&ign, 0, sizeof ign);
    sigemptyset(&ign.sa_mask);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &oint);
    sigaction(SIGQUIT, &ign, &oquit);
    sigaction(SIGPIPE, &ign, &opipe);
    int status = output_run_pager(pager, text, len);
    sigaction(SIGINT, &oint, NULL);
    sigaction(SIGQUIT, &oquit, NULL);
    sigaction(SIGPIPE, &opipe, NULL);
    if (status == -1 || (WIFEXITED(status) && WEXITSTATUS(status) == 127))
        return output_write_all(STDOUT_FILENO, text, len);   /* no such pager */
    return 0;
}

int cg_output_write(FILE *f, const cg_result *r, cg_outfmt fmt, int safe, int width)
{
    cg_buf b;
    cg_buf_init(&b);
    switch (fmt) {
    case CG_OUT_TABLE:
        output_table(f, r, width > 0 ? (size_t)width : 0);
        break;
    case CG_OUT_LINE:
        output_line(f, r);
        break;
    case CG_OUT_TSV:
    case CG_OUT_CSV:
        flockfile(f);
        for (size_t i = 0; i <= r->nrows; i++) {
            for (size_t c = 0; c < r->ncols; c++) {
                if (c) putc_unlocked(fmt == CG_OUT_TSV ? '\t' : ',', f);
                const char *s;
                if (i == 0) {
                    s = r->cols[c];
                } else {
                    output_cell_text(&r->cells[(i - 1) * r->ncols + c], &b, 1);
                    s = b.data;
                }
                if (fmt == CG_OUT_TSV) output_tsv_field(f, s, safe);
                else output_csv_field(f, s, safe);
            }
            if (fmt == CG_OUT_CSV) putc_unlocked('\r', f);
            putc_unlocked('\n', f);
        }
        funlockfile(f);
        break;
    case CG_OUT_JSON:
        cg_output_json_array(f, r);
        putc('\n', f);
        break;
    }
    cg_buf_destroy(&b);
    return ferror(f) ? -1 : 0;
}

void cg_cell_value(cg_result *r, cg_cell *c, const char *text, const char *json)
{
    output_cell_pair(r, c, CG_CELL_VALUE, text ? text : "", json ? json : "null");
}
