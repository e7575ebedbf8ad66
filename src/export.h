/* export.h - writing a graph or a query's result subgraph to a file.
 *
 * Every file is written whole or not at all: a temporary file in the target's
 * directory, flushed and fsync'd, then renamed over the target.  On failure the
 * old file is untouched and the temporary file removed.
 */
#ifndef CG_EXPORT_H
#define CG_EXPORT_H

#include <stdio.h>
#include "graph.h"
#include "diag.h"

/* A subgraph: node and edge indices into the graph, each sorted ascending and
 * without duplicates; every edge's endpoints are among the nodes. */
typedef struct cg_selection {
    int32_t *nodes; size_t nnodes;
    int32_t *edges; size_t nedges;
} cg_selection;

void cg_selection_init(cg_selection *s);
void cg_selection_destroy(cg_selection *s);
/* The whole graph. */
void cg_selection_all(cg_selection *s, const cg_graph *g);

typedef enum cg_format {
    CG_FMT_UNKNOWN = 0,
    CG_FMT_DOT, CG_FMT_GRAPHML, CG_FMT_JSON, CG_FMT_YAML,
    CG_FMT_CSV, CG_FMT_TSV,
    CG_FMT_SVG, CG_FMT_PNG, CG_FMT_PDF
} cg_format;

/* The format a file name's extension asks for (case-insensitive). */
cg_format cg_format_from_path(const char *path);

/* A writer callback that writes the content to f and returns 0, or -1 with
 * err set.  Used with cg_atomic_write. */
typedef int (*cg_write_fn)(FILE *f, void *ctx, cg_error *err);

/* What the caller of a write supplies; NULL or a NULL cancel: never
 * cancelled.  cancel is polled on the calling thread every 4096 nodes or
 * edges written and once more before the file is put in place: non-zero
 * stops the write with "interrupted" in err, the target is left as it was
 * and the temporary file removed. */
typedef struct cg_export_opts {
    int (*cancel)(void *ctx);
    void *ctx;
} cg_export_opts;

/* Write a file atomically through fn.  Returns 0, or -1 with err set (the
 * target untouched). */
int cg_atomic_write(const char *path, cg_write_fn fn, void *ctx, cg_error *err);
/* The same, cancellable through o (see cg_export_opts; fn may poll it too
 * with cg_export_cancelled). */
int cg_atomic_write_with(const char *path, cg_write_fn fn, void *ctx, const cg_export_opts *o, cg_error *err);

/* Returns 0 if path may be written; -1 with err set if it is one of the
 * files the graph was loaded from and force is 0. */
int cg_export_check_target(const cg_graph *g, const char *path, int force, cg_error *err);

/* Write sel (NULL: the whole graph) to path in the format its extension names
 * (DOT, GraphML, JSON, YAML, or SVG/PNG/PDF via Graphviz dot).  CSV/TSV are
 * result tables, written by the query layer, not here.  Does not check the
 * loaded-file rule (call cg_export_check_target first).  Returns 0 or -1. */
int cg_export_file(const cg_graph *g, const cg_selection *sel, const char *path, cg_error *err);
/* The same, cancellable through o (a picture: Graphviz is waited for, and a
 * dot killed by the same Ctrl-C counts as cancelled). */
int cg_export_file_with(const cg_graph *g, const cg_selection *sel, const char *path, const cg_export_opts *o,
                        cg_error *err);

/* The individual writers, to an open stream (used by cg_export_file and the
 * tests); o may be NULL. */
int cg_export_dot(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_export_opts *o, cg_error *err);
int cg_export_graphml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_export_opts *o, cg_error *err);
int cg_export_json(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_export_opts *o, cg_error *err);
int cg_export_yaml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_export_opts *o, cg_error *err);

/* 1, with err set to "interrupted", when o's cancel says stop; it is asked
 * only when i % 4096 == 0 (i: the records written so far), else 0. */
int cg_export_cancelled(const cg_export_opts *o, size_t i, cg_error *err);

/* ---- helpers shared by the writers (export.c) ---- */

/* The selection to write: sel, or (sel NULL) the whole graph built in *tmp.
 * The caller destroys *tmp in both cases. */
const cg_selection *cg_export_view(const cg_graph *g, const cg_selection *sel, cg_selection *tmp);
/* s as a JSON string literal, quotes included. */
void cg_json_put_string(FILE *f, const char *s);
/* The type attribute a is written with (text unless plain and its key typed). */
cg_valtype cg_export_attr_type(const cg_graph *g, int is_edge, const cg_attr *a);
/* Canonical text of a typed value (JSON/GraphML number or boolean). */
void cg_export_number(const char *text, cg_valtype t, char *out, size_t outsz);

#endif
