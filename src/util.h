/* util.h - small allocation helpers, growable arrays, an arena and a string
 * interner.  Everything the graph keeps as text lives in one cg_strpool, so a
 * graph of a million edges costs a handful of large allocations, not millions
 * of small ones.
 */
#ifndef CG_UTIL_H
#define CG_UTIL_H

#include <pthread.h>
#include <locale.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation that never returns NULL: on exhaustion it prints a message and
 * exits with status 2 (there is nothing sensible to recover to). */
void *cg_xmalloc(size_t n);
/* Readies malloc's heap for a computation that will allocate about `bytes`
 * (igraph's, which allocates inside itself):
 * with glibc's malloc, grows the heap by that much address space (nothing is
 * touched, so memory use does not change) and keeps freed heap memory for the next query instead of trimming it, so the
 * first centrality of a session meets far fewer page faults (doc/bench.md
 * has the figures).  Does nothing
 * where the heap is not glibc's brk heap (under a sanitizer or valgrind). */
void cg_heap_reserve(size_t bytes);

/* Work split over two threads: cg_task_start runs fn(arg) on a second
 * thread when `worth` (a thread costs about a millisecond to start and end)
 * and one can be made, otherwise right away in the caller; cg_task_wait
 * returns once it has run.  fn must not call igraph, which Debian builds
 * without thread safety (IGRAPH_THREAD_SAFE is 0). */
typedef struct cg_task {
    pthread_t thread;
    int threaded;
} cg_task;
void cg_task_start(cg_task *t, void *(*fn)(void *), void *arg, int worth);
void cg_task_wait(cg_task *t);
void *cg_xcalloc(size_t n, size_t size);
/* cg_xcalloc for a table that is read before it is written (a hash
 * table's probes): every page is written once, so that no page starts as
 * the shared zero page (see util.c). */
void *cg_xcalloc_written(size_t n, size_t size);
void *cg_xrealloc(void *p, size_t n);
char *cg_xstrdup(const char *s);
char *cg_xstrndup(const char *s, size_t n);

/* Appends "a, b or c" (each item between quote and quote; quote may be "")
 * to the text in buf (size n, always terminated, cut when full). */
void cg_join_or(char *buf, size_t n, const char *const *items, size_t nitems, const char *quote);

/* A UTF-8 LC_CTYPE locale for wcwidth whatever the process's own (casegraph
 * never calls setlocale; readline sets LC_CTYPE from the environment, which
 * may be C): C.UTF-8, else en_US.UTF-8, made once; (locale_t)0 when the
 * system has neither.  Use it with uselocale around a run of wcwidth. */
locale_t cg_utf8_locale(void);
/* Terminal columns of code point cp (libc's wcwidth in cg_utf8_locale): 0 for
 * combining marks, 2 for wide East Asian characters, 1 otherwise (and for
 * what wcwidth cannot tell); 0 for ASCII control characters. */
int cg_cp_width(uint32_t cp);

/* "s" unless n is 1: "%zu node%s", n, cg_s(n). */
static inline const char *cg_s(size_t n) { return n == 1 ? "" : "s"; }

/* A file name as a shell would read its leading `~`: `~` and `~/...` are
 * the home directory ($HOME, else the password database), `~user/...` that
 * user's.  Returns a malloc'ed copy the caller frees; a name without a
 * leading `~`, or an unknown user, comes back unchanged. */
char *cg_path_expand(const char *path);

/* Grow *items (of elem bytes each) so it can hold at least need elements. */
void cg_grow(void **items, size_t *cap, size_t need, size_t elem);
#define CG_GROW(arr, cap, need) cg_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

/* A bump allocator: blocks are never moved, so pointers stay valid until
 * cg_arena_destroy.  mark/release discard everything allocated after a mark. */
typedef struct cg_arena_block cg_arena_block;
typedef struct cg_arena {
    cg_arena_block *head;
    cg_arena_block *spare;   /* one released block kept for reuse */
    size_t total;
} cg_arena;
typedef struct cg_arena_mark {
    cg_arena_block *block;
    size_t used;
} cg_arena_mark;

void cg_arena_init(cg_arena *a);
void cg_arena_destroy(cg_arena *a);
void *cg_arena_alloc(cg_arena *a, size_t n);   /* 8-byte aligned */
/* n bytes aligned to align (a power of two up to 8): int32 arrays and text
 * need not waste the padding of 8. */
