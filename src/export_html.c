/* export_html.c - the interactive page (SPEC 11, `.html`).
 *
 * One self-contained HTML file: the Graphviz SVG of the selection (rendered
 * by export.c from cg_export_dot_ids, so that node I of the selection is the
 * SVG element "cg-n-I" and edge I is "cg-e-I"), the graph's JSON export and
 * the result tables in a <script type="application/json"> block, and the
 * page's script and style (src/html/page.js, page.css, embedded at build
 * time as build/gen/html_assets.h, see mk/html.mk).
 *
 * Graph text reaches the page only two ways, both inert:
 *  - in the SVG, as Graphviz escaped it; the SVG is checked here element by
 *    element (only the drawing elements Graphviz writes, no event-handler or
 *    link attribute) and its comments dropped;
 *  - in the JSON, where `<`, `>` and `&` are written \u003c, \u003e, \u0026
 *    and U+2028/U+2029 as \u2028/\u2029, so no text can end the block.
 * The script builds the page with textContent only, and a Content-Security-
 * Policy allows nothing but the page's own script and style (by hash): no
 * other script, no network, no fonts.  Same input, same bytes.
 */
#include "exporters.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../build/gen/html_assets.h"

/* The SVG elements Graphviz's -Tsvg writes (and a few it may write for
 * styles we do not use); anything else is refused. */
static const char *const svg_elements[] = {
    "svg", "g", "title", "polygon", "polyline", "ellipse", "path", "text", "a",
    "defs", "linearGradient", "radialGradient", "stop", "tspan", "rect", "circle", "line",
};

/* 1 if the tag name p[0..n) is one of svg_elements. */
static int svg_element_ok(const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof svg_elements / sizeof svg_elements[0]; i++)
        if (strlen(svg_elements[i]) == n && memcmp(svg_elements[i], p, n) == 0) return 1;
    return 0;
}

/* 1 if the attribute name p[0..n) may stay: not an event handler (on...),
 * not a link (href, xlink:href), not a style sheet (style). */
static int svg_attr_ok(const char *p, size_t n)
{
    if (n >= 2 && (p[0] == 'o' || p[0] == 'O') && (p[1] == 'n' || p[1] == 'N')) return 0;
    for (size_t i = 0; i + 4 <= n; i++)
        if (strncasecmp(p + i, "href", 4) == 0) return 0;
    if (n == 5 && strncasecmp(p, "style", 5) == 0) return 0;
    return 1;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-'
           || c == '_' || c == '.';
}

/* Writes the <svg> element of Graphviz's output svg[0..len) to f, without
 * the XML prolog, the doctype and the comments, after checking every tag:
 * known elements only, attributes quoted and none of them a handler or a
 * link.  Returns 0, or -1 with err set (nothing sensible to show). */
static int svg_copy(FILE *f, const char *svg, size_t len, cg_error *err)
{
    const char *p = svg, *end = svg + len;
    /* the root element: the first "<svg" */
    for (; p + 4 <= end; p++)
        if (memcmp(p, "<svg", 4) == 0 && p + 4 < end && (p[4] == ' ' || p[4] == '\n' || p[4] == '>')) break;
    if (p + 4 > end) {
        cg_error_set(err, 0, "Graphviz wrote no <svg> element");
        return -1;
    }
    const char *last = p;       /* copied up to here */
    while (p < end) {
        if (*p != '<') { p++; continue; }
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *c = p + 4;
            while (c + 3 <= end && memcmp(c, "-->", 3) != 0) c++;
            if (c + 3 > end) goto bad;
            fwrite(last, 1, (size_t)(p - last), f);
            p = last = c + 3;
            if (p < end && *p == '\n') last = ++p;
            continue;
        }
        const char *q = p + 1;
        if (q < end && *q == '/') q++;
        const char *name = q;
        while (q < end && is_name_char(*q)) q++;
        if (!svg_element_ok(name, (size_t)(q - name))) {
            char raw[32], shown[160];
            size_t n = (size_t)(q - name) < 30 ? (size_t)(q - name) : 30;
            memcpy(raw, name, n);
            raw[n] = '\0';
            cg_escape_safe(raw, shown, sizeof shown);
            cg_error_set(err, 0, "Graphviz's SVG has an element the page does not allow: <%s>", shown);
            return -1;
        }
        /* attributes: NAME="VALUE" (Graphviz escapes quotes in values) */
        for (;;) {
            while (q < end && (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r')) q++;
            if (q >= end) goto bad;
            if (*q == '>') { q++; break; }
            if (*q == '/' && q + 1 < end && q[1] == '>') { q += 2; break; }
            const char *an = q;
            while (q < end && is_name_char(*q)) q++;
            if (q == an || q + 1 >= end || q[0] != '=' || (q[1] != '"' && q[1] != '\'')) goto bad;
            if (!svg_attr_ok(an, (size_t)(q - an))) {
                cg_error_set(err, 0, "Graphviz's SVG has an attribute the page does not allow: %.*s",
                             (int)(q - an < 30 ? q - an : 30), an);
                return -1;
            }
            char quote = q[1];
            q += 2;
            while (q < end && *q != quote && *q != '<') q++;
            if (q >= end || *q != quote) goto bad;
            q++;
        }
        p = q;
    }
    fwrite(last, 1, (size_t)(end - last), f);
    return 0;
bad:
    cg_error_set(err, 0, "cannot read Graphviz's SVG (offset %zu)", (size_t)(p - svg));
    return -1;
}

/* Copies json[0..len) to f with `<`, `>`, `&` and U+2028/U+2029 as \u
 * escapes.  Outside strings JSON has none of them, so the text means the
 * same and cannot close the <script> element that holds it. */
static void json_copy_for_html(FILE *f, const char *json, size_t len)
{
    const char *last = json;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)json[i];
        const char *rep = NULL;
        size_t skip = 1;
        if (c == '<') rep = "\\u003c";
        else if (c == '>') rep = "\\u003e";
        else if (c == '&') rep = "\\u0026";
        else if (c == 0xE2 && i + 2 < len && (unsigned char)json[i + 1] == 0x80
                 && ((unsigned char)json[i + 2] == 0xA8 || (unsigned char)json[i + 2] == 0xA9)) {
            rep = (unsigned char)json[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        }
        if (!rep) continue;
        fwrite(last, 1, (size_t)(json + i - last), f);
        fputs(rep, f);
        i += skip - 1;
        last = json + i + 1;
    }
    fwrite(last, 1, (size_t)(json + len - last), f);
}

