/* loader.c - graph files (SPEC 2) into a cg_graph.
 *
 * libyaml's event parser is read as a stream.  The top-level mapping is walked
 * event by event; every entry of `nodes:`, `edges:` and `sources:` (and every
 * other top-level value, which is small) is read into a little tree in a
 * per-file arena, validated, copied into the graph's tables and released.  So
 * memory grows with the graph, never with the document.
 *
 * Anchors keep the tree they name (the arena is not released past an item that
 * defined one); aliases point at that tree, so expanding one costs nothing,
 * and the number of tree nodes reached through aliases is bounded against the
 * size of the input: an alias bomb fails fast.
 *
 * References that may point forward or into another file (edge endpoints,
 * sources, kinds, types) are resolved when every file has been read.  Any
 * error anywhere means no graph.
 */
#include "loader.h"
#include "schema.h"
#include "suggest.h"
#include "yaml_stream.h"

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

/* ---- the little tree ---- */

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } yn_type;

typedef struct ynode ynode;
struct ynode {
    yn_type type;
    int line, col;
    int plain;            /* scalar: plain style and no !!str tag */
    int is_null;          /* scalar: empty plain scalar (no value) */
    const char *value;    /* scalar text (NUL-terminated, arena) */
    size_t len;
    ynode **items;        /* seq: n items; map: n keys then n values */
    size_t n;
    size_t weight;        /* nodes in this tree, aliases counted expanded (saturating) */
};

#define MAP_KEY(m, i) ((m)->items[(i)])
#define MAP_VAL(m, i) ((m)->items[(m)->n + (i)])

typedef struct anchor {
    char *name;
    ynode *node;
} anchor;

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

/* id text -> node or source index while loading.  Open addressing keyed by
 * the text's hash.  A slot keeps the interned id, its length and its first
 * ID_INLINE bytes, so a lookup costs one slot, and the id's text is read
 * only for the rest of an id longer than that: an edge endpoint is found
 * with one cache miss, without interning its text first. */
#define ID_INLINE 12
typedef struct idslot {
    const char *id;       /* interned; NULL: empty slot */
    uint32_t hash;        /* cg_hash(id) */
    int32_t idx;
    uint32_t len;
    char head[ID_INLINE]; /* the first bytes of id, zero-padded */
} idslot;

typedef struct idmap {
    idslot *slots;
    size_t size, count;
} idmap;

/* The index stored for the n bytes at s (hash h = cg_hash(s, n)), or -1. */
static int32_t idmap_get(const idmap *m, const char *s, size_t n, uint32_t h)
{
    if (!m->slots) return -1;
    size_t mask = m->size - 1, nh = n < ID_INLINE ? n : ID_INLINE;
    for (size_t i = h & mask; m->slots[i].id; i = (i + 1) & mask) {
        const idslot *e = &m->slots[i];
        if (e->hash == h && e->len == n && memcmp(e->head, s, nh) == 0 &&
            (n <= ID_INLINE || memcmp(e->id + ID_INLINE, s + ID_INLINE, n - ID_INLINE) == 0))
            return e->idx;
    }
    return -1;
}

/* Records idx for the interned id of n bytes (hash h); the id must not be
 * present. */
