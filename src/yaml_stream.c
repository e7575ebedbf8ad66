/* yaml_stream.c - libyaml's event stream: the input (a file or a buffer),
 * the parse thread and its ring of packed events, and syntax errors with
 * their location (see yaml_stream.h). */
#include "yaml_stream.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include "util.h"
#include "yaml_split.h"

#define YSTREAM_BYTES CG_YCHUNK_BYTES
#define YSTREAM_CHUNKS 32   /* 8 MiB read ahead: enough to carry the parser through the nodes, which cost the builder more than they cost libyaml */
#define YSTREAM_MIN_FILE (1u << 20)   /* a smaller file is parsed faster than a thread starts */
enum { YSTREAM_MORE = CG_YCHUNK_MORE, YSTREAM_END = CG_YCHUNK_END, YSTREAM_ERROR = CG_YCHUNK_ERROR };

/* ---- input ---- */

static int ystream_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    cg_yaml_stream *s = data;
    size_t n = fread(buffer, 1, size, s->fp);
    if (n == 0 && ferror(s->fp)) return 0;
    *size_read = n;
    s->bytes_read += n;
    if (s->progress && s->bytes_read - s->last_progress >= (4u << 20)) {
        s->last_progress = s->bytes_read;
        s->progress(s->name, s->bytes_read, s->file_size, s->progress_ctx);
    }
    return 1;
}

/* ---- syntax errors ---- */

/* An error at (line, col) of the input; the message is cut at 1023 bytes,
 * as the loader's are. */
static void ystream_error(const cg_yaml_stream *s, cg_diag *diag, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void ystream_error(const cg_yaml_stream *s, cg_diag *diag, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cg_diag_vadd(diag, CG_ERROR, s->name, line, col, fmt, ap);
    va_end(ap);
}

/* Line and column (1-based) of byte offset off in the input file (1, 1 for
 * a buffer). */
static void ystream_offset_to_linecol(cg_yaml_stream *s, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    if (!s->fp) return;
    long keep = ftell(s->fp);
    if (fseek(s->fp, 0, SEEK_SET) != 0) return;
    int c;
    for (size_t i = 0; i < off && (c = getc(s->fp)) != EOF; i++) {
        if (c == '\n') { (*line)++; *col = 1; }
        else if ((c & 0xC0) != 0x80) (*col)++;
    }
    if (keep >= 0) fseek(s->fp, keep, SEEK_SET);
}

/* The byte at (line, col) of the input, 1-based; -1 if unknown. */
static int ystream_char_at(cg_yaml_stream *s, int line, int col)
{
    int l = 1, c = 1, ch = -1;
    if (s->fp) {
        long keep = ftell(s->fp);
        if (fseek(s->fp, 0, SEEK_SET) != 0) return -1;
        while ((ch = getc(s->fp)) != EOF) {
            if (l == line && c == col) break;
            if (ch == '\n') { l++; c = 1; } else if ((ch & 0xC0) != 0x80) c++;
            if (l > line) { ch = -1; break; }
        }
        if (keep >= 0) fseek(s->fp, keep, SEEK_SET);
        return ch == EOF ? -1 : ch;
    }
    for (size_t i = 0; i < s->buf_len; i++) {
        ch = s->buf[i];
        if (l == line && c == col) return ch;
        if (ch == '\n') { l++; c = 1; } else if ((ch & 0xC0) != 0x80) c++;
    }
    return -1;
}

/* See yaml_stream.h.  The parse thread has stopped when the reader sees
 * the error, so the file may be read here. */
void cg_yaml_stream_report(cg_yaml_stream *s, cg_diag *diag)
{
    yaml_parser_t *p = &s->parser;
    int line, col;
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->error == YAML_READER_ERROR) {
        ystream_offset_to_linecol(s, p->problem_offset, &line, &col);
        if (p->problem_value != -1)
            ystream_error(s, diag, line, col, "%s (byte 0x%02X); the file must be UTF-8 or UTF-16 with a byte order mark",
                          problem, (unsigned)p->problem_value & 0xFF);
        else
            ystream_error(s, diag, line, col, "%s; the file must be UTF-8 or UTF-16 with a byte order mark", problem);
    } else if (p->error == YAML_MEMORY_ERROR) {
        ystream_error(s, diag, 0, 0, "out of memory while parsing");
    } else {
        line = (int)p->problem_mark.line + 1;
        col = (int)p->problem_mark.column + 1;
        if (p->error == YAML_SCANNER_ERROR && ystream_char_at(s, line, col) == '\t')
            ystream_error(s, diag, line, col, "a tab here: YAML is indented with spaces, never tabs");
        else if (p->context)
            ystream_error(s, diag, line, col, "%s %s (YAML syntax)", problem, p->context);
        else
            ystream_error(s, diag, line, col, "%s (YAML syntax)", problem);
    }
}

