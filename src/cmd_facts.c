/* cmd_facts.c - the commands that list the case's facts: stats, nodes,
 * edges, show, timeline and sources. */
#include "command.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int cmd_stats(qctx *q)
{
    static const char *const cols[] = { "key", "value" };
    const cg_graph *g = q->g;
    cg_result *r = &q->res;
    cg_result_init(r, cols, 2);
    q->nres = 1;
    cg_filter none;
    memset(&none, 0, sizeof none);
    int32_t *comp = cg_xmalloc((g->nnodes + 1) * sizeof *comp);
    size_t ncomp = 0;
    if (cg_algo_components(g, &none, comp, &ncomp, q->err) < 0) {
        free(comp);
        return -1;
    }
    free(comp);
    struct { const char *k; size_t v; } base[] = {
        { "nodes", g->nnodes }, { "edges", g->nedges }, { "sources", g->nsources }, { "components", ncomp },
    };
    for (size_t i = 0; i < 4; i++) {
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], base[i].k);
        cg_cell_int(r, &row[1], (long long)base[i].v);
    }
    /* kinds and types in use, sorted by name */
    for (int pass = 0; pass < 2; pass++) {
        size_t nn = pass == 0 ? g->nkinds : g->ntypes;
        const char **names = cg_xmalloc((nn + 1) * sizeof *names);
        size_t *counts = cg_xcalloc(nn + 1, sizeof *counts);
        for (size_t i = 0; i < nn; i++) names[i] = pass == 0 ? g->kinds[i] : g->types[i].name;
        size_t total = pass == 0 ? g->nnodes : g->nedges;
        for (size_t i = 0; i < total; i++) {
            const char *x = pass == 0 ? g->nodes[i].kind : g->edges[i].type;
            for (size_t k = 0; k < nn; k++)
                if (names[k] == x) { counts[k]++; break; }
        }
        /* selection sort by name over the few kinds/types */
        for (size_t i = 0; i < nn; i++)
            for (size_t j = i + 1; j < nn; j++)
                if (strcmp(names[j], names[i]) < 0) {
                    const char *t = names[i]; names[i] = names[j]; names[j] = t;
                    size_t c = counts[i]; counts[i] = counts[j]; counts[j] = c;
                }
        for (size_t i = 0; i < nn; i++) {
            if (!counts[i]) continue;
            cg_cell *row = cg_result_add_row(r);
            cg_buf kb;
            cg_buf_init(&kb);
            cg_buf_printf(&kb, "%s:%s", pass == 0 ? "kind" : "type", names[i]);
            cg_cell_text(&row[0], cg_result_strdup(r, kb.data));
            cg_buf_destroy(&kb);
            cg_cell_int(r, &row[1], (long long)counts[i]);
        }
        free(names);
        free(counts);
    }
    return 0;
}

/* ---- `where KEY OP VALUE` (SPEC 9) ---- */

/* The built-in fields a condition may name besides attributes. */
enum {
    FACTS_F_ATTR = 0,
    FACTS_F_ID, FACTS_F_KIND, FACTS_F_NAME, FACTS_F_ALIAS,                  /* nodes */
    FACTS_F_TYPE, FACTS_F_DATE, FACTS_F_FROM, FACTS_F_TO, FACTS_F_SOURCE    /* edges */
};
static const char *const facts_node_fields[] = { "id", "kind", "name", "alias" };
static const char *const facts_edge_fields[] = { "type", "date", "from", "to", "source" };

/* A condition resolved against the graph. */
typedef struct facts_cond {
    const cg_cond *c;
    int field;           /* FACTS_F_* */
    int num;             /* the value reads as a number: x */
    double x;
    char *folded;        /* the value case-folded (for ~ and name/alias =) */
} facts_cond;

/* 1 if s is a whole decimal number (not nan, inf or hex), into *x. */
static int facts_number(const char *s, double *x)
{
    if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.')) return 0;
    for (const char *p = s; *p; p++)
        if (*p == 'x' || *p == 'X' || *p == 'n' || *p == 'N' || *p == 'i' || *p == 'I') return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || end == s || !isfinite(v)) return 0;
    *x = v;
    return 1;
}

/* Resolves the query's conditions for nodes (is_edge 0) or edges (1) into
 * *out (n of them; free with facts_conds_free).  A key that is no field and
 * that nothing of that class has is an error with suggestions. */
