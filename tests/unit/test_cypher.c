/* test_cypher.c - unit tests of the match front end (src/cypher_lex.c,
 * src/cypher_parse.c): the blocks of a data file, then hostile input built
 * here.  Prints ok / not ok lines and "N checks, N failed".
 *
 *   test_cypher tests/unit/cypher.test        check
 *   test_cypher -p tests/unit/cypher.test     print each query's actual result
 *
 * A block of the data file: lines up to a blank line.  Its first line is the
 * query; then either the expected dump (cg_cypher_dump), or `%%FAIL` and the
 * expected `COL: error: MESSAGE`.  Lines starting `##` are comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cypher.h"
#include "../../src/cypher_int.h"

static int nchecks, nfailed;

static void check(int okay, const char *name, const char *detail)
{
    nchecks++;
    if (!okay) nfailed++;
    printf("%s - %s\n", okay ? "ok" : "not ok", name);
    if (!okay && detail) {
        for (const char *p = detail; *p;) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            printf("    %.*s\n", (int)n, p);
            p += n + (e ? 1 : 0);
        }
    }
}

/* The result of one query: its dump, or "%%FAIL\nCOL: error: MSG\n". */
static void run_query(const char *q, cg_buf *out)
{
    cg_error err;
    cg_error_clear(&err);
    cg_buf_reset(out);
    cg_cypher *c = cg_cypher_parse(q, &err);
    if (!c) {
        cg_buf_printf(out, "%%%%FAIL\n%d: error: %s\n", err.col, err.msg);
        return;
    }
    if (err.set) cg_buf_puts(out, "(error set on success)\n");
    cg_cypher_dump(c, out);
    cg_cypher_free(c);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    cg_buf b;
    cg_buf_init(&b);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) cg_buf_append(&b, tmp, n);
    fclose(f);
    return b.data ? b.data : calloc(1, 1);
}

static void run_file(const char *path, int print)
{
    char *text = slurp(path);
    if (!text) { check(0, "the data file can be read", path); return; }
    char *p = text;
    int lineno = 0, nblocks = 0;
    cg_buf want, got, name;
    cg_buf_init(&want); cg_buf_init(&got); cg_buf_init(&name);
    while (*p) {
        /* one block */
        char *query = NULL;
        int qline = 0;
        cg_buf_reset(&want);
        while (*p) {
            char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            lineno++;
            char *line = p;
            p += n + (e ? 1 : 0);
            if (n == 0) { if (query) break; continue; }
            if (!query && n >= 2 && line[0] == '#' && line[1] == '#') continue;
            line[n] = 0;
            if (!query) { query = line; qline = lineno; continue; }
            cg_buf_puts(&want, line);
            cg_buf_putc(&want, '\n');
        }
        if (!query) break;
        nblocks++;
        run_query(query, &got);
        if (print) { printf("%s\n%s\n", query, got.data); continue; }
        cg_buf_reset(&name);
        cg_buf_printf(&name, "%s:%d: %.60s%s", path, qline, query, strlen(query) > 60 ? "..." : "");
        int same = want.len == got.len && memcmp(want.data, got.data, got.len) == 0;
        cg_buf detail;
        cg_buf_init(&detail);
        if (!same) cg_buf_printf(&detail, "expected:\n%sgot:\n%s", want.len ? want.data : "(nothing)\n", got.data);
        check(same && want.len > 0, name.data, detail.data);
        cg_buf_destroy(&detail);
    }
    if (!print) check(nblocks >= 100, "the data file has at least 100 blocks", NULL);
    cg_buf_destroy(&want); cg_buf_destroy(&got); cg_buf_destroy(&name);
    free(text);
}

/* expect an error with this column and message prefix */
static void expect_fail(const char *name, const char *q, int col, const char *msg)
{
    cg_error err;
    cg_error_clear(&err);
    cg_cypher *c = cg_cypher_parse(q, &err);
    char detail[1200];
    snprintf(detail, sizeof detail, "expected %d: error: %s\ngot %s%d: error: %s", col, msg,
             c ? "success; " : "", err.col, err.msg);
    check(!c && err.col == col && strncmp(err.msg, msg, strlen(msg)) == 0, name, detail);
    cg_cypher_free(c);
}

static void expect_ok(const char *name, const char *q)
{
    cg_error err;
    cg_error_clear(&err);
    cg_cypher *c = cg_cypher_parse(q, &err);
    check(c != NULL, name, err.msg);
    cg_cypher_free(c);
}

