/* import.c - `casegraph import` (SPEC 13): node, edge and sources tables
 * read from spreadsheets (csv.h) into a graph, checked as the loader
 * checks a file, and written by the YAML exporter (export_yaml.c), so the
 * quoting is the one `export` uses and the file passes --check.
 *
 * Every table is known by its header; node tables are read first, then
 * sources, then edges, so references resolve whatever the order of the
 * files.  A cell's text stays in its reader's buffer (unescaped there in
 * place): a row costs no allocation beyond the graph's arena.  Every
 * problem is reported at its spreadsheet row and column number with the
 * column's name, and any problem means nothing is written.
 */
#include "import.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "atomic.h"
#include "csv.h"
#include "exporters.h"
#include "idmap.h"
#include "loader.h"
#include "schema.h"
#include "suggest.h"
#include "writer.h"

typedef enum { SHAPE_NODE, SHAPE_EDGE, SHAPE_SOURCE } imp_shape;

/* The known columns of each shape (header names, compared trimmed and in
 * any case); any other column is an attribute. */
enum { F_ATTR = -1, F_IGNORED = -2 };
static const char *const imp_node_fields[] = { "id", "kind", "name", "aliases", NULL };
static const char *const imp_edge_fields[] = { "from", "to", "type", "date", "source", NULL };
static const char *const imp_source_fields[] = { "id", "title", "publisher", "date", "url", "file", "note", "edges", NULL };
enum { N_ID, N_KIND, N_NAME, N_ALIASES };
enum { E_FROM, E_TO, E_TYPE, E_DATE, E_SOURCE };
enum { S_ID, S_TITLE, S_PUBLISHER, S_DATE, S_URL, S_FILE, S_NOTE, S_EDGES };
#define IMP_MAX_FIELDS 8

typedef struct imp_col {
    const char *name;     /* the header cell, trimmed (in the reader's buffer) */
    int field;            /* a known field, F_ATTR, or F_IGNORED */
    const char *key;      /* F_ATTR: the interned attribute key */
} imp_col;

typedef struct imp_table {
    cg_csv csv;
    const char *path;
    imp_shape shape;
    imp_col *cols;
    size_t ncols, nattr;
    int at[IMP_MAX_FIELDS];   /* the column of each known field, or -1 */
} imp_table;

struct cg_import_bufs {
    imp_table *t;
    size_t n;
};

/* Where an entity was defined, for "already defined at" messages. */
typedef struct imp_loc {
    const char *file;
    size_t row;
} imp_loc;

typedef struct importer {
    cg_graph *g;
    cg_schema schema;
    cg_diag *diag;
    int declare;
    cg_idmap nodes, sources;   /* ids (the readers' text) -> index */
    imp_loc *nloc, *sloc;
    size_t nloc_cap, sloc_cap;
    size_t suggest_work;  /* as the loader's: suggestions stay cheap */
    const char *ids[64];  /* scratch */
    int32_t *sx; size_t sx_cap;   /* an edge row's source indices (scratch) */
} importer;

/* ---- cells ---- */

/* s without leading and trailing blanks (spaces, tabs), in place. */
static char *imp_trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    s[n] = '\0';
    return s;
}

/* The offset of the first byte of s that is not valid UTF-8, or -1. */
static long imp_bad_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = strlen(s);
    while (i < n) {
        if (p[i] < 0x80) { i++; continue; }
        uint32_t cp;
        int k = cg_utf8_decode(p + i, n - i, &cp);
        if (k == 0) return (long)i;
        i += (size_t)k;
    }
    return -1;
}

