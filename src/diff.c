/* diff.c - `casegraph diff OLD NEW` (SPEC 12): two loaded graphs compared
 * entity by entity, as rows of change, what, id, field, old, new.
 *
 * Nodes and sources are joined on their ids by merging the two id-sorted
 * orders (the graphs' by_id; the sources sorted here), which also gives
 * every id a rank common to both graphs.  Edges are joined through one hash
 * table keyed by their identity (from, type, to, date) written in those
 * ranks, so a million edges cost two passes and no string compare; the
 * several edges of one identity pair in file order.  Only the edges that
 * differ are sorted, for the output.
 *
 * A value's type is its own (SPEC 2: a plain scalar that reads as a number
 * or a boolean is one, quoted text is text), not its key's type across the
 * graph, so a value that turns a key to text does not list every other
 * value of that key; json prints values in these types too.
 */
#include "diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "diag.h"
#include "exporters.h"
#include "writer.h"

const char *const diff_cols[] = { "change", "what", "id", "field", "old", "new" };

enum { W_GRAPH, W_KIND, W_TYPE, W_SOURCE, W_NODE, W_EDGE };
static const char *const diff_what[] = { "graph", "kind", "type", "source", "node", "edge" };

/* One field's difference in a changed entity, gathered and then sorted by
 * field before it becomes a row. */
typedef struct diff_field {
    const char *field;
    cg_cell old, nw;
} diff_field;

/* A map from an interned string (by pointer) to an int, open addressing. */
typedef struct diff_ptrmap {
    const char **keys;
    int32_t *vals;
    size_t mask, n;
} diff_ptrmap;

/* The edges of one identity: the old ones chained in file order from
 * `cursor` (the next one to pair), and how many each graph has. */
typedef struct diff_group {
    int32_t key[4];           /* ranks of from, type, to, date (-1: undated) */
    int32_t cursor, tail;     /* old edges; -1: none (left) */
    uint32_t nold, nnew;
} diff_group;

/* An edge that differs: ea in a, eb in b (-1 where it is not), the n-th of
 * its identity. */
typedef struct diff_event {
    int32_t key[4];
    uint32_t n;
    int32_t ea, eb;
} diff_event;

typedef struct diff {
    const cg_graph *a, *b;
    cg_result *r;
    cg_buf *notes;
    FILE *mem;                /* an entity's JSON object is written here */
    char *membuf;
    size_t memlen;
    cg_buf id;                /* an edge's id */
    diff_field *fields;
    size_t nfields, fields_cap;
    /* scratch for sorting sets and attribute lists */
    const char **sa, **sb;
    size_t sa_cap, sb_cap;
    const cg_attr **aa, **ab;
    size_t aa_cap, ab_cap;
    int32_t *ia, *ib;
    size_t ia_cap, ib_cap;
    /* node / source index -> rank of its id among the ids of both graphs */
    int32_t *na_rank, *nb_rank, *sa_rank, *sb_rank;
} diff;

/* ---- rows and cells ---- */

static void diff_row(diff *d, const char *change, int what, const char *id, const char *field, const cg_cell *old,
                     const cg_cell *nw)
{
    cg_cell *row = cg_result_add_row(d->r);
    cg_cell_text(&row[0], change);
    cg_cell_text(&row[1], diff_what[what]);
    cg_cell_text(&row[2], id);
    cg_cell_text(&row[3], field);
    if (old) row[4] = *old;
    if (nw) row[5] = *nw;
}

/* An entity added (in b) or removed (from a): one row, its object in new or
 * old. */
static void diff_entity(diff *d, int added, int what, const char *id, const cg_cell *obj)
{
    diff_row(d, added ? "added" : "removed", what, id, NULL, added ? NULL : obj, added ? obj : NULL);
}

/* A new field difference (both cells null); the pointer is valid until the
 * next call. */
static diff_field *diff_field_add(diff *d, const char *field)
{
    CG_GROW(d->fields, d->fields_cap, d->nfields + 1);
    diff_field *f = &d->fields[d->nfields++];
    memset(f, 0, sizeof *f);
    f->field = field;
    return f;
}

static int diff_field_cmp(const void *x, const void *y)
{
    return strcmp(((const diff_field *)x)->field, ((const diff_field *)y)->field);
}

/* The gathered fields as `changed` rows of (what, id), sorted by field;
 * forgets them. */
static void diff_flush_fields(diff *d, int what, const char *id)
{
    if (!d->nfields) return;
    qsort(d->fields, d->nfields, sizeof *d->fields, diff_field_cmp);
    for (size_t i = 0; i < d->nfields; i++)
        diff_row(d, "changed", what, id, d->fields[i].field, &d->fields[i].old, &d->fields[i].nw);
    d->nfields = 0;
}

