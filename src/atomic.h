/* atomic.h - the one temp-file-then-rename writer: a file is written whole
 * or not at all.
 *
 * The new content goes to a temporary file in the target's directory (so the
 * rename is atomic), which is flushed, fsync'd and closed, then renamed over
 * the target, and the directory synced.  On any failure, or a cancel, the
 * old file is untouched and the temporary file removed.  Exports, rendered
 * pictures and the REPL history all write through it.
 */
#ifndef CG_ATOMIC_H
#define CG_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>
#include "diag.h"
#include "writer.h"

/* One write in progress (cg_atomic_begin .. cg_atomic_commit or _abort). */
typedef struct cg_atomic {
    char *target;        /* the file replaced: path, a symbolic link followed */
    char *tmpname;       /* the temporary file beside it */
    const char *shown;   /* path as the user gave it, for messages */
    int fd;              /* the temporary file, or -1 */
    FILE *f;             /* a stream on fd (cg_atomic_file), or NULL */
} cg_atomic;

/* Starts writing path: checks it can be a regular file we replace, and
 * creates the temporary file with the mode the result will have (the
 * replaced file's, else new_mode, or 0666 less the umask when new_mode is
 * 0).  Returns 0, or -1 with err set (nothing to abort then). */
int cg_atomic_begin(cg_atomic *a, const char *path, mode_t new_mode, cg_error *err);
/* A stream on the temporary file, owned by a (NULL with err set when one
 * cannot be made). */
FILE *cg_atomic_file(cg_atomic *a, cg_error *err);
/* Puts the temporary file in place (flush, fsync, close, rename, sync the
 * directory); cancellation is asked once more first (o may be NULL).
 * Returns 0, or -1 with err set after aborting. */
int cg_atomic_commit(cg_atomic *a, const cg_write_opts *o, cg_error *err);
/* Gives up: the temporary file is closed and removed, the target untouched. */
void cg_atomic_abort(cg_atomic *a);

/* A writer callback: writes the content to f and returns 0, or -1 with err
 * set. */
typedef int (*cg_write_fn)(FILE *f, void *ctx, cg_error *err);
/* Writes path atomically through fn (begin, fn on the stream, commit), with
 * the default mode for a new file; o (may be NULL) can cancel it.  Returns
 * 0, or -1 with err set (the target untouched). */
int cg_atomic_write(const char *path, cg_write_fn fn, void *ctx, const cg_write_opts *o, cg_error *err);

/* A directory written whole (the .neo4j export): its files go to a
 * temporary directory beside the target (`.NAME.tmp-XXXXXX`), which then
 * takes the target's place in one rename (an old directory is swapped out
 * with renameat2's RENAME_EXCHANGE and removed).  An existing directory is
 * replaced only if it holds the marker file, which begin writes into every
 * directory it makes. */
typedef struct cg_atomic_dir {
    char *target;        /* the directory replaced: a symbolic link followed */
    char *tmpdir;        /* the temporary directory beside it */
    const char *shown;   /* path as the user gave it */
    const char *marker;  /* the file that says casegraph wrote it */
    int replace;         /* the target exists (and has the marker) */
} cg_atomic_dir;

/* Starts writing the directory path: it must not exist, or be a directory
 * holding the file `marker`; makes the temporary directory with the marker
 * in it.  Returns 0, or -1 with err set (nothing to abort then). */
int cg_atomic_dir_begin(cg_atomic_dir *d, const char *path, const char *marker, cg_error *err);
/* A new file `name` in the temporary directory (NULL with err set).  Close
 * it with cg_atomic_dir_close. */
FILE *cg_atomic_dir_open(cg_atomic_dir *d, const char *name, cg_error *err);
/* Flushes, fsyncs and closes f; 0, or -1 with err set. */
int cg_atomic_dir_close(cg_atomic_dir *d, FILE *f, cg_error *err);
/* Puts the directory in place (cancellation asked first; o may be NULL).
 * Returns 0, or -1 with err set after aborting. */
int cg_atomic_dir_commit(cg_atomic_dir *d, const cg_write_opts *o, cg_error *err);
/* Gives up: the temporary directory is removed, the target untouched. */
void cg_atomic_dir_abort(cg_atomic_dir *d);

#endif
