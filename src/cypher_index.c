/* cypher_index.c - what the match planner and executor read instead of
 * scanning (doc/match.md §5): per-kind node lists and per-type edge lists
 * (counts in O(1)), each node's incidence segments re-sorted by (type,
 * edge) so that a typed expansion reads only its run, and name -> nodes.
 * Built once per graph on the first match (two passes over the edges, one
 * over the nodes, no sort) and kept by the session until the graph goes. */
#include "cypher_int.h"

#include <stdlib.h>
#include <string.h>

/* pointer -> small number, open addressing (kinds and types are interned) */
typedef struct ptrmap { const char **keys; uint16_t *vals; size_t size; } ptrmap;

static size_t ptr_slot(const ptrmap *m, const char *p)
{
    size_t h = (size_t)(((uintptr_t)p >> 3) * 0x9e3779b97f4a7c15ULL) & (m->size - 1);
    while (m->keys[h] && m->keys[h] != p) h = (h + 1) & (m->size - 1);
    return h;
}

/* Numbers the distinct pointers of items (stride bytes apart, at offset)
 * in order of first appearance into of[]; names[] gets them.  Returns the
 * count, or (size_t)-1 when there are more than 65535. */
static size_t number_ptrs(const char *base, size_t n, size_t stride, uint16_t *of, const char ***names)
{
    ptrmap m = { 0 };
    m.size = 64;
    m.keys = cg_xcalloc(m.size, sizeof *m.keys);
    m.vals = cg_xcalloc(m.size, sizeof *m.vals);
    size_t count = 0, cap = 0;
    const char **out = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *p = *(const char *const *)(base + i * stride);
        size_t h = ptr_slot(&m, p);
        if (!m.keys[h]) {
            if (count == 65535) { count = (size_t)-1; break; }
            cg_grow((void **)&out, &cap, count + 1, sizeof *out);
            out[count] = p;
            m.keys[h] = p;
            m.vals[h] = (uint16_t)count++;
            if (count * 2 > m.size) {
                ptrmap big = { cg_xcalloc(m.size * 2, sizeof *m.keys), cg_xcalloc(m.size * 2, sizeof *m.vals), m.size * 2 };
                for (size_t k = 0; k < m.size; k++)
                    if (m.keys[k]) { size_t s = ptr_slot(&big, m.keys[k]); big.keys[s] = m.keys[k]; big.vals[s] = m.vals[k]; }
                free(m.keys); free(m.vals);
                m = big;
                h = ptr_slot(&m, p);
            }
        }
        of[i] = m.vals[h];
    }
    free(m.keys);
    free(m.vals);
    *names = out;
    return count;
}

/* off[0..k] and list[0..n): the items of each number, in item order */
static void bucket(const uint16_t *of, size_t n, size_t k, int32_t **offp, int32_t **listp)
{
    int32_t *off = cg_xcalloc(k + 1, sizeof *off), *list = cg_xmalloc((n ? n : 1) * sizeof *list);
    for (size_t i = 0; i < n; i++) off[of[i] + 1]++;
    for (size_t t = 0; t < k; t++) off[t + 1] += off[t];
    int32_t *cur = cg_xmalloc((k + 1) * sizeof *cur);
    memcpy(cur, off, (k + 1) * sizeof *cur);
    for (size_t i = 0; i < n; i++) list[cur[of[i]]++] = (int32_t)i;
    free(cur);
    *offp = off;
    *listp = list;
}

