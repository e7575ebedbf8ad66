/* export_yaml.c - casegraph YAML (SPEC 2 and 6): a file that loads back to
 * the same graph.
 *
 * Every text scalar is double-quoted, with escapes for quotes, backslashes,
 * control characters, YAML line breaks (NEL, U+2028, U+2029) and the
 * characters a YAML stream may not hold raw (U+FEFF, U+FFFE, U+FFFF), so any
 * text survives.  An attribute value is written plain only when it was plain
 * and reads as an integer, a double or a boolean, so types survive; dates are
 * plain.  Declared kinds and types (with their endpoint rules) are written;
 * built-in ones are not.  A selection writes only the sources its edges cite;
 * the whole graph writes every source.
 */
#include "exporters.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct ym_ctx {
    FILE *f;
    cg_error *err;
    const char *what;     /* for error messages: which value is being written */
} ym_ctx;

/* Writes s as a YAML double-quoted scalar.  Returns 0, or -1 with err set if
 * s is not valid UTF-8 (which no YAML file can hold). */
static int yq(ym_ctx *c, const char *s)
{
    FILE *f = c->f;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    putc('"', f);
    while (n > 0) {
        /* a run of printable ASCII other than '"' and '\\' is written at once */
        size_t k = cg_quoted_plain_run(p, n);
        if (k) {
            fwrite(p, 1, k, f);
            p += k; n -= k;
            continue;
        }
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) {
            char safe[600];
            cg_escape_safe(c->what ? c->what : "a value", safe, sizeof safe);
            cg_error_set(c->err, 0, "cannot write YAML: %s is not valid UTF-8 (byte 0x%02X)", safe, p[0]);
            return -1;
        }
        switch (cp) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        case 0x85: fputs("\\N", f); break;
        case 0x2028: fputs("\\L", f); break;
        case 0x2029: fputs("\\P", f); break;
        default:
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
                fprintf(f, "\\x%02X", (unsigned)cp);
            else if (cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
                fprintf(f, "\\u%04X", (unsigned)cp);
            else
                fwrite(p, 1, (size_t)len, f);
        }
        p += len; n -= (size_t)len;
    }
    putc('"', f);
    return 0;
}

/* Writes `INDENTkey: "value"\n`. */
static int field(ym_ctx *c, const char *indent, const char *key, const char *value)
{
    if (!value) return 0;
    fprintf(c->f, "%s%s: ", indent, key);
    c->what = key;
    if (yq(c, value) < 0) return -1;
    putc('\n', c->f);
    return 0;
}

/* A date: plain when it is a valid casegraph date, quoted otherwise. */
static int date_field(ym_ctx *c, const char *indent, const char *key, const char *value)
{
    if (!value) return 0;
    if (cg_date_valid(value)) {
        fprintf(c->f, "%s%s: %s\n", indent, key, value);
        return 0;
    }
    return field(c, indent, key, value);
}

/* 1 if key can be written plain and reads back as the same text in any YAML
 * reader: a word of letters, digits and '_' that no YAML 1.1 resolver turns
 * into a boolean or null. */
static int plain_key_ok(const char *k)
{
    static const char *const special[] = { "y", "n", "yes", "no", "true", "false", "on", "off", "null", NULL };
    if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_')) return 0;
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    for (size_t i = 0; special[i]; i++)
        if (strcasecmp(k, special[i]) == 0) return 0;
    return 1;
}

/* Writes attributes, one per line: the key plain when plain_key_ok, quoted
 * otherwise; the value plain when it was plain and typed, quoted otherwise. */
static int attrs(ym_ctx *c, const char *indent, const cg_attr *a, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        fputs(indent, c->f);
        c->what = a[i].key;
        if (plain_key_ok(a[i].key)) fputs(a[i].key, c->f);
        else if (yq(c, a[i].key) < 0) return -1;
        fputs(": ", c->f);
        if (a[i].plain && cg_classify_scalar(a[i].text) != CG_VAL_TEXT) {
            fputs(a[i].text, c->f);
        } else if (yq(c, a[i].text) < 0) {
            return -1;
        }
        putc('\n', c->f);
    }
    return 0;
}

/* Writes a flow list ["a", "b"]. */
static int flow_list(ym_ctx *c, const char *const *items, size_t n)
{
    putc('[', c->f);
    for (size_t i = 0; i < n; i++) {
        if (i) fputs(", ", c->f);
        if (yq(c, items[i]) < 0) return -1;
    }
    putc(']', c->f);
    return 0;
}

/* Writes the casegraph YAML of sel (NULL: the whole graph) to f.  Returns 0,
 * or -1 with err set. */