/* The memory stream, emptied, for one JSON object. */
static FILE *diff_mem(diff *d)
{
    if (!d->mem) {
        d->mem = open_memstream(&d->membuf, &d->memlen);
        if (!d->mem) {
            fputs("casegraph: out of memory\n", stderr);
            exit(2);
        }
    }
    rewind(d->mem);
    return d->mem;
}

/* Cell c: what was written to the memory stream since diff_mem, as a value
 * (json: the object as is; text formats: the same text). */
static void diff_mem_cell(diff *d, cg_cell *c)
{
    fflush(d->mem);
    long n = ftell(d->mem);
    char *s = cg_xstrndup(d->membuf, n > 0 ? (size_t)n : 0);
    cg_cell_value(d->r, c, s, s);
    free(s);
}

/* ---- values, sets, attributes ---- */

/* A value's own type (SPEC 2), whatever its key's type in the graph. */
static cg_valtype diff_type(const cg_attr *a)
{
    return a->plain ? cg_classify_scalar(a->text) : CG_VAL_TEXT;
}

/* 1 if x and y are the same value of the same type: integers and doubles
 * by value (`+5` is `5`, `1.50` is `1.5`; `-0.0` is not `0.0`), text and
 * booleans by their bytes. */
static int diff_value_eq(const cg_attr *x, const cg_attr *y)
{
    if (x->plain == y->plain && strcmp(x->text, y->text) == 0) return 1;
    cg_valtype t = diff_type(x);
    if (t != diff_type(y)) return 0;
    if (t == CG_VAL_INT) return strtoll(x->text, NULL, 10) == strtoll(y->text, NULL, 10);
    if (t == CG_VAL_DOUBLE) {
        double p = strtod(x->text, NULL), q = strtod(y->text, NULL);
        return p == q && signbit(p) == signbit(q);
    }
    return strcmp(x->text, y->text) == 0;
}

/* A field whose value is text or absent (NULL). */
static void diff_text(diff *d, const char *field, const char *x, const char *y)
{
    if (!x && !y) return;
    if (x && y && strcmp(x, y) == 0) return;
    diff_field *f = diff_field_add(d, field);
    cg_cell_text(&f->old, x);
    cg_cell_text(&f->nw, y);
}

static int diff_str_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* items[0..n) sorted, without repeats, into *scratch; returns how many. */
static size_t diff_strset(const char ***scratch, size_t *cap, const char *const *items, size_t n)
{
    CG_GROW(*scratch, *cap, n + 1);
    const char **s = *scratch;
    if (n) memcpy(s, items, n * sizeof *s);
    qsort(s, n, sizeof *s, diff_str_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || strcmp(s[k - 1], s[i]) != 0) s[k++] = s[i];
    return k;
}

/* 1 if x[0..nx) and y[0..ny) hold the same texts, in any order and however
 * often each. */
static int diff_strset_eq(diff *d, const char *const *x, size_t nx, const char *const *y, size_t ny)
{
    if (nx == ny) {
        size_t i = 0;
        while (i < nx && strcmp(x[i], y[i]) == 0) i++;
        if (i == nx) return 1;
    }
    size_t kx = diff_strset(&d->sa, &d->sa_cap, x, nx), ky = diff_strset(&d->sb, &d->sb_cap, y, ny);
    if (kx != ky) return 0;
    for (size_t i = 0; i < kx; i++)
        if (strcmp(d->sa[i], d->sb[i]) != 0) return 0;
    return 1;
}

/* A list field (aliases, a type's rules) that differs as a set. */
static void diff_list(diff *d, const char *field, const char *const *x, size_t nx, const char *const *y, size_t ny)
{
    if (diff_strset_eq(d, x, nx, y, ny)) return;
    diff_field *f = diff_field_add(d, field);
    cg_cell_list(d->r, &f->old, x, nx);
    cg_cell_list(d->r, &f->nw, y, ny);
}

static int diff_attr_cmp(const void *x, const void *y)
{
    return strcmp((*(const cg_attr *const *)x)->key, (*(const cg_attr *const *)y)->key);
}

/* Pointers to a[0..n), sorted by key (keys are unique in an entity). */
static const cg_attr **diff_attrs_sorted(const cg_attr ***scratch, size_t *cap, const cg_attr *a, size_t n)
{
    CG_GROW(*scratch, *cap, n + 1);
    for (size_t i = 0; i < n; i++) (*scratch)[i] = &a[i];
    qsort(*scratch, n, sizeof **scratch, diff_attr_cmp);
    return *scratch;
}

/* The attribute differences of x[0..nx) (in a) and y[0..ny) (in b): one
 * field each, an empty side for one added or removed. */
