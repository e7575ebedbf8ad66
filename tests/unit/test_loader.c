/* Unit tests of util.c and loader.c: parsing details a user relies on. */
#include <math.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "../../src/graph.h"
#include "../../src/idmap.h"
#include "../../src/loader.h"

static int checks, failed;

#define CHECK(cond, ...) do { checks++; if (cond) printf("ok - " __VA_ARGS__); \
    else { failed++; printf("not ok - " __VA_ARGS__); } printf("\n"); } while (0)

static cg_graph *load(const char *yaml, cg_diag *d)
{
    cg_diag_init(d);
    return cg_load_buffer("t.yaml", (const unsigned char *)yaml, strlen(yaml), d);
}

static const char *attr(const cg_graph *g, const char *node, const char *key)
{
    int32_t n = cg_graph_find_node(g, node);
    const cg_attr *a = n >= 0 ? cg_node_attr(g, n, key) : NULL;
    return a ? a->text : NULL;
}

/* cg_load_valid_id against the rule written out plainly: every string of
 * one and two bytes (each byte value), and three-byte ones over the
 * characters that matter */
static int ref_valid_id(const unsigned char *s)
{
    if (!s[0] || !(isalnum(s[0]) || s[0] == '_') || s[0] >= 0x80) return 0;
    for (size_t i = 1; s[i]; i++)
        if (s[i] >= 0x80 || !(isalnum(s[i]) || s[i] == '_' || s[i] == '.' || s[i] == ':' || s[i] == '-')) return 0;
    return 1;
}

static void test_valid_id(void)
{
    size_t bad = 0, n = 0;
    unsigned char s[4] = { 0 };
    for (int a = 0; a < 256; a++)
        for (int b = 0; b < 256; b++) {
            s[0] = (unsigned char)a; s[1] = (unsigned char)b; s[2] = 0;
            n++;
            if (cg_load_valid_id((const char *)s) != ref_valid_id(s)) bad++;
        }
    const char *cs = "aZ09_.:-/ #\x80";
    for (const char *x = cs; *x; x++)
        for (const char *y = cs; *y; y++)
            for (const char *z = cs; *z; z++) {
                s[0] = (unsigned char)*x; s[1] = (unsigned char)*y; s[2] = (unsigned char)*z; s[3] = 0;
                n++;
                if (cg_load_valid_id((const char *)s) != ref_valid_id(s)) bad++;
            }
    CHECK(bad == 0, "valid ids: %zu strings of 1-3 bytes agree with the rule (%zu differ)", n, bad);
}

static void test_util(void)
{
    CHECK(cg_date_valid("2017"), "date 2017 valid");
    CHECK(cg_date_valid("2016-02-29"), "date 2016-02-29 valid (leap)");
    CHECK(!cg_date_valid("2017-02-29"), "date 2017-02-29 invalid");
    CHECK(!cg_date_valid("2017-02-30"), "date 2017-02-30 invalid");
    CHECK(!cg_date_valid("1900-02-29"), "date 1900-02-29 invalid (century)");
    CHECK(cg_date_valid("2000-02-29"), "date 2000-02-29 valid (400)");
    CHECK(!cg_date_valid("2017-13"), "date 2017-13 invalid");
    CHECK(!cg_date_valid("2017-1-01"), "date 2017-1-01 invalid");
    CHECK(!cg_date_valid("not-a-date"), "not-a-date invalid");
    char lo[11], hi[11];
    cg_date_interval("2016-02", lo, hi);
    CHECK(!strcmp(lo, "2016-02-01") && !strcmp(hi, "2016-02-29"), "interval of 2016-02");
    cg_date_interval("2017", lo, hi);
    CHECK(!strcmp(lo, "2017-01-01") && !strcmp(hi, "2017-12-31"), "interval of 2017");
    CHECK(cg_date_cmp("2017", "2017-03") < 0 && cg_date_cmp("2017-03", "2017-03-01") < 0 &&
          cg_date_cmp("2017-03-01", "2017-04") < 0 && cg_date_cmp("2017-04", NULL) < 0, "date order");
    cg_edge e = { .date = "2017" };
    CHECK(cg_edge_in_range(&e, "2017-06", NULL), "2017 reaches into since 2017-06");
    CHECK(!cg_edge_in_range(&e, "2018", NULL), "2017 is before since 2018");
    CHECK(cg_edge_in_range(&e, NULL, "2017-01-01"), "2017 reaches until 2017-01-01");
    CHECK(!cg_edge_in_range(&e, NULL, "2016-12"), "2017 is after until 2016-12");
    cg_edge u = { .date = NULL };
    CHECK(cg_edge_in_range(&u, "2020", "2021"), "undated edges always kept");
    CHECK(cg_classify_scalar("42") == CG_VAL_INT && cg_classify_scalar("-7") == CG_VAL_INT, "integers");
    CHECK(cg_classify_scalar("007") == CG_VAL_TEXT, "007 stays text");
    CHECK(cg_classify_scalar("2.5") == CG_VAL_DOUBLE && cg_classify_scalar("1e3") == CG_VAL_DOUBLE, "doubles");
    CHECK(cg_classify_scalar("true") == CG_VAL_BOOL && cg_classify_scalar("yes") == CG_VAL_TEXT, "booleans");
    CHECK(cg_classify_scalar("2017-08-01") == CG_VAL_TEXT && cg_classify_scalar("1.2.3") == CG_VAL_TEXT, "dates and versions are text");
    CHECK(cg_classify_scalar("99999999999999999999") == CG_VAL_DOUBLE, "integer overflow reads as a double");
    char buf[64];
    cg_format_double(0.1, buf, sizeof buf);
    CHECK(!strcmp(buf, "0.1"), "0.1 formats as 0.1 (got %s)", buf);
    cg_format_double(20230115.0, buf, sizeof buf);
    CHECK(!strcmp(buf, "20230115"), "20230115 keeps its digits (got %s)", buf);
    CHECK(cg_edit_distance("senater", "senator", 3) == 1, "edit distance 1");
    CHECK(cg_edit_distance("abc", "xyz", 1) == 2, "edit distance capped");
}

