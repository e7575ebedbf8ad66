/* export_json.c - node-link JSON (SPEC 6).
 *
 *   {"nodes":[{"id":..,"kind":..,"name":..,"aliases":[..], ATTR:VALUE...}, ...],
 *    "edges":[{"from":..,"to":..,"type":..,"date":..|null,"source":[..], ATTR:VALUE...}, ...],
 *    "sources":[{"id":..,"title":..,...}, ...]}
 *
 * One node, edge or source per line.  Attribute values are numbers or
 * booleans when their key is typed across the graph, strings otherwise.
 * "sources" lists the source records the written edges cite (all of them for
 * the whole graph), in the graph's order.
 */
#include "exporters.h"

#include <stdlib.h>
#include <string.h>

/* Writes ,"key":value for each attribute; is_edge picks the key types
 * (-1: typed by each value's own text, as a source's attributes are). */
static void put_attrs(FILE *f, const cg_graph *g, int is_edge, const cg_attr *a, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        putc(',', f);
        cg_writer_json_string(f, a[i].key);
        putc(':', f);
        cg_valtype t = is_edge < 0 ? (a[i].plain ? cg_classify_scalar(a[i].text) : CG_VAL_TEXT)
                                   : cg_writer_attr_type(g, is_edge, &a[i]);
        if (t == CG_VAL_TEXT) {
            cg_writer_json_string(f, a[i].text);
        } else {
            char num[64];
            cg_writer_number(a[i].text, t, num, sizeof num);
            fputs(num, f);
        }
    }
}

static void put_field(FILE *f, const char *key, const char *value)
{
    if (!value) return;
    fprintf(f, ",\"%s\":", key);
    cg_writer_json_string(f, value);
}

/* See exporters.h. */
void cg_export_json_node(FILE *f, const cg_graph *g, const cg_node *n, int own_types)
{
    fputs("{\"id\":", f);
    cg_writer_json_string(f, n->id);
    fputs(",\"kind\":", f);
    cg_writer_json_string(f, n->kind);
    fputs(",\"name\":", f);
    cg_writer_json_string(f, n->name ? n->name : n->id);
    fputs(",\"aliases\":[", f);
    for (uint32_t k = 0; k < n->naliases; k++) {
        if (k) putc(',', f);
        cg_writer_json_string(f, n->aliases[k]);
    }
    putc(']', f);
    put_attrs(f, g, own_types ? -1 : 0, n->attrs, n->nattrs);
    putc('}', f);
}

/* See exporters.h. */
void cg_export_json_edge(FILE *f, const cg_graph *g, const cg_edge *e, int own_types)
{
    fputs("{\"from\":", f);
    cg_writer_json_string(f, g->nodes[e->from].id);
    fputs(",\"to\":", f);
    cg_writer_json_string(f, g->nodes[e->to].id);
    fputs(",\"type\":", f);
    cg_writer_json_string(f, e->type);
    fputs(",\"date\":", f);
    if (e->date) cg_writer_json_string(f, e->date); else fputs("null", f);
    fputs(",\"source\":[", f);
    for (uint32_t k = 0; k < e->nsources; k++) {
        if (k) putc(',', f);
        cg_writer_json_string(f, g->sources[cg_edge_sources(e)[k]].id);
    }
    putc(']', f);
    put_attrs(f, g, own_types ? -1 : 1, cg_edge_attrs(e), e->nattrs);
    putc('}', f);
}

/* See exporters.h. */
void cg_export_json_source(FILE *f, const cg_graph *g, const cg_source *src)
{
    fputs("{\"id\":", f);
    cg_writer_json_string(f, src->id);
    put_field(f, "title", src->title);
    put_field(f, "publisher", src->publisher);
    put_field(f, "date", src->date);
    put_field(f, "url", src->url);
    put_field(f, "file", src->file);
    put_field(f, "note", src->note);
    put_attrs(f, g, -1, src->attrs, src->nattrs);
    putc('}', f);
}

/* Writes the JSON export of sel (NULL: the whole graph) to f.  Returns 0, or
 * -1 with err set (a write error). */
int cg_export_json(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err)
{
    int stop = 0;             /* cancelled (err says so) */
    cg_selection all;
    const cg_selection *s = cg_selection_view(g, sel, &all);

    fputs("{\"nodes\":[", f);
    for (size_t i = 0; i < s->nnodes && !stop; i++) {
        if ((stop = cg_writer_cancelled(o, i, err))) break;
        fputs(i ? ",\n" : "\n", f);
        cg_export_json_node(f, g, &g->nodes[s->nodes[i]], 0);
    }
    fputs(s->nnodes ? "\n],\"edges\":[" : "],\"edges\":[", f);

    /* which sources the written edges cite */
    unsigned char *cited = cg_xcalloc(g->nsources ? g->nsources : 1, 1);
    for (size_t i = 0; i < s->nedges && !stop; i++) {
        if ((stop = cg_writer_cancelled(o, i, err))) break;
        const cg_edge *e = &g->edges[s->edges[i]];
        fputs(i ? ",\n" : "\n", f);
        cg_export_json_edge(f, g, e, 0);
        for (uint32_t k = 0; k < e->nsources; k++) cited[cg_edge_sources(e)[k]] = 1;
    }
    fputs(s->nedges ? "\n],\"sources\":[" : "],\"sources\":[", f);
    int first = 1;
    for (size_t i = 0; i < g->nsources; i++) {
        if (sel && !cited[i]) continue;
        fputs(first ? "\n" : ",\n", f);
        first = 0;
        cg_export_json_source(f, g, &g->sources[i]);
    }
    fputs(first ? "]}\n" : "\n]}\n", f);
    free(cited);
    cg_selection_destroy(&all);
    return cg_writer_finish(f, stop, err);
}