static int facts_conds(qctx *q, int is_edge, facts_cond **out, size_t *nout)
{
    const cg_graph *g = q->g;
    const cg_ast *a = q->ast;
    facts_cond *fc = cg_xcalloc(a->nconds + 1, sizeof *fc);
    *out = fc;
    *nout = 0;
    const char *const *fields = is_edge ? facts_edge_fields : facts_node_fields;
    size_t nfields = is_edge ? 5 : 4;
    const cg_keyinfo *keys = is_edge ? g->edge_keys : g->node_keys;
    size_t nkeys = is_edge ? g->nedge_keys : g->nnode_keys;
    for (size_t i = 0; i < a->nconds; i++) {
        const cg_cond *c = &a->conds[i];
        facts_cond *f = &fc[(*nout)++];
        f->c = c;
        for (size_t k = 0; k < nfields; k++)
            if (strcmp(c->key, fields[k]) == 0) f->field = (int)k + (is_edge ? FACTS_F_TYPE : FACTS_F_ID);
        if (!is_edge && strcmp(c->key, "aliases") == 0) f->field = FACTS_F_ALIAS;
        if (f->field == FACTS_F_ATTR) {
            size_t k;
            for (k = 0; k < nkeys; k++)
                if (strcmp(keys[k].key, c->key) == 0) break;
            if (k == nkeys) {
                const char **names = cg_xmalloc((nkeys + nfields) * sizeof *names);
                for (k = 0; k < nkeys; k++) names[k] = keys[k].key;
                for (size_t j = 0; j < nfields; j++) names[nkeys + j] = fields[j];
                char sugg[800], shown[200];
                qargs_suggest(c->key, names, nkeys + nfields, sugg, sizeof sugg);
                cg_error_set(q->err, c->key_col, "no %s has the attribute '%s'%s", is_edge ? "edge" : "node",
                             qargs_shown(c->key, shown, sizeof shown), sugg);
                free(names);
                return -1;
            }
        }
        f->num = facts_number(c->value, &f->x);
        cg_buf b;
        cg_buf_init(&b);
        cg_fold(c->value, &b);
        f->folded = cg_xstrdup(b.data ? b.data : "");
        cg_buf_destroy(&b);
    }
    return 0;
}

static void facts_conds_free(facts_cond *fc, size_t n)
{
    for (size_t i = 0; i < n; i++) free(fc[i].folded);
    free(fc);
}

/* One value against a condition whose operator is not != (that one is the
 * negation of =).  numeric: the value is a number of the graph (typed as
 * the JSON export types it); fold: = compares case-folded (names, aliases),
 * nocase: = ignores ASCII case (kinds, types). */
static int facts_test(const facts_cond *f, const char *text, int numeric, int fold, int nocase, cg_buf *tmp)
{
    cg_cond_op op = f->c->op;
    if (op == CG_OP_SUBSTR) {
        cg_fold(text, tmp);
        return strstr(tmp->data ? tmp->data : "", f->folded) != NULL;
    }
    int c;
    if (numeric && f->num) {
        double y = strtod(text, NULL);
        c = (y > f->x) - (y < f->x);
    } else if (op == CG_OP_EQ && fold) {
        cg_fold(text, tmp);
        c = strcmp(tmp->data ? tmp->data : "", f->folded) != 0;
    } else if (op == CG_OP_EQ && nocase) {
        c = strcasecmp(text, f->c->value) != 0;
    } else {
        c = strcmp(text, f->c->value);   /* text (and ISO dates) in code point order */
    }
    switch (op) {
    case CG_OP_EQ: return c == 0;
    case CG_OP_LT: return c < 0;
    case CG_OP_LE: return c <= 0;
    case CG_OP_GT: return c > 0;
    case CG_OP_GE: return c >= 0;
    default: return 0;
    }
}

/* 1 if entity id (a node, or an edge when is_edge) satisfies f.  An entity
 * without the key satisfies only !=; a list (aliases, sources) satisfies a
 * condition when one of its items does, and != when = does not hold. */
