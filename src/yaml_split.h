/* yaml_split.h - one big graph file parsed by several libyaml parsers at
 * once: a scan that cuts the file at top-level list entries, worker
 * threads that parse the parts, and the reader that hands their events
 * over in file order as one stream (doc/bench.md, "Parallel parsing: the split scan").
 *
 * The events the reader sees are the ones one parser over the whole file
 * gives, with the same lines and columns: the scan cuts only where that
 * holds, the workers check the framing of every part, and a part that
 * fails (a syntax error, a framing it did not expect) sends the reader
 * back to one parser over the file, which skips the events already handed
 * over and goes on from there, so every error is the one-parser error.
 *
 * Used by yaml_stream.c only: cg_yaml_stream_init_file starts a split
 * (cg_ysplit_start), and cg_yaml_stream_next_chunk asks it for the next
 * chunk of packed events.
 */
#ifndef CG_YAML_SPLIT_H
#define CG_YAML_SPLIT_H

#include <stddef.h>
#include <stdio.h>

struct cg_ychunk;
typedef struct cg_ysplit cg_ysplit;

#define CG_YSPLIT_MAX_THREADS 8      /* the default is capped here (cores beyond add little) */
#define CG_YSPLIT_MIN_FILE (4u << 20) /* a smaller file is parsed by one parser */

/* The number of parsers a load uses: CASEGRAPH_THREADS when set (a whole
 * number from 1 to 64), else the cores this process may run on
 * (sched_getaffinity), at most CG_YSPLIT_MAX_THREADS.  A bad
 * CASEGRAPH_THREADS gives the default, and a warning for the user in warn
 * (warn[0] is '\0' otherwise). */
int cg_ysplit_threads(char *warn, size_t warn_size);

/* The size from which a file is split: CASEGRAPH_SPLIT_MIN (bytes, for
 * the tests) or CG_YSPLIT_MIN_FILE. */
size_t cg_ysplit_min_file(void);

/* Scans the start of fp (size bytes) and, when it can be cut into two
 * parts or more, starts threads parsers over them and the scan of the rest
 * on a thread of its own.  Returns the split (the stream's until
 * cg_ysplit_free), or NULL: the file is not split (too small, a single
 * part, something the scan does not cut through in its first MiB, threads
 * could not be made) and one parser reads it.  fp stays the caller's; the workers read
 * it with pread. */
cg_ysplit *cg_ysplit_start(FILE *fp, size_t size, int threads);

/* The reader's next chunk of packed events into *out (valid until the
 * next call): 1, or 0 at the end of the parts that parsed cleanly, when
 * the reader must go on with one parser after skipping *skip events. */
int cg_ysplit_next(cg_ysplit *sp, struct cg_ychunk **out, size_t *skip, size_t *done_bytes);

/* Stops and joins the workers and frees everything. */
void cg_ysplit_free(cg_ysplit *sp);

#endif