/* Writes the page's data to mem: {"name":..,"graph":<the JSON export>,
 * "tables":[{"cols":[..],"rows":[[..],..]},..] or null}.  Returns 0, or -1
 * with err set (cancelled, or a write error). */
static int page_data(FILE *mem, const cg_graph *g, const cg_selection *sel, const cg_html_page *p,
                     const cg_write_opts *o, cg_error *err)
{
    fputs("{\"name\":", mem);
    cg_writer_json_string(mem, g->name ? g->name : "casegraph");
    fputs(",\"graph\":", mem);
    if (cg_export_json(mem, g, sel, o, err) < 0) return -1;
    fputs(",\"tables\":", mem);
    if (!p || !p->tables) {
        fputs("null", mem);
    } else {
        putc('[', mem);
        for (size_t t = 0; t < p->ntables; t++) {
            const cg_result *r = p->tables[t];
            fputs(t ? ",\n{\"cols\":[" : "\n{\"cols\":[", mem);
            for (size_t c = 0; c < r->ncols; c++) {
                if (c) putc(',', mem);
                cg_writer_json_string(mem, r->cols[c]);
            }
            fputs("],\"rows\":[", mem);
            for (size_t i = 0; i < r->nrows; i++) {
                if (cg_writer_cancelled(o, i, err)) return -1;
                fputs(i ? ",\n[" : "\n[", mem);
                for (size_t c = 0; c < r->ncols; c++) {
                    if (c) putc(',', mem);
                    cg_output_json_cell(mem, &r->cells[i * r->ncols + c]);
                }
                putc(']', mem);
            }
            fputs("]}", mem);
        }
        putc(']', mem);
    }
    fputs("}", mem);
    return 0;
}

int cg_export_html(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_html_page *p,
                   const cg_write_opts *o, cg_error *err)
{
    char *json = NULL;
    size_t jlen = 0;
    int rc = -1;
    FILE *mem = open_memstream(&json, &jlen);
    if (!mem) {
        cg_error_set(err, 0, "cannot write the page: %s", strerror(errno));
        return -1;
    }
    int drc = page_data(mem, g, sel, p, o, err);
    if (fclose(mem) != 0 && drc == 0) {
        cg_error_set(err, 0, "cannot write the page: %s", strerror(errno));
        drc = -1;
    }
    if (drc < 0) goto out;

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", f);
    /* nothing but the page's own script and style: no other script, no
     * request of any kind (images, fonts, frames, forms, a base url) */
    fprintf(f, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
               "script-src 'sha256-%s'; style-src 'sha256-%s'; img-src 'none'; font-src 'none'; "
               "connect-src 'none'; base-uri 'none'; form-action 'none'\">\n",
            CG_HTML_PAGE_JS_SHA256, CG_HTML_PAGE_CSS_SHA256);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"casegraph\">\n"
          "<title>casegraph</title>\n<style>", f);
    fwrite(cg_html_page_css, 1, CG_HTML_PAGE_CSS_LEN, f);
    fputs("</style>\n</head>\n<body>\n"
          "<header id=\"cg-bar\"><h1 id=\"cg-title\">casegraph</h1>"
          "<input id=\"cg-search\" type=\"search\" placeholder=\"search nodes\" aria-label=\"search nodes\">"
          "<span id=\"cg-count\" aria-live=\"polite\"></span>"
          "<span class=\"cg-zoom\"><button id=\"cg-zoom-in\" type=\"button\" title=\"zoom in\">+</button>"
          "<button id=\"cg-zoom-out\" type=\"button\" title=\"zoom out\">&minus;</button>"
          "<button id=\"cg-fit\" type=\"button\" title=\"fit the diagram\">fit</button></span></header>\n"
          "<main id=\"cg-main\">\n<div id=\"cg-diagram\">\n", f);
    if (p && p->svg && svg_copy(f, p->svg, p->svglen, err) < 0) goto out;
    fputs("</div>\n<aside id=\"cg-panel\" aria-live=\"polite\"><p class=\"cg-hint\">"
          "Click a node or an edge to see its fields and sources.</p></aside>\n</main>\n"
          "<section id=\"cg-time\"><h2>Time axis</h2><div id=\"cg-axis\"></div></section>\n"
          "<section id=\"cg-result\"><h2>Result</h2><div id=\"cg-table\"></div></section>\n"
          "<noscript><p>The search, the panel, the time axis and the table need JavaScript.</p></noscript>\n"
          "<script type=\"application/json\" id=\"cg-data\">", f);
    json_copy_for_html(f, json, jlen);
    fputs("</script>\n<script>", f);
    fwrite(cg_html_page_js, 1, CG_HTML_PAGE_JS_LEN, f);
    fputs("</script>\n</body>\n</html>\n", f);
    if (cg_writer_finish(f, 0, err) < 0) goto out;
    rc = 0;
out:
    free(json);
    return rc;
}
