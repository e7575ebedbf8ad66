/* ytree.c - a piece of a YAML file as a small tree: anchors and aliases,
 * `<<` merges, duplicate keys, tags, the bound on alias expansion (see
 * ytree.h). */
#include "ytree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "yaml_stream.h"

/* An error at (line, col) of the current file; the message is cut at 1023
 * bytes.  A diag full of errors stops the file. */
static void ytree_error(cg_ytree *t, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void ytree_error(cg_ytree *t, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cg_diag_vadd(t->diag, CG_ERROR, t->file, line, col, fmt, ap);
    va_end(ap);
    if (cg_diag_full(t->diag)) t->abort = 1;
}

static void ytree_event_free(cg_ytree *t, yaml_event_t *ev)
{
    cg_yaml_stream_event_free(t->in, ev);
}

/* Next event; 0 on success, -1 after reporting a syntax error or a limit,
 * or when the poll said stop (see cg_ytree_next). */
static int ytree_next(cg_ytree *t, yaml_event_t *ev)
{
    if (t->abort) return -1;
    if ((t->events & 4095) == 0 && t->poll && t->poll(t->poll_ctx)) {
        t->abort = 1;
        return -1;
    }
    if (!cg_yaml_stream_next(t->in, ev)) {
        cg_yaml_stream_report(t->in, t->diag);
        t->failed = 1;
        t->abort = 1;
        return -1;
    }
    t->events++;
    if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
        if (++t->depth > CG_MAX_DEPTH) {
            ytree_error(t, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
                 "nesting deeper than %d levels", CG_MAX_DEPTH);
            t->failed = 1;
            t->abort = 1;
            ytree_event_free(t, ev);
            return -1;
        }
    } else if (ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT) {
        t->depth--;
    }
    return 0;
}

static size_t ytree_sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static cg_ynode *ytree_new_node(cg_ytree *t, cg_yn_type type, const yaml_event_t *ev)
{
    cg_ynode *y = cg_arena_alloc(&t->arena, sizeof *y);
    memset(y, 0, sizeof *y);
    y->type = type;
    y->line = CG_EV_LINE(ev);
    y->col = CG_EV_COL(ev);
    y->weight = 1;
    return y;
}

static const char *YTREE_TAG_PREFIX = "tag:yaml.org,2002:";

/* Checks a node's tag.  Returns 0 if acceptable; *force_text is set for
 * !!str and the non-specific tag "!". */
static int ytree_check_tag(cg_ytree *t, const yaml_event_t *ev, const unsigned char *tag, int is_scalar,
                     const char *value, int *force_text)
{
    *force_text = 0;
    if (!tag) return 0;
    const char *text = (const char *)tag;
    if (strcmp(text, "!") == 0) { *force_text = 1; return 0; }
    size_t pl = strlen(YTREE_TAG_PREFIX);
    if (strncmp(text, YTREE_TAG_PREFIX, pl) != 0) {
        ytree_error(t, CG_EV_LINE(ev), CG_EV_COL(ev), "unsupported tag '%s'; only the standard tags (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map) are allowed", text);
        return -1;
    }
    const char *s = text + pl;
    if (!is_scalar) {
        if (strcmp(s, "seq") == 0 || strcmp(s, "map") == 0 || strcmp(s, "omap") == 0) return 0;
        ytree_error(t, CG_EV_LINE(ev), CG_EV_COL(ev), "tag '!!%s' cannot be put on a %s", s,
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
            ytree_error(t, CG_EV_LINE(ev), CG_EV_COL(ev), "value '%.60s' is not %s (tagged !!%s)", value,
                 s[0] == 'i' ? "an integer" : s[0] == 'f' ? "a number" : "true or false", s);
            return -1;
        }
        return 0;
    }
    if (strcmp(s, "timestamp") == 0 || strcmp(s, "binary") == 0) return 0;
    ytree_error(t, CG_EV_LINE(ev), CG_EV_COL(ev), "tag '!!%s' cannot be put on a scalar", s);
    return -1;
}