/* SPEC 5's list text: cg_list_put escapes, cg_list_next reads it back */
static void test_list_text(void)
{
    static const char *const items[] = { "plain", "a;b", "back\\slash", "both\\;", "", "comma, kept", "\\" };
    cg_buf b;
    cg_buf_init(&b);
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        if (i) cg_buf_putc(&b, ';');
        cg_list_put(&b, items[i]);
    }
    CHECK(b.data && !strcmp(b.data, "plain;a\\;b;back\\\\slash;both\\\\\\;;;comma, kept;\\\\"), "list: items escaped and joined by ';'");
    char *p = b.data, *it;
    size_t n = 0, same = 0;
    while ((it = cg_list_next(&p)) != NULL) {
        if (n < sizeof items / sizeof *items && !strcmp(it, items[n])) same++;
        n++;
    }
    CHECK(n == 7 && same == 7, "list: read back item by item (%zu items, %zu the same)", n, same);
    char t1[] = "a;", t2[] = "", t3[] = "C:\\dir;x\\", t4[] = "a;;b";
    p = t1;
    it = cg_list_next(&p);
    CHECK(it && !strcmp(it, "a") && !cg_list_next(&p), "list: a trailing ';' ends the last item");
    p = t2;
    CHECK(!cg_list_next(&p), "list: empty text has no item");
    p = t3;
    it = cg_list_next(&p);
    CHECK(it && !strcmp(it, "C:\\dir"), "list: a backslash before another character is kept");
    it = cg_list_next(&p);
    CHECK(it && !strcmp(it, "x\\") && !cg_list_next(&p), "list: a last backslash is kept");
    p = t4;
    int k = 0;
    while ((it = cg_list_next(&p)) != NULL) k += it[0] == '\0';
    CHECK(k == 1, "list: ';;' makes one empty item");
    cg_buf_destroy(&b);
}

