/* diff.h - `casegraph diff OLD NEW` (SPEC 12): what changed between two
 * versions of a case, as rows of change, what, id, field, old, new.
 *
 * Outside the query layer: main.c hands the subcommand over (diff_args,
 * diff_run); the comparison itself (diff_graphs) works on two loaded graphs
 * and prints nothing, so the fuzz target and the tests can call it.
 *
 * Row order (documented in the README and casegraph.1): by what (graph,
 * kind, type, source, node, edge), then by id (byte order; edges by from,
 * type, to, date with undated first, then #N), then by field (byte order).
 */
#ifndef CG_DIFF_H
#define CG_DIFF_H

#include "graph.h"
#include "loader.h"
#include "output.h"

/* change, what, id, field, old, new */
extern const char *const diff_cols[];
#define DIFF_NCOLS 6

/* Compares graph a (the old version) with b (the new one).  Initialises r
 * with diff_cols and fills it with one row per difference, in the order
 * above; the caller destroys r.  Cells borrow text from a and b, which must
 * outlive r.  notes (may be NULL) gets one line per possible rename (a node
 * removed and one added with the same kind and name), each ending in a
 * newline, control characters escaped (cg_escape_safe).  Returns the number of rows. */
size_t diff_graphs(const cg_graph *a, const cg_graph *b, cg_result *r, cg_buf *notes);

/* Checks the arguments after `diff` (nargs of them) before anything is
 * read; other_options: an option that diff does not take (-e, -f, -i,
 * --check, --keep-going) was given.  Prints the usage error and returns 2,
 * or returns 0. */
int diff_args(int nargs, char *const *args, int other_options);

/* The subcommand: loads old_path and new_path (each a file, a directory,
 * `-` for the bytes cg_load_set_stdin gave, or /dev/null for an empty
 * graph), prints the load errors of a graph that fails, then the rows in
 * format (a cg_outfmt name; NULL: table) on standard output and the
 * possible renames on standard error.  progress as for cg_load.  Returns
 * the exit status: 0 the same, 1 they differ, 2 the output could not be
 * written, 3 a graph failed to load. */
int diff_run(const char *old_path, const char *new_path, const char *format, cg_progress_fn progress,
             void *progress_ctx);

#endif
