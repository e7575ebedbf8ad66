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
#include "find_index.h"


/* ---- the session ---- */

/* The monitor's progress callback: on to the session's io. */
static void query_progress(const char *what, int percent, void *ctx)
{
    const cg_session *s = ctx;
    if (s->io.progress) s->io.progress(what, percent, s->io.ctx);
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
    cg_algo_monitor mon = { qio_cancel_poll, query_progress, s };
    cg_algo_set_monitor(&mon);
    return s;
}

void cg_session_free(cg_session *s)
{
    if (!s) return;
    cg_algo_set_monitor(NULL);      /* its callbacks' context goes now */
    cg_algo_cache_clear(&s->cache);
    cg_cypher_index_free(s->cindex);
    find_index_free(s->findex);
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
void cg_session_set_match_steps(cg_session *s, unsigned long long steps) { s->match_steps = steps; }
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
    cg_token cytok = { 0 };
    memset(&toks, 0, sizeof toks);
    if (cg_cypher_starts(text)) {
        /* openCypher text: its own lexer and parser; the rest is shared */
        q.cypher = cg_cypher_parse(text, err);
        if (!q.cypher) { rc = CG_Q_FAILED; goto out; }
        ast.cmd = cg_command_find(cg_commands, cg_ncommands, "match");
        ast.cmd_col = 1 + (int)strspn(text, " \t\r\n\f\v");
        const char *rname;
        int force, rcol;
        if (cg_cypher_redirect(q.cypher, &rname, &force, &rcol)) {
            cytok.type = CG_TOK_WORD;
            cytok.text = rname[0] == '~' ? cg_path_expand(rname) : cg_xstrdup(rname);
            cytok.col = rcol;
            ast.redirect = &cytok;
            ast.redirect_force = force;
            ast.redirect_col = rcol;
        }
    } else {
        if (cg_lex(text, &toks, err) < 0) { rc = CG_Q_FAILED; goto out; }
        if (toks.count == 1) goto out;       /* blank or a comment */
        if (cg_parse(&toks, cg_commands, cg_ncommands, &ast, err) < 0) { rc = CG_Q_FAILED; goto out; }
    }
    q.s = s;
    q.g = s->g;
    q.ast = &ast;
    q.err = err;
    cg_buf_init(&q.text);
    if (s->safe && ((ast.cmd->flags & CG_CMD_FILE_ARG) || ast.redirect)) {
        int col = ast.redirect ? ast.redirect_col : ast.cmd_col;
        cg_error_set(err, col, "--safe: %s is refused (the script may only read the graphs given and write its output)",
                     ast.redirect ? "redirection to a file" : ast.cmd->name);
        rc = (ast.cmd->flags & CG_CMD_WRITES) || ast.redirect ? CG_Q_UNWRITABLE : CG_Q_FAILED;
        goto out;
    }
    /* file names: a leading ~ is the home directory, as in the shell (and
     * in Tab completion) */
    if (ast.cmd->flags & CG_CMD_FILE_ARG) query_expand_tilde(&toks, ast.pos[0]);
    if (ast.redirect && !q.cypher) query_expand_tilde(&toks, ast.redirect);
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
        qrows_write_tables(&q, out, s->fmt, safe, s->term_cols);
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
    cg_cypher_free(q.cypher);
    free(cytok.text);
    return rc;
}
