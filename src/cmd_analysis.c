/* cmd_analysis.c - the commands that analyse the graph through algo.c:
 * neighbors, path, centrality and components. */
#include "command.h"
#include "temporal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int cmd_neighbors(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t v;
    if (qargs_node(q, q->ast->pos[0], &v) < 0) return -1;
    if (qargs_filter(q, NULL, 0) < 0) return -1;
    const cg_clause *cin = qargs_clause(q, CG_CL_IN), *cout = qargs_clause(q, CG_CL_OUT), *cboth = qargs_clause(q, CG_CL_BOTH);
    if ((cin != NULL) + (cout != NULL) + (cboth != NULL) > 1) {
        const cg_clause *late = cin;
        if (cout && (!late || cout->col > late->col)) late = cout;
        if (cboth && cboth->col > late->col) late = cboth;
        cg_error_set(q->err, late->col, "choose one of in, out and both");
        return -1;
    }
    cg_dir dir = cin ? CG_DIR_IN : cout ? CG_DIR_OUT : CG_DIR_BOTH;
    long depth = 1;
    if (qargs_clause(q, CG_CL_DEPTH) && qargs_count(q, qargs_clause(q, CG_CL_DEPTH)->args[0], "depth", 1, 1000000, &depth) < 0)
        return -1;
    if (qargs_clause(q, CG_CL_KIND) && qargs_kinds(q, qargs_clause(q, CG_CL_KIND)->args, qargs_clause(q, CG_CL_KIND)->nargs) < 0) return -1;
    int32_t *nodes, *dist;
    const char **when = NULL;
    size_t n;
    int chrono = qargs_clause(q, CG_CL_CHRONOLOGICAL) != NULL;
    if ((chrono ? cg_temporal_neighbors(g, &q->filter, v, depth, dir, &nodes, &dist, &when, &n, q->err)
                : cg_algo_neighbors(g, &q->filter, v, depth, dir, &nodes, &dist, &n, q->err)) < 0) return -1;
    static const char *const cols4[] = { "id", "kind", "name", "distance" };
    static const char *const cols_out[] = { "id", "kind", "name", "distance", "earliest" };
    static const char *const cols_in[] = { "id", "kind", "name", "distance", "latest" };
    const char *const *cols = !chrono ? cols4 : dir == CG_DIR_IN ? cols_in : cols_out;
    size_t nbase = chrono ? 5 : 4;
    size_t kept = 0;     /* the listed ones, in order */
    for (size_t i = 0; i < n; i++)
        if (qargs_kind_ok(q, nodes[i])) {
            nodes[kept] = nodes[i];
            dist[kept] = dist[i];
            if (when) when[kept] = when[i];
            kept++;
        }
    n = kept;
    qrows_with w;
    if (qrows_with_init(q, QROWS_NODE, cols, nbase, nodes, n, &w) < 0) {
        qrows_with_destroy(&w);
        free(nodes);
        free(dist);
        free(when);
        return -1;
    }
    cg_result *r = &q->res;
    qrows_with_result(r, cols, nbase, &w);
    q->nres = 1;
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    mark[v] = 1;
    for (size_t i = 0; i < n; i++) {
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], g->nodes[nodes[i]].id);
        cg_cell_text(&row[1], g->nodes[nodes[i]].kind);
        cg_cell_text(&row[2], g->nodes[nodes[i]].name);
        cg_cell_int(r, &row[3], dist[i]);
        if (chrono) cg_cell_text(&row[4], when[i] ? when[i] : "");
        qrows_with_cells(q, r, row + nbase, &w, nodes[i]);
        mark[nodes[i]] = 1;
    }
    qrows_with_destroy(&w);
    free(nodes);
    free(dist);
    free(when);
    qrows_select_among(q, mark, &q->filter);
    free(mark);
    return 0;
}

/* The table and the result subgraph of paths (rc: what the search
 * returned, 1 or 0; a: the start, listed alone for a path of no hops; all:
 * numbered, in a `path` column): `path`'s columns, "no path" and the cap
 * on standard error.  Destroys paths.  Returns 0 or -1 (q->err set). */
