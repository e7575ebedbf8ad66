/* csv.c - CSV (RFC 4180) and TSV (SPEC 5) records, unescaped in place in
 * the file's buffer (see csv.h). */
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

/* Takes ownership of buf (len bytes, one more allocated for the NUL) and
 * checks what a spreadsheet text file must not be.  Returns 0, or -1 with
 * the error in d (buf freed). */
static int csv_start(cg_csv *c, const char *name, char *buf, size_t len, int tsv, cg_diag *d)
{
    memset(c, 0, sizeof *c);
    c->name = name;
    c->tsv = tsv;
    buf[len] = '\0';
    const unsigned char *u = (const unsigned char *)buf;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        cg_diag_add(d, CG_ERROR, name, 1, 1, "the file is UTF-16; import reads UTF-8 (in Excel: "
                    "Save As \"CSV UTF-8\"; in LibreOffice: character set UTF-8)");
        free(buf);
        return -1;
    }
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        /* the row of the NUL: records are not read yet, so count lines */
        size_t line = 1;
        for (const char *p = buf; p < nul; p++) line += *p == '\n';
        cg_diag_add(d, CG_ERROR, name, (int)line, 1, "the file holds a NUL byte (at byte %zu): it is not a text "
                    "file (a spreadsheet's own format? convert it to CSV first)", (size_t)(nul - buf) + 1);
        free(buf);
        return -1;
    }
    c->buf = buf;
    c->len = len;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) c->pos = 3;   /* the UTF-8 BOM */
    return 0;
}

int cg_csv_open(cg_csv *c, const char *path, int tsv, cg_diag *d)
{
    memset(c, 0, sizeof *c);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    memset(&st, 0, sizeof st);
    if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        const char *why = fd >= 0 && S_ISDIR(st.st_mode) ? "it is a directory" : strerror(errno);
        cg_diag_add(d, CG_ERROR, path, 0, 0, "cannot read '%s': %s", path, why);
        if (fd >= 0) close(fd);
        return -1;
    }
    /* a regular file in one read; a pipe (<(...)) grows the buffer */
    if (!S_ISREG(st.st_mode)) st.st_size = 65536;
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = cg_xmalloc(cap);
    for (;;) {
        if (len + 1 >= cap) {   /* the file grew while read */
            cap *= 2;
            buf = cg_xrealloc(buf, cap);
        }
        ssize_t k = read(fd, buf + len, cap - 1 - len);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            cg_diag_add(d, CG_ERROR, path, 0, 0, "cannot read '%s': %s", path, strerror(errno));
            close(fd);
            free(buf);
            return -1;
        }
        if (k == 0) break;
        len += (size_t)k;
    }
    close(fd);
    return csv_start(c, path, buf, len, tsv, d);
}

int cg_csv_open_buffer(cg_csv *c, const char *name, const char *data, size_t len, int tsv, cg_diag *d)
{
    char *buf = cg_xmalloc(len + 1);
    memcpy(buf, data, len);
    return csv_start(c, name, buf, len, tsv, d);
}

void cg_csv_close(cg_csv *c)
{
    free(c->buf);
    free(c->cells);
    memset(c, 0, sizeof *c);
}

/* Appends a cell starting at p to the record. */
static void csv_cell(cg_csv *c, char *p)
{
    CG_GROW(c->cells, c->cap, c->ncells + 1);
    c->cells[c->ncells++] = p;
}

/* One TSV record from c->pos: cells end at a tab, the record at LF (a CR
 * just before it is part of the line end). */
static void csv_tsv_record(cg_csv *c)
{
    char *p = c->buf + c->pos, *end = c->buf + c->len;
    for (;;) {
        char *w = p;
        csv_cell(c, w);
        for (;;) {
            /* copy a run without escapes or ends at once */
            char *r = p;
            while (r < end && *r != '\t' && *r != '\n' && *r != '\\' && *r != '\r') r++;
            if (w != p) memmove(w, p, (size_t)(r - p));
            w += r - p;
            p = r;
            if (p >= end) { *w = '\0'; c->pos = c->len; return; }
            char ch = *p;
            if (ch == '\\') {
                char x = p + 1 < end ? p[1] : '\0';
                char v = x == 't' ? '\t' : x == 'n' ? '\n' : x == 'r' ? '\r' : x == '\\' ? '\\' : 0;
                if (v) { *w++ = v; p += 2; }
                else *w++ = *p++;
                continue;
            }
            if (ch == '\r' && !(p + 1 < end && p[1] == '\n')) {   /* a lone CR is text */
                *w++ = *p++;
                continue;
            }
            if (ch == '\t') { *w = '\0'; p++; break; }
            /* a line end: CRLF or LF */
            *w = '\0';
            p += ch == '\r' ? 2 : 1;
            c->pos = (size_t)(p - c->buf);
            return;
        }
    }
}

/* One CSV record from c->pos (RFC 4180, with CR and LF line ends too). */
static void csv_csv_record(cg_csv *c, cg_diag *d)
{
    char *p = c->buf + c->pos, *end = c->buf + c->len;
    for (;;) {
        char *w = p;
        csv_cell(c, w);
        if (p < end && *p == '"') {
            size_t qrow = c->row;
            int qcol = (int)c->ncells;
            p++;
            for (;;) {
                char *q = memchr(p, '"', (size_t)(end - p));
                if (!q) {
                    cg_diag_add(d, CG_ERROR, c->name, (int)qrow, qcol,
                                "column %d: a quoted cell is never closed (a '\"' is missing; the rest of the file "
                                "would be this cell)", qcol);
                    memmove(w, p, (size_t)(end - p));
                    w += end - p;
                    *w = '\0';
                    c->pos = c->len;
                    return;
                }
                memmove(w, p, (size_t)(q - p));
                w += q - p;
                p = q + 1;
                if (p < end && *p == '"') { *w++ = '"'; p++; continue; }
                break;
            }
            if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
                cg_diag_add(d, CG_ERROR, c->name, (int)c->row, (int)c->ncells,
                            "column %zu: text after the closing quote of a quoted cell (a '\"' inside a quoted "
                            "cell is written '\"\"')", c->ncells);
                /* keep it, up to the cell's end */
                while (p < end && *p != ',' && *p != '\n' && *p != '\r') *w++ = *p++;
            }
        } else {
            char *r = p;
            while (r < end && *r != ',' && *r != '\n' && *r != '\r') r++;
            w = r;
            p = r;
        }
        if (p >= end) { *w = '\0'; c->pos = c->len; return; }
        char ch = *p;
        *w = '\0';
        if (ch == ',') { p++; continue; }
        p += ch == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
        c->pos = (size_t)(p - c->buf);
        return;
    }
}

int cg_csv_next(cg_csv *c, cg_diag *d)
{
    c->ncells = 0;
    if (!c->buf || c->pos >= c->len) return 0;
    c->row++;
    if (c->tsv) csv_tsv_record(c);
    else csv_csv_record(c, d);
    return 1;
}
