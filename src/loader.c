/* loader.c - graph files (SPEC 2) into a cg_graph: the entries of a file
 * into the graph's tables, references resolved, files and directories.
 *
 * The top-level mapping of a file is walked event by event; every entry of
 * `nodes:`, `edges:` and `sources:` (and every other top-level value, which
 * is small) is read as a little tree (ytree.c, over the event stream of
 * yaml_stream.c), validated, copied into the graph's tables and released.
 * So memory grows with the graph, never with the document.  What kinds and
 * types exist and what they allow is schema.c's; the loader reads
 * `kinds:` and `types:` and hands the names over.
 *
 * References that may point forward or into another file (edge endpoints,
 * sources, kinds, types) are resolved when every file has been read.  Any
 * error anywhere means no graph.
 *
 * About 1,170 lines, over the 900 of CONVENTIONS: what is left is the one
 * job above, and its parts share the loader's private tables (the id maps,
 * the pending references, the edge and source locations, the kind of each
 * node); splitting it further would put those tables in a header for one
 * caller.
 */
#include "loader.h"
#include "idmap.h"
#include "schema.h"
#include "suggest.h"
#include "yaml_split.h"
#include "yaml_stream.h"
#include "ytree.h"

#include <dirent.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

/* A reference to resolve once every file is read. */
typedef enum { REF_FROM, REF_TO, REF_SOURCE, REF_TYPE, REF_KIND, REF_RULE_KIND } ref_what;
typedef struct pending {
    ref_what what;
    int32_t index;        /* edge, node or type index */
    uint32_t slot;        /* source slot / rule slot */
    const char *name;     /* interned text referred to */
    const char *file;
    int line, col;
} pending;

/* Where an edge was written (for endpoint-rule and no-source messages). */
typedef struct edge_loc {
    const char *file;
    int line, col;
} edge_loc;

#define HOT_SLOTS 16384
typedef struct hotslot {
    const char *s;        /* interned; NULL: empty */
    uint32_t hash, len;
} hotslot;

/* The dates met so far, by their digits (see loader_date). */
typedef struct dateslot {
    uint32_t key;         /* date_key; 0: empty */
    const char *s;        /* the interned date */
} dateslot;

typedef struct loader {
    cg_graph *g;
    cg_diag *diag;
    const char *file;      /* interned name of the current file */
    cg_yaml_stream in;     /* the current file's events */
    cg_ytree tree;         /* its entries as trees; tree.abort: stop reading the file */
    int failed_parse;      /* a syntax error somewhere: skip resolution */
    /* work spent on "did you mean" suggestions (see loader_suggest_afford) */
    size_t suggest_work;
    pending *pend; size_t npend, pend_cap;
    const char **ids; size_t ids_cap;   /* an edge's source ids (scratch) */
    int32_t *sx; size_t sx_cap;         /* their indices (scratch) */
    cg_attr *attrs; size_t attrs_cap;   /* its attributes (scratch) */
    /* id -> node index while loading (open addressing on interned pointers) */
    cg_idmap nmap, smap;
    hotslot *hot;          /* HOT_SLOTS, see loader_intern; NULL until a big file */
    dateslot *dslots; size_t ndslots, ndates;   /* see loader_date */
    cg_schema schema;      /* kinds, types and their rules */
    /* endpoint rules checked while the edges are read (see loader_check_rule) */
    const char **nkind; size_t nkind_cap;    /* node index -> its kind */
    uint8_t *ruled; size_t ruled_cap;        /* bit per edge: rule checked */
    /* source locations, for duplicate messages */
    edge_loc *sloc; size_t sloc_cap;
    /* progress */
    size_t file_size;
    struct { dev_t dev; ino_t ino; const char *path; } *seen;  /* files read so far */
    size_t nseen, seen_cap;
    cg_progress_fn progress;
    void *cb_ctx;          /* for progress and cancel */
    /* cancellation (see cg_load_opts): polled on this thread only */
    int (*cancel)(void *ctx);
    int cancelled;         /* cancel said stop: read nothing more, return NULL */
    int threads;           /* parsers for a big file (cg_ysplit_threads) */
} loader;

