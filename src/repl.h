/* repl.h - GNU readline behind a few small wrappers: reading one line with
 * Ctrl-C handling, history kept across sessions, Tab completion.
 *
 * The input loop itself (continuations, running queries, errors) lives in
 * shell.c; this file only knows how to get a line from the terminal.
 */
#ifndef CG_REPL_H
#define CG_REPL_H

#include "query.h"

enum {
    CG_REPL_LINE = 0,   /* a line was read */
    CG_REPL_EOF = 1,    /* Ctrl-D on an empty line, or the input ended */
    CG_REPL_CANCEL = 2  /* Ctrl-C: the line being typed was discarded */
};

/* Set up readline for session s (completion reads its graph at each Tab),
 * install the SIGINT handler (which also sets cg_interrupted, so Ctrl-C
 * cancels a running query) and load the history file.  Call once. */
void cg_repl_init(cg_session *s);

/* Undo cg_repl_init: save the history, restore SIGINT's old disposition and
 * the terminal. */
void cg_repl_finish(void);

/* Show prompt and read one line (on Ctrl-D a newline ends the prompt line).  Returns a CG_REPL_* code; on CG_REPL_LINE
 * *line is a malloc'ed string without the newline that the caller frees. */
int cg_repl_read(const char *prompt, char **line);

/* The query so far when the line to be read continues it (its lines
 * joined, as the shell joins them after a trailing `\`), or NULL: Tab
 * completion inside a match query reads it as the start of the line
 * (a copy is kept). */
void cg_repl_set_pending(const char *text);

/* Add a logical query to the history (blank lines and a repeat of the
 * previous entry are not added) and save the history file. */
void cg_repl_history_add(const char *query);

/* The history file path ($XDG_STATE_HOME/casegraph/history, default
 * ~/.local/state/casegraph/history), malloc'ed, or NULL when neither
 * XDG_STATE_HOME (absolute) nor HOME is set. */
char *cg_repl_history_path(void);

#endif
