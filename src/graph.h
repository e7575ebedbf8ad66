/* graph.h - the loaded case: casegraph's own tables, with incidence lists.
 *
 * Node i of the tables is vertex i of any igraph graph an algorithm builds
 * from them (algo.h: the merged graph).  All text
 * is interned in `strings` (equal text, equal pointer).  A graph is built once
 * by the loader and is immutable afterwards; `load` in a session builds a new
 * graph and swaps it in only when it loaded without error.
 */
#ifndef CG_GRAPH_H
#define CG_GRAPH_H

#include <igraph.h>
#include <stdint.h>
#include "util.h"

/* CG_IGRAPH_INTERNALS: igraph 0.10's igraph_t is a public struct
 * (igraph_datatype.h), so casegraph fills its arrays itself (cg_igraph_alloc)
 * instead of going through igraph_create's edge vector and sorts.  Another
 * igraph, or a build with -DCG_IGRAPH_PUBLIC_API (`make public-api`, run by
 * make test), takes igraph_create. */
#if IGRAPH_VERSION_MAJOR == 0 && IGRAPH_VERSION_MINOR == 10 && !defined(CG_IGRAPH_PUBLIC_API)
#define CG_IGRAPH_INTERNALS 1
#else
#define CG_IGRAPH_INTERNALS 0
#endif

/* One attribute: a key and the value's text as written.  `plain` is 1 for a
 * plain (unquoted, untagged) scalar, which may be typed; quoted values and
 * !!str are always text.  The key's type across the graph is in cg_keyinfo. */
typedef struct cg_attr {
    const char *key;
    const char *text;
    int plain;
} cg_attr;

typedef struct cg_node {
    const char *id;
    const char *kind;
    const char *name;          /* defaults to id */
    const char **aliases;      /* naliases interned strings (arena) */
    uint32_t naliases;
    uint32_t nattrs;
    cg_attr *attrs;            /* nattrs, in file order (arena) */
    const char *file;          /* where it was defined */
    uint32_t line, col;
} cg_node;

typedef struct cg_edge {
    int32_t from, to;          /* node indices */
    const char *type;
    const char *date;          /* NULL when undated */
    uint32_t nsources;
    uint32_t nattrs;
    /* The sources' indices and the attributes, read through
     * cg_edge_sources and cg_edge_attrs: with one source and no attribute
     * (most edges), the source itself; otherwise a block of the arena
     * holding the nsources indices, then (from cg_edge_attrs_offset) the
     * nattrs attributes: cg_edge_set_parts makes it.  An edge is 48 bytes, and a million of them need no
     * million small blocks (doc/bench.md, "Memory"). */
    union {
        int32_t one;
        void *block;
    } x;
    /* where it was written, 1-based: in the file cg_edge_file gives
     * (`lint` cites it), line and column of its entry */
    uint32_t line, col;
} cg_edge;

/* Where an edge's sources and attributes live in its block. */
static inline size_t cg_edge_attrs_offset(uint32_t nsources)
{
    return ((size_t)nsources * sizeof(int32_t) + 7) & ~(size_t)7;
}
/* 1 if the edge keeps its one source in place, without a block. */
static inline int cg_edge_inline(const cg_edge *e)
{
    return e->nsources == 1 && e->nattrs == 0;
}
/* The edge's nsources source indices (NULL when none), to fill in (the
 * loader resolving a source defined later). */
static inline int32_t *cg_edge_sources_w(cg_edge *e)
{
    if (cg_edge_inline(e)) return &e->x.one;
    return e->nsources ? (int32_t *)e->x.block : NULL;
}
/* The same, to read. */
static inline const int32_t *cg_edge_sources(const cg_edge *e)
{
    return cg_edge_sources_w((cg_edge *)e);
}
/* The edge's nattrs attributes, in file order (NULL when none). */
static inline const cg_attr *cg_edge_attrs(const cg_edge *e)
{
    return e->nattrs ? (const cg_attr *)((const char *)e->x.block + cg_edge_attrs_offset(e->nsources)) : NULL;
}

typedef struct cg_source {
    const char *id;
    const char *title, *publisher, *date, *url, *file, *note;   /* NULL if absent */
    cg_attr *attrs;            /* any other keys */
    uint32_t nattrs;
    uint32_t nedges;           /* edges citing it */
} cg_source;

/* An edge type: built in or declared, with optional endpoint rules (lists of
 * kinds; empty means any). */
typedef struct cg_typedef {
    const char *name;
    const char **from_kinds; uint32_t nfrom;
    const char **to_kinds;   uint32_t nto;
    int builtin;
} cg_typedef;

/* An attribute key and its single type across the graph (mixed -> text). */
typedef struct cg_keyinfo {
    const char *key;
    cg_valtype type;
} cg_keyinfo;