static void loader_error(loader *L, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void loader_error(loader *L, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cg_diag_vadd(L->diag, CG_ERROR, L->file, line, col, fmt, ap);
    va_end(ap);
    if (cg_diag_full(L->diag)) L->tree.abort = 1;
}

/* ---- cancellation ---- */

/* 1 if the caller cancelled the load (asking it now): then the current
 * file is abandoned and nothing more is read or resolved. */
static int loader_cancelled(loader *L)
{
    if (!L->cancelled && L->cancel && L->cancel(L->cb_ctx)) {
        L->cancelled = 1;
        L->tree.abort = 1;
        L->failed_parse = 1;
    }
    return L->cancelled;
}

/* The tree's poll (cg_ytree_init): 1 if the load was cancelled. */
static int loader_poll_cancel(void *ctx)
{
    return loader_cancelled(ctx);
}

/* ---- validation helpers ---- */

/* The interned copy of s.  A small direct-mapped cache in front of the
 * interner answers for the values a big file repeats (types, dates, kinds,
 * attribute keys and values) from memory that stays in the cache, instead
 * of a probe into the interner's table of every id and title. */
static const char *loader_intern(loader *L, const char *s)
{
    size_t n = strlen(s);
    uint32_t h = cg_hash(s, n);
    if (!L->hot) return cg_strpool_intern_hashed(&L->g->strings, s, n, h);
    hotslot *e = &L->hot[h & (HOT_SLOTS - 1)];
    if (e->s && e->hash == h && e->len == n && memcmp(e->s, s, n) == 0) return e->s;
    const char *r = cg_strpool_intern_hashed(&L->g->strings, s, n, h);
    if (n <= UINT32_MAX) {
        e->s = r;
        e->hash = h;
        e->len = (uint32_t)n;
    }
    return r;
}

/* A date's form and digits as one number, nonzero, for text of n bytes
 * shaped as YYYY, YYYY-MM or YYYY-MM-DD; 0 for any other text.  Two texts
 * have the same key exactly when they are the same text. */
static uint32_t date_key(const char *s, size_t n)
{
    static const unsigned char digits[3][8] = { { 0, 1, 2, 3 }, { 0, 1, 2, 3, 5, 6 }, { 0, 1, 2, 3, 5, 6, 8, 9 } };
    uint32_t form = n == 4 ? 1 : n == 7 ? 2 : n == 10 ? 3 : 0;
    if (!form || (n >= 7 && s[4] != '-') || (n == 10 && s[7] != '-')) return 0;
    uint32_t v = 0;
    for (uint32_t i = 0; i < 2 + 2 * form; i++) {
        unsigned d = (unsigned char)s[digits[form - 1][i]] - '0';
        if (d > 9) return 0;
        v = v * 10 + d;
    }
    return form << 27 | v;   /* v < 10^8 < 2^27 */
}

/* The slot of key in the dates' table (its own, or the empty one where it
 * would go). */
static dateslot *loader_date_slot(const loader *L, uint32_t key)
{
    /* the keys are decimal digits: mixed (murmur3's finaliser) so that
     * neighbouring days do not fill neighbouring slots */
    uint32_t h = key;
    h ^= h >> 16; h *= 0x85ebca6bu; h ^= h >> 13; h *= 0xc2b2ae35u; h ^= h >> 16;
    size_t mask = L->ndslots - 1, i = h & mask;
    while (L->dslots[i].key && L->dslots[i].key != key) i = (i + 1) & mask;
    return &L->dslots[i];
}

/* The interned date s (n bytes), or NULL if it is not a date
 * (cg_date_valid).  A date met before is found by its digits alone, in a
 * table of the file's dates that stays in the cache: a million edges with
 * ten thousand dates cost no validation, string compare or probe into the
 * interner each. */
static const char *loader_date(loader *L, const char *s, size_t n)
{
    uint32_t key = date_key(s, n);
    if (key && L->ndslots) {
        const dateslot *d = loader_date_slot(L, key);
        if (d->key) return d->s;
    }
    if (!cg_date_valid(s)) return NULL;
    const char *r = loader_intern(L, s);
    if (!key) return r;   /* NUL inside: cg_date_valid saw less */
    if ((L->ndates + 1) * 4 > L->ndslots * 3) {
        size_t old = L->ndslots;
        dateslot *was = L->dslots;
        L->ndslots = old ? 2 * old : 1024;
        L->dslots = cg_xcalloc_written(L->ndslots, sizeof *L->dslots);
        for (size_t i = 0; i < old; i++)
            if (was[i].key) *loader_date_slot(L, was[i].key) = was[i];
        free(was);
    }
    dateslot *d = loader_date_slot(L, key);
    d->key = key;
    d->s = r;
    L->ndates++;
    return r;
}

/* See loader.h. */
int cg_load_valid_id(const char *s)
{
    /* 1: may start an id (letters, digits, '_'); 2: may follow ('.', ':', '-' too) */
    static const unsigned char idc[256] = {
        ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
        ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
        ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
        ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
        ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
        ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
        ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
        ['_'] = 1, ['.'] = 2, [':'] = 2, ['-'] = 2,
    };
    const unsigned char *p = (const unsigned char *)s;
    if (idc[*p] != 1) return 0;   /* the NUL too: an empty id */
    for (p++; idc[*p]; p++) {}
    return *p == '\0';
}

/* A scalar field's text, or NULL after reporting that it must be a scalar. */
static const char *loader_want_scalar(loader *L, const cg_ynode *v, const char *what)
{
    if (v->type != CG_YN_SCALAR) {
        loader_error(L, v->line, v->col, "%s must be a single value, not %s", what, cg_ytree_desc(v));
        return NULL;
    }
    return v->value;
}

/* An id field: checked against the pattern and length.  Returns its text
 * (the tree's, not interned) or NULL (reported). */
static const char *loader_check_id(loader *L, const cg_ynode *v, const char *what)
{
    const char *s = loader_want_scalar(L, v, what);
    if (!s) return NULL;
    if (v->len > CG_MAX_ID_LEN) {
        loader_error(L, v->line, v->col, "%s is %zu bytes long; the limit is %d", what, v->len, CG_MAX_ID_LEN);
        return NULL;
    }
    if (!cg_load_valid_id(s)) {
        if (!*s)
            loader_error(L, v->line, v->col, "%s is empty", what);
        else
            loader_error(L, v->line, v->col, "%s '%s' is not a valid id (letters, digits and _ . : -, not starting with . : -)", what, s);
        return NULL;
    }
    return s;
}

/* loader_check_id, then the interned id. */
static const char *loader_want_id(loader *L, const cg_ynode *v, const char *what)
{
    const char *s = loader_check_id(L, v, what);
    return s ? loader_intern(L, s) : NULL;
}

/* A list of scalars (a single scalar counts as a list of one).  Returns the
 * count and fills *out (arena of the graph) with interned strings. */
static uint32_t loader_want_list(loader *L, const cg_ynode *v, const char *what, const char ***out, int ids)
{
    *out = NULL;
    if (v->type == CG_YN_MAP) {
        loader_error(L, v->line, v->col, "%s must be a list, not a mapping", what);
        return 0;
    }
    if (v->type == CG_YN_SCALAR) {
        if (v->is_null) return 0;
        const char *s = ids ? loader_want_id(L, v, what) : loader_intern(L, v->value);
        if (!s) return 0;
        *out = cg_arena_alloc(&L->g->arena, sizeof **out);
        (*out)[0] = s;
        return 1;
    }
    const char **list = cg_arena_alloc(&L->g->arena, (v->n + 1) * sizeof *list);
    uint32_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        const cg_ynode *it = v->items[i];
        const char *s = ids ? loader_want_id(L, it, what) : loader_want_scalar(L, it, what);
        if (!s) continue;
        list[n++] = ids ? s : loader_intern(L, s);
    }
    *out = list;
    return n;
}

static void loader_add_pending(loader *L, ref_what what, int32_t index, uint32_t slot, const char *name, const cg_ynode *at)
{
    CG_GROW(L->pend, L->pend_cap, L->npend + 1);
    pending *p = &L->pend[L->npend++];
    p->what = what;
    p->index = index;
    p->slot = slot;
    p->name = name;
    p->file = L->file;
    p->line = at->line;
    p->col = at->col;
}

/* Whose attributes loader_collect_attrs reads, for its messages: formatted only
 * when there is an error. */
typedef enum { OWNER_NODE, OWNER_EDGE, OWNER_SOURCE } owner_what;
typedef struct owner {
    owner_what what;
    const char *a, *b;    /* node/source id; edge: from and to */
} owner;

/* "node 'ID'", "edge FROM -> TO" or "source 'ID'" into buf. */
static const char *loader_owner_text(const owner *o, char *buf, size_t sz)
{
    if (o->what == OWNER_EDGE) snprintf(buf, sz, "edge %s -> %s", o->a, o->b);
    else snprintf(buf, sz, o->what == OWNER_NODE ? "node '%s'" : "source '%s'", o->a);
    return buf;
}

/* 1 if k is one of the NULL-terminated reserved keys. */
static int loader_is_reserved(const char *k, const char *const *reserved)
{
    for (size_t r = 0; reserved[r]; r++)
        if (k[0] == reserved[r][0] && strcmp(k, reserved[r]) == 0) return 1;
    return 0;
}