/* The slot of name in t->amap: where its index is, or the empty slot where
 * it would go.  t->amap must exist. */
static size_t ytree_anchor_slot(const cg_ytree *t, const char *name)
{
    size_t h = cg_hash(name, strlen(name)) & (t->amap_size - 1);
    while (t->amap[h] >= 0 && strcmp(t->anchors[t->amap[h]].name, name) != 0)
        h = (h + 1) & (t->amap_size - 1);
    return h;
}

static void ytree_add_anchor(cg_ytree *t, const unsigned char *name, cg_ynode *y)
{
    if (!name) return;
    /* every definition gets an entry (nanchors counts them: the callers keep
     * the arena of an item that defined one) ... */
    CG_GROW(t->anchors, t->anchors_cap, t->nanchors + 1);
    int32_t idx = (int32_t)t->nanchors;
    t->anchors[idx].name = cg_xstrdup((const char *)name);
    t->anchors[idx].node = y;
    t->nanchors++;
    /* ... and a later anchor of the same name replaces the earlier one (YAML) */
    if ((t->amap_count + 1) * 2 > t->amap_size) {
        size_t nsize = t->amap_size ? t->amap_size * 2 : 64;
        free(t->amap);
        t->amap = cg_xmalloc(nsize * sizeof *t->amap);
        for (size_t i = 0; i < nsize; i++) t->amap[i] = -1;
        t->amap_size = nsize;
        t->amap_count = 0;
        for (size_t i = 0; i < (size_t)idx; i++) {
            size_t h = ytree_anchor_slot(t, t->anchors[i].name);
            if (t->amap[h] < 0) t->amap_count++;
            t->amap[h] = (int32_t)i;
        }
    }
    size_t h = ytree_anchor_slot(t, t->anchors[idx].name);
    if (t->amap[h] < 0) t->amap_count++;
    t->amap[h] = idx;
}

static cg_ynode *ytree_find_anchor(const cg_ytree *t, const char *name)
{
    if (!t->amap) return NULL;
    size_t h = ytree_anchor_slot(t, name);
    return t->amap[h] >= 0 ? t->anchors[t->amap[h]].node : NULL;
}

static cg_ynode *ytree_parse_node(cg_ytree *t, yaml_event_t *ev);

static int ytree_key_equal(const cg_ynode *a, const cg_ynode *b)
{
    /* the first bytes first: most keys of an entry differ there ("from",
     * "type", "date"), and the call is saved */
    return a->type == CG_YN_SCALAR && b->type == CG_YN_SCALAR && a->len == b->len &&
           (a->len == 0 || (a->value[0] == b->value[0] && memcmp(a->value, b->value, a->len) == 0));
}

/* A set of the keys of a mapping being read (indices into its key array),
 * used once a mapping outgrows a linear scan, so that finding duplicates
 * and applying merges stays linear in the size of the mapping. */
typedef struct ytree_keyset {
    int32_t *slots;
    size_t size;
} ytree_keyset;

/* Index i with keys[i] equal to k, or -1.  *slot: where k is or would go. */
static int32_t ytree_keyset_find(const ytree_keyset *ks, cg_ynode *const *keys, const cg_ynode *k, size_t *slot)
{
    size_t h = cg_hash(k->value, k->len) & (ks->size - 1);
    while (ks->slots[h] >= 0 && !ytree_key_equal(keys[ks->slots[h]], k)) h = (h + 1) & (ks->size - 1);
    if (slot) *slot = h;
    return ks->slots[h];
}

/* Index of a key among keys[0..n) equal to k, or -1: a scan while n is
 * small, else through ks (built here on first use, grown as n grows; it
 * holds keys[0..n) on return). */
