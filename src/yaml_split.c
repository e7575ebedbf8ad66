/* yaml_split.c - the split scan, the parse workers and the in-order
 * reader of a file parsed in parts (see yaml_split.h; the rules are in
 * doc/bench.md, "Parallel parsing: the split scan").
 *
 * The scan walks the file's lines once.  It cuts only at a line that
 * starts an entry ("- ") of a block list that is the value of a top-level
 * key, at the list's own column, never at the list's first entry, and at
 * the top-level key ("key:" at column 0) that follows such a list.  It
 * follows quoted scalars, flow collections, block scalars and comments so
 * as not to cut inside them; it gives up on anything it does not follow:
 * tabs in indentation, directives, explicit keys, a second document, a
 * top level that is not a block mapping of plain keys, carriage returns
 * and the other line breaks libyaml counts, and any byte libyaml's reader
 * would refuse (checked a MiB ahead of every part handed over, since that
 * reader fails ahead of its events).  Its first MiB is scanned before the
 * parsers start (giving up there: no split); the rest on a thread of its
 * own while the parts before it parse (giving up there: one parser reads
 * from the part the scan was in, as after a failing part).
 *
 * Why a wrong cut cannot change the events: a cut inside a quoted scalar
 * or a flow collection leaves the part before it unterminated, and libyaml
 * fails on it; a block scalar's lines and a plain scalar's continuation
 * lines are indented deeper than the list's column, so a line at that
 * column is never inside one.  A part that fails (or whose first and last
 * events are not the framing its kind expects) is not handed over: the
 * reader goes back to one parser at the start of that part.
 *
 * Part kinds: the FIRST part (the top of the file, rooted at the top
 * mapping), ITEM parts (entries of one list, parsed as a list of their
 * own) and KEY parts (from a top-level key on, parsed as a mapping of
 * their own).  The events that only the cut made (the stream, document
 * and root collection around a part, the ends at a part's end) are
 * dropped; a list that ends the file gets the top mapping's end the cut
 * took away.  Events at the end of a part that a cut at column C ends
 * carry column 0 where one parser puts C (the next entry's dash): they
 * are given C.
 */
#define _GNU_SOURCE
#include "yaml_split.h"
#include "yaml_chunk.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "util.h"

enum { PART_FIRST, PART_ITEM, PART_KEY };       /* what a part starts with */
enum { NEXT_ITEM, NEXT_KEY, NEXT_EOF };         /* what follows it */
enum { ST_TODO, ST_TAKEN, ST_DONE };

#define YSPLIT_PART_MAX (256u << 10)   /* bytes of YAML per part, at most */
#define YSPLIT_WINDOW_PER_THREAD 2   /* parts parsed ahead of the reader, per worker */

typedef struct ysplit_part {
    size_t off, len;      /* bytes of the file */
    size_t line;          /* 0-based line of off */
    size_t nlines;        /* '\n's in the part */
    int kind, next;
    int col;              /* ITEM: the list's column (the dashes) */
    int next_col;         /* next == NEXT_ITEM: the next part's column */
    /* the result */
    int state;
    int ok;               /* parsed, framing as expected */
    cg_ychunk out;
    size_t nev;           /* events in out */
} ysplit_part;

typedef struct yscan {
    const unsigned char *b;
    size_t n, p;          /* p: the current byte */
    size_t line;          /* 0-based line of p */
    size_t target;        /* bytes per part */
    ysplit_part *parts; size_t nparts, cap;   /* cap fixed: the workers hold parts */
    size_t released;      /* bytes below this were given back (madvise) */
    size_t checked;       /* bytes below this passed ysplit_bytes_plain */
    struct cg_ysplit *sp; /* told of each part once the next one is cut */
    /* the walk's state, so that it can stop and go on (yscan_run) */
    int seen_key, seen_doc;
    int run, run_col, run_cuts;   /* in a top-level list (its dashes at run_col) */
    int expect_run;               /* the last top-level key had no value on its line */
    size_t last_cut;
} yscan;

struct cg_ysplit {
    int fd;
    size_t size;
    ysplit_part *parts;
    size_t nparts;        /* parts the workers may take: each known whole */
    int scanned;          /* the scan has ended: nparts is final */
    yscan scan;           /* the scan, on its own thread once the parse began */
    void *map;            /* the file, mapped for the scan */
    pthread_t scanner;
    int have_scanner;
    pthread_t *threads;
    int nthreads;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    size_t next_todo;     /* the next part a worker takes */
    size_t r;             /* the part the reader is on */
    size_t delivered;     /* events of the parts handed over before r */
    size_t window;
    int stop;
    cg_ychunk *cur;
    char *free_bufs[16]; size_t free_caps[16]; size_t nfree;   /* chunk buffers to reuse */
};

/* ---- how many threads ---- */

int cg_ysplit_threads(char *warn, size_t warn_size)
{
    if (warn_size) warn[0] = '\0';
    int cores = 1;
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) cores = CPU_COUNT(&set);
#endif
    if (cores < 1) cores = 1;
    if (cores > CG_YSPLIT_MAX_THREADS) cores = CG_YSPLIT_MAX_THREADS;
    const char *e = getenv("CASEGRAPH_THREADS");
    if (!e) return cores;
    char *end;
    errno = 0;
    long v = strtol(e, &end, 10);
    if (*e && *end == '\0' && errno == 0 && v >= 1 && v <= 64) return (int)v;
    if (warn_size)
        snprintf(warn, warn_size, "CASEGRAPH_THREADS='%.40s' is not a whole number from 1 to 64; using %d (the cores available)",
                 e, cores);
    return cores;
}

