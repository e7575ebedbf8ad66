/* test_complete.c - unit tests of cg_cypher_complete_context (src/cypher_lex.c,
 * doc/match.md §9): each case is a half-typed query, the cursor at its `|`
 * (or at its end), and the context described in one line.  Prints ok / not
 * ok lines and "N checks, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cypher.h"

static int nchecks, nfailed;

static const char *const what_names[] = {
    "nothing", "kind", "type", "property", "key", "variable", "expr", "keyword", "file"
};
static const char *const role_names[] = { "?", "node", "edge", "edges", "path", "alias" };

static void describe_var(const cg_cc_var *v, cg_buf *b)
{
    cg_buf_printf(b, "%s:%s", v->name ? v->name : "-", role_names[v->role]);
    for (size_t k = 0; k < v->nkinds; k++) cg_buf_printf(b, "%s%s", k ? "|" : "[", v->kinds[k]);
    if (v->nkinds) cg_buf_putc(b, ']');
}

/* "WHAT [br=C] [label] [subject=V] [prev=KW] word=N vars=V,V" */
static void describe(const cg_cypher_complete *c, cg_buf *b)
{
    cg_buf_puts(b, what_names[c->what]);
    if (c->bracket) cg_buf_printf(b, " br=%c%s", c->bracket, c->in_pattern ? "p" : "");
    if (c->label) cg_buf_puts(b, " label");
    if (c->in_string) cg_buf_puts(b, " string");
    if (c->what == CG_CC_PROPERTY || c->what == CG_CC_KEY) {
        cg_buf_puts(b, " subject=");
        describe_var(&c->subject, b);
    }
    if (c->clause) cg_buf_printf(b, " in=%s", c->clause);
    if (c->prev) cg_buf_printf(b, " prev=%s", c->prev);
    cg_buf_printf(b, " word=%zu", c->word);
    if (c->nvars) {
        cg_buf_puts(b, " vars=");
        for (size_t k = 0; k < c->nvars; k++) {
            if (k) cg_buf_putc(b, ',');
            describe_var(&c->vars[k], b);
        }
    }
}

static const struct { const char *line, *want; } cases[] = {
    /* labels: kinds in (, types in [, kinds after v: in an expression */
    { "match (a:sen", "kind br=(p label in=match word=9 vars=a:node" },
    { "match (a:senator|com", "kind br=(p label in=match word=17 vars=a:node[senator]" },
    { "match (:", "kind br=(p label in=match word=8" },
    { "match ()-[:su", "type br=[p label in=match word=11" },
    { "match ()-[r:sued|", "type br=[p label in=match word=17 vars=r:edge[sued]" },
    { "match (a) where a:", "kind label in=where word=18 vars=a:node" },
    { "match (a) where not a:senator|", "kind label in=where word=30 vars=a:node" },
    /* properties: the variable, its role and kinds */
    { "match (a:senator) where a.pa", "property subject=a:node[senator] in=where word=26 vars=a:node[senator]" },
    { "match (a:senator)-[r]->(b) return r.da",
      "property subject=r:edge in=return word=36 vars=a:node[senator],r:edge,b:node" },
    { "match (a)-[r:sued*1..2]-(b) return r.", "property subject=r:edges[sued] in=return word=37 vars=a:node,r:edges[sued],b:node" },
    { "match p = (a)-->(b) return p.", "property subject=p:path in=return word=29 vars=p:path,a:node,b:node" },
    { "match (a) return x.", "property subject=x:? in=return word=19 vars=a:node" },
    { "match (`my var`:`x-y`) return `my var`.n", "property subject=my var:node[x-y] in=return word=39 vars=my var:node[x-y]" },
    { "match (a:senator), (a:company) return a.", "property subject=a:node[senator|company] in=return word=40 vars=a:node[senator|company]" },
    /* a property map's key, and its value */
    { "match (a:senator {pa", "key br={p subject=a:node[senator] in=match word=18 vars=a:node[senator]" },
    { "match (:senator {party: 'D', st", "key br={p subject=-:node[senator] in=match word=29" },
    { "match ()-[:sued {", "key br={p subject=-:edge[sued] in=match word=17" },
    { "match (a {id: ", "expr br={p label in=match word=14 vars=a:node" },
    /* a variable right after ( or [ */
    { "match (a)-->(", "variable br=(p in=match word=13 vars=a:node" },
    { "match (a)-[", "variable br=[p in=match word=11 vars=a:node" },
    { "match (a)-->(b", "variable br=(p in=match word=13 vars=a:node" },
    /* expressions and keywords */
    { "match (a) ", "keyword in=match word=10 vars=a:node" },
    { "match (a)-->(b) wh", "keyword in=match word=16 vars=a:node,b:node" },
    { "match (a) where ", "expr in=where prev=where word=16 vars=a:node" },
    { "match (a) where a.x = 1 and ", "expr in=where prev=and word=28 vars=a:node" },
    { "match (a) where a.name ", "keyword in=where word=23 vars=a:node" },
    { "match (a) where a.name starts ", "keyword in=where prev=starts word=30 vars=a:node" },
    { "match (a) where a.x is not ", "keyword in=where prev=not word=27 vars=a:node" },
    { "match (a) return ", "expr in=return prev=return word=17 vars=a:node" },
    { "match (a) return count(", "expr br=( in=return word=23 vars=a:node" },
    { "match (a) return a.name as n order ", "keyword in=order prev=order word=35 vars=a:node,n:alias" },
    { "match (a) return a.name as n order by ", "expr in=order prev=by word=38 vars=a:node,n:alias" },
    { "match (a) return a as ", "nothing in=return prev=as word=22 vars=a:node" },
    { "match (a) return a skip ", "nothing in=skip prev=skip word=24 vars=a:node" },
    { "match (a) return a skip 2 ", "keyword in=skip word=26 vars=a:node" },
    { "match (a) return a skip 2", "nothing in=skip word=25 vars=a:node" },
    { "match (a) since ", "nothing in=since prev=since word=16 vars=a:node" },
    { "match (a) since 2017-08 ", "keyword in=since word=24 vars=a:node" },
    { "MATCH (a) WHERE ", "expr in=where prev=where word=16 vars=a:node" },
    /* nothing inside a string, backquotes or a comment */
    { "match (a) where a.name = 'sen", "nothing string in=where word=29 vars=a:node" },
    { "match (a) where a.name = \"sen", "nothing string in=where word=29 vars=a:node" },
    { "match (a) where a.name = 'it\\'s a.", "nothing string in=where word=34 vars=a:node" },
    { "match (a:`sen", "nothing br=(p label string in=match word=13 vars=a:node" },
    { "match (a) // a.", "nothing string in=match word=15 vars=a:node" },
    { "match (a) /* (b:", "nothing string in=match word=16 vars=a:node" },
    { "match (a) where a.name = 'x' and a.", "property subject=a:node in=where word=35 vars=a:node" },
    /* file names after a redirection */
    { "match (a) return a > out", "file in=return word=21 vars=a:node" },
    { "match (a) return a >! /tmp/x", "file in=return word=22 vars=a:node" },
    { "match (a)-->(b) > ", "file in=match word=18 vars=a:node,b:node" },
    { "match (a) where a.x > ", "expr in=where word=22 vars=a:node" },
    { "match (a) return a > out.csv ", "nothing in=return word=21 vars=a:node" },
    /* the cursor before the end, and what is left unbalanced */
    { "match (a:sen|) return a", "kind br=(p label in=match word=9 vars=a:node" },
    { "match (a:senator)) where a.", "property subject=a:node[senator] in=where word=27 vars=a:node[senator]" },
    { "", "nothing word=0" },
    { "match", "nothing word=0" },
};

