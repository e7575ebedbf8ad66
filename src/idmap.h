/* idmap.h - id text -> index while a graph is built (the loader's nodes
 * and sources, and import's): open addressing on the text's hash.
 */
#ifndef CG_IDMAP_H
#define CG_IDMAP_H

#include <stddef.h>
#include <stdint.h>

/* Open addressing keyed by the text's hash, at most half full.  A slot is
 * 16 bytes: the id, its hash and the index; a lookup reads the slots its
 * hash probes and the text of the one whose hash matches (a million-edge
 * load keeps 200,000 ids in 8 MB of slots: doc/bench.md, "Memory"). */
typedef struct cg_idslot {
    const char *id;       /* the id (kept, not copied, NUL-terminated); NULL: empty slot */
    uint32_t hash;        /* cg_hash(id) */
    int32_t idx;
} cg_idslot;

typedef struct cg_idmap {
    cg_idslot *slots;
    size_t size, count;
} cg_idmap;

/* The index stored for the n bytes at s (hash h = cg_hash(s, n)), or -1. */
int32_t cg_idmap_get(const cg_idmap *m, const char *s, size_t n, uint32_t h);
/* Records idx for id (NUL-terminated, hash h = cg_hash of its bytes), which
 * must not be present; id is kept (it must outlive the map: interned, or
 * the caller's). */
void cg_idmap_put(cg_idmap *m, const char *id, uint32_t h, int32_t idx);
/* cg_idmap_get for a NUL-terminated id. */
int32_t cg_idmap_get_cstr(const cg_idmap *m, const char *id);
/* Frees the slots; the map is empty again. */
void cg_idmap_destroy(cg_idmap *m);

#endif