static void hostile(void)
{
    cg_buf b;
    cg_buf_init(&b);
    /* nesting: 150 parentheses parse, 300 stop with an error, and so do lists
     * and not not not ... */
    cg_buf_puts(&b, "match (a) where ");
    for (int i = 0; i < 150; i++) cg_buf_putc(&b, '(');
    cg_buf_puts(&b, "a.x");
    for (int i = 0; i < 150; i++) cg_buf_putc(&b, ')');
    cg_buf_puts(&b, " = 1 return a");
    expect_ok("150 nested parentheses parse", b.data);
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) where ");
    for (int i = 0; i < 300; i++) cg_buf_putc(&b, '(');
    cg_buf_puts(&b, "a.x");
    for (int i = 0; i < 300; i++) cg_buf_putc(&b, ')');
    expect_fail("300 nested parentheses: nested too deeply", b.data, 17 + CX_MAX_DEPTH, "nested too deeply (the limit is 200)");
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) where a.x in ");
    for (int i = 0; i < 1000; i++) cg_buf_putc(&b, '[');
    expect_fail("1000 nested lists: nested too deeply", b.data, 24 + CX_MAX_DEPTH, "nested too deeply");
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) where ");
    for (int i = 0; i < 1000; i++) cg_buf_puts(&b, "not ");
    cg_buf_puts(&b, "a.x");
    expect_fail("1000 nots: nested too deeply", b.data, 17 + 4 * CX_MAX_DEPTH, "nested too deeply");
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) where ");
    for (int i = 0; i < 100; i++) cg_buf_puts(&b, "not ");
    cg_buf_puts(&b, "a.x");
    expect_ok("100 nots parse", b.data);
    /* too many tokens */
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) where a.x in [");
    for (int i = 0; i < 3000; i++) cg_buf_puts(&b, "1,");
    cg_buf_puts(&b, "1] return a");
    expect_fail("6,000 tokens: too many tokens", b.data, 24 + 2 * 2043 + 1, "too many tokens in one query (the limit is 4096)");
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) where a.x in [");
    for (int i = 0; i < 1000; i++) cg_buf_puts(&b, "1,");
    cg_buf_puts(&b, "1] return a");
    expect_ok("a list of 1001 numbers parses", b.data);
    /* columns count characters after a long multi-byte string: 20,000 'é'
     * (40,000 bytes), then more tokens than allowed */
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) where a.x = '");
    for (int i = 0; i < 20000; i++) cg_buf_puts(&b, "\xC3\xA9");
    cg_buf_puts(&b, "' and a.y in [");
    for (int i = 0; i < 2100; i++) cg_buf_puts(&b, "1,");
    /* 16 tokens up to '[' (column 23 + 20000 + 14), then "1," pairs: token
     * 4097 is the '1' of pair 2040 (from 0), 4080 characters after '[' */
    expect_fail("columns count characters after 40,000 bytes of UTF-8", b.data,
                23 + 20000 + 14 + 1 + 2 * 2040, "too many tokens");
    /* very long input: past CG_MAX_QUERY_LEN bytes */
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) return a //");
    for (int i = 0; i < 70000; i++) cg_buf_putc(&b, 'x');
    expect_fail("70,000 bytes: query too long", b.data, 1, "query too long");
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (a) where a.name = '");
    for (int i = 0; i < 60000; i++) cg_buf_putc(&b, 'x');
    cg_buf_puts(&b, "' return a");
    expect_ok("a string of 60,000 bytes parses", b.data);
    /* a long run of one character that is no token */
    cg_buf_reset(&b);
    for (int i = 0; i < 3000; i++) cg_buf_putc(&b, '-');
    expect_fail("3,000 minus signs: expected match", b.data, 1, "expected match");
    /* raw newline inside a string, control characters, invalid UTF-8 */
    expect_fail("a raw newline in a string: unterminated string", "match (a {name: 'x\ny'}) return a", 17, "unterminated string");
    expect_fail("a raw CR in a string", "match (a {name: \"x\ry\"}) return a", 17, "unterminated string");
    expect_fail("a control character", "match (a)\x01 return a", 10, "unexpected character '\\x01'");
    expect_fail("invalid UTF-8 (a lone continuation byte)", "match (a {n: '\x80'}) return a", 15, "invalid UTF-8");
    expect_fail("invalid UTF-8 (an overlong encoding)", "match (\xC0\xAF) return a", 8, "invalid UTF-8");
    expect_fail("invalid UTF-8 (a truncated sequence at the end)", "match (a) return a \xE2\x82", 20, "invalid UTF-8");
    expect_fail("a newline inside the query counts as blank; columns keep counting", "match (a)\nreturn a.x <", 23, "expected an expression");
    /* cg_cypher_starts */
    check(cg_cypher_starts("MATCH (a)") && cg_cypher_starts("  optional match") && cg_cypher_starts("Load CSV from")
          && cg_cypher_starts("return 1") && cg_cypher_starts("create"), "cg_cypher_starts: match, optional, load csv, return, create", NULL);
    check(!cg_cypher_starts("set format json") && !cg_cypher_starts("load g.yaml") && !cg_cypher_starts("matches")
          && !cg_cypher_starts("") && !cg_cypher_starts("neighbors a") && !cg_cypher_starts("loadcsv"),
          "cg_cypher_starts: not set, load FILE, matches, empty, neighbors", NULL);
    /* cg_cypher_redirect */
    {
        cg_error err;
        cg_error_clear(&err);
        cg_cypher *c = cg_cypher_parse("match (a) return a >! 'out file.GraphML'", &err);
        const char *nm = NULL;
        int force = 0, col = 0;
        check(c && cg_cypher_redirect(c, &nm, &force, &col) == 1 && strcmp(nm, "out file.GraphML") == 0 && force == 1 && col == 20,
              "cg_cypher_redirect: the quoted name, force, column", err.msg);
        cg_cypher_free(c);
        c = cg_cypher_parse("match (a) return a", &err);
        check(c && cg_cypher_redirect(c, &nm, &force, &col) == 0, "cg_cypher_redirect: none", NULL);
        cg_cypher_free(c);
    }
    cg_buf_destroy(&b);
}

int main(int argc, char **argv)
{
    int print = argc > 1 && strcmp(argv[1], "-p") == 0;
    const char *path = argc > 1 + print ? argv[1 + print] : "tests/unit/cypher.test";
    run_file(path, print);
    if (print) return 0;
    hostile();
    printf("%d checks, %d failed\n", nchecks, nfailed);
    return nfailed ? 1 : 0;
}