static void test_loader(void)
{
    cg_diag d;
    cg_graph *g = load("nodes:\n"
                       "  - {id: a, kind: person, age: 42, score: 2.5, active: true, zip: 007, note: \"42\"}\n"
                       "  - {id: b, kind: person, age: 43.5, score: 1, active: false, zip: 12345}\n"
                       "  - {id: c, kind: person, name: ''}\n", &d);
    CHECK(g != NULL, "typed attributes load");
    if (g) {
        CHECK(cg_graph_key_type(g, 0, "age") == CG_VAL_TEXT, "age: int and double mixed -> text");
        CHECK(cg_graph_key_type(g, 0, "score") == CG_VAL_TEXT, "score: double and int mixed -> text");
        CHECK(cg_graph_key_type(g, 0, "active") == CG_VAL_BOOL, "active: boolean");
        CHECK(cg_graph_key_type(g, 0, "zip") == CG_VAL_TEXT, "zip: 007 makes it text");
        CHECK(cg_graph_key_type(g, 0, "note") == CG_VAL_TEXT, "quoted 42 is text");
        CHECK(attr(g, "a", "zip") && !strcmp(attr(g, "a", "zip"), "007"), "007 kept verbatim");
        CHECK(!strcmp(g->nodes[cg_graph_find_node(g, "b")].name, "b"), "name defaults to the id");
        cg_graph_free(g);
    }
    cg_diag_destroy(&d);

    g = load("nodes:\n  - {id: a, kind: person, n: 1}\n  - {id: b, kind: person, n: 2}\n"
             "edges:\n  - {from: a, to: b, type: sued, source: [s1, s2], date: 2017-08}\n"
             "  - {from: b, to: b, type: sued, source: s2}\n"
             "sources:\n  - {id: s1, title: T, publisher: P, date: 2017, url: 'http://x', extra: 5}\n  - {id: s2}\n", &d);
    CHECK(g != NULL, "edges with source lists load");
    if (g) {
        CHECK(cg_graph_key_type(g, 0, "n") == CG_VAL_INT, "n: integer");
        CHECK(g->nedges == 2 && g->edges[0].nsources == 2, "two sources on the first edge");
        CHECK(g->sources[0].nedges == 1 && g->sources[1].nedges == 2, "edge counts per source");
        CHECK(!strcmp(g->edges[0].date, "2017-08"), "partial date kept");
        CHECK(g->edges[1].from == g->edges[1].to, "self-loop allowed");
        CHECK(g->sources[0].nattrs == 1 && !strcmp(g->sources[0].attrs[0].key, "extra"), "extra source key kept");
        CHECK(g->out_off[2] == 2 && g->in_off[2] == 2 && g->out_off[1] == 1 && g->in_off[1] == 0,
              "incidence lists built");
        cg_graph_free(g);
    }
    cg_diag_destroy(&d);

    /* 150 errors: 100 reported, then a count */
    char big[20000] = "nodes:\n";
    for (int i = 0; i < 150; i++) strcat(big, "  - {id: x, kind: nokind}\n");
    g = load(big, &d);
    CHECK(g == NULL && d.nerrors == 100 && cg_diag_full(&d), "error limit: 100 kept (%zu), then it stops", d.nerrors);
    cg_diag_destroy(&d);

    g = load("nodes:\n  - {id: a, kind: person}\nedges:\n  - {from: a, to: a, type: sued}\n", &d);
    CHECK(g != NULL && d.nwarnings == 1 && strstr(d.items[0].message, "has no source"), "edge without source: a warning");
    cg_graph_free(g);
    cg_diag_destroy(&d);
}

static void test_anchors(void)
{
    cg_diag d;
    cg_diag_init(&d);
    const char *paths[] = { "tests/good/anchors.yaml" };
    cg_graph *g = cg_load(paths, 1, &d, NULL, NULL);
    CHECK(g != NULL, "anchors.yaml loads");
    if (g) {
        int32_t m = cg_graph_find_node(g, "mccaskill"), p = cg_graph_find_node(g, "portman");
        CHECK(m >= 0 && !strcmp(g->nodes[m].kind, "senator"), "merged kind");
        CHECK(attr(g, "mccaskill", "party") && !strcmp(attr(g, "mccaskill", "party"), "D"), "merged party D");
        CHECK(attr(g, "portman", "party") && !strcmp(attr(g, "portman", "party"), "R"), "explicit key wins over merge");
        CHECK(m >= 0 && g->nodes[m].naliases == 2 && !strcmp(g->nodes[m].aliases[1], "C. McCaskill"), "aliases through an alias");
        CHECK(p >= 0 && g->nedges == 2 && g->edges[1].nsources == 2 && !strcmp(g->edges[1].type, "sponsored"), "merged edge fields");
        CHECK(!strcmp(g->name, "anchors"), "graph name");
        cg_graph_free(g);
    }
    cg_diag_destroy(&d);
}

