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
int cg_export_yaml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);

#endif
