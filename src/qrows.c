/* qrows.c - what commands share to build their results: cells of sources,
 * the result subgraph (selections), edges in `edges` order and their rows. */
#include "command.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void qrows_sources(qctx *q, cg_result *r, cg_cell *c, int32_t e)
{
    const cg_edge *ed = &q->g->edges[e];
    if (ed->nsources == 0) { cg_cell_text(c, NULL); return; }
    const char *few[8];
    const char **ids = ed->nsources <= 8 ? few : cg_xmalloc(ed->nsources * sizeof *ids);
    for (uint32_t i = 0; i < ed->nsources; i++) ids[i] = q->g->sources[cg_edge_sources(ed)[i]].id;
    cg_cell_list(r, c, ids, ed->nsources);
    if (ids != few) free(ids);
}

/* Sets q->sel from a node mark array and edges (any order, duplicates
 * allowed); marks every edge's endpoints.  Takes ownership of edges.  Only
 * a redirection writes a selection: without one it is left empty. */
void qrows_select(qctx *q, unsigned char *mark, int32_t *edges, size_t nedges)
{
    const cg_graph *g = q->g;
    cg_selection_init(&q->sel);
    if (!q->ast->redirect) {    /* only a redirection writes the selection */
        free(edges);
        q->has_sel = 1;
        return;
    }
    for (size_t i = 0; i < nedges; i++) {
        mark[g->edges[edges[i]].from] = 1;
        mark[g->edges[edges[i]].to] = 1;
    }
    size_t nn = 0;
    for (size_t v = 0; v < g->nnodes; v++) nn += mark[v] != 0;
    q->sel.nodes = cg_xmalloc((nn ? nn : 1) * sizeof *q->sel.nodes);
    for (size_t v = 0; v < g->nnodes; v++)
        if (mark[v]) q->sel.nodes[q->sel.nnodes++] = (int32_t)v;
    size_t asc = 1;
    while (asc < nedges && edges[asc - 1] < edges[asc]) asc++;
    if (asc >= nedges) {        /* already sorted and distinct: keep them */
        q->sel.edges = edges;
        q->sel.nedges = nedges;
        if (!edges) q->sel.edges = cg_xmalloc(sizeof *q->sel.edges);
        q->has_sel = 1;
        return;
    }
    /* sort and dedupe edges with a bitmap */
    unsigned char *em = cg_xcalloc(g->nedges + 1, 1);
    for (size_t i = 0; i < nedges; i++) em[edges[i]] = 1;
    free(edges);
    size_t ne = 0;
    for (size_t e = 0; e < g->nedges; e++) ne += em[e];
    q->sel.edges = cg_xmalloc((ne ? ne : 1) * sizeof *q->sel.edges);
    for (size_t e = 0; e < g->nedges; e++)
        if (em[e]) q->sel.edges[q->sel.nedges++] = (int32_t)e;
    free(em);
    q->has_sel = 1;
}

/* Selection: the marked nodes and every edge among them (passing f if not
 * NULL). */
void qrows_select_among(qctx *q, unsigned char *mark, const cg_filter *f)
{
    int32_t *edges = NULL;
    size_t n = 0;
    if (q->ast->redirect) cg_algo_edges_among(q->g, mark, f, &edges, &n);
    qrows_select(q, mark, edges, n);
}

/* Selection: the listed edges and their endpoints. */
void qrows_select_edges(qctx *q, const int32_t *edges, size_t n)
{
    unsigned char *mark = cg_xcalloc(q->g->nnodes + 1, 1);
    int32_t *copy = cg_xmalloc((n ? n : 1) * sizeof *copy);
    memcpy(copy, edges, n * sizeof *copy);
    qrows_select(q, mark, copy, n);
    free(mark);
}