/* The byte count the environment variable name gives (the tests' knobs),
 * or def when it is unset or not a whole number. */
static size_t ysplit_env_size(const char *name, size_t def)
{
    const char *e = getenv(name);
    if (e && *e) {
        char *end;
        unsigned long long v = strtoull(e, &end, 10);
        if (*end == '\0') return (size_t)v;
    }
    return def;
}

size_t cg_ysplit_min_file(void)
{
    return ysplit_env_size("CASEGRAPH_SPLIT_MIN", CG_YSPLIT_MIN_FILE);
}

/* ---- the bytes: what libyaml's reader accepts, without other breaks ---- */

/* 1 if every byte of b[0..n) is UTF-8 that libyaml reads without error,
 * with '\n' the only line break (no '\r', NEL, LS or PS). */
static int ysplit_bytes_plain(const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n) {
#if defined(__SSE2__)
        /* sixteen ASCII bytes at once, each printable, '\n' or '\t' (the
         * signed compare is exact: no byte has its high bit) */
        if (i + 16 <= n) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
            if (!_mm_movemask_epi8(x)) {
                __m128i ctl = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
                                                            _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))),
                                               _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
                if (_mm_movemask_epi8(_mm_or_si128(ctl, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))))) return 0;
                i += 16;
                continue;
            }
        }
#endif
        /* eight ASCII bytes at once, each printable, '\n' or '\t'.  With
         * every byte below 0x80, (x | high) - k*ones borrows within each
         * byte only, so each byte's high bit says that byte's answer. */
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, b + i, 8);
            const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
            if (!(w & high)) {
                uint64_t lt20 = ~((w | high) - ones * 0x20) & high;             /* bytes < 0x20 */
                uint64_t x7f = w ^ (ones * 0x7F), xnl = w ^ (ones * '\n'), xtab = w ^ (ones * '\t');
                uint64_t eq7f = ~((x7f | high) - ones) & high;                  /* bytes == 0x7F */
                uint64_t eqnl = ~((xnl | high) - ones) & high, eqtab = ~((xtab | high) - ones) & high;
                if (!((lt20 & ~eqnl & ~eqtab) | eq7f)) { i += 8; continue; }
            }
        }
        unsigned c = b[i];
        if (c < 0x80) {
            if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') { i++; continue; }
            return 0;
        }
        size_t k;
        uint32_t v;
        if ((c & 0xE0) == 0xC0) { k = 2; v = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { k = 3; v = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { k = 4; v = c & 0x07; }
        else return 0;
        if (i + k > n) return 0;
        for (size_t j = 1; j < k; j++) {
            if ((b[i + j] & 0xC0) != 0x80) return 0;
            v = (v << 6) | (b[i + j] & 0x3F);
        }
        if ((k == 2 && v < 0x80) || (k == 3 && v < 0x800) || (k == 4 && v < 0x10000)) return 0;
        if (v == 0x85 || v == 0x2028 || v == 0x2029) return 0;
        if (!((v >= 0xA0 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF)))
            return 0;
        i += k;
    }
    return 1;
}

/* ---- the scan ---- */


/* The scan reads the mapped file a window at a time: the bytes are checked
 * a window ahead of it, and the pages behind it are given back. */
#define YSCAN_WINDOW (2u << 20)
/* libyaml's reader decodes up to some 48 KiB ahead of the events it gives
 * (a 16 KiB raw buffer, three times that decoded): a byte it refuses fails
 * one parser before it gives the events just before it.  So no part is
 * told of until the bytes this far past its end are checked (a refused
 * byte there ends the split before that part: one parser reads on). */
#define YSCAN_READ_AHEAD (1u << 20)

/* Checks the bytes to at least YSCAN_READ_AHEAD past p (a window at a time,
 * never ending inside a character).  Returns 0, or -1: a byte libyaml's
 * reader refuses, or a line break the scan does not count, is there. */
static int yscan_check_ahead(yscan *s)
{
    while (s->checked < s->n && s->checked < s->p + YSCAN_READ_AHEAD) {
        size_t end = s->n - s->checked > YSCAN_WINDOW ? s->checked + YSCAN_WINDOW : s->n;
        while (end < s->n && (s->b[end] & 0xC0) == 0x80) end++;
        if (!ysplit_bytes_plain(s->b + s->checked, end - s->checked)) return -1;
        s->checked = end;
    }
    return 0;
}

static size_t yscan_eol(const yscan *s, size_t p)
{
    const unsigned char *q = memchr(s->b + p, '\n', s->n - p);
    return q ? (size_t)(q - s->b) : s->n;
}

/* Moves p past the '\n' at p (or to the end). */
static void yscan_newline(yscan *s)
{
    if (s->p < s->n) { s->p++; s->line++; }
    /* the scan never looks back: the pages behind it leave the resident set */
    if (s->p - s->released >= YSCAN_WINDOW) {
        size_t pg = (size_t)sysconf(_SC_PAGESIZE), to = (s->p - 4096) & ~(pg - 1);
        if (to > s->released) {
            madvise((void *)(s->b + s->released), to - s->released, MADV_DONTNEED);
            s->released = to;
        }
    }
}

