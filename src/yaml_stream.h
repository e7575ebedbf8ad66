/* yaml_stream.h - libyaml's event stream over a file or a buffer, parsed
 * ahead on a second thread for a big file, and its syntax errors with
 * their location.
 *
 * The reader asks for events one by one (cg_yaml_stream_next) as from
 * yaml_parser_parse.  For a big file a parse thread fills a ring of chunks
 * while the caller builds its graph: on a two-core machine that hides most
 * of the building (doc/bench.md).  The path of one event is inline in this
 * header, so reading from the ring costs no call per event.
 *
 * The ring: the parse thread fills chunk w % CHUNKS while fewer than CHUNKS
 * are waiting, then publishes it (w++); the reader takes chunk r % CHUNKS
 * and hands it back (r++) when it moves on to the next one.  Counters and
 * flags are guarded by mu; a chunk's contents belong to whichever side its
 * index says.  A chunk holds events packed into one buffer (a
 * cg_ychunk_pev header, then the anchor, tag and value, each
 * NUL-terminated): the parse thread deletes each libyaml event as soon as
 * it is packed, so libyaml's mallocs and frees stay in one thread as in a
 * bare parse, and the reader reads one contiguous buffer instead of chasing
 * strings another core just wrote.  The texts of an event are valid until
 * the next cg_yaml_stream_next.
 *
 * A file of 4 MiB or more, with two threads or more, is instead cut into
 * parts that several parsers parse at once (yaml_split.h); the reader takes
 * their chunks in file order through the same inline path.
 */
#ifndef CG_YAML_STREAM_H
#define CG_YAML_STREAM_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>
#include "diag.h"
#include "yaml_chunk.h"

/* An event's 1-based line and column. */
#define CG_EV_LINE(ev) ((int)(ev)->start_mark.line + 1)
#define CG_EV_COL(ev) ((int)(ev)->start_mark.column + 1)

/* Progress: bytes read so far of total (the same type as cg_progress_fn). */
typedef void (*cg_yaml_stream_progress_fn)(const char *file, size_t done, size_t total, void *ctx);

/* The ring between the parse thread and the reader. */
typedef struct cg_yaml_stream_queue {
    int active;           /* a parse thread is running for this input */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    size_t w, r;          /* chunks published / handed back */
    int stop;             /* the reader wants no more events */
    int parser_waits;     /* the parse thread sleeps until half the ring is free */
    int loader_waits;     /* the reader sleeps until a chunk is published */
    cg_ychunk *chunks;   /* the ring */
    cg_ychunk *cur;      /* the chunk being read, or NULL */
    size_t pos;           /* the read offset in cur */
} cg_yaml_stream_queue;

/* One input being parsed.  Caller-owned: an init, then
 * cg_yaml_stream_destroy. */
typedef struct cg_yaml_stream {
    yaml_parser_t parser;
    cg_yaml_stream_queue q;
    FILE *fp;                                   /* input from a file, or */
    const unsigned char *buf; size_t buf_len;   /* from memory */
    const char *name;                           /* for messages and progress */
    size_t bytes_read, file_size, last_progress;
    cg_yaml_stream_progress_fn progress;
    void *progress_ctx;
    struct cg_ysplit *split;   /* the file parsed in parts (yaml_split.h), or NULL */
} cg_yaml_stream;

/* Whether a file of this size is worth a parse thread: from 1 MiB, or as
 * the environment variable CASEGRAPH_PARSE_THREAD says (1 always, 0
 * never), which the tests use to check both ways give the same answers. */
int cg_yaml_stream_wants_thread(size_t file_size);

/* Starts parsing fp (name: for messages and progress; size: its size in
 * bytes, for progress).  With threads of 2 or more and a file of
 * cg_ysplit_min_file() bytes or more (unless CASEGRAPH_PARSE_THREAD=0),
 * the file is cut into parts that threads parsers parse at once
 * (yaml_split.h); otherwise it is parsed on a parse thread when threaded
 * and one can be made.  progress (may be NULL) is called every 4 MiB read,
 * on the parse thread when there is one.  fp stays the caller's. */
void cg_yaml_stream_init_file(cg_yaml_stream *s, const char *name, FILE *fp, size_t size, int threaded, int threads,
                              cg_yaml_stream_progress_fn progress, void *progress_ctx);

/* Starts parsing data[0..len) (borrowed), on this thread. */
void cg_yaml_stream_init_buffer(cg_yaml_stream *s, const char *name, const unsigned char *data, size_t len);
/* Stops and joins the parse thread, frees the ring and the parser. */
void cg_yaml_stream_destroy(cg_yaml_stream *s);

/* The packed events not read yet, for a reader that looks ahead: the
 * chunk being read, with *pos where its next event starts, or NULL when
 * the events do not come in chunks (one parser on this thread) or the
 * chunk is used up.  The chunk stays valid until the next
 * cg_yaml_stream_next; cg_yaml_stream_skip_to then moves the read offset
 * past the events read there (never past the chunk's end). */
static inline const cg_ychunk *cg_yaml_stream_chunk(const cg_yaml_stream *s, size_t *pos)
{
    if (!s->q.active || !s->q.cur || s->q.pos >= s->q.cur->len) return NULL;
    *pos = s->q.pos;
    return s->q.cur;
}

static inline void cg_yaml_stream_skip_to(cg_yaml_stream *s, size_t pos)
{
    s->q.pos = pos;
}

/* The out-of-line part of cg_yaml_stream_next: the next chunk, the end of
 * the stream or an error. */
int cg_yaml_stream_next_chunk(cg_yaml_stream *s, yaml_event_t *ev);


/* The next event, as yaml_parser_parse gives it: 1 with *ev filled (a
 * YAML_NO_EVENT after the end of the stream), or 0 when parsing failed
 * (cg_yaml_stream_report says why).  Free *ev with
 * cg_yaml_stream_event_free before the next call. */
static inline int cg_yaml_stream_next(cg_yaml_stream *s, yaml_event_t *ev)
{
    if (!s->q.active) return yaml_parser_parse(&s->parser, ev);
    const cg_ychunk *c = s->q.cur;
    if (c && s->q.pos < c->len) {
        cg_ychunk_unpack(c, &s->q.pos, ev);
        return 1;
    }
    return cg_yaml_stream_next_chunk(s, ev);
}

/* Frees an event the reader is done with.  An event from the parse thread
 * lives in its chunk, which goes back whole. */
static inline void cg_yaml_stream_event_free(cg_yaml_stream *s, yaml_event_t *ev)
{
    if (!s->q.active) yaml_event_delete(ev);
    memset(ev, 0, sizeof *ev);
}

/* Reports why parsing failed (cg_yaml_stream_next gave 0) as an error in
 * diag, at the line and column of the problem in s->name. */
void cg_yaml_stream_report(cg_yaml_stream *s, cg_diag *diag);

#endif
