/* import.h - `casegraph import [--declare] [-O FILE] FILE...` (SPEC 13):
 * spreadsheets (CSV and TSV node, edge and sources tables) into one
 * casegraph YAML file.
 */
#ifndef CG_IMPORT_H
#define CG_IMPORT_H

#include <stdio.h>
#include "diag.h"
#include "graph.h"

typedef struct cg_import_opts {
    int declare;          /* unknown kinds and types are declared, not errors */
} cg_import_opts;

/* Reads the tables in paths[0..npaths) (each .csv or .tsv, by its
 * extension) into a new graph, ready for the YAML exporter (not finished:
 * no igraph, no indexes).  Returns it (cg_graph_free), or NULL with every
 * problem in d as FILE:ROW:COL (d->no_source set: the rows are not the
 * file's lines).  *bufs receives the readers' buffers the graph's text
 * points into, to free with cg_import_buffers_free after the graph. */
typedef struct cg_import_bufs cg_import_bufs;
cg_graph *cg_import_read(const char *const *paths, size_t npaths, const cg_import_opts *o, cg_diag *d,
                         cg_import_bufs **bufs);
void cg_import_buffers_free(cg_import_bufs *b);
/* cg_import_read over n tables in memory: names[i] (its extension gives
 * the dialect) holding len[i] bytes at data[i] (copied).  For the fuzzer
 * and the tests. */
cg_graph *cg_import_read_buffers(const char *const *names, const char *const *data, const size_t *len, size_t n,
                                 const cg_import_opts *o, cg_diag *d, cg_import_bufs **bufs);

/* The subcommand: argv[0] is "import".  Returns the exit status (0; 2 a
 * usage error or an unwritable output; 3 a spreadsheet with problems,
 * nothing written). */
int cg_import_main(int argc, char **argv);

#endif
