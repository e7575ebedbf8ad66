/* qargs.c - a query's arguments resolved against the graph: node references
 * (ids, names, aliases, with suggestions), edge types, kinds, counts, `top`,
 * the traversal filter; and the text helpers their messages use. */
#include "command.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "fold.h"
#include "suggest.h"

/* A text for messages: control characters escaped, cut to a sane length. */
const char *qargs_shown(const char *s, char *buf, size_t n)
{
    size_t need = cg_escape_safe(s, buf, n);
    if (need >= n && n > 4) memcpy(buf + n - 4, "...", 4);
    return buf;
}

/* Lower-cases one code point: ASCII, Latin-1, Latin Extended-A, Greek,
 * Cyrillic (enough for names). */
int qargs_fold_eq(const char *a, const char *b)
{
    cg_buf x, y;
    cg_buf_init(&x);
    cg_buf_init(&y);
    cg_fold(a, &x);
    cg_fold(b, &y);
    int eq = strcmp(x.data, y.data) == 0;
    cg_buf_destroy(&x);
    cg_buf_destroy(&y);
    return eq;
}

/* "; did you mean ...?" for word among words[0..n) (case-folded) into buf;
 * returns how many were suggested. */
size_t qargs_suggest(const char *word, const char *const *words, size_t n, char *buf, size_t bufsz)
{
    cg_suggest sg;
    cg_suggest_init(&sg, word, CG_SUGGEST_MAX, 1);
    cg_suggest_words(&sg, words, n);
    cg_suggest_text(&sg, buf, bufsz);
    size_t got = sg.n;
    cg_suggest_destroy(&sg);
    return got;
}

#define QARGS_PREFIX_MIN 3     /* a prefix resolves from this many characters */

/* The nodes whose name, alias or id, folded (fold.h), starts with want
 * (wlen bytes) into *hits (grown; *nh of them); *exact: how many of them
 * equal it. */
static void qargs_prefix_nodes(const cg_graph *g, const char *want, size_t wlen, int32_t **hits, size_t *nh,
                               size_t *exact)
{
    cg_buf b;
    cg_buf_init(&b);
    size_t cap = 0;
    int32_t *h = NULL;
    size_t n = 0, ne = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const cg_node *nd = &g->nodes[i];
        int hit = 0, eq = 0;
        for (uint32_t k = 0; k <= nd->naliases + 1; k++) {
            const char *s = k == 0 ? nd->name : k == 1 ? nd->id : nd->aliases[k - 2];
            cg_fold_text(s, &b);
            if (b.len < wlen || memcmp(b.data, want, wlen) != 0) continue;
            hit = 1;
            if (b.len == wlen) eq = 1;
        }
        if (!hit) continue;
        CG_GROW(h, cap, n + 1);
        h[n++] = (int32_t)i;
        ne += (size_t)eq;
    }
    cg_buf_destroy(&b);
    *hits = h;
    *nh = n;
    *exact = ne;
}

/* Sorts the candidates by id and lists up to five of them into list. */
static void qargs_candidates(const cg_graph *g, int32_t *hits, size_t nh, char *list, size_t size)
{
    for (size_t i = 1; i < nh; i++)
        for (size_t j = i; j > 0 && g->id_rank[hits[j - 1]] > g->id_rank[hits[j]]; j--) {
            int32_t x = hits[j]; hits[j] = hits[j - 1]; hits[j - 1] = x;
        }
    size_t len = 0;
    list[0] = '\0';
    for (size_t i = 0; i < nh && i < 5 && len < size; i++) {
        char a[120], c[120];
        qargs_shown(g->nodes[hits[i]].id, a, sizeof a);
        qargs_shown(g->nodes[hits[i]].name, c, sizeof c);
        len += (size_t)snprintf(list + len, size - len, "%s'%s' (%s)", i ? ", " : "", a, c);
    }
    if (nh > 5 && len < size) snprintf(list + len, size - len, " and %zu more", nh - 5);
}

/* text as a query word in double quotes (\" and \\ escaped), for a
 * message: control characters shown escaped, cut to a sane length. */