static void imp_error(importer *I, const imp_table *t, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An error at the current row of t, column col (0-based), the message
 * prefixed with the column's name. */
static void imp_error(importer *I, const imp_table *t, size_t col, const char *fmt, ...)
{
    char msg[CG_DIAG_MSG_CUT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *name = col < t->ncols ? t->cols[col].name : "";
    if (*name) cg_diag_add(I->diag, CG_ERROR, t->path, (int)t->csv.row, (int)col + 1, "column '%.200s': %s", name, msg);
    else cg_diag_add(I->diag, CG_ERROR, t->path, (int)t->csv.row, (int)col + 1, "column %zu: %s", col + 1, msg);
}

/* A value for the message (cut, so a huge cell stays readable). */
#define IMP_SHOWN(s) 60, (s)

/* 1 if cell col of the row is text a graph can hold (UTF-8, within the
 * loader's size limit), else 0 after reporting it. */
static int imp_cell_ok(importer *I, const imp_table *t, size_t col, const char *s)
{
    long bad = imp_bad_utf8(s);
    if (bad >= 0) {
        imp_error(I, t, col, "the cell is not valid UTF-8 (byte 0x%02X at byte %ld); save the file as UTF-8 "
                  "(Excel: \"CSV UTF-8\")", (unsigned char)s[bad], bad + 1);
        return 0;
    }
    size_t n = strlen(s);
    if (n > CG_MAX_SCALAR_LEN) {
        imp_error(I, t, col, "the cell is %zu bytes long; the limit is %u", n, CG_MAX_SCALAR_LEN);
        return 0;
    }
    return 1;
}

/* The cell of known field f in the row, or NULL when the table has no such
 * column. */
static char *imp_field(const imp_table *t, int f)
{
    return t->at[f] >= 0 ? t->csv.cells[t->at[f]] : NULL;
}

/* An id cell (trimmed): checked against SPEC 2's pattern and length.
 * Returns the id, or NULL after reporting (what names it: "node id"). */
static const char *imp_id(importer *I, const imp_table *t, int f, const char *what)
{
    char *s = imp_field(t, f);
    size_t col = (size_t)t->at[f];
    s = imp_trim(s);
    if (!*s) {
        imp_error(I, t, col, "%s is empty", what);
        return NULL;
    }
    size_t n = strlen(s);
    if (n > CG_MAX_ID_LEN) {
        imp_error(I, t, col, "%s is %zu bytes long; the limit is %d", what, n, CG_MAX_ID_LEN);
        return NULL;
    }
    if (!cg_load_valid_id(s)) {
        if (imp_bad_utf8(s) >= 0) (void)imp_cell_ok(I, t, col, s);
        else imp_error(I, t, col, "%s '%.*s' is not a valid id (letters, digits and _ . : -, not starting with . : -)",
                       what, IMP_SHOWN(s));
        return NULL;
    }
    return s;
}

/* The work "did you mean" may spend over one import, as the loader's. */
#define IMP_SUGGEST_BUDGET ((size_t)500 * 1000 * 1000)   /* well under a second */

/* The closest of words[0..n) to word, or NULL; the work is bounded over a
 * run (IMP_SUGGEST_BUDGET). */
static const char *imp_suggest(importer *I, const char *word, const char *const *words, size_t n)
{
    size_t cost = n * (strlen(word) + 1) * 7;
    if (n > 200000 || cost > IMP_SUGGEST_BUDGET - I->suggest_work) return NULL;
    I->suggest_work += cost;
    return cg_suggest_closest(word, words, n);
}

/* Adds the attribute columns of the row to a (room for t->nattr), typed
 * as SPEC 13 says: a cell as SPEC 2 types a plain scalar, except that a
 * number whose text would not come back the same (007, 1.50, +5) stays
 * text, and TRUE/FALSE in any case are booleans.  An empty cell is no
 * attribute.  Returns the count. */
static uint32_t imp_attrs(importer *I, const imp_table *t, cg_attr *a)
{
    uint32_t n = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].field != F_ATTR) continue;
        const char *s = t->csv.cells[c];
        if (!*s || !imp_cell_ok(I, t, c, s)) continue;
        cg_attr *x = &a[n++];
        x->key = t->cols[c].key;
        x->text = s;
        x->plain = 0;
        if (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0) {
            x->text = (s[0] | 0x20) == 't' ? "true" : "false";
            x->plain = 1;
            continue;
        }
        cg_valtype vt = cg_classify_scalar(s);
        if (vt == CG_VAL_INT || vt == CG_VAL_DOUBLE) {
            char canon[64];
            cg_writer_number(s, vt, canon, sizeof canon);
            x->plain = strcmp(canon, s) == 0;
        }
    }
    return n;
}

/* The arena copy of an attribute array for n of them (NULL for none). */
static cg_attr *imp_attr_room(importer *I, const imp_table *t)
{
    return t->nattr ? cg_arena_alloc(&I->g->arena, t->nattr * sizeof(cg_attr)) : NULL;
}

/* The interned kind of the node row's kind cell, known or (with
 * --declare) declared; NULL after reporting. */
