/* cmd_match.c - the `match` command (SPEC §8): runs the parsed query
 * through the engine (bind and plan, then exec; cypher.h), turns its rows
 * into result cells in the output's format, and, for a subgraph
 * redirection, its footprint into the selection. */
#include "command.h"

#include <string.h>

static void match_note(void *ctx, const char *msg)
{
    const qctx *q = ctx;
    qio_note(q->s, "note: %s\n", msg);
}

int cmd_match(qctx *q)
{
    cg_session *s = q->s;
    if (!q->cypher) {   /* cg_query_run routes every Cypher start word to cypher_parse.c */
        cg_error_set(q->err, q->ast->cmd_col, "match: the query was not read as Cypher");
        return -1;
    }
    const cg_cypher_index *ix = cg_cypher_index_get(&s->cindex, q->g);
    if (!ix) {
        cg_error_set(q->err, q->ast->cmd_col, "match cannot index this graph: more than 65535 kinds or types");
        return -1;
    }
    if (cg_cypher_prepare(q->cypher, q->g, ix, match_note, q, q->err) < 0) return -1;
    /* the format the cells are for: the redirection's table, or the session's */
    cg_format rf = q->ast->redirect ? cg_format_from_path(q->ast->redirect->text) : CG_FMT_UNKNOWN;
    int subgraph = q->ast->redirect && rf != CG_FMT_CSV && rf != CG_FMT_TSV;
    cg_outfmt fmt = rf == CG_FMT_CSV ? CG_OUT_CSV : rf == CG_FMT_TSV ? CG_OUT_TSV : s->fmt;
    cg_algo_monitor mon = { qio_cancel_poll, NULL, s };
    cg_cypher_exec_opts o = { .mon = &mon, .footprint = subgraph, .step_limit = s->match_steps };
    cg_cypher_rows rows;
    if (cg_cypher_exec(q->cypher, &o, &rows, q->err) < 0) return -1;

    cg_result_init(&q->res, NULL, 0);
    const char **cols = cg_arena_alloc(&q->res.arena, (rows.ncols ? rows.ncols : 1) * sizeof *cols);
    for (size_t i = 0; i < rows.ncols; i++) cols[i] = cg_result_strdup(&q->res, rows.cols[i]);
    q->res.cols = cols;
    q->res.ncols = rows.ncols;
    q->nres = 1;
    int json = fmt == CG_OUT_JSON, tabular = fmt == CG_OUT_TSV || fmt == CG_OUT_CSV;
    cg_buf b;
    cg_buf_init(&b);
    for (size_t r = 0; r < rows.nrows; r++) {
        cg_cell *row = cg_result_add_row(&q->res);
        for (size_t c = 0; c < rows.ncols; c++) {
            const char *text;
            switch (cg_cypher_cell(&rows, r, c, json, tabular, &b, &text)) {
            case CG_CYPHER_NULL: break;
            case CG_CYPHER_BOOL: row[c].type = CG_CELL_BOOL; row[c].s = text; break;
            case CG_CYPHER_NUMBER: cg_cell_number(&q->res, &row[c], text); break;
            case CG_CYPHER_TEXT: cg_cell_text(&row[c], cg_result_strdup(&q->res, text)); break;
            case CG_CYPHER_VALUE:
                if (json) cg_cell_value(&q->res, &row[c], NULL, text);
                else cg_cell_value(&q->res, &row[c], text, NULL);
                break;
            }
        }
    }
    cg_buf_destroy(&b);
    if (subgraph) {
        int32_t *edges = rows.edges;
        rows.edges = NULL;
        qrows_select(q, rows.node_mark, edges, rows.nedges);
    }
    cg_cypher_rows_destroy(&rows);
    return 0;
}
