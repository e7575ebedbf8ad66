/* export_dot.c - Graphviz DOT (SPEC 6).
 *
 * A `digraph` (not strict, so parallel edges stay) in which every id and
 * every value is a double-quoted string.  Node ids are the casegraph ids;
 * labels are names; each kind has a shape and a fill colour (a fixed table
 * for the built-in kinds, a hash of the name for declared ones); edges are
 * labelled with their type and date and carry their sources in a tooltip.
 * A cluster "cluster_legend" shows one sample node per kind present; its node
 * ids start with "legend " and so can never be casegraph ids (those have no
 * spaces).  Same graph, same bytes.
 */
#include "exporters.h"

#include <stdlib.h>
#include <string.h>

typedef struct kind_style {
    const char *kind, *shape, *color;
} kind_style;

static const kind_style builtin_styles[] = {
    { "senator", "doubleoctagon", "#aec7e8" },
    { "representative", "octagon", "#c5b0d5" },
    { "attorney_general", "hexagon", "#ffbb78" },
    { "official", "pentagon", "#dbdb8d" },
    { "person", "ellipse", "#f7b6d2" },
    { "company", "box3d", "#98df8a" },
    { "organization", "house", "#9edae5" },
    { "agency", "invhouse", "#ff9896" },
    { "committee", "trapezium", "#c49c94" },
    { "court", "rectangle", "#d9d9d9" },   /* with diagonals: an Msquare not forced square */
    { "bill", "note", "#fff3a0" },
    { "law", "tab", "#ffd27f" },
    { "case", "folder", "#e7969c" },
    { "report", "component", "#cedb9c" },
    { "media", "cylinder", "#9ecae1" },
};

static const char *const declared_shapes[] = {
    "box", "diamond", "parallelogram", "egg", "septagon", "invtrapezium",
    "Mdiamond", "triangle", "invtriangle", "doublecircle", "star", "cds",
    "circle", "Mcircle", "rect", "oval",
};

/* Extra node attributes a shape needs: courts are rectangles with diagonals. */
static const char *kind_style_attr(const char *shape)
{
    return strcmp(shape, "rectangle") == 0 ? ", style=\"filled,diagonals\"" : "";
}

/* The shape of a kind and its colour (written into color[8] as #rrggbb). */
static const char *kind_shape(const char *kind, char color[8])
{
    for (size_t i = 0; i < sizeof builtin_styles / sizeof builtin_styles[0]; i++)
        if (strcmp(builtin_styles[i].kind, kind) == 0) {
            memcpy(color, builtin_styles[i].color, 8);
            return builtin_styles[i].shape;
        }
    uint32_t h = cg_hash(kind, strlen(kind));
    /* a light colour: hue from the hash, saturation 0.35, value 0.95 */
    double hue = (double)(h % 360) / 60.0, s = 0.35, v = 0.95;
    int sector = (int)hue;
    double fr = hue - sector, p = v * (1 - s), q = v * (1 - s * fr), t = v * (1 - s * (1 - fr));
    double r, gg, b;
    switch (sector) {
    case 0: r = v; gg = t; b = p; break;
    case 1: r = q; gg = v; b = p; break;
    case 2: r = p; gg = v; b = t; break;
    case 3: r = p; gg = q; b = v; break;
    case 4: r = t; gg = p; b = v; break;
    default: r = v; gg = p; b = q; break;
    }
    snprintf(color, 8, "#%02x%02x%02x", (int)(r * 255 + 0.5), (int)(gg * 255 + 0.5),
             (int)(b * 255 + 0.5));
    return declared_shapes[(h / 360) % (sizeof declared_shapes / sizeof declared_shapes[0])];
}

/* Appends s to b escaped for the inside of a DOT double-quoted escString:
 * `"` and `\` backslash-escaped, a line break (LF, CRLF or CR) as \n, other
 * control characters shown as \xNN text, invalid UTF-8 as U+FFFD. */
static void dot_escape(cg_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        /* a run of printable ASCII other than '"' and '\\' is copied at once */
        size_t k = cg_quoted_plain_run(p, n);
        if (k) {
            cg_buf_append(b, (const char *)p, k);
            p += k; n -= k;
            continue;
        }
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) {
            cg_buf_puts(b, "\xEF\xBF\xBD");
            p++; n--;
            continue;
        }
        if (cp == '"') cg_buf_puts(b, "\\\"");
        else if (cp == '\\') cg_buf_puts(b, "\\\\");
        else if (cp == '\n') cg_buf_puts(b, "\\n");
        else if (cp == '\r') {
            cg_buf_puts(b, "\\n");
            if (n > 1 && p[1] == '\n') { p++; n--; }
        } else if (cp == '\t') cg_buf_putc(b, ' ');
        else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
            cg_buf_printf(b, "\\\\x%02X", (unsigned)cp);
        else cg_buf_append(b, (const char *)p, (size_t)len);
        p += len; n -= (size_t)len;
    }
}

/* Writes s to f as a quoted DOT string. */
static void dot_put(FILE *f, cg_buf *tmp, const char *s)
{
    cg_buf_reset(tmp);
    dot_escape(tmp, s);
    putc('"', f);
    fwrite(tmp->data, 1, tmp->len, f);
    putc('"', f);
}

/* Appends "key: value" lines for attributes. */
static void attr_lines(cg_buf *b, const cg_attr *a, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        cg_buf_putc(b, '\n');
        cg_buf_puts(b, a[i].key);
        cg_buf_puts(b, ": ");
        cg_buf_puts(b, a[i].text);
    }
}