static int yscan_blank(int c) { return c == ' ' || c == '\n' || c == '\t' || c < 0; }
static int yscan_at(const yscan *s, size_t p) { return p < s->n ? s->b[p] : -1; }

/* Skips a quoted scalar opened at p (quote q); returns 0 with p after the
 * closing quote, -1 if it does not close. */
static int yscan_quoted(yscan *s, int q)
{
    s->p++;
    while (s->p < s->n) {
        int c = s->b[s->p];
        if (c == '\n') { yscan_newline(s); continue; }
        if (q == '"' && c == '\\') {
            s->p++;
            if (s->p < s->n && s->b[s->p] == '\n') { yscan_newline(s); continue; }
            if (s->p < s->n) s->p++;
            continue;
        }
        if (c == q) {
            if (q == '\'' && yscan_at(s, s->p + 1) == '\'') { s->p += 2; continue; }
            s->p++;
            return 0;
        }
        s->p++;
    }
    return -1;
}

/* Skips a flow collection opened at p; 0 with p after its close, or -1. */
static int yscan_flow(yscan *s)
{
    int depth = 0, tok = 1;   /* tok: a token may start here */
    while (s->p < s->n) {
        int c = s->b[s->p];
        if (c == '\n') { yscan_newline(s); tok = 1; continue; }
        if (c == '#' && tok) { s->p = yscan_eol(s, s->p); continue; }
        if ((c == '"' || c == '\'') && tok) {
            if (yscan_quoted(s, c) < 0) return -1;
            tok = 0;
            continue;
        }
        if (c == '[' || c == '{') depth++;
        else if (c == ']' || c == '}') {
            if (--depth == 0) { s->p++; return 0; }
        }
        tok = c == '[' || c == '{' || c == ',' || c == ':' || c == ' ' || c == '\t' || c == ']' || c == '}';
        s->p++;
    }
    return -1;
}

/* After a block scalar's header on the current line (p at its '\n'),
 * skips its body: the lines indented deeper than owner, as libyaml finds
 * the content's indentation.  Returns 0, p at the start of the first line
 * that is not body. */
static int yscan_block_body(yscan *s, int owner)
{
    int content = -1;
    yscan_newline(s);
    while (s->p < s->n) {
        size_t q = s->p;
        int sp = 0;
        while (q < s->n && s->b[q] == ' ') { q++; sp++; }
        if (q >= s->n || s->b[q] == '\n') { s->p = q; yscan_newline(s); continue; }   /* blank */
        if (content < 0) {
            if (sp <= owner) return 0;
            content = sp;
        }
        if (sp < content) return 0;
        s->p = yscan_eol(s, q);
        yscan_newline(s);
    }
    return 0;
}

/* The bytes that can end a plain scalar in block context. */
static const unsigned char yscan_stops[256] = { ['\n'] = 1, [':'] = 1, ['#'] = 1 };

/* The first of those bytes in b[p..n), or n. */
static size_t yscan_stop(const unsigned char *b, size_t p, size_t n)
{
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n'), colon = _mm_set1_epi8(':'), hash = _mm_set1_epi8('#');
    while (p + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + p));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, nl), _mm_cmpeq_epi8(x, colon)), _mm_cmpeq_epi8(x, hash)));
        if (m) return p + (size_t)__builtin_ctz(m);
        p += 16;
    }
#endif
    while (p < n && !yscan_stops[b[p]]) p++;
    return p;
}

/* Tokens of a line in block context from p to its end (and whatever lines
 * a quoted scalar, a flow collection or a block scalar takes).  owner: the
 * column of the key or dash that owns what starts at p (a block scalar's
 * body is indented deeper).  Returns 0 with p at the start of the
 * next line, or -1: give up. */
static int yscan_tokens(yscan *s, size_t line_start, int owner)
{
#if defined(__SSE2__)
    /* Most lines of a big file hold plain scalars, dashes and colons only:
     * nothing below follows them past the line's end, and nothing makes it
     * give up.  Such a line is found at once: its first byte that is '\n'
     * or may start anything else (a superset of those bytes: ! to , > to @
     * [ ] ` { to } and the tab) is its '\n'.  Any other line, or the last
     * 16 bytes of the file, goes the byte-by-byte way. */
    for (size_t p = s->p; p + 16 <= s->n; p += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s->b + p));
#define YSCAN_IN(x, lo, hi) \
        _mm_cmpeq_epi8(_mm_min_epu8(_mm_sub_epi8(x, _mm_set1_epi8(lo)), _mm_set1_epi8((hi) - (lo))), \
                       _mm_sub_epi8(x, _mm_set1_epi8(lo)))
        __m128i hit = _mm_or_si128(_mm_or_si128(YSCAN_IN(x, 0x21, 0x2C), YSCAN_IN(x, 0x3E, 0x40)),
                                   _mm_or_si128(YSCAN_IN(x, 0x7B, 0x7D), YSCAN_IN(x, 0x09, 0x0A)));
#undef YSCAN_IN
        hit = _mm_or_si128(hit, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('[')),
                                                          _mm_cmpeq_epi8(x, _mm_set1_epi8(']'))),
                                             _mm_cmpeq_epi8(x, _mm_set1_epi8('`'))));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (!m) continue;
        p += (size_t)__builtin_ctz(m);
        if (s->b[p] != '\n') break;
        s->p = p;
        yscan_newline(s);
        return 0;
    }