static int facts_match(qctx *q, int is_edge, int32_t id, const facts_cond *f, cg_buf *tmp)
{
    const cg_graph *g = q->g;
    if (f->c->op == CG_OP_NE) {
        facts_cond eq = *f;
        cg_cond c = *f->c;
        c.op = CG_OP_EQ;
        eq.c = &c;
        return !facts_match(q, is_edge, id, &eq, tmp);
    }
    if (!is_edge) {
        const cg_node *nd = &g->nodes[id];
        switch (f->field) {
        case FACTS_F_ID: return facts_test(f, nd->id, 0, 0, 0, tmp);
        case FACTS_F_KIND: return facts_test(f, nd->kind, 0, 0, 1, tmp);
        case FACTS_F_NAME: return facts_test(f, nd->name, 0, 1, 0, tmp);
        case FACTS_F_ALIAS:
            for (uint32_t k = 0; k < nd->naliases; k++)
                if (facts_test(f, nd->aliases[k], 0, 1, 0, tmp)) return 1;
            return 0;
        default: break;
        }
        const cg_attr *a = cg_node_attr(g, id, f->c->key);
        if (!a) return 0;
        cg_valtype t = cg_writer_attr_type(g, 0, a);
        return facts_test(f, a->text, t == CG_VAL_INT || t == CG_VAL_DOUBLE, 0, 0, tmp);
    }
    const cg_edge *ed = &g->edges[id];
    switch (f->field) {
    case FACTS_F_TYPE: return facts_test(f, ed->type, 0, 0, 1, tmp);
    case FACTS_F_DATE: return ed->date && facts_test(f, ed->date, 0, 0, 0, tmp);
    case FACTS_F_FROM: return facts_test(f, g->nodes[ed->from].id, 0, 0, 0, tmp);
    case FACTS_F_TO: return facts_test(f, g->nodes[ed->to].id, 0, 0, 0, tmp);
    case FACTS_F_SOURCE:
        for (uint32_t k = 0; k < ed->nsources; k++)
            if (facts_test(f, g->sources[cg_edge_sources(ed)[k]].id, 0, 0, 0, tmp)) return 1;
        return 0;
    default: break;
    }
    const cg_attr *a = cg_edge_attr(g, id, f->c->key);
    if (!a) return 0;
    cg_valtype t = cg_writer_attr_type(g, 1, a);
    return facts_test(f, a->text, t == CG_VAL_INT || t == CG_VAL_DOUBLE, 0, 0, tmp);
}

/* 1 if entity id satisfies every condition. */
static int facts_match_all(qctx *q, int is_edge, int32_t id, const facts_cond *fc, size_t n, cg_buf *tmp)
{
    for (size_t i = 0; i < n; i++)
        if (!facts_match(q, is_edge, id, &fc[i], tmp)) return 0;
    return 1;
}

int cmd_nodes(qctx *q)
{
    const cg_graph *g = q->g;
    const cg_ast *a = q->ast;
    if (qargs_kinds(q, a->pos, a->npos) < 0) return -1;
    facts_cond *fc;
    size_t nfc;
    if (facts_conds(q, 0, &fc, &nfc) < 0) {
        facts_conds_free(fc, nfc);
        return -1;
    }
    cg_buf tmp;
    cg_buf_init(&tmp);
    int32_t *list = cg_xmalloc((g->nnodes + 1) * sizeof *list);
    size_t n = 0;
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    for (size_t i = 0; i < g->nnodes; i++) {
        int32_t v = g->by_id[i];
        if (!qargs_kind_ok(q, v)) continue;
        if (nfc && !facts_match_all(q, 0, v, fc, nfc, &tmp)) continue;
        list[n++] = v;
        mark[v] = 1;
    }
    cg_buf_destroy(&tmp);
    facts_conds_free(fc, nfc);
    qrows_with w;
    if (qrows_with_init(q, QROWS_NODE, qrows_node_cols, 3, list, n, &w) < 0) {
        free(list);
        free(mark);
        qrows_with_destroy(&w);
        return -1;
    }
    cg_result *r = &q->res;
    qrows_with_result(r, qrows_node_cols, 3, &w);
    q->nres = 1;
    for (size_t i = 0; i < n; i++) {
        int32_t v = list[i];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], g->nodes[v].id);
        cg_cell_text(&row[1], g->nodes[v].kind);
        cg_cell_text(&row[2], g->nodes[v].name);
        qrows_with_cells(q, r, row + 3, &w, v);
    }
    qrows_with_destroy(&w);
    free(list);
    qrows_select_among(q, mark, NULL);
    free(mark);
    return 0;
}

/* A source id (exact: ids are never folded) into *out; -1 with q->err set
 * and suggestions from the source ids when there is none. */
