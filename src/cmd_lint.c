/* cmd_lint.c - lint: what a fact-checker would flag (SPEC 9), one row per
 * finding: edges with no source, on a single source, undated; sources no
 * edge cites; nodes with no edges; likely duplicate nodes.
 *
 * Order: by check in the order of lint_checks, then by subject: edges by
 * from id, type, to id, then file order; sources and nodes by id;
 * duplicate pairs by the first id, then the second (the smaller id first).
 *
 * Likely duplicates (doc/queries.md has the reasoning): every name and
 * alias is reduced to a key (lint_key: case and accents folded as fold.h
 * says, `.` and `'` dropped, every other run of non-alphanumeric
 * characters one space).  Two nodes are flagged when a key of one equals
 * a key of the other, or when both keys have at least LINT_NEAR_MIN
 * characters (at most LINT_NEAR_MAX), hold the same digits, and are one
 * edit apart: one character inserted, deleted or changed, or two adjacent
 * characters swapped.  No names are compared all against all: equal keys
 * are found by sorting them, near ones through a deletion neighbourhood
 * (each key and every key with one non-digit character deleted go into one
 * hash table; two keys one edit apart share an entry there).
 */
#include "command.h"
#include "fold.h"

#include <stdlib.h>
#include <string.h>

#define LINT_NEAR_MIN 8      /* near matches: the shorter key has at least this many bytes */
#define LINT_NEAR_MAX 100    /* ... and the longer at most this many (longer: equal keys only) */

static const char *const lint_cols[] = { "check", "subject", "detail" };

/* ---- keys ---- */

/* One ASCII character c into the key being built in b; *gap: a separator
 * is pending. */
