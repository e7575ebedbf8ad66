/* cmd_session.c - the commands that change the session or write its graph:
 * load, export and set. */
#include "command.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "find_index.h"

/* 1 if path names a file or directory the graph was loaded from. */
static int session_already_loaded(const cg_graph *g, const cg_session *s, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real) return 0;
    int same = 0;
    for (size_t i = 0; !same && i < g->nfiles; i++) {
        char *r2 = realpath(g->files[i], NULL);
        if (r2) { same = strcmp(real, r2) == 0; free(r2); }
    }
    for (size_t i = 0; !same && i < s->npaths; i++) {
        char *r2 = realpath(s->paths[i], NULL);
        if (r2) { same = strcmp(real, r2) == 0; free(r2); }
    }
    free(real);
    return same;
}

int cmd_load(qctx *q)
{
    cg_session *s = q->s;
    const cg_token *t = q->ast->pos[0];
    char shown[300];
    qargs_shown(t->text, shown, sizeof shown);
    struct stat st;
    if (stat(t->text, &st) != 0) {
        cg_error_set(q->err, t->col, "cannot load '%s': %s", shown, strerror(errno));
        return -1;
    }
    if (session_already_loaded(s->g, s, t->text)) {
        cg_error_set(q->err, t->col, "'%s' is already loaded", shown);
        return -1;
    }
    const char **paths = cg_xcalloc(s->npaths + 2, sizeof *paths);
    for (size_t i = 0; i < s->npaths; i++) paths[i] = s->paths[i];
    paths[s->npaths] = t->text;
    cg_diag diag;
    cg_diag_init(&diag);
    cg_load_opts lo = { NULL, qio_cancel_poll, NULL };
    cg_graph *ng = cg_load_with(paths, s->npaths + 1, &diag, &lo);
    free(paths);
    if (!ng && cg_interrupted) {
        /* what was found before Ctrl-C is not worth showing: the load stopped */
        cg_diag_destroy(&diag);
        cg_error_set(q->err, t->col, "interrupted; '%s' was not loaded and the graph is unchanged", shown);
        return -1;
    }
    qio_note_diag(s, &diag);
    if (!ng) {
        cg_error_set(q->err, t->col, "could not load '%s' (%zu error%s above); the graph is unchanged", shown,
                     diag.nerrors, diag.nerrors == 1 ? "" : "s");
        cg_diag_destroy(&diag);
        return -1;
    }
    cg_diag_destroy(&diag);
    size_t dn = ng->nnodes - s->g->nnodes, de = ng->nedges - s->g->nedges;
    cg_algo_cache_clear(&s->cache);
    cg_cypher_index_free(s->cindex);
    s->cindex = NULL;
    find_index_free(s->findex);
    s->findex = NULL;
    cg_graph_free(s->g);
    s->g = ng;
    q->g = ng;
    s->paths = cg_xrealloc(s->paths, (s->npaths + 2) * sizeof *s->paths);
    s->paths[s->npaths++] = cg_xstrdup(t->text);
    s->paths[s->npaths] = NULL;
    if (!s->quiet)
        qio_note(q->s, "loaded %s: %zu more node%s, %zu more edge%s (%zu node%s, %zu edge%s in all)\n", shown,
                dn, cg_s(dn), de, cg_s(de), ng->nnodes, cg_s(ng->nnodes), ng->nedges, cg_s(ng->nedges));
    return 0;
}

int cmd_export(qctx *q)
{
    const cg_token *t = q->ast->pos[0];
    char shown[300];
    qargs_shown(t->text, shown, sizeof shown);
    cg_format f = cg_format_from_path(t->text);
    if (f == CG_FMT_UNKNOWN || f == CG_FMT_CSV || f == CG_FMT_TSV) {
        cg_error_set(q->err, t->col,
                     f == CG_FMT_UNKNOWN
                         ? "cannot tell the format of '%s': use .dot, .gv, .graphml, .json, .yaml, .svg, .png, .pdf or .html"
                         : "export writes a graph, not a table ('%s'): use .dot, .gv, .graphml, .json, .yaml, .svg, .png, .pdf or .html (or `edges > FILE.csv`)",
                     shown);
        return -1;
    }
    if (cg_export_check_target(q->g, t->text, qargs_clause(q, CG_CL_FORCE) != NULL, q->err) < 0) {
        q->err->col = t->col;
        return 2;       /* a refused output */
    }
    cg_write_opts eo = { qio_cancel_poll, NULL };
    if (cg_export_file(q->g, NULL, t->text, &eo, q->err) < 0) return redirect_failed(q, shown, t->col);
    if (!q->s->quiet)
        qio_note(q->s, "wrote %s (%zu node%s, %zu edge%s)\n", shown, q->g->nnodes, cg_s(q->g->nnodes),
                q->g->nedges, cg_s(q->g->nedges));
    return 0;
}

/* The on/off argument of clause c (named what) into *out.  Returns 0 or -1. */
static int session_on_off(qctx *q, const cg_clause *c, const char *what, int *out)
{
    const cg_token *t = c->args[0];
    if (strcasecmp(t->text, "on") == 0) *out = 1;
    else if (strcasecmp(t->text, "off") == 0) *out = 0;
    else {
        char shown[100];
        cg_error_set(q->err, t->col, "%s is on or off, got '%s'", what, qargs_shown(t->text, shown, sizeof shown));
        return -1;
    }
    return 0;
}

int cmd_set(qctx *q)
{
    cg_session *s = q->s;
    const cg_clause *fc = qargs_clause(q, CG_CL_FORMAT), *tc = qargs_clause(q, CG_CL_TIMER), *pc = qargs_clause(q, CG_CL_PAGER);
    if (fc) {
        cg_outfmt f;
        const cg_token *t = fc->args[0];
        if (cg_outfmt_parse(t->text, &f) < 0) {
            char shown[100];
            cg_error_set(q->err, t->col, "unknown format '%s' (table, line, tsv, csv, json)", qargs_shown(t->text, shown, sizeof shown));
            return -1;
        }
    }
    int timer = s->timer, pager = s->pager;
    if (tc && session_on_off(q, tc, "timer", &timer) < 0) return -1;
    if (pc && session_on_off(q, pc, "pager", &pager) < 0) return -1;
    if (fc) cg_outfmt_parse(fc->args[0]->text, &s->fmt);
    s->timer = timer;
    s->pager = pager;
    if (fc || tc || pc) return 0;
    static const char *const cols[] = { "key", "value" };
    cg_result *r = &q->res;
    cg_result_init(r, cols, 2);
    q->nres = 1;
    cg_cell *row = cg_result_add_row(r);
    cg_cell_text(&row[0], "format");
    cg_cell_text(&row[1], cg_outfmt_name(s->fmt));
    row = cg_result_add_row(r);
    cg_cell_text(&row[0], "timer");
    cg_cell_text(&row[1], s->timer ? "on" : "off");
    row = cg_result_add_row(r);
    cg_cell_text(&row[0], "pager");
    cg_cell_text(&row[1], s->pager ? "on" : "off");
    return 0;
}