static int facts_source_ref(qctx *q, const cg_token *t, int32_t *out)
{
    const cg_graph *g = q->g;
    int32_t s = cg_graph_find_source(g, t->text);
    if (s >= 0) { *out = s; return 0; }
    const char **ids = cg_xmalloc((g->nsources + 1) * sizeof *ids);
    for (size_t i = 0; i < g->nsources; i++) ids[i] = g->sources[i].id;
    char shown[200], sugg[800];
    qargs_suggest(t->text, ids, g->nsources, sugg, sizeof sugg);
    free(ids);
    cg_error_set(q->err, t->col, "unknown source '%s'%s", qargs_shown(t->text, shown, sizeof shown), sugg);
    return -1;
}

/* 1 if edge e cites one of the sources marked in want. */
static int facts_cites(const cg_graph *g, int32_t e, const unsigned char *want)
{
    const cg_edge *ed = &g->edges[e];
    for (uint32_t k = 0; k < ed->nsources; k++)
        if (want[cg_edge_sources(ed)[k]]) return 1;
    return 0;
}

int cmd_edges(qctx *q)
{
    const cg_graph *g = q->g;
    const cg_ast *a = q->ast;
    if (qargs_filter(q, a->pos, a->npos) < 0) return -1;
    int32_t from = -1, to = -1;
    if (qargs_clause(q, CG_CL_FROM) && qargs_node(q, qargs_clause(q, CG_CL_FROM)->args[0], &from) < 0) return -1;
    if (qargs_clause(q, CG_CL_TO) && qargs_node(q, qargs_clause(q, CG_CL_TO)->args[0], &to) < 0) return -1;
    const cg_clause *sc = qargs_clause(q, CG_CL_SOURCE);
    unsigned char *want = NULL;
    if (sc) {
        want = cg_xcalloc(g->nsources + 1, 1);
        for (size_t i = 0; i < sc->nargs; i++) {
            int32_t s;
            if (facts_source_ref(q, sc->args[i], &s) < 0) { free(want); return -1; }
            want[s] = 1;
        }
    }
    facts_cond *fc;
    size_t nfc;
    if (facts_conds(q, 1, &fc, &nfc) < 0) {
        facts_conds_free(fc, nfc);
        free(want);
        return -1;
    }
    cg_buf tmp;
    cg_buf_init(&tmp);
    int32_t *list = cg_xmalloc((g->nedges + 1) * sizeof *list);
    size_t n = 0;
    for (size_t e = 0; e < g->nedges; e++) {
        if (from >= 0 && g->edges[e].from != from) continue;
        if (to >= 0 && g->edges[e].to != to) continue;
        if (want && !facts_cites(g, (int32_t)e, want)) continue;
        if (!cg_filter_edge(g, &q->filter, (int32_t)e)) continue;
        if (nfc && !facts_match_all(q, 1, (int32_t)e, fc, nfc, &tmp)) continue;
        list[n++] = (int32_t)e;
    }
    cg_buf_destroy(&tmp);
    facts_conds_free(fc, nfc);
    free(want);
    cg_sort_edges(g, list, n);
    qrows_with w;
    if (qrows_with_init(q, QROWS_EDGE, qrows_edge_cols, 5, list, n, &w) < 0) {
        qrows_with_destroy(&w);
        free(list);
        return -1;
    }
    qrows_with_result(&q->res, qrows_edge_cols, 5, &w);
    q->nres = 1;
    qrows_edge_rows(q, &q->res, list, n, &w);
    qrows_with_destroy(&w);
    qrows_select_edges(q, list, n);
    free(list);
    return 0;
}

/* show's second table: edges[0..n) (sorted here) in `edges` order, and the
 * result subgraph; key names the entity ("node", "source") in json and in
 * tsv/csv's part column. */
static int facts_show_edges(qctx *q, int32_t *edges, size_t n, const char *key)
{
    cg_sort_edges(q->g, edges, n);
    qrows_with w;
    if (qrows_with_init(q, QROWS_EDGE, qrows_edge_cols, 5, edges, n, &w) < 0) {
        qrows_with_destroy(&w);
        q->nres = 1;     /* the fields' table is freed */
        return -1;
    }
    qrows_with_result(&q->res2, qrows_edge_cols, 5, &w);
    qrows_edge_rows(q, &q->res2, edges, n, &w);
    qrows_with_destroy(&w);
    q->nres = 2;
    q->json_show = 1;
    q->show_key = key;
    qrows_select_edges(q, edges, n);
    return 0;
}