static void qargs_quoted(const char *text, char *out, size_t size)
{
    cg_buf b;
    cg_buf_init(&b);
    cg_buf_putc(&b, '"');
    for (const char *p = text; *p && b.len < size; p++) {
        if (*p == '"' || *p == '\\') cg_buf_putc(&b, '\\');
        cg_buf_putc(&b, *p);
    }
    cg_buf_putc(&b, '"');
    qargs_shown(b.data, out, size);
    cg_buf_destroy(&b);
}

/* Resolves a node reference: an id; else a name, alias or id folded for
 * case (one node: it; several: ambiguous); else, folded for case and
 * accents, the one node whose name, alias or id equals it, or the one
 * whose name, alias or id starts with it (at least QARGS_PREFIX_MIN
 * characters), with a note saying so (several: ambiguous).  Returns 0
 * with *out set, or -1 with err set (unknown: the close ids, or when none
 * is close a `find` to try; ambiguous: the candidates). */
int qargs_node(qctx *q, const cg_token *t, int32_t *out)
{
    const cg_graph *g = q->g;
    int32_t v = cg_graph_find_node(g, t->text);
    if (v >= 0) { *out = v; return 0; }
    cg_buf want, b;
    cg_buf_init(&want);
    cg_buf_init(&b);
    cg_fold(t->text, &want);
    int32_t *hits = NULL;
    size_t nh = 0, cap = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const cg_node *nd = &g->nodes[i];
        int hit = 0;
        cg_fold(nd->name, &b);
        if (strcmp(b.data, want.data) == 0) hit = 1;
        for (uint32_t k = 0; !hit && k < nd->naliases; k++) {
            cg_fold(nd->aliases[k], &b);
            if (strcmp(b.data, want.data) == 0) hit = 1;
        }
        if (!hit) {
            cg_fold(nd->id, &b);   /* an id typed in another case */
            if (strcmp(b.data, want.data) == 0) hit = 1;
        }
        if (hit) {
            CG_GROW(hits, cap, nh + 1);
            hits[nh++] = (int32_t)i;
        }
    }
    char shown[300];
    qargs_shown(t->text, shown, sizeof shown);
    int rc = -1, prefix = 0;
    if (nh == 0) {
        /* folded for accents too: equal, else a prefix */
        cg_fold_text(t->text, &want);
        size_t exact = 0, chars = 0;
        for (size_t i = 0; i < want.len; i++) chars += ((unsigned char)want.data[i] & 0xC0) != 0x80;
        free(hits);
        qargs_prefix_nodes(g, want.data, want.len, &hits, &nh, &exact);
        if (exact == 1 || (exact == 0 && nh == 1 && chars >= QARGS_PREFIX_MIN)) {
            size_t k = 0;
            if (exact == 1) {       /* the one that equals it */
                for (k = 0; k < nh; k++) {
                    const cg_node *nd = &g->nodes[hits[k]];
                    int eq = 0;
                    for (uint32_t j = 0; !eq && j <= nd->naliases + 1; j++) {
                        cg_fold_text(j == 0 ? nd->name : j == 1 ? nd->id : nd->aliases[j - 2], &b);
                        eq = strcmp(b.data, want.data) == 0;
                    }
                    if (eq) break;
                }
            }
            hits[0] = hits[k];
            nh = 1;
            prefix = 1;
        } else if (exact == 0 && chars < QARGS_PREFIX_MIN) {
            nh = 0;           /* too short to stand for a name */
        } else {
            prefix = 2;       /* several start so */
        }
    }
    if (nh == 1) {
        *out = hits[0];
        rc = 0;
        if (prefix) {
            char id[120], name[300];
            qargs_shown(g->nodes[hits[0]].id, id, sizeof id);
            qargs_shown(g->nodes[hits[0]].name, name, sizeof name);
            qio_note(q->s, "note: '%s' resolved to %s (%s), the only node whose name, alias or id starts so\n", shown,
                     id, name);
        }
    } else if (nh > 1) {
        char list[700];
        qargs_candidates(g, hits, nh, list, sizeof list);
        if (prefix)
            cg_error_set(q->err, t->col, "ambiguous node '%s': %s start so; use an id or more of the name", shown,
                         list);
        else
            cg_error_set(q->err, t->col, "ambiguous node '%s': %s; use an id", shown, list);
    } else {
        cg_suggest sg;
        cg_suggest_init(&sg, t->text, 3, 1);
        for (size_t i = 0; i < g->nnodes; i++) {
            const cg_node *nd = &g->nodes[i];
            int best = cg_suggest_distance(&sg, nd->id), d;
            if ((d = cg_suggest_distance(&sg, nd->name)) < best) best = d;
            for (uint32_t k = 0; k < nd->naliases; k++)
                if ((d = cg_suggest_distance(&sg, nd->aliases[k])) < best) best = d;
            cg_suggest_add(&sg, nd->id, best);
        }
        char sugg[800];
        cg_suggest_text(&sg, sugg, sizeof sugg);
        size_t got = sg.n;
        cg_suggest_destroy(&sg);
        if (got) {
            cg_error_set(q->err, t->col, "unknown node '%s'%s", shown, sugg);
        } else {
            char quoted[400];
            qargs_quoted(t->text, quoted, sizeof quoted);
            cg_error_set(q->err, t->col, "unknown node '%s'; try: find %s", shown, quoted);
        }
    }
    free(hits);
    cg_buf_destroy(&want);
    cg_buf_destroy(&b);
    return rc;
}

