/* graph.c - the graph's tables, indexes and igraph topology. */
#include "graph.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- igraph's handlers ---- */

static char graph_igraph_why[512];

/* Keeps the first non-empty reason of an igraph error (igraph calls the
 * handler once per IGRAPH_CHECK level, the outer ones with an empty reason),
 * frees igraph's FINALLY stack and returns: never aborts, as igraph's
 * default handler does. */
static void graph_igraph_error(const char *reason, const char *file, int line, igraph_error_t errcode)
{
    (void)file; (void)line; (void)errcode;
    if (reason && *reason && !graph_igraph_why[0])
        snprintf(graph_igraph_why, sizeof graph_igraph_why, "%s", reason);
    IGRAPH_FINALLY_FREE();
}

/* igraph's warnings (an unreachable vertex, a DAG's zero eigenvector) are
 * expected outcomes that the callers handle: nothing is printed. */
static void graph_igraph_warning(const char *reason, const char *file, int line)
{
    (void)reason; (void)file; (void)line;
}

static void graph_igraph_install(void)
{
    igraph_set_error_handler(graph_igraph_error);
    igraph_set_warning_handler(graph_igraph_warning);
}

/* See graph.h. */
void cg_igraph_setup(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, graph_igraph_install);
}

const char *cg_igraph_reason(void) { return graph_igraph_why; }
void cg_igraph_reason_clear(void) { graph_igraph_why[0] = '\0'; }

/* ---- the graph ---- */

cg_graph *cg_graph_new(void)
{
    cg_igraph_setup();
    cg_graph *g = cg_xcalloc(1, sizeof *g);
    cg_strpool_init(&g->strings);
    cg_arena_init(&g->arena);
    return g;
}

void cg_graph_free(cg_graph *g)
{
    if (!g) return;
    free(g->nodes);
    free(g->edges);
    free(g->sources);
    free(g->kinds);
    free(g->types);
    free(g->node_keys);
    free(g->edge_keys);
    free(g->files);
    free(g->file_edge0);
    free(g->node_index);
    free(g->source_index);
    free(g->out_off);
    free(g->out_edges);
    free(g->in_off);
    free(g->in_edges);
    free(g->by_id);
    free(g->id_rank);
    cg_arena_destroy(&g->arena);
    cg_strpool_destroy(&g->strings);
    free(g);
}

/* ---- id indexes: open addressing keyed by the interned id pointer ---- */

static size_t ptr_hash(const char *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0xed5ad4bbu;
    x ^= x >> 11;
    return (size_t)x;
}

static void build_index(int32_t **index, size_t *size, size_t n,
                        const char *(*id_of)(const cg_graph *, size_t), const cg_graph *g)
{
    size_t sz = 16;
    while (sz < n * 2) sz *= 2;
    int32_t *ix = cg_xmalloc(sz * sizeof *ix);
    for (size_t i = 0; i < sz; i++) ix[i] = -1;
    for (size_t i = 0; i < n; i++) {
        size_t h = ptr_hash(id_of(g, i)) & (sz - 1);
        while (ix[h] >= 0) h = (h + 1) & (sz - 1);
        ix[h] = (int32_t)i;
    }
    free(*index);
    *index = ix;
    *size = sz;
}

static const char *node_id_of(const cg_graph *g, size_t i) { return g->nodes[i].id; }
static const char *source_id_of(const cg_graph *g, size_t i) { return g->sources[i].id; }

static int32_t index_find(const int32_t *ix, size_t sz, const char *interned,
                          const char *(*id_of)(const cg_graph *, size_t), const cg_graph *g)
{
    if (!ix || !interned) return -1;
    size_t h = ptr_hash(interned) & (sz - 1);
    while (ix[h] >= 0) {
        if (id_of(g, (size_t)ix[h]) == interned) return ix[h];
        h = (h + 1) & (sz - 1);
    }
    return -1;
}

int32_t cg_graph_find_node(const cg_graph *g, const char *id)
{
    const char *s = cg_strpool_find(&g->strings, id, strlen(id));
    if (!s) return -1;
    if (!g->node_index) {  /* before finish: linear */
        for (size_t i = 0; i < g->nnodes; i++)
            if (g->nodes[i].id == s) return (int32_t)i;
        return -1;
    }
    return index_find(g->node_index, g->node_index_size, s, node_id_of, g);
}