static const char *imp_kind(importer *I, const imp_table *t)
{
    size_t col = (size_t)t->at[N_KIND];
    char *s = imp_trim(imp_field(t, N_KIND));
    if (!*s) { imp_error(I, t, col, "the node has no kind"); return NULL; }
    if (!imp_cell_ok(I, t, col, s)) return NULL;
    const char *k = cg_strpool_intern_cstr(&I->g->strings, s);
    if (cg_schema_kind_known(&I->schema, k)) return k;
    if (I->declare) {
        if (!cg_load_valid_id(k) || strlen(k) > CG_MAX_ID_LEN) {
            imp_error(I, t, col, "kind '%.*s' cannot be declared: a kind is a word of letters, digits and _ . : -",
                      IMP_SHOWN(k));
            return NULL;
        }
        cg_schema_loc at = { t->path, (int)t->csv.row, (int)col + 1 };
        return cg_schema_declare_kind(&I->schema, k, &at) < 0 ? NULL : k;
    }
    const char *sg = imp_suggest(I, k, I->g->kinds, I->g->nkinds);
    if (sg) imp_error(I, t, col, "unknown kind '%.*s'; did you mean '%s'? (or import with --declare)", IMP_SHOWN(k), sg);
    else imp_error(I, t, col, "unknown kind '%.*s' (import with --declare to declare it)", IMP_SHOWN(k));
    return NULL;
}

/* ---- rows ---- */

/* 1 if id (the row's field f) is in map already, after reporting where it
 * was defined (locs: by index; what: "node"); else 0, with its length and
 * hash in *n and *h. */
static int imp_defined(importer *I, const imp_table *t, int f, const cg_idmap *map, const imp_loc *locs,
                       const char *what, const char *id, size_t *n, uint32_t *h)
{
    *n = strlen(id);
    *h = cg_hash(id, *n);
    int32_t prev = cg_idmap_get(map, id, *n, *h);
    if (prev < 0) return 0;
    imp_error(I, t, (size_t)t->at[f], "%s '%s' is already defined at %s:%zu", what, id, locs[prev].file, locs[prev].row);
    return 1;
}

static void imp_node_row(importer *I, const imp_table *t)
{
    cg_graph *g = I->g;
    const char *id = imp_id(I, t, N_ID, "the node id");
    const char *kind = imp_kind(I, t);
    const char *name = imp_field(t, N_NAME);
    if (name && (!*name || !imp_cell_ok(I, t, (size_t)t->at[N_NAME], name))) name = NULL;
    if (!id) return;
    size_t n;
    uint32_t h;
    if (imp_defined(I, t, N_ID, &I->nodes, I->nloc, "node", id, &n, &h)) return;
    if (!kind) kind = "";   /* reported; the node is kept, so its edges find it */
    CG_GROW(g->nodes, g->nodes_cap, g->nnodes + 1);
    CG_GROW(I->nloc, I->nloc_cap, g->nnodes + 1);
    int32_t idx = (int32_t)g->nnodes;
    cg_node *nd = &g->nodes[idx];
    memset(nd, 0, sizeof *nd);
    nd->id = id;
    nd->kind = kind;
    nd->name = name ? name : id;
    nd->file = t->path;
    nd->line = (uint32_t)t->csv.row;
    nd->col = 1;
    char *al = imp_field(t, N_ALIASES);
    if (al && *al && imp_cell_ok(I, t, (size_t)t->at[N_ALIASES], al)) {
        size_t cap = 1;
        for (const char *p = al; *p; p++) cap += *p == ';';
        nd->aliases = cg_arena_alloc(&g->arena, cap * sizeof *nd->aliases);
        char *p = al, *item;
        while ((item = cg_list_next(&p)) != NULL)
            if (*item) nd->aliases[nd->naliases++] = item;
    }
    nd->attrs = imp_attr_room(I, t);
    nd->nattrs = imp_attrs(I, t, nd->attrs);
    I->nloc[idx] = (imp_loc){ t->path, t->csv.row };
    cg_idmap_put(&I->nodes, id, h, idx);
    g->nnodes++;
}

/* A date cell (trimmed): NULL when empty or not a date (then reported). */
static const char *imp_date(importer *I, const imp_table *t, int f)
{
    char *s = imp_field(t, f);
    if (!s) return NULL;
    s = imp_trim(s);
    if (!*s) return NULL;
    if (!cg_date_valid(s)) {
        if (imp_cell_ok(I, t, (size_t)t->at[f], s))
            imp_error(I, t, (size_t)t->at[f], "'%.*s' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (a real day)",
                      IMP_SHOWN(s));
        return NULL;
    }
    return s;
}

