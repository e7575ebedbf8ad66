/* idmap.h - id text -> index while a graph is built (the loader's nodes
 * and sources, and import's): open addressing on the text's hash.
 */
#ifndef CG_IDMAP_H
#define CG_IDMAP_H

#include <stddef.h>
#include <stdint.h>

/* Open addressing keyed by the text's hash, at most four fifths full.  A
 * slot is 16 bytes: the id's first 8 bytes (zero-padded), its hash and its
 * index; the ids themselves are kept by index beside the slots.  A lookup
 * reads the slots its hash probes, and the kept text only for an id of 8
 * bytes or more whose first 8 match, so a short id (the bench's "n123456")
 * is found without leaving the table.  A million-edge load keeps 200,000
 * ids in 4 MB of slots and 1.6 MB of ids: doc/bench.md, "Memory". */
typedef struct cg_idslot {
    uint64_t head;        /* the id's first 8 bytes, zero-padded */
    uint32_t hash;        /* cg_hash(id)'s low 31 bits; the top bit: longer than 8 bytes */
    int32_t idx;          /* -1: empty slot */
} cg_idslot;

typedef struct cg_idmap {
    cg_idslot *slots;
    size_t size, count;
    const char **ids;     /* ids[idx]: the kept id (not copied, NUL-terminated) */
    size_t ids_cap;
} cg_idmap;

/* The index stored for the n bytes at s (hash h = cg_hash(s, n)), or -1. */
int32_t cg_idmap_get(const cg_idmap *m, const char *s, size_t n, uint32_t h);
/* Records idx (>= 0; the indexes given are dense, as a table's rows are)
 * for id (NUL-terminated, hash h = cg_hash of its bytes), which must not be
 * present; id is kept (it must outlive the map: interned, or the
 * caller's). */
void cg_idmap_put(cg_idmap *m, const char *id, uint32_t h, int32_t idx);
/* cg_idmap_get for a NUL-terminated id. */
int32_t cg_idmap_get_cstr(const cg_idmap *m, const char *id);
/* Asks the cache for the slot where a lookup of hash h starts (a caller
 * with two ids to look up starts both reads before either waits). */
void cg_idmap_prefetch(const cg_idmap *m, uint32_t h);
/* Frees the slots; the map is empty again. */
void cg_idmap_destroy(cg_idmap *m);

#endif