int32_t cg_graph_find_source(const cg_graph *g, const char *id)
{
    const char *s = cg_strpool_find(&g->strings, id, strlen(id));
    if (!s) return -1;
    if (!g->source_index) {
        for (size_t i = 0; i < g->nsources; i++)
            if (g->sources[i].id == s) return (int32_t)i;
        return -1;
    }
    return index_find(g->source_index, g->source_index_size, s, source_id_of, g);
}

int cg_graph_find_kind(const cg_graph *g, const char *kind)
{
    for (size_t i = 0; i < g->nkinds; i++)
        if (strcmp(g->kinds[i], kind) == 0) return (int)i;
    return -1;
}

int cg_graph_find_type(const cg_graph *g, const char *type)
{
    for (size_t i = 0; i < g->ntypes; i++)
        if (strcmp(g->types[i].name, type) == 0) return (int)i;
    return -1;
}

/* ---- attribute key types ---- */

static int keyinfo_cmp(const void *a, const void *b)
{
    return strcmp(((const cg_keyinfo *)a)->key, ((const cg_keyinfo *)b)->key);
}

/* Collects the keys of n attribute lists and their merged types. */
static void collect_keys(cg_keyinfo **out, size_t *nout, size_t n,
                         const cg_attr *(*attrs_of)(const cg_graph *, size_t, uint32_t *),
                         const cg_graph *g)
{
    /* few distinct keys: a small open-addressing table on key pointers */
    size_t sz = 64, count = 0;
    cg_keyinfo *tab = cg_xcalloc(sz, sizeof *tab);
    for (size_t i = 0; i < n; i++) {
        uint32_t na;
        const cg_attr *a = attrs_of(g, i, &na);
        for (uint32_t k = 0; k < na; k++) {
            cg_valtype t = a[k].plain ? cg_classify_scalar(a[k].text) : CG_VAL_TEXT;
            size_t h = ptr_hash(a[k].key) & (sz - 1);
            while (tab[h].key && tab[h].key != a[k].key) h = (h + 1) & (sz - 1);
            if (!tab[h].key) {
                tab[h].key = a[k].key;
                tab[h].type = t;
                if (++count * 2 > sz) {
                    size_t nsz = sz * 2;
                    cg_keyinfo *nt = cg_xcalloc(nsz, sizeof *nt);
                    for (size_t j = 0; j < sz; j++) {
                        if (!tab[j].key) continue;
                        size_t h2 = ptr_hash(tab[j].key) & (nsz - 1);
                        while (nt[h2].key) h2 = (h2 + 1) & (nsz - 1);
                        nt[h2] = tab[j];
                    }
                    free(tab);
                    tab = nt;
                    sz = nsz;
                }
            } else if (tab[h].type != t) {
                tab[h].type = CG_VAL_TEXT;
            }
        }
    }
    cg_keyinfo *list = cg_xmalloc((count ? count : 1) * sizeof *list);
    size_t m = 0;
    for (size_t j = 0; j < sz; j++)
        if (tab[j].key) list[m++] = tab[j];
    free(tab);
    qsort(list, m, sizeof *list, keyinfo_cmp);
    free(*out);
    *out = list;
    *nout = m;
}

static const cg_attr *node_attrs_of(const cg_graph *g, size_t i, uint32_t *n)
{
    *n = g->nodes[i].nattrs;
    return g->nodes[i].attrs;
}

static const cg_attr *edge_attrs_of(const cg_graph *g, size_t i, uint32_t *n)
{
    *n = g->edges[i].nattrs;
    return cg_edge_attrs(&g->edges[i]);
}

cg_valtype cg_graph_key_type(const cg_graph *g, int is_edge, const char *key)
{
    const cg_keyinfo *k = is_edge ? g->edge_keys : g->node_keys;
    size_t lo = 0, hi = is_edge ? g->nedge_keys : g->nnode_keys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(k[mid].key, key);
        if (c == 0) return k[mid].type;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return CG_VAL_TEXT;
}