static void imp_source_row(importer *I, const imp_table *t)
{
    cg_graph *g = I->g;
    const char *id = imp_id(I, t, S_ID, "the source id");
    size_t errs = I->diag->nerrors;
    const char *date = imp_date(I, t, S_DATE);
    if (!id || I->diag->nerrors > errs) return;
    size_t n;
    uint32_t h;
    if (imp_defined(I, t, S_ID, &I->sources, I->sloc, "source", id, &n, &h)) return;
    CG_GROW(g->sources, g->sources_cap, g->nsources + 1);
    CG_GROW(I->sloc, I->sloc_cap, g->nsources + 1);
    int32_t idx = (int32_t)g->nsources;
    cg_source *s = &g->sources[idx];
    memset(s, 0, sizeof *s);
    s->id = id;
    s->date = date;
    static const int text_fields[] = { S_TITLE, S_PUBLISHER, S_URL, S_FILE, S_NOTE };
    const char **slots[] = { &s->title, &s->publisher, &s->url, &s->file, &s->note };
    for (size_t k = 0; k < 5; k++) {
        char *v = imp_field(t, text_fields[k]);
        if (v && *v && imp_cell_ok(I, t, (size_t)t->at[text_fields[k]], v)) *slots[k] = v;
    }
    s->attrs = imp_attr_room(I, t);
    s->nattrs = imp_attrs(I, t, s->attrs);
    I->sloc[idx] = (imp_loc){ t->path, t->csv.row };
    cg_idmap_put(&I->sources, id, h, idx);
    g->nsources++;
}

/* The node an edge end names (trimmed), or -1 after reporting. */
static int32_t imp_end(importer *I, const imp_table *t, int f)
{
    char *s = imp_trim(imp_field(t, f));
    size_t col = (size_t)t->at[f];
    if (!*s) { imp_error(I, t, col, "the edge has no '%s' node", imp_edge_fields[f]); return -1; }
    size_t n = strlen(s);
    int32_t v = cg_idmap_get(&I->nodes, s, n, cg_hash(s, n));
    if (v >= 0) return v;
    if (!imp_cell_ok(I, t, col, s)) return -1;
    const char *sg = NULL;
    if (I->g->nnodes <= 200000) {
        const char **ids = cg_xmalloc((I->g->nnodes + 1) * sizeof *ids);
        for (size_t i = 0; i < I->g->nnodes; i++) ids[i] = I->g->nodes[i].id;
        sg = imp_suggest(I, s, ids, I->g->nnodes);
        free(ids);
    }
    if (sg) imp_error(I, t, col, "edge %s unknown node '%.*s'; did you mean '%s'?", imp_edge_fields[f], IMP_SHOWN(s), sg);
    else imp_error(I, t, col, "edge %s unknown node '%.*s'%s", imp_edge_fields[f], IMP_SHOWN(s),
                   I->g->nnodes ? "" : " (no node table was given: a table with 'id' and 'kind' columns)");
    return -1;
}

/* The edge type of the row's type cell, known or (--declare) declared:
 * its index, or -1 after reporting. */
static int32_t imp_type(importer *I, const imp_table *t)
{
    cg_graph *g = I->g;
    size_t col = (size_t)t->at[E_TYPE];
    char *s = imp_trim(imp_field(t, E_TYPE));
    if (!*s) { imp_error(I, t, col, "the edge has no type"); return -1; }
    if (!imp_cell_ok(I, t, col, s)) return -1;
    const char *ty = cg_strpool_intern_cstr(&g->strings, s);
    int32_t ix = cg_schema_type_index(&I->schema, ty);
    if (ix >= 0) return ix;
    if (I->declare) {
        if (!cg_load_valid_id(ty) || strlen(ty) > CG_MAX_ID_LEN) {
            imp_error(I, t, col, "type '%.*s' cannot be declared: a type is a word of letters, digits and _ . : -",
                      IMP_SHOWN(ty));
            return -1;
        }
        cg_schema_loc at = { t->path, (int)t->csv.row, (int)col + 1 };
        return cg_schema_declare_type(&I->schema, ty, NULL, 0, NULL, 0, &at, &at);
    }
    const char **names = cg_xmalloc((g->ntypes + 1) * sizeof *names);
    for (size_t k = 0; k < g->ntypes; k++) names[k] = g->types[k].name;
    const char *sg = imp_suggest(I, ty, names, g->ntypes);
    free(names);
    if (sg) imp_error(I, t, col, "unknown edge type '%.*s'; did you mean '%s'? (or import with --declare)", IMP_SHOWN(ty), sg);
    else imp_error(I, t, col, "unknown edge type '%.*s' (import with --declare to declare it)", IMP_SHOWN(ty));
    return -1;
}