static void diff_attrs(diff *d, const cg_attr *x, uint32_t nx, const cg_attr *y, uint32_t ny)
{
    if (nx == ny) {               /* the common case: the same keys in the same order */
        uint32_t i = 0;
        while (i < nx && strcmp(x[i].key, y[i].key) == 0 && diff_value_eq(&x[i], &y[i])) i++;
        if (i == nx) return;
    }
    const cg_attr **sx = diff_attrs_sorted(&d->aa, &d->aa_cap, x, nx);
    const cg_attr **sy = diff_attrs_sorted(&d->ab, &d->ab_cap, y, ny);
    size_t i = 0, j = 0;
    while (i < nx || j < ny) {
        int c = i == nx ? 1 : j == ny ? -1 : strcmp(sx[i]->key, sy[j]->key);
        if (c == 0 && diff_value_eq(sx[i], sy[j])) { i++; j++; continue; }
        diff_field *f = diff_field_add(d, c <= 0 ? sx[i]->key : sy[j]->key);
        if (c <= 0) cg_cell_typed(d->r, &f->old, sx[i]->text, diff_type(sx[i]));
        if (c >= 0) cg_cell_typed(d->r, &f->nw, sy[j]->text, diff_type(sy[j]));
        if (c <= 0) i++;
        if (c >= 0) j++;
    }
}

/* ---- the graph, kinds, types ---- */

static void diff_graph_fields(diff *d)
{
    diff_text(d, "description", d->a->description, d->b->description);
    diff_text(d, "name", d->a->name, d->b->name);
    diff_flush_fields(d, W_GRAPH, NULL);
}

/* The kinds a graph declares beyond the built-ins (declaring a built-in one
 * is no declaration at all). */
static void diff_kinds(diff *d)
{
    const cg_graph *a = d->a, *b = d->b;
    size_t nx = diff_strset(&d->sa, &d->sa_cap, a->kinds + a->nbuiltin_kinds, a->nkinds - a->nbuiltin_kinds);
    size_t ny = diff_strset(&d->sb, &d->sb_cap, b->kinds + b->nbuiltin_kinds, b->nkinds - b->nbuiltin_kinds);
    size_t i = 0, j = 0;
    while (i < nx || j < ny) {
        int c = i == nx ? 1 : j == ny ? -1 : strcmp(d->sa[i], d->sb[j]);
        if (c == 0) { i++; j++; continue; }
        const char *k = c < 0 ? d->sa[i++] : d->sb[j++];
        cg_cell obj;
        cg_cell_text(&obj, k);
        diff_entity(d, c > 0, W_KIND, k, &obj);
    }
}

static int diff_type_cmp(const void *x, const void *y)
{
    return strcmp((*(const cg_typedef *const *)x)->name, (*(const cg_typedef *const *)y)->name);
}

/* A graph's declared types, sorted by name, into a new array (*n of them). */
static const cg_typedef **diff_declared_types(const cg_graph *g, size_t *n)
{
    *n = g->ntypes - g->nbuiltin_types;
    const cg_typedef **t = cg_xmalloc((*n + 1) * sizeof *t);
    for (size_t i = 0; i < *n; i++) t[i] = &g->types[g->nbuiltin_types + i];
    qsort(t, *n, sizeof *t, diff_type_cmp);
    return t;
}

static void diff_json_list(FILE *f, const char *const *items, size_t n)
{
    putc('[', f);
    for (size_t i = 0; i < n; i++) {
        if (i) putc(',', f);
        cg_writer_json_string(f, items[i]);
    }
    putc(']', f);
}

/* Declared edge types: added, removed, or their endpoint rules changed
 * (fields from and to, each a set of kinds). */
static void diff_types(diff *d)
{
    size_t nx, ny;
    const cg_typedef **tx = diff_declared_types(d->a, &nx), **ty = diff_declared_types(d->b, &ny);
    size_t i = 0, j = 0;
    while (i < nx || j < ny) {
        int c = i == nx ? 1 : j == ny ? -1 : strcmp(tx[i]->name, ty[j]->name);
        if (c == 0) {
            diff_list(d, "from", tx[i]->from_kinds, tx[i]->nfrom, ty[j]->from_kinds, ty[j]->nfrom);
            diff_list(d, "to", tx[i]->to_kinds, tx[i]->nto, ty[j]->to_kinds, ty[j]->nto);
            diff_flush_fields(d, W_TYPE, ty[j]->name);
            i++; j++;
            continue;
        }
        const cg_typedef *t = c < 0 ? tx[i++] : ty[j++];
        FILE *f = diff_mem(d);
        fputs("{\"name\":", f);
        cg_writer_json_string(f, t->name);
        fputs(",\"from\":", f);
        diff_json_list(f, t->from_kinds, t->nfrom);
        fputs(",\"to\":", f);
        diff_json_list(f, t->to_kinds, t->nto);
        putc('}', f);
        cg_cell obj;
        diff_mem_cell(d, &obj);
        diff_entity(d, c > 0, W_TYPE, t->name, &obj);
    }
    free(tx);
    free(ty);
}