static void idmap_put(idmap *m, const char *id, size_t n, uint32_t h, int32_t idx)
{
    if ((m->count + 1) * 2 > m->size) {
        size_t nsize = m->size ? m->size * 2 : 1024;
        idslot *ns = cg_xcalloc(nsize, sizeof *ns);
        cg_hugepages(ns, nsize * sizeof *ns);   /* filled at random: fault it 2 MiB at a time */
        for (size_t i = 0; i < m->size; i++) {
            if (!m->slots[i].id) continue;
            size_t j = m->slots[i].hash & (nsize - 1);
            while (ns[j].id) j = (j + 1) & (nsize - 1);
            ns[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = ns;
        m->size = nsize;
    }
    size_t mask = m->size - 1, i = h & mask;
    while (m->slots[i].id) i = (i + 1) & mask;
    idslot *e = &m->slots[i];
    e->id = id;
    e->hash = h;
    e->idx = idx;
    e->len = (uint32_t)n;   /* ids are at most CG_MAX_ID_LEN bytes */
    memset(e->head, 0, sizeof e->head);
    memcpy(e->head, id, n < ID_INLINE ? n : ID_INLINE);
    m->count++;
}

/* idmap_get for a NUL-terminated id. */
static int32_t idmap_get_cstr(const idmap *m, const char *id)
{
    size_t n = strlen(id);
    return idmap_get(m, id, n, cg_hash(id, n));
}

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

typedef struct loader {
    cg_graph *g;
    cg_diag *diag;
    const char *file;      /* interned name of the current file */
    cg_yaml_stream in;     /* the current file's events */
    int failed_parse;      /* a syntax error somewhere: skip resolution */
    int abort_file;        /* stop reading the current file */
    int depth;
    size_t events;         /* events read in this file */
    size_t alias_budget;   /* tree nodes reached through aliases */
    cg_arena arena;        /* per-file trees */
    anchor *anchors; size_t nanchors, anchors_cap;
    /* anchor name -> index of its latest definition in anchors (open
     * addressing), so an alias is found in constant time however many
     * anchors a file defines */
    int32_t *amap; size_t amap_size, amap_count;
    /* work spent on "did you mean" suggestions (see suggest_afford) */
    size_t suggest_work;
    pending *pend; size_t npend, pend_cap;
    edge_loc *eloc; size_t eloc_cap;
    const char **ids; size_t ids_cap;   /* an edge's source ids (scratch) */
    /* id -> node index while loading (open addressing on interned pointers) */
    idmap nmap, smap;
    hotslot *hot;          /* HOT_SLOTS, see intern; NULL until a big file */
    cg_schema schema;      /* kinds, types and their rules */
    /* endpoint rules checked while the edges are read (see check_rule) */
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
    /* interned keys */
    const char *k_id, *k_kind, *k_name, *k_aliases, *k_from, *k_to, *k_type,
               *k_date, *k_source, *k_title, *k_publisher, *k_url, *k_file, *k_note;
    /* top-level attribute naming */
    int have_name, have_desc;
} loader;

static void lerr(loader *L, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void lerr(loader *L, int line, int col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cg_diag_add(L->diag, CG_ERROR, L->file, line, col, "%s", msg);
    if (cg_diag_full(L->diag)) L->abort_file = 1;
}

/* ---- reading events ---- */

/* Frees an event the loader is done with. */
static void ev_free(loader *L, yaml_event_t *ev)
{
    cg_yaml_stream_event_free(&L->in, ev);
}

/* 1 if the caller cancelled the load (asking it now): then the current
 * file is abandoned and nothing more is read or resolved. */
static int loader_cancelled(loader *L)
{
    if (!L->cancelled && L->cancel && L->cancel(L->cb_ctx)) {
        L->cancelled = 1;
        L->abort_file = 1;
        L->failed_parse = 1;
    }
    return L->cancelled;
}

/* Next event; 0 on success, -1 after reporting a syntax error or a limit,
 * or when the load was cancelled. */
static int next_event(loader *L, yaml_event_t *ev)
{
    if (L->abort_file) return -1;
    if ((L->events & 4095) == 0 && loader_cancelled(L)) return -1;
    if (!cg_yaml_stream_next(&L->in, ev)) {
        cg_yaml_stream_report(&L->in, L->diag);
        L->failed_parse = 1;
        L->abort_file = 1;
        return -1;
    }
    L->events++;
    if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
        if (++L->depth > CG_MAX_DEPTH) {
            lerr(L, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                 "nesting deeper than %d levels", CG_MAX_DEPTH);
            L->failed_parse = 1;
            L->abort_file = 1;
            ev_free(L, ev);
            return -1;
        }
    } else if (ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT) {
        L->depth--;
    }
    return 0;
}

static size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static ynode *new_ynode(loader *L, yn_type t, const yaml_event_t *ev)
{
    ynode *y = cg_arena_alloc(&L->arena, sizeof *y);
    memset(y, 0, sizeof *y);
    y->type = t;
    y->line = CG_EV_LINE(ev);
    y->col = CG_EV_COL(ev);
    y->weight = 1;
    return y;
}

static const char *TAG_PREFIX = "tag:yaml.org,2002:";

/* Checks a node's tag.  Returns 0 if acceptable; *force_text is set for
 * !!str and the non-specific tag "!". */
static int check_tag(loader *L, const yaml_event_t *ev, const unsigned char *tag, int is_scalar,
                     const char *value, int *force_text)
{
    *force_text = 0;
    if (!tag) return 0;
    const char *t = (const char *)tag;
    if (strcmp(t, "!") == 0) { *force_text = 1; return 0; }
    size_t pl = strlen(TAG_PREFIX);
    if (strncmp(t, TAG_PREFIX, pl) != 0) {
        lerr(L, CG_EV_LINE(ev), CG_EV_COL(ev), "unsupported tag '%s'; only the standard tags (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map) are allowed", t);
        return -1;
    }
    const char *s = t + pl;
    if (!is_scalar) {
        if (strcmp(s, "seq") == 0 || strcmp(s, "map") == 0 || strcmp(s, "omap") == 0) return 0;
        lerr(L, CG_EV_LINE(ev), CG_EV_COL(ev), "tag '!!%s' cannot be put on a %s", s,
             ev->type == YAML_SEQUENCE_START_EVENT ? "list" : "mapping");
        return -1;
    }
    if (strcmp(s, "str") == 0) { *force_text = 1; return 0; }
    if (strcmp(s, "null") == 0) return 0;
    if (strcmp(s, "int") == 0 || strcmp(s, "float") == 0 || strcmp(s, "bool") == 0) {
        cg_valtype vt = cg_classify_scalar(value);
        int okv = (s[0] == 'i' && vt == CG_VAL_INT) || (s[0] == 'f' && (vt == CG_VAL_DOUBLE || vt == CG_VAL_INT))
                  || (s[0] == 'b' && vt == CG_VAL_BOOL);
        if (!okv) {
            lerr(L, CG_EV_LINE(ev), CG_EV_COL(ev), "value '%.60s' is not %s (tagged !!%s)", value,
                 s[0] == 'i' ? "an integer" : s[0] == 'f' ? "a number" : "true or false", s);
            return -1;
        }
        return 0;
    }
    if (strcmp(s, "timestamp") == 0 || strcmp(s, "binary") == 0) return 0;
    lerr(L, CG_EV_LINE(ev), CG_EV_COL(ev), "tag '!!%s' cannot be put on a scalar", s);
    return -1;
}

/* The slot of name in L->amap: where its index is, or the empty slot where
 * it would go.  L->amap must exist. */
static size_t anchor_slot(const loader *L, const char *name)
{
    size_t h = cg_hash(name, strlen(name)) & (L->amap_size - 1);
    while (L->amap[h] >= 0 && strcmp(L->anchors[L->amap[h]].name, name) != 0)
        h = (h + 1) & (L->amap_size - 1);
    return h;
}

static void add_anchor(loader *L, const unsigned char *name, ynode *y)
{
    if (!name) return;
    /* every definition gets an entry (nanchors counts them: the callers keep
     * the arena of an item that defined one) ... */
    CG_GROW(L->anchors, L->anchors_cap, L->nanchors + 1);
    int32_t idx = (int32_t)L->nanchors;
    L->anchors[idx].name = cg_xstrdup((const char *)name);
    L->anchors[idx].node = y;
    L->nanchors++;
    /* ... and a later anchor of the same name replaces the earlier one (YAML) */
    if ((L->amap_count + 1) * 2 > L->amap_size) {
        size_t nsize = L->amap_size ? L->amap_size * 2 : 64;
        free(L->amap);
        L->amap = cg_xmalloc(nsize * sizeof *L->amap);
        for (size_t i = 0; i < nsize; i++) L->amap[i] = -1;
        L->amap_size = nsize;
        L->amap_count = 0;
        for (size_t i = 0; i < (size_t)idx; i++) {
            size_t h = anchor_slot(L, L->anchors[i].name);
            if (L->amap[h] < 0) L->amap_count++;
            L->amap[h] = (int32_t)i;
        }
    }
    size_t h = anchor_slot(L, L->anchors[idx].name);
    if (L->amap[h] < 0) L->amap_count++;
    L->amap[h] = idx;
}

static ynode *find_anchor(const loader *L, const char *name)
{
    if (!L->amap) return NULL;
    size_t h = anchor_slot(L, name);
    return L->amap[h] >= 0 ? L->anchors[L->amap[h]].node : NULL;
}

static ynode *parse_node(loader *L, yaml_event_t *ev);

static int key_equal(const ynode *a, const ynode *b)
{
    return a->type == YN_SCALAR && b->type == YN_SCALAR && a->len == b->len &&
           memcmp(a->value, b->value, a->len) == 0;
}

/* A set of the keys of a mapping being read (indices into its key array),
 * used once a mapping outgrows a linear scan, so that finding duplicates
 * and applying merges stays linear in the size of the mapping. */
typedef struct keyset {
    int32_t *slots;
    size_t size;
} keyset;

/* Index i with keys[i] equal to k, or -1.  *slot: where k is or would go. */
static int32_t keyset_find(const keyset *ks, ynode *const *keys, const ynode *k, size_t *slot)
{
    size_t h = cg_hash(k->value, k->len) & (ks->size - 1);
    while (ks->slots[h] >= 0 && !key_equal(keys[ks->slots[h]], k)) h = (h + 1) & (ks->size - 1);
    if (slot) *slot = h;
    return ks->slots[h];
}

/* Index of a key among keys[0..n) equal to k, or -1: a scan while n is
 * small, else through ks (built here on first use, grown as n grows; it
 * holds keys[0..n) on return). */
static int32_t keys_find(keyset *ks, ynode *const *keys, size_t n, const ynode *k)
{
    if (n <= 16 && !ks->slots) {
        for (size_t i = 0; i < n; i++)
            if (key_equal(keys[i], k)) return (int32_t)i;
        return -1;
    }
    if (!ks->slots || (n + 1) * 2 > ks->size) {
        size_t nsize = ks->size ? ks->size : 64;
        while ((n + 1) * 2 > nsize) nsize *= 2;
        free(ks->slots);
        ks->slots = cg_xmalloc(nsize * sizeof *ks->slots);
        ks->size = nsize;
        for (size_t i = 0; i < nsize; i++) ks->slots[i] = -1;
        for (size_t i = 0; i < n; i++) {
            size_t h;
            if (keyset_find(ks, keys, keys[i], &h) < 0) ks->slots[h] = (int32_t)i;
        }
    }
    /* keys added since the last call (at most one) go in now */
    size_t h;
    if (n && keyset_find(ks, keys, keys[n - 1], &h) < 0) ks->slots[h] = (int32_t)(n - 1);
    return keyset_find(ks, keys, k, NULL);
}

/* Doubles parse_mapping's key and value arrays (*cap entries each), moving
 * them to the heap the first time (while *keys is still `inline_keys`). */
static void map_grow(ynode ***keys, ynode ***vals, ynode **inline_keys, size_t *cap)
{
    size_t ncap = *cap * 2;
    if (*keys == inline_keys) {
        ynode **k = cg_xmalloc(ncap * sizeof *k), **v = cg_xmalloc(ncap * sizeof *v);
        memcpy(k, *keys, *cap * sizeof *k);
        memcpy(v, *vals, *cap * sizeof *v);
        *keys = k;
        *vals = v;
    } else {
        *keys = cg_xrealloc(*keys, ncap * sizeof **keys);
        *vals = cg_xrealloc(*vals, ncap * sizeof **vals);
    }
    *cap = ncap;
}

/* Reads the rest of a mapping whose start event is ev.  Applies `<<` merge
 * keys; reports duplicate and non-scalar keys. */
static ynode *parse_mapping(loader *L, yaml_event_t *ev)
{
    ynode *y = new_ynode(L, YN_MAP, ev);
    int force_text;
    if (check_tag(L, ev, ev->data.mapping_start.tag, 0, NULL, &force_text) < 0) { /* reported */ }
    const unsigned char *anchor_name = ev->data.mapping_start.anchor;
    char *aname = anchor_name ? cg_xstrdup((const char *)anchor_name) : NULL;
    ev_free(L, ev);

    /* keys and values go to these until a mapping has more than MAP_INLINE
     * entries, then to the heap: an entry costs no malloc */
    enum { MAP_INLINE = 16 };
    ynode *keys_inline[MAP_INLINE], *vals_inline[MAP_INLINE];
    ynode **keys = keys_inline, **vals = vals_inline, **merges = NULL;
    size_t n = 0, cap = MAP_INLINE, nm = 0, mcap = 0;
    keyset ks = { NULL, 0 };
    for (;;) {
        yaml_event_t kev;
        if (next_event(L, &kev) < 0) goto fail;
        if (kev.type == YAML_MAPPING_END_EVENT) { ev_free(L, &kev); break; }
        ynode *k = parse_node(L, &kev);
        if (!k) goto fail;
        yaml_event_t vev;
        if (next_event(L, &vev) < 0) goto fail;
        ynode *v = parse_node(L, &vev);
        if (!v) goto fail;
        y->weight = sat_add(y->weight, sat_add(k->weight, v->weight));
        if (k->type != YN_SCALAR) {
            lerr(L, k->line, k->col, "a mapping key must be a plain value, not a %s",
                 k->type == YN_SEQ ? "list" : "mapping");
            continue;
        }
        if (k->plain && strcmp(k->value, "<<") == 0) {
            /* merge: a mapping, or a list of mappings */
            if (v->type == YN_MAP) {
                CG_GROW(merges, mcap, nm + 1);
                merges[nm++] = v;
            } else if (v->type == YN_SEQ) {
                for (size_t i = 0; i < v->n; i++) {
                    if (v->items[i]->type != YN_MAP) {
                        lerr(L, v->items[i]->line, v->items[i]->col, "'<<' merges mappings; this is not a mapping");
                        continue;
                    }
                    CG_GROW(merges, mcap, nm + 1);
                    merges[nm++] = v->items[i];
                }
            } else {
                lerr(L, v->line, v->col, "'<<' merges a mapping or a list of mappings, usually an alias like *defaults");
            }
            continue;
        }
        int32_t first = keys_find(&ks, keys, n, k);
        if (first >= 0) {
            lerr(L, k->line, k->col, "duplicate key '%s' (first at line %d)", k->value, keys[first]->line);
            continue;
        }
        if (n == cap) map_grow(&keys, &vals, keys_inline, &cap);
        keys[n] = k;
        vals[n] = v;
        n++;
    }
    /* merged keys that are not given explicitly; earlier merges win */
    for (size_t m = 0; m < nm; m++) {
        ynode *src = merges[m];
        L->alias_budget = sat_add(L->alias_budget, src->n);
        for (size_t i = 0; i < src->n; i++) {
            if (keys_find(&ks, keys, n, MAP_KEY(src, i)) >= 0) continue;
            if (n == cap) map_grow(&keys, &vals, keys_inline, &cap);
            keys[n] = MAP_KEY(src, i);
            vals[n] = MAP_VAL(src, i);
            n++;
        }
    }
    y->n = n;
    y->items = cg_arena_alloc(&L->arena, (2 * n + 1) * sizeof *y->items);
    if (n) {
        memcpy(y->items, keys, n * sizeof *keys);
        memcpy(y->items + n, vals, n * sizeof *vals);
    }
    if (keys != keys_inline) {
        free(keys);
        free(vals);
    }
    free(merges);
    free(ks.slots);
    if (aname) {
        add_anchor(L, (const unsigned char *)aname, y);
        free(aname);
    }
    return y;
fail:
    if (keys != keys_inline) {
        free(keys);
        free(vals);
    }
    free(merges);
    free(ks.slots);
    free(aname);
    return NULL;
}

static ynode *parse_sequence(loader *L, yaml_event_t *ev)
{
    ynode *y = new_ynode(L, YN_SEQ, ev);
    int force_text;
    check_tag(L, ev, ev->data.sequence_start.tag, 0, NULL, &force_text);
    char *aname = ev->data.sequence_start.anchor ? cg_xstrdup((const char *)ev->data.sequence_start.anchor) : NULL;
    ev_free(L, ev);
    ynode **items = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        yaml_event_t iev;
        if (next_event(L, &iev) < 0) goto fail;
        if (iev.type == YAML_SEQUENCE_END_EVENT) { ev_free(L, &iev); break; }
        ynode *it = parse_node(L, &iev);
        if (!it) goto fail;
        y->weight = sat_add(y->weight, it->weight);
        CG_GROW(items, cap, n + 1);
        items[n++] = it;
    }
    y->n = n;
    y->items = cg_arena_alloc(&L->arena, (n + 1) * sizeof *y->items);
    if (n) memcpy(y->items, items, n * sizeof *items);
    free(items);
    if (aname) {
        add_anchor(L, (const unsigned char *)aname, y);
        free(aname);
    }
    return y;
fail:
    free(items);
    free(aname);
    return NULL;
}

/* Builds the tree of the node whose first event is ev (consumed).  Returns
 * NULL when reading must stop (a syntax error or a limit, reported). */
static ynode *parse_node(loader *L, yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        ynode *y = new_ynode(L, YN_SCALAR, ev);
        size_t len = ev->data.scalar.length;
        if (len > CG_MAX_SCALAR_LEN) {
            lerr(L, y->line, y->col, "value of %zu bytes is longer than the limit of %u bytes", len, CG_MAX_SCALAR_LEN);
            y->value = "";
            y->len = 0;
        } else {
            y->value = cg_arena_strndup(&L->arena, (const char *)ev->data.scalar.value, len);
            y->len = len;
            if (memchr(ev->data.scalar.value, '\0', len))
                lerr(L, y->line, y->col, "a value may not contain a NUL character");
        }
        int force_text = 0;
        check_tag(L, ev, ev->data.scalar.tag, 1, y->value, &force_text);
        y->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !force_text;
        y->is_null = y->plain && len == 0;
        if (ev->data.scalar.anchor) add_anchor(L, ev->data.scalar.anchor, y);
        ev_free(L, ev);
        return y;
    }
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        ynode *target = find_anchor(L, name);
        int line = CG_EV_LINE(ev), col = CG_EV_COL(ev);
        if (!target) {
            lerr(L, line, col, "unknown alias '*%s' (no anchor '&%s' before it)", name, name);
            ev_free(L, ev);
            /* stands in for the missing value: an empty (null) scalar, so
             * nothing downstream meets a NULL text */
            ynode *y = new_ynode(L, YN_SCALAR, &(yaml_event_t){ .start_mark = { .line = (size_t)line - 1, .column = (size_t)col - 1 } });
            y->value = "";
            y->plain = 1;
            y->is_null = 1;
            return y;
        }
        ev_free(L, ev);
        L->alias_budget = sat_add(L->alias_budget, target->weight);
        if (L->alias_budget > CG_MAX_ALIAS_EXPANSION + 16 * L->events) {
            lerr(L, line, col, "aliases expand to more than %zu values (an alias bomb?)", L->alias_budget > (size_t)1e12 ? (size_t)1e12 : L->alias_budget);
            L->failed_parse = 1;
            L->abort_file = 1;
            return NULL;
        }
        return target;
    }
    case YAML_SEQUENCE_START_EVENT:
        return parse_sequence(L, ev);
    case YAML_MAPPING_START_EVENT:
        return parse_mapping(L, ev);
    default:
        lerr(L, CG_EV_LINE(ev), CG_EV_COL(ev), "unexpected YAML event");
        ev_free(L, ev);
        L->abort_file = 1;
        return NULL;
    }
}