static void hostile(void)
{
    cg_cypher_complete c;
    cg_buf b;
    cg_buf_init(&b);
    /* deep nesting, many variables, a long name, every byte */
    for (int i = 0; i < 1000; i++) cg_buf_putc(&b, "([{"[i % 3]);
    cg_cypher_complete_context(b.data, b.len, &c);
    nchecks++;
    int okay = c.what == CG_CC_NOTHING;
    printf("%s - 1000 open brackets: nothing, no overflow\n", okay ? "ok" : "not ok");
    if (!okay) nfailed++;
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match ");
    for (int i = 0; i < 100; i++) cg_buf_printf(&b, "(v%d:k%d)-[e%d:t%d]-", i, i, i, i);
    cg_buf_puts(&b, "(z) return v1.");
    cg_cypher_complete_context(b.data, b.len, &c);
    nchecks++;
    okay = c.what == CG_CC_PROPERTY && c.nvars == CG_CC_MAX_VARS && c.subject.nkinds == 1 &&
           !strcmp(c.subject.kinds[0], "k1");
    printf("%s - 201 variables: the first %d kept, v1's kind known\n", okay ? "ok" : "not ok", CG_CC_MAX_VARS);
    if (!okay) nfailed++;
    cg_buf_reset(&b);
    cg_buf_puts(&b, "match (");
    for (int i = 0; i < 5000; i++) cg_buf_putc(&b, 'x');
    cg_buf_puts(&b, ") return ");
    for (int i = 0; i < 5000; i++) cg_buf_putc(&b, 'x');
    cg_buf_putc(&b, '.');
    cg_cypher_complete_context(b.data, b.len, &c);
    nchecks++;
    okay = c.what == CG_CC_PROPERTY && c.buflen <= sizeof c.buf;
    printf("%s - a name longer than the buffer: still a property position\n", okay ? "ok" : "not ok");
    if (!okay) nfailed++;
    char all[256];
    for (int i = 0; i < 255; i++) all[i] = (char)(i + 1);
    all[255] = 0;
    for (size_t cur = 0; cur <= 255; cur += 5) cg_cypher_complete_context(all, cur, &c);
    cg_cypher_complete_context("match (a", 100, &c);   /* a cursor past the end */
    nchecks++;
    okay = c.what == CG_CC_VARIABLE;
    printf("%s - every byte, and a cursor past the end\n", okay ? "ok" : "not ok");
    if (!okay) nfailed++;
    cg_buf_destroy(&b);
}

int main(void)
{
    cg_cypher_complete c;
    cg_buf got;
    cg_buf_init(&got);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *bar = strchr(cases[i].line, '|');
        /* a `|` followed by `)` marks the cursor (a label's | is followed by a name or nothing) */
        size_t cur = bar && bar[1] == ')' ? (size_t)(bar - cases[i].line) : strlen(cases[i].line);
        char *line = strdup(cases[i].line);
        if (bar && bar[1] == ')') memmove(line + cur, line + cur + 1, strlen(line + cur));
        cg_cypher_complete_context(line, cur, &c);
        cg_buf_reset(&got);
        describe(&c, &got);
        int okay = !strcmp(got.data, cases[i].want);
        nchecks++;
        if (!okay) nfailed++;
        printf("%s - complete: %s\n", okay ? "ok" : "not ok", cases[i].line);
        if (!okay) printf("    want: %s\n    got:  %s\n", cases[i].want, got.data);
        free(line);
    }
    cg_buf_destroy(&got);
    hostile();
    printf("%d checks, %d failed\n", nchecks, nfailed);
    return nfailed ? 1 : 0;
}