/* ---- sources ---- */

typedef struct diff_idref {
    const char *id;
    int32_t ix;
} diff_idref;

static int diff_idref_cmp(const void *x, const void *y)
{
    return strcmp(((const diff_idref *)x)->id, ((const diff_idref *)y)->id);
}

static diff_idref *diff_sources_by_id(const cg_graph *g)
{
    diff_idref *s = cg_xmalloc((g->nsources + 1) * sizeof *s);
    for (size_t i = 0; i < g->nsources; i++) {
        s[i].id = g->sources[i].id;
        s[i].ix = (int32_t)i;
    }
    qsort(s, g->nsources, sizeof *s, diff_idref_cmp);
    return s;
}

static void diff_source_fields(diff *d, const cg_source *x, const cg_source *y)
{
    diff_text(d, "title", x->title, y->title);
    diff_text(d, "publisher", x->publisher, y->publisher);
    diff_text(d, "date", x->date, y->date);
    diff_text(d, "url", x->url, y->url);
    diff_text(d, "file", x->file, y->file);
    diff_text(d, "note", x->note, y->note);
    diff_attrs(d, x->attrs, x->nattrs, y->attrs, y->nattrs);
}

/* Sources joined on their ids; fills sa_rank and sb_rank. */
static void diff_sources(diff *d)
{
    const cg_graph *a = d->a, *b = d->b;
    diff_idref *x = diff_sources_by_id(a), *y = diff_sources_by_id(b);
    d->sa_rank = cg_xmalloc((a->nsources + 1) * sizeof *d->sa_rank);
    d->sb_rank = cg_xmalloc((b->nsources + 1) * sizeof *d->sb_rank);
    size_t i = 0, j = 0;
    int32_t rank = 0;
    while (i < a->nsources || j < b->nsources) {
        int c = i == a->nsources ? 1 : j == b->nsources ? -1 : strcmp(x[i].id, y[j].id);
        if (c == 0) {
            d->sa_rank[x[i].ix] = d->sb_rank[y[j].ix] = rank++;
            diff_source_fields(d, &a->sources[x[i].ix], &b->sources[y[j].ix]);
            diff_flush_fields(d, W_SOURCE, y[j].id);
            i++; j++;
            continue;
        }
        const cg_graph *g = c < 0 ? a : b;
        const diff_idref *s = c < 0 ? &x[i++] : &y[j++];
        (c < 0 ? d->sa_rank : d->sb_rank)[s->ix] = rank++;
        cg_export_json_source(diff_mem(d), g, &g->sources[s->ix]);
        cg_cell obj;
        diff_mem_cell(d, &obj);
        diff_entity(d, c > 0, W_SOURCE, s->id, &obj);
    }
    free(x);
    free(y);
}

/* ---- nodes ---- */

static void diff_node_fields(diff *d, const cg_node *x, const cg_node *y)
{
    diff_text(d, "kind", x->kind, y->kind);
    diff_text(d, "name", x->name ? x->name : x->id, y->name ? y->name : y->id);
    diff_list(d, "aliases", x->aliases, x->naliases, y->aliases, y->naliases);
    diff_attrs(d, x->attrs, x->nattrs, y->attrs, y->nattrs);
}

/* A node removed (side 0) or added (1), for finding renames. */
typedef struct diff_gone {
    const char *kind, *name, *id;
    int side;
} diff_gone;

static int diff_gone_cmp(const void *x, const void *y)
{
    const diff_gone *p = x, *q = y;
    int c = strcmp(p->kind, q->kind);
    if (!c) c = strcmp(p->name, q->name);
    if (!c) c = p->side - q->side;
    if (!c) c = strcmp(p->id, q->id);
    return c;
}

/* s with control characters escaped (cg_escape_safe), into b. */
static void diff_note_text(cg_buf *b, const char *s)
{
    size_t need = cg_escape_safe(s, NULL, 0);
    char *t = cg_xmalloc(need + 1);
    cg_escape_safe(s, t, need + 1);
    cg_buf_puts(b, t);
    free(t);
}

/* The ids of g[0..n), quoted, the first five of them. */
static void diff_note_ids(cg_buf *b, const diff_gone *g, size_t n)
{
    for (size_t i = 0; i < n && i < 5; i++) {
        cg_buf_puts(b, i ? ", '" : "'");
        diff_note_text(b, g[i].id);
        cg_buf_putc(b, '\'');
    }
    if (n > 5) cg_buf_printf(b, " and %zu more", n - 5);
}

