/* cmd_find.c - find TEXT [regex] (SPEC 10): one row per field that holds
 * TEXT, case- and accent-insensitive (fold.h), over the fields
 * find_index.h lists.  Without `regex` TEXT is plain text (a substring of
 * the folded value); with it a POSIX extended expression (libc's regcomp,
 * REG_EXTENDED | REG_ICASE, in a UTF-8 locale so that `.` is a character)
 * matched against the folded value, its own non-ASCII letters folded too.
 *
 * Order: nodes, then edges, then sources (the order SPEC 10 names them);
 * within each by id (an edge's id is `from -type-> to`: by from id, type,
 * to id), then by field name, then aliases in their order and parallel
 * edges in file order.  The subgraph (`> FILE`) is the nodes and edges
 * that hit (and the edges' ends).
 */
#include "command.h"

#include <locale.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "find_index.h"
#include "fold.h"

static const char *const find_cols[] = { "what", "id", "field", "text" };

/* One hit: a field of an entity. */
typedef enum find_what { FIND_NODE, FIND_EDGE, FIND_SOURCE } find_what;

typedef struct find_hit {
    find_what what;
    int32_t ent;
    uint32_t pos;
    const char *field, *text;
} find_hit;

/* The interned strings that hit, as a set of pointers: a bit filter of
 * 2^16 bits in front of an open-addressing table, so that the fields of a
 * million edges that do not hit cost a bit test each. */
typedef struct find_set {
    uint64_t filter[1024];
    const char **keys;
    size_t size;
} find_set;

static uint64_t find_hash(const char *p)
{
    return (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ULL;
}

/* The set of the n pointers ptrs[0..n), all distinct. */
static void find_set_init(find_set *st, const char *const *ptrs, size_t n)
{
    memset(st->filter, 0, sizeof st->filter);
    st->size = 16;
    while (st->size < 2 * n) st->size *= 2;
    st->keys = cg_xcalloc(st->size, sizeof *st->keys);
    for (size_t i = 0; i < n; i++) {
        uint64_t h = find_hash(ptrs[i]);
        st->filter[(h >> 48) >> 6] |= 1ull << ((h >> 48) & 63);
        size_t k = (size_t)(h >> 20) & (st->size - 1);
        while (st->keys[k]) k = (k + 1) & (st->size - 1);
        st->keys[k] = ptrs[i];
    }
}

static int find_set_has(const find_set *st, const char *p)
{
    uint64_t h = find_hash(p);
    if (!(st->filter[(h >> 48) >> 6] & (1ull << ((h >> 48) & 63)))) return 0;
    for (size_t k = (size_t)(h >> 20) & (st->size - 1); st->keys[k]; k = (k + 1) & (st->size - 1))
        if (st->keys[k] == p) return 1;
    return 0;
}

/* The hits being collected. */
typedef struct find_hits {
    find_hit *v;
    size_t n, cap;
} find_hits;

static void find_add(find_hits *h, find_what what, int32_t ent, const char *field, uint32_t pos, const char *text)
{
    if (h->n == h->cap) CG_GROW(h->v, h->cap, h->n + 1);
    h->v[h->n++] = (find_hit){ what, ent, pos, field, text };
}

/* The fields whose values hit[] marks (find_index.h: the interned ones by
 * pointer, names by node), over what SPEC 10 searches: a node's id, name
 * (when it is not the id), aliases, attributes; an edge's type, date,
 * attributes; a source's id, title, publisher, url, note.  Returns 0, or
 * -1 when Ctrl-C stopped it. */
static int find_collect(const cg_graph *g, const cg_find_index *ix, const unsigned char *hit, find_hits *out)
{
    size_t n = 0;
    for (size_t i = 0; i < ix->npool; i++) n += hit[i];
    const char **ptrs = cg_xmalloc((n + 1) * sizeof *ptrs);
    n = 0;
    for (size_t i = 0; i < ix->npool; i++)
        if (hit[i]) ptrs[n++] = ix->ptr[i];
    find_set st;
    find_set_init(&st, ptrs, n);
    free(ptrs);
    unsigned char *named = cg_xcalloc(g->nnodes + 1, 1);
    for (size_t i = ix->npool; i < ix->nvals; i++)
        if (hit[i]) named[ix->name_node[i - ix->npool]] = 1;
    int rc = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const cg_node *nd = &g->nodes[i];
        int32_t v = (int32_t)i;
        if (find_set_has(&st, nd->id)) find_add(out, FIND_NODE, v, "id", 0, nd->id);
        if (named[i]) find_add(out, FIND_NODE, v, "name", 0, nd->name);
        for (uint32_t k = 0; k < nd->naliases; k++)
            if (find_set_has(&st, nd->aliases[k])) find_add(out, FIND_NODE, v, "aliases", k, nd->aliases[k]);
        for (uint32_t k = 0; k < nd->nattrs; k++)
            if (find_set_has(&st, nd->attrs[k].text)) find_add(out, FIND_NODE, v, nd->attrs[k].key, 0, nd->attrs[k].text);
    }
    for (size_t i = 0; i < g->nedges; i++) {
        if ((i & 0x3FFFF) == 0 && qio_cancel_poll(NULL)) { rc = -1; break; }
        const cg_edge *e = &g->edges[i];
        int32_t x = (int32_t)i;
        if (find_set_has(&st, e->type)) find_add(out, FIND_EDGE, x, "type", 0, e->type);
        if (e->date && find_set_has(&st, e->date)) find_add(out, FIND_EDGE, x, "date", 0, e->date);
        for (uint32_t k = 0; k < e->nattrs; k++)
            if (find_set_has(&st, cg_edge_attrs(e)[k].text)) find_add(out, FIND_EDGE, x, cg_edge_attrs(e)[k].key, 0, cg_edge_attrs(e)[k].text);
    }
    static const char *const sfields[] = { "id", "title", "publisher", "url", "note" };
    for (size_t i = 0; rc == 0 && i < g->nsources; i++) {
        const cg_source *s = &g->sources[i];
        const char *vals[] = { s->id, s->title, s->publisher, s->url, s->note };
        for (int k = 0; k < 5; k++)
            if (vals[k] && find_set_has(&st, vals[k])) find_add(out, FIND_SOURCE, (int32_t)i, sfields[k], 0, vals[k]);
    }
    free(st.keys);
    free(named);
    return rc;
}

