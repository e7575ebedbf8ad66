/* algo.h - graph algorithms over a cg_graph: filtered traversal, shortest
 * paths, neighborhoods, centralities and components (SPEC 4), communities
 * (SPEC 10).
 *
 * Traversals run on the graph's CSR incidence lists; centralities other than
 * the degrees build a filtered, simplified igraph graph.  Nothing here
 * prints; failures come back as -1 with a cg_error, and a cancel (the
 * caller's callback, see cg_algo_monitor) as -1 with the message
 * "interrupted".
 */
#ifndef CG_ALGO_H
#define CG_ALGO_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "graph.h"

/* What the caller supplies for long computations: cancel is polled (every
 * few thousand steps of a traversal, and by igraph's long centralities), and
 * non-zero stops the computation with "interrupted"; progress, when set,
 * hears how far betweenness, closeness and harmonic centrality are, as a
 * whole percent (0-99) once one has run a second, and -1 at its end if it
 * heard any.  Either may be NULL. */
typedef struct cg_algo_monitor {
    int (*cancel)(void *ctx);
    void (*progress)(const char *what, int percent, void *ctx);
    void *ctx;
} cg_algo_monitor;

/* Sets the monitor of the computations that follow (copied; NULL: never
 * cancelled, no progress).  igraph's handlers are process-wide, and so is
 * this. */
void cg_algo_set_monitor(const cg_algo_monitor *m);

/* Which edges a query may use.  types: interned type names (NULL/0: all). */
typedef struct cg_filter {
    const char **types; size_t ntypes;
    const char *since, *until;      /* NULL: open */
    int directed;                   /* follow edges from -> to only */
} cg_filter;

/* 1 if edge e passes the type and date filters (direction aside). */
int cg_filter_edge(const cg_graph *g, const cg_filter *f, int32_t e);


/* ---- paths ---- */

typedef struct cg_path {
    int32_t *nodes;     /* nhops + 1 nodes */
    int32_t *edges;     /* nhops edges */
    size_t nhops;
} cg_path;

typedef struct cg_paths {
    cg_path *items;
    size_t count, cap;
    int truncated;      /* more shortest paths than max */
} cg_paths;

void cg_paths_destroy(cg_paths *p);
/* Appends a path of nhops hops: nodes[0..nhops], edges[0..nhops) (copied). */
void cg_paths_add(cg_paths *out, const int32_t *nodes, const int32_t *edges, size_t nhops);

/* The shortest paths from src to dst under f: the lexicographically smallest
 * one (all 0) or every one in lexicographic order up to max (all 1).
 * Returns 1 with paths filled, 0 when there is no path, -1 with err set. */
int cg_algo_path(const cg_graph *g, const cg_filter *f, int32_t src, int32_t dst,
                 int all, size_t max, cg_paths *out, cg_error *err);

/* The edge a hop from u to w lists: allowed by f, the earliest dated
 * (undated last), then by type, then by index; -1 if none. */
int32_t cg_algo_hop_edge(const cg_graph *g, const cg_filter *f, int32_t u, int32_t w);

/* ---- neighborhoods ---- */

typedef enum cg_dir { CG_DIR_BOTH = 0, CG_DIR_OUT, CG_DIR_IN } cg_dir;

/* Nodes within depth hops of start (start excluded), by distance then id.
 * *nodes and *dist are malloc'd (caller frees).  Returns 0 or -1. */
int cg_algo_neighbors(const cg_graph *g, const cg_filter *f, int32_t start, long depth, cg_dir dir,
                      int32_t **nodes, int32_t **dist, size_t *n, cg_error *err);

/* ---- centralities ---- */

typedef enum cg_metric {
    CG_M_DEGREE, CG_M_INDEGREE, CG_M_OUTDEGREE, CG_M_BETWEENNESS, CG_M_CLOSENESS,
    CG_M_HARMONIC, CG_M_PAGERANK, CG_M_EIGENVECTOR, CG_M_COUNT
} cg_metric;

extern const char *const cg_metric_names[CG_M_COUNT + 1];   /* NULL-terminated */

/* Scores of every node into scores[0..nnodes).  cutoff < 0: none (only
 * betweenness, closeness, harmonic use it).  Returns 0 or -1. */
int cg_algo_centrality(const cg_graph *g, const cg_filter *f, cg_metric m, int normalized,
                       double cutoff, double *scores, cg_error *err);

/* A session's cache of the unfiltered simplified igraph graphs (undirected
 * and directed) the centralities rank, so that repeated queries do not
 * rebuild them.  Zero-initialise it; cg_algo_cache_clear frees what it holds
 * (call it when the graph is replaced, and before dropping the cache). */
typedef struct cg_algo_cache {
    const cg_graph *g;      /* the graph they were built from */
    igraph_t simple[2];     /* [directed] */
    int ready[2];
} cg_algo_cache;

void cg_algo_cache_clear(cg_algo_cache *c);

/* cg_algo_centrality, taking the unfiltered graph (no via/since/until) from
 * cache (built there on first use); cache may be NULL. */
int cg_algo_centrality_cached(const cg_graph *g, cg_algo_cache *cache, const cg_filter *f, cg_metric m,
                              int normalized, double cutoff, double *scores, cg_error *err);

/* ---- components ---- */

/* Weak components under f: comp[v] in 0..*ncomp), numbered largest first,
 * ties by smallest member id.  comp is nnodes long (caller's). */
int cg_algo_components(const cg_graph *g, const cg_filter *f, int32_t *comp, size_t *ncomp, cg_error *err);

/* Renumbers the labels group[0..nnodes) (each below nnodes): equal labels
 * stay together, and the groups become 0..k) largest first, ties by
 * smallest member id.  Returns k. */
size_t cg_algo_rank_groups(const cg_graph *g, int32_t *group);

/* ---- communities ---- */

typedef enum cg_community_algo { CG_CA_LEIDEN, CG_CA_LOUVAIN, CG_CA_LABELPROP, CG_CA_COUNT } cg_community_algo;

extern const char *const cg_community_algo_names[CG_CA_COUNT + 1];   /* NULL-terminated */

/* Communities (community.c) of the graph f's types and dates leave
 * (direction ignored; parallel edges merged, self-loops dropped,
 * unweighted) by igraph's Leiden (modularity objective, resolution 1),
 * multilevel (Louvain) or label propagation, from a fixed seed:
 * comm[v] in 0..*ncomm), numbered largest first, ties by smallest member
 * id; a node without edges is a community of its own.  *modularity is
 * that partition's (resolution 1), NaN when no edge is left.  The
 * unfiltered graph comes from cache as for cg_algo_centrality_cached
 * (cache may be NULL).  comm is nnodes long (caller's).  Returns 0, or -1
 * with err set ("interrupted" when cancelled). */
int cg_algo_communities(const cg_graph *g, cg_algo_cache *cache, const cg_filter *f, cg_community_algo alg,
                        int32_t *comm, size_t *ncomm, double *modularity, cg_error *err);

/* ---- subgraphs ---- */

/* Every edge with both endpoints marked (mark[v] != 0), passing f when f is
 * not NULL, appended to *edges (a malloc'd array, count *n), ascending. */
void cg_algo_edges_among(const cg_graph *g, const unsigned char *mark, const cg_filter *f,
                         int32_t **edges, size_t *n);

#endif
