/* test_plan.c - unit tests of the match planner (src/cypher_plan.c,
 * doc/match.md §5): for each block of a data file, the plan chosen over a
 * graph, as cg_cypher_plan_describe writes it.  Prints ok / not ok lines and
 * "N checks, N failed".
 *
 *   test_plan GRAPH tests/unit/plan.test        check
 *   test_plan -p GRAPH tests/unit/plan.test     print each query's plan
 *
 * A block: lines up to a blank line; its first line the query, then the
 * expected plan, one step a line.  Lines starting `##` are comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cypher.h"
#include "../../src/loader.h"

static int nchecks, nfailed;

static void plan_of(const cg_graph *g, cg_cypher_index **cache, const char *q, cg_buf *out)
{
    cg_error err;
    cg_error_clear(&err);
    cg_buf_reset(out);
    cg_cypher *c = cg_cypher_parse(q, &err);
    const cg_cypher_index *ix = cg_cypher_index_get(cache, g);
    if (c && ix && cg_cypher_prepare(c, g, ix, NULL, NULL, &err) == 0) cg_cypher_plan_describe(c, out);
    else cg_buf_printf(out, "%d: error: %s\n", err.col, err.msg);
    cg_cypher_free(c);
    if (!out->data) cg_buf_puts(out, "");
}

int main(int argc, char **argv)
{
    int print = argc > 1 && strcmp(argv[1], "-p") == 0;
    if (argc != 3 + print) { fprintf(stderr, "usage: test_plan [-p] GRAPH FILE\n"); return 2; }
    const char *paths[] = { argv[1 + print] };
    cg_diag diag;
    cg_diag_init(&diag);
    cg_graph *g = cg_load(paths, 1, &diag, NULL, NULL);
    cg_diag_destroy(&diag);
    if (!g) { fprintf(stderr, "test_plan: cannot load %s\n", paths[0]); return 2; }
    FILE *f = fopen(argv[2 + print], "r");
    if (!f) { perror(argv[2 + print]); return 2; }
    cg_cypher_index *cache = NULL;
    cg_buf got, want;
    cg_buf_init(&got);
    cg_buf_init(&want);
    char line[4096], query[4096] = "";
    int have = 0;
    for (;;) {
        char *l = fgets(line, sizeof line, f);
        if (l && strncmp(l, "##", 2) == 0) continue;
        if (!l || l[0] == '\n') {
            if (have) {
                plan_of(g, &cache, query, &got);
                if (print) {
                    printf("%s\n%s\n", query, got.data);
                } else {
                    int okay = strcmp(got.data, want.data ? want.data : "") == 0;
                    nchecks++;
                    if (!okay) nfailed++;
                    printf("%s - plan: %s\n", okay ? "ok" : "not ok", query);
                    if (!okay) printf("    expected:\n%s    actual:\n%s", want.data ? want.data : "", got.data);
                }
            }
            have = 0;
            cg_buf_reset(&want);
            if (!l) break;
            continue;
        }
        if (!have) {
            snprintf(query, sizeof query, "%s", l);
            query[strcspn(query, "\n")] = 0;
            have = 1;
        } else {
            cg_buf_puts(&want, l);
        }
    }
    fclose(f);
    cg_buf_destroy(&got);
    cg_buf_destroy(&want);
    cg_cypher_index_free(cache);
    cg_graph_free(g);
    if (!print) printf("%d checks, %d failed\n", nchecks, nfailed);
    return nfailed ? 1 : 0;
}
