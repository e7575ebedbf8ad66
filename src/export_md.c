/* export_md.c - Markdown for publishing (SPEC 11): a chronology with
 * GitHub-flavoured footnotes, or a table.
 *
 *   # Chronology
 *
 *   - 2017-07 — Backpage\.com sued Josh Hawley[^1]
 *
 *   [^1]: “Title”, Publisher, 2017\-07\-10, <https://...>\. Note: ...
 *
 * Views (cg_md_view): a timeline's chronology; the whole graph (the
 * chronology of every dated edge, then a table of the undated ones); a table
 * of a query's edges (date order, undated last), with the same footnotes; a
 * table of its nodes.  Each fact has its own footnote, numbered in the order
 * the facts are written; it cites every source (title, publisher, date,
 * url) and the edge's note.
 *
 * No text from the graph can add markup: every ASCII punctuation character
 * is backslash-escaped (so no emphasis, link, image, code, HTML, entity,
 * table cell or autolink can start), a line break, tab or other control
 * character is a space, and an `@` is preceded by U+2060 WORD JOINER, which
 * is invisible but keeps GFM's extended autolinks from taking the text
 * around it as an e-mail address.  A source url becomes a link only when it
 * is http: or https: and made of URL characters alone.
 */
#include "exporters.h"

#include <stdlib.h>
#include <string.h>

/* Writes s as inert Markdown text; type_words: `_` reads as a space (an
 * edge type in a sentence).  The text goes out through a small buffer (one
 * fwrite per 512 bytes, not a locked putc per byte). */
static void md_text(FILE *f, const char *s, int type_words)
{
    static const char punct[] = "!\"#$%&'()*+,-./:;<=>?[\\]^_`{|}~";
    char buf[512 + 8];
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if (n >= 512) { fwrite(buf, 1, n, f); n = 0; }
        unsigned c = *p;
        if (c == '\r' && p[1] == '\n') continue;          /* CRLF: one space */
        if (c < 0x20 || c == 0x7f) { buf[n++] = ' '; continue; }
        if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {   /* C1 (NEL among them) */
            buf[n++] = ' ';
            p++;
            continue;
        }
        if (c == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {   /* LS, PS */
            buf[n++] = ' ';
            p += 2;
            continue;
        }
        if (type_words && c == '_') { buf[n++] = ' '; continue; }
        if (c == '@') {                                    /* U+2060 WORD JOINER, then \@ */
            memcpy(buf + n, "\xe2\x81\xa0\\@", 5);
            n += 5;
            continue;
        }
        if (c < 0x80 && strchr(punct, (int)c)) buf[n++] = '\\';
        buf[n++] = (char)c;
    }
    fwrite(buf, 1, n, f);
}

/* 1 if url can be written as an autolink <url>: http: or https:, and only
 * characters that need no escaping in one (no space, <, >, \, control). */
