/* idmap.h - id text -> index while a graph is built (the loader's nodes
 * and sources, and import's): open addressing on the text's hash.
 */
#ifndef CG_IDMAP_H
#define CG_IDMAP_H

#include <stddef.h>
#include <stdint.h>

/* Open addressing keyed by the text's hash.  A slot keeps the id, its
 * length and its first CG_ID_INLINE bytes, so a lookup costs one slot, and the id's text is read
 * only for the rest of an id longer than that: an edge endpoint is found
 * with one cache miss, without interning its text first. */
#define CG_ID_INLINE 12
typedef struct cg_idslot {
    const char *id;       /* the id (kept, not copied); NULL: empty slot */
    uint32_t hash;        /* cg_hash(id) */
    int32_t idx;
    uint32_t len;
    char head[CG_ID_INLINE]; /* the first bytes of id, zero-padded */
} cg_idslot;

typedef struct cg_idmap {
    cg_idslot *slots;
    size_t size, count;
} cg_idmap;

/* The index stored for the n bytes at s (hash h = cg_hash(s, n)), or -1. */
int32_t cg_idmap_get(const cg_idmap *m, const char *s, size_t n, uint32_t h);
/* Records idx for id (n bytes, hash h), which must not be present; id is
 * kept (it must outlive the map: interned, or the caller's). */
void cg_idmap_put(cg_idmap *m, const char *id, size_t n, uint32_t h, int32_t idx);
/* cg_idmap_get for a NUL-terminated id. */
int32_t cg_idmap_get_cstr(const cg_idmap *m, const char *id);
/* Frees the slots; the map is empty again. */
void cg_idmap_destroy(cg_idmap *m);

#endif