/* ---- validation helpers ---- */

/* The interned copy of s.  A small direct-mapped cache in front of the
 * interner answers for the values a big file repeats (types, dates, kinds,
 * attribute keys and values) from memory that stays in the cache, instead
 * of a probe into the interner's table of every id and title. */
static const char *intern(loader *L, const char *s)
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

static int valid_id(const char *s)
{
    if (!*s) return 0;
    const unsigned char *p = (const unsigned char *)s;
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
        return 0;
    for (p++; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == ':' || *p == '-'))
            return 0;
    return 1;
}

static const char *ydesc(const ynode *y)
{
    return y->type == YN_SEQ ? "a list" : y->type == YN_MAP ? "a mapping" : "a value";
}

/* A scalar field's text, or NULL after reporting that it must be a scalar. */
static const char *want_scalar(loader *L, const ynode *v, const char *what)
{
    if (v->type != YN_SCALAR) {
        lerr(L, v->line, v->col, "%s must be a single value, not %s", what, ydesc(v));
        return NULL;
    }
    return v->value;
}

/* An id field: checked against the pattern and length.  Returns its text
 * (the tree's, not interned) or NULL (reported). */
static const char *check_id(loader *L, const ynode *v, const char *what)
{
    const char *s = want_scalar(L, v, what);
    if (!s) return NULL;
    if (v->len > CG_MAX_ID_LEN) {
        lerr(L, v->line, v->col, "%s is %zu bytes long; the limit is %d", what, v->len, CG_MAX_ID_LEN);
        return NULL;
    }
    if (!valid_id(s)) {
        if (!*s)
            lerr(L, v->line, v->col, "%s is empty", what);
        else
            lerr(L, v->line, v->col, "%s '%s' is not a valid id (letters, digits and _ . : -, not starting with . : -)", what, s);
        return NULL;
    }
    return s;
}