#endif
    for (;;) {
        while (s->p < s->n && s->b[s->p] == ' ') s->p++;
        int c = yscan_at(s, s->p);
        if (c < 0) return 0;
        if (c == '\n') { yscan_newline(s); return 0; }
        if (c == '#') { s->p = yscan_eol(s, s->p); continue; }
        if (c == '\t') return -1;
        int next = yscan_at(s, s->p + 1);
        if (c == '-' && yscan_blank(next)) { owner = (int)(s->p - line_start); s->p++; continue; }
        if (c == ':' && yscan_blank(next)) { s->p++; continue; }
        if (c == '?' || c == '%' || c == '@' || c == '`' || c == ',' || c == ']' || c == '}') return -1;
        if (c == '&' || c == '!' || c == '*') {
            while (s->p < s->n && !yscan_blank(s->b[s->p])) s->p++;
            continue;
        }
        if (c == '"' || c == '\'') {
            size_t tok_col = s->p - line_start, l0 = s->line;
            if (yscan_quoted(s, c) < 0) return -1;
            if (s->line == l0) {
                /* a quoted key ("k": v) owns what follows on its line */
                if (yscan_at(s, s->p) == ':' && yscan_blank(yscan_at(s, s->p + 1))) owner = (int)tok_col;
            } else {
                size_t q = s->p;          /* columns from this line's start */
                while (q > 0 && s->b[q - 1] != '\n') q--;
                line_start = q;
            }
            continue;
        }
        if (c == '[' || c == '{') {
            size_t l0 = s->line;
            if (yscan_flow(s) < 0) return -1;
            if (s->line != l0) {
                size_t q = s->p;
                while (q > 0 && s->b[q - 1] != '\n') q--;
                line_start = q;
            }
            continue;
        }
        if (c == '|' || c == '>') {
            s->p++;
            while (s->p < s->n && (s->b[s->p] == '+' || s->b[s->p] == '-')) s->p++;
            if (s->p < s->n && s->b[s->p] >= '0' && s->b[s->p] <= '9') return -1;   /* an explicit indentation */
            while (s->p < s->n && s->b[s->p] == ' ') s->p++;
            if (s->p < s->n && s->b[s->p] == '#') s->p = yscan_eol(s, s->p);
            if (s->p < s->n && s->b[s->p] != '\n') return -1;
            if (s->p >= s->n) return 0;
            return yscan_block_body(s, owner);
        }
        /* a plain scalar: to the end of the line, a ": " (then it was a
         * key) or a " #" */
        size_t tok_col = s->p - line_start;
        for (;;) {
            /* only ':', '#' and the line's end matter in a plain scalar */
            const unsigned char *b = s->b;
            size_t p = yscan_stop(b, s->p, s->n);
            s->p = p;
            int d = yscan_at(s, p);
            if (d < 0 || d == '\n') break;
            if (d == ':' && yscan_blank(yscan_at(s, p + 1))) { owner = (int)tok_col; break; }
            if (d == '#' && (b[p - 1] == ' ' || b[p - 1] == '\t')) break;
            s->p++;
        }
    }
}

static void ysplit_publish(yscan *s, size_t k);

/* Adds a cut at the current line start (none once the parts' array is
 * full: a part may then be longer).  The part before it is now known
 * whole: it goes to the workers. */
static void yscan_cut(yscan *s, int kind, int col)
{
    if (s->nparts == s->cap) return;
    ysplit_part *pt = &s->parts[s->nparts++];
    memset(pt, 0, sizeof *pt);
    pt->off = s->p;
    pt->line = s->line;
    pt->kind = kind;
    pt->col = col;
    if (s->nparts > 1) ysplit_publish(s, s->nparts - 1);
}

/* Part k - 1 ends where part k (or, k == nparts after the scan, the file)
 * begins: its length, lines and what follows it. */
static void yscan_close_part(yscan *s, size_t k)
{
    ysplit_part *pt = &s->parts[k - 1];
    int last = k >= s->nparts;
    size_t end = last ? s->n : s->parts[k].off;
    pt->len = end - pt->off;
    pt->nlines = (last ? s->line : s->parts[k].line) - pt->line;
    if (!last) {
        pt->next = s->parts[k].kind == PART_ITEM ? NEXT_ITEM : NEXT_KEY;
        pt->next_col = s->parts[k].col;
    } else {
        pt->next = NEXT_EOF;
    }
}

/* "key:" at p (column 0), a plain key of letters, digits, '_' and '-',
 * then a blank: the length to the colon, or 0. */