/* One note for each kind and name that a removed and an added node share. */
static void diff_renames(diff *d, diff_gone *g, size_t n)
{
    if (!d->notes || !n) return;
    qsort(g, n, sizeof *g, diff_gone_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i, k;
        while (j < n && strcmp(g[j].kind, g[i].kind) == 0 && strcmp(g[j].name, g[i].name) == 0) j++;
        for (k = i; k < j && g[k].side == 0; k++) ;
        if (k > i && k < j) {
            cg_buf_puts(d->notes, "note: possible rename: node ");
            diff_note_ids(d->notes, g + i, k - i);
            cg_buf_puts(d->notes, " -> ");
            diff_note_ids(d->notes, g + k, j - k);
            cg_buf_puts(d->notes, " (the same kind ");
            diff_note_text(d->notes, g[i].kind);
            cg_buf_puts(d->notes, " and name \"");
            diff_note_text(d->notes, g[i].name);
            cg_buf_puts(d->notes, "\")\n");
        }
        i = j;
    }
}

/* Nodes joined on their ids (the graphs' by_id orders); fills na_rank and
 * nb_rank; notes the possible renames. */
static void diff_nodes(diff *d)
{
    const cg_graph *a = d->a, *b = d->b;
    d->na_rank = cg_xmalloc((a->nnodes + 1) * sizeof *d->na_rank);
    d->nb_rank = cg_xmalloc((b->nnodes + 1) * sizeof *d->nb_rank);
    diff_gone *gone = NULL;
    size_t ngone = 0, gone_cap = 0;
    size_t i = 0, j = 0;
    int32_t rank = 0;
    while (i < a->nnodes || j < b->nnodes) {
        const cg_node *x = i < a->nnodes ? &a->nodes[a->by_id[i]] : NULL;
        const cg_node *y = j < b->nnodes ? &b->nodes[b->by_id[j]] : NULL;
        int c = !x ? 1 : !y ? -1 : strcmp(x->id, y->id);
        if (c == 0) {
            d->na_rank[a->by_id[i++]] = d->nb_rank[b->by_id[j++]] = rank++;
            diff_node_fields(d, x, y);
            diff_flush_fields(d, W_NODE, y->id);
            continue;
        }
        const cg_graph *g = c < 0 ? a : b;
        const cg_node *n = c < 0 ? x : y;
        if (c < 0) d->na_rank[a->by_id[i++]] = rank++;
        else d->nb_rank[b->by_id[j++]] = rank++;
        cg_export_json_node(diff_mem(d), g, n, 1);
        cg_cell obj;
        diff_mem_cell(d, &obj);
        diff_entity(d, c > 0, W_NODE, n->id, &obj);
        CG_GROW(gone, gone_cap, ngone + 1);
        gone[ngone++] = (diff_gone){ n->kind, n->name ? n->name : n->id, n->id, c > 0 };
    }
    diff_renames(d, gone, ngone);
    free(gone);
}

/* ---- edges ---- */

static size_t diff_ptr_slot(const diff_ptrmap *m, const char *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
    size_t s = (size_t)(h >> 32) & m->mask;
    while (m->keys[s] && m->keys[s] != p) s = (s + 1) & m->mask;
    return s;
}

static void diff_ptr_init(diff_ptrmap *m)
{
    m->mask = 63;
    m->n = 0;
    m->keys = cg_xcalloc(m->mask + 1, sizeof *m->keys);
    m->vals = cg_xcalloc(m->mask + 1, sizeof *m->vals);
}

static void diff_ptr_destroy(diff_ptrmap *m)
{
    free(m->keys);
    free(m->vals);
}

static void diff_ptr_add(diff_ptrmap *m, const char *p)
{
    size_t s = diff_ptr_slot(m, p);
    if (m->keys[s]) return;
    m->keys[s] = p;
    if (++m->n * 2 <= m->mask + 1) return;
    diff_ptrmap big = { cg_xcalloc(2 * (m->mask + 1), sizeof *m->keys), cg_xcalloc(2 * (m->mask + 1), sizeof *m->vals),
                        2 * m->mask + 1, m->n };
    for (size_t i = 0; i <= m->mask; i++)
        if (m->keys[i]) big.keys[diff_ptr_slot(&big, m->keys[i])] = m->keys[i];
    diff_ptr_destroy(m);
    *m = big;
}

/* The value of p, which is in m. */
static int32_t diff_ptr_get(const diff_ptrmap *m, const char *p)
{
    return m->vals[diff_ptr_slot(m, p)];
}

/* Ranks common to both graphs for one text field of the edges (date: 1,
 * type: 0): ma and mb map each graph's interned text to the rank of that
 * text among the distinct texts of both (byte order, so dates in date
 * order).  An undated edge has no entry. */