int analysis_path_result(qctx *q, cg_paths *paths, int rc, int32_t a, int all)
{
    const cg_graph *g = q->g;
    static const char *const cols_all[] = { "path", "hop", "from", "to", "type", "dir", "date", "source" };
    const char *const *cols = all ? cols_all : cols_all + 1;
    size_t ncols = all ? 8 : 7;
    int32_t *hops = NULL;       /* every hop's edge, for `with all` */
    size_t nhops = 0, hcap = 0;
    for (size_t p = 0; qargs_clause(q, CG_CL_WITH) && p < paths->count; p++)
        for (size_t h = 0; h < paths->items[p].nhops; h++) {
            CG_GROW(hops, hcap, nhops + 1);
            hops[nhops++] = paths->items[p].edges[h];
        }
    qrows_with w;
    rc = qrows_with_init(q, QROWS_EDGE, cols, ncols, hops, nhops, &w) < 0 ? -1 : rc;
    free(hops);
    if (rc < 0) {
        qrows_with_destroy(&w);
        cg_paths_destroy(paths);
        return -1;
    }
    cg_result *r = &q->res;
    qrows_with_result(r, cols, ncols, &w);
    q->nres = 1;
    int32_t *edges = NULL;
    size_t ne = 0, cap = 0;
    for (size_t p = 0; p < paths->count; p++) {
        const cg_path *pa = &paths->items[p];
        for (size_t h = 0; h < pa->nhops; h++) {
            int32_t e = pa->edges[h];
            const cg_edge *ed = &g->edges[e];
            cg_cell *row = cg_result_add_row(r);
            size_t c = 0;
            if (all) cg_cell_int(r, &row[c++], (long long)p + 1);
            cg_cell_int(r, &row[c++], (long long)h + 1);
            cg_cell_text(&row[c++], g->nodes[pa->nodes[h]].id);
            cg_cell_text(&row[c++], g->nodes[pa->nodes[h + 1]].id);
            cg_cell_text(&row[c++], ed->type);
            cg_cell_text(&row[c++], ed->from == pa->nodes[h] ? "->" : "<-");
            cg_cell_text(&row[c++], ed->date);
            qrows_sources(q, r, &row[c++], e);
            qrows_with_cells(q, r, row + c, &w, e);
            CG_GROW(edges, cap, ne + 1);
            edges[ne++] = e;
        }
    }
    qrows_with_destroy(&w);
    if (rc == 0) qio_note(q->s, "no path\n");
    if (paths->truncated) qio_note(q->s, "showing the first %d paths\n", Q_MAX_PATHS);
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    if (rc == 1) mark[a] = 1;   /* a path to itself: just the node */
    qrows_select(q, mark, edges, ne);
    free(mark);
    cg_paths_destroy(paths);
    return 0;
}

int cmd_path(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t a, b;
    if (qargs_node(q, q->ast->pos[0], &a) < 0 || qargs_node(q, q->ast->pos[1], &b) < 0) return -1;
    if (qargs_filter(q, NULL, 0) < 0) return -1;
    int all = qargs_clause(q, CG_CL_ALL) != NULL;
    cg_paths paths;
    int rc = qargs_clause(q, CG_CL_CHRONOLOGICAL)
                 ? cg_temporal_path(g, &q->filter, a, b, all, Q_MAX_PATHS, &paths, q->err)
                 : cg_algo_path(g, &q->filter, a, b, all, Q_MAX_PATHS, &paths, q->err);
    if (rc < 0) return -1;
    return analysis_path_result(q, &paths, rc, a, all);
}

typedef struct analysis_scored {
    int32_t v;
    double key;      /* the score rounded to what is printed */
    double raw;      /* the score itself (json) */
    char text[40];
} analysis_scored;

static const cg_graph *analysis_score_g;

static int analysis_scored_cmp(const void *a, const void *b)
{
    const analysis_scored *x = a, *y = b;
    if (x->key != y->key) return x->key > y->key ? -1 : 1;
    int32_t rx = analysis_score_g->id_rank[x->v], ry = analysis_score_g->id_rank[y->v];
    return (rx > ry) - (rx < ry);
}

/* Sifts heap[i] down a min-heap of n doubles. */
static void analysis_heap_down(double *heap, size_t n, size_t i)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && heap[c + 1] < heap[c]) c++;
        if (heap[i] <= heap[c]) return;
        double tmp = heap[i];
        heap[i] = heap[c];
        heap[c] = tmp;
        i = c;
    }
}

/* The lowest score that can still rank among the first `top` (0: all) of
 * the nodes qargs_kind_ok lets through, so that only those are formatted and
 * sorted: below the top-th highest score x by more than the rounding to 6
 * significant digits can bridge (5e-6 of the value; 2e-5 to be safe), a
 * score prints lower than x does, and at least `top` scores print as high.
 * -HUGE_VAL when every node must be looked at. */
static double analysis_score_floor(qctx *q, const double *scores, long top)
{
    const cg_graph *g = q->g;
    if (top <= 0 || (size_t)top >= g->nnodes) return -HUGE_VAL;
    size_t k = (size_t)top, n = 0;
    double *heap = cg_xmalloc(k * sizeof *heap);     /* the k highest so far */
    for (size_t v = 0; v < g->nnodes; v++) {
        double x = scores[v];
        if (x != x) { free(heap); return -HUGE_VAL; }    /* NaN: no order */
        if (n == k && x <= heap[0]) continue;
        if (!qargs_kind_ok(q, (int32_t)v)) continue;
        if (n < k) {
            heap[n++] = x;
            if (n == k)
                for (size_t i = k / 2 + 1; i-- > 0;) analysis_heap_down(heap, k, i);
        } else {
            heap[0] = x;
            analysis_heap_down(heap, k, 0);
        }
    }
    double x = n == k ? heap[0] : -HUGE_VAL;
    free(heap);
    if (x == -HUGE_VAL || x != x || x == HUGE_VAL) return -HUGE_VAL;
    return x - (x < 0 ? -x : x) * 2e-5;
}