static size_t yscan_top_key(const yscan *s, size_t p)
{
    size_t q = p;
    int c = yscan_at(s, q);
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return 0;
    while ((c = yscan_at(s, q)) >= 0 &&
           ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
        q++;
    if (yscan_at(s, q) != ':' || !yscan_blank(yscan_at(s, q + 1)) || yscan_at(s, q + 1) == '\t') return 0;
    return q - p;
}

/* The scan: fills s->parts (the first, cut by the caller, is the top of the
 * file), from s->p on, until the end or the first line start at or past
 * byte pause_at.  Returns 1 (paused there), 0 (the end:
 * every part but the last told to the split), or -1: nothing after the
 * last cut can be cut. */
static int yscan_run(yscan *s, size_t pause_at)
{
    while (s->p < s->n) {
        if (s->p >= pause_at) return 1;
        if (s->checked < s->n && s->p + YSCAN_READ_AHEAD > s->checked && yscan_check_ahead(s) < 0) return -1;
        size_t ls = s->p, q = ls;
        while (q < s->n && s->b[q] == ' ') q++;
        int c = yscan_at(s, q);
        if (c < 0) break;
        if (c == '\n') { s->p = q; yscan_newline(s); continue; }
        if (c == '#') { s->p = yscan_eol(s, q); yscan_newline(s); continue; }
        if (c == '\t') return -1;
        int col = (int)(q - ls);
        int dash = c == '-' && (yscan_at(s, q + 1) == ' ' || yscan_at(s, q + 1) == '\n' || yscan_at(s, q + 1) < 0);
        if (s->expect_run) {
            s->expect_run = 0;
            if (dash) { s->run = 1; s->run_col = col; s->run_cuts = 0; }
        } else if (s->run && dash && col == s->run_col) {
            if (ls - s->last_cut >= s->target) {
                yscan_cut(s, PART_ITEM, col);
                s->last_cut = ls;
                s->run_cuts++;
            }
        } else if (s->run && col <= s->run_col) {
            s->run = 0;
            if (col > 0) return -1;
        }
        if (col == 0 && !(s->run && dash)) {
            if (!s->seen_key && !s->seen_doc && c == '-' && yscan_at(s, q + 1) == '-' && yscan_at(s, q + 2) == '-' &&
                (yscan_at(s, q + 3) == '\n' || yscan_at(s, q + 3) < 0)) {
                s->seen_doc = 1;
                s->p = yscan_eol(s, q);
                yscan_newline(s);
                continue;
            }
            size_t klen = yscan_top_key(s, q);
            if (!klen) return -1;
            s->seen_key = 1;
            if (s->run_cuts) {
                yscan_cut(s, PART_KEY, 0);
                s->last_cut = ls;
                s->run_cuts = 0;
            }
            s->p = q + klen + 1;
            while (s->p < s->n && s->b[s->p] == ' ') s->p++;
            int d = yscan_at(s, s->p);
            if (d == '#' || d == '\n' || d < 0) {
                s->expect_run = 1;
                s->p = yscan_eol(s, s->p);
                yscan_newline(s);
                continue;
            }
            if (yscan_tokens(s, ls, 0) < 0) return -1;
            continue;
        }
        if (!s->seen_key) return -1;
        s->p = q;
        if (yscan_tokens(s, ls, col) < 0) return -1;
    }
    /* the last part must end with a line break: its end is a line start */
    if (s->nparts > 1 && s->n && s->b[s->n - 1] != '\n') return -1;
    return 0;
}

/* ---- the workers ---- */

/* One event at the end of a part, for checking the part's last events:
 * read back from the pack (a part's parser keeps only where its last four
 * events start). */
typedef struct ytail {
    size_t off;           /* where it is packed */
    int type;
    size_t line, col;     /* as packed (saturated: a mismatch, so no split) */
    int implicit;         /* a document end's */
} ytail;

static ytail ysplit_tail(const cg_ychunk *c, size_t off)
{
    cg_ychunk_pev h;
    memcpy(&h, c->buf + off, sizeof h);
    ytail t = { off, h.type, h.line, h.col, h.type == YAML_DOCUMENT_END_EVENT && (h.flags & CG_YAML_PEV_IMPLICIT) };
    return t;
}

/* Parses part pt from data[0..len) into pt->out; sets pt->ok. */
static void ysplit_parse(cg_ysplit *sp, ysplit_part *pt, const unsigned char *data, size_t len)
{
    yaml_parser_t P;
    yaml_parser_initialize(&P);
    yaml_parser_set_input_string(&P, data, len);
    /* the part's fields are read and written in this frame, and stored
     * once at the end: the parts share cache lines (a neighbouring part's
     * worker, the scan writing the next parts), and a write per event
     * there would bounce the line between the cores */
    const struct { int kind, next, col, next_col; size_t line, nlines; } part = {
        pt->kind, pt->next, pt->col, pt->next_col, pt->line, pt->nlines
    };
    cg_ychunk out_chunk = pt->out, *c = &out_chunk;
    c->len = 0;
    size_t nev = 0;
    int ok = 0;
    /* an ITEM or KEY part's first three events (the stream, the document,
     * the root) are checked and dropped; the FIRST part keeps its own */
    int lead = part.kind == PART_FIRST ? 3 : 0;
    int depth = part.kind == PART_FIRST ? 0 : 1;
    int docs = 0;
    size_t toff[4];       /* where the last four events start, a ring: event k at toff[k & 3] */
    size_t ntail = 0;     /* events seen (past the lead) */
    size_t nevents = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&P, &ev)) goto out;
        if ((++nevents & 4095) == 0) {
            pthread_mutex_lock(&sp->mu);
            int stop = sp->stop;
            pthread_mutex_unlock(&sp->mu);
            if (stop) { yaml_event_delete(&ev); goto out; }
        }
        /* this part's lines into the file's; the events a cut at column
         * C ends carry C, as one parser puts them on the next dash */
        if (part.next == NEXT_ITEM && ev.start_mark.line == part.nlines && ev.start_mark.column == 0)
            ev.start_mark.column = (size_t)part.next_col;
        ev.start_mark.line += part.line;
        int bad = 0;
        if (lead < 3) {
            switch (lead) {
            case 0: bad = ev.type != YAML_STREAM_START_EVENT; break;
            case 1:
                bad = ev.type != YAML_DOCUMENT_START_EVENT || !ev.data.document_start.implicit ||
                      ev.data.document_start.version_directive ||
                      ev.data.document_start.tag_directives.start != ev.data.document_start.tag_directives.end;
                break;
            default:
                if (part.kind == PART_ITEM)
                    bad = ev.type != YAML_SEQUENCE_START_EVENT || ev.data.sequence_start.anchor || ev.data.sequence_start.tag ||
                          ev.data.sequence_start.style != YAML_BLOCK_SEQUENCE_STYLE || ev.start_mark.column != (size_t)part.col ||
                          ev.start_mark.line != part.line;
                else
                    bad = ev.type != YAML_MAPPING_START_EVENT || ev.data.mapping_start.anchor || ev.data.mapping_start.tag ||
                          ev.data.mapping_start.style != YAML_BLOCK_MAPPING_STYLE || ev.start_mark.column != 0 ||
                          ev.start_mark.line != part.line;
                break;
            }
            lead++;
            yaml_event_delete(&ev);
            if (bad) goto out;
            continue;
        }
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) depth++;
        else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) depth--;
        else if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > (part.kind == PART_FIRST) && part.next != NEXT_EOF) bad = 1;
        if (bad) { yaml_event_delete(&ev); goto out; }
        toff[ntail++ & 3] = c->len;
        cg_ychunk_pack(c, &ev);
        nev++;
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (end) break;
    }
    /* the part's last events: what the cut made is dropped */
    size_t eof_line = part.line + part.nlines, eof_col = part.next == NEXT_ITEM ? (size_t)part.next_col : 0;
    if (part.next == NEXT_EOF && part.kind != PART_ITEM) {
        ok = 1;       /* the file's own end */
        goto out;
    }
    if (part.kind == PART_ITEM) {
        /* ... the list's end, the document's end, the stream's end (so the
         * depth after the list's end is the depth at the end) */
        if (ntail < 3) goto out;
        /* read before anything is packed over them */
        ytail se = ysplit_tail(c, toff[(ntail - 3) & 3]), de = ysplit_tail(c, toff[(ntail - 2) & 3]),
              st = ysplit_tail(c, toff[(ntail - 1) & 3]);
        if (se.type != YAML_SEQUENCE_END_EVENT || depth != 0 || se.line != eof_line || se.col != eof_col ||
            de.type != YAML_DOCUMENT_END_EVENT || !de.implicit)
            goto out;
        if (part.next == NEXT_ITEM) {
            c->len = se.off;
            nev -= 3;
        } else if (part.next == NEXT_KEY) {
            c->len = de.off;
            nev -= 2;
        } else {
            /* the list ended the file: the top mapping ends there too (the
             * new events take the places of the document's and the
             * stream's ends) */
            c->len = de.off;
            nev -= 2;
            yaml_event_t ev;
            memset(&ev, 0, sizeof ev);
            ev.start_mark.line = se.line;
            ev.start_mark.column = se.col;
            ev.type = YAML_MAPPING_END_EVENT;
            cg_ychunk_pack(c, &ev);
            ev.type = YAML_DOCUMENT_END_EVENT;
            ev.start_mark.line = de.line;
            ev.start_mark.column = de.col;
            cg_ychunk_pack(c, &ev);
            ev.start_mark.line = st.line;
            ev.start_mark.column = st.col;
            ev.type = YAML_STREAM_END_EVENT;
            cg_ychunk_pack(c, &ev);
            nev += 3;
        }
        ok = 1;
        goto out;
    }
    /* FIRST or KEY part before a cut in a list: the list's end, the top
     * mapping's end, the document's end, the stream's end (so the depth is
     * 1 after the list's end and 0 after the mapping's when it is 0 at the
     * end) */
    if (part.next != NEXT_ITEM || ntail < 4) goto out;
    ytail se = ysplit_tail(c, toff[(ntail - 4) & 3]), me = ysplit_tail(c, toff[(ntail - 3) & 3]),
          de = ysplit_tail(c, toff[(ntail - 2) & 3]);
    if (se.type != YAML_SEQUENCE_END_EVENT || depth != 0 || se.line != eof_line || se.col != eof_col ||
        me.type != YAML_MAPPING_END_EVENT || me.line != eof_line || me.col != eof_col ||
        de.type != YAML_DOCUMENT_END_EVENT || !de.implicit)
        goto out;
    c->len = se.off;
    nev -= 4;
    ok = 1;
