/* export.h - exporting a graph or a query's result subgraph to a file
 * (SPEC 6): the format by the file's extension, the loaded-file guard, and
 * the dispatch to the writers.  Every file is written whole or not at all
 * (atomic.h).
 */
#ifndef CG_EXPORT_H
#define CG_EXPORT_H

#include "diag.h"
#include "graph.h"
#include "output.h"
#include "selection.h"
#include "writer.h"

typedef enum cg_format {
    CG_FMT_UNKNOWN = 0,
    CG_FMT_DOT, CG_FMT_GRAPHML, CG_FMT_JSON, CG_FMT_YAML,
    CG_FMT_CSV, CG_FMT_TSV,
    CG_FMT_SVG, CG_FMT_PNG, CG_FMT_PDF,
    CG_FMT_HTML,
    CG_FMT_MD, CG_FMT_CYPHER, CG_FMT_NEO4J      /* publishing (SPEC 11) */
} cg_format;

/* The format a file name's extension asks for (case-insensitive). */
cg_format cg_format_from_path(const char *path);

/* Returns 0 if path may be written; -1 with err set if it is one of the
 * files the graph was loaded from and force is 0. */
int cg_export_check_target(const cg_graph *g, const char *path, int force, cg_error *err);

/* Write sel (NULL: the whole graph) to path in the format its extension names
 * (DOT, GraphML, JSON, YAML, SVG/PNG/PDF via Graphviz dot, or the .html
 * page).  CSV/TSV are
 * result tables, written by the query layer, not here.  Does not check the
 * loaded-file rule (call cg_export_check_target first).  o (may be NULL) can
 * cancel it (a picture: Graphviz is waited for, and a dot killed by the same
 * Ctrl-C counts as cancelled).  Returns 0, or -1 with err set (the target
 * untouched). */
int cg_export_file(const cg_graph *g, const cg_selection *sel, const char *path, const cg_write_opts *o,
                   cg_error *err);

/* The page (SPEC 11, export_html.c) of sel (NULL: the whole graph) into
 * path: the diagram rendered by Graphviz, the graph's data, and the result
 * tables[0..ntables) (NULL: the page lists the selection's edges).
 * cg_export_file calls it for .html with no tables.  Returns 0, or -1 with
 * err set (the target untouched). */
int cg_export_html_file(const cg_graph *g, const cg_selection *sel, const char *path,
                        const cg_result *const *tables, size_t ntables, const cg_write_opts *o, cg_error *err);
/* The Markdown file of sel shown as view (exporters.h), written atomically:
 * a redirection picks the view from its command.  0, or -1 with err set. */
int cg_export_md_file(const cg_graph *g, const cg_selection *sel, const char *path, int view,
                      const cg_write_opts *o, cg_error *err);

#endif
