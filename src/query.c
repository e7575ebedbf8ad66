/* query.c - the session and running one query: text to tokens to AST
 * (lexer.c, parser.c), the refusals of --safe, then the command's handler
 * from the table (commands.c), the redirection (redirect.c) or the output
 * (output.c).  Messages go through the session's io, never to a terminal
 * from here.  The layer's other files are listed in command.h. */
#include "command.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>

volatile sig_atomic_t cg_interrupted;

/* ---- the session ---- */

/* The cancel callback the loader and the exporters poll: Ctrl-C was
 * pressed (cg_interrupted, set by the SIGINT handler). */
int query_cancel_poll(void *ctx)
{
    (void)ctx;
    return cg_interrupted != 0;
}

/* The monitor's progress callback: on to the session's io. */
static void query_progress(const char *what, int percent, void *ctx)
{
    const cg_session *s = ctx;
    if (s->io.progress) s->io.progress(what, percent, s->io.ctx);
}

/* See command.h. */
void query_note(const cg_session *s, const char *fmt, ...)
{
    if (!s->io.note) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    s->io.note(buf, s->io.ctx);
}

/* See command.h: the diagnostics as the loader's caret lines print them,
 * for a terminal as wide as the output's. */
void query_note_diag(const cg_session *s, const cg_diag *d)
{
    if (!s->io.note || !d->count) return;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return;
    cg_diag_print_width(d, m, s->term_cols);
    if (fclose(m) == 0 && buf) s->io.note(buf, s->io.ctx);
    free(buf);
}

cg_session *cg_session_new(cg_graph *g, const char *const *paths, size_t npaths)
{
    cg_session *s = cg_xcalloc(1, sizeof *s);
    s->g = g;
    s->paths = cg_xcalloc(npaths + 1, sizeof *s->paths);
    for (size_t i = 0; i < npaths; i++) s->paths[i] = cg_xstrdup(paths[i]);
    s->npaths = npaths;
    s->fmt = CG_OUT_TABLE;
    s->pager = 1;
    cg_algo_monitor mon = { query_cancel_poll, query_progress, s };
    cg_algo_set_monitor(&mon);
    return s;
}

void cg_session_free(cg_session *s)
{
    if (!s) return;
    cg_algo_set_monitor(NULL);      /* its callbacks' context goes now */
    cg_algo_cache_clear(&s->cache);
    cg_graph_free(s->g);
    for (size_t i = 0; i < s->npaths; i++) free(s->paths[i]);
    free(s->paths);
    free(s);
}

const cg_graph *cg_session_graph(const cg_session *s) { return s->g; }
int cg_session_timer(const cg_session *s) { return s->timer; }
int cg_session_pager(const cg_session *s) { return s->pager; }
void cg_session_set_terminal(cg_session *s, int cols) { s->term_cols = cols > 0 ? cols : 0; }
void cg_session_set_interactive(cg_session *s, int interactive) { s->interactive = interactive; }
void cg_session_set_quiet(cg_session *s, int quiet) { s->quiet = quiet; }
void cg_session_set_safe(cg_session *s, int safe) { s->safe = safe; }
int cg_session_safe(const cg_session *s) { return s->safe; }
void cg_session_set_io(cg_session *s, const cg_session_io *io)
{
    if (io) s->io = *io;
    else memset(&s->io, 0, sizeof s->io);
}

int cg_session_set_format(cg_session *s, const char *format, cg_error *err)
{
    cg_outfmt f;
    if (cg_outfmt_parse(format, &f) < 0) {
        char shown[64];
        cg_escape_safe(format, shown, sizeof shown);
        cg_error_set(err, 0, "unknown format '%s' (table, line, tsv, csv, json)", shown);
        return -1;
    }
    s->fmt = f;
    return 0;
}










/* ---- writing results ---- */