/* Attributes: every other scalar key.  Returns count, fills *out (graph
 * arena; with scratch, the loader's scratch array, valid until the next
 * call: an edge copies them into its block). */
static uint32_t loader_collect_attrs(loader *L, const cg_ynode *m, const char *const *reserved, const owner *own,
                              cg_attr **out, int scratch)
{
    char owner_buf[600];
    uint32_t count = 0;
    for (size_t i = 0; i < m->n; i++)
        if (!loader_is_reserved(CG_YMAP_KEY(m, i)->value, reserved)) count++;
    *out = NULL;
    if (!count) return 0;
    cg_attr *a;
    if (scratch) {
        CG_GROW(L->attrs, L->attrs_cap, count);
        a = L->attrs;
    } else {
        a = cg_arena_alloc(&L->g->arena, count * sizeof *a);
    }
    uint32_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        const cg_ynode *kn = CG_YMAP_KEY(m, i), *v = CG_YMAP_VAL(m, i);
        const char *k = kn->value;
        if (loader_is_reserved(k, reserved)) continue;
        if (!*k) {
            loader_error(L, kn->line, kn->col, "an attribute name may not be empty (%s)",
                 loader_owner_text(own, owner_buf, sizeof owner_buf));
            continue;
        }
        if (kn->len > CG_MAX_ID_LEN) {
            loader_error(L, kn->line, kn->col, "attribute name is %zu bytes long; the limit is %d", kn->len, CG_MAX_ID_LEN);
            continue;
        }
        if (v->type != CG_YN_SCALAR) {
            loader_error(L, v->line, v->col, "attribute '%s' of %s must be a single value, not %s", k,
                 loader_owner_text(own, owner_buf, sizeof owner_buf), cg_ytree_desc(v));
            continue;
        }
        if (v->is_null) continue;   /* `key:` with nothing: no attribute */
        a[n].key = loader_intern(L, k);
        a[n].text = loader_intern(L, v->value);
        a[n].plain = v->plain;
        n++;
    }
    *out = a;
    return n;
}

/* ---- entries ---- */

static void loader_read_node(loader *L, const cg_ynode *m)
{
    if (m->type != CG_YN_MAP) {
        loader_error(L, m->line, m->col, "each entry of 'nodes' must be a mapping with 'id' and 'kind', not %s", cg_ytree_desc(m));
        return;
    }
    /* one pass over the keys (a million-node file asks this 4 million times) */
    const cg_ynode *vid = NULL, *vkind = NULL, *vname = NULL, *valiases = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const cg_ynode *k = CG_YMAP_KEY(m, i);
        switch (k->len) {
        case 2: if (memcmp(k->value, "id", 2) == 0) vid = CG_YMAP_VAL(m, i); break;
        case 4:
            if (memcmp(k->value, "kind", 4) == 0) vkind = CG_YMAP_VAL(m, i);
            else if (memcmp(k->value, "name", 4) == 0) vname = CG_YMAP_VAL(m, i);
            break;
        case 7: if (memcmp(k->value, "aliases", 7) == 0) valiases = CG_YMAP_VAL(m, i); break;
        default: break;
        }
    }
    if (!vid) { loader_error(L, m->line, m->col, "node without 'id'"); return; }
    const char *id = loader_want_id(L, vid, "node id");
    if (!id) return;
    if (!vkind) { loader_error(L, m->line, m->col, "node '%s' has no 'kind'", id); return; }
    const char *kind = loader_want_scalar(L, vkind, "kind");
    if (!kind) return;
    if (!*kind) { loader_error(L, vkind->line, vkind->col, "node '%s' has an empty 'kind'", id); return; }

    size_t idlen = strlen(id);
    uint32_t idh = cg_hash(id, idlen);
    int32_t prev = cg_idmap_get(&L->nmap, id, idlen, idh);
    if (prev >= 0) {
        const cg_node *p = &L->g->nodes[prev];
        loader_error(L, vid->line, vid->col, "node '%s' is already defined at %s:%u:%u", id, p->file, p->line, p->col);
        return;
    }
    cg_graph *g = L->g;
    CG_GROW(g->nodes, g->nodes_cap, g->nnodes + 1);
    int32_t idx = (int32_t)g->nnodes;
    cg_node *n = &g->nodes[idx];
    memset(n, 0, sizeof *n);
    n->id = id;
    n->kind = loader_intern(L, kind);
    n->file = L->file;
    n->line = (uint32_t)m->line;
    n->col = (uint32_t)m->col;
    n->name = id;
    if (vname) {
        const char *name = loader_want_scalar(L, vname, "name");
        /* names are nearly all distinct: copied, not interned, so the
         * interner's table stays small (nothing compares names by pointer) */
        if (name && !vname->is_null) n->name = cg_arena_strndup(&g->strings.arena, name, vname->len);
    }
    if (valiases) n->naliases = loader_want_list(L, valiases, "aliases", &n->aliases, 0);
    static const char *const reserved[] = { "id", "kind", "name", "aliases", NULL };
    owner own = { OWNER_NODE, id, NULL };
    n->nattrs = loader_collect_attrs(L, m, reserved, &own, &n->attrs, 0);
    g->nnodes++;
    CG_GROW(L->nkind, L->nkind_cap, g->nnodes);
    L->nkind[idx] = n->kind;
    cg_idmap_put(&L->nmap, id, idh, idx);
    if (!cg_schema_kind_known(&L->schema, n->kind)) loader_add_pending(L, REF_KIND, idx, 0, n->kind, vkind);
}

static void loader_mark_ruled(loader *L, size_t e)
{
    size_t byte = e / 8;
    if (byte >= L->ruled_cap) {
        size_t old = L->ruled_cap;
        CG_GROW(L->ruled, L->ruled_cap, byte + 1);
        memset(L->ruled + old, 0, L->ruled_cap - old);
    }
    L->ruled[byte] |= (uint8_t)(1u << (e % 8));
}

static int loader_is_ruled(const loader *L, size_t e)
{
    return e / 8 < L->ruled_cap && ((L->ruled[e / 8] >> (e % 8)) & 1);
}

/* Checks edge e against its type's endpoint rules, reporting a violation.
 * The node kinds come from the loader's compact copy, so a million edges
 * cost no cache miss each. */
static void loader_check_rule(loader *L, size_t e, const cg_typedef *td)
{
    const cg_edge *ed = &L->g->edges[e];
    if (cg_schema_allows(td, L->nkind[ed->from], L->nkind[ed->to])) return;
    cg_schema_loc at = { cg_edge_file(L->g, ed), (int)ed->line, (int)ed->col };
    cg_schema_report_edge(&L->schema, e, td, &at);
}