/* check_id, then the interned id. */
static const char *want_id(loader *L, const ynode *v, const char *what)
{
    const char *s = check_id(L, v, what);
    return s ? intern(L, s) : NULL;
}

/* A list of scalars (a single scalar counts as a list of one).  Returns the
 * count and fills *out (arena of the graph) with interned strings. */
static uint32_t want_list(loader *L, const ynode *v, const char *what, const char ***out, int ids)
{
    *out = NULL;
    if (v->type == YN_MAP) {
        lerr(L, v->line, v->col, "%s must be a list, not a mapping", what);
        return 0;
    }
    if (v->type == YN_SCALAR) {
        if (v->is_null) return 0;
        const char *s = ids ? want_id(L, v, what) : intern(L, v->value);
        if (!s) return 0;
        *out = cg_arena_alloc(&L->g->arena, sizeof **out);
        (*out)[0] = s;
        return 1;
    }
    const char **list = cg_arena_alloc(&L->g->arena, (v->n + 1) * sizeof *list);
    uint32_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        const ynode *it = v->items[i];
        const char *s = ids ? want_id(L, it, what) : want_scalar(L, it, what);
        if (!s) continue;
        list[n++] = ids ? s : intern(L, s);
    }
    *out = list;
    return n;
}

static void add_pending(loader *L, ref_what what, int32_t index, uint32_t slot, const char *name, const ynode *at)
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

/* Whose attributes collect_attrs reads, for its messages: formatted only
 * when there is an error. */
typedef enum { OWNER_NODE, OWNER_EDGE, OWNER_SOURCE } owner_what;
typedef struct owner {
    owner_what what;
    const char *a, *b;    /* node/source id; edge: from and to */
} owner;

/* "node 'ID'", "edge FROM -> TO" or "source 'ID'" into buf. */
static const char *owner_text(const owner *o, char *buf, size_t sz)
{
    if (o->what == OWNER_EDGE) snprintf(buf, sz, "edge %s -> %s", o->a, o->b);
    else snprintf(buf, sz, o->what == OWNER_NODE ? "node '%s'" : "source '%s'", o->a);
    return buf;
}

/* 1 if k is one of the NULL-terminated reserved keys. */
static int is_reserved(const char *k, const char *const *reserved)
{
    for (size_t r = 0; reserved[r]; r++)
        if (k[0] == reserved[r][0] && strcmp(k, reserved[r]) == 0) return 1;
    return 0;
}

/* Attributes: every other scalar key.  Returns count, fills *out (graph arena). */
static uint32_t collect_attrs(loader *L, const ynode *m, const char *const *reserved, const owner *own,
                              cg_attr **out)
{
    char owner_buf[600];
    uint32_t count = 0;
    for (size_t i = 0; i < m->n; i++)
        if (!is_reserved(MAP_KEY(m, i)->value, reserved)) count++;
    *out = NULL;
    if (!count) return 0;
    cg_attr *a = cg_arena_alloc(&L->g->arena, count * sizeof *a);
    uint32_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        const ynode *kn = MAP_KEY(m, i), *v = MAP_VAL(m, i);
        const char *k = kn->value;
        if (is_reserved(k, reserved)) continue;
        if (!*k) {
            lerr(L, kn->line, kn->col, "an attribute name may not be empty (%s)",
                 owner_text(own, owner_buf, sizeof owner_buf));
            continue;
        }
        if (kn->len > CG_MAX_ID_LEN) {
            lerr(L, kn->line, kn->col, "attribute name is %zu bytes long; the limit is %d", kn->len, CG_MAX_ID_LEN);
            continue;
        }
        if (v->type != YN_SCALAR) {
            lerr(L, v->line, v->col, "attribute '%s' of %s must be a single value, not %s", k,
                 owner_text(own, owner_buf, sizeof owner_buf), ydesc(v));
            continue;
        }
        if (v->is_null) continue;   /* `key:` with nothing: no attribute */
        a[n].key = intern(L, k);
        a[n].text = intern(L, v->value);
        a[n].plain = v->plain;
        n++;
    }
    *out = a;
    return n;
}

static const ynode *map_get_key(const ynode *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(MAP_KEY(m, i)->value, key) == 0) return MAP_VAL(m, i);
    return NULL;
}

/* ---- entries ---- */