/* ---- the ring ---- */

/* The parse thread: parses the input into the ring until the stream ends,
 * parsing fails or the reader says stop. */
static void *ystream_thread(void *arg)
{
    cg_yaml_stream *s = arg;
    cg_yaml_stream_queue *q = &s->q;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        /* a full ring: sleep until half of it is free, not just one chunk,
         * so the two threads do not wake each other once per chunk */
        if (q->w - q->r == YSTREAM_CHUNKS && !q->stop) {
            q->parser_waits = 1;
            while (q->parser_waits && !q->stop) pthread_cond_wait(&q->not_full, &q->mu);
        }
        int stop = q->stop;
        pthread_mutex_unlock(&q->mu);
        if (stop) break;
        /* filled through a local copy: the reader reads its chunk's
         * neighbours in the same cache lines */
        cg_ychunk *slot = &q->chunks[q->w % YSTREAM_CHUNKS];
        cg_ychunk c = *slot;
        if (c.cap > 4 * (size_t)YSTREAM_BYTES) {
            /* after a huge value: give the memory back */
            free(c.buf);
            c.buf = NULL;
            c.cap = 0;
        }
        c.len = 0;
        c.status = YSTREAM_MORE;
        while (c.len < YSTREAM_BYTES) {
            yaml_event_t ev;
            if (!yaml_parser_parse(&s->parser, &ev)) {
                c.status = YSTREAM_ERROR;
                break;
            }
            cg_ychunk_pack(&c, &ev);
            int end = ev.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&ev);
            if (end) {
                c.status = YSTREAM_END;
                break;
            }
        }
        *slot = c;
        pthread_mutex_lock(&q->mu);
        q->w++;
        if (q->loader_waits) {
            q->loader_waits = 0;
            pthread_cond_signal(&q->not_empty);
        }
        pthread_mutex_unlock(&q->mu);
        if (c.status != YSTREAM_MORE) break;
    }
    return NULL;
}

/* Starts the parse thread (the parser set up).  Returns 0, or -1 when no
 * thread could be made (then the reader parses itself). */
