/* export_graphml.c - GraphML 1.1 (SPEC 6), valid against the schema.
 *
 * Keys: for nodes `kind`, `name`, `aliases` (a JSON array as text, only when
 * there are aliases) and one key per attribute; for edges `type`, `date`,
 * `source` (one source id, or a JSON array of ids as text when there are
 * several; absent when none) and one key per attribute.  Attribute keys are
 * typed long / double / boolean / string by the key's type across the graph;
 * their ids are d_n_KEY / d_e_KEY (d_nN / d_eN when KEY is not a plain ASCII
 * word), so a node and an edge attribute of the same name never clash.  The
 * schema wants attr.name to be an XML name token: a key with other
 * characters (a space, say) is written with each of them as '_' (made unique
 * with _2, _3, ...) and its real name in the key's <desc>.
 *
 * Node ids are the casegraph ids.  Text that XML 1.0 cannot hold (control
 * characters other than tab, CR and LF, U+FFFE, U+FFFF, invalid UTF-8) is an
 * error naming the node or edge and the attribute; nothing is written.
 */
#include "exporters.h"

#include <stdlib.h>
#include <string.h>

typedef struct gm_key {
    const char *key;       /* the casegraph key */
    cg_valtype type;
    char *id;              /* <key id> */
    char *name;            /* attr.name */
    int mangled;
} gm_key;

typedef struct gm_ctx {
    FILE *f;
    const cg_graph *g;
    cg_error *err;
    cg_buf tmp;
} gm_ctx;

/* 1 if code point c may appear in an XML 1.0 document. */
static int xml_char_ok(uint32_t c)
{
    if (c == 0x9 || c == 0xA || c == 0xD) return 1;
    if (c < 0x20) return 0;
    if (c >= 0xD800 && c <= 0xDFFF) return 0;
    if (c == 0xFFFE || c == 0xFFFF) return 0;
    return c <= 0x10FFFF;
}

/* 1 if s is valid UTF-8 made of XML 1.0 characters only (fast path: ASCII
 * text without control characters). */
static int xml_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if (*p >= 0x80) break;
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') return 0;
    }
    size_t n = strlen((const char *)p);
    while (n > 0) {
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0 || !xml_char_ok(cp)) return 0;
        p += len; n -= (size_t)len;
    }
    return 1;
}

/* Checks s for text XML 1.0 cannot hold.  Returns 0, or -1 with err set
 * naming `where` (e.g. "node 'x' attribute 'note'"). */
static int xml_check(const char *s, cg_error *err, const char *where)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) {
            cg_error_set(err, 0, "cannot write GraphML: %s is not valid UTF-8 (byte 0x%02X)", where, p[0]);
            return -1;
        }
        if (!xml_char_ok(cp)) {
            cg_error_set(err, 0, "cannot write GraphML: %s holds U+%04X, a character XML 1.0 cannot represent",
                         where, (unsigned)cp);
            return -1;
        }
        p += len; n -= (size_t)len;
    }
    return 0;
}

/* Writes s escaped for XML character data (attr 0) or a double-quoted
 * attribute value (attr 1).  CR is always written as &#13; and in attributes
 * tab and LF as character references, so parsers give back the same text. */
static void xml_put(FILE *f, const char *s, int attr)
{
    const char *run = s;
    for (const char *p = s;; p++) {
        const char *rep;
        switch (*p) {
        case '\0': fwrite(run, 1, (size_t)(p - run), f); return;
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\r': rep = "&#13;"; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        default: rep = NULL;
        }
        if (!rep) continue;
        fwrite(run, 1, (size_t)(p - run), f);
        fputs(rep, f);
        run = p + 1;
    }
}

/* The description of a node's or edge's field for error messages, in
 * c->tmp (escaped so it prints safely). */
