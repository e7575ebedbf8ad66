/* util.c - memory and containers: allocation that never fails, huge-page
 * hints and the heap reserve, work on a second thread, arenas, the string
 * interner, growable buffers, and ~ in file names.  Text is text.c, the
 * values of graph files value.c. */
#include "util.h"

#include <errno.h>
#include <pwd.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void oom(size_t n)
{
    fprintf(stderr, "casegraph: out of memory (allocating %zu bytes)\n", n);
    exit(2);
}

void cg_heap_reserve(size_t bytes)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(M_MMAP_MAX)
    /* Blocks up to 32 MiB (igraph's arrays for up to four million edges)
     * come from the heap, not from mappings of their own: glibc raises its
     * threshold that far only as big blocks happen to be freed, so the
     * merged graph's arrays came from one or the other from run to run, at
     * very different costs (doc/bench.md).  And freed heap memory
     * stays for the next query: glibc would trim the heap's top whenever
     * 64 MiB of it were free, and the pages would be fresh again. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    /* The free space at the heap's end (glibc's top chunk): when it is too
     * small, one malloc larger than all the heap's free space makes glibc
     * extend the heap by `bytes` more with M_TOP_PAD (and never by mmap,
     * with M_MMAP_MAX 0), in one brk; freed, it goes back to the top.  The
     * pages stay untouched until the computation uses them. */
    struct mallinfo2 mi = mallinfo2();
    if (mi.keepcost < bytes) {
        mallopt(M_TOP_PAD, bytes > INT_MAX ? INT_MAX : (int)bytes);
        mallopt(M_MMAP_MAX, 0);
        free(malloc(mi.fordblks + 4096));
        mallopt(M_MMAP_MAX, 65536);           /* glibc's defaults */
        mallopt(M_TOP_PAD, 128 * 1024);
    }
#else
    (void)bytes;
#endif
}

void cg_task_start(cg_task *t, void *(*fn)(void *), void *arg, int worth)
{
    t->threaded = worth && pthread_create(&t->thread, NULL, fn, arg) == 0;
    if (!t->threaded) fn(arg);
}

void cg_task_wait(cg_task *t)
{
    if (t->threaded) pthread_join(t->thread, NULL);
    t->threaded = 0;
}

void *cg_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *cg_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *cg_xcalloc_written(size_t n, size_t size)
{
    unsigned char *p = cg_xcalloc(n, size);
    /* a fresh page read first is mapped to the shared zero page, and its
     * first write then copies it and flushes the other cores' TLBs (an
     * interrupt to each core running one of our threads): a write first
     * gets the page at once */
    size_t bytes = (n ? n : 1) * (size ? size : 1);
    for (size_t i = 0; i < bytes; i += 4096) ((volatile unsigned char *)p)[i] = 0;
    return p;
}

void *cg_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *cg_xstrdup(const char *s)
{
    return cg_xstrndup(s, strlen(s));
}

char *cg_xstrndup(const char *s, size_t n)
{
    char *p = cg_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void cg_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem) oom(SIZE_MAX);
        ncap *= 2;
    }
    *items = cg_xrealloc(*items, ncap * elem);
    *cap = ncap;
}

/* ---- arena ---- */

struct cg_arena_block {
    cg_arena_block *prev;
    size_t size, used;
    max_align_t data[];
};

#define ARENA_BLOCK (256u * 1024u)

void cg_arena_init(cg_arena *a)
{
    a->head = NULL;
    a->spare = NULL;
    a->total = 0;
}

void cg_arena_destroy(cg_arena *a)
{
    cg_arena_block *b = a->head;
    while (b) {
        cg_arena_block *prev = b->prev;
        free(b);
        b = prev;
    }
    free(a->spare);
    a->head = NULL;
    a->spare = NULL;
    a->total = 0;
}

void *cg_arena_alloc_aligned(cg_arena *a, size_t n, size_t align)
{
    cg_arena_block *b = a->head;
    size_t off = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || off > b->size || b->size - off < n) {
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        if (a->spare && a->spare->size >= size) {
            /* reuse: a mark/release per entry at a block boundary must not
             * cost an allocation (an mmap) per entry */
            b = a->spare;
            a->spare = NULL;
            size = b->size;
        } else {
            b = cg_xmalloc(sizeof *b + size);
        }
        b->size = size;
        b->used = 0;
        b->prev = a->head;
        a->head = b;
        a->total += size;
        off = 0;
    }
    void *p = (char *)b->data + off;
    b->used = off + n;
    return p;
}

void *cg_arena_alloc(cg_arena *a, size_t n)
{
    return cg_arena_alloc_aligned(a, n, 8);
}