static int ystream_start(cg_yaml_stream *s)
{
    cg_yaml_stream_queue *q = &s->q;
    memset(q, 0, sizeof *q);
    q->chunks = calloc(YSTREAM_CHUNKS, sizeof *q->chunks);
    if (!q->chunks) return -1;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    /* the thread blocks every signal, so Ctrl-C and the like reach the
     * caller's thread, where the handler and the cancel poll are, and
     * never interrupt the thread's reads */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int made = pthread_create(&q->thread, NULL, ystream_thread, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (made != 0) {
        pthread_mutex_destroy(&q->mu);
        pthread_cond_destroy(&q->not_empty);
        pthread_cond_destroy(&q->not_full);
        free(q->chunks);
        q->chunks = NULL;
        return -1;
    }
    q->active = 1;
    return 0;
}

/* Stops and joins the parse thread and frees the chunks. */
static void ystream_stop(cg_yaml_stream *s)
{
    cg_yaml_stream_queue *q = &s->q;
    if (!q->active) return;
    pthread_mutex_lock(&q->mu);
    q->stop = 1;
    pthread_cond_broadcast(&q->not_full);
    pthread_mutex_unlock(&q->mu);
    pthread_join(q->thread, NULL);
    for (size_t k = 0; k < YSTREAM_CHUNKS; k++) free(q->chunks[k].buf);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    free(q->chunks);
    memset(q, 0, sizeof *q);
}

/* The next event of a file parsed in parts once the current chunk is used
 * up: from the next part, or, when a part did not parse cleanly, from one
 * parser over the whole file, past the events already handed over (so the
 * events and the error are that parser's). */
static int ystream_split_next(cg_yaml_stream *s, yaml_event_t *ev)
{
    cg_yaml_stream_queue *q = &s->q;
    for (;;) {
        cg_ychunk *c = q->cur;
        if (c && q->pos < c->len) {
            cg_ychunk_unpack(c, &q->pos, ev);
            return 1;
        }
        if (c && c->status == YSTREAM_END) {
            memset(ev, 0, sizeof *ev);
            return 1;
        }
        size_t skip = 0, done = 0;
        cg_ychunk *next;
        if (cg_ysplit_next(s->split, &next, &skip, &done)) {
            q->cur = next;
            q->pos = 0;
            if (s->progress && done - s->last_progress >= (4u << 20) && done < s->file_size) {
                s->last_progress = done;
                s->progress(s->name, done, s->file_size, s->progress_ctx);
            }
            continue;
        }
        /* one parser from the start of the file */
        cg_ysplit_free(s->split);
        s->split = NULL;
        memset(q, 0, sizeof *q);
        yaml_parser_delete(&s->parser);
        yaml_parser_initialize(&s->parser);
        clearerr(s->fp);
        if (fseek(s->fp, 0, SEEK_SET) != 0) {
            s->parser.error = YAML_READER_ERROR;
            s->parser.problem = "cannot read the file again";
            s->parser.problem_value = -1;
            return 0;
        }
        s->bytes_read = 0;
        s->last_progress = 0;
        yaml_parser_set_input(&s->parser, ystream_read, s);
        for (size_t i = 0; i < skip; i++) {
            if (!yaml_parser_parse(&s->parser, ev)) return 0;
            yaml_event_delete(ev);
        }
        return yaml_parser_parse(&s->parser, ev);
    }
}

/* See yaml_stream.h: the next event from the parse thread once the current
 * chunk is used up.  1 with *ev filled, 0 when parsing failed (the thread
 * has stopped), or 1 with a YAML_NO_EVENT after the end of the stream. */
int cg_yaml_stream_next_chunk(cg_yaml_stream *s, yaml_event_t *ev)
{
    cg_yaml_stream_queue *q = &s->q;
    if (s->split) return ystream_split_next(s, ev);
    for (;;) {
        cg_ychunk *c = q->cur;
        if (c && q->pos < c->len) {
            cg_ychunk_unpack(c, &q->pos, ev);
            return 1;
        }
        if (c) {
            if (c->status == YSTREAM_ERROR) return 0;
            if (c->status == YSTREAM_END) {
                memset(ev, 0, sizeof *ev);
                return 1;
            }
        }
        pthread_mutex_lock(&q->mu);
        if (c) {
            /* the last event of c was freed before this call */
            q->r++;
            if (q->parser_waits && q->w - q->r <= YSTREAM_CHUNKS / 2) {
                q->parser_waits = 0;
                pthread_cond_signal(&q->not_full);
            }
            q->cur = NULL;
        }
        while (q->w == q->r) {
            q->loader_waits = 1;
            pthread_cond_wait(&q->not_empty, &q->mu);
        }
        pthread_mutex_unlock(&q->mu);
        q->cur = &q->chunks[q->r % YSTREAM_CHUNKS];
        q->pos = 0;
    }
}

/* ---- set-up ---- */

/* See yaml_stream.h. */
int cg_yaml_stream_wants_thread(size_t file_size)
{
    const char *e = getenv("CASEGRAPH_PARSE_THREAD");
    if (e && strcmp(e, "1") == 0) return 1;
    if (e && strcmp(e, "0") == 0) return 0;
    return file_size >= YSTREAM_MIN_FILE;
}

void cg_yaml_stream_init_file(cg_yaml_stream *s, const char *name, FILE *fp, size_t size, int threaded, int threads,
                              cg_yaml_stream_progress_fn progress, void *progress_ctx)
{
    memset(s, 0, sizeof *s);
    yaml_parser_initialize(&s->parser);
    s->fp = fp;
    s->name = name;
    s->file_size = size;
    s->progress = progress;
    s->progress_ctx = progress_ctx;
    yaml_parser_set_input(&s->parser, ystream_read, s);
    const char *e = getenv("CASEGRAPH_PARSE_THREAD");
    if (threads >= 2 && size >= cg_ysplit_min_file() && !(e && strcmp(e, "0") == 0)) {
        s->split = cg_ysplit_start(fp, size, threads);
        if (s->split) {
            s->q.active = 1;     /* events come from chunks */
            return;
        }
    }
    if (threaded) ystream_start(s);
}

void cg_yaml_stream_init_buffer(cg_yaml_stream *s, const char *name, const unsigned char *data, size_t len)
{
    memset(s, 0, sizeof *s);
    yaml_parser_initialize(&s->parser);
    s->buf = data;
    s->buf_len = len;
    s->name = name;
    yaml_parser_set_input_string(&s->parser, data, len);
}

void cg_yaml_stream_destroy(cg_yaml_stream *s)
{
    if (s->split) {
        cg_ysplit_free(s->split);
        s->split = NULL;
        memset(&s->q, 0, sizeof s->q);
    }
    ystream_stop(s);
    yaml_parser_delete(&s->parser);
    s->fp = NULL;
}