static const char *where_node(gm_ctx *c, int32_t n, const char *field)
{
    char id[600], fl[600];
    cg_escape_safe(c->g->nodes[n].id, id, sizeof id);
    cg_escape_safe(field, fl, sizeof fl);
    cg_buf_reset(&c->tmp);
    cg_buf_printf(&c->tmp, "node '%s' %s", id, fl);
    return c->tmp.data;
}

static const char *where_edge(gm_ctx *c, int32_t e, const char *field)
{
    const cg_edge *ed = &c->g->edges[e];
    char from[600], to[600], ty[600], fl[600];
    cg_escape_safe(c->g->nodes[ed->from].id, from, sizeof from);
    cg_escape_safe(c->g->nodes[ed->to].id, to, sizeof to);
    cg_escape_safe(ed->type, ty, sizeof ty);
    cg_escape_safe(field, fl, sizeof fl);
    cg_buf_reset(&c->tmp);
    cg_buf_printf(&c->tmp, "edge %s -[%s]-> %s %s", from, ty, to, fl);
    return c->tmp.data;
}

/* Checks text s; only when it is bad is the description `where` (an
 * expression that formats into c.tmp) computed. */
#define XML_CHECK(s, err, where) (xml_ok(s) ? 0 : xml_check((s), (err), (where)))

/* <data key="KEY">VALUE</data> */
static void put_data(gm_ctx *c, const char *indent, const char *key, const char *value)
{
    fprintf(c->f, "%s<data key=\"%s\">", indent, key);
    xml_put(c->f, value, 0);
    fputs("</data>\n", c->f);
}

/* 1 if c is an ASCII character of an XML name token. */
static int nmtoken_ascii(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-' || ch == '.' || ch == ':';
}

/* 1 if code point cp (>= 0x80) is an XML 1.0 (fifth edition) NameChar. */
static int namechar_wide(uint32_t cp)
{
    return cp == 0xB7 || (cp >= 0xC0 && cp <= 0xD6) || (cp >= 0xD8 && cp <= 0xF6) ||
           (cp >= 0xF8 && cp <= 0x37D) || (cp >= 0x37F && cp <= 0x1FFF) ||
           (cp >= 0x200C && cp <= 0x200D) || (cp >= 0x203F && cp <= 0x2040) ||
           (cp >= 0x2070 && cp <= 0x218F) || (cp >= 0x2C00 && cp <= 0x2FEF) ||
           (cp >= 0x3001 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFDCF) ||
           (cp >= 0xFDF0 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0xEFFFF);
}

/* The attr.name for key: the key itself when it is a name token, else the
 * key with every other character replaced by '_' (*mangled set).  malloc'd. */
static char *nmtoken_of(const char *key, int *mangled)
{
    cg_buf b;
    cg_buf_init(&b);
    *mangled = 0;
    const unsigned char *p = (const unsigned char *)key;
    size_t n = strlen(key);
    while (n > 0) {
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) { cg_buf_putc(&b, '_'); *mangled = 1; p++; n--; continue; }
        if ((cp < 0x80 && nmtoken_ascii((unsigned char)cp)) || (cp >= 0x80 && namechar_wide(cp)))
            cg_buf_append(&b, (const char *)p, (size_t)len);
        else { cg_buf_putc(&b, '_'); *mangled = 1; }
        p += len; n -= (size_t)len;
    }
    if (b.len == 0) { cg_buf_putc(&b, '_'); *mangled = 1; }
    return b.data;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const cg_keyinfo *)a)->key, ((const cg_keyinfo *)b)->key);
}

/* The keys of one domain (nodes or edges) used by the selection, with ids
 * and attr.names assigned.  Returns the array (free with free_keys). */