const cg_clause *qargs_clause(const qctx *q, cg_clause_id c)
{
    return q->ast->clauses[c].present ? &q->ast->clauses[c] : NULL;
}

/* A whole number in [min, max] from t.  Returns 0 or -1. */
int qargs_count(qctx *q, const cg_token *t, const char *what, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(t->text, &end, 10);
    int digits = t->text[0] >= '0' && t->text[0] <= '9';
    if (!digits || *end || errno || v < min || v > max) {
        char shown[100];
        cg_error_set(q->err, t->col, "%s must be a whole number from %ld to %ld, got '%s'", what, min, max,
                     qargs_shown(t->text, shown, sizeof shown));
        return -1;
    }
    *out = v;
    return 0;
}

/* 1 (with err set) if t is a bare clause keyword the command does not take:
 * a positional TYPE or KIND that is really a misplaced clause. */
int qargs_misplaced(qctx *q, const cg_token *t)
{
    if (t->type != CG_TOK_WORD) return 0;
    for (int c = 0; c < CG_CL_COUNT; c++) {
        if (strcasecmp(cg_clause_specs[c].name, t->text) != 0) continue;
        if (q->ast->cmd->clauses & CG_CLAUSE_BIT(c)) return 0;
        char list[256];
        cg_clause_list(q->ast->cmd->clauses, list, sizeof list);
        if (q->ast->cmd->clauses)
            cg_error_set(q->err, t->col, "'%s' is not a clause of '%s'; expected %s", t->text, q->ast->cmd->name, list);
        else
            cg_error_set(q->err, t->col, "'%s' is not a clause of '%s'", t->text, q->ast->cmd->name);
        return 1;
    }
    return 0;
}

/* The interned name of edge type `name` (exact, else case-insensitive), or
 * NULL with err set (with suggestions). */
const char *qargs_type(qctx *q, const cg_token *t)
{
    const cg_graph *g = q->g;
    for (size_t i = 0; i < g->ntypes; i++)
        if (strcmp(g->types[i].name, t->text) == 0) return g->types[i].name;
    for (size_t i = 0; i < g->ntypes; i++)
        if (strcasecmp(g->types[i].name, t->text) == 0) return g->types[i].name;
    if (qargs_misplaced(q, t)) return NULL;
    const char **names = cg_xmalloc((g->ntypes + 1) * sizeof *names);
    for (size_t i = 0; i < g->ntypes; i++) names[i] = g->types[i].name;
    char sugg[800], shown[200];
    qargs_suggest(t->text, names, g->ntypes, sugg, sizeof sugg);
    cg_error_set(q->err, t->col, "unknown edge type '%s'%s", qargs_shown(t->text, shown, sizeof shown), sugg);
    free(names);
    return NULL;
}