/* The id map against a plain scan of the ids put in: every length around
 * the 8 inline bytes, ids that share their first 8 bytes, lookups holding a
 * NUL (the loader's explicit-length callers can pass one), and enough ids
 * to grow the table several times. */
static void test_idmap(void)
{
    static const char *const fixed[] = { "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghij",
                                         "abcdefgh0123456789", "abcdefgX", "abcdefghX", "src-0", "src-00000",
                                         "n1", "n12", NULL };
    enum { NGEN = 5000 };
    static char gen[NGEN][24];
    const char *ids[NGEN + 16];
    size_t nid = 0;
    cg_idmap m = { 0 };
    CHECK(cg_idmap_get_cstr(&m, "a") == -1, "idmap: an empty map finds nothing");
    for (size_t i = 0; fixed[i]; i++) ids[nid++] = fixed[i];
    for (size_t i = 0; i < NGEN; i++) {
        snprintf(gen[i], sizeof gen[i], i % 3 ? "n%zu" : "person-%zu-long", i * 7919 % 100003);
        ids[nid++] = gen[i];
    }
    for (size_t i = 0; i < nid; i++) cg_idmap_put(&m, ids[i], cg_hash(ids[i], strlen(ids[i])), (int32_t)i);
    size_t wrong = 0;
    for (size_t i = 0; i < nid; i++) if (cg_idmap_get_cstr(&m, ids[i]) != (int32_t)i) wrong++;
    CHECK(wrong == 0, "idmap: each of %zu ids is found at its index (%zu wrong)", nid, wrong);
    static const char *const absent[] = { "", "abc", "abcdef", "abcdefghijk", "abcdefgh012345678",
                                          "abcdefgh01234567890", "abcdefgY", "abcdefghY", "src-000", "n",
                                          "n100004", NULL };
    wrong = 0;
    for (size_t i = 0; absent[i]; i++) if (cg_idmap_get_cstr(&m, absent[i]) != -1) wrong++;
    CHECK(wrong == 0, "idmap: ids never put are not found, however long their shared head (%zu wrong)", wrong);
    /* a NUL inside the looked-up bytes: never an id, whatever precedes it */
    static const struct { const char *s; size_t n; } nul[] = {
        { "a\0", 2 }, { "ab\0c", 4 }, { "abcdefg\0", 8 }, { "abcdefgh\0", 9 }, { "abcdefghi\0j", 11 },
        { "abcdefgh\0" "0123456789", 19 }, { "\0", 1 },
    };
    wrong = 0;
    for (size_t i = 0; i < sizeof nul / sizeof nul[0]; i++)
        if (cg_idmap_get(&m, nul[i].s, nul[i].n, cg_hash(nul[i].s, nul[i].n)) != -1) wrong++;
    CHECK(wrong == 0, "idmap: bytes holding a NUL match no id (%zu wrong)", wrong);
    /* explicit lengths that cut a longer text */
    CHECK(cg_idmap_get(&m, "abcdefghiZZ", 9, cg_hash("abcdefghi", 9)) == 4 &&
          cg_idmap_get(&m, "abcdefgZZ", 7, cg_hash("abcdefg", 7)) == 2, "idmap: a length shorter than the text is honoured");
    cg_idmap_destroy(&m);
    CHECK(m.slots == NULL && cg_idmap_get_cstr(&m, "a") == -1, "idmap: destroyed, it is empty again");
    /* an 8-byte id and a longer one with the same 8 bytes, each alone */
    cg_idmap one = { 0 }, other = { 0 };
    cg_idmap_put(&one, "abcdefgh", cg_hash("abcdefgh", 8), 0);
    cg_idmap_put(&other, "abcdefghi", cg_hash("abcdefghi", 9), 0);
    CHECK(cg_idmap_get_cstr(&one, "abcdefghi") == -1 && cg_idmap_get_cstr(&other, "abcdefgh") == -1 &&
          cg_idmap_get_cstr(&one, "abcdefgh") == 0 && cg_idmap_get_cstr(&other, "abcdefghi") == 0,
          "idmap: an 8-byte id is not a longer one with its 8 bytes, nor the other way");
    cg_idmap_destroy(&one);
    cg_idmap_destroy(&other);
}

int main(void)
{
    test_idmap();
    test_valid_id();
    test_anchors();
    test_util();
    test_list_text();
    test_loader();
    fprintf(stderr, "%d checks, %d failed\n", checks, failed);
    return failed != 0;
}