static cg_cypher_index *index_build(const cg_graph *g)
{
    cg_cypher_index *ix = cg_xcalloc(1, sizeof *ix);
    size_t N = g->nnodes, E = g->nedges;
    ix->g = g;
    ix->kind_of = cg_xmalloc((N ? N : 1) * sizeof *ix->kind_of);
    ix->type_of = cg_xmalloc((E ? E : 1) * sizeof *ix->type_of);
    ix->nkinds = N ? number_ptrs((const char *)&g->nodes[0].kind, N, sizeof *g->nodes, ix->kind_of, &ix->kind_name) : 0;
    ix->ntypes = E ? number_ptrs((const char *)&g->edges[0].type, E, sizeof *g->edges, ix->type_of, &ix->type_name) : 0;
    if (ix->nkinds == (size_t)-1 || ix->ntypes == (size_t)-1) { cg_cypher_index_free(ix); return NULL; }
    bucket(ix->kind_of, N, ix->nkinds, &ix->kind_off, &ix->kind_nodes);
    bucket(ix->type_of, E, ix->ntypes, &ix->type_off, &ix->type_edges);

    /* typed CSR: walking edges type-major fills each segment in (type, edge) order */
    ix->tout = cg_xmalloc((E ? E : 1) * sizeof *ix->tout);
    ix->tin = cg_xmalloc((E ? E : 1) * sizeof *ix->tin);
    ix->tout_type = cg_xmalloc((E ? E : 1) * sizeof *ix->tout_type);
    ix->tin_type = cg_xmalloc((E ? E : 1) * sizeof *ix->tin_type);
    int32_t *oc = cg_xmalloc((N + 1) * sizeof *oc), *ic = cg_xmalloc((N + 1) * sizeof *ic);
    if (g->out_off) memcpy(oc, g->out_off, (N + 1) * sizeof *oc);
    if (g->in_off) memcpy(ic, g->in_off, (N + 1) * sizeof *ic);
    for (size_t k = 0; k < E; k++) {
        int32_t e = ix->type_edges[k];
        const cg_edge *x = &g->edges[e];
        int32_t o = oc[x->from]++, i = ic[x->to]++;
        ix->tout[o] = e; ix->tout_type[o] = ix->type_of[e];
        ix->tin[i] = e; ix->tin_type[i] = ix->type_of[e];
    }
    free(oc);
    free(ic);

    /* names: chains in node order (built backwards) */
    size_t size = 16;
    while (size < N * 2) size <<= 1;
    ix->name_size = size;
    ix->name_head = cg_xmalloc(size * sizeof *ix->name_head);
    ix->name_next = cg_xmalloc((N ? N : 1) * sizeof *ix->name_next);
    for (size_t i = 0; i < size; i++) ix->name_head[i] = -1;
    for (size_t i = N; i-- > 0;) {
        size_t h = cg_hash(g->nodes[i].name, strlen(g->nodes[i].name)) & (size - 1);   /* names are not interned */
        ix->name_next[i] = ix->name_head[h];
        ix->name_head[h] = (int32_t)i;
    }
    return ix;
}

const cg_cypher_index *cg_cypher_index_get(cg_cypher_index **cache, const cg_graph *g)
{
    if (*cache && (*cache)->g == g) return *cache;
    cg_cypher_index_free(*cache);
    *cache = index_build(g);
    return *cache;
}

const char *const *cx_index_column(const cg_cypher_index *cix, int is_edge, const char *key)
{
    cg_cypher_index *ix = (cg_cypher_index *)cix;   /* a cache: filled on first use */
    for (size_t i = 0; i < ix->ncols; i++)
        if (ix->cols[i].key == key && ix->cols[i].is_edge == is_edge) return ix->cols[i].col;
    const cg_graph *g = ix->g;
    size_t n = is_edge ? g->nedges : g->nnodes;
    const char **col = cg_xcalloc(n ? n : 1, sizeof *col);
    for (size_t v = 0; v < n; v++) {
        const cg_attr *a = is_edge ? cg_edge_attrs(&g->edges[v]) : g->nodes[v].attrs;
        uint32_t na = is_edge ? g->edges[v].nattrs : g->nodes[v].nattrs;
        for (uint32_t k = 0; k < na; k++)
            if (a[k].key == key) { col[v] = a[k].text; break; }
    }
    ix->cols = cg_xrealloc(ix->cols, (ix->ncols + 1) * sizeof *ix->cols);
    ix->cols[ix->ncols++] = (struct cx_column){ key, is_edge, col };
    return col;
}

void cg_cypher_index_free(cg_cypher_index *ix)
{
    if (!ix) return;
    for (size_t i = 0; i < ix->ncols; i++) free(ix->cols[i].col);
    free(ix->cols);
    free(ix->kind_name); free(ix->type_name);
    free(ix->kind_of); free(ix->kind_off); free(ix->kind_nodes);
    free(ix->type_of); free(ix->type_off); free(ix->type_edges);
    free(ix->tout); free(ix->tin); free(ix->tout_type); free(ix->tin_type);
    free(ix->name_head); free(ix->name_next);
    free(ix);
}