/* `show source ID`: the source's fields, then the edges citing it. */
static int facts_show_source(qctx *q, int32_t si)
{
    static const char *const cols[] = { "key", "value" };
    const cg_graph *g = q->g;
    const cg_source *src = &g->sources[si];
    cg_result *r = &q->res;
    cg_result_init(r, cols, 2);
    const struct { const char *key, *val; } fields[] = {
        { "id", src->id }, { "title", src->title }, { "publisher", src->publisher }, { "date", src->date },
        { "url", src->url }, { "file", src->file }, { "note", src->note },
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!fields[i].val) continue;
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], fields[i].key);
        cg_cell_text(&row[1], fields[i].val);
    }
    for (uint32_t i = 0; i < src->nattrs; i++) {
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], src->attrs[i].key);
        cg_cell_text(&row[1], src->attrs[i].text);
    }
    cg_cell *row = cg_result_add_row(r);
    cg_cell_text(&row[0], "edges");
    cg_cell_int(r, &row[1], (long long)src->nedges);
    int32_t *list = cg_xmalloc((g->nedges + 1) * sizeof *list);
    size_t n = 0;
    unsigned char *want = cg_xcalloc(g->nsources + 1, 1);
    want[si] = 1;
    for (size_t e = 0; e < g->nedges; e++)
        if (facts_cites(g, (int32_t)e, want)) list[n++] = (int32_t)e;
    free(want);
    int rc = facts_show_edges(q, list, n, "source");
    free(list);
    return rc;
}

int cmd_show(qctx *q)
{
    static const char *const cols[] = { "key", "value" };
    const cg_graph *g = q->g;
    const cg_ast *a = q->ast;
    const cg_clause *sc = qargs_clause(q, CG_CL_SOURCE);
    int32_t v, si;
    if (sc) {
        if (a->npos || sc->nargs != 1) {
            cg_error_set(q->err, a->npos ? a->pos[0]->col : sc->args[1]->col,
                         "show takes one node or one source (show NODE, show source ID)");
            return -1;
        }
        if (facts_source_ref(q, sc->args[0], &si) < 0) return -1;
        return facts_show_source(q, si);
    }
    if (!a->npos) {
        cg_error_set(q->err, a->cmd_col + 4, "missing argument to 'show' (usage: show NODE | show source ID)");
        return -1;
    }
    /* nodes and sources are separate namespaces: an id no node has may be
     * a source's */
    if (cg_graph_find_node(g, a->pos[0]->text) < 0 && (si = cg_graph_find_source(g, a->pos[0]->text)) >= 0)
        return facts_show_source(q, si);
    if (qargs_node(q, a->pos[0], &v) < 0) return -1;
    const cg_node *nd = &g->nodes[v];
    cg_result *r = &q->res;
    cg_result_init(r, cols, 2);
    cg_cell *row;
    row = cg_result_add_row(r); cg_cell_text(&row[0], "id"); cg_cell_text(&row[1], nd->id);
    row = cg_result_add_row(r); cg_cell_text(&row[0], "kind"); cg_cell_text(&row[1], nd->kind);
    row = cg_result_add_row(r); cg_cell_text(&row[0], "name"); cg_cell_text(&row[1], nd->name);
    if (nd->naliases) {
        row = cg_result_add_row(r);
        cg_cell_text(&row[0], "aliases");
        cg_cell_list(r, &row[1], nd->aliases, nd->naliases);
    }
    int defined_attr = 0;
    for (uint32_t i = 0; i < nd->nattrs; i++) {
        const cg_attr *at = &nd->attrs[i];
        row = cg_result_add_row(r);
        cg_cell_text(&row[0], at->key);
        if (strcmp(at->key, "defined") == 0) defined_attr = 1;
        cg_valtype t = at->plain ? cg_graph_key_type(g, 0, at->key) : CG_VAL_TEXT;
        if (t == CG_VAL_INT || t == CG_VAL_DOUBLE) {
            char num[64];
            cg_writer_number(at->text, t, num, sizeof num);
            cg_cell_number(r, &row[1], num);
        } else if (t == CG_VAL_BOOL) {
            row[1].type = CG_CELL_BOOL;
            row[1].s = strcmp(at->text, "true") == 0 ? "true" : "false";
        } else {
            cg_cell_text(&row[1], at->text);
        }
    }
    if (nd->file && !defined_attr) {
        cg_buf b;
        cg_buf_init(&b);
        cg_buf_printf(&b, "%s:%u", nd->file, nd->line);
        row = cg_result_add_row(r);
        cg_cell_text(&row[0], "defined");
        cg_cell_text(&row[1], cg_result_strdup(r, b.data));
        cg_buf_destroy(&b);
    }
    /* its edges, both directions, a self-loop once */
    size_t cap = (size_t)(g->out_off[v + 1] - g->out_off[v]) + (size_t)(g->in_off[v + 1] - g->in_off[v]) + 1;
    int32_t *list = cg_xmalloc(cap * sizeof *list);
    size_t n = 0;
    for (int32_t k = g->out_off[v]; k < g->out_off[v + 1]; k++) list[n++] = g->out_edges[k];
    for (int32_t k = g->in_off[v]; k < g->in_off[v + 1]; k++)
        if (g->edges[g->in_edges[k]].from != v) list[n++] = g->in_edges[k];
    if (facts_show_edges(q, list, n, "node") < 0) {
        free(list);
        return -1;
    }
    /* the node itself even without edges */
    if (n == 0) {
        q->sel.nodes = cg_xrealloc(q->sel.nodes, sizeof *q->sel.nodes);
        q->sel.nodes[0] = v;
        q->sel.nnodes = 1;
    }
    free(list);
    return 0;
}

