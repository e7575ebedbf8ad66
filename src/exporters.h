/* exporters.h - the graph writers, one file each (export_dot.c,
 * export_graphml.c, export_json.c, export_yaml.c, export_html.c).  Each writes sel (NULL:
 * the whole graph) of g to an open stream and returns 0, or -1 with err
 * set; o (may be NULL) can cancel it.  export.c picks one by extension; the
 * tests call them directly.  They share writer.h's helpers, never export.c.
 */
#ifndef CG_EXPORTERS_H
#define CG_EXPORTERS_H

#include <stdio.h>
#include "diag.h"
#include "graph.h"
#include "selection.h"
#include "output.h"
#include "writer.h"

int cg_export_dot(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);
int cg_export_graphml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);
int cg_export_json(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);
/* cg_export_dot with an id on each node and edge ("cg-n-I", "cg-e-I": its
 * place in the selection), which Graphviz's SVG keeps: the page's diagram. */
int cg_export_dot_ids(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);
int cg_export_yaml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);

/* What the page (export_html.c) shows besides the graph: the diagram, as
 * Graphviz's -Tsvg output of cg_export_dot_ids (svg[0..svglen), NULL: no
 * diagram), and the result tables (NULL: the page lists the edges). */
typedef struct cg_html_page {
    const char *svg;
    size_t svglen;
    const cg_result *const *tables;
    size_t ntables;
} cg_html_page;
int cg_export_html(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_html_page *p,
                   const cg_write_opts *o, cg_error *err);

#endif
