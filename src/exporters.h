/* exporters.h - the graph writers, one file each (export_dot.c,
 * export_graphml.c, export_json.c, export_yaml.c).  Each writes sel (NULL:
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
#include "writer.h"

int cg_export_dot(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);
int cg_export_graphml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);
int cg_export_json(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);
/* One node, edge or source as export_json writes it in its lists: one JSON
 * object, no newline.  own_types: each attribute typed by its own text (a
 * plain scalar as SPEC 2 reads it, quoted ones text), as `diff` compares
 * them; 0: by its key's type across the graph, as the export does.  A
 * source's attributes are always typed by their own text. */
void cg_export_json_node(FILE *f, const cg_graph *g, const cg_node *n, int own_types);
void cg_export_json_edge(FILE *f, const cg_graph *g, const cg_edge *e, int own_types);
void cg_export_json_source(FILE *f, const cg_graph *g, const cg_source *src);
int cg_export_yaml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);

#endif