/* The edge's source ids: the cell split on ';' (SPEC 5), each trimmed and
 * found among the sources tables' ids; into e (graph arena).  Returns 0,
 * or -1 after reporting. */
static int imp_edge_sources(importer *I, const imp_table *t, int32_t **out, uint32_t *nout)
{
    *nout = 0;
    char *cell = imp_field(t, E_SOURCE);
    if (!cell || !*cell) return 0;
    size_t col = (size_t)t->at[E_SOURCE], cap = 1;
    for (const char *p = cell; *p; p++) cap += *p == ';';
    CG_GROW(I->sx, I->sx_cap, cap);
    int32_t *src = I->sx;
    uint32_t n = 0;
    int bad = 0;
    char *p = cell, *item;
    while ((item = cg_list_next(&p)) != NULL) {
        item = imp_trim(item);
        if (!*item) continue;
        size_t len = strlen(item);
        int32_t s = cg_idmap_get(&I->sources, item, len, cg_hash(item, len));
        if (s >= 0) { src[n++] = s; continue; }
        bad = 1;
        if (!imp_cell_ok(I, t, col, item)) continue;
        if (!cg_load_valid_id(item)) {
            imp_error(I, t, col, "source id '%.*s' is not a valid id (letters, digits and _ . : -; several are "
                      "separated by ';')", IMP_SHOWN(item));
            continue;
        }
        const char *sg = NULL;
        if (I->g->nsources <= 200000) {
            const char **ids = cg_xmalloc((I->g->nsources + 1) * sizeof *ids);
            for (size_t i = 0; i < I->g->nsources; i++) ids[i] = I->g->sources[i].id;
            sg = imp_suggest(I, item, ids, I->g->nsources);
            free(ids);
        }
        if (sg) imp_error(I, t, col, "unknown source '%.*s'; did you mean '%s'?", IMP_SHOWN(item), sg);
        else imp_error(I, t, col, "unknown source '%.*s'%s", IMP_SHOWN(item),
                       I->g->nsources ? "" : " (no sources table was given: a table with 'id' and 'title' columns)");
    }
    if (bad) return -1;
    *out = src;
    *nout = n;
    return 0;
}

static void imp_edge_row(importer *I, const imp_table *t)
{
    cg_graph *g = I->g;
    size_t errs = I->diag->nerrors;
    int32_t from = imp_end(I, t, E_FROM);
    int32_t to = imp_end(I, t, E_TO);
    int32_t tix = imp_type(I, t);
    const char *date = imp_date(I, t, E_DATE);
    cg_edge e;
    memset(&e, 0, sizeof e);
    int32_t *src = NULL;
    uint32_t ns = 0;
    if (imp_edge_sources(I, t, &src, &ns) < 0 || I->diag->nerrors > errs) return;
    e.from = from;
    e.to = to;
    e.type = g->types[tix].name;
    e.date = date;
    e.line = (uint32_t)t->csv.row;
    cg_attr *attrs = imp_attr_room(I, t);
    uint32_t na = imp_attrs(I, t, attrs);
    cg_edge_set_parts(g, &e, src, ns, attrs, na);
    CG_GROW(g->edges, g->edges_cap, g->nedges + 1);
    g->edges[g->nedges] = e;
    const cg_typedef *td = &g->types[tix];
    if ((td->nfrom || td->nto) && !cg_schema_allows(td, g->nodes[from].kind, g->nodes[to].kind)) {
        /* the schema's wording, with the column in front as every message here */
        cg_diag one;
        cg_diag_init(&one);
        cg_diag *keep = I->schema.diag;
        I->schema.diag = &one;
        cg_schema_loc at = { t->path, (int)t->csv.row, t->at[E_TYPE] + 1 };
        cg_schema_report_edge(&I->schema, g->nedges, td, &at);
        I->schema.diag = keep;
        if (one.count) imp_error(I, t, (size_t)t->at[E_TYPE], "%s", one.items[0].message);
        cg_diag_destroy(&one);
        return;
    }
    g->nedges++;
}