static void load_node(loader *L, const ynode *m)
{
    if (m->type != YN_MAP) {
        lerr(L, m->line, m->col, "each entry of 'nodes' must be a mapping with 'id' and 'kind', not %s", ydesc(m));
        return;
    }
    /* one pass over the keys (a million-node file asks this 4 million times) */
    const ynode *vid = NULL, *vkind = NULL, *vname = NULL, *valiases = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const ynode *k = MAP_KEY(m, i);
        switch (k->len) {
        case 2: if (memcmp(k->value, "id", 2) == 0) vid = MAP_VAL(m, i); break;
        case 4:
            if (memcmp(k->value, "kind", 4) == 0) vkind = MAP_VAL(m, i);
            else if (memcmp(k->value, "name", 4) == 0) vname = MAP_VAL(m, i);
            break;
        case 7: if (memcmp(k->value, "aliases", 7) == 0) valiases = MAP_VAL(m, i); break;
        default: break;
        }
    }
    if (!vid) { lerr(L, m->line, m->col, "node without 'id'"); return; }
    const char *id = want_id(L, vid, "node id");
    if (!id) return;
    if (!vkind) { lerr(L, m->line, m->col, "node '%s' has no 'kind'", id); return; }
    const char *kind = want_scalar(L, vkind, "kind");
    if (!kind) return;
    if (!*kind) { lerr(L, vkind->line, vkind->col, "node '%s' has an empty 'kind'", id); return; }

    size_t idlen = strlen(id);
    uint32_t idh = cg_hash(id, idlen);
    int32_t prev = idmap_get(&L->nmap, id, idlen, idh);
    if (prev >= 0) {
        const cg_node *p = &L->g->nodes[prev];
        lerr(L, vid->line, vid->col, "node '%s' is already defined at %s:%u:%u", id, p->file, p->line, p->col);
        return;
    }
    cg_graph *g = L->g;
    CG_GROW(g->nodes, g->nodes_cap, g->nnodes + 1);
    int32_t idx = (int32_t)g->nnodes;
    cg_node *n = &g->nodes[idx];
    memset(n, 0, sizeof *n);
    n->id = id;
    n->kind = intern(L, kind);
    n->file = L->file;
    n->line = (uint32_t)m->line;
    n->col = (uint32_t)m->col;
    n->name = id;
    if (vname) {
        const char *name = want_scalar(L, vname, "name");
        /* names are nearly all distinct: copied, not interned, so the
         * interner's table stays small (nothing compares names by pointer) */
        if (name && !vname->is_null) n->name = cg_arena_strndup(&g->strings.arena, name, vname->len);
    }
    if (valiases) n->naliases = want_list(L, valiases, "aliases", &n->aliases, 0);
    static const char *const reserved[] = { "id", "kind", "name", "aliases", NULL };
    owner own = { OWNER_NODE, id, NULL };
    n->nattrs = collect_attrs(L, m, reserved, &own, &n->attrs);
    g->nnodes++;
    CG_GROW(L->nkind, L->nkind_cap, g->nnodes);
    L->nkind[idx] = n->kind;
    idmap_put(&L->nmap, id, idlen, idh, idx);
    if (!cg_schema_kind_known(&L->schema, n->kind)) add_pending(L, REF_KIND, idx, 0, n->kind, vkind);
}

static void mark_ruled(loader *L, size_t e)
{
    size_t byte = e / 8;
    if (byte >= L->ruled_cap) {
        size_t old = L->ruled_cap;
        CG_GROW(L->ruled, L->ruled_cap, byte + 1);
        memset(L->ruled + old, 0, L->ruled_cap - old);
    }
    L->ruled[byte] |= (uint8_t)(1u << (e % 8));
}

static int is_ruled(const loader *L, size_t e)
{
    return e / 8 < L->ruled_cap && ((L->ruled[e / 8] >> (e % 8)) & 1);
}

/* Checks edge e against its type's endpoint rules, reporting a violation.
 * The node kinds come from the loader's compact copy, so a million edges
 * cost no cache miss each. */
static void check_rule(loader *L, size_t e, const cg_typedef *td)
{
    const cg_edge *ed = &L->g->edges[e];
    if (cg_schema_allows(td, L->nkind[ed->from], L->nkind[ed->to])) return;
    cg_schema_loc at = { L->eloc[e].file, L->eloc[e].line, L->eloc[e].col };
    cg_schema_report_edge(&L->schema, e, td, &at);
}

static void load_edge(loader *L, const ynode *m)
{
    if (m->type != YN_MAP) {
        lerr(L, m->line, m->col, "each entry of 'edges' must be a mapping with 'from', 'to' and 'type', not %s", ydesc(m));
        return;
    }
    const ynode *vfrom = NULL, *vto = NULL, *vtype = NULL, *vdate = NULL, *vsrc = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const char *k = MAP_KEY(m, i)->value;
        const ynode *v = MAP_VAL(m, i);
        switch (k[0]) {
        case 'f': if (strcmp(k, "from") == 0) vfrom = v; break;
        case 't':
            if (strcmp(k, "to") == 0) vto = v;
            else if (strcmp(k, "type") == 0) vtype = v;
            break;
        case 'd': if (strcmp(k, "date") == 0) vdate = v; break;
        case 's': if (strcmp(k, "source") == 0) vsrc = v; break;
        default: break;
        }
    }
    if (!vfrom || !vto || !vtype) {
        lerr(L, m->line, m->col, "edge without %s", !vfrom ? "'from'" : !vto ? "'to'" : "'type'");
        return;
    }
    const char *from = check_id(L, vfrom, "'from'");
    const char *to = check_id(L, vto, "'to'");
    const char *type = want_scalar(L, vtype, "'type'");
    if (!from || !to || !type) return;
    if (!*type) { lerr(L, vtype->line, vtype->col, "edge has an empty 'type'"); return; }
    const char *date = NULL;
    if (vdate && !vdate->is_null) {
        date = want_scalar(L, vdate, "'date'");
        if (!date) return;
        if (!cg_date_valid(date)) {
            lerr(L, vdate->line, vdate->col, "'%.60s' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (a real day)", date);
            date = NULL;   /* go on: report the edge's other problems too */
        } else {
            date = intern(L, date);
        }
    }
    cg_graph *g = L->g;
    CG_GROW(g->edges, g->edges_cap, g->nedges + 1);
    CG_GROW(L->eloc, L->eloc_cap, g->nedges + 1);
    int32_t idx = (int32_t)g->nedges;
    cg_edge *e = &g->edges[idx];
    memset(e, 0, sizeof *e);
    L->eloc[idx].file = L->file;
    L->eloc[idx].line = m->line;
    L->eloc[idx].col = m->col;
    e->type = intern(L, type);
    e->date = date;
    /* endpoints defined later (or in a later file) are resolved at the end */
    e->from = idmap_get_cstr(&L->nmap, from);
    e->to = idmap_get_cstr(&L->nmap, to);
    if (e->from < 0) add_pending(L, REF_FROM, idx, 0, intern(L, from), vfrom);
    if (e->to < 0) add_pending(L, REF_TO, idx, 0, intern(L, to), vto);
    int32_t tix = cg_schema_type_index(&L->schema, e->type);
    if (tix < 0) add_pending(L, REF_TYPE, idx, 0, e->type, vtype);
    if (vsrc) {
        /* a source id or a list of them, as want_list(..., ids) reads it */
        uint32_t ns = 0;
        if (vsrc->type == YN_MAP) {
            lerr(L, vsrc->line, vsrc->col, "%s must be a list, not a mapping", "source");
        } else if (vsrc->type == YN_SCALAR) {
            if (!vsrc->is_null) {
                CG_GROW(L->ids, L->ids_cap, 1);
                const char *sid = check_id(L, vsrc, "source");
                if (sid) L->ids[ns++] = sid;
            }
        } else {
            CG_GROW(L->ids, L->ids_cap, vsrc->n + 1);
            for (size_t i = 0; i < vsrc->n; i++) {
                const char *sid = check_id(L, vsrc->items[i], "source");
                if (sid) L->ids[ns++] = sid;
            }
        }
        if (ns) {
            e->sources = cg_arena_alloc_aligned(&g->arena, ns * sizeof *e->sources, sizeof *e->sources);
            for (uint32_t k = 0; k < ns; k++) {
                int32_t sx = idmap_get_cstr(&L->smap, L->ids[k]);
                e->sources[k] = sx;
                if (sx < 0) {
                    const ynode *at = vsrc->type == YN_SEQ && k < vsrc->n ? vsrc->items[k] : vsrc;
                    add_pending(L, REF_SOURCE, idx, k, intern(L, L->ids[k]), at);
                }
            }
            e->nsources = ns;
        }
    }
    static const char *const reserved[] = { "from", "to", "type", "date", "source", NULL };
    owner own = { OWNER_EDGE, from, to };
    e->nattrs = collect_attrs(L, m, reserved, &own, &e->attrs);
    g->nedges++;
    /* a type's rules, once it has some, never change (declaring others is
     * an error), and a node's kind never does: check the edge now, while
     * its parts are in the cache, unless an end or the rules are still to
     * come (then resolve does) */
    if (tix >= 0 && e->from >= 0 && e->to >= 0 && (g->types[tix].nfrom || g->types[tix].nto)) {
        mark_ruled(L, (size_t)idx);
        check_rule(L, (size_t)idx, &g->types[tix]);
    }
}

