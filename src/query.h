/* query.h - a session over a graph and the query language (SPEC 4).
 *
 * cg_query_run runs one logical query line (continuations already joined by
 * the caller) and writes its result to `out` in the session's format.
 */
#ifndef CG_QUERY_H
#define CG_QUERY_H

#include <signal.h>
#include <stdio.h>
#include "graph.h"
#include "diag.h"

typedef struct cg_session cg_session;

enum {
    CG_Q_OK = 0,        /* success */
    CG_Q_FAILED = 1,    /* the query failed: err holds why */
    CG_Q_UNWRITABLE = 2,/* an output file could not be written: err holds why */
    CG_Q_QUIT = 3       /* quit / exit */
};

/* The session takes ownership of g; paths are copied. */
cg_session *cg_session_new(cg_graph *g, const char *const *paths, size_t npaths);
void cg_session_free(cg_session *s);
const cg_graph *cg_session_graph(const cg_session *s);
/* format: table, line, tsv, csv, json.  Returns 0, or -1 with err set. */
int cg_session_set_format(cg_session *s, const char *format, cg_error *err);
int cg_session_timer(const cg_session *s);     /* `set timer on` */
int cg_session_pager(const cg_session *s);     /* `set pager on` (the default) */
/* The output of the next queries goes to a terminal cols columns wide
 * (0: not a terminal): tables are fitted to it and text is escaped, even
 * when `out` is a buffer on its way to a pager. */
void cg_session_set_terminal(cg_session *s, int cols);
void cg_session_set_interactive(cg_session *s, int interactive);
void cg_session_set_quiet(cg_session *s, int quiet);
/* --safe: load, export and every redirection are refused. */
void cg_session_set_safe(cg_session *s, int safe);
/* match stops with "step limit" after this many steps (0: never; the fuzz
 * targets set one so that an exponential pattern cannot hang them). */
void cg_session_set_match_steps(cg_session *s, unsigned long long steps);
int cg_session_safe(const cg_session *s);
/* Where the session's messages go: note gets a message for the user
 * ("wrote FILE (N rows)", "no path", a load's diagnostics; one or more
 * whole lines), progress how far a long computation is (a percent 0-99, -1
 * at its end).  Either may be NULL (then nothing is said).  The query layer
 * never writes to standard error itself; the caller (shell.c) decides. */
typedef struct cg_session_io {
    void (*note)(const char *text, void *ctx);
    void (*progress)(const char *what, int percent, void *ctx);
    void *ctx;
} cg_session_io;
void cg_session_set_io(cg_session *s, const cg_session_io *io);

/* Run one query.  Returns a CG_Q_* code. */
int cg_query_run(cg_session *s, const char *text, FILE *out, cg_error *err);

/* Set by the SIGINT handler; long computations check it and stop with
 * "interrupted".  The caller clears it before each query. */
extern volatile sig_atomic_t cg_interrupted;

/* NULL-terminated word lists for completion. */
const char *const *cg_query_command_names(void);
const char *const *cg_query_clause_keywords(void);
/* The command table's entry for name (case-insensitive; parser.h has the
 * type), or NULL.  Its clauses and usage drive Tab completion. */
struct cg_command;
const struct cg_command *cg_query_command(const char *name);

#endif