out:
    yaml_parser_delete(&P);
    pt->out = out_chunk;
    pt->nev = nev;
    pt->ok = ok;
}

static void *ysplit_worker(void *arg)
{
    cg_ysplit *sp = arg;
    unsigned char *buf = NULL;
    size_t cap = 0;
    for (;;) {
        pthread_mutex_lock(&sp->mu);
        /* a part the scan has told of, within the window ahead of the reader */
        while (!sp->stop && (sp->next_todo >= sp->nparts ? !sp->scanned : sp->next_todo >= sp->r + sp->window))
            pthread_cond_wait(&sp->work, &sp->mu);
        if (sp->stop || sp->next_todo >= sp->nparts) {
            pthread_mutex_unlock(&sp->mu);
            break;
        }
        ysplit_part *pt = &sp->parts[sp->next_todo++];
        if (pt->state == ST_DONE) {          /* the scan gave up in it: one parser reads it */
            pthread_mutex_unlock(&sp->mu);
            continue;
        }
        pt->state = ST_TAKEN;
        /* a chunk buffer handed back by the reader */
        if (!pt->out.buf && sp->nfree) {
            sp->nfree--;
            pt->out.buf = sp->free_bufs[sp->nfree];
            pt->out.cap = sp->free_caps[sp->nfree];
        }
        pthread_mutex_unlock(&sp->mu);
        if (pt->len > cap) {
            cap = pt->len;
            free(buf);
            buf = cg_xmalloc(cap ? cap : 1);
        }
        size_t got = 0;
        while (got < pt->len) {
            ssize_t k = pread(sp->fd, buf + got, pt->len - got, (off_t)(pt->off + got));
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) break;
            got += (size_t)k;
        }
        if (got == pt->len) ysplit_parse(sp, pt, buf, pt->len);
        else pt->ok = 0;
        pthread_mutex_lock(&sp->mu);
        pt->state = ST_DONE;
        pthread_cond_broadcast(&sp->done);
        pthread_mutex_unlock(&sp->mu);
    }
    free(buf);
    return NULL;
}