int cmd_centrality(qctx *q)
{
    const cg_graph *g = q->g;
    const cg_token *mt = q->ast->pos[0];
    int m;
    for (m = 0; m < CG_M_COUNT; m++)
        if (strcasecmp(cg_metric_names[m], mt->text) == 0) break;
    if (m == CG_M_COUNT) {
        char sugg[800], shown[100];
        size_t nsugg = qargs_suggest(mt->text, cg_metric_names, CG_M_COUNT, sugg, sizeof sugg);
        if (!nsugg) snprintf(sugg, sizeof sugg, " (degree, indegree, outdegree, betweenness, closeness, harmonic, pagerank, eigenvector)");
        cg_error_set(q->err, mt->col, "unknown metric '%s'%s", qargs_shown(mt->text, shown, sizeof shown), sugg);
        return -1;
    }
    if (qargs_filter(q, NULL, 0) < 0) return -1;
    if (qargs_clause(q, CG_CL_KIND) && qargs_kinds(q, qargs_clause(q, CG_CL_KIND)->args, qargs_clause(q, CG_CL_KIND)->nargs) < 0) return -1;
    long top;
    if (qargs_top(q, 10, &top) < 0) return -1;
    double cutoff = -1;
    const cg_clause *cc = qargs_clause(q, CG_CL_CUTOFF);
    if (cc) {
        if (m != CG_M_BETWEENNESS && m != CG_M_CLOSENESS && m != CG_M_HARMONIC) {
            cg_error_set(q->err, cc->col, "cutoff applies to betweenness, closeness and harmonic, not %s",
                         cg_metric_names[m]);
            return -1;
        }
        long c;
        if (qargs_count(q, cc->args[0], "cutoff", 0, 1000000, &c) < 0) return -1;
        cutoff = (double)c;
    }
    int normalized = qargs_clause(q, CG_CL_NORMALIZED) != NULL;
    double *scores = cg_xmalloc((g->nnodes + 1) * sizeof *scores);
    if (cg_algo_centrality_cached(g, &q->s->cache, &q->filter, (cg_metric)m, normalized, cutoff, scores,
                                  q->err) < 0) {
        free(scores);
        return -1;
    }
    int integral = (m == CG_M_DEGREE || m == CG_M_INDEGREE || m == CG_M_OUTDEGREE) && !normalized;
    double lowest = analysis_score_floor(q, scores, top);
    analysis_scored *list = cg_xmalloc((g->nnodes + 1) * sizeof *list);
    size_t n = 0;
    for (size_t v = 0; v < g->nnodes; v++) {
        if ((lowest != -HUGE_VAL && !(scores[v] >= lowest)) || !qargs_kind_ok(q, (int32_t)v)) continue;
        analysis_scored *s = &list[n++];
        s->v = (int32_t)v;
        if (integral) snprintf(s->text, sizeof s->text, "%.0f", scores[v]);
        else cg_format_score(scores[v], s->text, sizeof s->text);
        s->key = integral ? scores[v] : strtod(s->text, NULL);
        s->raw = scores[v];
    }
    free(scores);
    analysis_score_g = g;
    qsort(list, n, sizeof *list, analysis_scored_cmp);
    static const char *const cols[] = { "rank", "id", "kind", "name", "score" };
    if (top > 0 && n > (size_t)top) n = (size_t)top;
    int32_t *listed = cg_xmalloc((n + 1) * sizeof *listed);
    for (size_t i = 0; i < n; i++) listed[i] = list[i].v;
    qrows_with w;
    int wrc = qrows_with_init(q, QROWS_NODE, cols, 5, listed, n, &w);
    free(listed);
    if (wrc < 0) {
        qrows_with_destroy(&w);
        free(list);
        return -1;
    }
    cg_result *r = &q->res;
    qrows_with_result(r, cols, 5, &w);
    q->nres = 1;
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    for (size_t i = 0; i < n; i++) {
        cg_cell *row = cg_result_add_row(r);
        cg_cell_int(r, &row[0], (long long)i + 1);
        cg_cell_text(&row[1], g->nodes[list[i].v].id);
        cg_cell_text(&row[2], g->nodes[list[i].v].kind);
        cg_cell_text(&row[3], g->nodes[list[i].v].name);
        if (integral) cg_cell_number(r, &row[4], list[i].text);
        else cg_cell_real(r, &row[4], list[i].raw);
        qrows_with_cells(q, r, row + 5, &w, list[i].v);
        mark[list[i].v] = 1;
    }
    qrows_with_destroy(&w);
    free(list);
    qrows_select_among(q, mark, NULL);
    free(mark);
    return 0;
}

int cmd_components(qctx *q)
{
    const cg_graph *g = q->g;
    if (qargs_filter(q, NULL, 0) < 0) return -1;
    long top;
    if (qargs_top(q, 10, &top) < 0) return -1;
    int32_t *comp = cg_xmalloc((g->nnodes + 1) * sizeof *comp);
    size_t ncomp;
    if (cg_algo_components(g, &q->filter, comp, &ncomp, q->err) < 0) {
        free(comp);
        return -1;
    }
    static const char *const cols[] = { "component", "size", "members" };
    qrows_groups(q, cols, comp, ncomp, top, "components", NULL);
    free(comp);
    return 0;
}

