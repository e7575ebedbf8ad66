/* output.h - result tables and their writers (SPEC 5): table, tsv, csv, json,
 * and line (one `key = value` per line, as sqlite3's .mode line).
 *
 * A cg_result is a list of rows of typed cells.  Cell text is borrowed (graph
 * text lives as long as the graph) or copied into the result's arena with
 * cg_result_strdup.
 */
#ifndef CG_OUTPUT_H
#define CG_OUTPUT_H

#include <stdint.h>
#include <stdio.h>
#include "util.h"

typedef enum cg_outfmt { CG_OUT_TABLE, CG_OUT_TSV, CG_OUT_CSV, CG_OUT_JSON, CG_OUT_LINE } cg_outfmt;

/* The format names, indexed by cg_outfmt, NULL-terminated. */
extern const char *const cg_outfmt_names[];

typedef enum cg_cell_type {
    CG_CELL_NULL = 0,   /* missing: empty in text formats, null in json */
    CG_CELL_TEXT,       /* s */
    CG_CELL_NUMBER,     /* s holds a number's text, written bare in json
                           (n > 0: s + n is json's exact form, cg_cell_real) */
    CG_CELL_BOOL,       /* s is "true" or "false" */
    CG_CELL_LIST,       /* list[0..n): text items; joined by ',' in table and
                           line, by ';' with escapes in tsv and csv (SPEC 5) */
    CG_CELL_VALUE       /* s is the text form; s + n the JSON text, written as is
                           (match's nodes, edges, paths and lists) */
} cg_cell_type;

/* 16 bytes, so a big result stays small (doc/bench.md) */
typedef struct cg_cell {
    union {
        const char *s;          /* TEXT, NUMBER, BOOL */
        const char **list;      /* LIST: n items */
    };
    uint32_t n;
    cg_cell_type type;
} cg_cell;

typedef struct cg_result {
    const char *const *cols;
    size_t ncols;
    cg_cell *cells;       /* nrows * ncols */
    size_t nrows, cap;
    cg_arena arena;
} cg_result;

/* cols must outlive the result (static arrays). */
void cg_result_init(cg_result *r, const char *const *cols, size_t ncols);
void cg_result_destroy(cg_result *r);
/* A new row of ncols NULL cells; the pointer is valid until the next add. */
cg_cell *cg_result_add_row(cg_result *r);
/* Room for n more rows, so that adding them moves nothing. */
void cg_result_reserve(cg_result *r, size_t n);
const char *cg_result_strdup(cg_result *r, const char *s);
/* Cell setters. */
void cg_cell_text(cg_cell *c, const char *s);          /* NULL s: null cell */
void cg_cell_int(cg_result *r, cg_cell *c, long long v);
void cg_cell_number(cg_result *r, cg_cell *c, const char *text);
void cg_cell_list(cg_result *r, cg_cell *c, const char *const *items, size_t n);
/* A value of type t (json: a number, a boolean; text formats: its
 * canonical text, as `show` and the JSON export write it, cg_writer_number);
 * text is borrowed when it is text or a boolean. */
void cg_cell_typed(cg_result *r, cg_cell *c, const char *text, cg_valtype t);
/* A value with its own text and JSON forms (both copied). */
void cg_cell_value(cg_result *r, cg_cell *c, const char *text, const char *json);
/* A computed score: 6 significant digits in table, tsv and csv, and the
 * shortest text that reads back as exactly d in json (cg_format_double) (a NUMBER cell whose n
 * is the offset of that second text in the same allocation). */
void cg_cell_real(cg_result *r, cg_cell *c, double d);

/* Parses a format name; returns 0 or -1. */
int cg_outfmt_parse(const char *name, cg_outfmt *fmt);
const char *cg_outfmt_name(cg_outfmt fmt);

/* Writes r to f.  safe: escape control characters and invalid UTF-8 even in
 * tsv/csv (set when f is a terminal).  width > 0: the table format fits
 * that many terminal columns, shortening long cells with "…" (set when f
 * is a terminal; other formats are never shortened).  Returns 0, or -1 on
 * a write error. */
int cg_output_write(FILE *f, const cg_result *r, cg_outfmt fmt, int safe, int width);
/* Writes r as one JSON array of objects keyed by column name (no newline). */
void cg_output_json_array(FILE *f, const cg_result *r);
/* One cell as a JSON value. */
void cg_output_json_cell(FILE *f, const cg_cell *c);
/* s as a JSON string literal. */
void cg_output_json_string(FILE *f, const char *s);

/* Display width of UTF-8 text in terminal columns (wcwidth). */
size_t cg_display_width(const char *s);

/* The size of the terminal on fd into *rows and *cols: 0, or -1 when fd is
 * not a terminal.  A size the terminal does not report is 24 x 80. */
int cg_term_size(int fd, int *rows, int *cols);

/* Writes text[0..len) to standard output, a terminal `rows` x `cols`: at
 * once when it fits on the screen (one line left for the prompt), else
 * through $PAGER (a shell command; unset: `less -FRX`; empty: none).  While
 * the pager runs SIGINT and SIGQUIT are ignored here (the pager gets them,
 * at their default); a pager that cannot be run (status 127) leaves the
 * text written directly.  Returns 0, or -1 on a write error. */
int cg_output_page(const char *text, size_t len, int rows, int cols);

/* %.6g of d, independent of locale; NaN and infinities as "nan", "inf". */
void cg_format_score(double d, char *out, size_t n);

#endif