static gm_key *collect_keys(const cg_graph *g, const cg_selection *s, int is_edge, size_t *nout,
                            const char *const *reserved)
{
    const cg_keyinfo *ki = is_edge ? g->edge_keys : g->node_keys;
    size_t nk = is_edge ? g->nedge_keys : g->nnode_keys;
    unsigned char *used = cg_xcalloc(nk ? nk : 1, 1);
    size_t count = is_edge ? s->nedges : s->nnodes;
    for (size_t i = 0; i < count; i++) {
        const cg_attr *a;
        uint32_t na;
        if (is_edge) { a = cg_edge_attrs(&g->edges[s->edges[i]]); na = g->edges[s->edges[i]].nattrs; }
        else { a = g->nodes[s->nodes[i]].attrs; na = g->nodes[s->nodes[i]].nattrs; }
        for (uint32_t k = 0; k < na; k++) {
            cg_keyinfo probe = { a[k].key, CG_VAL_TEXT };
            const cg_keyinfo *hit = bsearch(&probe, ki, nk, sizeof *ki, key_cmp);
            if (hit) used[hit - ki] = 1;
        }
    }
    gm_key *keys = cg_xcalloc(nk ? nk : 1, sizeof *keys);
    size_t m = 0;
    for (size_t k = 0; k < nk; k++) {
        if (!used[k]) continue;
        gm_key *gk = &keys[m];
        gk->key = ki[k].key;
        gk->type = ki[k].type;
        int plain = 1;
        for (const char *p = gk->key; *p; p++)
            if (!nmtoken_ascii((unsigned char)*p) || *p == ':') plain = 0;
        cg_buf b;
        cg_buf_init(&b);
        if (plain && *gk->key) cg_buf_printf(&b, "d_%c_%s", is_edge ? 'e' : 'n', gk->key);
        else cg_buf_printf(&b, "d_%c%zu", is_edge ? 'e' : 'n', m);
        gk->id = b.data;
        gk->name = nmtoken_of(gk->key, &gk->mangled);
        m++;
    }
    /* mangled names must differ from each other, the real names and the
     * built-in keys of the domain */
    for (size_t k = 0; k < m; k++) {
        if (!keys[k].mangled) continue;
        char *base = keys[k].name;
        for (int suffix = 1;; suffix++) {
            cg_buf b;
            cg_buf_init(&b);
            if (suffix == 1) cg_buf_puts(&b, base); else cg_buf_printf(&b, "%s_%d", base, suffix);
            int clash = 0;
            for (const char *const *r = reserved; *r && !clash; r++) clash = strcmp(*r, b.data) == 0;
            for (size_t j = 0; j < m && !clash; j++)
                if (j != k && (!keys[j].mangled || j < k)) clash = strcmp(keys[j].name, b.data) == 0;
            if (!clash) { keys[k].name = b.data; break; }
            cg_buf_destroy(&b);
        }
        free(base);
    }
    free(used);
    *nout = m;
    return keys;
}

static void free_keys(gm_key *k, size_t n)
{
    for (size_t i = 0; i < n; i++) { free(k[i].id); free(k[i].name); }
    free(k);
}

static const char *type_name(cg_valtype t)
{
    switch (t) {
    case CG_VAL_INT: return "long";
    case CG_VAL_DOUBLE: return "double";
    case CG_VAL_BOOL: return "boolean";
    default: return "string";
    }
}

/* Writes the <key> elements of one domain; -1 if a key's text is not XML. */
static int put_keys(gm_ctx *c, const gm_key *keys, size_t n, const char *domain)
{
    for (size_t k = 0; k < n; k++) {
        cg_buf_reset(&c->tmp);
        char safe[600];
        cg_escape_safe(keys[k].key, safe, sizeof safe);
        cg_buf_printf(&c->tmp, "%s attribute key '%s'", domain, safe);
        if (XML_CHECK(keys[k].key, c->err, c->tmp.data) < 0) return -1;
        fprintf(c->f, "  <key id=\"%s\" for=\"%s\" attr.name=\"", keys[k].id, domain);
        xml_put(c->f, keys[k].name, 1);
        fprintf(c->f, "\" attr.type=\"%s\"", type_name(keys[k].type));
        if (keys[k].mangled) {
            fputs(">\n    <desc>", c->f);
            xml_put(c->f, keys[k].key, 0);
            fputs("</desc>\n  </key>\n", c->f);
        } else {
            fputs("/>\n", c->f);
        }
    }
    return 0;
}