static void loader_read_edge(loader *L, const cg_ynode *m)
{
    if (m->type != CG_YN_MAP) {
        loader_error(L, m->line, m->col, "each entry of 'edges' must be a mapping with 'from', 'to' and 'type', not %s", cg_ytree_desc(m));
        return;
    }
    const cg_ynode *vfrom = NULL, *vto = NULL, *vtype = NULL, *vdate = NULL, *vsrc = NULL;
    size_t nreserved = 0;   /* keys read here (a mapping has no key twice) */
    for (size_t i = 0; i < m->n; i++) {
        const cg_ynode *k = CG_YMAP_KEY(m, i);
        const cg_ynode *v = CG_YMAP_VAL(m, i);
        /* by length, then a compare of known size (a load or two, no call) */
        switch (k->len) {
        case 2: if (memcmp(k->value, "to", 2) == 0) vto = v, nreserved++; break;
        case 4:
            if (memcmp(k->value, "from", 4) == 0) vfrom = v, nreserved++;
            else if (memcmp(k->value, "type", 4) == 0) vtype = v, nreserved++;
            else if (memcmp(k->value, "date", 4) == 0) vdate = v, nreserved++;
            break;
        case 6: if (memcmp(k->value, "source", 6) == 0) vsrc = v, nreserved++; break;
        default: break;
        }
    }
    if (!vfrom || !vto || !vtype) {
        loader_error(L, m->line, m->col, "edge without %s", !vfrom ? "'from'" : !vto ? "'to'" : "'type'");
        return;
    }
    const char *from = loader_check_id(L, vfrom, "'from'");
    const char *to = loader_check_id(L, vto, "'to'");
    const char *type = loader_want_scalar(L, vtype, "'type'");
    if (!from || !to || !type) return;
    if (!*type) { loader_error(L, vtype->line, vtype->col, "edge has an empty 'type'"); return; }
    /* the ends' slots are asked for now and read after the type and date:
     * the two cache misses overlap each other and that work */
    size_t nfrom = strlen(from), nto = strlen(to);
    uint32_t hfrom = cg_hash(from, nfrom), hto = cg_hash(to, nto);
    cg_idmap_prefetch(&L->nmap, hfrom);
    cg_idmap_prefetch(&L->nmap, hto);
    const char *date = NULL;
    if (vdate && !vdate->is_null) {
        date = loader_want_scalar(L, vdate, "'date'");
        if (!date) return;
        const char *d = loader_date(L, date, vdate->len);
        if (!d) {
            loader_error(L, vdate->line, vdate->col, "'%.60s' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (a real day)", date);
            /* go on: report the edge's other problems too */
        }
        date = d;
    }
    cg_graph *g = L->g;
    CG_GROW(g->edges, g->edges_cap, g->nedges + 1);
    int32_t idx = (int32_t)g->nedges;
    cg_edge *e = &g->edges[idx];
    memset(e, 0, sizeof *e);
    e->line = (uint32_t)m->line;   /* the file: L->file, the last of g->files (each stream adds its name first) */
    e->col = (uint32_t)m->col;
    e->type = loader_intern(L, type);
    e->date = date;
    /* endpoints defined later (or in a later file) are resolved at the end */
    e->from = cg_idmap_get(&L->nmap, from, nfrom, hfrom);
    e->to = cg_idmap_get(&L->nmap, to, nto, hto);
    if (e->from < 0) loader_add_pending(L, REF_FROM, idx, 0, loader_intern(L, from), vfrom);
    if (e->to < 0) loader_add_pending(L, REF_TO, idx, 0, loader_intern(L, to), vto);
    int32_t tix = cg_schema_type_index(&L->schema, e->type);
    if (tix < 0) loader_add_pending(L, REF_TYPE, idx, 0, e->type, vtype);
    uint32_t ns = 0;
    if (vsrc) {
        /* a source id or a list of them, as loader_want_list(..., ids) reads it */
        if (vsrc->type == CG_YN_MAP) {
            loader_error(L, vsrc->line, vsrc->col, "%s must be a list, not a mapping", "source");
        } else if (vsrc->type == CG_YN_SCALAR) {
            if (!vsrc->is_null) {
                CG_GROW(L->ids, L->ids_cap, 1);
                const char *sid = loader_check_id(L, vsrc, "source");
                if (sid) L->ids[ns++] = sid;
            }
        } else {
            CG_GROW(L->ids, L->ids_cap, vsrc->n + 1);
            for (size_t i = 0; i < vsrc->n; i++) {
                const char *sid = loader_check_id(L, vsrc->items[i], "source");
                if (sid) L->ids[ns++] = sid;
            }
        }
        CG_GROW(L->sx, L->sx_cap, ns + 1);
        for (uint32_t k = 0; k < ns; k++) {
            int32_t sx = cg_idmap_get_cstr(&L->smap, L->ids[k]);
            L->sx[k] = sx;
            if (sx < 0) {
                const cg_ynode *at = vsrc->type == CG_YN_SEQ && k < vsrc->n ? vsrc->items[k] : vsrc;
                loader_add_pending(L, REF_SOURCE, idx, k, loader_intern(L, L->ids[k]), at);
            }
        }
    }
    static const char *const reserved[] = { "from", "to", "type", "date", "source", NULL };
    owner own = { OWNER_EDGE, from, to };
    cg_attr *attrs = NULL;
    /* most edges have no other key: nothing to collect, nothing to report */
    uint32_t na = nreserved < m->n ? loader_collect_attrs(L, m, reserved, &own, &attrs, 1) : 0;
    cg_edge_set_parts(g, e, L->sx, ns, attrs, na);
    g->nedges++;
    /* a type's rules, once it has some, never change (declaring others is
     * an error), and a node's kind never does: check the edge now, while
     * its parts are in the cache, unless an end or the rules are still to
     * come (then loader_resolve does) */
    if (tix >= 0 && e->from >= 0 && e->to >= 0 && (g->types[tix].nfrom || g->types[tix].nto)) {
        loader_mark_ruled(L, (size_t)idx);
        loader_check_rule(L, (size_t)idx, &g->types[tix]);
    }
}