/* ---- tables ---- */

/* 1 if the row has no text in any cell (a spreadsheet's empty row). */
static int imp_row_empty(const cg_csv *c)
{
    for (size_t i = 0; i < c->ncells; i++)
        if (c->cells[i][0]) return 0;
    return 1;
}

/* 1 if the row has as many cells as the header, else 0 after reporting. */
static int imp_row_fits(importer *I, const imp_table *t)
{
    size_t n = t->csv.ncells;
    if (n == t->ncols) return 1;
    if (n < t->ncols)
        imp_error(I, t, n, "the row has %zu cell%s, the header %zu: this column and the ones after it are missing",
                  n, cg_s(n), t->ncols);
    else
        imp_error(I, t, t->ncols, "the row has %zu cells, the header %zu (this column has no header)", n, t->ncols);
    return 0;
}

/* Reads t's header and decides its shape.  Returns 0, or -1 after
 * reporting (the table is then skipped). */
static int imp_header(importer *I, imp_table *t)
{
    if (!cg_csv_next(&t->csv, I->diag) || imp_row_empty(&t->csv)) {
        cg_diag_add(I->diag, CG_ERROR, t->path, 1, 1, "the first row is empty: a table starts with its header "
                    "(a node table has 'id' and 'kind' columns, an edge table 'from', 'to' and 'type', a sources "
                    "table 'id' and 'title')");
        return -1;
    }
    size_t nc = t->csv.ncells;
    t->ncols = nc;
    t->cols = cg_xcalloc(nc ? nc : 1, sizeof *t->cols);
    int has[16] = { 0 };   /* id kind from to type title */
    for (size_t c = 0; c < nc; c++) {
        t->cols[c].name = imp_trim(t->csv.cells[c]);
        const char *h = t->cols[c].name;
        static const char *const probe[] = { "id", "kind", "from", "to", "type", "title" };
        for (int k = 0; k < 6; k++)
            if (strcasecmp(h, probe[k]) == 0) has[k] = 1;
    }
    if (has[0] && has[1]) t->shape = SHAPE_NODE;
    else if (has[2] && has[3] && has[4]) t->shape = SHAPE_EDGE;
    else if (has[0] && has[5]) t->shape = SHAPE_SOURCE;
    else {
        char list[400] = "";
        for (size_t c = 0; c < nc && strlen(list) < 300; c++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s'%.40s'", c ? ", " : "", t->cols[c].name);
        }
        int semi = nc == 1 && strchr(t->cols[0].name, ';');
        cg_diag_add(I->diag, CG_ERROR, t->path, 1, 1,
                    "the header fits no table: a node table has 'id' and 'kind' columns, an edge table 'from', 'to' "
                    "and 'type', a sources table 'id' and 'title' (this header: %s)%s", list,
                    semi ? "; the cells are separated by ';', as a spreadsheet in a locale with a decimal comma "
                           "writes them: export with ',' as the separator" : "");
        return -1;
    }
    const char *const *fields = t->shape == SHAPE_NODE ? imp_node_fields
                              : t->shape == SHAPE_EDGE ? imp_edge_fields : imp_source_fields;
    for (int f = 0; f < IMP_MAX_FIELDS; f++) t->at[f] = -1;
    int ok = 1;
    for (size_t c = 0; c < nc; c++) {
        imp_col *col = &t->cols[c];
        col->field = F_ATTR;
        for (int f = 0; fields[f]; f++)
            if (strcasecmp(col->name, fields[f]) == 0) col->field = f;
        if (t->shape == SHAPE_SOURCE && col->field == S_EDGES) col->field = F_IGNORED;  /* casegraph's count */
        if (!imp_cell_ok(I, t, c, col->name)) { ok = 0; continue; }
        if (!*col->name) { col->field = F_IGNORED; col->key = NULL; continue; }   /* checked per row */
        for (size_t p = 0; p < c; p++) {
            int same = col->field >= 0 ? t->cols[p].field == col->field
                                       : t->cols[p].field == F_ATTR && strcmp(t->cols[p].name, col->name) == 0;
            if (same && (col->field != F_IGNORED)) {
                imp_error(I, t, c, "the header names this column twice (also column %zu)", p + 1);
                ok = 0;
            }
        }
        if (col->field >= 0) {
            t->at[col->field] = (int)c;
        } else if (col->field == F_ATTR) {
            if (strlen(col->name) > CG_MAX_ID_LEN) {
                imp_error(I, t, c, "the attribute name is %zu bytes long; the limit is %d", strlen(col->name), CG_MAX_ID_LEN);
                ok = 0;
                continue;
            }
            col->key = cg_strpool_intern_cstr(&I->g->strings, col->name);
            t->nattr++;
        }
    }
    return ok ? 0 : -1;
}

