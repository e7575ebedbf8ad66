/* writer.h - helpers shared by the result writers (output.c) and the graph
 * writers (export_*.c): escaping, typed values, cancellation. */
#ifndef CG_WRITER_H
#define CG_WRITER_H

#include <stddef.h>
#include <stdio.h>
#include "diag.h"
#include "graph.h"

/* What the caller of a write supplies; NULL or a NULL cancel: never
 * cancelled.  cancel is polled on the calling thread every 4096 records
 * written and once more before the file is put in place: non-zero stops the
 * write with "interrupted" in err, the target is left as it was and the
 * temporary file removed. */
typedef struct cg_write_opts {
    int (*cancel)(void *ctx);
    void *ctx;
} cg_write_opts;

/* 1, with err set to "interrupted", when o's cancel says stop; it is asked
 * only when i % 4096 == 0 (i: the records written so far), else 0. */
int cg_writer_cancelled(const cg_write_opts *o, size_t i, cg_error *err);
/* The end of a writer: -1 when it stopped early (stopped: err was set
 * where it stopped) or f saw a write error (err set: "write error"); else 0. */
int cg_writer_finish(FILE *f, int stopped, cg_error *err);

/* s as a JSON string literal, quotes included: `"` and `\` escaped, control
 * characters (C0, DEL, C1) as \n, \t, ... or \u00XX, U+2028/U+2029 as \u
 * escapes, invalid UTF-8 bytes as \ufffd. */
void cg_writer_json_string(FILE *f, const char *s);
/* The type attribute a is written with (text unless plain and its key typed). */
cg_valtype cg_writer_attr_type(const cg_graph *g, int is_edge, const cg_attr *a);
/* Canonical text of a typed value (JSON/GraphML number or boolean); out
 * holds at least 64 bytes. */
void cg_writer_number(const char *text, cg_valtype t, char *out, size_t outsz);

#endif