/* The key entry for attribute key k (interned pointer) in keys. */
static const gm_key *find_key(const gm_key *keys, size_t n, const char *k)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(keys[mid].key, k);
        if (cmp == 0) return &keys[mid];
        if (cmp < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

/* A list of strings as JSON array text, into *out (malloc'd). */
static char *json_list(const char *const *items, size_t n)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&mem, &len);
    if (!m) return cg_xstrdup("[]");
    putc('[', m);
    for (size_t i = 0; i < n; i++) {
        if (i) putc(',', m);
        cg_writer_json_string(m, items[i]);
    }
    putc(']', m);
    fclose(m);
    return mem;
}

/* Writes <data> elements for a node's or edge's attributes. */
static int put_attr_data(gm_ctx *c, int is_edge, int32_t idx, const gm_key *keys, size_t nkeys)
{
    const cg_attr *a;
    uint32_t na;
    if (is_edge) { a = cg_edge_attrs(&c->g->edges[idx]); na = c->g->edges[idx].nattrs; }
    else { a = c->g->nodes[idx].attrs; na = c->g->nodes[idx].nattrs; }
    for (uint32_t k = 0; k < na; k++) {
        const gm_key *gk = find_key(keys, nkeys, a[k].key);
        if (!gk) continue;   /* cannot happen: every used key was collected */
        cg_valtype t = cg_writer_attr_type(c->g, is_edge, &a[k]);
        if (t != CG_VAL_TEXT) {
            char num[64];
            cg_writer_number(a[k].text, t, num, sizeof num);
            put_data(c, "      ", gk->id, num);
            continue;
        }
        if (!xml_ok(a[k].text)) {
            char field[700], safe[600];
            cg_escape_safe(a[k].key, safe, sizeof safe);
            snprintf(field, sizeof field, "attribute '%s'", safe);
            xml_check(a[k].text, c->err, is_edge ? where_edge(c, idx, field) : where_node(c, idx, field));
            return -1;
        }
        put_data(c, "      ", gk->id, a[k].text);
    }
    return 0;
}

/* Writes the GraphML export of sel (NULL: the whole graph) to f.  Returns 0,
 * or -1 with err set: text XML cannot hold (naming where), or a write error.
 * On error f holds a partial document: write through cg_atomic_write. */
