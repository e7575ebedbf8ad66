/* util.c - allocation, arenas, interning, buffers, dates, numbers. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700     /* wcwidth (readline's pkg-config flags set 600) */
#endif
#include "util.h"

#include <errno.h>
#include <pwd.h>
#include <limits.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

static void oom(size_t n)
{
    fprintf(stderr, "casegraph: out of memory (allocating %zu bytes)\n", n);
    exit(2);
}

void cg_hugepages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    uintptr_t lo = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
    uintptr_t hi = ((uintptr_t)p + n) & ~(uintptr_t)4095;
    if (n >= ((size_t)2 << 20) && hi > lo) (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void cg_heap_reserve(size_t bytes)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && defined(M_TOP_PAD) && defined(M_MMAP_MAX)
    const uintptr_t huge = (uintptr_t)2 << 20;
    /* Blocks up to 32 MiB (igraph's arrays for up to four million edges)
     * come from the heap, not from mappings of their own: glibc raises its
     * threshold that far only as big blocks happen to be freed, so the
     * merged graph's arrays came from one or the other from run to run, at
     * very different costs (doc/bench.md).  And freed heap memory
     * stays for the next query: glibc would trim the heap's top whenever
     * 64 MiB of it were free, and the pages would be fresh again. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    /* The free space at the heap's end (glibc's top chunk) ends at the
     * program break.  When it is too small, one malloc larger than all the
     * heap's free space makes glibc extend the heap, by `bytes` more with
     * M_TOP_PAD (and never by mmap, with M_MMAP_MAX 0); freed, it goes back
     * to the top.  Only that block's header and the new top's are written:
     * a huge page can back only a 2 MiB range none of whose pages has been
     * touched. */
    uintptr_t brk0 = (uintptr_t)sbrk(0);
    struct mallinfo2 mi = mallinfo2();
    size_t top = mi.keepcost;
    if (top < bytes) {
        mallopt(M_TOP_PAD, bytes > INT_MAX ? INT_MAX : (int)bytes);
        mallopt(M_MMAP_MAX, 0);
        char *p = malloc(mi.fordblks + 4096);
        mallopt(M_MMAP_MAX, 65536);           /* glibc's defaults */
        mallopt(M_TOP_PAD, 128 * 1024);
        uintptr_t brk1 = (uintptr_t)sbrk(0);
        /* not glibc's heap (a sanitizer's or valgrind's allocator): the
         * block is elsewhere and the break has not moved */
        int heap = p && brk1 > brk0 && (uintptr_t)p < brk1 && (uintptr_t)p + mi.fordblks <= brk1;
        free(p);
        if (!heap) return;
        top = mallinfo2().keepcost;
        brk0 = brk1;
    }
    if (top > brk0) return;
    uintptr_t a = (brk0 - top + huge - 1) & ~(huge - 1), z = brk0 & ~(huge - 1);
    if (z > a) (void)madvise((void *)a, z - a, MADV_HUGEPAGE);
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
    p->slots = cg_xcalloc(p->nslots, sizeof *p->slots);
    cg_hugepages(p->slots, p->nslots * sizeof *p->slots);   /* filled at random */
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

/* ---- UTF-8 ---- */

/* Decodes one UTF-8 sequence at s (n bytes available).  Returns its length
 * (1-4) with the code point in *cp, or 0 for an invalid sequence (bad lead
 * byte, truncated, overlong, surrogate, beyond U+10FFFF). */
int cg_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0) return 0;
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    int len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)len > n) return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

size_t cg_quoted_plain_run(const unsigned char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] >= 0x20 && s[k] < 0x7F && s[k] != '"' && s[k] != '\\') k++;
    return k;
}

/* ---- edit distance ---- */

int cg_edit_distance(const char *a, const char *b, int max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (max < 0) return max + 1;
    if (la > 300 || lb > 300) return max + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)max) return max + 1;
    if (la == 0 || lb == 0) return (int)(la + lb);   /* within max: checked above */
    /* Only the cells within max of the diagonal can stay within max, so only
     * those are computed (O(la * max), not O(la * lb): a file or a query of
     * long, similar ids must not make suggestions slow).  Cells outside the
     * band count as max + 1. */
    const int big = max + 1;
    const size_t band = (size_t)max;
    int row[302];
    for (size_t j = 0; j <= lb; j++) row[j] = j <= band ? (int)j : big;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > band ? i - band : 1;
        size_t hi = i + band < lb ? i + band : lb;
        if (lo > hi) return big;
        int diag = row[lo - 1];               /* the previous row at lo - 1 */
        row[lo - 1] = lo == 1 && i <= band ? (int)i : big;
        int best = row[lo - 1];
        for (size_t j = lo; j <= hi; j++) {
            int up = row[j];
            int v = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (up + 1 < v) v = up + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            if (v > big) v = big;
            row[j] = v;
            diag = up;
            if (v < best) best = v;
        }
        if (best > max) return big;
    }
    return row[lb] > max ? big : row[lb];
}

/* ---- dates ---- */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

