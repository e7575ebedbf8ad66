/* qrows.c - what commands share to build their results: cells of sources,
 * the result subgraph (selections), edges in `edges` order and their rows. */
#include "command.h"

#include <stdlib.h>
#include <string.h>

void qrows_sources(qctx *q, cg_result *r, cg_cell *c, int32_t e)
{
    const cg_edge *ed = &q->g->edges[e];
    if (ed->nsources == 0) { cg_cell_text(c, NULL); return; }
    const char *few[8];
    const char **ids = ed->nsources <= 8 ? few : cg_xmalloc(ed->nsources * sizeof *ids);
    for (uint32_t i = 0; i < ed->nsources; i++) ids[i] = q->g->sources[ed->sources[i]].id;
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

static const cg_graph *qrows_sort_g;

static int qrows_edge_cmp(const void *a, const void *b)
{
    const cg_graph *g = qrows_sort_g;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    const cg_edge *ex = &g->edges[x], *ey = &g->edges[y];
    int c = cg_date_cmp(ex->date, ey->date);
    if (c) return c;
    if (ex->from != ey->from) return g->id_rank[ex->from] < g->id_rank[ey->from] ? -1 : 1;
    c = strcmp(ex->type, ey->type);
    if (c) return c;
    if (ex->to != ey->to) return g->id_rank[ex->to] < g->id_rank[ey->to] ? -1 : 1;
    return (x > y) - (x < y);
}

void qrows_sort_edges(const cg_graph *g, int32_t *edges, size_t n)
{
    qrows_sort_g = g;
    if (n > 1) qsort(edges, n, sizeof *edges, qrows_edge_cmp);
}

const char *const qrows_edge_cols[] = { "from", "type", "to", "date", "source" };

const char *const qrows_node_cols[] = { "id", "kind", "name" };

/* Adds rows for edges in the `edges` columns to r. */
void qrows_edge_rows(qctx *q, cg_result *r, const int32_t *edges, size_t n)
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
        cg_result_init(&flat, cols, 8);
        for (size_t i = 0; i < q->res.nrows; i++) {
            cg_cell *row = cg_result_add_row(&flat);
            cg_cell_text(&row[0], q->show_key ? q->show_key : "node");
            row[1] = q->res.cells[i * 2];
            row[2] = q->res.cells[i * 2 + 1];
        }
        for (size_t i = 0; i < q->res2.nrows; i++) {
            cg_cell *row = cg_result_add_row(&flat);
            cg_cell_text(&row[0], "edge");
            for (size_t c = 0; c < 5; c++) row[3 + c] = q->res2.cells[i * 5 + c];
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