int cmd_timeline(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t v = -1;
    if (q->ast->npos && qargs_node(q, q->ast->pos[0], &v) < 0) return -1;
    if (qargs_filter(q, NULL, 0) < 0) return -1;
    int32_t *list = cg_xmalloc((g->nedges + 1) * sizeof *list);
    size_t n = 0;
    for (size_t e = 0; e < g->nedges; e++) {
        const cg_edge *ed = &g->edges[e];
        if (!ed->date) continue;
        if (v >= 0 && ed->from != v && ed->to != v) continue;
        if (!cg_filter_edge(g, &q->filter, (int32_t)e)) continue;
        list[n++] = (int32_t)e;
    }
    cg_sort_edges(g, list, n);
    static const char *const cols[] = { "date", "from", "type", "to", "source" };
    qrows_with w;
    if (qrows_with_init(q, QROWS_EDGE, cols, 5, list, n, &w) < 0) {
        qrows_with_destroy(&w);
        free(list);
        return -1;
    }
    cg_result *r = &q->res;
    qrows_with_result(r, cols, 5, &w);
    q->nres = 1;
    for (size_t i = 0; i < n; i++) {
        const cg_edge *e = &g->edges[list[i]];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], e->date);
        cg_cell_text(&row[1], g->nodes[e->from].id);
        cg_cell_text(&row[2], e->type);
        cg_cell_text(&row[3], g->nodes[e->to].id);
        qrows_sources(q, r, &row[4], list[i]);
        qrows_with_cells(q, r, row + 5, &w, list[i]);
    }
    qrows_with_destroy(&w);
    qrows_select_edges(q, list, n);
    free(list);
    return 0;
}

static const cg_graph *facts_sort_g;

static int facts_source_cmp(const void *a, const void *b)
{
    return strcmp(facts_sort_g->sources[*(const int32_t *)a].id, facts_sort_g->sources[*(const int32_t *)b].id);
}

int cmd_sources(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t *order = cg_xmalloc((g->nsources + 1) * sizeof *order);
    for (size_t i = 0; i < g->nsources; i++) order[i] = (int32_t)i;
    facts_sort_g = g;
    qsort(order, g->nsources, sizeof *order, facts_source_cmp);
    static const char *const cols[] = { "id", "title", "publisher", "date", "edges" };
    qrows_with w;
    if (qrows_with_init(q, QROWS_SOURCE, cols, 5, order, g->nsources, &w) < 0) {
        qrows_with_destroy(&w);
        free(order);
        return -1;
    }
    cg_result *r = &q->res;
    qrows_with_result(r, cols, 5, &w);
    q->nres = 1;
    for (size_t i = 0; i < g->nsources; i++) {
        const cg_source *s = &g->sources[order[i]];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], s->id);
        cg_cell_text(&row[1], s->title);
        cg_cell_text(&row[2], s->publisher);
        cg_cell_text(&row[3], s->date);
        cg_cell_int(r, &row[4], (long long)s->nedges);
        qrows_with_cells(q, r, row + 5, &w, order[i]);
    }
    qrows_with_destroy(&w);
    free(order);
    return 0;
}