/* Rows of a partition: see command.h. */
void qrows_groups(qctx *q, const char *const *cols, const int32_t *group, size_t ngroups, long top,
                  const char *what, const cg_filter *f)
{
    const cg_graph *g = q->g;
    size_t shown = top == 0 || (size_t)top > ngroups ? ngroups : (size_t)top;
    /* members per group, in id order */
    size_t *size = cg_xcalloc(ngroups + 1, sizeof *size);
    for (size_t v = 0; v < g->nnodes; v++) size[group[v]]++;
    size_t *start = cg_xcalloc(ngroups + 1, sizeof *start);
    for (size_t c = 1; c <= ngroups; c++) start[c] = start[c - 1] + size[c - 1];
    const char **members = cg_xmalloc((g->nnodes + 1) * sizeof *members);
    size_t *fill = cg_xcalloc(ngroups + 1, sizeof *fill);
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    for (size_t i = 0; i < g->nnodes; i++) {
        int32_t v = g->by_id[i];
        int32_t c = group[v];
        members[start[c] + fill[c]++] = g->nodes[v].id;
        if ((size_t)c < shown) mark[v] = 1;
    }
    cg_result *r = &q->res;
    cg_result_init(r, cols, 3);
    q->nres = 1;
    for (size_t c = 0; c < shown; c++) {
        cg_cell *row = cg_result_add_row(r);
        cg_cell_int(r, &row[0], (long long)c + 1);
        cg_cell_int(r, &row[1], (long long)size[c]);
        cg_cell_list(r, &row[2], members + start[c], size[c]);
    }
    if (shown < ngroups && !q->s->quiet)
        qio_note(q->s, "showing %zu of %zu %s (add `top all` for every one)\n", shown, ngroups, what);
    free(size);
    free(start);
    free(members);
    free(fill);
    qrows_select_among(q, mark, f);
    free(mark);
}

const char *const qrows_edge_cols[] = { "from", "type", "to", "date", "source" };

const char *const qrows_node_cols[] = { "id", "kind", "name" };

/* Adds rows for edges in the `edges` columns (then w's, if not NULL) to r. */
void qrows_edge_rows(qctx *q, cg_result *r, const int32_t *edges, size_t n, const qrows_with *w)
{
    const cg_graph *g = q->g;
    for (size_t i = 0; i < n; i++) {
        const cg_edge *e = &g->edges[edges[i]];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], g->nodes[e->from].id);
        cg_cell_text(&row[1], e->type);
        cg_cell_text(&row[2], g->nodes[e->to].id);
        cg_cell_text(&row[3], e->date);
        qrows_sources(q, r, &row[4], edges[i]);
        if (w) qrows_with_cells(q, r, row + 5, w, edges[i]);
    }
}

/* Writes the query's tables to f in fmt. */
int qrows_write_tables(qctx *q, FILE *f, cg_outfmt fmt, int safe, int width)
{
    if (q->nres == 2 && fmt == CG_OUT_JSON && q->json_show) {
        fprintf(f, "{\"%s\":{", q->show_key ? q->show_key : "node");
        for (size_t i = 0; i < q->res.nrows; i++) {
            if (i) putc(',', f);
            cg_output_json_string(f, q->res.cells[i * 2].s);
            putc(':', f);
            cg_output_json_cell(f, &q->res.cells[i * 2 + 1]);
        }
        fputs("},\"edges\":", f);
        cg_output_json_array(f, &q->res2);
        fputs("}\n", f);
        return ferror(f) ? -1 : 0;
    }
    if (q->nres == 2 && q->json_show && (fmt == CG_OUT_TSV || fmt == CG_OUT_CSV)) {
        /* show in tsv/csv: one table, not two glued together; a `part`
         * column tells the entity's fields (key, value) from its edges
         * (from, type, to, date, source) */
        static const char *const cols[] = { "part", "key", "value", "from", "type", "to", "date", "source" };
        cg_result flat;
        size_t ne = q->res2.ncols;     /* the edges' columns, with's too */
        cg_result_init(&flat, cols, 8);
        if (ne > 5) {
            const char **all = cg_arena_alloc(&flat.arena, (3 + ne) * sizeof *all);
            for (size_t c = 0; c < 3; c++) all[c] = cols[c];
            for (size_t c = 0; c < ne; c++) all[3 + c] = q->res2.cols[c];
            flat.cols = all;
            flat.ncols = 3 + ne;
        }
        for (size_t i = 0; i < q->res.nrows; i++) {
            cg_cell *row = cg_result_add_row(&flat);
            cg_cell_text(&row[0], q->show_key ? q->show_key : "node");
            row[1] = q->res.cells[i * 2];
            row[2] = q->res.cells[i * 2 + 1];
        }
        for (size_t i = 0; i < q->res2.nrows; i++) {
            cg_cell *row = cg_result_add_row(&flat);
            cg_cell_text(&row[0], "edge");
            for (size_t c = 0; c < ne; c++) row[3 + c] = q->res2.cells[i * ne + c];
        }
        int rc = cg_output_write(f, &flat, fmt, safe, width);
        cg_result_destroy(&flat);
        return rc;
    }
    if (cg_output_write(f, &q->res, fmt, safe, width) < 0) return -1;
    if (q->nres == 2) {
        putc('\n', f);
        if (cg_output_write(f, &q->res2, fmt, safe, width) < 0) return -1;
    }
    return 0;
}