void *cg_arena_alloc_aligned(cg_arena *a, size_t n, size_t align);
char *cg_arena_strndup(cg_arena *a, const char *s, size_t n);   /* no alignment */
cg_arena_mark cg_arena_get_mark(const cg_arena *a);
void cg_arena_release(cg_arena *a, cg_arena_mark m);

/* String interner: equal strings give the same pointer, which lives as long
 * as the pool.  Strings may contain any byte but NUL. */
typedef struct cg_strslot {
    const char *s;          /* NULL: empty */
    uint32_t hash, len;
} cg_strslot;
typedef struct cg_strpool {
    cg_arena arena;
    cg_strslot *slots;      /* open addressing, power-of-two size: one slot
                             * holds all a probe compares, so a lookup costs
                             * one cache miss plus the final string compare */
    size_t nslots, count;
} cg_strpool;

void cg_strpool_init(cg_strpool *p);
void cg_strpool_destroy(cg_strpool *p);
const char *cg_strpool_intern(cg_strpool *p, const char *s, size_t n);
const char *cg_strpool_intern_cstr(cg_strpool *p, const char *s);
/* cg_strpool_intern with h = cg_hash(s, n) already known. */
const char *cg_strpool_intern_hashed(cg_strpool *p, const char *s, size_t n, uint32_t h);
/* The interned copy of s, or NULL if s was never interned. */
const char *cg_strpool_find(const cg_strpool *p, const char *s, size_t n);

uint32_t cg_hash(const char *s, size_t n);

/* A growable byte buffer, always NUL-terminated. */
typedef struct cg_buf {
    char *data;
    size_t len, cap;
} cg_buf;
void cg_buf_init(cg_buf *b);
void cg_buf_destroy(cg_buf *b);
void cg_buf_reset(cg_buf *b);
void cg_buf_append(cg_buf *b, const char *s, size_t n);
void cg_buf_puts(cg_buf *b, const char *s);
void cg_buf_putc(cg_buf *b, char c);
void cg_buf_printf(cg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Decodes one UTF-8 sequence at s (n bytes available): its length (1-4)
 * with the code point in *cp, or 0 if invalid (bad lead byte, truncated,
 * overlong, surrogate, beyond U+10FFFF). */
int cg_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* s case-folded into b (reset first): the lower case of ASCII, Latin-1,
 * Latin Extended-A, Greek and Cyrillic letters; invalid UTF-8 is copied as
 * it is.  Names, aliases and suggestions compare folded text. */
void cg_fold(const char *s, cg_buf *b);
/* The length of the run at s (n bytes available) of printable ASCII other
 * than '"' and '\\': text the quoted-string writers (JSON, YAML, DOT) copy
 * as it is. */
size_t cg_quoted_plain_run(const unsigned char *s, size_t n);

/* List values in tsv and csv (SPEC 5): the items joined by ';', with a ';'
 * or a backslash inside an item written as backslash-semicolon or two
 * backslashes.  cg_list_put appends item s so escaped to b (the caller puts
 * the ';' between items).  cg_list_next reads the next item of such text in
 * place: *p is where it starts; it returns the item unescaped and
 * NUL-terminated in place (over the ';' that ends it) and moves *p past
 * that ';', or returns NULL when *p is at the end of the text.  So "a;b" is
 * "a" and "b", "a;" just "a", "a;;b" has an empty item, "" has none.  A
 * backslash before any other character, or last, is kept as written (text
 * typed by hand: a path C:\dir). */
void cg_list_put(cg_buf *b, const char *s);
char *cg_list_next(char **p);

/* Levenshtein distance, capped: returns max+1 as soon as it exceeds max. */
int cg_edit_distance(const char *a, const char *b, int max);

/* Date helpers.  A casegraph date is YYYY, YYYY-MM or YYYY-MM-DD naming a real
 * day/month/year.  Returns 1 if valid. */
int cg_date_valid(const char *s);
/* The interval a partial date covers, as YYYY-MM-DD strings (buffers of 11). */
void cg_date_interval(const char *s, char lo[11], char hi[11]);

/* Number formatting that round-trips, independent of locale: the shortest of
 * %.15g/%.16g/%.17g that reads back equal. */
void cg_format_double(double d, char *out, size_t outsz);

/* Classify a plain YAML scalar per SPEC 2: integer, double, boolean or text. */
typedef enum cg_valtype { CG_VAL_TEXT = 0, CG_VAL_INT, CG_VAL_DOUBLE, CG_VAL_BOOL } cg_valtype;
cg_valtype cg_classify_scalar(const char *s);
const char *cg_valtype_name(cg_valtype t);

#endif