static void loader_read_source(loader *L, const cg_ynode *m)
{
    if (m->type != CG_YN_MAP) {
        loader_error(L, m->line, m->col, "each entry of 'sources' must be a mapping with an 'id', not %s", cg_ytree_desc(m));
        return;
    }
    const cg_ynode *vid = cg_ytree_get(m, "id");
    if (!vid) { loader_error(L, m->line, m->col, "source without 'id'"); return; }
    const char *id = loader_want_id(L, vid, "source id");
    if (!id) return;
    size_t idlen = strlen(id);
    uint32_t idh = cg_hash(id, idlen);
    int32_t prev = cg_idmap_get(&L->smap, id, idlen, idh);
    if (prev >= 0) {
        loader_error(L, vid->line, vid->col, "source '%s' is already defined at %s:%d:%d", id,
             L->sloc[prev].file, L->sloc[prev].line, L->sloc[prev].col);
        return;
    }
    cg_graph *g = L->g;
    CG_GROW(g->sources, g->sources_cap, g->nsources + 1);
    CG_GROW(L->sloc, L->sloc_cap, g->nsources + 1);
    int32_t idx = (int32_t)g->nsources;
    cg_source *s = &g->sources[idx];
    memset(s, 0, sizeof *s);
    s->id = id;
    L->sloc[idx].file = L->file;
    L->sloc[idx].line = m->line;
    L->sloc[idx].col = m->col;
    static const char *const fields[] = { "title", "publisher", "date", "url", "file", "note" };
    const char **slots[] = { &s->title, &s->publisher, &s->date, &s->url, &s->file, &s->note };
    for (size_t f = 0; f < 6; f++) {
        const cg_ynode *v = cg_ytree_get(m, fields[f]);
        if (!v || (v->type == CG_YN_SCALAR && v->is_null)) continue;
        char what[40];
        snprintf(what, sizeof what, "'%s'", fields[f]);
        const char *t = loader_want_scalar(L, v, what);
        if (!t) continue;
        if (f == 2 && !cg_date_valid(t)) {
            loader_error(L, v->line, v->col, "'%.60s' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (a real day)", t);
            continue;
        }
        *slots[f] = loader_intern(L, t);
    }
    static const char *const reserved[] = { "id", "title", "publisher", "date", "url", "file", "note", NULL };
    owner own = { OWNER_SOURCE, id, NULL };
    s->nattrs = loader_collect_attrs(L, m, reserved, &own, &s->attrs, 0);
    g->nsources++;
    cg_idmap_put(&L->smap, id, idh, idx);
}

/* `kinds:` - a list of names, declared through the schema. */
static void loader_declare_kinds(loader *L, const cg_ynode *v)
{
    const char **names;
    uint32_t n = loader_want_list(L, v, "kinds", &names, 1);
    cg_schema_loc at = { L->file, v->line, v->col };
    for (uint32_t i = 0; i < n; i++) {
        if (cg_schema_declare_kind(&L->schema, names[i], &at) < 0) {
            if (cg_diag_full(L->diag)) L->tree.abort = 1;   /* as loader_error does */
            return;
        }
    }
}

/* One entry of `types:` - the type's name and its rules as written (a
 * mapping with 'from' and 'to', or nothing), declared through the schema;
 * kinds in the rules that are not known yet are resolved at the end. */
static void loader_declare_type(loader *L, const cg_ynode *kn, const cg_ynode *rules)
{
    const char *name = loader_want_id(L, kn, "type name");
    if (!name) return;
    const char **from = NULL, **to = NULL;
    uint32_t nfrom = 0, nto = 0;
    if (rules && !(rules->type == CG_YN_SCALAR && rules->is_null)) {
        if (rules->type != CG_YN_MAP) {
            loader_error(L, rules->line, rules->col, "type '%s' takes a mapping like {from: [agency], to: [venue]}, not %s", name, cg_ytree_desc(rules));
            return;
        }
        for (size_t i = 0; i < rules->n; i++) {
            const char *k = CG_YMAP_KEY(rules, i)->value;
            const cg_ynode *rv = CG_YMAP_VAL(rules, i);
            if (strcmp(k, "from") == 0) nfrom = loader_want_list(L, rv, "'from' kinds", &from, 1);
            else if (strcmp(k, "to") == 0) nto = loader_want_list(L, rv, "'to' kinds", &to, 1);
            else loader_error(L, CG_YMAP_KEY(rules, i)->line, CG_YMAP_KEY(rules, i)->col,
                      "unknown key '%s' in type '%s'; a type takes 'from' and 'to'", k, name);
        }
    }
    cg_schema_loc name_at = { L->file, kn->line, kn->col };
    cg_schema_loc rules_at = rules ? (cg_schema_loc){ L->file, rules->line, rules->col } : name_at;
    int t = cg_schema_declare_type(&L->schema, name, from, nfrom, to, nto, &name_at, &rules_at);
    if (t < 0) {
        if (cg_diag_full(L->diag)) L->tree.abort = 1;   /* as loader_error does */
        return;
    }
    for (uint32_t i = 0; i < nfrom + nto; i++) {
        const char *k = i < nfrom ? from[i] : to[i - nfrom];
        if (cg_graph_find_kind(L->g, k) < 0) loader_add_pending(L, REF_RULE_KIND, t, i, k, rules);
    }
}

static void loader_declare_types(loader *L, const cg_ynode *v)
{
    if (v->type == CG_YN_SCALAR && v->is_null) return;
    if (v->type == CG_YN_SEQ) {
        for (size_t i = 0; i < v->n; i++) loader_declare_type(L, v->items[i], NULL);
        return;
    }
    if (v->type != CG_YN_MAP) {
        loader_error(L, v->line, v->col, "'types' must be a mapping like {raided: {from: [agency], to: [venue]}}");
        return;
    }
    for (size_t i = 0; i < v->n; i++) loader_declare_type(L, CG_YMAP_KEY(v, i), CG_YMAP_VAL(v, i));
}

/* ---- the top level ---- */

typedef void (*entry_fn)(loader *L, const cg_ynode *item);

/* Reads the list under nodes/edges/sources entry by entry. */
static void loader_read_list(loader *L, const char *key, entry_fn fn)
{
    yaml_event_t ev;
    if (cg_ytree_next(&L->tree, &ev) < 0) return;
    if (ev.type != YAML_SEQUENCE_START_EVENT) {
        cg_ynode *v = cg_ytree_parse(&L->tree, &ev);
        if (!v) return;
        if (v->type == CG_YN_SEQ) {
            for (size_t i = 0; i < v->n && !L->tree.abort; i++) fn(L, v->items[i]);
        } else if (!(v->type == CG_YN_SCALAR && v->is_null)) {
            loader_error(L, v->line, v->col, "'%s' must be a list", key);
        }
        return;
    }
    int force_text;
    cg_ytree_check_tag(&L->tree, &ev, ev.data.sequence_start.tag, 0, NULL, &force_text);
    if (ev.data.sequence_start.anchor)
        loader_error(L, CG_EV_LINE(&ev), CG_EV_COL(&ev), "an anchor on the whole '%s' list is not supported", key);
    cg_ytree_event_free(&L->tree, &ev);
    for (;;) {
        yaml_event_t iev;
        if (cg_ytree_next(&L->tree, &iev) < 0) return;
        if (iev.type == YAML_SEQUENCE_END_EVENT) { cg_ytree_event_free(&L->tree, &iev); return; }
        cg_ytree_mark mark = cg_ytree_get_mark(&L->tree);
        cg_ynode *item = cg_ytree_parse_entry(&L->tree, &iev);
        if (!item) return;
        fn(L, item);
        cg_ytree_release(&L->tree, mark);
        if (L->tree.abort) return;
    }
}