static void load_source(loader *L, const ynode *m)
{
    if (m->type != YN_MAP) {
        lerr(L, m->line, m->col, "each entry of 'sources' must be a mapping with an 'id', not %s", ydesc(m));
        return;
    }
    const ynode *vid = map_get_key(m, "id");
    if (!vid) { lerr(L, m->line, m->col, "source without 'id'"); return; }
    const char *id = want_id(L, vid, "source id");
    if (!id) return;
    size_t idlen = strlen(id);
    uint32_t idh = cg_hash(id, idlen);
    int32_t prev = idmap_get(&L->smap, id, idlen, idh);
    if (prev >= 0) {
        lerr(L, vid->line, vid->col, "source '%s' is already defined at %s:%d:%d", id,
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
        const ynode *v = map_get_key(m, fields[f]);
        if (!v || (v->type == YN_SCALAR && v->is_null)) continue;
        char what[40];
        snprintf(what, sizeof what, "'%s'", fields[f]);
        const char *t = want_scalar(L, v, what);
        if (!t) continue;
        if (f == 2 && !cg_date_valid(t)) {
            lerr(L, v->line, v->col, "'%.60s' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (a real day)", t);
            continue;
        }
        *slots[f] = intern(L, t);
    }
    static const char *const reserved[] = { "id", "title", "publisher", "date", "url", "file", "note", NULL };
    owner own = { OWNER_SOURCE, id, NULL };
    s->nattrs = collect_attrs(L, m, reserved, &own, &s->attrs);
    g->nsources++;
    idmap_put(&L->smap, id, idlen, idh, idx);
}

/* `kinds:` - a list of names, declared through the schema. */
static void declare_kinds(loader *L, const ynode *v)
{
    const char **names;
    uint32_t n = want_list(L, v, "kinds", &names, 1);
    cg_schema_loc at = { L->file, v->line, v->col };
    for (uint32_t i = 0; i < n; i++) {
        if (cg_schema_declare_kind(&L->schema, names[i], &at) < 0) {
            if (cg_diag_full(L->diag)) L->abort_file = 1;   /* as lerr does */
            return;
        }
    }
}

/* One entry of `types:` - the type's name and its rules as written (a
 * mapping with 'from' and 'to', or nothing), declared through the schema;
 * kinds in the rules that are not known yet are resolved at the end. */
static void declare_type(loader *L, const ynode *kn, const ynode *rules)
{
    const char *name = want_id(L, kn, "type name");
    if (!name) return;
    const char **from = NULL, **to = NULL;
    uint32_t nfrom = 0, nto = 0;
    if (rules && !(rules->type == YN_SCALAR && rules->is_null)) {
        if (rules->type != YN_MAP) {
            lerr(L, rules->line, rules->col, "type '%s' takes a mapping like {from: [agency], to: [venue]}, not %s", name, ydesc(rules));
            return;
        }
        for (size_t i = 0; i < rules->n; i++) {
            const char *k = MAP_KEY(rules, i)->value;
            const ynode *rv = MAP_VAL(rules, i);
            if (strcmp(k, "from") == 0) nfrom = want_list(L, rv, "'from' kinds", &from, 1);
            else if (strcmp(k, "to") == 0) nto = want_list(L, rv, "'to' kinds", &to, 1);
            else lerr(L, MAP_KEY(rules, i)->line, MAP_KEY(rules, i)->col,
                      "unknown key '%s' in type '%s'; a type takes 'from' and 'to'", k, name);
        }
    }
    cg_schema_loc name_at = { L->file, kn->line, kn->col };
    cg_schema_loc rules_at = rules ? (cg_schema_loc){ L->file, rules->line, rules->col } : name_at;
    int t = cg_schema_declare_type(&L->schema, name, from, nfrom, to, nto, &name_at, &rules_at);
    if (t < 0) {
        if (cg_diag_full(L->diag)) L->abort_file = 1;   /* as lerr does */
        return;
    }
    for (uint32_t i = 0; i < nfrom + nto; i++) {
        const char *k = i < nfrom ? from[i] : to[i - nfrom];
        if (cg_graph_find_kind(L->g, k) < 0) add_pending(L, REF_RULE_KIND, t, i, k, rules);
    }
}

static void declare_types(loader *L, const ynode *v)
{
    if (v->type == YN_SCALAR && v->is_null) return;
    if (v->type == YN_SEQ) {
        for (size_t i = 0; i < v->n; i++) declare_type(L, v->items[i], NULL);
        return;
    }
    if (v->type != YN_MAP) {
        lerr(L, v->line, v->col, "'types' must be a mapping like {raided: {from: [agency], to: [venue]}}");
        return;
    }
    for (size_t i = 0; i < v->n; i++) declare_type(L, MAP_KEY(v, i), MAP_VAL(v, i));
}

/* ---- the top level ---- */

typedef void (*entry_fn)(loader *L, const ynode *item);

/* Reads the list under nodes/edges/sources entry by entry. */
static void stream_list(loader *L, const char *key, entry_fn fn)
{
    yaml_event_t ev;
    if (next_event(L, &ev) < 0) return;
    if (ev.type != YAML_SEQUENCE_START_EVENT) {
        ynode *v = parse_node(L, &ev);
        if (!v) return;
        if (v->type == YN_SEQ) {
            for (size_t i = 0; i < v->n && !L->abort_file; i++) fn(L, v->items[i]);
        } else if (!(v->type == YN_SCALAR && v->is_null)) {
            lerr(L, v->line, v->col, "'%s' must be a list", key);
        }
        return;
    }
    int force_text;
    check_tag(L, &ev, ev.data.sequence_start.tag, 0, NULL, &force_text);
    if (ev.data.sequence_start.anchor)
        lerr(L, CG_EV_LINE(&ev), CG_EV_COL(&ev), "an anchor on the whole '%s' list is not supported", key);
    ev_free(L, &ev);
    for (;;) {
        yaml_event_t iev;
        if (next_event(L, &iev) < 0) return;
        if (iev.type == YAML_SEQUENCE_END_EVENT) { ev_free(L, &iev); return; }
        cg_arena_mark mark = cg_arena_get_mark(&L->arena);
        size_t anchors_before = L->nanchors;
        ynode *item = parse_node(L, &iev);
        if (!item) return;
        fn(L, item);
        if (L->nanchors == anchors_before) cg_arena_release(&L->arena, mark);
        if (L->abort_file) return;
    }
}

static const char *const top_keys[] = {
    "casegraph", "name", "description", "kinds", "types", "sources", "nodes", "edges", NULL
};

/* The closest of cands[0..n) to word, compared exactly (ids are), or NULL:
 * the one "did you mean" engine (suggest.c).  The result is one of cands. */
static const char *suggest_from(const char *word, const char *const *cands, size_t n)
{
    cg_suggest sg;
    cg_suggest_init(&sg, word, 1, 0);
    cg_suggest_words(&sg, cands, n);
    const char *best = cg_suggest_best(&sg);
    cg_suggest_destroy(&sg);
    return best;
}

static void load_document(loader *L)
{
    yaml_event_t ev;
    if (next_event(L, &ev) < 0) return;       /* STREAM_START */
    ev_free(L, &ev);
    if (next_event(L, &ev) < 0) return;
    if (ev.type == YAML_STREAM_END_EVENT) {
        ev_free(L, &ev);
        lerr(L, 1, 1, "empty file: a graph file is a mapping with 'nodes' and 'edges'");
        return;
    }
    ev_free(L, &ev);                   /* DOCUMENT_START */
    if (next_event(L, &ev) < 0) return;
    if (ev.type != YAML_MAPPING_START_EVENT) {
        int line = CG_EV_LINE(&ev), col = CG_EV_COL(&ev);
        int empty = ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0 && ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        ynode *v = parse_node(L, &ev);
        if (!v && L->abort_file) return;
        if (empty)
            lerr(L, line, col, "empty file: a graph file is a mapping with 'nodes' and 'edges'");
        else
            lerr(L, line, col, "the top level must be a mapping with 'nodes' and 'edges', not %s", v ? ydesc(v) : "this");
        return;
    }
    int tcheck;
    check_tag(L, &ev, ev.data.mapping_start.tag, 0, NULL, &tcheck);
    ev_free(L, &ev);
    int seen[8] = { 0 };
    int seen_line[8] = { 0 };
    for (;;) {
        if (next_event(L, &ev) < 0) return;
        if (ev.type == YAML_MAPPING_END_EVENT) { ev_free(L, &ev); break; }
        if (ev.type != YAML_SCALAR_EVENT) {
            ynode *k = parse_node(L, &ev);
            if (!k) return;
            lerr(L, k->line, k->col, "a mapping key must be a plain value, not %s", ydesc(k));
            if (next_event(L, &ev) < 0) return;
            if (!parse_node(L, &ev)) return;
            continue;
        }
        char *key = cg_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
        int kline = CG_EV_LINE(&ev), kcol = CG_EV_COL(&ev);
        ev_free(L, &ev);
        int which = -1;
        for (int i = 0; top_keys[i]; i++)
            if (strcmp(key, top_keys[i]) == 0) which = i;
        if (which >= 0) {
            if (seen[which]) {
                lerr(L, kline, kcol, "duplicate key '%s' (first at line %d)", key, seen_line[which]);
            }
            seen[which] = 1;
            seen_line[which] = kline;
        }
        if (which == 5 || which == 6 || which == 7) {
            stream_list(L, key, which == 5 ? load_source : which == 6 ? load_node : load_edge);
            free(key);
            if (L->abort_file) return;
            continue;
        }
        yaml_event_t vev;
        if (next_event(L, &vev) < 0) { free(key); return; }
        cg_arena_mark mark = cg_arena_get_mark(&L->arena);
        size_t anchors_before = L->nanchors;
        ynode *v = parse_node(L, &vev);
        if (!v) { free(key); return; }
        switch (which) {
        case 0: {
            const char *t = want_scalar(L, v, "'casegraph' (the format version)");
            if (t && strcmp(t, "1") != 0)
                lerr(L, v->line, v->col, "format version '%s' is not supported; this casegraph reads version 1", t);
            break;
        }
        case 1: case 2: {
            const char *t = want_scalar(L, v, which == 1 ? "'name'" : "'description'");
            if (t && !v->is_null) {
                if (which == 1 && !L->g->name) L->g->name = intern(L, t);
                if (which == 2 && !L->g->description) L->g->description = intern(L, t);
            }
            break;
        }
        case 3: declare_kinds(L, v); break;
        case 4: declare_types(L, v); break;
        default:
            if (strncmp(key, "x-", 2) != 0) {
                const char *s = suggest_from(key, top_keys, 8);
                if (s)
                    lerr(L, kline, kcol, "unknown top-level key '%s'; did you mean '%s'?", key, s);
                else
                    lerr(L, kline, kcol, "unknown top-level key '%s' (allowed: casegraph, name, description, kinds, types, sources, nodes, edges, and x-... for your own)", key);
            }
            break;
        }
        if (L->nanchors == anchors_before) cg_arena_release(&L->arena, mark);
        free(key);
        if (L->abort_file) return;
    }
    if (next_event(L, &ev) < 0) return;       /* DOCUMENT_END */
    ev_free(L, &ev);
    if (next_event(L, &ev) < 0) return;
    if (ev.type == YAML_DOCUMENT_START_EVENT)
        lerr(L, CG_EV_LINE(&ev), CG_EV_COL(&ev), "a graph file holds one YAML document; this is a second one ('---')");
    ev_free(L, &ev);
}

static void reset_file_state(loader *L)
{
    for (size_t i = 0; i < L->nanchors; i++) free(L->anchors[i].name);
    L->nanchors = 0;
    free(L->amap);
    L->amap = NULL;
    L->amap_size = L->amap_count = 0;
    cg_arena_destroy(&L->arena);
    cg_arena_init(&L->arena);
    L->depth = 0;
    L->events = 0;
    L->alias_budget = 0;
    L->abort_file = 0;
}

static void load_stream(loader *L, const char *name, FILE *fp, const unsigned char *data, size_t len)
{
    L->file = cg_strpool_intern_cstr(&L->g->strings, name);
    reset_file_state(L);
    /* a file is parsed by a second thread while this one builds the graph;
     * on a two-core machine that hides most of the building */
    int threaded = fp && cg_yaml_stream_wants_thread(L->file_size);
    /* a big file: worth the cache and the thread (small files load faster
     * without them) */
    if (threaded && !L->hot) L->hot = cg_xcalloc(HOT_SLOTS, sizeof *L->hot);
    if (fp) cg_yaml_stream_init_file(&L->in, L->file, fp, L->file_size, threaded, L->progress, L->cb_ctx);
    else cg_yaml_stream_init_buffer(&L->in, L->file, data, len);
    load_document(L);
    cg_yaml_stream_destroy(&L->in);
    if (fp && L->progress && L->file_size > 0 && !L->cancelled)
        L->progress(L->file, L->file_size, L->file_size, L->cb_ctx);
    reset_file_state(L);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_yaml_ext(const char *n)
{
    size_t l = strlen(n);
    return (l > 5 && strcmp(n + l - 5, ".yaml") == 0) || (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

static void add_file_name(cg_graph *g, const char *path)
{
    g->files = cg_xrealloc(g->files, (g->nfiles + 1) * sizeof *g->files);
    g->files[g->nfiles++] = cg_strpool_intern_cstr(&g->strings, path);
}

/* The bytes the path "-" stands for (see cg_load_set_stdin). */
static const unsigned char *stdin_data;
static size_t stdin_len;
static int stdin_set;

void cg_load_set_stdin(const unsigned char *data, size_t len)
{
    stdin_data = data;
    stdin_len = len;
    stdin_set = 1;
}

/* 1 if the file st names was read already in this load (the same file given
 * twice, or a directory and a file in it): it is read once, with a warning. */
static int already_read(loader *L, const char *path, const struct stat *st)
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

static void load_file(loader *L, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cg_diag_add(L->diag, CG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return;
    }
    struct stat st;
    int ok = fstat(fileno(fp), &st) == 0;
    if (ok && already_read(L, path, &st)) {
        fclose(fp);
        return;
    }
    L->file_size = ok ? (size_t)st.st_size : 0;
    add_file_name(L->g, path);
    load_stream(L, path, fp, NULL, 0);
    fclose(fp);
}

static void load_path(loader *L, const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0) {
        if (!stdin_set) {
            cg_diag_add(L->diag, CG_ERROR, "<stdin>", 0, 0, "standard input is not available as a graph here");
            return;
        }
        const char *name = cg_strpool_intern_cstr(&L->g->strings, "<stdin>");
        add_file_name(L->g, name);
        load_stream(L, name, NULL, stdin_data, stdin_len);
        return;
    }
    if (stat(path, &st) != 0) {
        cg_diag_add(L->diag, CG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        load_file(L, path);
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
        if (de->d_name[0] == '.' || !has_yaml_ext(de->d_name)) continue;
        CG_GROW(names, cap, n + 1);
        names[n++] = cg_xstrdup(de->d_name);
    }
    closedir(d);
    if (n == 0) cg_diag_add(L->diag, CG_ERROR, path, 0, 0, "no .yaml or .yml files in this directory");
    if (n) qsort(names, n, sizeof *names, name_cmp);
    size_t plen = strlen(path);
    for (size_t i = 0; i < n; i++) {
        char *full = cg_xmalloc(plen + strlen(names[i]) + 2);
        sprintf(full, "%s%s%s", path, (plen && path[plen - 1] == '/') ? "" : "/", names[i]);
        if (!cg_diag_full(L->diag) && !loader_cancelled(L)) load_file(L, full);
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
static int suggest_afford(loader *L, const char *word, size_t ncands)
{
    size_t cost = ncands * (strlen(word) + 1) * 7;
    if (cost > SUGGEST_BUDGET - L->suggest_work) return 0;
    L->suggest_work += cost;
    return 1;
}

static const char *suggest_node(loader *L, const char *word)
{
    if (L->g->nnodes > 200000) return NULL;   /* keep error reporting fast */
    if (!suggest_afford(L, word, L->g->nnodes)) return NULL;
    cg_suggest sg;
    cg_suggest_init(&sg, word, 1, 0);
    for (size_t i = 0; i < L->g->nnodes; i++) cg_suggest_offer(&sg, L->g->nodes[i].id);
    const char *best = cg_suggest_best(&sg);
    cg_suggest_destroy(&sg);
    return best;
}

static void err_at(loader *L, const pending *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err_at(loader *L, const pending *p, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cg_diag_add(L->diag, CG_ERROR, p->file, p->line, p->col, "%s", msg);
}


static void resolve(loader *L)
{
    cg_graph *g = L->g;
    for (size_t i = 0; i < L->npend && !cg_diag_full(L->diag); i++) {
        if ((i & 4095) == 0 && loader_cancelled(L)) return;
        pending *p = &L->pend[i];
        switch (p->what) {
        case REF_FROM:
        case REF_TO: {
            int32_t n = idmap_get_cstr(&L->nmap, p->name);
            if (n >= 0) {
                if (p->what == REF_FROM) g->edges[p->index].from = n; else g->edges[p->index].to = n;
            } else {
                const char *s = suggest_node(L, p->name);
                if (s) err_at(L, p, "edge %s unknown node '%s'; did you mean '%s'?", p->what == REF_FROM ? "from" : "to", p->name, s);
                else err_at(L, p, "edge %s unknown node '%s'", p->what == REF_FROM ? "from" : "to", p->name);
            }
            break;
        }
        case REF_SOURCE: {
            int32_t s = idmap_get_cstr(&L->smap, p->name);
            if (s >= 0) {
                g->edges[p->index].sources[p->slot] = s;
            } else {
                const char **ids = cg_xmalloc((g->nsources + 1) * sizeof *ids);
                for (size_t k = 0; k < g->nsources; k++) ids[k] = g->sources[k].id;
                const char *sg = suggest_afford(L, p->name, g->nsources) ? suggest_from(p->name, ids, g->nsources) : NULL;
                if (sg) err_at(L, p, "unknown source '%s'; did you mean '%s'?", p->name, sg);
                else err_at(L, p, "unknown source '%s' (declare it under 'sources:')", p->name);
                free(ids);
            }
            break;
        }
        case REF_TYPE:
            if (cg_graph_find_type(g, p->name) < 0) {
                const char **names = cg_xmalloc((g->ntypes + 1) * sizeof *names);
                for (size_t k = 0; k < g->ntypes; k++) names[k] = g->types[k].name;
                const char *sg = suggest_from(p->name, names, g->ntypes);
                if (sg) err_at(L, p, "unknown edge type '%s'; did you mean '%s'?", p->name, sg);
                else err_at(L, p, "unknown edge type '%s' (declare it under 'types:')", p->name);
                free(names);
            }
            break;
        case REF_KIND:
        case REF_RULE_KIND:
            if (cg_graph_find_kind(g, p->name) < 0) {
                const char *sg = suggest_from(p->name, g->kinds, g->nkinds);
                if (sg) err_at(L, p, "unknown kind '%s'; did you mean '%s'?", p->name, sg);
                else err_at(L, p, "unknown kind '%s' (declare it under 'kinds:')", p->name);
            }
            break;
        }
    } if (L->diag->nerrors) return;
    /* endpoint rules of the edges not checked while reading (an end or
     * the type's rules came later) */
    for (size_t e = 0; e < g->nedges && !cg_diag_full(L->diag); e++) {
        if (is_ruled(L, e)) continue;
        int32_t t = cg_schema_type_index(&L->schema, g->edges[e].type);
        if (t >= 0 && (g->types[t].nfrom || g->types[t].nto)) check_rule(L, e, &g->types[t]);
    }
    if (L->diag->nerrors) return;
    for (size_t e = 0; e < g->nedges; e++) {
        if (g->edges[e].nsources) continue;
        cg_diag_add(L->diag, CG_WARNING, L->eloc[e].file, L->eloc[e].line, L->eloc[e].col,
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
    cg_arena_init(&L->arena);
}

static cg_graph *loader_finish(loader *L)
{
    cg_graph *g = L->g;
    if (!loader_cancelled(L)) {
        if (!L->failed_parse && L->diag->nerrors == 0) resolve(L);
        else if (!L->failed_parse && !cg_diag_full(L->diag)) resolve(L);
    }
    reset_file_state(L);
    cg_arena_destroy(&L->arena);
    free(L->anchors);
    free(L->pend);
    free(L->eloc);
    free(L->ids);
    free(L->nmap.slots);
    free(L->smap.slots);
    free(L->hot);
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
    char err[256];
    if (cg_graph_finish(g, err, sizeof err) < 0) {
        cg_diag_add(L->diag, CG_ERROR, NULL, 0, 0, "%s", err);
        cg_graph_free(g);
        return NULL;
    }
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
    for (size_t i = 0; i < npaths && !cg_diag_full(diag) && !loader_cancelled(&L); i++) load_path(&L, paths[i]);
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
    add_file_name(L.g, name);
    load_stream(&L, name, NULL, data, len);
    return loader_finish(&L);
}
