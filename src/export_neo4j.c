/* export_neo4j.c - the files of `neo4j-admin database import full`
 * (SPEC 11): a node file per kind, a relationship file per type, the
 * sources, and import.txt with the exact command.
 *
 *   nodes_senator.csv      "id:ID(node)","name","aliases:string[]","party","seats:long",":LABEL"
 *   relationships_sued.csv ":START_ID(node)",":END_ID(node)",":TYPE","date","source:string[]","note"
 *   sources.csv            "id:ID(source)","title",...,":LABEL"      (label Source)
 *   import.txt             the command, the constraints to create after it
 *
 * Node ids and source ids are two ID spaces (a node and a source may share
 * an id).  Every text field is double-quoted with `"` doubled; numbers and
 * booleans are bare; a missing value is an empty field (no property).  A
 * column's type is `long`, `double` or `boolean` when every value in that
 * file has that type (as the JSON export types them), else `string`.
 * Arrays (aliases, source) use the first of ; | ^ ~ U+001F U+001E U+001D
 * U+001C that occurs in no value written; `--multiline-fields=true` is in
 * the command when a value holds a line break.  The files, in the graph's
 * order of kinds, types, nodes and edges, are the same bytes for the same
 * graph.  The directory itself is written whole by export.c (atomic.h).
 */
#include "exporters.h"

#include <stdlib.h>
#include <string.h>

/* One column of attributes: its key and the type written in the header. */
typedef struct neo_col {
    const char *key;
    cg_valtype type;
    int mixed;           /* values of several types: string */
} neo_col;

typedef struct neo_ctx {
    const cg_graph *g;
    const cg_selection *s;
    const cg_neo4j_sink *sink;
    const cg_write_opts *o;
    cg_error *err;
    char delim;                 /* the array delimiter (a byte: all candidates are ASCII) */
    int multiline;
    size_t written;             /* records, for the cancel poll */
    cg_buf names;               /* the file names used, NUL-separated (uniqueness) */
    cg_buf cmd;                 /* import.txt's --nodes/--relationships lines */
} neo_ctx;

static const struct { char c; const char *arg; } neo_delims[] = {
    { ';', "';'" }, { '|', "'|'" }, { '^', "'^'" }, { '~', "'~'" },
    { '\x1f', "U+001F" }, { '\x1e', "U+001E" }, { '\x1d', "U+001D" }, { '\x1c', "U+001C" },
};
#define NEO_NDELIMS (sizeof neo_delims / sizeof neo_delims[0])

/* Notes which candidate delimiters and line breaks occur in s. */
static void neo_scan(const char *s, unsigned *seen, int *multiline)
{
    if (!s) return;
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r') *multiline = 1;
        for (size_t i = 0; i < NEO_NDELIMS; i++)
            if (*s == neo_delims[i].c) *seen |= 1u << i;
    }
}

static void neo_scan_attrs(const cg_attr *a, uint32_t n, unsigned *seen, int *ml)
{
    for (uint32_t i = 0; i < n; i++) {
        neo_scan(a[i].key, seen, ml);
        neo_scan(a[i].text, seen, ml);
    }
}

/* Writes s as a quoted CSV field. */
static void neo_quoted(FILE *f, const char *s)
{
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"') putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

/* A header field "NAME:TYPE" (TYPE NULL: "NAME"), quoted. */
static void neo_head(FILE *f, int first, const char *name, const char *type)
{
    if (!first) putc(',', f);
    putc('"', f);
    for (const char *p = name; *p; p++) {
        if (*p == '"') putc('"', f);
        putc(*p, f);
    }
    if (type) fprintf(f, ":%s", type);
    putc('"', f);
}

static const char *neo_type_name(cg_valtype t)
{
    switch (t) {
    case CG_VAL_INT: return "long";
    case CG_VAL_DOUBLE: return "double";
    case CG_VAL_BOOL: return "boolean";
    default: return NULL;     /* string, the default: no type in the header */
    }
}

static int neo_col_cmp(const void *a, const void *b)
{
    return strcmp(((const neo_col *)a)->key, ((const neo_col *)b)->key);
}

/* The type attribute a is written with: is_edge 0/1 as the JSON export;
 * -1, a source's own, by its text. */
static cg_valtype neo_attr_type(const cg_graph *g, int is_edge, const cg_attr *a)
{
    if (is_edge < 0) return a->plain ? cg_classify_scalar(a->text) : CG_VAL_TEXT;
    return cg_writer_attr_type(g, is_edge, a);
}

/* Adds a's keys to the columns cols[0..*n) (cap *cap), typing them. */
static void neo_add_cols(neo_col **cols, size_t *n, size_t *cap, const cg_graph *g, int is_edge, const cg_attr *a,
                         uint32_t na)
{
    for (uint32_t i = 0; i < na; i++) {
        cg_valtype t = neo_attr_type(g, is_edge, &a[i]);
        size_t j;
        for (j = 0; j < *n; j++)
            if ((*cols)[j].key == a[i].key || strcmp((*cols)[j].key, a[i].key) == 0) break;
        if (j < *n) {
            if ((*cols)[j].type != t) (*cols)[j].mixed = 1;
            continue;
        }
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 8;
            *cols = cg_xrealloc(*cols, *cap * sizeof **cols);
        }
        (*cols)[(*n)++] = (neo_col){ a[i].key, t, 0 };
    }
}