int cg_date_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return 0;
    if (!all_digits(s, 4)) return 0;
    if (n == 4) return 1;
    if (s[4] != '-' || !all_digits(s + 5, 2)) return 0;
    int y = atoi(s);
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12) return 0;
    if (n == 7) return 1;
    if (s[7] != '-' || !all_digits(s + 8, 2)) return 0;
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return d >= 1 && d <= days_in_month(y, m);
}

void cg_date_interval(const char *s, char lo[11], char hi[11])
{
    size_t n = strlen(s);
    if (n == 4) {
        snprintf(lo, 11, "%.4s-01-01", s);
        snprintf(hi, 11, "%.4s-12-31", s);
    } else if (n == 7) {
        int y = atoi(s), m = atoi(s + 5);
        snprintf(lo, 11, "%.7s-01", s);
        snprintf(hi, 11, "%.7s-%02d", s, (m >= 1 && m <= 12) ? days_in_month(y, m) : 31);
    } else {
        snprintf(lo, 11, "%.10s", s);
        snprintf(hi, 11, "%.10s", s);
    }
}

/* ---- numbers ---- */

void cg_format_double(double d, char *out, size_t outsz)
{
    if (isnan(d)) { snprintf(out, outsz, "nan"); return; }
    if (isinf(d)) { snprintf(out, outsz, d < 0 ? "-inf" : "inf"); return; }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, outsz, "%.*g", prec, d);
        if (strtod(out, NULL) == d) break;
    }
    /* snprintf honours LC_NUMERIC; casegraph never changes it from "C", but
     * be safe: a decimal comma becomes a point. */
    for (char *p = out; *p; p++)
        if (*p == ',') *p = '.';
}

static int is_int_text(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!*p) return 0;
    if (p[0] == '0' && p[1] != '\0') return 0;   /* 007 stays text: nothing lost */
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9') return 0;
    errno = 0;
    (void)strtoll(s, NULL, 10);
    return errno == 0;
}

static int is_double_text(const char *s)
{
    const char *p = s;
    int digits = 0;
    if (*p == '+' || *p == '-') p++;
    if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') return 0;
    while (*p >= '0' && *p <= '9') { p++; digits++; }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') { p++; digits++; }
    }
    if (!digits) return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p) return 0;
    double d = strtod(s, NULL);
    return isfinite(d);
}

cg_valtype cg_classify_scalar(const char *s)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) return CG_VAL_BOOL;
    if (is_int_text(s)) return CG_VAL_INT;
    if (is_double_text(s)) return CG_VAL_DOUBLE;
    return CG_VAL_TEXT;
}

const char *cg_valtype_name(cg_valtype t)
{
    switch (t) {
    case CG_VAL_INT: return "integer";
    case CG_VAL_DOUBLE: return "double";
    case CG_VAL_BOOL: return "boolean";
    default: return "text";
    }
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

/* The lower case of code point c: ASCII, Latin-1, Latin Extended-A, Greek
 * and Cyrillic capitals. */
static uint32_t util_fold_cp(uint32_t c)
{
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c >= 0x100 && c <= 0x137 && !(c & 1)) return c + 1;
    if (c >= 0x139 && c <= 0x148 && (c & 1)) return c + 1;
    if (c >= 0x14A && c <= 0x177 && !(c & 1)) return c + 1;
    if (c == 0x178) return 0xFF;
    if (c >= 0x179 && c <= 0x17E && (c & 1)) return c + 1;
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

/* See util.h. */
void cg_fold(const char *s, cg_buf *b)
{
    cg_buf_reset(b);
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) { cg_buf_putc(b, (char)*p); p++; n--; continue; }
        cp = util_fold_cp(cp);
        char out[4];
        int k;
        if (cp < 0x80) { out[0] = (char)cp; k = 1; }
        else if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); k = 2; }
        else if (cp < 0x10000) {
            out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[2] = (char)(0x80 | (cp & 0x3F)); k = 3;
        } else {
            out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F)); k = 4;
        }
        cg_buf_append(b, out, (size_t)k);
        p += len; n -= (size_t)len;
    }
    if (!b->data) cg_buf_puts(b, "");
}

/* See util.h. */
void cg_join_or(char *buf, size_t n, const char *const *items, size_t nitems, const char *quote)
{
    size_t len = strlen(buf);
    for (size_t i = 0; i < nitems && len + 1 < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == nitems ? " or " : ", ";
        int w = snprintf(buf + len, n - len, "%s%s%s%s", sep, quote, items[i], quote);
        if (w < 0) break;
        len += (size_t)w;
    }
    if (len >= n) buf[n - 1] = '\0';
}

/* See util.h. */
locale_t cg_utf8_locale(void)
{
    static locale_t loc;
    static int tried;
    if (!tried) {
        tried = 1;
        loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        if (!loc) loc = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
    }
    return loc;
}

/* See util.h. */
int cg_cp_width(uint32_t cp)
{
    if (cp < 0x80) return cp >= 0x20 && cp != 0x7F;
    locale_t loc = cg_utf8_locale();
    if (!loc) return 1;
    locale_t old = uselocale(loc);
    int w = wcwidth((wchar_t)cp);
    uselocale(old);
    return w < 0 ? 1 : w;
}
