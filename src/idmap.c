/* idmap.c - id text -> index while a graph is built (see idmap.h). */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

/* The first min(n, 8) bytes at s as one word, the rest zero (the same
 * bytes in the same places on any machine: the word is only compared). */
static uint64_t idmap_head(const char *s, size_t n)
{
    uint64_t w = 0;
    memcpy(&w, s, n < 8 ? n : 8);
    return w;
}

/* Byte i (0-7) of a head word, as memcpy put it there. */
static unsigned char idmap_head_byte(uint64_t w, size_t i)
{
    unsigned char b[8];
    memcpy(b, &w, 8);
    return b[i];
}

/* Is the kept id k (NUL-terminated) exactly the r bytes at s?  Stops at
 * k's end, so a shorter k is never read past. */
static int idmap_tail_equal(const char *k, const char *s, size_t r)
{
    for (size_t i = 0; i < r; i++)
        if (k[i] != s[i] || k[i] == '\0') return 0;
    return k[r] == '\0';
}

/* What a slot keeps of an id of n bytes with hash h: the hash's low 31
 * bits, and in the top bit whether the id is longer than 8 bytes (so an
 * 8-byte id is told from a longer one with the same head without reading
 * either's text).  The table's position comes from the low bits, never
 * the top one: the table stays below 2^31 slots (32 GiB). */
static uint32_t idmap_key(uint32_t h, size_t n)
{
    return (h & 0x7fffffffu) | (n > 8 ? 0x80000000u : 0);
}

/* The index stored for the n bytes at s (hash h = cg_hash(s, n)), or -1.
 * A kept id holds no NUL, so its head's bytes past its end are zero and a
 * head that equals s's tells the whole story when n < 8: s is that id iff
 * its last byte is not NUL (a NUL inside s would make the kept id shorter,
 * and its head ends in zeros from there).  When n >= 8, the head's bytes
 * are all the kept id's (none is NUL); with n == 8 the key's top bit says
 * the kept id is not longer, and past 8 the rest is compared in the kept
 * text. */
int32_t cg_idmap_get(const cg_idmap *m, const char *s, size_t n, uint32_t h)
{
    if (!m->slots) return -1;
    uint64_t head = idmap_head(s, n);
    int full = n >= 8 && idmap_head_byte(head, 7) != '\0';   /* no NUL in s's first 8 bytes */
    int whole = n < 8 ? n == 0 || s[n - 1] != '\0' : n == 8 && full;
    int tail = n > 8 && full;
    if (!whole && !tail) return -1;   /* s holds a NUL: no kept id is s */
    uint32_t key = idmap_key(h, n);
    size_t mask = m->size - 1;
    for (size_t i = h & mask; m->slots[i].idx >= 0; i = (i + 1) & mask) {
        const cg_idslot *e = &m->slots[i];
        if (e->hash != key || e->head != head) continue;
        if (whole || idmap_tail_equal(m->ids[e->idx] + 8, s + 8, n - 8)) return e->idx;
    }
    return -1;
}

/* A table of nsize empty slots. */
static cg_idslot *idmap_slots(size_t nsize)
{
    cg_idslot *s = cg_xmalloc(nsize * sizeof *s);
    for (size_t i = 0; i < nsize; i++) s[i].idx = -1;
    return s;
}

/* Records idx for the id (NUL-terminated, hash h); the id must not be
 * present. */
void cg_idmap_put(cg_idmap *m, const char *id, uint32_t h, int32_t idx)
{
    /* at most 2^31 slots (idmap_key): the indexes are int32_t, so even a
     * full table of that size keeps an empty slot to end a probe */
    if ((m->count + 1) * 5 > m->size * 4 && m->size < ((size_t)1 << 31)) {
        size_t nsize = m->size ? m->size * 2 : 1024;
        cg_idslot *ns = idmap_slots(nsize);
        for (size_t i = 0; i < m->size; i++) {
            if (m->slots[i].idx < 0) continue;
            size_t j = m->slots[i].hash & (nsize - 1);
            while (ns[j].idx >= 0) j = (j + 1) & (nsize - 1);
            ns[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = ns;
        m->size = nsize;
    }
    CG_GROW(m->ids, m->ids_cap, (size_t)idx + 1);
    m->ids[idx] = id;
    size_t mask = m->size - 1, i = h & mask;
    while (m->slots[i].idx >= 0) i = (i + 1) & mask;
    cg_idslot *e = &m->slots[i];
    size_t n = strnlen(id, 9);
    e->head = idmap_head(id, n);
    e->hash = idmap_key(h, n);
    e->idx = idx;
    m->count++;
}

/* cg_idmap_get for a NUL-terminated id. */
int32_t cg_idmap_get_cstr(const cg_idmap *m, const char *id)
{
    size_t n = strlen(id);
    return cg_idmap_get(m, id, n, cg_hash(id, n));
}

void cg_idmap_prefetch(const cg_idmap *m, uint32_t h)
{
    if (m->slots) __builtin_prefetch(&m->slots[h & (m->size - 1)]);
}

void cg_idmap_destroy(cg_idmap *m)
{
    free(m->slots);
    free(m->ids);
    memset(m, 0, sizeof *m);
}