/* Checks the column keys can be header names (no ':', which the header
 * reads as the start of a type); -1 with err set. */
static int neo_check_cols(neo_ctx *c, const neo_col *cols, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        if (strchr(cols[i].key, ':')) {
            char shown[128];
            cg_escape_safe(cols[i].key, shown, sizeof shown);
            cg_error_set(c->err, 0, "cannot write the Neo4j import files: %s attribute '%s' has a ':' in its "
                         "name, which the import header reads as a type; rename it (or use .cypher)", what, shown);
            return -1;
        }
    }
    return 0;
}

/* Writes one typed value of column col (its header type) to f. */
static void neo_value(FILE *f, const neo_col *col, const cg_graph *g, int is_edge, const cg_attr *a)
{
    if (!a) return;           /* no property */
    cg_valtype t = col->mixed ? CG_VAL_TEXT : neo_attr_type(g, is_edge, a);
    if (t == CG_VAL_TEXT) {
        neo_quoted(f, a->text);
        return;
    }
    char num[64];
    cg_writer_number(a->text, t, num, sizeof num);
    fputs(num, f);
}

static const cg_attr *neo_find(const cg_attr *a, uint32_t n, const char *key)
{
    for (uint32_t i = 0; i < n; i++)
        if (a[i].key == key || strcmp(a[i].key, key) == 0) return &a[i];
    return NULL;
}

/* A quoted array field of n strings (empty field when n is 0). */
static void neo_array(neo_ctx *c, FILE *f, const char *const *items, const int32_t *srcs, uint32_t n)
{
    if (!n) return;
    putc('"', f);
    for (uint32_t i = 0; i < n; i++) {
        if (i) putc(c->delim, f);
        const char *s = items ? items[i] : c->g->sources[srcs[i]].id;
        for (; *s; s++) {
            if (*s == '"') putc('"', f);
            putc(*s, f);
        }
    }
    putc('"', f);
}

/* The file name PREFIX_WORD.csv for a kind or type: WORD with every byte
 * other than [A-Za-z0-9_.-] as '_', and `_2`, `_3`, ... when that name is
 * taken already.  Returns a malloc'd name, remembered in c->names. */
static char *neo_file_name(neo_ctx *c, const char *prefix, const char *word)
{
    cg_buf base;
    cg_buf_init(&base);
    cg_buf_printf(&base, "%s_", prefix);
    for (const char *p = word; *p; p++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                 ch == '-' || (ch == '.' && p != word);
        cg_buf_putc(&base, ok ? ch : '_');
    }
    for (int k = 1;; k++) {
        cg_buf name;
        cg_buf_init(&name);
        if (k == 1) cg_buf_printf(&name, "%s.csv", base.data);
        else cg_buf_printf(&name, "%s_%d.csv", base.data, k);
        int taken = 0;
        for (size_t off = 0; off < c->names.len; off += strlen(c->names.data + off) + 1)
            if (strcmp(c->names.data + off, name.data) == 0) taken = 1;
        if (!taken) {
            cg_buf_append(&c->names, name.data, name.len + 1);
            cg_buf_destroy(&base);
            return name.data;
        }
        cg_buf_destroy(&name);
    }
}

/* Appends `  --FLAG=DIR/NAME \` to import.txt's command. */
static void neo_cmd_file(neo_ctx *c, const char *flag, const char *name)
{
    cg_buf_printf(&c->cmd, "  --%s=%s/%s \\\n", flag, c->sink->dir_shown, name);
}