/* ---- `with KEY,...` / `with all` (SPEC 9): attribute columns ---- */

static const char *const qrows_class_names[] = { "node", "edge", "source" };
static const char *const qrows_source_fields[] = { "url", "file", "note" };

/* The value of source field or attribute key on source s, or NULL; *plain
 * set for an attribute written as a plain scalar. */
static const char *qrows_source_value(const cg_source *s, const char *key, int *plain)
{
    *plain = 0;
    if (strcmp(key, "url") == 0) return s->url;
    if (strcmp(key, "file") == 0) return s->file;
    if (strcmp(key, "note") == 0) return s->note;
    for (uint32_t i = 0; i < s->nattrs; i++)
        if (strcmp(s->attrs[i].key, key) == 0) {
            *plain = s->attrs[i].plain;
            return s->attrs[i].text;
        }
    return NULL;
}

/* Appends key to *keys unless it is there already. */
static void qrows_key_add(const char ***keys, size_t *n, size_t *cap, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*keys)[i], key) == 0) return;
    CG_GROW(*keys, *cap, *n + 1);
    (*keys)[(*n)++] = key;
}

/* Every key entities of class cls can have in q's graph, into *keys (not
 * sorted; the strings are the graph's or static). */
static void qrows_known_keys(const qctx *q, qrows_class cls, const char ***keys, size_t *n)
{
    const cg_graph *g = q->g;
    size_t cap = 0;
    *keys = NULL;
    *n = 0;
    if (cls == QROWS_NODE) {
        qrows_key_add(keys, n, &cap, "aliases");
        for (size_t i = 0; i < g->nnode_keys; i++) qrows_key_add(keys, n, &cap, g->node_keys[i].key);
    } else if (cls == QROWS_EDGE) {
        for (size_t i = 0; i < g->nedge_keys; i++) qrows_key_add(keys, n, &cap, g->edge_keys[i].key);
    } else {
        for (size_t i = 0; i < 3; i++) qrows_key_add(keys, n, &cap, qrows_source_fields[i]);
        for (size_t s = 0; s < g->nsources; s++)
            for (uint32_t i = 0; i < g->sources[s].nattrs; i++)
                qrows_key_add(keys, n, &cap, g->sources[s].attrs[i].key);
    }
}