static void diff_rank_field(const diff *d, int date, diff_ptrmap *ma, diff_ptrmap *mb)
{
    const cg_graph *gs[2] = { d->a, d->b };
    diff_ptrmap *ms[2] = { ma, mb };
    for (int k = 0; k < 2; k++) {
        diff_ptr_init(ms[k]);
        for (size_t e = 0; e < gs[k]->nedges; e++) {
            const char *p = date ? gs[k]->edges[e].date : gs[k]->edges[e].type;
            if (p) diff_ptr_add(ms[k], p);
        }
    }
    size_t n = 0;
    const char **all = cg_xmalloc((ma->n + mb->n + 1) * sizeof *all);
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i <= ms[k]->mask; i++)
            if (ms[k]->keys[i]) all[n++] = ms[k]->keys[i];
    qsort(all, n, sizeof *all, diff_str_cmp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || strcmp(all[u - 1], all[i]) != 0) all[u++] = all[i];
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i <= ms[k]->mask; i++) {
            if (!ms[k]->keys[i]) continue;
            size_t lo = 0, hi = u;          /* the text is there: find it */
            while (hi - lo > 1) {
                size_t mid = (lo + hi) / 2;
                if (strcmp(all[mid], ms[k]->keys[i]) <= 0) lo = mid; else hi = mid;
            }
            ms[k]->vals[i] = (int32_t)lo;
        }
    free(all);
}

/* The hash table of identities. */
typedef struct diff_groups {
    diff_group *g;
    size_t n, cap;
    int32_t *slots;           /* indices into g; -1 empty */
    size_t mask;
} diff_groups;

static uint32_t diff_key_hash(const int32_t k[4])
{
    uint64_t h = 0;
    for (int i = 0; i < 4; i++) h = (h ^ (uint32_t)k[i]) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32);
}

/* The group of key k, made (no edges yet) if it is new.  The table holds
 * at most every edge of both graphs, so it never fills. */
static diff_group *diff_group_get(diff_groups *t, const int32_t k[4])
{
    size_t s = diff_key_hash(k) & t->mask;
    for (;;) {
        int32_t ix = t->slots[s];
        if (ix < 0) break;
        if (memcmp(t->g[ix].key, k, sizeof t->g[ix].key) == 0) return &t->g[ix];
        s = (s + 1) & t->mask;
    }
    CG_GROW(t->g, t->cap, t->n + 1);
    diff_group *grp = &t->g[t->n];
    memcpy(grp->key, k, sizeof grp->key);
    grp->cursor = grp->tail = -1;
    grp->nold = grp->nnew = 0;
    t->slots[s] = (int32_t)t->n++;
    return grp;
}

static void diff_edge_key(const cg_edge *e, const int32_t *nrank, const diff_ptrmap *types, const diff_ptrmap *dates,
                          int32_t k[4])
{
    k[0] = nrank[e->from];
    k[1] = diff_ptr_get(types, e->type);
    k[2] = nrank[e->to];
    k[3] = e->date ? diff_ptr_get(dates, e->date) : -1;
}

static int diff_int_cmp(const void *x, const void *y)
{
    int32_t p = *(const int32_t *)x, q = *(const int32_t *)y;
    return (p > q) - (p < q);
}

/* rank[src[0..n)] sorted, without repeats, into *scratch; returns how many. */
static size_t diff_rankset(int32_t **scratch, size_t *cap, const int32_t *src, size_t n, const int32_t *rank)
{
    CG_GROW(*scratch, *cap, n + 1);
    int32_t *s = *scratch;
    for (size_t i = 0; i < n; i++) s[i] = rank[src[i]];
    qsort(s, n, sizeof *s, diff_int_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || s[k - 1] != s[i]) s[k++] = s[i];
    return k;
}

/* 1 if edges x (of a) and y (of b) cite the same sources, in any order. */
static int diff_sources_eq(diff *d, const cg_edge *x, const cg_edge *y)
{
    if (x->nsources == y->nsources) {
        uint32_t i = 0;
        while (i < x->nsources && d->sa_rank[cg_edge_sources(x)[i]] == d->sb_rank[cg_edge_sources(y)[i]]) i++;
        if (i == x->nsources) return 1;
    }
    size_t kx = diff_rankset(&d->ia, &d->ia_cap, cg_edge_sources(x), x->nsources, d->sa_rank);
    size_t ky = diff_rankset(&d->ib, &d->ib_cap, cg_edge_sources(y), y->nsources, d->sb_rank);
    return kx == ky && (kx == 0 || memcmp(d->ia, d->ib, kx * sizeof *d->ia) == 0);
}

/* Cell c: the ids of the sources edge e of g cites, as a list. */
static void diff_source_cell(diff *d, const cg_graph *g, const cg_edge *e, cg_cell *c)
{
    CG_GROW(d->sa, d->sa_cap, (size_t)e->nsources + 1);
    for (uint32_t i = 0; i < e->nsources; i++) d->sa[i] = g->sources[cg_edge_sources(e)[i]].id;
    cg_cell_list(d->r, c, d->sa, e->nsources);
}

