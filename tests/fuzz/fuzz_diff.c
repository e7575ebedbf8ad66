/* fuzz_diff.c - libFuzzer target: `casegraph diff` of arbitrary bytes as a
 * graph file against a fixed graph, both ways, and against itself.
 *
 * The bytes load through cg_load_buffer (as fuzz_load); a graph that loads
 * is compared with a small fixed graph in both directions and with itself,
 * and the rows are written in every output format to /dev/null.  The
 * invariants: a graph against itself has no rows; against the fixed graph
 * the row counts of the two directions are equal (added and removed swap).
 *
 *   make fuzz && build/fuzz/fuzz_diff -max_total_time=60 build/fuzz/corpus/diff
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/diag.h"
#include "../../src/diff.h"
#include "../../src/graph.h"
#include "../../src/loader.h"
#include "../../src/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
static cg_graph *fixed;

static const char fixed_text[] =
    "casegraph: 1\nname: fixed\nkinds: [venue]\ntypes: {raided: {from: [agency]}}\n"
    "sources:\n  - {id: s1, title: One, pages: 3}\n"
    "nodes:\n  - {id: a, kind: person, aliases: [A], votes: 5}\n  - {id: b, kind: agency, name: B}\n"
    "  - {id: v, kind: venue}\n"
    "edges:\n  - {from: b, to: v, type: raided, date: 2017, source: s1}\n"
    "  - {from: a, to: b, type: urged}\n  - {from: a, to: b, type: urged, note: again}\n";

/* Rows of diff(x, y), written in every format. */
static size_t diff_all_formats(const cg_graph *x, const cg_graph *y)
{
    cg_result r;
    cg_buf notes;
    cg_buf_init(&notes);
    size_t n = diff_graphs(x, y, &r, &notes);
    for (int f = 0; f <= CG_OUT_LINE; f++) cg_output_write(devnull, &r, (cg_outfmt)f, f % 2, f == 0 ? 80 : 0);
    cg_result_destroy(&r);
    cg_buf_destroy(&notes);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!devnull) devnull = fopen("/dev/null", "w");
    if (!devnull) return 0;
    if (!fixed) {
        cg_diag fd;
        cg_diag_init(&fd);
        fixed = cg_load_buffer("fixed.yaml", (const unsigned char *)fixed_text, sizeof fixed_text - 1, &fd);
        cg_diag_destroy(&fd);
        if (!fixed) abort();
    }
    cg_diag d;
    cg_diag_init(&d);
    cg_graph *g = cg_load_buffer("fuzz.yaml", data, size, &d);
    cg_diag_destroy(&d);
    if (!g) return 0;
    if (diff_all_formats(g, g) != 0) abort();             /* the same graph: no rows */
    if (diff_all_formats(fixed, g) != diff_all_formats(g, fixed)) abort();
    cg_graph_free(g);
    return 0;
}
