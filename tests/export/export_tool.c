/* export_tool.c - drives the exporters for tests/suites/export.sh.
 *
 *   export_tool [-c] [-f] [-s ID,ID,...] OUT[,OUT...] GRAPH...
 *       load GRAPH... and export to each OUT (format by extension); -s exports the
 *       named nodes and every edge among them; -c applies the loaded-file
 *       guard (-f: force).  Errors: "error: MSG" on stderr, exit 1.
 *   export_tool --unit DIR
 *       C-level checks (prints ok / not ok lines), scratch files in DIR.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>
#include "../../src/graph.h"
#include "../../src/loader.h"
#include "../../src/atomic.h"
#include "../../src/export.h"
#include "../../src/exporters.h"

static int checks, failed;
#define CHECK(cond, ...) do { checks++; if (cond) printf("ok - " __VA_ARGS__); \
    else { failed++; printf("not ok - " __VA_ARGS__); } printf("\n"); } while (0)

/* Selects the nodes named in a comma-separated list and the edges among
 * them. */
static int select_ids(const cg_graph *g, const char *list, cg_selection *s)
{
    unsigned char *in = calloc(g->nnodes + 1, 1);
    char *copy = strdup(list);
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        int32_t n = cg_graph_find_node(g, tok);
        if (n < 0) { fprintf(stderr, "error: no node %s\n", tok); return -1; }
        in[n] = 1;
    }
    free(copy);
    cg_selection_init(s);
    s->nodes = malloc((g->nnodes + 1) * sizeof *s->nodes);
    s->edges = malloc((g->nedges + 1) * sizeof *s->edges);
    for (size_t i = 0; i < g->nnodes; i++) if (in[i]) s->nodes[s->nnodes++] = (int32_t)i;
    for (size_t i = 0; i < g->nedges; i++)
        if (in[g->edges[i].from] && in[g->edges[i].to]) s->edges[s->nedges++] = (int32_t)i;
    free(in);
    return 0;
}

/* ---- unit checks ---- */

static const char *I(cg_graph *g, const char *s) { return cg_strpool_intern_cstr(&g->strings, s); }

/* A graph built by hand, with text the loader never produces. */
static cg_graph *hostile_graph(const char *name_text, const char *attr_text)
{
    cg_graph *g = cg_graph_new();
    CG_GROW(g->nodes, g->nodes_cap, 2);
    memset(g->nodes, 0, 2 * sizeof *g->nodes);
    g->nodes[0].id = I(g, "a"); g->nodes[0].kind = I(g, "person"); g->nodes[0].name = I(g, name_text);
    g->nodes[1].id = I(g, "b"); g->nodes[1].kind = I(g, "person"); g->nodes[1].name = I(g, "b");
    cg_attr *at = cg_arena_alloc(&g->arena, sizeof *at);
    at->key = I(g, "note"); at->text = I(g, attr_text); at->plain = 0;
    g->nodes[1].attrs = at; g->nodes[1].nattrs = 1;
    g->nnodes = 2;
    CG_GROW(g->edges, g->edges_cap, 1);
    memset(g->edges, 0, sizeof *g->edges);
    g->edges[0].from = 0; g->edges[0].to = 1; g->edges[0].type = I(g, "sued");
    g->nedges = 1;
    cg_graph_finish(g);
    return g;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

/* Number of directory entries whose name contains `part`. */
static int count_entries(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) if (strstr(e->d_name, part)) n++;
    if (d) closedir(d);
    return n;
}

static int failing_writer(FILE *f, void *ctx, cg_error *err)
{
    (void)ctx;
    fputs("partial content", f);
    cg_error_set(err, 0, "the writer failed on purpose");
    return -1;
}

static int hello_writer(FILE *f, void *ctx, cg_error *err)
{
    (void)err;
    fputs((const char *)ctx, f);
    return 0;
}