typedef struct cg_graph {
    cg_strpool strings;
    cg_arena arena;

    cg_node *nodes;     size_t nnodes, nodes_cap;
    cg_edge *edges;     size_t nedges, edges_cap;
    cg_source *sources; size_t nsources, sources_cap;

    /* kinds: built-ins first, then declared ones, in declaration order
     * (what goes here, and what a type's rules allow, is schema.c's) */
    const char **kinds; size_t nkinds, kinds_cap; size_t nbuiltin_kinds;
    cg_typedef *types;  size_t ntypes, types_cap; size_t nbuiltin_types;

    cg_keyinfo *node_keys; size_t nnode_keys;   /* sorted by key */
    cg_keyinfo *edge_keys; size_t nedge_keys;   /* sorted by key */

    const char *name, *description;             /* NULL if absent */
    const char **files; size_t nfiles;          /* the files it was loaded from */
    /* edges of files[k] begin at edge file_edge0[k] (each file's edges are
     * one run: a file is read whole before the next) */
    size_t *file_edge0;

    /* id -> node index and id -> source index (open addressing on pointers) */
    int32_t *node_index; size_t node_index_size;
    int32_t *source_index; size_t source_index_size;

    /* Incidence lists (CSR): out_edges[out_off[v] .. out_off[v+1]) are the
     * edges leaving v, in edge order; likewise in_*. */
    int32_t *out_off, *out_edges, *in_off, *in_edges;
    /* Node indices sorted by id (strcmp), and each node's rank in it. */
    int32_t *by_id, *id_rank;
} cg_graph;

/* A new, empty graph: no nodes, no kinds and no types (the built-in ones
 * are the schema's: cg_schema_declare_builtins, which the loader calls).
 * Free with cg_graph_free.  The first call installs igraph's handlers
 * (cg_igraph_setup). */
cg_graph *cg_graph_new(void);

/* Installs, once per process, igraph handlers that never abort: an error
 * keeps its first non-empty reason (cg_igraph_reason) and frees igraph's
 * FINALLY stack; warnings are silent.  cg_graph_new and cg_igraph_alloc
 * call it, so every program that links the graph layer is safe; calling it
 * again does nothing. */
void cg_igraph_setup(void);
/* The first non-empty reason igraph gave since cg_igraph_reason_clear ("" if
 * none). */
const char *cg_igraph_reason(void);
void cg_igraph_reason_clear(void);
void cg_graph_free(cg_graph *g);

#if CG_IGRAPH_INTERNALS
/* Makes ig a graph of nv vertices whose internal arrays are sized but not
 * filled (from, to, oi, ii: ne entries; os, is: nv + 1), for the caller to
 * fill as igraph_create would: igraph 0.10's igraph_t is a public struct
 * (igraph_datatype.h).  Returns an igraph error code; on failure ig is not
 * initialised. */
igraph_error_t cg_igraph_alloc(igraph_t *ig, size_t nv, size_t ne, igraph_bool_t directed);
#endif

/* Gives edge e its sources (src[0..ns)) and attributes (attrs[0..na)),
 * copied into its block in g's arena, or the one source kept in place. */
void cg_edge_set_parts(cg_graph *g, cg_edge *e, const int32_t *src, uint32_t ns, const cg_attr *attrs, uint32_t na);

/* Called by the loader once all tables are filled: builds the indexes, the
 * incidence lists, the key types and the per-source edge counts.  Keeps no
 * igraph graph: the algorithms build theirs from these tables (algo.h). */
void cg_graph_finish(cg_graph *g);

/* Index of the node / source / kind / type with this exact id, or -1. */
int32_t cg_graph_find_node(const cg_graph *g, const char *id);
int32_t cg_graph_find_source(const cg_graph *g, const char *id);
int cg_graph_find_kind(const cg_graph *g, const char *kind);
int cg_graph_find_type(const cg_graph *g, const char *type);

/* The type a node (is_edge 0) or edge (1) attribute key has, CG_VAL_TEXT if
 * the key is unknown. */
cg_valtype cg_graph_key_type(const cg_graph *g, int is_edge, const char *key);

/* The value of attribute `key` on node n / edge e, or NULL. */
const cg_attr *cg_node_attr(const cg_graph *g, int32_t n, const char *key);
const cg_attr *cg_edge_attr(const cg_graph *g, int32_t e, const char *key);

/* The file edge e (one of g->edges) was written in: one of g->files, or
 * "" when the graph was not read from files (import). */
const char *cg_edge_file(const cg_graph *g, const cg_edge *e);

/* Compare two dates in date order (ISO text order); NULL (undated) sorts last. */
int cg_date_cmp(const char *a, const char *b);
/* Sorts edges[0..n) in the order `edges` and `timeline` list them: date
 * (undated last), from id, type, to id, then file order. */
void cg_sort_edges(const cg_graph *g, int32_t *edges, size_t n);

/* 1 if edge e's date interval reaches into [since, until] (either may be NULL
 * for an open end).  Undated edges always pass. */
int cg_edge_in_range(const cg_edge *e, const char *since, const char *until);

#endif