static void lint_key_ascii(cg_buf *b, unsigned char c, int *gap)
{
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
        if (*gap && b->len) cg_buf_putc(b, ' ');
        *gap = 0;
        cg_buf_putc(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else if (c != '.' && c != '\'') {
        *gap = 1;
    }
}

/* s's key into b (reset first), as the file comment says.  Each other
 * character is folded (fold.h: case, accents); what that leaves outside
 * ASCII (Cyrillic, CJK...) stays, as a letter. */
static void lint_key(const char *s, cg_buf *b)
{
    cg_buf_reset(b);
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int gap = 0;
    while (n > 0) {
        if (*p < 0x80) { lint_key_ascii(b, *p, &gap); p++; n--; continue; }
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        char out[8];
        size_t nout;
        if (len == 0) { out[0] = (char)*p; nout = 1; len = 1; }
        else nout = cg_fold_cp(cp, out);
        for (size_t k = 0; k < nout; k++) {
            unsigned char c = (unsigned char)out[k];
            if (c < 0x80) { lint_key_ascii(b, c, &gap); continue; }
            if (gap && b->len) cg_buf_putc(b, ' ');
            gap = 0;
            cg_buf_putc(b, (char)c);
        }
        p += len;
        n -= (size_t)len;
    }
}

/* ---- duplicates ---- */

/* A name or alias: its key keys[off .. off + len), node v, which 0 for the
 * name, k + 1 for alias k. */
typedef struct lint_entry {
    uint32_t off, len;
    int32_t v;
    uint32_t which;
} lint_entry;

typedef struct lint_pair {
    int32_t a, b;             /* nodes, a's id < b's id */
    uint32_t ea, eb;          /* their entries */
    int how;                  /* 0 equal keys, 1 one edit, 2 an adjacent swap */
} lint_pair;

typedef struct lint_dups {
    const cg_graph *g;
    const char *keys;
    lint_entry *ent; size_t nent;
    uint32_t *gstart; size_t ngrp;   /* group g (equal keys): entries ent[gstart[g] .. gstart[g + 1]) */
    lint_pair *pairs; size_t npairs, pairs_cap;
} lint_dups;

static const char *lint_sort_keys;   /* qsort has no context argument */

static int lint_entry_cmp(const void *x, const void *y)
{
    const lint_entry *a = x, *b = y;
    int c = strcmp(lint_sort_keys + a->off, lint_sort_keys + b->off);
    if (c) return c;
    return a->v != b->v ? (a->v < b->v ? -1 : 1) : (a->which < b->which ? -1 : a->which > b->which);
}

/* Every pair of different nodes between groups ga and gb (the same group:
 * within it). */
static void lint_pairs_between(lint_dups *d, size_t ga, size_t gb, int how)
{
    const int32_t *rank = d->g->id_rank;
    for (uint32_t i = d->gstart[ga]; i < d->gstart[ga + 1]; i++)
        for (uint32_t j = ga == gb ? i + 1 : d->gstart[gb]; j < d->gstart[gb + 1]; j++) {
            const lint_entry *x = &d->ent[i], *y = &d->ent[j];
            if (x->v == y->v) continue;
            CG_GROW(d->pairs, d->pairs_cap, d->npairs + 1);
            lint_pair *p = &d->pairs[d->npairs++];
            int swap = rank[x->v] > rank[y->v];
            p->a = swap ? y->v : x->v;
            p->b = swap ? x->v : y->v;
            p->ea = swap ? j : i;
            p->eb = swap ? i : j;
            p->how = how;
        }
}

/* The length of the UTF-8 sequence that starts with byte c (1 for a stray
 * byte: keys copy invalid bytes one by one). */
static size_t lint_seq_len(unsigned char c)
{
    return c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
}

/* A key with bytes [del, del + dlen) left out (dlen 0: the key). */
typedef struct lint_variant {
    const char *s;
    uint32_t len, del, dlen;
} lint_variant;

static int lint_variant_eq(const lint_variant *a, const lint_variant *b)
{
    if (a->len - a->dlen != b->len - b->dlen) return 0;
    size_t n = a->len - a->dlen, i = 0, j = 0;
    for (size_t k = 0; k < n; k++, i++, j++) {
        if (i == a->del && a->dlen) i += a->dlen;
        if (j == b->del && b->dlen) j += b->dlen;
        if (a->s[i] != b->s[j]) return 0;
    }
    return 1;
}

/* How keys a and b are one edit apart: 1 (insert, delete or change one
 * character), 2 (two adjacent characters swapped), 0 (not). */
static int lint_one_edit(const char *a, size_t la, const char *b, size_t lb)
{
    if (cg_edit_distance(a, b, 1) == 1) return 1;
    if (la != lb) return 0;
    size_t i = 0;
    while (i < la && a[i] == b[i]) i++;
    if (i + 1 >= la || a[i] != b[i + 1] || a[i + 1] != b[i]) return 0;
    return memcmp(a + i + 2, b + i + 2, la - i - 2) == 0 ? 2 : 0;
}

/* One slot of the deletion-neighbourhood table: group grp's key with the
 * byte range del, dlen left out; grp UINT32_MAX: empty. */
typedef struct lint_slot {
    uint32_t hash, grp, del, dlen;
} lint_slot;

#define LINT_HASH_BASE 0x100000001B3ull

/* The hash of the digits of key s (len bytes), in order. */
static uint64_t lint_digits_hash(const char *s, uint32_t len)
{
    uint64_t h = 0x84222325CBF29CE4ull;
    for (uint32_t i = 0; i < len; i++)
        if (s[i] >= '0' && s[i] <= '9') h = (h ^ (unsigned char)s[i]) * LINT_HASH_BASE;
    return h;
}

/* want[gi] = 1 for each group that can have a near pair: its key has
 * LINT_NEAR_MIN to LINT_NEAR_MAX bytes, and another such key holds the
 * same digits (by their hash: a collision only lets a group in).  Keys
 * that differ in their digits are never near, so a key whose digits no
 * other key shares (a numbered series: "Report 17") needs no deletion
 * variants at all.  Returns how many table records the wanted groups
 * need. */
static size_t lint_near_wanted(const lint_dups *d, unsigned char *want)
{
    typedef struct { uint64_t h; uint32_t count, used; } dslot;
    size_t size = 1024, n = 0;
    while (size < 2 * d->ngrp) size *= 2;
    dslot *tab = cg_xcalloc(size, sizeof *tab);
    uint64_t *dh = cg_xmalloc((d->ngrp + 1) * sizeof *dh);
    for (size_t gi = 0; gi < d->ngrp; gi++) {
        const lint_entry *e = &d->ent[d->gstart[gi]];
        want[gi] = e->len >= LINT_NEAR_MIN && e->len <= LINT_NEAR_MAX;
        if (!want[gi]) continue;
        uint64_t h = dh[gi] = lint_digits_hash(d->keys + e->off, e->len);
        size_t i = (size_t)(h ^ (h >> 29)) & (size - 1);
        while (tab[i].used && tab[i].h != h) i = (i + 1) & (size - 1);
        tab[i].h = h;
        tab[i].used = 1;
        tab[i].count++;
    }
    for (size_t gi = 0; gi < d->ngrp; gi++) {
        if (!want[gi]) continue;
        uint64_t h = dh[gi];
        size_t i = (size_t)(h ^ (h >> 29)) & (size - 1);
        while (tab[i].h != h) i = (i + 1) & (size - 1);
        want[gi] = tab[i].count > 1;
        if (want[gi]) n += 1 + d->ent[d->gstart[gi]].len;
    }
    free(dh);
    free(tab);
    return n;
}

/* Near pairs among the groups whose keys have LINT_NEAR_MIN to
 * LINT_NEAR_MAX bytes and share their digits with another such key.
 * Returns -1 when Ctrl-C stopped it. */
static int lint_near(lint_dups *d)
{
    unsigned char *want = cg_xmalloc(d->ngrp + 1);
    size_t nrec = lint_near_wanted(d, want);
    if (!nrec) {
        free(want);
        return 0;
    }
    size_t size = 1024;
    while (size < nrec + nrec / 2) size *= 2;
    lint_slot *tab = cg_xmalloc(size * sizeof *tab);
    for (size_t i = 0; i < size; i++) tab[i].grp = UINT32_MAX;
    uint64_t pre[LINT_NEAR_MAX + 1], pw[LINT_NEAR_MAX + 1];
    pw[0] = 1;
    for (size_t i = 1; i <= LINT_NEAR_MAX; i++) pw[i] = pw[i - 1] * LINT_HASH_BASE;
    int rc = 0;
    for (size_t gi = 0; gi < d->ngrp; gi++) {
        if ((gi & 4095) == 0 && qio_cancel_poll(NULL)) { rc = -1; break; }
        if (!want[gi]) continue;
        const lint_entry *e = &d->ent[d->gstart[gi]];
        uint32_t L = e->len;
        const unsigned char *s = (const unsigned char *)d->keys + e->off;
        pre[0] = 0;
        for (uint32_t i = 0; i < L; i++) pre[i + 1] = pre[i] * LINT_HASH_BASE + s[i] + 1;
        /* the key itself (dlen 0), then the key without each character
         * that is not a digit: their hashes first, and their slots
         * prefetched, since over many keys the table is far bigger than
         * the cache and each probe would otherwise wait for memory */
        uint32_t vdel[LINT_NEAR_MAX + 1], vlen[LINT_NEAR_MAX + 1], vh[LINT_NEAR_MAX + 1];
        size_t nv = 0;
        for (uint32_t del = 0, dlen = 0;;) {
            uint64_t h = pre[L];
            if (dlen) h = pre[del] * pw[L - del - dlen] + (pre[L] - pre[del + dlen] * pw[L - del - dlen]);
            uint32_t hh = (uint32_t)(h >> 32) ^ (uint32_t)h;
            __builtin_prefetch(&tab[hh & (size - 1)]);
            vdel[nv] = del, vlen[nv] = dlen, vh[nv++] = hh;
            del += dlen;
            while (del < L && s[del] >= '0' && s[del] <= '9') del++;
            if (del >= L) break;
            dlen = (uint32_t)lint_seq_len(s[del]);
            if (del + dlen > L) dlen = L - del;
        }
        for (size_t k = 0; k < nv; k++) {
            uint32_t hh = vh[k];
            lint_variant me = { (const char *)s, L, vdel[k], vlen[k] };
            size_t i = hh & (size - 1);
            for (; tab[i].grp != UINT32_MAX; i = (i + 1) & (size - 1)) {
                const lint_slot *t = &tab[i];
                if (t->hash != hh || t->grp == gi) continue;
                const lint_entry *o = &d->ent[d->gstart[t->grp]];
                lint_variant other = { d->keys + o->off, o->len, t->del, t->dlen };
                if (!lint_variant_eq(&me, &other)) continue;
                int how = lint_one_edit((const char *)s, L, d->keys + o->off, o->len);
                if (how) lint_pairs_between(d, t->grp, gi, how);
            }
            tab[i] = (lint_slot){ hh, (uint32_t)gi, vdel[k], vlen[k] };
        }
    }
    free(tab);
    free(want);
    return rc;
}

static const lint_dups *lint_sort_dups;

/* By node ids, then the best reason: equal keys first, then one edit,
 * then a swap; then names before aliases, in alias order. */
static int lint_pair_cmp(const void *x, const void *y)
{
    const lint_pair *a = x, *b = y;
    const lint_dups *d = lint_sort_dups;
    const int32_t *rank = d->g->id_rank;
    if (a->a != b->a) return rank[a->a] < rank[b->a] ? -1 : 1;
    if (a->b != b->b) return rank[a->b] < rank[b->b] ? -1 : 1;
    if (a->how != b->how) return a->how < b->how ? -1 : 1;
    uint32_t wa = d->ent[a->ea].which, wb = d->ent[b->ea].which;
    if (wa != wb) return wa < wb ? -1 : 1;
    wa = d->ent[a->eb].which, wb = d->ent[b->eb].which;
    return wa < wb ? -1 : wa > wb;
}

/* ---- the command ---- */

static const cg_graph *lint_sort_g;

/* Out-edges of one node in subject order: type, to id, file order. */
static int lint_edge_cmp(const void *x, const void *y)
{
    const cg_graph *g = lint_sort_g;
    const cg_edge *a = &g->edges[*(const int32_t *)x], *b = &g->edges[*(const int32_t *)y];
    if (a->type != b->type) return strcmp(a->type, b->type);
    if (a->to != b->to) return g->id_rank[a->to] < g->id_rank[b->to] ? -1 : 1;
    return *(const int32_t *)x < *(const int32_t *)y ? -1 : 1;
}

static void lint_row(cg_result *r, const char *check, const char *subject, const char *detail)
{
    cg_cell *row = cg_result_add_row(r);
    cg_cell_text(&row[0], check);
    cg_cell_text(&row[1], subject);
    cg_cell_text(&row[2], detail);
}

/* The pieces p[0..n) (NULL: none) joined, in r's arena.  A million rows
 * are built here: memcpy, not printf. */
static const char *lint_join(cg_result *r, const char *const *p, size_t n)
{
    size_t len[8], total = 0;
    for (size_t i = 0; i < n; i++) total += len[i] = p[i] ? strlen(p[i]) : 0;
    char *out = cg_arena_alloc_aligned(&r->arena, total + 1, 1), *o = out;
    for (size_t i = 0; i < n; i++)
        if (len[i]) { memcpy(o, p[i], len[i]); o += len[i]; }
    *o = '\0';
    return out;
}

/* The edge findings of one check (0 no-source, 1 single-source, 2
 * undated) over edges[0..n) in subject order; flags[e] has bit `check`
 * set for each edge e it flags.  A million-edge graph gives a million
 * rows, and each row reads the edge, its end's id and (single-source) its
 * source's id from scattered places: the loads of a row are prefetched
 * some rows ahead (an edge LINT_AHEAD rows ahead, what it points to half
 * as far), so that the reads overlap instead of waiting one by one. */
#define LINT_AHEAD 16
static void lint_edge_rows(qctx *q, int check, const int32_t *edges, size_t n, const unsigned char *flags)
{
    static const char *const names[] = { "no-source", "single-source", "undated" };
    const cg_graph *g = q->g;
    cg_result *r = &q->res;
    int32_t *sel = cg_xmalloc((n + 1) * sizeof *sel);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (flags[edges[i]] & (1u << check)) sel[m++] = edges[i];
    cg_result_reserve(r, m);
    for (size_t i = 0; i < m; i++) {
        if (i + LINT_AHEAD < m) __builtin_prefetch(&g->edges[sel[i + LINT_AHEAD]]);
        if (i + LINT_AHEAD / 2 < m) {
            const cg_edge *a = &g->edges[sel[i + LINT_AHEAD / 2]];
            __builtin_prefetch(&g->nodes[a->to]);
            if (check == 1) __builtin_prefetch(cg_edge_sources(a));
        }
        if (i + LINT_AHEAD / 4 < m) {
            const cg_edge *a = &g->edges[sel[i + LINT_AHEAD / 4]];
            __builtin_prefetch(g->nodes[a->to].id);
            if (check == 1) __builtin_prefetch(&g->sources[cg_edge_sources(a)[0]]);
        }
        if (check == 1 && i + 2 < m) __builtin_prefetch(g->sources[cg_edge_sources(&g->edges[sel[i + 2]])[0]].id);
        const cg_edge *e = &g->edges[sel[i]];
        const char *subj[] = { g->nodes[e->from].id, " -", e->type, "-> ", g->nodes[e->to].id };
        char num[16], *o = num + sizeof num;
        *--o = '\0';
        uint32_t line = e->line;
        do { *--o = (char)('0' + line % 10); line /= 10; } while (line);
        const char *det[] = { cg_edge_file(g, e), ":", o, check == 1 ? " (source " : NULL,
                              check == 1 ? g->sources[cg_edge_sources(e)[0]].id : NULL, check == 1 ? ")" : NULL };
        lint_row(r, names[check], lint_join(r, subj, 5), lint_join(r, det, 6));
    }
    free(sel);
}

/* "name \"X\"" or "alias \"X\"" of entry e into b. */
static void lint_entry_text(const lint_dups *d, const lint_entry *e, cg_buf *b)
{
    const cg_node *nd = &d->g->nodes[e->v];
    const char *s = e->which ? nd->aliases[e->which - 1] : nd->name;
    cg_buf_printf(b, "%s \"%s\"", e->which ? "alias" : "name", s);
}

static int lint_duplicates(qctx *q, cg_buf *b1, cg_buf *b2)
{
    const cg_graph *g = q->g;
    lint_dups d;
    memset(&d, 0, sizeof d);
    d.g = g;
    cg_buf keys, key;
    cg_buf_init(&keys);
    cg_buf_init(&key);
    size_t cap = 0;
    int rc = 0;
    for (size_t v = 0; v < g->nnodes; v++) {
        const cg_node *nd = &g->nodes[v];
        for (uint32_t w = 0; w <= nd->naliases; w++) {
            lint_key(w ? nd->aliases[w - 1] : nd->name, &key);
            if (!key.len) continue;
            CG_GROW(d.ent, cap, d.nent + 1);
            d.ent[d.nent++] = (lint_entry){ (uint32_t)keys.len, (uint32_t)key.len, (int32_t)v, w };
            cg_buf_append(&keys, key.data, key.len + 1);
        }
    }
    d.keys = keys.data;
    lint_sort_keys = keys.data;
    if (d.nent) qsort(d.ent, d.nent, sizeof *d.ent, lint_entry_cmp);
    d.gstart = cg_xmalloc((d.nent + 1) * sizeof *d.gstart);
    for (size_t i = 0; i < d.nent; i++)
        if (i == 0 || strcmp(d.keys + d.ent[i].off, d.keys + d.ent[i - 1].off) != 0) d.gstart[d.ngrp++] = (uint32_t)i;
    d.gstart[d.ngrp] = (uint32_t)d.nent;
    for (size_t gi = 0; gi < d.ngrp; gi++)
        if (d.gstart[gi + 1] - d.gstart[gi] > 1) lint_pairs_between(&d, gi, gi, 0);
    if (lint_near(&d) < 0) {
        cg_error_set(q->err, 0, "interrupted");
        rc = -1;
        goto out;
    }
    lint_sort_dups = &d;
    if (d.npairs) qsort(d.pairs, d.npairs, sizeof *d.pairs, lint_pair_cmp);
    static const char *const hows[] = { "equal after folding", "one character apart", "two adjacent characters swapped" };
    cg_result *r = &q->res;
    for (size_t i = 0; i < d.npairs; i++) {
        const lint_pair *p = &d.pairs[i];
        if (i && p->a == d.pairs[i - 1].a && p->b == d.pairs[i - 1].b) continue;
        cg_buf_reset(b1);
        cg_buf_printf(b1, "%s / %s", g->nodes[p->a].id, g->nodes[p->b].id);
        cg_buf_reset(b2);
        lint_entry_text(&d, &d.ent[p->ea], b2);
        cg_buf_puts(b2, " and ");
        lint_entry_text(&d, &d.ent[p->eb], b2);
        cg_buf_printf(b2, ": %s", hows[p->how]);
        lint_row(r, "possible-duplicate", cg_result_strdup(r, b1->data), cg_result_strdup(r, b2->data));
    }
out:
    free(d.pairs);
    free(d.gstart);
    free(d.ent);
    cg_buf_destroy(&keys);
    cg_buf_destroy(&key);
    return rc;
}

int cmd_lint(qctx *q)
{
    const cg_graph *g = q->g;
    cg_result *r = &q->res;
    cg_result_init(r, lint_cols, 3);
    q->nres = 1;
    cg_buf b1, b2;
    cg_buf_init(&b1);
    cg_buf_init(&b2);
    /* which checks flag each edge (one pass in edge order), then the
     * flagged edges in subject order: from id, then each node's out-edges */
    unsigned char *flags = cg_xmalloc(g->nedges + 1);
    for (size_t e = 0; e < g->nedges; e++) {
        const cg_edge *ed = &g->edges[e];
        flags[e] = (unsigned char)((ed->nsources == 0 ? 1 : ed->nsources == 1 ? 2 : 0) | (ed->date ? 0 : 4));
    }
    int32_t *edges = cg_xmalloc((g->nedges + 1) * sizeof *edges);
    size_t n = 0;
    lint_sort_g = g;
    for (size_t i = 0; i < g->nnodes; i++) {
        int32_t v = g->by_id[i];
        size_t k0 = n;
        for (int32_t k = g->out_off[v]; k < g->out_off[v + 1]; k++)
            if (flags[g->out_edges[k]]) edges[n++] = g->out_edges[k];
        if (n - k0 > 1) qsort(edges + k0, n - k0, sizeof *edges, lint_edge_cmp);
    }
    for (int check = 0; check < 3; check++) lint_edge_rows(q, check, edges, n, flags);
    free(flags);
    free(edges);
    /* sources no edge cites, by id */
    int32_t *order = cg_xmalloc((g->nsources + 1) * sizeof *order);
    size_t ns = 0;
    for (size_t i = 0; i < g->nsources; i++)
        if (g->sources[i].nedges == 0) order[ns++] = (int32_t)i;
    /* few: a simple insertion sort by id */
    for (size_t i = 1; i < ns; i++)
        for (size_t j = i; j > 0 && strcmp(g->sources[order[j]].id, g->sources[order[j - 1]].id) < 0; j--) {
            int32_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
        }
    for (size_t i = 0; i < ns; i++) {
        const cg_source *s = &g->sources[order[i]];
        lint_row(r, "uncited-source", s->id, s->title ? s->title : "");
    }
    free(order);
    /* nodes with no edge at all (a self-loop is an edge), by id */
    for (size_t i = 0; i < g->nnodes; i++) {
        int32_t v = g->by_id[i];
        if (g->out_off[v + 1] > g->out_off[v] || g->in_off[v + 1] > g->in_off[v]) continue;
        const cg_node *nd = &g->nodes[v];
        cg_buf_reset(&b2);
        if (nd->file) cg_buf_printf(&b2, "%s:%u", nd->file, nd->line);
        lint_row(r, "isolated-node", nd->id, cg_result_strdup(r, b2.data));
    }
    int rc = lint_duplicates(q, &b1, &b2);
    cg_buf_destroy(&b1);
    cg_buf_destroy(&b2);
    return rc;
}