static int qrows_strcmp_p(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The index of key in a graph's sorted key table, or -1. */
static long qrows_key_index(const cg_keyinfo *keys, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(keys[mid].key, key);
        if (c == 0) return (long)mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

/* `with all`: every key one of ids[0..nids) has, sorted, into w. */
static void qrows_with_all(qctx *q, qrows_class cls, const int32_t *ids, size_t nids, qrows_with *w, size_t *cap)
{
    const cg_graph *g = q->g;
    const char **found = NULL;
    size_t nf = 0, fcap = 0;
    if (cls == QROWS_SOURCE) {
        for (size_t i = 0; i < nids; i++) {
            const cg_source *s = &g->sources[ids[i]];
            for (size_t k = 0; k < 3; k++) {
                int plain;
                if (qrows_source_value(s, qrows_source_fields[k], &plain)) qrows_key_add(&found, &nf, &fcap, qrows_source_fields[k]);
            }
            for (uint32_t k = 0; k < s->nattrs; k++) qrows_key_add(&found, &nf, &fcap, s->attrs[k].key);
        }
    } else {
        const cg_keyinfo *keys = cls == QROWS_NODE ? g->node_keys : g->edge_keys;
        size_t nkeys = cls == QROWS_NODE ? g->nnode_keys : g->nedge_keys;
        unsigned char *has = cg_xcalloc(nkeys + 1, 1);
        int aliases = 0;
        size_t left = nkeys;
        for (size_t i = 0; i < nids && (left || (cls == QROWS_NODE && !aliases)); i++) {
            const cg_attr *a = cls == QROWS_NODE ? g->nodes[ids[i]].attrs : cg_edge_attrs(&g->edges[ids[i]]);
            uint32_t na = cls == QROWS_NODE ? g->nodes[ids[i]].nattrs : g->edges[ids[i]].nattrs;
            if (cls == QROWS_NODE && g->nodes[ids[i]].naliases) aliases = 1;
            for (uint32_t k = 0; k < na; k++) {
                long x = qrows_key_index(keys, nkeys, a[k].key);
                if (x >= 0 && !has[x]) { has[x] = 1; left--; }
            }
        }
        if (aliases) qrows_key_add(&found, &nf, &fcap, "aliases");
        for (size_t k = 0; k < nkeys; k++)
            if (has[k]) qrows_key_add(&found, &nf, &fcap, keys[k].key);
        free(has);
    }
    if (nf > 1) qsort(found, nf, sizeof *found, qrows_strcmp_p);
    for (size_t i = 0; i < nf; i++) qrows_key_add(&w->keys, &w->n, cap, found[i]);
    free(found);
}

int qrows_with_init(qctx *q, qrows_class cls, const char *const *base, size_t nbase, const int32_t *ids,
                    size_t nids, qrows_with *w)
{
    memset(w, 0, sizeof *w);
    w->cls = cls;
    const cg_clause *wc = qargs_clause(q, CG_CL_WITH);
    if (!wc) return 0;
    const char **known;
    size_t nknown, cap = 0;
    qrows_known_keys(q, cls, &known, &nknown);
    const char **want = NULL;   /* the keys asked for, in order */
    size_t nwant = 0, wcap = 0;
    int all = 0;
    for (size_t i = 0; i < wc->nargs; i++) {
        const cg_token *t = wc->args[i];
        if (t->type == CG_TOK_WORD && strcasecmp(t->text, "all") == 0) { all = 1; continue; }
        size_t k;
        for (k = 0; k < nbase; k++)
            if (strcmp(base[k], t->text) == 0) break;
        if (k < nbase) continue;                  /* already a column */
        for (k = 0; k < nknown; k++)
            if (strcmp(known[k], t->text) == 0) break;
        if (k == nknown) {
            char sugg[800], shown[200];
            qargs_suggest(t->text, known, nknown, sugg, sizeof sugg);
            cg_error_set(q->err, t->col, "no %s has the attribute '%s'%s", qrows_class_names[cls],
                         qargs_shown(t->text, shown, sizeof shown), sugg);
            free(known);
            free(want);
            return -1;
        }
        qrows_key_add(&want, &nwant, &wcap, known[k]);
    }
    free(known);
    /* the keys asked for by name in their order; then, for `all`, the rest sorted */
    for (size_t i = 0; i < nwant; i++) qrows_key_add(&w->keys, &w->n, &cap, want[i]);
    free(want);
    if (all) qrows_with_all(q, cls, ids, nids, w, &cap);
    /* none may repeat a column (`with all` over an attribute named like one) */
    size_t kept = 0;
    for (size_t i = 0; i < w->n; i++) {
        size_t k;
        for (k = 0; k < nbase; k++)
            if (strcmp(base[k], w->keys[i]) == 0) break;
        if (k == nbase) w->keys[kept++] = w->keys[i];
    }
    w->n = kept;
    return 0;
}

void qrows_with_result(cg_result *r, const char *const *base, size_t nbase, const qrows_with *w)
{
    cg_result_init(r, base, nbase);
    if (!w->n) return;
    const char **cols = cg_arena_alloc(&r->arena, (nbase + w->n) * sizeof *cols);
    for (size_t i = 0; i < nbase; i++) cols[i] = base[i];
    for (size_t i = 0; i < w->n; i++) cols[nbase + i] = w->keys[i];
    r->cols = cols;
    r->ncols = nbase + w->n;
}

void qrows_with_cells(qctx *q, cg_result *r, cg_cell *cells, const qrows_with *w, int32_t id)
{
    const cg_graph *g = q->g;
    for (size_t i = 0; i < w->n; i++) {
        const char *key = w->keys[i];
        cg_cell *c = &cells[i];
        if (w->cls == QROWS_SOURCE) {
            int plain;
            const char *v = qrows_source_value(&g->sources[id], key, &plain);
            if (!v) { cg_cell_text(c, NULL); continue; }
            cg_cell_typed(r, c, v, plain ? cg_classify_scalar(v) : CG_VAL_TEXT);
            continue;
        }
        if (w->cls == QROWS_NODE && strcmp(key, "aliases") == 0) {
            const cg_node *nd = &g->nodes[id];
            cg_cell_list(r, c, nd->aliases, nd->naliases);
            continue;
        }
        const cg_attr *a = w->cls == QROWS_NODE ? cg_node_attr(g, id, key) : cg_edge_attr(g, id, key);
        if (!a) { cg_cell_text(c, NULL); continue; }
        cg_cell_typed(r, c, a->text, cg_writer_attr_type(g, w->cls == QROWS_EDGE, a));
    }
}

void qrows_with_destroy(qrows_with *w)
{
    free(w->keys);
    memset(w, 0, sizeof *w);
}
