/* cmd_communities.c - `communities [leiden|louvain|labelprop]` (SPEC 10):
 * the algorithm named, the filters, the partition as rows (the algorithms
 * are community.c's) and its modularity on standard error. */
#include "command.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The algorithm token t names into *out; -1 with q->err set (a clause
 * keyword in its place, or an unknown name: suggestions, else the list). */
static int communities_algo(qctx *q, const cg_token *t, cg_community_algo *out)
{
    if (qargs_misplaced(q, t)) return -1;
    for (int a = 0; a < CG_CA_COUNT; a++)
        if (strcasecmp(cg_community_algo_names[a], t->text) == 0) {
            *out = (cg_community_algo)a;
            return 0;
        }
    char sugg[800], shown[100];
    size_t nsugg = qargs_suggest(t->text, cg_community_algo_names, CG_CA_COUNT, sugg, sizeof sugg);
    if (!nsugg) snprintf(sugg, sizeof sugg, " (leiden, louvain or labelprop)");
    cg_error_set(q->err, t->col, "unknown algorithm '%s'%s", qargs_shown(t->text, shown, sizeof shown), sugg);
    return -1;
}

int cmd_communities(qctx *q)
{
    const cg_graph *g = q->g;
    cg_community_algo alg = CG_CA_LEIDEN;
    if (q->ast->npos && communities_algo(q, q->ast->pos[0], &alg) < 0) return -1;
    if (qargs_filter(q, NULL, 0) < 0) return -1;
    long top;
    if (qargs_top(q, 10, &top) < 0) return -1;
    int32_t *comm = cg_xmalloc((g->nnodes + 1) * sizeof *comm);
    size_t ncomm;
    double modularity;
    if (cg_algo_communities(g, &q->s->cache, &q->filter, alg, comm, &ncomm, &modularity, q->err) < 0) {
        free(comm);
        return -1;
    }
    /* the modularity is part of the answer: printed with -q too, as `no
     * path` is; only the `showing N of M` note is chatter */
    if (modularity == modularity) {
        char text[40];
        cg_format_score(modularity, text, sizeof text);
        qio_note(q->s, "modularity: %s\n", text);
    } else {
        qio_note(q->s, "modularity: nan (no edges)\n");
    }
    static const char *const cols[] = { "community", "size", "members" };
    qrows_groups(q, cols, comm, ncomm, top, "communities", &q->filter);
    free(comm);
    return 0;
}
