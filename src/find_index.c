/* find_index.c - the folded text `find` searches (find_index.h): the
 * interned strings in the pool's slot order, then the nodes' own names in
 * node order, each folded once. */
#include "find_index.h"

#include <stdlib.h>
#include <string.h>
#include "fold.h"

/* See find_index.h. */
int find_index_has_name(const cg_node *nd)
{
    return nd->name != nd->id && strcmp(nd->name, nd->id) != 0;
}

/* See find_index.h. */
const cg_find_index *find_index_get(cg_find_index **cache, const cg_graph *g)
{
    if (*cache) return *cache;
    cg_find_index *ix = cg_xcalloc(1, sizeof *ix);
    const cg_strpool *pool = &g->strings;
    size_t nnames = 0;
    for (size_t v = 0; v < g->nnodes; v++) nnames += find_index_has_name(&g->nodes[v]);
    size_t cap = pool->count + nnames + 1;
    ix->off = cg_xmalloc((cap + 1) * sizeof *ix->off);
    ix->ptr = cg_xmalloc((pool->count + 1) * sizeof *ix->ptr);
    ix->name_node = cg_xmalloc((nnames + 1) * sizeof *ix->name_node);
    cg_buf text;
    cg_buf_init(&text);
    size_t bytes = 0;
    for (size_t i = 0; i < pool->nslots; i++)
        if (pool->slots[i].s) bytes += pool->slots[i].len + 1;
    CG_GROW(text.data, text.cap, bytes + 1);
    for (size_t i = 0; i < pool->nslots; i++) {
        const cg_strslot *sl = &pool->slots[i];
        if (!sl->s) continue;
        ix->off[ix->nvals] = text.len;
        ix->ptr[ix->nvals++] = sl->s;
        cg_fold_append(&text, sl->s, sl->len);
        cg_buf_putc(&text, '\0');
    }
    ix->npool = ix->nvals;
    for (size_t v = 0; v < g->nnodes; v++) {
        const cg_node *nd = &g->nodes[v];
        if (!find_index_has_name(nd)) continue;
        ix->off[ix->nvals] = text.len;
        ix->name_node[ix->nvals++ - ix->npool] = (int32_t)v;
        cg_fold_append(&text, nd->name, strlen(nd->name));
        cg_buf_putc(&text, '\0');
    }
    ix->off[ix->nvals] = text.len;
    if (!text.data) cg_buf_puts(&text, "");
    ix->text = text.data;
    ix->len = text.len;
    *cache = ix;
    return ix;
}

/* See find_index.h. */
void find_index_free(cg_find_index *ix)
{
    if (!ix) return;
    free(ix->text);
    free(ix->off);
    free(ix->ptr);
    free(ix->name_node);
    free(ix);
}