const char *qargs_kind(qctx *q, const cg_token *t)
{
    const cg_graph *g = q->g;
    for (size_t i = 0; i < g->nkinds; i++)
        if (strcmp(g->kinds[i], t->text) == 0) return g->kinds[i];
    for (size_t i = 0; i < g->nkinds; i++)
        if (strcasecmp(g->kinds[i], t->text) == 0) return g->kinds[i];
    if (qargs_misplaced(q, t)) return NULL;
    char sugg[800], shown[200];
    qargs_suggest(t->text, g->kinds, g->nkinds, sugg, sizeof sugg);
    cg_error_set(q->err, t->col, "unknown kind '%s'%s", qargs_shown(t->text, shown, sizeof shown), sugg);
    return NULL;
}

/* Fills q->kinds from tokens; returns 0 or -1. */
int qargs_kinds(qctx *q, const cg_token *const *toks, size_t n)
{
    q->kinds = cg_xcalloc(n + 1, sizeof *q->kinds);
    for (size_t i = 0; i < n; i++) {
        const char *k = qargs_kind(q, toks[i]);
        if (!k) return -1;
        q->kinds[q->nkinds++] = k;
    }
    return 0;
}

int qargs_kind_ok(const qctx *q, int32_t v)
{
    if (!q->nkinds) return 1;
    for (size_t i = 0; i < q->nkinds; i++)
        if (q->kinds[i] == q->g->nodes[v].kind) return 1;
    return 0;
}

/* Builds q->filter from via / since / until / directed and the given type
 * tokens (edges' positional TYPEs).  Returns 0 or -1. */
int qargs_filter(qctx *q, const cg_token *const *types, size_t ntypes)
{
    const cg_clause *via = qargs_clause(q, CG_CL_VIA);
    size_t n = ntypes + (via ? via->nargs : 0);
    q->types = cg_xcalloc(n + 1, sizeof *q->types);
    q->filter.types = q->types;
    for (size_t i = 0; i < n; i++) {
        const cg_token *t = i < ntypes ? types[i] : via->args[i - ntypes];
        const char *ty = qargs_type(q, t);
        if (!ty) return -1;
        q->types[q->filter.ntypes++] = ty;
    }
    const char *dates[2] = { NULL, NULL };
    for (int k = 0; k < 2; k++) {
        const cg_clause *c = qargs_clause(q, k == 0 ? CG_CL_SINCE : CG_CL_UNTIL);
        if (!c) continue;
        const cg_token *t = c->args[0];
        if (!cg_date_valid(t->text)) {
            char shown[100];
            cg_error_set(q->err, t->col, "invalid date '%s' (expected YYYY, YYYY-MM or YYYY-MM-DD, a real date)",
                         qargs_shown(t->text, shown, sizeof shown));
            return -1;
        }
        dates[k] = t->text;
    }
    if (dates[0] && dates[1]) {
        char lo[11], hi[11], lo2[11], hi2[11];
        cg_date_interval(dates[0], lo, hi);
        cg_date_interval(dates[1], lo2, hi2);
        if (strcmp(lo, hi2) > 0) {
            cg_error_set(q->err, qargs_clause(q, CG_CL_UNTIL)->col, "'since %s' is after 'until %s'", dates[0], dates[1]);
            return -1;
        }
    }
    q->filter.since = dates[0];
    q->filter.until = dates[1];
    q->filter.directed = qargs_clause(q, CG_CL_DIRECTED) != NULL;
    return 0;
}

/* top N | all (or a bare `all`); def when neither.  0: all. */
int qargs_top(qctx *q, long def, long *out)
{
    const cg_clause *top = qargs_clause(q, CG_CL_TOP), *all = qargs_clause(q, CG_CL_ALL);
    *out = def;
    if (top && all && strcasecmp(top->args[0]->text, "all") != 0) {
        const cg_clause *later = top->col > all->col ? top : all;
        cg_error_set(q->err, later->col, "'top %s' and 'all' contradict each other: give one of them",
                     top->args[0]->text);
        return -1;
    }
    if (all) *out = 0;
    if (!top) return 0;
    if (strcasecmp(top->args[0]->text, "all") == 0) {
        *out = 0;
        return 0;
    }
    return qargs_count(q, top->args[0], "top", 1, Q_MAX_COUNT, out);
}

