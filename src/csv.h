/* csv.h - spreadsheet text files for `casegraph import` (SPEC 13): CSV
 * (RFC 4180, as Excel, LibreOffice and Google Sheets write it) and TSV (as
 * casegraph writes it, SPEC 5), one record at a time.
 *
 * The whole file is read into one buffer, and each record's cells are
 * unescaped in place and NUL-terminated there, so a record costs no
 * allocation and a cell's text lives as long as the reader.
 *
 * CSV: cells separated by ',', records by CRLF, LF or CR; a cell that
 * starts with '"' is quoted ("" inside is one '"'; commas and line breaks
 * inside are the cell's), any other '"' is an ordinary character.  TSV:
 * cells separated by tab, records by LF or CRLF; \t \n \r \\ in a cell are
 * a tab, a newline, a CR and a backslash, any other backslash is kept.  A
 * UTF-8 byte order mark is skipped.  A record's row is its spreadsheet
 * row: the header is row 1, and a line break inside a quoted cell does not
 * start a row.
 */
#ifndef CG_CSV_H
#define CG_CSV_H

#include <stddef.h>
#include "diag.h"

typedef struct cg_csv {
    const char *name;      /* the file, as given (borrowed) */
    char *buf;             /* its bytes, NUL-terminated (owned) */
    size_t len, pos;
    int tsv;
    size_t row;            /* the last record's row (1: the header) */
    char **cells;          /* the last record's cells, into buf */
    size_t ncells, cap;
} cg_csv;

/* Reads the file at path (tsv: the TSV dialect) into c.  Returns 0, or -1
 * after adding an error to d (cannot read it; UTF-16; a NUL byte). */
int cg_csv_open(cg_csv *c, const char *path, int tsv, cg_diag *d);
/* The same over len bytes of data (copied), named name in messages. */
int cg_csv_open_buffer(cg_csv *c, const char *name, const char *data, size_t len, int tsv, cg_diag *d);
/* Reads the next record into c->cells, c->ncells and c->row.  Returns 1,
 * or 0 at the end of the file.  A record that is not well formed is still
 * returned, after an error added to d at its cell: text after a closing
 * quote (kept after the cell's text), or a quoted cell never closed (the
 * rest of the file is that cell; the next call returns 0). */
int cg_csv_next(cg_csv *c, cg_diag *d);
void cg_csv_close(cg_csv *c);

#endif
