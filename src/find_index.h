/* find_index.h - what `find` searches: the folded text (fold.h) of every
 * value a field can hold, built on the first `find` and kept by the
 * session until the graph goes (as match's index is).
 *
 * graph.h interns all of a graph's text in g->strings (equal text, one
 * pointer) except node names, which the loader copies.  So the values are
 * the interned strings (each folded once, however many fields hold it:
 * a million edges share a few dozen types and a few thousand dates) and
 * the names that are not their node's id.  A search marks the values that
 * hit; cmd_find.c then finds the fields holding them by pointer. */
#ifndef CG_FIND_INDEX_H
#define CG_FIND_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "graph.h"

typedef struct cg_find_index {
    char *text;               /* the folded values, each ended by '\0' */
    size_t len;               /* bytes of text */
    size_t *off;              /* value i is text + off[i]; off[nvals] = len */
    size_t nvals;
    const char **ptr;         /* value i < npool: the interned string it folds */
    size_t npool;
    int32_t *name_node;       /* value npool + j: the name of node name_node[j] */
} cg_find_index;

/* The index of g, built into *cache on the first call (a later call with
 * the same cache returns it).  Never NULL (memory runs out: the process
 * ends, as cg_xmalloc does). */
const cg_find_index *find_index_get(cg_find_index **cache, const cg_graph *g);

/* 1 if node nd has a name of its own (not its id): a field to search. */
int find_index_has_name(const cg_node *nd);

/* Frees an index (NULL: nothing). */
void find_index_free(cg_find_index *ix);

#endif