static const cg_attr *find_attr(const cg_attr *a, uint32_t n, const char *key)
{
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(a[i].key, key) == 0) return &a[i];
    return NULL;
}

const cg_attr *cg_node_attr(const cg_graph *g, int32_t n, const char *key)
{
    return find_attr(g->nodes[n].attrs, g->nodes[n].nattrs, key);
}

const cg_attr *cg_edge_attr(const cg_graph *g, int32_t e, const char *key)
{
    return find_attr(cg_edge_attrs(&g->edges[e]), g->edges[e].nattrs, key);
}

/* ---- dates ---- */

int cg_date_cmp(const char *a, const char *b)
{
    if (a == b) return 0;
    if (!a) return 1;
    if (!b) return -1;
    return strcmp(a, b);
}

int cg_edge_in_range(const cg_edge *e, const char *since, const char *until)
{
    if (!e->date) return 1;
    char lo[11], hi[11];
    cg_date_interval(e->date, lo, hi);
    if (since) {
        char slo[11], shi[11];
        cg_date_interval(since, slo, shi);
        if (strcmp(hi, slo) < 0) return 0;    /* ends before the range starts */
    }
    if (until) {
        char ulo[11], uhi[11];
        cg_date_interval(until, ulo, uhi);
        if (strcmp(lo, uhi) > 0) return 0;    /* starts after the range ends */
    }
    return 1;
}

/* ---- finishing ---- */

static const cg_graph *sort_graph;   /* qsort has no context argument in C11 */

static int by_id_cmp(const void *a, const void *b)
{
    return strcmp(sort_graph->nodes[*(const int32_t *)a].id,
                  sort_graph->nodes[*(const int32_t *)b].id);
}

static void build_csr(size_t nv, size_t ne, const cg_edge *edges, int use_to,
                      int32_t **off_out, int32_t **list_out)
{
    int32_t *off = cg_xcalloc(nv + 1, sizeof *off);
    int32_t *list = cg_xmalloc((ne ? ne : 1) * sizeof *list);
    for (size_t e = 0; e < ne; e++) off[(use_to ? edges[e].to : edges[e].from) + 1]++;
    for (size_t v = 0; v < nv; v++) off[v + 1] += off[v];
    int32_t *fill = cg_xmalloc((nv ? nv : 1) * sizeof *fill);
    memcpy(fill, off, nv * sizeof *fill);
    for (size_t e = 0; e < ne; e++) list[fill[use_to ? edges[e].to : edges[e].from]++] = (int32_t)e;
    free(fill);
    *off_out = off;
    *list_out = list;
}


const char *cg_edge_file(const cg_graph *g, const cg_edge *e)
{
    if (!g->nfiles) return "";
    size_t i = (size_t)(e - g->edges), lo = 0, hi = g->nfiles;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->file_edge0[mid] <= i) lo = mid;
        else hi = mid;
    }
    return g->files[lo];
}

void cg_edge_set_parts(cg_graph *g, cg_edge *e, const int32_t *src, uint32_t ns, const cg_attr *attrs, uint32_t na)
{
    e->nsources = ns;
    e->nattrs = na;
    if (ns == 1 && na == 0) {
        e->x.one = src[0];
        return;
    }
    e->x.block = NULL;
    if (!ns && !na) return;
    size_t off = cg_edge_attrs_offset(ns);
    char *b = cg_arena_alloc(&g->arena, off + (size_t)na * sizeof *attrs);
    if (ns) memcpy(b, src, (size_t)ns * sizeof *src);
    if (na) memcpy(b + off, attrs, (size_t)na * sizeof *attrs);
    e->x.block = b;
}

/* cg_graph_finish's work is split between two threads: the second builds
 * the indexes, the node keys and the in-lists while the caller builds the
 * out-lists, the edge keys and the sources' counts (the halves touch
 * different fields). */