int cg_export_graphml(FILE *f, const cg_graph *g, const cg_selection *sel, const cg_write_opts *o, cg_error *err)
{
    static const char *const node_reserved[] = { "kind", "name", "aliases", "id", NULL };
    static const char *const edge_reserved[] = { "type", "date", "source", "target", "id", NULL };
    cg_selection all;
    const cg_selection *s = cg_selection_view(g, sel, &all);
    gm_ctx c = { f, g, err, { 0 } };
    cg_buf_init(&c.tmp);
    size_t nnk = 0, nek = 0;
    gm_key *nk = collect_keys(g, s, 0, &nnk, node_reserved);
    gm_key *ek = collect_keys(g, s, 1, &nek, edge_reserved);
    int rc = -1;

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.1/graphml.xsd\">\n", f);
    if (g->name) fputs("  <key id=\"g_name\" for=\"graph\" attr.name=\"name\" attr.type=\"string\"/>\n", f);
    if (g->description)
        fputs("  <key id=\"g_description\" for=\"graph\" attr.name=\"description\" attr.type=\"string\"/>\n", f);
    fputs("  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
          "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
          "  <key id=\"aliases\" for=\"node\" attr.name=\"aliases\" attr.type=\"string\"/>\n", f);
    if (put_keys(&c, nk, nnk, "node") < 0) goto out;
    fputs("  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n"
          "  <key id=\"date\" for=\"edge\" attr.name=\"date\" attr.type=\"string\"/>\n"
          "  <key id=\"source\" for=\"edge\" attr.name=\"source\" attr.type=\"string\"/>\n", f);
    if (put_keys(&c, ek, nek, "edge") < 0) goto out;

    fputs("  <graph id=\"G\" edgedefault=\"directed\">\n", f);
    if (g->name) {
        if (XML_CHECK(g->name, err, "the graph's name") < 0) goto out;
        put_data(&c, "    ", "g_name", g->name);
    }
    if (g->description) {
        if (XML_CHECK(g->description, err, "the graph's description") < 0) goto out;
        put_data(&c, "    ", "g_description", g->description);
    }

    for (size_t i = 0; i < s->nnodes; i++) {
        if (cg_writer_cancelled(o, i, err)) goto out;
        int32_t v = s->nodes[i];
        const cg_node *n = &g->nodes[v];
        if (XML_CHECK(n->id, err, where_node(&c, v, "id")) < 0) goto out;
        if (XML_CHECK(n->kind, err, where_node(&c, v, "kind")) < 0) goto out;
        const char *name = n->name ? n->name : n->id;
        if (XML_CHECK(name, err, where_node(&c, v, "name")) < 0) goto out;
        fputs("    <node id=\"", f);
        xml_put(f, n->id, 1);
        fputs("\">\n", f);
        put_data(&c, "      ", "kind", n->kind);
        put_data(&c, "      ", "name", name);
        if (n->naliases) {
            char *js = json_list(n->aliases, n->naliases);
            if (XML_CHECK(js, err, where_node(&c, v, "aliases")) < 0) { free(js); goto out; }
            put_data(&c, "      ", "aliases", js);
            free(js);
        }
        if (put_attr_data(&c, 0, v, nk, nnk) < 0) goto out;
        fputs("    </node>\n", f);
    }

    for (size_t i = 0; i < s->nedges; i++) {
        if (cg_writer_cancelled(o, i, err)) goto out;
        int32_t ei = s->edges[i];
        const cg_edge *e = &g->edges[ei];
        if (XML_CHECK(e->type, err, where_edge(&c, ei, "type")) < 0) goto out;
        fputs("    <edge source=\"", f);
        xml_put(f, g->nodes[e->from].id, 1);
        fputs("\" target=\"", f);
        xml_put(f, g->nodes[e->to].id, 1);
        fputs("\">\n", f);
        put_data(&c, "      ", "type", e->type);
        if (e->date) {
            if (XML_CHECK(e->date, err, where_edge(&c, ei, "date")) < 0) goto out;
            put_data(&c, "      ", "date", e->date);
        }
        if (e->nsources == 1) {
            const char *sid = g->sources[cg_edge_sources(e)[0]].id;
            if (XML_CHECK(sid, err, where_edge(&c, ei, "source")) < 0) goto out;
            put_data(&c, "      ", "source", sid);
        } else if (e->nsources > 1) {
            const char **ids = cg_xmalloc(e->nsources * sizeof *ids);
            for (uint32_t k = 0; k < e->nsources; k++) ids[k] = g->sources[cg_edge_sources(e)[k]].id;
            char *js = json_list(ids, e->nsources);
            free(ids);
            if (XML_CHECK(js, err, where_edge(&c, ei, "source")) < 0) { free(js); goto out; }
            put_data(&c, "      ", "source", js);
            free(js);
        }
        if (put_attr_data(&c, 1, ei, ek, nek) < 0) goto out;
        fputs("    </edge>\n", f);
    }
    fputs("  </graph>\n</graphml>\n", f);
    if (cg_writer_finish(f, 0, err) < 0) goto out;
    rc = 0;
out:
    free_keys(nk, nnk);
    free_keys(ek, nek);
    cg_buf_destroy(&c.tmp);
    cg_selection_destroy(&all);
    return rc;
}
