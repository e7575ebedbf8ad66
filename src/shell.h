/* shell.h - running queries: -e one-liners, -f scripts, standard input as a
 * script, and the interactive REPL (one input loop serves them all). */
#ifndef CG_SHELL_H
#define CG_SHELL_H

#include <stddef.h>
#include "graph.h"

/* One -e QUERY or -f SCRIPT, in command-line order. */
typedef struct cg_shell_item {
    int script;           /* 1: -f (text is a file name, "-" standard input); 0: -e */
    const char *text;
} cg_shell_item;

typedef struct cg_shell_opts {
    const cg_shell_item *items; size_t nitems;   /* -e and -f, in command-line order */
    int interactive;      /* -i: the REPL follows the -e/-f runs */
    int keep_going;       /* --keep-going */
    int quiet;            /* -q */
    int safe;             /* --safe: no load, export or redirection */
    int progress;         /* show the progress of long work on standard error */
    const char *format;   /* -o FORMAT, NULL for table */
} cg_shell_opts;

/* Runs the session over graph g (loaded from paths; the session takes
 * ownership of g).  Chooses REPL / scripts / stdin per SPEC 3 and returns the
 * process exit status (0, 1 a query failed, 2 an unwritable output). */
int cg_shell_main(cg_graph *g, const char *const *paths, size_t npaths, const cg_shell_opts *o);

#endif
