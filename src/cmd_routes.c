/* cmd_routes.c - the commands that show how actors are tied together
 * (SPEC 10), over routes.c: connect, paths and common. */
#include "command.h"
#include "routes.h"

#include <stdlib.h>
#include <string.h>

#define ROUTES_MAX_TERMS 1000       /* connect: at most this many nodes */
#define ROUTES_MAX_HOPS 1000        /* paths: maxhops at most this */
#define ROUTES_GAPS_SHOWN 10        /* connect: unjoined pairs named on stderr */

/* connect NODE NODE [NODE...] [via/since/until/directed] [depth N] */
int cmd_connect(qctx *q)
{
    const cg_graph *g = q->g;
    const cg_ast *ast = q->ast;
    if (ast->npos > ROUTES_MAX_TERMS) {
        cg_error_set(q->err, ast->pos[ROUTES_MAX_TERMS]->col, "connect takes at most %d nodes, got %zu",
                     ROUTES_MAX_TERMS, ast->npos);
        return -1;
    }
    int32_t *terms = cg_xmalloc(ast->npos * sizeof *terms);
    size_t n = 0;
    for (size_t i = 0; i < ast->npos; i++) {
        int32_t v;
        if (qargs_misplaced(q, ast->pos[i]) || qargs_node(q, ast->pos[i], &v) < 0) { free(terms); return -1; }
        size_t j;
        for (j = 0; j < n && terms[j] != v; j++) {}
        if (j == n) terms[n++] = v;
    }
    if (n < 2) {
        char shown[100];
        cg_error_set(q->err, ast->pos[ast->npos - 1]->col,
                     "connect needs at least two different nodes, got only '%s'",
                     qargs_shown(g->nodes[terms[0]].id, shown, sizeof shown));
        free(terms);
        return -1;
    }
    long depth = 6;
    const cg_clause *cd = qargs_clause(q, CG_CL_DEPTH);
    if ((cd && qargs_count(q, cd->args[0], "depth", 1, Q_MAX_COUNT, &depth) < 0) || qargs_filter(q, NULL, 0) < 0) {
        free(terms);
        return -1;
    }
    int32_t *edges, *gaps;
    size_t ne, ngaps;
    if (cg_routes_connect(g, &q->filter, terms, n, depth, &edges, &ne, &gaps, &ngaps, q->err) < 0) {
        free(terms);
        return -1;
    }
    cg_sort_edges(g, edges, ne);
    qrows_with w;
    if (qrows_with_init(q, QROWS_EDGE, qrows_edge_cols, 5, edges, ne, &w) < 0) {
        qrows_with_destroy(&w);
        free(terms);
        free(edges);
        free(gaps);
        return -1;
    }
    qrows_with_result(&q->res, qrows_edge_cols, 5, &w);
    q->nres = 1;
    qrows_edge_rows(q, &q->res, edges, ne, &w);
    qrows_with_destroy(&w);
    for (size_t i = 0; i < ngaps && i < ROUTES_GAPS_SHOWN; i++)
        qio_note(q->s, "no path of at most %ld hops between %s and %s\n", depth, g->nodes[gaps[2 * i]].id,
                 g->nodes[gaps[2 * i + 1]].id);
    if (ngaps > ROUTES_GAPS_SHOWN)
        qio_note(q->s, "and %zu more pairs with no such path\n", ngaps - ROUTES_GAPS_SHOWN);
    /* the drawing: the edges, their ends and every node asked about */
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    for (size_t i = 0; i < n; i++) mark[terms[i]] = 1;
    qrows_select(q, mark, edges, ne);
    free(mark);
    free(terms);
    free(gaps);
    return 0;
}

