/* redirect.c - `> FILE` at the end of a query: checking the target before
 * the query runs (format by extension, the loaded-file guard), and writing
 * the result table (.csv/.tsv) or the result subgraph (the exporters;
 * the .html page with the result table as well) after it. */
#include "command.h"

#include <errno.h>
#include <string.h>
#include "atomic.h"
#include "exporters.h"

/* After a failed write of `shown`: Ctrl-C is a cancel (-1, the query
 * failed), anything else an unwritable output (2).  err is set. */
int redirect_failed(qctx *q, const char *shown, int col0)
{
    if (!q->err->col) q->err->col = col0;    /* a write error points at the file name */
    if (!cg_interrupted) return 2;
    int col = q->err->col;
    cg_error_clear(q->err);    /* the writer's bare "interrupted" */
    cg_error_set(q->err, col, "interrupted; nothing was written: '%s' is as it was", shown);
    return -1;
}

typedef struct redirect_write_ctx {
    qctx *q;
    cg_outfmt fmt;
} redirect_write_ctx;

static int redirect_write_fn(FILE *f, void *ctx, cg_error *err)
{
    redirect_write_ctx *w = ctx;
    if (qrows_write_tables(w->q, f, w->fmt, 0, 0) < 0) {
        cg_error_set(err, 0, "write error: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Checks the redirection target before the query runs: a known format that
 * fits the command and not a loaded file (unless >!).  Returns 0, -1 (a
 * bad target), or -2 (a loaded file: the overwrite is refused). */
int redirect_check(qctx *q, cg_format *fmt)
{
    const cg_ast *a = q->ast;
    const char *path = a->redirect->text;
    char shown[300];
    qargs_shown(path, shown, sizeof shown);
    if (a->cmd->redirect == 0) {
        cg_error_set(q->err, a->redirect_col, "'%s' has no result to redirect", a->cmd->name);
        return -1;
    }
    *fmt = cg_format_from_path(path);
    if (*fmt == CG_FMT_UNKNOWN) {
        cg_error_set(q->err, a->redirect->col,
                     "cannot tell the format of '%s': use .dot, .gv, .graphml, .json, .yaml, .csv, .tsv, .svg, .png, .pdf, .html, .md, .cypher or .neo4j",
                     shown);
        return -1;
    }
    if (a->cmd->redirect == 1 && *fmt != CG_FMT_CSV && *fmt != CG_FMT_TSV) {
        cg_error_set(q->err, a->redirect->col, "'%s' gives a table, not a graph: redirect it to a .csv or .tsv file",
                     a->cmd->name);
        return -1;
    }
    if (cg_export_check_target(q->g, path, a->redirect_force, q->err) < 0) {
        q->err->col = a->redirect->col;
        return -2;      /* a refused output: exit status 2 */
    }
    return 0;
}

/* How a query's result reads as Markdown: a timeline is a chronology; the
 * commands that list nodes are a table of nodes; the others a table of
 * their edges (of their nodes when they have none). */
static int redirect_md_view(const qctx *q)
{
    static const char *const node_lists[] = { "nodes", "neighbors", "centrality", "components" };
    const char *name = q->ast->cmd->name;
    if (strcmp(name, "timeline") == 0) return CG_MD_CHRONOLOGY;
    for (size_t i = 0; i < sizeof node_lists / sizeof node_lists[0]; i++)
        if (strcmp(name, node_lists[i]) == 0) return CG_MD_NODES;
    return q->sel.nedges ? CG_MD_EDGES : CG_MD_NODES;
}

int redirect_write(qctx *q, cg_format fmt)
{
    const char *path = q->ast->redirect->text;
    char shown[300];
    qargs_shown(path, shown, sizeof shown);
    if (fmt == CG_FMT_CSV || fmt == CG_FMT_TSV) {
        redirect_write_ctx w = { q, fmt == CG_FMT_CSV ? CG_OUT_CSV : CG_OUT_TSV };
        cg_write_opts eo = { qio_cancel_poll, NULL };
        if (cg_atomic_write(path, redirect_write_fn, &w, &eo, q->err) < 0)
            return redirect_failed(q, shown, q->ast->redirect->col);
        if (!q->s->quiet)
            {
            size_t rows = q->res.nrows + (q->nres == 2 ? q->res2.nrows : 0);
            qio_note(q->s, "wrote %s (%zu row%s)\n", shown, rows, cg_s(rows));
        }
        return 0;
    }
    cg_write_opts eo = { qio_cancel_poll, NULL };
    if (fmt == CG_FMT_HTML) {
        /* the page shows the result table too */
        const cg_result *tables[2] = { &q->res, &q->res2 };
        size_t nt = q->nres >= 2 ? 2 : (size_t)q->nres;
        if (cg_export_html_file(q->g, &q->sel, path, nt ? tables : NULL, nt, &eo, q->err) < 0)
            return redirect_failed(q, shown, q->ast->redirect->col);
    } else if (fmt == CG_FMT_MD) {         /* the view is the command's (SPEC 11) */
        if (cg_export_md_file(q->g, &q->sel, path, redirect_md_view(q), &eo, q->err) < 0)
            return redirect_failed(q, shown, q->ast->redirect->col);
    } else if (cg_export_file(q->g, &q->sel, path, &eo, q->err) < 0)
        return redirect_failed(q, shown, q->ast->redirect->col);
    if (!q->s->quiet)
        qio_note(q->s, "wrote %s (%zu node%s, %zu edge%s)\n", shown, q->sel.nnodes, cg_s(q->sel.nnodes), q->sel.nedges,
                cg_s(q->sel.nedges));
    return 0;
}