/* Writes the DOT of sel (NULL: the whole graph) to f; ids: each node and
 * edge also gets the id "cg-n-I" / "cg-e-I" (I its place in the selection)
 * that Graphviz gives its SVG element, for the page (export_html.c).
 * Returns 0, or -1 with err set (a write error). */
static int dot_write(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, int ids,
                     cg_error *err)
{
    int stop = 0;             /* cancelled (err says so) */
    cg_selection all;
    const cg_selection *s = cg_selection_view(g, sel, &all);
    cg_buf tmp, text;
    cg_buf_init(&tmp);
    cg_buf_init(&text);
    unsigned char *present = cg_xcalloc(g->nkinds ? g->nkinds : 1, 1);
    char color[8];

    fputs("digraph ", f);
    dot_put(f, &tmp, g->name ? g->name : "casegraph");
    fputs(" {\n", f);
    fputs("  graph [rankdir=\"LR\", charset=\"UTF-8\"];\n", f);
    fputs("  node [style=\"filled\"];\n", f);
    fputs("  edge [fontsize=\"10\"];\n", f);

    for (size_t i = 0; i < s->nnodes && !stop; i++) {
        if ((stop = cg_writer_cancelled(o, i, err))) break;
        const cg_node *n = &g->nodes[s->nodes[i]];
        int k = cg_graph_find_kind(g, n->kind);
        if (k >= 0) present[k] = 1;
        const char *shape = kind_shape(n->kind, color);
        fputs("  ", f);
        dot_put(f, &tmp, n->id);
        fputs(" [label=", f);
        dot_put(f, &tmp, n->name ? n->name : n->id);
        fprintf(f, ", shape=\"%s\", fillcolor=\"%s\"%s, tooltip=", shape, color, kind_style_attr(shape));
        cg_buf_reset(&text);
        cg_buf_printf(&text, "%s (%s)", n->id, n->kind);
        if (n->naliases) {
            cg_buf_puts(&text, "\naliases: ");
            for (uint32_t a = 0; a < n->naliases; a++) {
                if (a) cg_buf_puts(&text, ", ");
                cg_buf_puts(&text, n->aliases[a]);
            }
        }
        attr_lines(&text, n->attrs, n->nattrs);
        dot_put(f, &tmp, text.data);
        if (ids) fprintf(f, ", id=\"cg-n-%zu\"", i);
        fputs("];\n", f);
    }

    for (size_t i = 0; i < s->nedges && !stop; i++) {
        if ((stop = cg_writer_cancelled(o, i, err))) break;
        const cg_edge *e = &g->edges[s->edges[i]];
        fputs("  ", f);
        dot_put(f, &tmp, g->nodes[e->from].id);
        fputs(" -> ", f);
        dot_put(f, &tmp, g->nodes[e->to].id);
        cg_buf_reset(&text);
        cg_buf_puts(&text, e->type);
        if (e->date) { cg_buf_putc(&text, '\n'); cg_buf_puts(&text, e->date); }
        fputs(" [label=", f);
        dot_put(f, &tmp, text.data);
        cg_buf_reset(&text);
        cg_buf_printf(&text, "%s %s %s", g->nodes[e->from].id, e->type, g->nodes[e->to].id);
        if (e->date) cg_buf_printf(&text, " (%s)", e->date);
        if (e->nsources == 0) cg_buf_puts(&text, "\nno source");
        for (uint32_t k = 0; k < e->nsources; k++) {
            const cg_source *src = &g->sources[cg_edge_sources(e)[k]];
            cg_buf_puts(&text, "\nsource: ");
            cg_buf_puts(&text, src->id);
            if (src->title) { cg_buf_puts(&text, ": "); cg_buf_puts(&text, src->title); }
            if (src->publisher || src->date) {
                cg_buf_puts(&text, " (");
                if (src->publisher) cg_buf_puts(&text, src->publisher);
                if (src->publisher && src->date) cg_buf_puts(&text, ", ");
                if (src->date) cg_buf_puts(&text, src->date);
                cg_buf_puts(&text, ")");
            }
        }
        attr_lines(&text, cg_edge_attrs(e), e->nattrs);
        fputs(", tooltip=", f);
        dot_put(f, &tmp, text.data);
        if (ids) fprintf(f, ", id=\"cg-e-%zu\"", i);
        fputs("];\n", f);
    }

    if (s->nnodes && !stop) {
        fputs("  subgraph \"cluster_legend\" {\n", f);
        fputs("    graph [label=\"kinds\", style=\"dashed\"];\n", f);
        for (size_t k = 0; k < g->nkinds; k++) {
            if (!present[k]) continue;
            const char *shape = kind_shape(g->kinds[k], color);
            cg_buf_reset(&text);
            cg_buf_printf(&text, "legend %s", g->kinds[k]);
            fputs("    ", f);
            dot_put(f, &tmp, text.data);
            fputs(" [label=", f);
            dot_put(f, &tmp, g->kinds[k]);
            fprintf(f, ", shape=\"%s\", fillcolor=\"%s\"%s, tooltip=", shape, color, kind_style_attr(shape));
            cg_buf_reset(&text);
            cg_buf_printf(&text, "kind %s", g->kinds[k]);
            dot_put(f, &tmp, text.data);
            fputs("];\n", f);
        }
        fputs("  }\n", f);
    }
    fputs("}\n", f);

    free(present);
    cg_buf_destroy(&tmp);
    cg_buf_destroy(&text);
    cg_selection_destroy(&all);
    return cg_writer_finish(f, stop, err);
}

int cg_export_dot(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err)
{
    return dot_write(f, g, sel, o, 0, err);
}

int cg_export_dot_ids(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err)
{
    return dot_write(f, g, sel, o, 1, err);
}