static int neo_open(neo_ctx *c, const char *name, FILE **f)
{
    *f = c->sink->open(c->sink->ctx, name, c->err);
    return *f ? 0 : -1;
}

static int neo_close(neo_ctx *c, FILE *f)
{
    if (ferror(f) && !c->err->set) cg_error_set(c->err, 0, "write error");
    return c->sink->close(c->sink->ctx, f, c->err);
}

/* The nodes of kind `kind` in the selection into their file.  0 or -1. */
static int neo_kind_file(neo_ctx *c, const char *kind)
{
    const cg_graph *g = c->g;
    const cg_selection *s = c->s;
    neo_col *cols = NULL;
    size_t ncols = 0, cap = 0, count = 0;
    int rc = -1;
    FILE *f = NULL;
    char *name = NULL;
    for (size_t i = 0; i < s->nnodes; i++) {
        const cg_node *n = &g->nodes[s->nodes[i]];
        if (strcmp(n->kind, kind) != 0) continue;
        count++;
        neo_add_cols(&cols, &ncols, &cap, g, 0, n->attrs, n->nattrs);
    }
    if (!count) { rc = 0; goto out; }
    if (ncols > 1) qsort(cols, ncols, sizeof *cols, neo_col_cmp);
    if (neo_check_cols(c, cols, ncols, "node") < 0) goto out;
    name = neo_file_name(c, "nodes", kind);
    if (neo_open(c, name, &f) < 0) goto out;
    neo_head(f, 1, "id", "ID(node)");
    neo_head(f, 0, "name", NULL);
    neo_head(f, 0, "aliases", "string[]");
    for (size_t k = 0; k < ncols; k++) neo_head(f, 0, cols[k].key, cols[k].mixed ? NULL : neo_type_name(cols[k].type));
    neo_head(f, 0, "", "LABEL");
    putc('\n', f);
    for (size_t i = 0; i < s->nnodes; i++) {
        const cg_node *n = &g->nodes[s->nodes[i]];
        if (strcmp(n->kind, kind) != 0) continue;
        if (cg_writer_cancelled(c->o, ++c->written, c->err)) goto out;
        neo_quoted(f, n->id);
        putc(',', f);
        neo_quoted(f, n->name ? n->name : n->id);
        putc(',', f);
        neo_array(c, f, n->aliases, NULL, n->naliases);
        for (size_t k = 0; k < ncols; k++) {
            putc(',', f);
            neo_value(f, &cols[k], g, 0, neo_find(n->attrs, n->nattrs, cols[k].key));
        }
        putc(',', f);
        neo_quoted(f, kind);
        putc('\n', f);
    }
    neo_cmd_file(c, "nodes", name);
    rc = 0;
out:
    if (f && neo_close(c, f) < 0) rc = -1;
    free(cols);
    free(name);
    return rc;
}

/* The edges of type `type` in the selection into their file.  0 or -1. */
static int neo_type_file(neo_ctx *c, const char *type)
{
    const cg_graph *g = c->g;
    const cg_selection *s = c->s;
    neo_col *cols = NULL;
    size_t ncols = 0, cap = 0, count = 0;
    int rc = -1;
    FILE *f = NULL;
    char *name = NULL;
    for (size_t i = 0; i < s->nedges; i++) {
        const cg_edge *e = &g->edges[s->edges[i]];
        if (strcmp(e->type, type) != 0) continue;
        count++;
        neo_add_cols(&cols, &ncols, &cap, g, 1, cg_edge_attrs(e), e->nattrs);
    }
    if (!count) { rc = 0; goto out; }
    if (ncols > 1) qsort(cols, ncols, sizeof *cols, neo_col_cmp);
    if (neo_check_cols(c, cols, ncols, "edge") < 0) goto out;
    name = neo_file_name(c, "relationships", type);
    if (neo_open(c, name, &f) < 0) goto out;
    neo_head(f, 1, "", "START_ID(node)");
    neo_head(f, 0, "", "END_ID(node)");
    neo_head(f, 0, "", "TYPE");
    neo_head(f, 0, "date", NULL);
    neo_head(f, 0, "source", "string[]");
    for (size_t k = 0; k < ncols; k++) neo_head(f, 0, cols[k].key, cols[k].mixed ? NULL : neo_type_name(cols[k].type));
    putc('\n', f);
    for (size_t i = 0; i < s->nedges; i++) {
        const cg_edge *e = &g->edges[s->edges[i]];
        if (strcmp(e->type, type) != 0) continue;
        if (cg_writer_cancelled(c->o, ++c->written, c->err)) goto out;
        neo_quoted(f, g->nodes[e->from].id);
        putc(',', f);
        neo_quoted(f, g->nodes[e->to].id);
        putc(',', f);
        neo_quoted(f, type);
        putc(',', f);
        if (e->date) neo_quoted(f, e->date);
        putc(',', f);
        neo_array(c, f, NULL, cg_edge_sources(e), e->nsources);
        for (size_t k = 0; k < ncols; k++) {
            putc(',', f);
            neo_value(f, &cols[k], g, 1, neo_find(cg_edge_attrs(e), e->nattrs, cols[k].key));
        }
        putc('\n', f);
    }
    neo_cmd_file(c, "relationships", name);
    rc = 0;
out:
    if (f && neo_close(c, f) < 0) rc = -1;
    free(cols);
    free(name);
    return rc;
}