static const cg_graph *find_sort_g;

/* The order of the file comment. */
static int find_hit_cmp(const void *x, const void *y)
{
    const find_hit *a = x, *b = y;
    const cg_graph *g = find_sort_g;
    if (a->what != b->what) return a->what < b->what ? -1 : 1;
    int c = 0;
    if (a->what == FIND_NODE) {
        if (a->ent != b->ent) return g->id_rank[a->ent] < g->id_rank[b->ent] ? -1 : 1;
    } else if (a->what == FIND_EDGE) {
        const cg_edge *ea = &g->edges[a->ent], *eb = &g->edges[b->ent];
        if (ea->from != eb->from) return g->id_rank[ea->from] < g->id_rank[eb->from] ? -1 : 1;
        if (ea->type != eb->type && (c = strcmp(ea->type, eb->type)) != 0) return c;
        if (ea->to != eb->to) return g->id_rank[ea->to] < g->id_rank[eb->to] ? -1 : 1;
    } else if (a->ent != b->ent && (c = strcmp(g->sources[a->ent].id, g->sources[b->ent].id)) != 0) {
        return c;
    }
    if (a->field != b->field && (c = strcmp(a->field, b->field)) != 0) return c;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return a->ent < b->ent ? -1 : a->ent > b->ent;
}

/* The value whose text holds byte offset o of ix->text. */
static size_t find_value_at(const cg_find_index *ix, size_t o)
{
    size_t lo = 0, hi = ix->nvals;    /* off[lo] <= o < off[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->off[mid] <= o) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* Marks the values holding the folded needle.  The values are one text
 * with '\0' between them, which a needle never holds: one memmem pass. */
static void find_plain(const cg_find_index *ix, const char *needle, size_t n, unsigned char *hit)
{
    const char *p = ix->text, *end = ix->text + ix->len;
    while (p < end) {
        const char *h = memmem(p, (size_t)(end - p), needle, n);
        if (!h) break;
        size_t v = find_value_at(ix, (size_t)(h - ix->text));
        hit[v] = 1;
        p = ix->text + ix->off[v + 1];
    }
}

/* The expression with its non-ASCII characters folded (ASCII is left to
 * REG_ICASE: folding it would turn `\W` into `\w`). */
static void find_fold_pattern(const char *s, cg_buf *b)
{
    cg_buf_reset(b);
    cg_buf_puts(b, "");
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        uint32_t cp;
        int len = *p < 0x80 ? 0 : cg_utf8_decode(p, n, &cp);
        if (len == 0) { cg_buf_putc(b, (char)*p); p++; n--; continue; }
        char out[8];
        cg_buf_append(b, out, cg_fold_cp(cp, out));
        p += len;
        n -= (size_t)len;
    }
}

/* Marks the values the expression matches.  Returns 0, -1 (an invalid
 * expression: err set) or -2 (Ctrl-C). */