static int32_t ytree_keys_find(ytree_keyset *ks, cg_ynode *const *keys, size_t n, const cg_ynode *k)
{
    if (n <= 16 && !ks->slots) {
        for (size_t i = 0; i < n; i++)
            if (ytree_key_equal(keys[i], k)) return (int32_t)i;
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
            if (ytree_keyset_find(ks, keys, keys[i], &h) < 0) ks->slots[h] = (int32_t)i;
        }
    }
    /* keys added since the last call (at most one) go in now */
    size_t h;
    if (n && ytree_keyset_find(ks, keys, keys[n - 1], &h) < 0) ks->slots[h] = (int32_t)(n - 1);
    return ytree_keyset_find(ks, keys, k, NULL);
}

/* Doubles parse_mapping's key and value arrays (*cap entries each), moving
 * them to the heap the first time (while *keys is still `inline_keys`). */
static void ytree_map_grow(cg_ynode ***keys, cg_ynode ***vals, cg_ynode **inline_keys, size_t *cap)
{
    size_t ncap = *cap * 2;
    if (*keys == inline_keys) {
        cg_ynode **k = cg_xmalloc(ncap * sizeof *k), **v = cg_xmalloc(ncap * sizeof *v);
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
static cg_ynode *ytree_parse_mapping(cg_ytree *t, yaml_event_t *ev)
{
    cg_ynode *y = ytree_new_node(t, CG_YN_MAP, ev);
    int force_text;
    if (ytree_check_tag(t, ev, ev->data.mapping_start.tag, 0, NULL, &force_text) < 0) { /* reported */ }
    const unsigned char *anchor_name = ev->data.mapping_start.anchor;
    char *aname = anchor_name ? cg_xstrdup((const char *)anchor_name) : NULL;
    ytree_event_free(t, ev);

    /* keys and values go to these until a mapping has more than MAP_INLINE
     * entries, then to the heap: an entry costs no malloc */
    enum { MAP_INLINE = 16 };
    cg_ynode *keys_inline[MAP_INLINE], *vals_inline[MAP_INLINE];
    cg_ynode **keys = keys_inline, **vals = vals_inline, **merges = NULL;
    size_t n = 0, cap = MAP_INLINE, nm = 0, mcap = 0;
    ytree_keyset ks = { NULL, 0 };
    for (;;) {
        yaml_event_t kev;
        if (ytree_next(t, &kev) < 0) goto fail;
        if (kev.type == YAML_MAPPING_END_EVENT) { ytree_event_free(t, &kev); break; }
        cg_ynode *k = ytree_parse_node(t, &kev);
        if (!k) goto fail;
        yaml_event_t vev;
        if (ytree_next(t, &vev) < 0) goto fail;
        cg_ynode *v = ytree_parse_node(t, &vev);
        if (!v) goto fail;
        y->weight = ytree_sat_add(y->weight, ytree_sat_add(k->weight, v->weight));
        if (k->type != CG_YN_SCALAR) {
            ytree_error(t, k->line, k->col, "a mapping key must be a plain value, not a %s",
                 k->type == CG_YN_SEQ ? "list" : "mapping");
            continue;
        }
        if (k->plain && strcmp(k->value, "<<") == 0) {
            /* merge: a mapping, or a list of mappings */
            if (v->type == CG_YN_MAP) {
                CG_GROW(merges, mcap, nm + 1);
                merges[nm++] = v;
            } else if (v->type == CG_YN_SEQ) {
                for (size_t i = 0; i < v->n; i++) {
                    if (v->items[i]->type != CG_YN_MAP) {
                        ytree_error(t, v->items[i]->line, v->items[i]->col, "'<<' merges mappings; this is not a mapping");
                        continue;
                    }
                    CG_GROW(merges, mcap, nm + 1);
                    merges[nm++] = v->items[i];
                }
            } else {
                ytree_error(t, v->line, v->col, "'<<' merges a mapping or a list of mappings, usually an alias like *defaults");
            }
            continue;
        }
        int32_t first = ytree_keys_find(&ks, keys, n, k);
        if (first >= 0) {
            ytree_error(t, k->line, k->col, "duplicate key '%s' (first at line %d)", k->value, keys[first]->line);
            continue;
        }
        if (n == cap) ytree_map_grow(&keys, &vals, keys_inline, &cap);
        keys[n] = k;
        vals[n] = v;
        n++;
    }
    /* merged keys that are not given explicitly; earlier merges win */
    for (size_t m = 0; m < nm; m++) {
        cg_ynode *src = merges[m];
        t->alias_budget = ytree_sat_add(t->alias_budget, src->n);
        for (size_t i = 0; i < src->n; i++) {
            if (ytree_keys_find(&ks, keys, n, CG_YMAP_KEY(src, i)) >= 0) continue;
            if (n == cap) ytree_map_grow(&keys, &vals, keys_inline, &cap);
            keys[n] = CG_YMAP_KEY(src, i);
            vals[n] = CG_YMAP_VAL(src, i);
            n++;
        }
    }
    y->n = n;
    y->items = cg_arena_alloc(&t->arena, (2 * n + 1) * sizeof *y->items);
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
        ytree_add_anchor(t, (const unsigned char *)aname, y);
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

static cg_ynode *ytree_parse_sequence(cg_ytree *t, yaml_event_t *ev)
{
    cg_ynode *y = ytree_new_node(t, CG_YN_SEQ, ev);
    int force_text;
    ytree_check_tag(t, ev, ev->data.sequence_start.tag, 0, NULL, &force_text);
    char *aname = ev->data.sequence_start.anchor ? cg_xstrdup((const char *)ev->data.sequence_start.anchor) : NULL;
    ytree_event_free(t, ev);
    cg_ynode **items = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        yaml_event_t iev;
        if (ytree_next(t, &iev) < 0) goto fail;
        if (iev.type == YAML_SEQUENCE_END_EVENT) { ytree_event_free(t, &iev); break; }
        cg_ynode *it = ytree_parse_node(t, &iev);
        if (!it) goto fail;
        y->weight = ytree_sat_add(y->weight, it->weight);
        CG_GROW(items, cap, n + 1);
        items[n++] = it;
    }
    y->n = n;
    y->items = cg_arena_alloc(&t->arena, (n + 1) * sizeof *y->items);
    if (n) memcpy(y->items, items, n * sizeof *items);
    free(items);
    if (aname) {
        ytree_add_anchor(t, (const unsigned char *)aname, y);
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
static cg_ynode *ytree_parse_node(cg_ytree *t, yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        cg_ynode *y = ytree_new_node(t, CG_YN_SCALAR, ev);
        size_t len = ev->data.scalar.length;
        if (len > CG_MAX_SCALAR_LEN) {
            ytree_error(t, y->line, y->col, "value of %zu bytes is longer than the limit of %u bytes", len, CG_MAX_SCALAR_LEN);
            y->value = "";
            y->len = 0;
        } else {
            y->value = cg_arena_strndup(&t->arena, (const char *)ev->data.scalar.value, len);
            y->len = len;
            if (memchr(ev->data.scalar.value, '\0', len))
                ytree_error(t, y->line, y->col, "a value may not contain a NUL character");
        }
        int force_text = 0;
        ytree_check_tag(t, ev, ev->data.scalar.tag, 1, y->value, &force_text);
        y->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !force_text;
        y->is_null = y->plain && len == 0;
        if (ev->data.scalar.anchor) ytree_add_anchor(t, ev->data.scalar.anchor, y);
        ytree_event_free(t, ev);
        return y;
    }
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        cg_ynode *target = ytree_find_anchor(t, name);
        int line = CG_EV_LINE(ev), col = CG_EV_COL(ev);
        if (!target) {
            ytree_error(t, line, col, "unknown alias '*%s' (no anchor '&%s' before it)", name, name);
            ytree_event_free(t, ev);
            /* stands in for the missing value: an empty (null) scalar, so
             * nothing downstream meets a NULL text */
            cg_ynode *y = ytree_new_node(t, CG_YN_SCALAR, &(yaml_event_t){ .start_mark = { .line = (size_t)line - 1, .column = (size_t)col - 1 } });
            y->value = "";
            y->plain = 1;
            y->is_null = 1;
            return y;
        }
        ytree_event_free(t, ev);
        t->alias_budget = ytree_sat_add(t->alias_budget, target->weight);
        if (t->alias_budget > CG_MAX_ALIAS_EXPANSION + 16 * t->events) {
            ytree_error(t, line, col, "aliases expand to more than %zu values (an alias bomb?)", t->alias_budget > (size_t)1e12 ? (size_t)1e12 : t->alias_budget);
            t->failed = 1;
            t->abort = 1;
            return NULL;
        }
        return target;
    }
    case YAML_SEQUENCE_START_EVENT:
        return ytree_parse_sequence(t, ev);
    case YAML_MAPPING_START_EVENT:
        return ytree_parse_mapping(t, ev);
    default:
        ytree_error(t, CG_EV_LINE(ev), CG_EV_COL(ev), "unexpected YAML event");
        ytree_event_free(t, ev);
        t->abort = 1;
        return NULL;
    }
}

/* ---- the file ---- */

void cg_ytree_init(cg_ytree *t, cg_diag *diag, int (*poll)(void *ctx), void *poll_ctx)
{
    memset(t, 0, sizeof *t);
    t->diag = diag;
    t->poll = poll;
    t->poll_ctx = poll_ctx;
    cg_arena_init(&t->arena);
}

/* Forgets the trees and anchors of the file read last. */
static void ytree_reset(cg_ytree *t)
{
    for (size_t i = 0; i < t->nanchors; i++) free(t->anchors[i].name);
    t->nanchors = 0;
    free(t->amap);
    t->amap = NULL;
    t->amap_size = t->amap_count = 0;
    cg_arena_destroy(&t->arena);
    cg_arena_init(&t->arena);
    t->depth = 0;
    t->events = 0;
    t->alias_budget = 0;
    t->abort = 0;
}

void cg_ytree_begin(cg_ytree *t, const char *file, struct cg_yaml_stream *in)
{
    ytree_reset(t);
    t->file = file;
    t->in = in;
    t->failed = 0;
}

void cg_ytree_end(cg_ytree *t)
{
    ytree_reset(t);
    t->in = NULL;
}

void cg_ytree_destroy(cg_ytree *t)
{
    ytree_reset(t);
    cg_arena_destroy(&t->arena);
    free(t->anchors);
    memset(t, 0, sizeof *t);
}

/* ---- what the loader calls ---- */

int cg_ytree_next(cg_ytree *t, yaml_event_t *ev)
{
    return ytree_next(t, ev);
}

void cg_ytree_event_free(cg_ytree *t, yaml_event_t *ev)
{
    ytree_event_free(t, ev);
}

cg_ynode *cg_ytree_parse(cg_ytree *t, yaml_event_t *ev)
{
    return ytree_parse_node(t, ev);
}

/* The flat mapping that ev starts, read from the packed events after it
 * (see cg_ytree_parse_entry), or NULL with nothing read: not flat, not
 * wholly in this chunk, or a poll falls inside it.  What it builds is what
 * ytree_parse_mapping builds for the same events: the nodes' places,
 * plain and null flags and weights; no error is possible in such a
 * mapping, so none is reported. */
static cg_ynode *ytree_parse_flat(cg_ytree *t, yaml_event_t *ev)
{
    if (t->abort || ev->type != YAML_MAPPING_START_EVENT || ev->data.mapping_start.anchor ||
        ev->data.mapping_start.tag)
        return NULL;
    size_t pos;
    const cg_ychunk *c = cg_yaml_stream_chunk(t->in, &pos);
    if (!c) return NULL;
    cg_ychunk_pev hs[2 * CG_YTREE_FLAT_KEYS];
    const char *text[2 * CG_YTREE_FLAT_KEYS];
    size_t ns = 0;
    for (;;) {
        cg_ychunk_pev h;
        if (c->len - pos < sizeof h) return NULL;   /* the entry goes on in the next chunk */
        memcpy(&h, c->buf + pos, sizeof h);
        if (h.type == YAML_MAPPING_END_EVENT) {   /* a header alone (cg_ychunk_pack) */
            pos += sizeof h;
            break;
        }
        if (h.type != YAML_SCALAR_EVENT || (h.flags & (CG_YAML_PEV_ANCHOR | CG_YAML_PEV_TAG)) ||
            ns == 2 * CG_YTREE_FLAT_KEYS || h.vlen > CG_MAX_SCALAR_LEN || c->len - pos - sizeof h < (size_t)h.vlen + 1)
            return NULL;
        const char *v = c->buf + pos + sizeof h;
        /* only an escape ("\0", "\x00", "\u0000") makes a NUL: libyaml's
         * reader refuses the byte itself, so other styles hold none */
        if (h.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && memchr(v, '\0', h.vlen))
            return NULL;   /* ytree_parse_node reports it */
        /* a key: not a merge, not given before */
        if (ns % 2 == 0) {
            if (h.style == YAML_PLAIN_SCALAR_STYLE && h.vlen == 2 && v[0] == '<' && v[1] == '<') return NULL;
            for (size_t k = 0; k < ns; k += 2)
                if (hs[k].vlen == h.vlen && memcmp(text[k], v, h.vlen) == 0) return NULL;
        }
        hs[ns] = h;
        text[ns] = v;
        ns++;
        pos = cg_ychunk_align(pos + sizeof h + h.vlen + 1);
    }
    if (ns % 2) return NULL;
    /* the events read here, one poll every 4096 (ytree_next): a poll due
     * among them is left to the slow path, which asks it in its place */
    size_t nev = ns + 1, due = (t->events + 4095) & ~(size_t)4095;
    if (t->poll && due < t->events + nev) return NULL;
    t->events += nev;
    t->depth--;   /* the mapping's end */
    cg_yaml_stream_skip_to(t->in, pos);

    size_t n = ns / 2;
    cg_ynode *y = ytree_new_node(t, CG_YN_MAP, ev);
    ytree_event_free(t, ev);
    cg_ynode *nodes = cg_arena_alloc(&t->arena, (ns ? ns : 1) * sizeof *nodes);
    y->items = cg_arena_alloc(&t->arena, (2 * n + 1) * sizeof *y->items);
    y->n = n;
    y->weight = ytree_sat_add(1, ns);
    for (size_t i = 0; i < ns; i++) {
        cg_ynode *s = &nodes[i];
        memset(s, 0, sizeof *s);
        s->type = CG_YN_SCALAR;
        s->line = (int)hs[i].line + 1;
        s->col = (int)hs[i].col + 1;
        s->weight = 1;
        s->value = text[i];
        s->len = hs[i].vlen;
        s->plain = hs[i].style == YAML_PLAIN_SCALAR_STYLE;
        s->is_null = s->plain && s->len == 0;
        y->items[i % 2 ? n + i / 2 : i / 2] = s;
    }
    return y;
}

cg_ynode *cg_ytree_parse_entry(cg_ytree *t, yaml_event_t *ev)
{
    cg_ynode *y = ytree_parse_flat(t, ev);
    return y ? y : ytree_parse_node(t, ev);
}

int cg_ytree_check_tag(cg_ytree *t, const yaml_event_t *ev, const unsigned char *tag, int is_scalar,
                       const char *value, int *force_text)
{
    return ytree_check_tag(t, ev, tag, is_scalar, value, force_text);
}

const char *cg_ytree_desc(const cg_ynode *y)
{
    return y->type == CG_YN_SEQ ? "a list" : y->type == CG_YN_MAP ? "a mapping" : "a value";
}

const cg_ynode *cg_ytree_get(const cg_ynode *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(CG_YMAP_KEY(m, i)->value, key) == 0) return CG_YMAP_VAL(m, i);
    return NULL;
}