/* ---- set-up and the reader ---- */

/* The tests' window on the split (CASEGRAPH_SPLIT_TRACE=1): one line on
 * standard error per file split, and per fall-back to one parser, so that
 * they can assert which path a file took.  The one print below query.c,
 * and only when asked for. */
static void ysplit_trace(const char *fmt, size_t a, size_t b)
{
    const char *e = getenv("CASEGRAPH_SPLIT_TRACE");
    if (e && strcmp(e, "1") == 0) {
        fprintf(stderr, fmt, a, b);
        fputc('\n', stderr);
    }
}

/* Tells the workers of parts [0, k): each is known whole once part k is
 * cut (the scan's thread, or the caller before the workers start). */
static void ysplit_publish(yscan *s, size_t k)
{
    cg_ysplit *sp = s->sp;
    yscan_close_part(s, k);
    pthread_mutex_lock(&sp->mu);
    sp->nparts = k;
    pthread_cond_broadcast(&sp->work);
    pthread_cond_broadcast(&sp->done);
    pthread_mutex_unlock(&sp->mu);
}

/* The end of the scan (rc as yscan_run's: 0 the end, -1 it gave up): the
 * last part is told of, ending the file; when the scan gave up after the
 * last cut, that part is not parsed (one parser reads from its start). */
static void ysplit_scan_end(cg_ysplit *sp, int rc)
{
    yscan *s = &sp->scan;
    yscan_close_part(s, s->nparts);
    pthread_mutex_lock(&sp->mu);
    if (rc != 0) {
        ysplit_part *pt = &s->parts[s->nparts - 1];
        pt->state = ST_DONE;
        pt->ok = 0;
    }
    sp->nparts = s->nparts;
    sp->scanned = 1;
    pthread_cond_broadcast(&sp->work);
    pthread_cond_broadcast(&sp->done);
    pthread_mutex_unlock(&sp->mu);
}

/* The bytes scanned before the parsers start: CASEGRAPH_SPLIT_FIRST (for
 * the tests: 0 leaves all but the first cut to the scan's thread) or this. */
#define YSPLIT_SCAN_FIRST (1u << 20)

#define YSPLIT_SCAN_SLICE (4u << 20)   /* the scan's thread asks whether to stop this often */

/* Gives the scan's mapping of the file back, once the scan is over. */
static void ysplit_unmap(cg_ysplit *sp)
{
    if (sp->map) munmap(sp->map, sp->size);
    sp->map = NULL;
}

/* The rest of the scan, on its own thread while the parts before it parse. */
static void *ysplit_scanner(void *arg)
{
    cg_ysplit *sp = arg;
    yscan *s = &sp->scan;
    int rc;
    for (;;) {
        rc = yscan_run(s, s->p + YSPLIT_SCAN_SLICE);   /* no wrap: p < size <= SSIZE_MAX */
        if (rc != 1) break;
        pthread_mutex_lock(&sp->mu);
        int stop = sp->stop;
        pthread_mutex_unlock(&sp->mu);
        if (stop) { rc = -1; break; }
    }
    ysplit_scan_end(sp, rc);
    ysplit_trace("split: %zu parts, %zu parsers", sp->nparts, (size_t)sp->nthreads);
    ysplit_unmap(sp);
    return NULL;
}

