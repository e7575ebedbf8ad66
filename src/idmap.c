/* idmap.c - id text -> index while a graph is built (see idmap.h). */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

/* The index stored for the n bytes at s (hash h = cg_hash(s, n)), or -1. */
int32_t cg_idmap_get(const cg_idmap *m, const char *s, size_t n, uint32_t h)
{
    if (!m->slots) return -1;
    size_t mask = m->size - 1;
    for (size_t i = h & mask; m->slots[i].id; i = (i + 1) & mask) {
        const cg_idslot *e = &m->slots[i];
        /* strncmp stops at the kept id's end, so a shorter one is never
         * read past; then its length must be n */
        if (e->hash == h && strncmp(e->id, s, n) == 0 && e->id[n] == '\0') return e->idx;
    }
    return -1;
}

/* Records idx for the id (NUL-terminated, hash h); the id must not be
 * present. */
void cg_idmap_put(cg_idmap *m, const char *id, uint32_t h, int32_t idx)
{
    if ((m->count + 1) * 2 > m->size) {
        size_t nsize = m->size ? m->size * 2 : 1024;
        cg_idslot *ns = cg_xcalloc(nsize, sizeof *ns);
        for (size_t i = 0; i < m->size; i++) {
            if (!m->slots[i].id) continue;
            size_t j = m->slots[i].hash & (nsize - 1);
            while (ns[j].id) j = (j + 1) & (nsize - 1);
            ns[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = ns;
        m->size = nsize;
    }
    size_t mask = m->size - 1, i = h & mask;
    while (m->slots[i].id) i = (i + 1) & mask;
    cg_idslot *e = &m->slots[i];
    e->id = id;
    e->hash = h;
    e->idx = idx;
    m->count++;
}

/* cg_idmap_get for a NUL-terminated id. */
int32_t cg_idmap_get_cstr(const cg_idmap *m, const char *id)
{
    size_t n = strlen(id);
    return cg_idmap_get(m, id, n, cg_hash(id, n));
}


void cg_idmap_destroy(cg_idmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}