int cg_export_yaml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err)
{
    cg_selection all;
    const cg_selection *s = cg_selection_view(g, sel, &all);
    ym_ctx c = { f, err, NULL };
    unsigned char *cited = cg_xcalloc(g->nsources ? g->nsources : 1, 1);
    int rc = -1;

    fputs("# casegraph export\ncasegraph: 1\n", f);
    if (field(&c, "", "name", g->name) < 0) goto out;
    if (field(&c, "", "description", g->description) < 0) goto out;

    if (g->nkinds > g->nbuiltin_kinds) {
        fputs("kinds: ", f);
        c.what = "a kind";
        if (flow_list(&c, g->kinds + g->nbuiltin_kinds, g->nkinds - g->nbuiltin_kinds) < 0) goto out;
        putc('\n', f);
    }
    int any_type = 0;
    for (size_t t = 0; t < g->ntypes; t++) {
        const cg_typedef *td = &g->types[t];
        if (td->builtin) continue;
        if (!any_type) fputs("types:\n", f);
        any_type = 1;
        fputs("  ", f);
        c.what = "a type";
        if (yq(&c, td->name) < 0) goto out;
        fputs(": {", f);
        if (td->nfrom) {
            fputs("from: ", f);
            if (flow_list(&c, td->from_kinds, td->nfrom) < 0) goto out;
        }
        if (td->nto) {
            fputs(td->nfrom ? ", to: " : "to: ", f);
            if (flow_list(&c, td->to_kinds, td->nto) < 0) goto out;
        }
        fputs("}\n", f);
    }

    for (size_t i = 0; i < s->nedges; i++) {
        const cg_edge *e = &g->edges[s->edges[i]];
        for (uint32_t k = 0; k < e->nsources; k++) cited[cg_edge_sources(e)[k]] = 1;
    }
    int any_source = 0;
    for (size_t i = 0; i < g->nsources; i++) {
        if (sel && !cited[i]) continue;
        const cg_source *src = &g->sources[i];
        if (!any_source) fputs("sources:\n", f);
        any_source = 1;
        fputs("  - id: ", f);
        c.what = "a source id";
        if (yq(&c, src->id) < 0) goto out;
        putc('\n', f);
        if (field(&c, "    ", "title", src->title) < 0 ||
            field(&c, "    ", "publisher", src->publisher) < 0 ||
            date_field(&c, "    ", "date", src->date) < 0 ||
            field(&c, "    ", "url", src->url) < 0 ||
            field(&c, "    ", "file", src->file) < 0 ||
            field(&c, "    ", "note", src->note) < 0 ||
            attrs(&c, "    ", src->attrs, src->nattrs) < 0)
            goto out;
    }

    fputs(s->nnodes ? "nodes:\n" : "nodes: []\n", f);
    for (size_t i = 0; i < s->nnodes; i++) {
        if (cg_writer_cancelled(o, i, err)) goto out;
        const cg_node *n = &g->nodes[s->nodes[i]];
        fputs("  - id: ", f);
        c.what = "a node id";
        if (yq(&c, n->id) < 0) goto out;
        putc('\n', f);
        if (field(&c, "    ", "kind", n->kind) < 0) goto out;
        if (n->name && strcmp(n->name, n->id) != 0 && field(&c, "    ", "name", n->name) < 0) goto out;
        if (n->naliases) {
            fputs("    aliases: ", f);
            c.what = "an alias";
            if (flow_list(&c, n->aliases, n->naliases) < 0) goto out;
            putc('\n', f);
        }
        if (attrs(&c, "    ", n->attrs, n->nattrs) < 0) goto out;
    }

    fputs(s->nedges ? "edges:\n" : "edges: []\n", f);
    for (size_t i = 0; i < s->nedges; i++) {
        if (cg_writer_cancelled(o, i, err)) goto out;
        const cg_edge *e = &g->edges[s->edges[i]];
        if (field(&c, "  - ", "from", g->nodes[e->from].id) < 0 ||
            field(&c, "    ", "to", g->nodes[e->to].id) < 0 ||
            field(&c, "    ", "type", e->type) < 0 ||
            date_field(&c, "    ", "date", e->date) < 0)
            goto out;
        if (e->nsources == 1) {
            if (field(&c, "    ", "source", g->sources[cg_edge_sources(e)[0]].id) < 0) goto out;
        } else if (e->nsources > 1) {
            fputs("    source: [", f);
            c.what = "a source id";
            for (uint32_t k = 0; k < e->nsources; k++) {
                if (k) fputs(", ", f);
                if (yq(&c, g->sources[cg_edge_sources(e)[k]].id) < 0) goto out;
            }
            fputs("]\n", f);
        }
        if (attrs(&c, "    ", cg_edge_attrs(e), e->nattrs) < 0) goto out;
    }
    if (cg_writer_finish(f, 0, err) < 0) goto out;
    rc = 0;
out:
    free(cited);
    cg_selection_destroy(&all);
    return rc;
}