cg_ysplit *cg_ysplit_start(FILE *fp, size_t size, int threads)
{
    if (threads < 2 || size == 0 || size > (size_t)SSIZE_MAX) return NULL;
    int fd = fileno(fp);
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) return NULL;
    madvise(map, size, MADV_SEQUENTIAL);
    cg_ysplit *sp = cg_xcalloc(1, sizeof *sp);
    sp->fd = fd;
    sp->size = size;
    sp->map = map;
    pthread_mutex_init(&sp->mu, NULL);
    pthread_cond_init(&sp->work, NULL);
    pthread_cond_init(&sp->done, NULL);
    yscan *s = &sp->scan;
    s->b = map;
    s->n = size;
    s->sp = sp;
    s->run_col = -1;
    s->target = size / ((size_t)threads * 4) + 1;
    if (s->target > YSPLIT_PART_MAX) s->target = YSPLIT_PART_MAX;
    /* every cut is at least target bytes past an item cut, and a key cut
     * follows an item cut: this many parts at most, so the array never
     * moves under the workers */
    s->cap = 2 * (size / s->target + 1) + 1;
    s->parts = sp->parts = cg_xcalloc(s->cap, sizeof *s->parts);
    /* the file's start is checked and scanned before any parser starts,
     * so that a file the scan cannot cut is read as it always was */
    size_t first = ysplit_env_size("CASEGRAPH_SPLIT_FIRST", YSPLIT_SCAN_FIRST);
    if (first > size) first = size;
    int rc = yscan_check_ahead(s);
    if (rc == 0) {
        yscan_cut(s, PART_FIRST, 0);
        /* at least to the first cut: the parsers need two parts to start */
        do rc = yscan_run(s, s->p >= first ? s->p + 1 : first);
        while (rc == 1 && s->nparts < 2);
    }
    if (rc < 0 || s->nparts < 2) {
        ysplit_trace("split: not cut (at byte %zu of %zu)", s->p, size);
        cg_ysplit_free(sp);
        return NULL;
    }
    int whole = rc == 0;               /* scanned to the end already */
    if (whole) ysplit_scan_end(sp, 0);
    sp->window = (size_t)threads * YSPLIT_WINDOW_PER_THREAD;
    sp->threads = cg_xcalloc((size_t)threads, sizeof *sp->threads);
    /* the workers (and the scan's thread) block every signal: Ctrl-C
     * reaches the loader's thread */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&sp->threads[i], NULL, ysplit_worker, sp) != 0) break;
        sp->nthreads++;
    }
    if (sp->nthreads && !whole) {
        sp->have_scanner = pthread_create(&sp->scanner, NULL, ysplit_scanner, sp) == 0;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (sp->nthreads == 0 || (!whole && !sp->have_scanner)) {
        cg_ysplit_free(sp);
        return NULL;
    }
    if (whole) {
        ysplit_unmap(sp);
        ysplit_trace("split: %zu parts, %zu parsers", sp->nparts, (size_t)sp->nthreads);
    }
    return sp;
}

/* Hands the reader's current part back (its buffer kept for reuse). */
static void ysplit_release(cg_ysplit *sp)
{
    ysplit_part *pt = &sp->parts[sp->r];
    sp->delivered += pt->nev;
    if (pt->out.buf && sp->nfree < 16 && pt->out.cap <= 4 * YSPLIT_PART_MAX) {
        sp->free_bufs[sp->nfree] = pt->out.buf;
        sp->free_caps[sp->nfree] = pt->out.cap;
        sp->nfree++;
    } else {
        free(pt->out.buf);
    }
    memset(&pt->out, 0, sizeof pt->out);
    sp->r++;
    sp->cur = NULL;
    pthread_cond_broadcast(&sp->work);
}

int cg_ysplit_next(cg_ysplit *sp, cg_ychunk **out, size_t *skip, size_t *done_bytes)
{
    pthread_mutex_lock(&sp->mu);
    if (sp->cur) ysplit_release(sp);
    while (sp->r >= sp->nparts && !sp->scanned) pthread_cond_wait(&sp->done, &sp->mu);
    if (sp->r >= sp->nparts) {       /* cannot happen: the last part ends the stream */
        *skip = sp->delivered;
        pthread_mutex_unlock(&sp->mu);
        return 0;
    }
    ysplit_part *pt = &sp->parts[sp->r];
    while (pt->state != ST_DONE) pthread_cond_wait(&sp->done, &sp->mu);
    pthread_mutex_unlock(&sp->mu);
    *done_bytes = pt->off + pt->len;
    if (!pt->ok) {
        *skip = sp->delivered;
        ysplit_trace("split: part %zu did not parse alone; one parser from event %zu", sp->r, sp->delivered);
        return 0;
    }
    pt->out.status = pt->next == NEXT_EOF ? CG_YCHUNK_END : CG_YCHUNK_MORE;
    sp->cur = &pt->out;
    *out = &pt->out;
    return 1;
}

void cg_ysplit_free(cg_ysplit *sp)
{
    if (!sp) return;
    pthread_mutex_lock(&sp->mu);
    sp->stop = 1;
    pthread_cond_broadcast(&sp->work);
    pthread_mutex_unlock(&sp->mu);
    if (sp->have_scanner) pthread_join(sp->scanner, NULL);
    ysplit_unmap(sp);
    for (int i = 0; i < sp->nthreads; i++) pthread_join(sp->threads[i], NULL);
    for (size_t i = 0; i < sp->nparts; i++) free(sp->parts[i].out.buf);
    for (size_t i = 0; i < sp->nfree; i++) free(sp->free_bufs[i]);
    pthread_mutex_destroy(&sp->mu);
    pthread_cond_destroy(&sp->work);
    pthread_cond_destroy(&sp->done);
    free(sp->threads);
    free(sp->parts);
    free(sp);
}