static int md_url_ok(const char *url)
{
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || !strchr(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%", (int)*p))
            return 0;
    return 1;
}

/* The footnote of edge e: its sources, then its note. */
static void md_footnote(FILE *f, const cg_graph *g, const cg_edge *e, size_t num)
{
    fprintf(f, "[^%zu]: ", num);
    if (!e->nsources) fputs("No source cited.", f);
    for (uint32_t k = 0; k < e->nsources; k++) {
        const cg_source *src = &g->sources[cg_edge_sources(e)[k]];
        if (k) fputs("; ", f);
        fputs("\xe2\x80\x9c", f);        /* the title in quotation marks */
        md_text(f, src->title ? src->title : src->id, 0);
        fputs("\xe2\x80\x9d", f);
        if (src->publisher) { fputs(", ", f); md_text(f, src->publisher, 0); }
        if (src->date) { fputs(", ", f); md_text(f, src->date, 0); }
        if (src->url) {
            fputs(", ", f);
            if (md_url_ok(src->url)) fprintf(f, "<%s>", src->url);
            else md_text(f, src->url, 0);
        }
        if (k + 1 == e->nsources) putc('.', f);
    }
    const cg_attr *note = NULL;
    for (uint32_t i = 0; i < e->nattrs; i++)
        if (strcmp(cg_edge_attrs(e)[i].key, "note") == 0) note = &cg_edge_attrs(e)[i];
    if (note) {
        fputs(" Note: ", f);
        md_text(f, note->text, 0);
    }
    fputs("\n\n", f);
}


static const char *md_name(const cg_node *n)
{
    return n->name ? n->name : n->id;
}

/* A table row of edge e: date (when with_date), from, type, to, its
 * footnote. */
static void md_edge_row(FILE *f, const cg_graph *g, const cg_edge *e, int with_date, size_t num)
{
    fputs("| ", f);
    if (with_date) {
        if (e->date) fputs(e->date, f);
        fputs(" | ", f);
    }
    md_text(f, md_name(&g->nodes[e->from]), 0);
    fputs(" | ", f);
    md_text(f, e->type, 1);
    fputs(" | ", f);
    md_text(f, md_name(&g->nodes[e->to]), 0);
    fprintf(f, " | [^%zu] |\n", num);
}

int cg_export_md(FILE *f, const cg_graph *g, const cg_selection *sel, cg_md_view view, const cg_write_opts *o,
                 cg_error *err)
{
    int stop = 0;
    cg_selection all;
    const cg_selection *s = cg_selection_view(g, sel, &all);
    int32_t *edges = cg_xmalloc((s->nedges + 1) * sizeof *edges);
    memcpy(edges, s->edges, s->nedges * sizeof *edges);
    cg_sort_edges(g, edges, s->nedges);
    size_t ndated = 0;
    while (ndated < s->nedges && g->edges[edges[ndated]].date) ndated++;

    if (view == CG_MD_NODES) {
        fputs("# Nodes\n\n| Id | Kind | Name | Aliases |\n| --- | --- | --- | --- |\n", f);
        for (size_t i = 0; i < s->nnodes && !stop; i++) {
            if ((stop = cg_writer_cancelled(o, i, err))) break;
            const cg_node *n = &g->nodes[s->nodes[i]];
            fputs("| ", f);
            md_text(f, n->id, 0);
            fputs(" | ", f);
            md_text(f, n->kind, 0);
            fputs(" | ", f);
            md_text(f, md_name(n), 0);
            fputs(" | ", f);
            for (uint32_t k = 0; k < n->naliases; k++) {
                if (k) fputs(", ", f);
                md_text(f, n->aliases[k], 0);
            }
            fputs(" |\n", f);
        }
        if (!s->nnodes) fputs("\nNo nodes.\n", f);
        goto done;
    }

    if (view == CG_MD_EDGES) {
        fputs("# Relations\n\n", f);
        if (s->nedges) fputs("| Date | From | Type | To | Sources |\n| --- | --- | --- | --- | --- |\n", f);
        for (size_t i = 0; i < s->nedges && !stop; i++) {
            if ((stop = cg_writer_cancelled(o, i, err))) break;
            md_edge_row(f, g, &g->edges[edges[i]], 1, i + 1);
        }
        fputs(s->nedges ? "\n" : "No relations.\n", f);
    } else {
        /* the chronology (timeline, and the whole graph) */
        if (view == CG_MD_WHOLE) {
            fputs("# ", f);
            if (g->name) { md_text(f, g->name, 0); fputs(": chronology", f); }
            else fputs("Chronology", f);
            fputs("\n\n", f);
        } else {
            fputs("# Chronology\n\n", f);
        }
        for (size_t i = 0; i < ndated && !stop; i++) {
            if ((stop = cg_writer_cancelled(o, i, err))) break;
            const cg_edge *e = &g->edges[edges[i]];
            fprintf(f, "- %s \xe2\x80\x94 ", e->date);     /* an em dash */
            md_text(f, md_name(&g->nodes[e->from]), 0);
            putc(' ', f);
            md_text(f, e->type, 1);
            putc(' ', f);
            md_text(f, md_name(&g->nodes[e->to]), 0);
            fprintf(f, "[^%zu]\n", i + 1);
        }
        fputs(ndated ? "\n" : "No dated facts.\n\n", f);
        if (view == CG_MD_WHOLE || ndated < s->nedges) {
            fputs("## Undated relations\n\n", f);
            if (ndated < s->nedges) fputs("| From | Type | To | Sources |\n| --- | --- | --- | --- |\n", f);
            for (size_t i = ndated; i < s->nedges && !stop; i++) {
                if ((stop = cg_writer_cancelled(o, i, err))) break;
                md_edge_row(f, g, &g->edges[edges[i]], 0, i + 1);
            }
            fputs(ndated < s->nedges ? "\n" : "None.\n\n", f);
        }
    }
    for (size_t i = 0; i < s->nedges && !stop; i++) {
        if ((stop = cg_writer_cancelled(o, i, err))) break;
        md_footnote(f, g, &g->edges[edges[i]], i + 1);
    }
done:
    free(edges);
    cg_selection_destroy(&all);
    return cg_writer_finish(f, stop, err);
}
