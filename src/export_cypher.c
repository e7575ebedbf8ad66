/* export_cypher.c - a Cypher script of CREATE statements for Neo4j 5 and
 * Memgraph (SPEC 11).
 *
 *   // header: how to run it, the constraints on id to create first
 *   CREATE (:`Source` {id: 's1', title: '...', ...});
 *   CREATE (:`senator` {id: 'mccaskill', name: '...', aliases: ['...'], party: 'D'});
 *   MATCH (a:`senator` {id: 'mccaskill'}), (b:`bill` {id: 'sesta'})
 *     CREATE (a)-[:`sponsored` {date: '2017-08-01', source: ['s1'], note: '...'}]->(b);
 *
 * One statement per source, node and edge, in the graph's order (so the same
 * graph gives the same bytes).  Labels, relationship types and property keys
 * are always backtick-quoted (a backtick inside doubled); strings are
 * single-quoted with backslash escapes, control characters as \uXXXX.
 * Integers, doubles and booleans are Cypher literals when their key is typed
 * across the graph (as the JSON export types them); aliases and source are
 * lists of strings.  A self-loop matches its one node once.
 */
#include "exporters.h"

#include <stdlib.h>
#include <string.h>

/* Writes s as a Cypher string literal: single quotes, `\\` `\'` `\"`, the
 * usual \n \r \t \b \f, other control characters (C0, DEL, C1) and the
 * Unicode line separators as \uXXXX.  Other UTF-8 is raw. */
void cg_export_cypher_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    putc('\'', f);
    for (; *p; p++) {
        unsigned c = *p;
        switch (c) {
        case '\\': fputs("\\\\", f); continue;
        case '\'': fputs("\\'", f); continue;
        case '"': fputs("\\\"", f); continue;
        case '\n': fputs("\\n", f); continue;
        case '\r': fputs("\\r", f); continue;
        case '\t': fputs("\\t", f); continue;
        case '\b': fputs("\\b", f); continue;
        case '\f': fputs("\\f", f); continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            fprintf(f, "\\u%04X", c);
        } else if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {          /* C1 */
            fprintf(f, "\\u%04X", (unsigned)p[1]);
            p++;
        } else if (c == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {  /* LS, PS */
            fprintf(f, "\\u%04X", 0x2000u + (p[2] - 0x80u));
            p += 2;
        } else {
            putc((int)c, f);
        }
    }
    putc('\'', f);
}

/* Writes s as a backtick-quoted Cypher name (label, type, property key):
 * a backtick inside is doubled. */
void cg_export_cypher_name(FILE *f, const char *s)
{
    putc('`', f);
    for (; *s; s++) {
        if (*s == '`') putc('`', f);
        putc(*s, f);
    }
    putc('`', f);
}

/* Writes one typed value: a number or boolean as a literal, else a string.
 * A double's exponent loses its '+' (openCypher has no `1e+30`). */
static void cy_value(FILE *f, const char *text, cg_valtype t)
{
    if (t == CG_VAL_TEXT) {
        cg_export_cypher_string(f, text);
        return;
    }
    char num[64];
    cg_writer_number(text, t, num, sizeof num);
    for (const char *p = num; *p; p++)
        if (!(*p == '+' && p > num && (p[-1] == 'e' || p[-1] == 'E'))) putc(*p, f);
}

/* Writes `, key: value` for each attribute; is_edge picks the key types
 * (-1: a source's own attributes, typed by their text). */
static void cy_attrs(FILE *f, const cg_graph *g, int is_edge, const cg_attr *a, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        fputs(", ", f);
        cg_export_cypher_name(f, a[i].key);
        fputs(": ", f);
        cg_valtype t = is_edge < 0 ? (a[i].plain ? cg_classify_scalar(a[i].text) : CG_VAL_TEXT)
                                   : cg_writer_attr_type(g, is_edge, &a[i]);
        cy_value(f, a[i].text, t);
    }
}

static void cy_field(FILE *f, const char *key, const char *value)
{
    if (!value) return;
    fprintf(f, ", %s: ", key);
    cg_export_cypher_string(f, value);
}

/* The header: what the file is, how to run it, the constraints (one per
 * label written, Source included when sources are). */
static void cy_header(FILE *f, const cg_graph *g, const cg_selection *s, const unsigned char *kind_used,
                      size_t nsrc)
{
    fprintf(f, "// casegraph export: %zu nodes, %zu edges, %zu sources, as Cypher for Neo4j 5 and Memgraph.\n",
            s->nnodes, s->nedges, nsrc);
    fputs("// Run it with cypher-shell (the database should hold no casegraph nodes yet):\n"
          "//   cypher-shell -a neo4j://localhost:7687 -u neo4j -p PASSWORD -f FILE.cypher\n"
          "// Create these constraints first (Neo4j 5 syntax): each edge finds its ends by\n"
          "// label and id, which is an index lookup with them and a label scan without:\n", f);
    for (size_t k = 0; k < g->nkinds; k++) {
        if (!kind_used[k]) continue;
        fputs("//   CREATE CONSTRAINT IF NOT EXISTS FOR (n:", f);
        /* a kind is an id-like word (never a line break), safe in a comment */
        cg_export_cypher_name(f, g->kinds[k]);
        fputs(") REQUIRE n.id IS UNIQUE;\n", f);
    }
    if (nsrc) fputs("//   CREATE CONSTRAINT IF NOT EXISTS FOR (n:`Source`) REQUIRE n.id IS UNIQUE;\n", f);
    fputs("// Nodes: label = kind; id, name, aliases (a list) and the attributes.\n"
          "// Edges: type = edge type; date (ISO text), source (a list of Source ids) and\n"
          "// the attributes.  Sources: label Source, with their fields.\n", f);
}