/* paths FROM TO [maxhops N] [avoid NODE,...] [via/since/until/directed/chronological] */
int cmd_paths(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t a, b;
    if (qargs_node(q, q->ast->pos[0], &a) < 0 || qargs_node(q, q->ast->pos[1], &b) < 0) return -1;
    if (qargs_filter(q, NULL, 0) < 0) return -1;
    long maxhops = 4;
    const cg_clause *cm = qargs_clause(q, CG_CL_MAXHOPS);
    if (cm && qargs_count(q, cm->args[0], "maxhops", 1, ROUTES_MAX_HOPS, &maxhops) < 0) return -1;
    unsigned char *avoid = NULL;
    const cg_clause *ca = qargs_clause(q, CG_CL_AVOID);
    if (ca) {
        avoid = cg_xcalloc(g->nnodes + 1, 1);
        for (size_t i = 0; i < ca->nargs; i++) {
            int32_t v;
            if (qargs_node(q, ca->args[i], &v) < 0) { free(avoid); return -1; }
            if (v == a || v == b) {
                char shown[100];
                cg_error_set(q->err, ca->args[i]->col, "cannot avoid '%s': every path %s there",
                             qargs_shown(g->nodes[v].id, shown, sizeof shown), v == a ? "starts" : "ends");
                free(avoid);
                return -1;
            }
            avoid[v] = 1;
        }
    }
    cg_paths paths;
    int rc = cg_routes_paths(g, &q->filter, a, b, maxhops, avoid, qargs_clause(q, CG_CL_CHRONOLOGICAL) != NULL,
                             Q_MAX_PATHS, &paths, q->err);
    free(avoid);
    if (rc < 0) return -1;
    return analysis_path_result(q, &paths, rc, a, 1);
}

/* The distinct types of edges[0..n), sorted, into the list cell c. */
static void routes_types_cell(qctx *q, cg_result *r, cg_cell *c, const int32_t *edges, size_t n)
{
    const char **types = cg_xmalloc((n ? n : 1) * sizeof *types);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = q->g->edges[edges[i]].type;
        size_t j = 0;
        while (j < k && strcmp(types[j], t) < 0) j++;
        if (j < k && strcmp(types[j], t) == 0) continue;
        memmove(types + j + 1, types + j, (k - j) * sizeof *types);
        types[j] = t;
        k++;
    }
    cg_cell_list(r, c, types, k);
    free(types);
}

/* common NODE NODE [via/since/until/directed] */
int cmd_common(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t a, b;
    if (qargs_node(q, q->ast->pos[0], &a) < 0 || qargs_node(q, q->ast->pos[1], &b) < 0) return -1;
    if (a == b) {
        char shown[100];
        cg_error_set(q->err, q->ast->pos[1]->col, "common needs two different nodes, got '%s' twice",
                     qargs_shown(g->nodes[a].id, shown, sizeof shown));
        return -1;
    }
    if (qargs_filter(q, NULL, 0) < 0) return -1;
    cg_common c;
    if (cg_routes_common(g, &q->filter, a, b, &c, q->err) < 0) return -1;
    static const char *const cols[] = { "id", "kind", "name", "types_a", "types_b" };
    cg_result *r = &q->res;
    cg_result_init(r, cols, 5);
    q->nres = 1;
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    mark[a] = mark[b] = 1;
    size_t ne = c.aoff[c.n] + c.boff[c.n];
    int32_t *edges = cg_xmalloc((ne ? ne : 1) * sizeof *edges);
    memcpy(edges, c.ea, c.aoff[c.n] * sizeof *edges);
    memcpy(edges + c.aoff[c.n], c.eb, c.boff[c.n] * sizeof *edges);
    for (size_t i = 0; i < c.n; i++) {
        const cg_node *nd = &g->nodes[c.nodes[i]];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], nd->id);
        cg_cell_text(&row[1], nd->kind);
        cg_cell_text(&row[2], nd->name);
        routes_types_cell(q, r, &row[3], c.ea + c.aoff[i], c.aoff[i + 1] - c.aoff[i]);
        routes_types_cell(q, r, &row[4], c.eb + c.boff[i], c.boff[i + 1] - c.boff[i]);
        mark[c.nodes[i]] = 1;
    }
    cg_routes_common_destroy(&c);
    qrows_select(q, mark, edges, ne);
    free(mark);
    return 0;
}