/* Writes the query's tables to f in fmt. */
int query_write_tables(qctx *q, FILE *f, cg_outfmt fmt, int safe, int width)
{
    if (q->nres == 2 && fmt == CG_OUT_JSON && q->json_show) {
        fputs("{\"node\":{", f);
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
            cg_cell_text(&row[0], "node");
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

/* ---- running a query ---- */

/* Replaces the text of token t (one of toks) by its ~-expanded form. */
static void query_expand_tilde(cg_tokens *toks, const cg_token *t)
{
    for (size_t i = 0; i < toks->count; i++) {
        if (&toks->items[i] != t || t->text[0] != '~') continue;
        char *x = cg_path_expand(t->text);
        free(toks->items[i].text);
        toks->items[i].text = x;
    }
}

int cg_query_run(cg_session *s, const char *text, FILE *out, cg_error *err)
{
    cg_tokens toks;
    cg_ast ast;
    qctx q;
    int rc = CG_Q_OK;
    memset(&q, 0, sizeof q);
    memset(&ast, 0, sizeof ast);
    cg_error_clear(err);
    if (cg_lex(text, &toks, err) < 0) { rc = CG_Q_FAILED; goto out; }
    if (toks.count == 1) goto out;       /* blank or a comment */
    if (cg_parse(&toks, cg_commands, cg_ncommands, &ast, err) < 0) { rc = CG_Q_FAILED; goto out; }
    q.s = s;
    q.g = s->g;
    q.ast = &ast;
    q.err = err;
    cg_buf_init(&q.text);
    if (s->safe && ((ast.cmd->flags & CG_CMD_FILE_ARG) || ast.redirect)) {
        int col = ast.redirect ? ast.redirect_col : ast.cmd_col;
        int is_load = ast.cmd->run == cmd_load;
        cg_error_set(err, col, "--safe: %s is refused (the script may only read the graphs given and write its output)",
                     ast.redirect ? "redirection to a file" : ast.cmd->name);
        rc = is_load && !ast.redirect ? CG_Q_FAILED : CG_Q_UNWRITABLE;
        goto out;
    }
    /* file names: a leading ~ is the home directory, as in the shell (and
     * in Tab completion) */
    if (ast.cmd->flags & CG_CMD_FILE_ARG) query_expand_tilde(&toks, ast.pos[0]);
    if (ast.redirect) query_expand_tilde(&toks, ast.redirect);
    cg_format rfmt = CG_FMT_UNKNOWN;
    if (ast.redirect) {
        int cr = redirect_check(&q, &rfmt);
        if (cr < 0) { rc = cr == -2 ? CG_Q_UNWRITABLE : CG_Q_FAILED; goto out; }
    }
    if (ast.cmd->flags & CG_CMD_QUIT) { rc = CG_Q_QUIT; goto out; }
    int r = ast.cmd->run(&q);
    if (r < 0) { rc = CG_Q_FAILED; goto out; }
    if (r == 2) { rc = CG_Q_UNWRITABLE; goto out; }
    if (ast.redirect) {
        int w = redirect_write(&q, rfmt);
        if (w < 0) rc = CG_Q_FAILED;
        else if (w == 2) rc = CG_Q_UNWRITABLE;
        goto out;
    }
    if (q.text.len) fputs(q.text.data, out);
    if (q.nres) {
        int safe = s->term_cols > 0 || isatty(fileno(out));
        query_write_tables(&q, out, s->fmt, safe, s->term_cols);
    }
    if (fflush(out) != 0 || ferror(out)) {
        cg_error_set(err, 0, "cannot write the output: %s", strerror(errno));
        rc = CG_Q_UNWRITABLE;
    }
out:
    if (q.nres >= 1) cg_result_destroy(&q.res);
    if (q.nres >= 2) cg_result_destroy(&q.res2);
    if (q.has_sel) cg_selection_destroy(&q.sel);
    free(q.types);
    free(q.kinds);
    cg_buf_destroy(&q.text);
    cg_ast_destroy(&ast);
    cg_tokens_destroy(&toks);
    return rc;
}