static void unit(const char *dir)
{
    char p[4096], q[4096];
    cg_error err;

    CHECK(cg_format_from_path("a.dot") == CG_FMT_DOT, "format .dot");
    CHECK(cg_format_from_path("dir.x/a.GV") == CG_FMT_DOT, "format .GV (case-insensitive)");
    CHECK(cg_format_from_path("a.GraphML") == CG_FMT_GRAPHML, "format .GraphML");
    CHECK(cg_format_from_path("a.json") == CG_FMT_JSON, "format .json");
    CHECK(cg_format_from_path("a.yml") == CG_FMT_YAML && cg_format_from_path("a.yaml") == CG_FMT_YAML, "format .yaml/.yml");
    CHECK(cg_format_from_path("a.csv") == CG_FMT_CSV && cg_format_from_path("a.tsv") == CG_FMT_TSV, "format .csv/.tsv");
    CHECK(cg_format_from_path("a.svg") == CG_FMT_SVG && cg_format_from_path("a.PNG") == CG_FMT_PNG
          && cg_format_from_path("a.pdf") == CG_FMT_PDF, "format .svg/.png/.pdf");
    CHECK(cg_format_from_path("a.txt") == CG_FMT_UNKNOWN && cg_format_from_path("json") == CG_FMT_UNKNOWN
          && cg_format_from_path("d.json/x") == CG_FMT_UNKNOWN && cg_format_from_path(".json") == CG_FMT_UNKNOWN,
          "format unknown for .txt, no extension, a dot in a directory, a dotfile");

    /* a failing writer leaves the old file and no temporary */
    snprintf(p, sizeof p, "%s/keep.json", dir);
    spit(p, "old content\n");
    chmod(p, 0640);
    cg_error_clear(&err);
    int rc = cg_atomic_write(p, failing_writer, NULL, NULL, &err);
    char *txt = slurp(p);
    CHECK(rc == -1 && err.set && strstr(err.msg, "on purpose"), "atomic write: writer error is reported");
    CHECK(txt && strcmp(txt, "old content\n") == 0, "atomic write: writer error leaves the old file");
    free(txt);
    CHECK(count_entries(dir, ".tmp-") == 0, "atomic write: writer error leaves no temporary file");

    /* success keeps the permission bits */
    cg_error_clear(&err);
    rc = cg_atomic_write(p, hello_writer, "new content\n", NULL, &err);
    txt = slurp(p);
    struct stat st;
    stat(p, &st);
    CHECK(rc == 0 && txt && strcmp(txt, "new content\n") == 0, "atomic write replaces the file");
    CHECK((st.st_mode & 0777) == 0640, "atomic write keeps the mode 0640 (got %o)", (unsigned)(st.st_mode & 0777));
    free(txt);

    /* a new file: 0666 less the umask */
    umask(027);
    snprintf(q, sizeof q, "%s/new.json", dir);
    unlink(q);
    cg_error_clear(&err);
    rc = cg_atomic_write(q, hello_writer, "x", NULL, &err);
    stat(q, &st);
    CHECK(rc == 0 && (st.st_mode & 0777) == 0640, "new file gets 0666 & ~umask (umask 027: 0640, got %o)",
          (unsigned)(st.st_mode & 0777));
    umask(022);

    /* a directory as target */
    cg_error_clear(&err);
    rc = cg_atomic_write(dir, hello_writer, "x", NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "is a directory"), "atomic write to a directory: clean error (%s)", err.msg);

    /* a missing directory */
    snprintf(q, sizeof q, "%s/no/such/dir/x.json", dir);
    cg_error_clear(&err);
    rc = cg_atomic_write(q, hello_writer, "x", NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "No such file"), "atomic write into a missing directory: clean error (%s)", err.msg);

    /* GraphML with a control character: an error naming the node and key, no file */
    cg_graph *g = hostile_graph("fine", "bell\athere");
    snprintf(q, sizeof q, "%s/ctl.graphml", dir);
    unlink(q);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "node 'b'") && strstr(err.msg, "'note'") && strstr(err.msg, "U+0007"),
          "graphml: control character is an error naming node and attribute (%s)", err.msg);
    CHECK(access(q, F_OK) != 0 && count_entries(dir, ".tmp-") == 0, "graphml: no file and no temporary after the error");
    /* the same graph in JSON and YAML is fine */
    snprintf(q, sizeof q, "%s/ctl.json", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    txt = slurp(q);
    CHECK(rc == 0 && txt && strstr(txt, "\"note\":\"bell\\u0007there\""), "json: control character as \\u0007");
    free(txt);
    snprintf(q, sizeof q, "%s/ctl.yaml", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    txt = slurp(q);
    CHECK(rc == 0 && txt && strstr(txt, "note: \"bell\\x07there\""), "yaml: control character as \\x07");
    free(txt);
    cg_graph_free(g);

    /* U+FFFE in a name: GraphML error naming the node's name */
    g = hostile_graph("x\xEF\xBF\xBEy", "ok");
    snprintf(q, sizeof q, "%s/fffe.graphml", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "node 'a' name") && strstr(err.msg, "U+FFFE"), "graphml: U+FFFE is an error (%s)", err.msg);
    cg_graph_free(g);

    /* invalid UTF-8: GraphML and YAML errors, JSON and DOT replace it */
    g = hostile_graph("bad\xC3(", "ok");
    snprintf(q, sizeof q, "%s/utf.graphml", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "not valid UTF-8"), "graphml: invalid UTF-8 is an error (%s)", err.msg);
    snprintf(q, sizeof q, "%s/utf.yaml", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "not valid UTF-8") && access(q, F_OK) != 0, "yaml: invalid UTF-8 is an error, no file (%s)", err.msg);
    snprintf(q, sizeof q, "%s/utf.json", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    txt = slurp(q);
    CHECK(rc == 0 && txt && strstr(txt, "\"bad\\ufffd(\""), "json: invalid UTF-8 byte as \\ufffd");
    free(txt);
    cg_graph_free(g);

    /* unknown / table formats */
    g = hostile_graph("n", "v");
    snprintf(q, sizeof q, "%s/x.txt", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "unknown export format"), "unknown extension: error (%s)", err.msg);
    snprintf(q, sizeof q, "%s/x.csv", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    CHECK(rc == -1 && access(q, F_OK) != 0, "export to .csv: error, no file (%s)", err.msg);

    /* the loaded-file guard */
    snprintf(p, sizeof p, "%s/loaded.yaml", dir);
    spit(p, "nodes: []\n");
    const char *files[1] = { p };
    g->files = malloc(sizeof files);
    g->files[0] = I(g, p);
    g->nfiles = 1;
    snprintf(q, sizeof q, "%s/./loaded.yaml", dir);
    cg_error_clear(&err);
    rc = cg_export_check_target(g, q, 0, &err);
    char want[8300];
    snprintf(want, sizeof want, "%s was loaded as a graph; use '>!' or 'export %s force' to overwrite", q, q);
    CHECK(rc == -1 && strcmp(err.msg, want) == 0, "guard: refuses a loaded file by another name (%s)", err.msg);
    snprintf(q, sizeof q, "%s/link.yaml", dir);
    unlink(q);
    if (symlink(p, q) == 0) {
        cg_error_clear(&err);
        CHECK(cg_export_check_target(g, q, 0, &err) == -1, "guard: refuses a symlink to a loaded file");
    }
    cg_error_clear(&err);
    CHECK(cg_export_check_target(g, q, 1, &err) == 0, "guard: force allows it");
    snprintf(q, sizeof q, "%s/other.yaml", dir);
    spit(q, "x");
    cg_error_clear(&err);
    CHECK(cg_export_check_target(g, q, 0, &err) == 0, "guard: another existing file is allowed");
    snprintf(q, sizeof q, "%s/none.yaml", dir);
    CHECK(cg_export_check_target(g, q, 0, &err) == 0, "guard: a new file is allowed");
    cg_graph_free(g);
    (void)files;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--unit") == 0) {
        unit(argv[2]);
        printf("# %d checks, %d failed\n", checks, failed);
        return failed ? 1 : 0;
    }
    int guard = 0, force = 0, i = 1;
    const char *ids = NULL;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-c") == 0) guard = 1;
        else if (strcmp(argv[i], "-f") == 0) force = 1;
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) ids = argv[++i];
        else { fprintf(stderr, "usage: export_tool [-c] [-f] [-s IDS] OUT GRAPH...\n"); return 2; }
    }
    if (argc - i < 2) { fprintf(stderr, "usage: export_tool [-c] [-f] [-s IDS] OUT GRAPH...\n"); return 2; }
    const char *out = argv[i];
    cg_diag d;
    cg_diag_init(&d);
    cg_graph *g = cg_load((const char *const *)argv + i + 1, (size_t)(argc - i - 1), &d, NULL, NULL);
    if (!g) {
        cg_diag_print(&d, stderr);
        cg_diag_destroy(&d);
        return 3;
    }
    cg_diag_destroy(&d);
    cg_selection sel, *sp = NULL;
    if (ids) {
        if (select_ids(g, ids, &sel) < 0) return 1;
        sp = &sel;
    }
    cg_error err;
    cg_error_clear(&err);
    int rc = 0;
    /* OUT may be several files separated by commas: each is written, and a
     * failure of one does not stop the others */
    char *outs = strdup(out);
    for (char *o = strtok(outs, ","); o; o = strtok(NULL, ",")) {
        cg_error_clear(&err);
        int r = 0;
        if (guard && cg_export_check_target(g, o, force, &err) < 0) r = -1;
        if (r == 0) r = cg_export_file(g, sp, o, NULL, &err);
        if (r < 0) { fprintf(stderr, "error: %s\n", err.msg); rc = -1; }
    }
    free(outs);
    if (sp) cg_selection_destroy(sp);
    cg_graph_free(g);
    return rc < 0 ? 1 : 0;
}