static const char *const loader_top_keys[] = {
    "casegraph", "name", "description", "kinds", "types", "sources", "nodes", "edges", NULL
};

/* The closest of cands[0..n) to word, compared exactly (ids are), or NULL:
 * the one "did you mean" engine (suggest.c).  The result is one of cands. */
static const char *loader_suggest_from(const char *word, const char *const *cands, size_t n)
{
    return cg_suggest_closest(word, cands, n);
}

static void loader_read_document(loader *L)
{
    yaml_event_t ev;
    if (cg_ytree_next(&L->tree, &ev) < 0) return;       /* STREAM_START */
    cg_ytree_event_free(&L->tree, &ev);
    if (cg_ytree_next(&L->tree, &ev) < 0) return;
    if (ev.type == YAML_STREAM_END_EVENT) {
        cg_ytree_event_free(&L->tree, &ev);
        loader_error(L, 1, 1, "empty file: a graph file is a mapping with 'nodes' and 'edges'");
        return;
    }
    cg_ytree_event_free(&L->tree, &ev);                   /* DOCUMENT_START */
    if (cg_ytree_next(&L->tree, &ev) < 0) return;
    if (ev.type != YAML_MAPPING_START_EVENT) {
        int line = CG_EV_LINE(&ev), col = CG_EV_COL(&ev);
        int empty = ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0 && ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        cg_ynode *v = cg_ytree_parse(&L->tree, &ev);
        if (!v && L->tree.abort) return;
        if (empty)
            loader_error(L, line, col, "empty file: a graph file is a mapping with 'nodes' and 'edges'");
        else
            loader_error(L, line, col, "the top level must be a mapping with 'nodes' and 'edges', not %s", v ? cg_ytree_desc(v) : "this");
        return;
    }
    int tcheck;
    cg_ytree_check_tag(&L->tree, &ev, ev.data.mapping_start.tag, 0, NULL, &tcheck);
    cg_ytree_event_free(&L->tree, &ev);
    int seen[8] = { 0 };
    int seen_line[8] = { 0 };
    for (;;) {
        if (cg_ytree_next(&L->tree, &ev) < 0) return;
        if (ev.type == YAML_MAPPING_END_EVENT) { cg_ytree_event_free(&L->tree, &ev); break; }
        if (ev.type != YAML_SCALAR_EVENT) {
            cg_ynode *k = cg_ytree_parse(&L->tree, &ev);
            if (!k) return;
            loader_error(L, k->line, k->col, "a mapping key must be a plain value, not %s", cg_ytree_desc(k));
            if (cg_ytree_next(&L->tree, &ev) < 0) return;
            if (!cg_ytree_parse(&L->tree, &ev)) return;
            continue;
        }
        char *key = cg_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
        int kline = CG_EV_LINE(&ev), kcol = CG_EV_COL(&ev);
        cg_ytree_event_free(&L->tree, &ev);
        int which = -1;
        for (int i = 0; loader_top_keys[i]; i++)
            if (strcmp(key, loader_top_keys[i]) == 0) which = i;
        if (which >= 0) {
            if (seen[which]) {
                loader_error(L, kline, kcol, "duplicate key '%s' (first at line %d)", key, seen_line[which]);
            }
            seen[which] = 1;
            seen_line[which] = kline;
        }
        if (which == 5 || which == 6 || which == 7) {
            loader_read_list(L, key, which == 5 ? loader_read_source : which == 6 ? loader_read_node : loader_read_edge);
            free(key);
            if (L->tree.abort) return;
            continue;
        }
        yaml_event_t vev;
        if (cg_ytree_next(&L->tree, &vev) < 0) { free(key); return; }
        cg_ytree_mark mark = cg_ytree_get_mark(&L->tree);
        cg_ynode *v = cg_ytree_parse(&L->tree, &vev);
        if (!v) { free(key); return; }
        switch (which) {
        case 0: {
            const char *t = loader_want_scalar(L, v, "'casegraph' (the format version)");
            if (t && strcmp(t, "1") != 0)
                loader_error(L, v->line, v->col, "format version '%s' is not supported; this casegraph reads version 1", t);
            break;
        }
        case 1: case 2: {
            const char *t = loader_want_scalar(L, v, which == 1 ? "'name'" : "'description'");
            if (t && !v->is_null) {
                if (which == 1 && !L->g->name) L->g->name = loader_intern(L, t);
                if (which == 2 && !L->g->description) L->g->description = loader_intern(L, t);
            }
            break;
        }
        case 3: loader_declare_kinds(L, v); break;
        case 4: loader_declare_types(L, v); break;
        default:
            if (strncmp(key, "x-", 2) != 0) {
                const char *s = loader_suggest_from(key, loader_top_keys, 8);
                if (s)
                    loader_error(L, kline, kcol, "unknown top-level key '%s'; did you mean '%s'?", key, s);
                else
                    loader_error(L, kline, kcol, "unknown top-level key '%s' (allowed: casegraph, name, description, kinds, types, sources, nodes, edges, and x-... for your own)", key);
            }
            break;
        }
        cg_ytree_release(&L->tree, mark);
        free(key);
        if (L->tree.abort) return;
    }
    if (cg_ytree_next(&L->tree, &ev) < 0) return;       /* DOCUMENT_END */
    cg_ytree_event_free(&L->tree, &ev);
    if (cg_ytree_next(&L->tree, &ev) < 0) return;
    if (ev.type == YAML_DOCUMENT_START_EVENT)
        loader_error(L, CG_EV_LINE(&ev), CG_EV_COL(&ev), "a graph file holds one YAML document; this is a second one ('---')");
    cg_ytree_event_free(&L->tree, &ev);
}