static void *finish_thread(void *arg)
{
    cg_graph *g = arg;
    size_t nv = g->nnodes;
    build_index(&g->node_index, &g->node_index_size, nv, node_id_of, g);
    build_index(&g->source_index, &g->source_index_size, g->nsources, source_id_of, g);
    free(g->by_id);
    free(g->id_rank);
    g->by_id = cg_xmalloc((nv ? nv : 1) * sizeof *g->by_id);
    g->id_rank = cg_xmalloc((nv ? nv : 1) * sizeof *g->id_rank);
    for (size_t i = 0; i < nv; i++) g->by_id[i] = (int32_t)i;
    sort_graph = g;
    qsort(g->by_id, nv, sizeof *g->by_id, by_id_cmp);
    sort_graph = NULL;
    for (size_t i = 0; i < nv; i++) g->id_rank[g->by_id[i]] = (int32_t)i;
    collect_keys(&g->node_keys, &g->nnode_keys, nv, node_attrs_of, g);
    free(g->in_off);
    free(g->in_edges);
    build_csr(nv, g->nedges, g->edges, 1, &g->in_off, &g->in_edges);
    return NULL;
}

#if CG_IGRAPH_INTERNALS
igraph_error_t cg_igraph_alloc(igraph_t *ig, size_t nv, size_t ne, igraph_bool_t directed)
{
    cg_igraph_setup();
    igraph_error_t rc = igraph_empty(ig, (igraph_integer_t)nv, directed);
    if (rc != IGRAPH_SUCCESS) return rc;
    if ((rc = igraph_vector_int_resize(&ig->from, (igraph_integer_t)ne)) ||
        (rc = igraph_vector_int_resize(&ig->to, (igraph_integer_t)ne)) ||
        (rc = igraph_vector_int_resize(&ig->oi, (igraph_integer_t)ne)) ||
        (rc = igraph_vector_int_resize(&ig->ii, (igraph_integer_t)ne)) ||
        (rc = igraph_vector_int_resize(&ig->os, (igraph_integer_t)nv + 1)) ||
        (rc = igraph_vector_int_resize(&ig->is, (igraph_integer_t)nv + 1))) {
        igraph_destroy(ig);
        return rc;
    }
    return IGRAPH_SUCCESS;
}
#endif

/* Builds the tables' indexes, the incidence lists, the key types and the
 * per-source edge counts.  No igraph graph is kept: the algorithms build
 * the one they run on (the merged graph, algo.h) from these tables when
 * first asked, so a load holds no second copy of the edges (doc/bench.md,
 * "Memory"). */
void cg_graph_finish(cg_graph *g)
{
    size_t nv = g->nnodes, ne = g->nedges;
    /* a second thread is worth it from some ten thousand elements */
    int worth = g->nedges + g->nnodes >= 20000;
    cg_task t;
    cg_task_start(&t, finish_thread, g, worth);
    free(g->out_off);
    free(g->out_edges);
    build_csr(nv, ne, g->edges, 0, &g->out_off, &g->out_edges);
    /* the edges' keys and the sources' counts here: on the other thread
     * they made its half the longer one (doc/bench.md) */
    collect_keys(&g->edge_keys, &g->nedge_keys, ne, edge_attrs_of, g);
    for (size_t s = 0; s < g->nsources; s++) g->sources[s].nedges = 0;
    for (size_t e = 0; e < ne; e++)
        for (uint32_t k = 0; k < g->edges[e].nsources; k++)
            g->sources[cg_edge_sources(&g->edges[e])[k]].nedges++;
    cg_task_wait(&t);
}

/* ---- edge order ---- */

static const cg_graph *graph_sort_g;

static int graph_edge_cmp(const void *a, const void *b)
{
    const cg_graph *g = graph_sort_g;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    const cg_edge *ex = &g->edges[x], *ey = &g->edges[y];
    int c = cg_date_cmp(ex->date, ey->date);
    if (c) return c;
    if (ex->from != ey->from) return g->id_rank[ex->from] < g->id_rank[ey->from] ? -1 : 1;
    c = strcmp(ex->type, ey->type);
    if (c) return c;
    if (ex->to != ey->to) return g->id_rank[ex->to] < g->id_rank[ey->to] ? -1 : 1;
    return (x > y) - (x < y);
}

void cg_sort_edges(const cg_graph *g, int32_t *edges, size_t n)
{
    graph_sort_g = g;
    if (n > 1) qsort(edges, n, sizeof *edges, graph_edge_cmp);
}