/* Writes the Cypher export of sel (NULL: the whole graph) to f.  Returns 0,
 * or -1 with err set (cancelled, a write error). */
int cg_export_cypher(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err)
{
    int stop = 0;
    cg_selection all;
    const cg_selection *s = cg_selection_view(g, sel, &all);
    unsigned char *cited = cg_xcalloc(g->nsources + 1, 1);
    unsigned char *kind_used = cg_xcalloc(g->nkinds + 1, 1);
    size_t nsrc = 0;

    for (size_t i = 0; i < s->nedges; i++) {
        const cg_edge *e = &g->edges[s->edges[i]];
        for (uint32_t k = 0; k < e->nsources; k++) cited[cg_edge_sources(e)[k]] = 1;
    }
    for (size_t i = 0; i < g->nsources; i++) {
        if (!sel) cited[i] = 1;
        nsrc += cited[i];
    }
    for (size_t i = 0; i < s->nnodes; i++) {
        int k = cg_graph_find_kind(g, g->nodes[s->nodes[i]].kind);
        if (k >= 0) kind_used[k] = 1;
    }
    cy_header(f, g, s, kind_used, nsrc);

    for (size_t i = 0; i < g->nsources && !stop; i++) {
        if ((stop = cg_writer_cancelled(o, i, err))) break;
        if (!cited[i]) continue;
        const cg_source *src = &g->sources[i];
        fputs("CREATE (:`Source` {id: ", f);
        cg_export_cypher_string(f, src->id);
        cy_field(f, "title", src->title);
        cy_field(f, "publisher", src->publisher);
        cy_field(f, "date", src->date);
        cy_field(f, "url", src->url);
        cy_field(f, "file", src->file);
        cy_field(f, "note", src->note);
        cy_attrs(f, g, -1, src->attrs, src->nattrs);
        fputs("});\n", f);
    }
    for (size_t i = 0; i < s->nnodes && !stop; i++) {
        if ((stop = cg_writer_cancelled(o, i, err))) break;
        const cg_node *n = &g->nodes[s->nodes[i]];
        fputs("CREATE (:", f);
        cg_export_cypher_name(f, n->kind);
        fputs(" {id: ", f);
        cg_export_cypher_string(f, n->id);
        fputs(", name: ", f);
        cg_export_cypher_string(f, n->name ? n->name : n->id);
        fputs(", aliases: [", f);
        for (uint32_t k = 0; k < n->naliases; k++) {
            if (k) fputs(", ", f);
            cg_export_cypher_string(f, n->aliases[k]);
        }
        putc(']', f);
        cy_attrs(f, g, 0, n->attrs, n->nattrs);
        fputs("});\n", f);
    }
    for (size_t i = 0; i < s->nedges && !stop; i++) {
        if ((stop = cg_writer_cancelled(o, i, err))) break;
        const cg_edge *e = &g->edges[s->edges[i]];
        const cg_node *a = &g->nodes[e->from], *b = &g->nodes[e->to];
        fputs("MATCH (a:", f);
        cg_export_cypher_name(f, a->kind);
        fputs(" {id: ", f);
        cg_export_cypher_string(f, a->id);
        if (e->from != e->to) {
            fputs("}), (b:", f);
            cg_export_cypher_name(f, b->kind);
            fputs(" {id: ", f);
            cg_export_cypher_string(f, b->id);
        }
        fputs("}) CREATE (a)-[:", f);
        cg_export_cypher_name(f, e->type);
        fputs(" {", f);
        if (e->date) {             /* undated: no date property (Cypher's null) */
            fputs("date: ", f);
            cg_export_cypher_string(f, e->date);
            fputs(", ", f);
        }
        fputs("source: [", f);
        for (uint32_t k = 0; k < e->nsources; k++) {
            if (k) fputs(", ", f);
            cg_export_cypher_string(f, g->sources[cg_edge_sources(e)[k]].id);
        }
        putc(']', f);
        cy_attrs(f, g, 1, cg_edge_attrs(e), e->nattrs);
        fputs(e->from != e->to ? "}]->(b);\n" : "}]->(a);\n", f);
    }
    free(cited);
    free(kind_used);
    cg_selection_destroy(&all);
    return cg_writer_finish(f, stop, err);
}
