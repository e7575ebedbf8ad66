/* fuzz_import.c - libFuzzer target: arbitrary bytes as spreadsheets for
 * `casegraph import` (csv.c, import.c).
 *
 * The first byte chooses the dialect of each table (bit 0: the first is
 * .tsv, bit 1: the second, ...) and bit 7 --declare; the rest is split
 * into up to three tables at each line "=====".  The diagnostics are
 * printed to /dev/null.  When the import succeeds, its YAML (the exporter's,
 * as `import` writes it) must load back without an error: the output
 * passes --check, whatever the input.
 *
 *   make fuzz && build/fuzz/fuzz_import -max_total_time=60 build/fuzz/corpus/import
 */
#define _GNU_SOURCE 1    /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/diag.h"
#include "../../src/exporters.h"
#include "../../src/graph.h"
#include "../../src/import.h"
#include "../../src/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    if (!devnull) devnull = fopen("/dev/null", "w");
    unsigned flags = data[0];
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    const char *bufs[3];
    size_t lens[3], n = 0;
    static const char sep[] = "\n=====\n";
    while (n < 3) {
        const char *q = n < 2 ? memmem(p, (size_t)(end - p), sep, sizeof sep - 1) : NULL;
        bufs[n] = p;
        lens[n] = q ? (size_t)(q - p) + 1 : (size_t)(end - p);
        n++;
        if (!q) break;
        p = q + sizeof sep - 1;
    }
    static const char *const csv[] = { "a.csv", "b.csv", "c.csv" }, *const tsv[] = { "a.tsv", "b.tsv", "c.tsv" };
    const char *names[3];
    for (size_t i = 0; i < n; i++) names[i] = (flags >> i) & 1 ? tsv[i] : csv[i];
    cg_import_opts o = { (flags & 0x80) != 0 };
    cg_diag d;
    cg_diag_init(&d);
    cg_import_bufs *keep = NULL;
    cg_graph *g = cg_import_read_buffers(names, bufs, lens, n, &o, &d, &keep);
    if (devnull) cg_diag_print(&d, devnull);
    if (g && d.nerrors) abort();            /* all or nothing */
    if (!g && d.nerrors == 0) abort();      /* a failure says why */
    cg_diag_destroy(&d);
    if (g) {
        char *yaml = NULL;
        size_t ylen = 0;
        FILE *m = open_memstream(&yaml, &ylen);
        cg_error err;
        cg_error_clear(&err);
        if (!m) abort();
        int rc = cg_export_yaml(m, g, NULL, NULL, &err);
        fclose(m);
        if (rc < 0) abort();                /* import checked what YAML cannot hold */
        cg_diag d2;
        cg_diag_init(&d2);
        cg_graph *back = cg_load_buffer("import.yaml", (const unsigned char *)yaml, ylen, &d2);
        if (!back || d2.nerrors) {
            cg_diag_print(&d2, stderr);
            abort();                        /* the output must pass --check */
        }
        if (back->nnodes != g->nnodes || back->nedges != g->nedges || back->nsources != g->nsources) abort();
        cg_graph_free(back);
        cg_diag_destroy(&d2);
        free(yaml);
        cg_graph_free(g);
    }
    cg_import_buffers_free(keep);
    return 0;
}