/* The differences of a paired edge x (of a) and y (of b) into d->fields. */
static void diff_edge_fields(diff *d, const cg_edge *x, const cg_edge *y)
{
    if (!diff_sources_eq(d, x, y)) {
        diff_field *f = diff_field_add(d, "source");
        diff_source_cell(d, d->a, x, &f->old);
        diff_source_cell(d, d->b, y, &f->nw);
    }
    diff_attrs(d, cg_edge_attrs(x), x->nattrs, cg_edge_attrs(y), y->nattrs);
}

/* An edge's id `from -type-> to (date)` (no date part when undated), `#N`
 * after it for the N-th (N > 1) edge of that identity; in r's arena. */
static const char *diff_edge_id(diff *d, const cg_graph *g, const cg_edge *e, uint32_t n)
{
    cg_buf_reset(&d->id);
    cg_buf_printf(&d->id, "%s -%s-> %s", g->nodes[e->from].id, e->type, g->nodes[e->to].id);
    if (e->date) cg_buf_printf(&d->id, " (%s)", e->date);
    if (n > 1) cg_buf_printf(&d->id, "#%u", n);
    return cg_result_strdup(d->r, d->id.data);
}

static int diff_event_cmp(const void *x, const void *y)
{
    const diff_event *p = x, *q = y;
    for (int i = 0; i < 4; i++)
        if (p->key[i] != q->key[i]) return p->key[i] < q->key[i] ? -1 : 1;
    return (p->n > q->n) - (p->n < q->n);
}

static void diff_event_add(diff_event **ev, size_t *n, size_t *cap, const int32_t k[4], uint32_t num, int32_t ea,
                           int32_t eb)
{
    CG_GROW(*ev, *cap, *n + 1);
    diff_event *v = &(*ev)[(*n)++];
    memcpy(v->key, k, sizeof v->key);
    v->n = num;
    v->ea = ea;
    v->eb = eb;
}

/* Edges: joined on their identity (ranks of from, type, to, date), the
 * k-th edge of an identity in a paired with the k-th in b (file order);
 * the rest are removed or added.  Needs the node ranks (diff_nodes) and
 * the source ranks (diff_sources). */
static void diff_edges(diff *d)
{
    const cg_graph *a = d->a, *b = d->b;
    diff_ptrmap ta, tb, da, db;
    diff_rank_field(d, 0, &ta, &tb);
    diff_rank_field(d, 1, &da, &db);

    diff_groups t = { 0 };
    size_t want = 2 * (a->nedges + b->nedges) + 2, size = 64;
    while (size < want) size *= 2;
    t.mask = size - 1;
    t.slots = cg_xmalloc(size * sizeof *t.slots);
    memset(t.slots, 0xff, size * sizeof *t.slots);
    t.cap = a->nedges + 16;
    t.g = cg_xmalloc(t.cap * sizeof *t.g);
    int32_t *next = cg_xmalloc((a->nedges + 1) * sizeof *next);
    uint32_t *nth = cg_xmalloc((a->nedges + 1) * sizeof *nth);
    diff_event *ev = NULL;
    size_t nev = 0, evcap = 0;
    int32_t k[4];

    for (size_t e = 0; e < a->nedges; e++) {
        diff_edge_key(&a->edges[e], d->na_rank, &ta, &da, k);
        diff_group *g = diff_group_get(&t, k);
        next[e] = -1;
        if (g->tail >= 0) next[g->tail] = (int32_t)e;
        else g->cursor = (int32_t)e;
        g->tail = (int32_t)e;
        nth[e] = ++g->nold;
    }
    for (size_t e = 0; e < b->nedges; e++) {
        const cg_edge *y = &b->edges[e];
        diff_edge_key(y, d->nb_rank, &tb, &db, k);
        diff_group *g = diff_group_get(&t, k);
        uint32_t num = ++g->nnew;
        if (g->cursor < 0) {
            diff_event_add(&ev, &nev, &evcap, k, num, -1, (int32_t)e);
            continue;
        }
        int32_t x = g->cursor;
        g->cursor = next[x];
        diff_edge_fields(d, &a->edges[x], y);
        if (d->nfields) diff_event_add(&ev, &nev, &evcap, k, num, x, (int32_t)e);
        d->nfields = 0;           /* made again when the row is written */
    }
    for (size_t i = 0; i < t.n; i++)
        for (int32_t x = t.g[i].cursor; x >= 0; x = next[x]) diff_event_add(&ev, &nev, &evcap, t.g[i].key, nth[x], x, -1);

    if (nev) qsort(ev, nev, sizeof *ev, diff_event_cmp);
    for (size_t i = 0; i < nev; i++) {
        const diff_event *v = &ev[i];
        if (v->ea >= 0 && v->eb >= 0) {
            diff_edge_fields(d, &a->edges[v->ea], &b->edges[v->eb]);
            diff_flush_fields(d, W_EDGE, diff_edge_id(d, b, &b->edges[v->eb], v->n));
            continue;
        }
        const cg_graph *g = v->ea >= 0 ? a : b;
        const cg_edge *e = &g->edges[v->ea >= 0 ? v->ea : v->eb];
        const char *id = diff_edge_id(d, g, e, v->n);
        cg_export_json_edge(diff_mem(d), g, e, 1);
        cg_cell obj;
        diff_mem_cell(d, &obj);
        diff_entity(d, v->eb >= 0, W_EDGE, id, &obj);
    }
    free(ev);
    free(next);
    free(nth);
    free(t.g);
    free(t.slots);
    diff_ptr_destroy(&ta);
    diff_ptr_destroy(&tb);
    diff_ptr_destroy(&da);
    diff_ptr_destroy(&db);
}

