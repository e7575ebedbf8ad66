/* output.h - result tables and their writers (SPEC 5): table, tsv, csv, json.
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

typedef enum cg_outfmt { CG_OUT_TABLE, CG_OUT_TSV, CG_OUT_CSV, CG_OUT_JSON } cg_outfmt;

typedef enum cg_cell_type {
    CG_CELL_NULL = 0,   /* missing: empty in text formats, null in json */
    CG_CELL_TEXT,       /* s */
    CG_CELL_NUMBER,     /* s holds a number's text, written bare in json
                           (n > 0: s + n is json's exact form, cg_cell_real) */
    CG_CELL_BOOL,       /* s is "true" or "false" */
    CG_CELL_LIST        /* list[0..n): text items; joined by ',' in text formats */
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
const char *cg_result_strdup(cg_result *r, const char *s);
/* Cell setters. */
void cg_cell_text(cg_cell *c, const char *s);          /* NULL s: null cell */
void cg_cell_int(cg_result *r, cg_cell *c, long long v);
void cg_cell_number(cg_result *r, cg_cell *c, const char *text);
void cg_cell_list(cg_result *r, cg_cell *c, const char *const *items, size_t n);
/* A computed score: 6 significant digits in table, tsv and csv, and the
 * shortest text that reads back as exactly d in json (a NUMBER cell whose n
 * is the offset of that second text in the same allocation). */
void cg_cell_real(cg_result *r, cg_cell *c, double d);

/* Parses a format name; returns 0 or -1. */
int cg_outfmt_parse(const char *name, cg_outfmt *fmt);
const char *cg_outfmt_name(cg_outfmt fmt);

/* Writes r to f.  safe: escape control characters and invalid UTF-8 even in
 * tsv/csv (set when f is a terminal).  Returns 0, or -1 on a write error. */
int cg_output_write(FILE *f, const cg_result *r, cg_outfmt fmt, int safe);
/* Writes r as one JSON array of objects keyed by column name (no newline). */
void cg_output_json_array(FILE *f, const cg_result *r);
/* One cell as a JSON value. */
void cg_output_json_cell(FILE *f, const cg_cell *c);
/* s as a JSON string literal. */
void cg_output_json_string(FILE *f, const char *s);

/* Display width of UTF-8 text in terminal columns. */
size_t cg_display_width(const char *s);

/* %.6g of d, independent of locale; NaN and infinities as "nan", "inf". */
void cg_format_score(double d, char *out, size_t n);
/* The shortest %g text that strtod reads back as exactly d (at most 17
 * significant digits), independent of locale. */
void cg_format_exact(double d, char *out, size_t n);

#endif