/* The cited sources (all of them for the whole graph) into sources.csv.
 * Returns how many (0: no file), or -1. */
static long neo_sources_file(neo_ctx *c, const unsigned char *cited)
{
    const cg_graph *g = c->g;
    static const char *const fields[] = { "title", "publisher", "date", "url", "file", "note" };
    neo_col *cols = NULL;
    size_t ncols = 0, cap = 0;
    long count = 0;
    FILE *f = NULL;
    for (size_t i = 0; i < g->nsources; i++) {
        if (!cited[i]) continue;
        count++;
        neo_add_cols(&cols, &ncols, &cap, g, -1, g->sources[i].attrs, g->sources[i].nattrs);
    }
    if (!count) goto out;
    if (ncols > 1) qsort(cols, ncols, sizeof *cols, neo_col_cmp);
    if (neo_check_cols(c, cols, ncols, "source") < 0) { count = -1; goto out; }
    cg_buf_append(&c->names, "sources.csv", sizeof "sources.csv");
    if (neo_open(c, "sources.csv", &f) < 0) { count = -1; goto out; }
    neo_head(f, 1, "id", "ID(source)");
    for (size_t k = 0; k < 6; k++) neo_head(f, 0, fields[k], NULL);
    for (size_t k = 0; k < ncols; k++) neo_head(f, 0, cols[k].key, cols[k].mixed ? NULL : neo_type_name(cols[k].type));
    neo_head(f, 0, "", "LABEL");
    putc('\n', f);
    for (size_t i = 0; i < g->nsources; i++) {
        if (!cited[i]) continue;
        if (cg_writer_cancelled(c->o, ++c->written, c->err)) { count = -1; goto out; }
        const cg_source *src = &g->sources[i];
        const char *v[6] = { src->title, src->publisher, src->date, src->url, src->file, src->note };
        neo_quoted(f, src->id);
        for (size_t k = 0; k < 6; k++) {
            putc(',', f);
            if (v[k]) neo_quoted(f, v[k]);
        }
        for (size_t k = 0; k < ncols; k++) {
            putc(',', f);
            neo_value(f, &cols[k], g, -1, neo_find(src->attrs, src->nattrs, cols[k].key));
        }
        fputs(",\"Source\"\n", f);
    }
    neo_cmd_file(c, "nodes", "sources.csv");
out:
    if (f && neo_close(c, f) < 0) count = -1;
    free(cols);
    return count;
}

/* import.txt: the command and the constraints. */
static int neo_import_txt(neo_ctx *c, size_t di, long nsrc, const unsigned char *kind_used)
{
    FILE *f;
    if (neo_open(c, "import.txt", &f) < 0) return -1;
    fprintf(f, "# casegraph export for Neo4j 5: %zu nodes, %zu relationships, %ld sources.\n", c->s->nnodes,
            c->s->nedges, nsrc);
    fputs("# Stop the DBMS (or use a database that does not exist yet), then run this from\n"
          "# the directory that holds this one (add --overwrite-destination=true to replace\n"
          "# an existing database; name another database than neo4j at the end if you like):\n\n", f);
    fprintf(f, "neo4j-admin database import full --array-delimiter=%s%s \\\n", neo_delims[di].arg,
            c->multiline ? " --multiline-fields=true" : "");
    fwrite(c->cmd.data, 1, c->cmd.len, f);
    fputs("  neo4j\n\n# Then, in cypher-shell, the constraints on id (one per label):\n", f);
    for (size_t k = 0; k < c->g->nkinds; k++) {
        if (!kind_used[k]) continue;
        fputs("#   CREATE CONSTRAINT IF NOT EXISTS FOR (n:", f);
        cg_export_cypher_name(f, c->g->kinds[k]);
        fputs(") REQUIRE n.id IS UNIQUE;\n", f);
    }
    if (nsrc) fputs("#   CREATE CONSTRAINT IF NOT EXISTS FOR (n:`Source`) REQUIRE n.id IS UNIQUE;\n", f);
    return neo_close(c, f);
}