/* Reads every row of t (its header read). */
static void imp_rows(importer *I, imp_table *t)
{
    while (cg_csv_next(&t->csv, I->diag)) {   /* every row: errors past the limit are counted */
        if (imp_row_empty(&t->csv)) continue;
        if (!imp_row_fits(I, t)) continue;
        int named = 1;
        for (size_t c = 0; c < t->ncols; c++)
            if (!t->cols[c].name[0] && t->csv.cells[c][0]) {
                imp_error(I, t, c, "the cell is in a column with no name in the header");
                named = 0;
            }
        if (!named) continue;
        switch (t->shape) {
        case SHAPE_NODE: imp_node_row(I, t); break;
        case SHAPE_SOURCE: imp_source_row(I, t); break;
        case SHAPE_EDGE: imp_edge_row(I, t); break;
        }
    }
}

/* 1 if path ends in ext (".csv"), any case. */
static int imp_has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

void cg_import_buffers_free(cg_import_bufs *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->n; i++) {
        cg_csv_close(&b->t[i].csv);
        free(b->t[i].cols);
    }
    free(b->t);
    free(b);
}

/* cg_import_read of the files paths[0..npaths), or (data not NULL) of the
 * tables in memory data[i], len[i] bytes, named paths[i]. */
static cg_graph *imp_read(const char *const *paths, const char *const *data, const size_t *len, size_t npaths,
                          const cg_import_opts *o, cg_diag *d, cg_import_bufs **bufs)
{
    importer I;
    memset(&I, 0, sizeof I);
    d->no_source = 1;
    I.diag = d;
    I.declare = o && o->declare;
    I.g = cg_graph_new();
    cg_schema_declare_builtins(I.g);
    cg_schema_init(&I.schema, I.g, d);
    cg_import_bufs *b = cg_xcalloc(1, sizeof *b);
    b->t = cg_xcalloc(npaths ? npaths : 1, sizeof *b->t);
    *bufs = b;
    int *ready = cg_xcalloc(npaths ? npaths : 1, sizeof *ready);
    for (size_t i = 0; i < npaths; i++) {
        imp_table *t = &b->t[b->n++];
        t->path = paths[i];
        int tsv = imp_has_ext(paths[i], ".tsv");
        int rc = data ? cg_csv_open_buffer(&t->csv, paths[i], data[i], len[i], tsv, d)
                      : cg_csv_open(&t->csv, paths[i], tsv, d);
        if (rc < 0) continue;
        ready[i] = imp_header(&I, t) == 0;
    }
    /* nodes first, then sources, then edges: every reference is then to
     * something already read, whatever the order of the files */
    static const imp_shape order[] = { SHAPE_NODE, SHAPE_SOURCE, SHAPE_EDGE };
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < b->n; i++)
            if (ready[i] && b->t[i].shape == order[k]) imp_rows(&I, &b->t[i]);
    free(ready);
    cg_idmap_destroy(&I.nodes);
    cg_idmap_destroy(&I.sources);
    free(I.nloc);
    free(I.sx);
    free(I.sloc);
    cg_schema_destroy(&I.schema);
    if (d->nerrors) {
        cg_graph_free(I.g);
        return NULL;
    }
    return I.g;
}

cg_graph *cg_import_read(const char *const *paths, size_t npaths, const cg_import_opts *o, cg_diag *d,
                         cg_import_bufs **bufs)
{
    return imp_read(paths, NULL, NULL, npaths, o, d, bufs);
}

cg_graph *cg_import_read_buffers(const char *const *names, const char *const *data, const size_t *len, size_t n,
                                 const cg_import_opts *o, cg_diag *d, cg_import_bufs **bufs)
{
    return imp_read(names, data, len, n, o, d, bufs);
}

/* ---- the subcommand ---- */