/* See diff.h. */
size_t diff_graphs(const cg_graph *a, const cg_graph *b, cg_result *r, cg_buf *notes)
{
    diff d;
    memset(&d, 0, sizeof d);
    d.a = a;
    d.b = b;
    d.r = r;
    d.notes = notes;
    cg_buf_init(&d.id);
    cg_result_init(r, diff_cols, DIFF_NCOLS);
    diff_graph_fields(&d);
    diff_kinds(&d);
    diff_types(&d);
    diff_sources(&d);
    diff_nodes(&d);
    diff_edges(&d);
    if (d.mem) fclose(d.mem);
    free(d.membuf);
    cg_buf_destroy(&d.id);
    free(d.fields);
    free(d.sa);
    free(d.sb);
    free(d.aa);
    free(d.ab);
    free(d.ia);
    free(d.ib);
    free(d.na_rank);
    free(d.nb_rank);
    free(d.sa_rank);
    free(d.sb_rank);
    return r->nrows;
}

/* ---- the subcommand ---- */

/* See diff.h. */
int diff_args(int nargs, char *const *args, int other_options)
{
    const char *why = NULL;
    if (other_options) why = "diff takes no option but -o FORMAT and -q";
    else if (nargs != 2) why = "diff compares two graphs: casegraph diff OLD NEW";
    else if (strcmp(args[0], "-") == 0 && strcmp(args[1], "-") == 0)
        why = "diff: OLD and NEW cannot both be standard input (-)";
    if (!why) return 0;
    fprintf(stderr, "casegraph: %s\nTry 'casegraph --help'.\n", why);
    return 2;
}

/* One side of the diff, its diagnostics printed if it fails; NULL then.
 * /dev/null (what git passes for a file that one side lacks) is an empty
 * graph. */
static cg_graph *diff_load(const char *path, cg_progress_fn progress, void *ctx)
{
    cg_diag diag;
    cg_diag_init(&diag);
    cg_graph *g;
    if (strcmp(path, "/dev/null") == 0) {
        static const char empty[] = "casegraph: 1\n";
        g = cg_load_buffer(path, (const unsigned char *)empty, sizeof empty - 1, &diag);
    } else {
        const char *one[1] = { path };
        g = cg_load(one, 1, &diag, progress, ctx);
    }
    if (!g) cg_diag_print(&diag, stderr);   /* a loaded side's warnings are --check's business */
    cg_diag_destroy(&diag);
    return g;
}

/* See diff.h. */
int diff_run(const char *old_path, const char *new_path, const char *format, cg_progress_fn progress,
             void *progress_ctx)
{
    cg_outfmt fmt = CG_OUT_TABLE;
    if (format && cg_outfmt_parse(format, &fmt) < 0) fmt = CG_OUT_TABLE;   /* main checked it */
    cg_graph *a = diff_load(old_path, progress, progress_ctx);
    cg_graph *b = diff_load(new_path, progress, progress_ctx);
    int status = 3;
    if (!a || !b) goto out;
    cg_result r;
    cg_buf notes;
    cg_buf_init(&notes);
    size_t n = diff_graphs(a, b, &r, &notes);
    int tty = isatty(STDOUT_FILENO), cols = 0, rows;
    if (tty && cg_term_size(STDOUT_FILENO, &rows, &cols) < 0) cols = 0;
    if (cg_output_write(stdout, &r, fmt, tty, fmt == CG_OUT_TABLE ? cols : 0) < 0 || fflush(stdout) != 0) {
        perror("casegraph: writing the output");
        status = 2;
    } else {
        status = n ? 1 : 0;
    }
    if (notes.len) fputs(notes.data, stderr);   /* after the rows they explain */
    cg_buf_destroy(&notes);
    cg_result_destroy(&r);
out:
    cg_graph_free(a);
    cg_graph_free(b);
    return status;
}