int cg_export_neo4j(const cg_neo4j_sink *sink, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o,
                    cg_error *err)
{
    int rc = -1;
    cg_selection all;
    const cg_selection *s = cg_selection_view(g, sel, &all);
    unsigned char *cited = cg_xcalloc(g->nsources + 1, 1);
    unsigned char *kind_used = cg_xcalloc(g->nkinds + 1, 1);
    unsigned char *type_used = cg_xcalloc(g->ntypes + 1, 1);
    neo_ctx c = { g, s, sink, o, err, 0, 0, 0, { 0 }, { 0 } };
    cg_buf_init(&c.names);
    cg_buf_init(&c.cmd);
    cg_buf_append(&c.names, "import.txt", sizeof "import.txt");

    /* what is written, and which delimiter no value holds */
    unsigned seen = 0;
    for (size_t i = 0; i < s->nnodes; i++) {
        const cg_node *n = &g->nodes[s->nodes[i]];
        int k = cg_graph_find_kind(g, n->kind);
        if (k >= 0) kind_used[k] = 1;
        neo_scan(n->kind, &seen, &c.multiline);
        neo_scan(n->id, &seen, &c.multiline);
        neo_scan(n->name, &seen, &c.multiline);
        for (uint32_t a = 0; a < n->naliases; a++) neo_scan(n->aliases[a], &seen, &c.multiline);
        neo_scan_attrs(n->attrs, n->nattrs, &seen, &c.multiline);
    }
    for (size_t i = 0; i < s->nedges; i++) {
        const cg_edge *e = &g->edges[s->edges[i]];
        int t = cg_graph_find_type(g, e->type);
        if (t >= 0) type_used[t] = 1;
        for (uint32_t k = 0; k < e->nsources; k++) cited[cg_edge_sources(e)[k]] = 1;
        neo_scan_attrs(cg_edge_attrs(e), e->nattrs, &seen, &c.multiline);
    }
    long nsrc = 0;
    for (size_t i = 0; i < g->nsources; i++) {
        if (!sel) cited[i] = 1;
        if (!cited[i]) continue;
        const cg_source *src = &g->sources[i];
        const char *v[7] = { src->id, src->title, src->publisher, src->date, src->url, src->file, src->note };
        for (size_t k = 0; k < 7; k++) neo_scan(v[k], &seen, &c.multiline);
        neo_scan_attrs(src->attrs, src->nattrs, &seen, &c.multiline);
    }
    size_t di = 0;
    while (di < NEO_NDELIMS && (seen & (1u << di))) di++;
    if (di == NEO_NDELIMS) {
        cg_error_set(err, 0, "cannot write the Neo4j import files: every array delimiter casegraph can choose "
                     "(; | ^ ~ U+001F U+001E U+001D U+001C) occurs in the graph's text");
        goto out;
    }
    c.delim = neo_delims[di].c;

    for (size_t k = 0; k < g->nkinds; k++)
        if (kind_used[k] && neo_kind_file(&c, g->kinds[k]) < 0) goto out;
    if ((nsrc = neo_sources_file(&c, cited)) < 0) goto out;
    for (size_t t = 0; t < g->ntypes; t++)
        if (type_used[t] && neo_type_file(&c, g->types[t].name) < 0) goto out;
    if (neo_import_txt(&c, di, nsrc, kind_used) < 0) goto out;
    rc = 0;
out:
    cg_buf_destroy(&c.names);
    cg_buf_destroy(&c.cmd);
    free(cited);
    free(kind_used);
    free(type_used);
    cg_selection_destroy(&all);
    return rc;
}