static void imp_usage(FILE *out)
{
    fputs("usage: casegraph import [--declare] [-O FILE] FILE...\n"
          "Turn spreadsheets into one casegraph YAML file (standard output, or FILE).\n"
          "\n"
          "  FILE            a .csv (RFC 4180) or .tsv table, UTF-8 (a BOM is fine), known\n"
          "                  by its header: 'id' and 'kind' make a node table; 'from', 'to'\n"
          "                  and 'type' an edge table; 'id' and 'title' a sources table.\n"
          "                  Other columns are attributes; aliases and source split on ';'.\n"
          "      --declare   declare unknown kinds and types instead of failing\n"
          "  -O FILE         write FILE (whole or not at all) instead of standard output\n"
          "  -h, --help      this help\n"
          "\n"
          "A .ods or .xlsx file: convert it first, one sheet per CSV file:\n"
          "  soffice --headless --convert-to csv FILE.ods\n"
          "Every problem is reported as FILE:ROW:COL (the spreadsheet's row and column\n"
          "numbers) and nothing is written.  Exit status: 0 written, 2 usage error or\n"
          "an unwritable output, 3 a problem in the spreadsheets.\n", out);
}

typedef struct imp_write_ctx {
    const cg_graph *g;
} imp_write_ctx;

static int imp_write(FILE *f, void *ctx, cg_error *err)
{
    const imp_write_ctx *w = ctx;
    return cg_export_yaml(f, w->g, NULL, NULL, err);
}

/* 1 if path and out name the same file. */
static int imp_same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

int cg_import_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "declare", no_argument, NULL, 'D' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    cg_import_opts o = { 0 };
    const char *out = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":O:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': o.declare = 1; break;
        case 'O': out = optarg; break;
        case 'h': imp_usage(stdout); return 0;
        case ':':
            fprintf(stderr, "casegraph import: option '%s' needs an argument\nTry 'casegraph import --help'.\n",
                    argv[optind - 1]);
            return 2;
        default:
            if (optopt) {
                fprintf(stderr, "casegraph import: unknown option '-%c'\n", optopt);
            } else {
                fputs("casegraph import: unknown option '", stderr);
                cg_fputs_safe(argv[optind - 1], stderr);
                fputs("'\n", stderr);
            }
            fputs("Try 'casegraph import --help'.\n", stderr);
            return 2;
        }
    }
    const char *const *paths = (const char *const *)argv + optind;
    size_t npaths = (size_t)(argc - optind);
    if (npaths == 0) {
        fputs("casegraph import: no spreadsheet given (FILE.csv or FILE.tsv)\nTry 'casegraph import --help'.\n", stderr);
        return 2;
    }
    for (size_t i = 0; i < npaths; i++) {
        const char *p = paths[i];
        if (imp_has_ext(p, ".csv") || imp_has_ext(p, ".tsv")) {
            if (out && imp_same_file(p, out)) {
                fputs("casegraph import: -O '", stderr);
                cg_fputs_safe(out, stderr);
                fputs("' is one of the spreadsheets read; choose another file\n", stderr);
                return 2;
            }
            continue;
        }
        fputs("casegraph import: '", stderr);
        cg_fputs_safe(p, stderr);
        if (imp_has_ext(p, ".ods") || imp_has_ext(p, ".xlsx") || imp_has_ext(p, ".xls"))
            fputs("' is a spreadsheet's own format; convert each sheet to CSV first:\n"
                  "  soffice --headless --convert-to csv FILE\n", stderr);
        else
            fputs("' is neither .csv nor .tsv (the extension says which)\n", stderr);
        return 2;
    }
    cg_diag d;
    cg_diag_init(&d);
    cg_import_bufs *bufs = NULL;
    cg_graph *g = cg_import_read(paths, npaths, &o, &d, &bufs);
    cg_diag_print(&d, stderr);
    cg_diag_destroy(&d);
    int status = 0;
    if (!g) {
        status = 3;
        goto out;
    }
    cg_error err;
    cg_error_clear(&err);
    imp_write_ctx w = { g };
    if (out) {
        if (cg_atomic_write(out, imp_write, &w, NULL, &err) < 0) {
            fputs("casegraph import: ", stderr);
            cg_fputs_safe(err.msg, stderr);
            fputc('\n', stderr);
            status = 2;
        }
    } else if (cg_export_yaml(stdout, g, NULL, NULL, &err) < 0 || fflush(stdout) != 0) {
        fputs("casegraph import: ", stderr);
        cg_fputs_safe(err.set ? err.msg : "cannot write standard output", stderr);
        fputc('\n', stderr);
        status = 2;
    }
out:
    cg_graph_free(g);
    cg_import_buffers_free(bufs);
    return status;
}