static int find_regex(qctx *q, const cg_find_index *ix, const cg_token *t, unsigned char *hit)
{
    cg_buf pat;
    cg_buf_init(&pat);
    find_fold_pattern(t->text, &pat);
    locale_t loc = cg_utf8_locale(), old = (locale_t)0;
    if (loc) old = uselocale(loc);
    regex_t re;
    int rc = 0, e = regcomp(&re, pat.data, REG_EXTENDED | REG_ICASE | REG_NOSUB);
    if (e != 0) {
        char why[256], shown[300];
        regerror(e, &re, why, sizeof why);
        cg_error_set(q->err, t->col, "invalid regular expression '%s': %s", qargs_shown(t->text, shown, sizeof shown),
                     why);
        rc = -1;
    } else {
        for (size_t v = 0; v < ix->nvals; v++) {
            if ((v & 4095) == 0 && qio_cancel_poll(NULL)) { rc = -2; break; }
            if (regexec(&re, ix->text + ix->off[v], 0, NULL, 0) == 0) hit[v] = 1;
        }
        regfree(&re);
    }
    if (loc) uselocale(old);
    cg_buf_destroy(&pat);
    return rc;
}

/* "from -type-> to" in r's arena. */
static const char *find_edge_id(cg_result *r, const cg_graph *g, const cg_edge *e)
{
    const char *from = g->nodes[e->from].id, *to = g->nodes[e->to].id;
    size_t lf = strlen(from), lt = strlen(e->type), lto = strlen(to);
    char *s = cg_arena_alloc_aligned(&r->arena, lf + lt + lto + 6, 1), *o = s;
    memcpy(o, from, lf); o += lf;
    memcpy(o, " -", 2); o += 2;
    memcpy(o, e->type, lt); o += lt;
    memcpy(o, "-> ", 3); o += 3;
    memcpy(o, to, lto); o += lto;
    *o = '\0';
    return s;
}

int cmd_find(qctx *q)
{
    const cg_graph *g = q->g;
    const cg_token *t = q->ast->pos[0];
    int regex = 0;
    if (q->ast->npos > 1) {
        const cg_token *m = q->ast->pos[1];
        if (m->type != CG_TOK_WORD || strcasecmp(m->text, "regex") != 0) {
            char shown[100];
            cg_error_set(q->err, m->col, "unexpected '%s' (usage: %s); quote TEXT that has spaces",
                         qargs_shown(m->text, shown, sizeof shown), q->ast->cmd->usage);
            return -1;
        }
        regex = 1;
    }
    cg_buf needle;
    cg_buf_init(&needle);
    cg_fold_text(t->text, &needle);
    if (needle.len == 0) {
        cg_error_set(q->err, t->col, "nothing to find: give some text (find TEXT [regex])");
        cg_buf_destroy(&needle);
        return -1;
    }
    const cg_find_index *ix = find_index_get(&q->s->findex, g);
    unsigned char *hit = cg_xcalloc(ix->nvals + 1, 1);
    int rc = 0;
    if (regex) rc = find_regex(q, ix, t, hit);
    else find_plain(ix, needle.data, needle.len, hit);
    cg_buf_destroy(&needle);
    if (rc == -2) cg_error_set(q->err, 0, "interrupted");
    if (rc < 0) {
        free(hit);
        return -1;
    }
    find_hits fh = { NULL, 0, 0 };
    rc = find_collect(g, ix, hit, &fh);
    free(hit);
    if (rc < 0) {
        free(fh.v);
        cg_error_set(q->err, 0, "interrupted");
        return -1;
    }
    find_hit *hits = fh.v;
    size_t nhits = fh.n;
    find_sort_g = g;
    if (nhits > 1) qsort(hits, nhits, sizeof *hits, find_hit_cmp);
    cg_result *r = &q->res;
    cg_result_init(r, find_cols, 4);
    q->nres = 1;
    static const char *const whats[] = { "node", "edge", "source" };
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    int32_t *edges = cg_xmalloc((nhits + 1) * sizeof *edges);
    size_t nedges = 0;
    for (size_t i = 0; i < nhits; i++) {
        if ((i & 65535) == 0 && qio_cancel_poll(NULL)) {
            cg_error_set(q->err, 0, "interrupted");
            rc = -1;
            break;
        }
        const find_hit *h = &hits[i];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], whats[h->what]);
        if (h->what == FIND_NODE) {
            cg_cell_text(&row[1], g->nodes[h->ent].id);
            mark[h->ent] = 1;
        } else if (h->what == FIND_EDGE) {
            cg_cell_text(&row[1], find_edge_id(r, g, &g->edges[h->ent]));
            if (!nedges || edges[nedges - 1] != h->ent) edges[nedges++] = h->ent;
        } else {
            cg_cell_text(&row[1], g->sources[h->ent].id);
        }
        cg_cell_text(&row[2], h->field);
        cg_cell_text(&row[3], h->text);
    }
    free(hits);
    if (rc == 0) qrows_select(q, mark, edges, nedges);   /* it sorts them and takes them */
    else free(edges);
    free(mark);
    return rc;
}