char *cg_arena_strndup(cg_arena *a, const char *s, size_t n)
{
    char *p = cg_arena_alloc_aligned(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

cg_arena_mark cg_arena_get_mark(const cg_arena *a)
{
    cg_arena_mark m = { a->head, a->head ? a->head->used : 0 };
    return m;
}

void cg_arena_release(cg_arena *a, cg_arena_mark m)
{
    while (a->head && a->head != m.block) {
        cg_arena_block *prev = a->head->prev;
        a->total -= a->head->size;
        if (!a->spare && a->head->size == ARENA_BLOCK) a->spare = a->head;
        else free(a->head);
        a->head = prev;
    }
    if (a->head) a->head->used = m.used;
}

/* ---- interning ---- */

uint32_t cg_hash(const char *s, size_t n)
{
    /* FNV-1a */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

void cg_strpool_init(cg_strpool *p)
{
    cg_arena_init(&p->arena);
    p->nslots = 1024;
    p->slots = cg_xcalloc(p->nslots, sizeof *p->slots);
    p->count = 0;
}

void cg_strpool_destroy(cg_strpool *p)
{
    cg_arena_destroy(&p->arena);
    free(p->slots);
    p->slots = NULL;
    p->nslots = p->count = 0;
}

static size_t pool_probe(const cg_strpool *p, const char *s, size_t n, uint32_t h)
{
    size_t mask = p->nslots - 1;
    size_t i = h & mask;
    while (p->slots[i].s) {
        const cg_strslot *e = &p->slots[i];
        if (e->hash == h && e->len == n && memcmp(e->s, s, n) == 0) return i;
        i = (i + 1) & mask;
    }
    return i;
}

static void pool_rehash(cg_strpool *p)
{
    size_t old = p->nslots;
    cg_strslot *slots = p->slots;
    p->nslots = old * 2;
    p->slots = cg_xcalloc_written(p->nslots, sizeof *p->slots);   /* probed (read) before written */
    size_t mask = p->nslots - 1;
    for (size_t i = 0; i < old; i++) {
        if (!slots[i].s) continue;
        size_t j = slots[i].hash & mask;
        while (p->slots[j].s) j = (j + 1) & mask;
        p->slots[j] = slots[i];
    }
    free(slots);
}

const char *cg_strpool_intern(cg_strpool *p, const char *s, size_t n)
{
    if (n > UINT32_MAX) n = UINT32_MAX;   /* never: values are limited to 1 MiB */
    return cg_strpool_intern_hashed(p, s, n, cg_hash(s, n));
}

const char *cg_strpool_intern_hashed(cg_strpool *p, const char *s, size_t n, uint32_t h)
{
    if (n > UINT32_MAX) n = UINT32_MAX;
    size_t i = pool_probe(p, s, n, h);
    if (p->slots[i].s) return p->slots[i].s;
    if ((p->count + 1) * 4 > p->nslots * 3) {
        pool_rehash(p);
        i = pool_probe(p, s, n, h);
    }
    char *copy = cg_arena_strndup(&p->arena, s, n);
    p->slots[i].s = copy;
    p->slots[i].hash = h;
    p->slots[i].len = (uint32_t)n;
    p->count++;
    return copy;
}

const char *cg_strpool_intern_cstr(cg_strpool *p, const char *s)
{
    return cg_strpool_intern(p, s, strlen(s));
}

const char *cg_strpool_find(const cg_strpool *p, const char *s, size_t n)
{
    return p->slots[pool_probe(p, s, n, cg_hash(s, n))].s;
}

/* ---- buffers ---- */

void cg_buf_init(cg_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void cg_buf_destroy(cg_buf *b)
{
    free(b->data);
    cg_buf_init(b);
}

void cg_buf_reset(cg_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void cg_buf_append(cg_buf *b, const char *s, size_t n)
{
    CG_GROW(b->data, b->cap, b->len + n + 1);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cg_buf_puts(cg_buf *b, const char *s)
{
    cg_buf_append(b, s, strlen(s));
}

void cg_buf_putc(cg_buf *b, char c)
{
    if (b->len + 2 > b->cap) CG_GROW(b->data, b->cap, b->len + 2);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void cg_buf_printf(cg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    CG_GROW(b->data, b->cap, b->len + (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* See util.h. */
char *cg_path_expand(const char *path)
{
    if (path[0] != '~') return cg_xstrdup(path);
    const char *slash = strchr(path, '/');
    size_t ulen = slash ? (size_t)(slash - path - 1) : strlen(path) - 1;
    const char *home = NULL;
    if (ulen == 0) {
        home = getenv("HOME");
        if (!home || !*home) {
            struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
    } else {
        char *user = cg_xstrndup(path + 1, ulen);
        struct passwd *pw = getpwnam(user);
        free(user);
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home) return cg_xstrdup(path);
    const char *rest = path + 1 + ulen;
    size_t hl = strlen(home);
    if (hl > 1 && home[hl - 1] == '/' && rest[0] == '/') hl--;
    char *out = cg_xmalloc(hl + strlen(rest) + 1);
    memcpy(out, home, hl);
    strcpy(out + hl, rest);
    return out;
}

