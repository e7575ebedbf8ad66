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
/* One node, edge or source as export_json writes it in its lists: one JSON
 * object, no newline.  own_types: each attribute typed by its own text (a
 * plain scalar as SPEC 2 reads it, quoted ones text), as `diff` compares
 * them; 0: by its key's type across the graph, as the export does.  A
 * source's attributes are always typed by their own text. */
void cg_export_json_node(FILE *f, const cg_graph *g, const cg_node *n, int own_types);
void cg_export_json_edge(FILE *f, const cg_graph *g, const cg_edge *e, int own_types);
void cg_export_json_source(FILE *f, const cg_graph *g, const cg_source *src);
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

/* ---- publishing (SPEC 11): export_cypher.c, export_neo4j.c, export_md.c ---- */

int cg_export_cypher(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err);
/* s as a Cypher string literal (single quotes, backslash escapes). */
void cg_export_cypher_string(FILE *f, const char *s);
/* s as a backtick-quoted Cypher name (a backtick inside doubled). */
void cg_export_cypher_name(FILE *f, const char *s);

/* Where the .neo4j writer puts its files: open makes file `name` (NULL with
 * err set), close flushes and closes it (0 or -1 with err set); dir_shown
 * is the directory as import.txt's command names it (shell-quoted). */
typedef struct cg_neo4j_sink {
    FILE *(*open)(void *ctx, const char *name, cg_error *err);
    int (*close)(void *ctx, FILE *f, cg_error *err);
    void *ctx;
    const char *dir_shown;
} cg_neo4j_sink;
/* Writes the neo4j-admin import files of sel (NULL: the whole graph)
 * through sink.  0, or -1 with err set (a file may be left half written:
 * the caller throws the directory away). */
int cg_export_neo4j(const cg_neo4j_sink *sink, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o,
                    cg_error *err);

/* What a Markdown file shows: the whole graph (a chronology of the dated
 * edges, then a table of the undated ones), a timeline's chronology, a
 * table of the selection's edges, or of its nodes. */
typedef enum cg_md_view { CG_MD_WHOLE, CG_MD_CHRONOLOGY, CG_MD_EDGES, CG_MD_NODES } cg_md_view;
int cg_export_md(FILE *f, const cg_graph *g, const cg_selection *sel, cg_md_view view, const cg_write_opts *o,
                 cg_error *err);

#endif