static void loader_read_stream(loader *L, const char *name, FILE *fp, const unsigned char *data, size_t len)
{
    L->file = cg_strpool_intern_cstr(&L->g->strings, name);
    /* a file is parsed by a second thread while this one builds the graph;
     * on a two-core machine that hides most of the building */
    int threaded = fp && cg_yaml_stream_wants_thread(L->file_size);
    /* a big file: worth the cache and the thread (small files load faster
     * without them) */
    if (threaded && !L->hot) L->hot = cg_xcalloc_written(HOT_SLOTS, sizeof *L->hot);
    if (fp) cg_yaml_stream_init_file(&L->in, L->file, fp, L->file_size, threaded, L->threads, L->progress, L->cb_ctx);
    else cg_yaml_stream_init_buffer(&L->in, L->file, data, len);
    cg_ytree_begin(&L->tree, L->file, &L->in);
    loader_read_document(L);
    if (L->tree.failed) L->failed_parse = 1;
    cg_yaml_stream_destroy(&L->in);
    if (fp && L->progress && L->file_size > 0 && !L->cancelled)
        L->progress(L->file, L->file_size, L->file_size, L->cb_ctx);
    cg_ytree_end(&L->tree);
}

static int loader_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int loader_has_yaml_ext(const char *n)
{
    size_t l = strlen(n);
    return (l > 5 && strcmp(n + l - 5, ".yaml") == 0) || (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

static void loader_add_file_name(cg_graph *g, const char *path)
{
    g->files = cg_xrealloc(g->files, (g->nfiles + 1) * sizeof *g->files);
    g->file_edge0 = cg_xrealloc(g->file_edge0, (g->nfiles + 1) * sizeof *g->file_edge0);
    g->file_edge0[g->nfiles] = g->nedges;
    g->files[g->nfiles++] = cg_strpool_intern_cstr(&g->strings, path);
}

/* The bytes the path "-" stands for (see cg_load_set_stdin). */
static const unsigned char *loader_stdin_data;
static size_t loader_stdin_len;
static int loader_stdin_set;

void cg_load_set_stdin(const unsigned char *data, size_t len)
{
    loader_stdin_data = data;
    loader_stdin_len = len;
    loader_stdin_set = 1;
}

/* 1 if the file st names was read already in this load (the same file given
 * twice, or a directory and a file in it): it is read once, with a warning. */
static int loader_already_read(loader *L, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < L->nseen; i++) {
        if (L->seen[i].dev != st->st_dev || L->seen[i].ino != st->st_ino) continue;
        cg_diag_add(L->diag, CG_WARNING, path, 0, 0, "already loaded as '%s'; read once", L->seen[i].path);
        return 1;
    }
    CG_GROW(L->seen, L->seen_cap, L->nseen + 1);
    L->seen[L->nseen].dev = st->st_dev;
    L->seen[L->nseen].ino = st->st_ino;
    L->seen[L->nseen].path = cg_strpool_intern_cstr(&L->g->strings, path);
    L->nseen++;
    return 0;
}

static void loader_read_file(loader *L, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cg_diag_add(L->diag, CG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return;
    }
    struct stat st;
    int ok = fstat(fileno(fp), &st) == 0;
    if (ok && loader_already_read(L, path, &st)) {
        fclose(fp);
        return;
    }
    L->file_size = ok ? (size_t)st.st_size : 0;
    loader_add_file_name(L->g, path);
    loader_read_stream(L, path, fp, NULL, 0);
    fclose(fp);
}

static void loader_read_path(loader *L, const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0) {
        if (!loader_stdin_set) {
            cg_diag_add(L->diag, CG_ERROR, "<stdin>", 0, 0, "standard input is not available as a graph here");
            return;
        }
        const char *name = cg_strpool_intern_cstr(&L->g->strings, "<stdin>");
        loader_add_file_name(L->g, name);
        loader_read_stream(L, name, NULL, loader_stdin_data, loader_stdin_len);
        return;
    }
    if (stat(path, &st) != 0) {
        cg_diag_add(L->diag, CG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        loader_read_file(L, path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        cg_diag_add(L->diag, CG_ERROR, path, 0, 0, "cannot read directory: %s", strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !loader_has_yaml_ext(de->d_name)) continue;
        CG_GROW(names, cap, n + 1);
        names[n++] = cg_xstrdup(de->d_name);
    }
    closedir(d);
    if (n == 0) cg_diag_add(L->diag, CG_ERROR, path, 0, 0, "no .yaml or .yml files in this directory");
    if (n) qsort(names, n, sizeof *names, loader_name_cmp);
    size_t plen = strlen(path);
    for (size_t i = 0; i < n; i++) {
        size_t flen = plen + strlen(names[i]) + 2;
        char *full = cg_xmalloc(flen);
        snprintf(full, flen, "%s%s%s", path, (plen && path[plen - 1] == '/') ? "" : "/", names[i]);
        if (!cg_diag_full(L->diag) && !loader_cancelled(L)) loader_read_file(L, full);
        free(full);
        free(names[i]);
    }
    free(names);
}

/* ---- resolution ---- */

/* Best suggestion among the graph's node ids (NULL if none is close). */
/* Suggestions compare a word with every candidate (about 7 character
 * comparisons per byte of the word each): up to 100 errors over a big graph
 * of long ids would take minutes.  The work of one load is bounded; past the
 * budget errors come without a suggestion.  Returns 1 if a search over
 * ncands candidates fits (and counts it). */
#define SUGGEST_BUDGET ((size_t)500 * 1000 * 1000)   /* well under a second */
static int loader_suggest_afford(loader *L, const char *word, size_t ncands)
{
    size_t cost = ncands * (strlen(word) + 1) * 7;
    if (cost > SUGGEST_BUDGET - L->suggest_work) return 0;
    L->suggest_work += cost;
    return 1;
}

static const char *loader_suggest_node(loader *L, const char *word)
{
    if (L->g->nnodes > 200000) return NULL;   /* keep error reporting fast */
    if (!loader_suggest_afford(L, word, L->g->nnodes)) return NULL;
    cg_suggest sg;
    cg_suggest_init(&sg, word, 1, 0);
    for (size_t i = 0; i < L->g->nnodes; i++) cg_suggest_offer(&sg, L->g->nodes[i].id);
    const char *best = cg_suggest_best(&sg);
    cg_suggest_destroy(&sg);
    return best;
}

static void loader_error_at(loader *L, const pending *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void loader_error_at(loader *L, const pending *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cg_diag_vadd(L->diag, CG_ERROR, p->file, p->line, p->col, fmt, ap);
    va_end(ap);
}


static void loader_resolve(loader *L)
{
    cg_graph *g = L->g;
    for (size_t i = 0; i < L->npend && !cg_diag_full(L->diag); i++) {
        if ((i & 4095) == 0 && loader_cancelled(L)) return;
        pending *p = &L->pend[i];
        switch (p->what) {
        case REF_FROM:
        case REF_TO: {
            int32_t n = cg_idmap_get_cstr(&L->nmap, p->name);
            if (n >= 0) {
                if (p->what == REF_FROM) g->edges[p->index].from = n; else g->edges[p->index].to = n;
            } else {
                const char *s = loader_suggest_node(L, p->name);
                if (s) loader_error_at(L, p, "edge %s unknown node '%s'; did you mean '%s'?", p->what == REF_FROM ? "from" : "to", p->name, s);
                else loader_error_at(L, p, "edge %s unknown node '%s'", p->what == REF_FROM ? "from" : "to", p->name);
            }
            break;
        }
        case REF_SOURCE: {
            int32_t s = cg_idmap_get_cstr(&L->smap, p->name);
            if (s >= 0) {
                cg_edge_sources_w(&g->edges[p->index])[p->slot] = s;
            } else {
                const char **ids = cg_xmalloc((g->nsources + 1) * sizeof *ids);
                for (size_t k = 0; k < g->nsources; k++) ids[k] = g->sources[k].id;
                const char *sg = loader_suggest_afford(L, p->name, g->nsources) ? loader_suggest_from(p->name, ids, g->nsources) : NULL;
                if (sg) loader_error_at(L, p, "unknown source '%s'; did you mean '%s'?", p->name, sg);
                else loader_error_at(L, p, "unknown source '%s' (declare it under 'sources:')", p->name);
                free(ids);
            }
            break;
        }
        case REF_TYPE:
            if (cg_graph_find_type(g, p->name) < 0) {
                const char **names = cg_xmalloc((g->ntypes + 1) * sizeof *names);
                for (size_t k = 0; k < g->ntypes; k++) names[k] = g->types[k].name;
                const char *sg = loader_suggest_from(p->name, names, g->ntypes);
                if (sg) loader_error_at(L, p, "unknown edge type '%s'; did you mean '%s'?", p->name, sg);
                else loader_error_at(L, p, "unknown edge type '%s' (declare it under 'types:')", p->name);
                free(names);
            }
            break;
        case REF_KIND:
        case REF_RULE_KIND:
            if (cg_graph_find_kind(g, p->name) < 0) {
                const char *sg = loader_suggest_from(p->name, g->kinds, g->nkinds);
                if (sg) loader_error_at(L, p, "unknown kind '%s'; did you mean '%s'?", p->name, sg);
                else loader_error_at(L, p, "unknown kind '%s' (declare it under 'kinds:')", p->name);
            }
            break;
        }
    } if (L->diag->nerrors) return;
    /* endpoint rules of the edges not checked while reading (an end or
     * the type's rules came later) */
    for (size_t e = 0; e < g->nedges && !cg_diag_full(L->diag); e++) {
        if (loader_is_ruled(L, e)) continue;
        int32_t t = cg_schema_type_index(&L->schema, g->edges[e].type);
        if (t >= 0 && (g->types[t].nfrom || g->types[t].nto)) loader_check_rule(L, e, &g->types[t]);
    }
    if (L->diag->nerrors) return;
    for (size_t e = 0; e < g->nedges; e++) {
        if (g->edges[e].nsources) continue;
        cg_diag_add(L->diag, CG_WARNING, cg_edge_file(g, &g->edges[e]), (int)g->edges[e].line, (int)g->edges[e].col,
                    "edge %s -%s-> %s has no source", g->nodes[g->edges[e].from].id,
                    g->edges[e].type, g->nodes[g->edges[e].to].id);
    }
}

static void loader_init(loader *L, cg_diag *diag, const cg_load_opts *o)
{
    memset(L, 0, sizeof *L);
    L->g = cg_graph_new();
    cg_schema_declare_builtins(L->g);
    cg_schema_init(&L->schema, L->g, diag);
    L->diag = diag;
    if (o) {
        L->progress = o->progress;
        L->cancel = o->cancel;
        L->cb_ctx = o->ctx;
    }
    cg_ytree_init(&L->tree, diag, loader_poll_cancel, L);
    char warn[160];
    L->threads = cg_ysplit_threads(warn, sizeof warn);
    if (warn[0]) cg_diag_add(diag, CG_WARNING, NULL, 0, 0, "%s", warn);
}

static cg_graph *loader_finish(loader *L)
{
    cg_graph *g = L->g;
    if (!loader_cancelled(L)) {
        if (!L->failed_parse && L->diag->nerrors == 0) loader_resolve(L);
        else if (!L->failed_parse && !cg_diag_full(L->diag)) loader_resolve(L);
    }
    cg_ytree_destroy(&L->tree);
    free(L->pend);
    free(L->ids);
    free(L->sx);
    free(L->attrs);
    cg_idmap_destroy(&L->nmap);
    cg_idmap_destroy(&L->smap);
    free(L->hot);
    free(L->dslots);
    free(L->nkind);
    free(L->ruled);
    free(L->sloc);
    free(L->seen);
    cg_schema_destroy(&L->schema);
    if (L->diag->nerrors || loader_cancelled(L)) {
        cg_graph_free(g);
        return NULL;
    }
    /* the tables are complete: give back their growth slack, and the memory
     * the reading freed, before the indexes and igraph's arrays are made
     * (the peak) */
    if (g->nedges < g->edges_cap) {
        g->edges = cg_xrealloc(g->edges, (g->nedges ? g->nedges : 1) * sizeof *g->edges);
        g->edges_cap = g->nedges ? g->nedges : 1;
    }
    if (g->nnodes < g->nodes_cap) {
        g->nodes = cg_xrealloc(g->nodes, (g->nnodes ? g->nnodes : 1) * sizeof *g->nodes);
        g->nodes_cap = g->nnodes ? g->nnodes : 1;
    }
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    cg_graph_finish(g);
    if (loader_cancelled(L)) {        /* during the indexes: too late to stop, not to drop */
        cg_graph_free(g);
        return NULL;
    }
    return g;
}

cg_graph *cg_load_with(const char *const *paths, size_t npaths, cg_diag *diag, const cg_load_opts *opts)
{
    loader L;
    loader_init(&L, diag, opts);
    for (size_t i = 0; i < npaths && !cg_diag_full(diag) && !loader_cancelled(&L); i++) loader_read_path(&L, paths[i]);
    return loader_finish(&L);
}

cg_graph *cg_load(const char *const *paths, size_t npaths, cg_diag *diag,
                  cg_progress_fn progress, void *progress_ctx)
{
    cg_load_opts o = { progress, NULL, progress_ctx };
    return cg_load_with(paths, npaths, diag, &o);
}

cg_graph *cg_load_buffer(const char *name, const unsigned char *data, size_t len, cg_diag *diag)
{
    loader L;
    loader_init(&L, diag, NULL);
    loader_add_file_name(L.g, name);
    loader_read_stream(&L, name, NULL, data, len);
    return loader_finish(&L);
}
