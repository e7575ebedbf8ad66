/* loader.h - graph files (SPEC 2) into a cg_graph.
 *
 * A streaming libyaml event reader: each entry of `nodes:`, `edges:` and
 * `sources:` is read into a small tree that is validated and discarded, so
 * memory grows with the graph, not with the file.
 */
#ifndef CG_LOADER_H
#define CG_LOADER_H

#include "graph.h"
#include "diag.h"
#include "schema.h"     /* the kind and type limits */
#include "ytree.h"      /* the YAML limits */

/* Progress callback: bytes read so far of total in the current file. */
typedef void (*cg_progress_fn)(const char *file, size_t done, size_t total, void *ctx);

/* What the caller of a load supplies; every field may be 0. */
typedef struct cg_load_opts {
    /* Called every 4 MiB read and at the end of each file.  A big file is
     * read on the loader's parse thread, so this may run there: it must
     * not touch the caller's state unguarded (writing to stderr is fine). */
    cg_progress_fn progress;
    /* Polled on the calling thread only, every 4096 YAML events and
     * between files and stages: non-zero cancels the load.  The parse
     * thread is stopped and joined, everything is freed, and cg_load_with
     * returns NULL without adding an error for it to diag (the caller
     * knows it asked; what was reported before the cancel stays). */
    int (*cancel)(void *ctx);
    void *ctx;            /* passed to both */
} cg_load_opts;

/* Load the files and directories in paths (a directory: its *.yaml / *.yml
 * files in name order) into a new graph.  Returns the graph, or NULL when
 * anything failed or the load was cancelled; diag holds every error and
 * warning either way.  opts may be NULL. */
cg_graph *cg_load_with(const char *const *paths, size_t npaths, cg_diag *diag, const cg_load_opts *opts);

/* cg_load_with with progress only (no cancel). */
cg_graph *cg_load(const char *const *paths, size_t npaths, cg_diag *diag,
                  cg_progress_fn progress, void *progress_ctx);

/* The bytes that a path "-" in cg_load stands for (a graph read from
 * standard input).  The caller keeps them for the rest of the process: a
 * `load` in the REPL reads every path again.  Without this call "-" is an
 * error. */
void cg_load_set_stdin(const unsigned char *data, size_t len);

/* Load a YAML document from memory (name is used in diagnostics). */
cg_graph *cg_load_buffer(const char *name, const unsigned char *data, size_t len, cg_diag *diag);

/* 1 if s is a valid node or source id (SPEC 2: [A-Za-z0-9_][A-Za-z0-9_.:-]*;
 * the length is the caller's to check against CG_MAX_ID_LEN). */
int cg_load_valid_id(const char *s);

/* Limits (SPEC 2, SECURITY.md) */
#define CG_MAX_ID_LEN 256
/* The others are where they are enforced, and come with this header:
 * CG_MAX_DEPTH, CG_MAX_SCALAR_LEN, CG_MAX_ALIAS_EXPANSION in ytree.h,
 * CG_MAX_KINDS, CG_MAX_TYPES in schema.h. */

#endif
