/* publish_tool.c - C-level checks of the publishing writers (the publish
 * suite builds it over the library sources): the extensions, a cancel
 * (Ctrl-C) at the first record and at the last moment before the rename,
 * for .md, .cypher and .neo4j: the old file or directory is kept and no
 * temporary is left; an error mid-way through the .neo4j files (a key with
 * ':') leaves the old directory too.
 *
 * usage: publish_tool DIR GRAPH.yaml      (DIR: an empty scratch directory)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/diag.h"
#include "../../src/export.h"
#include "../../src/exporters.h"
#include "../../src/loader.h"

static int checks, failed;
#define CHECK(cond, ...) do { checks++; if (cond) printf("ok - " __VA_ARGS__); \
    else { failed++; printf("not ok - " __VA_ARGS__); } printf("\n"); } while (0)

static int calls;
static int cancel_after;       /* cancel from this poll on (1: the first) */
static int cancel_poll(void *ctx)
{
    (void)ctx;
    return ++calls >= cancel_after;
}

/* Entries of dir whose name holds part. */
static int count_entries(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL)
        if (strstr(de->d_name, part)) n++;
    if (d) closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) { fputs(text, f); fclose(f); }
}

static cg_graph *load(const char *path)
{
    cg_diag d;
    cg_diag_init(&d);
    const char *paths[1] = { path };
    cg_graph *g = cg_load(paths, 1, &d, NULL, NULL);
    cg_diag_destroy(&d);
    return g;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: publish_tool DIR GRAPH.yaml\n");
        return 2;
    }
    const char *dir = argv[1];
    char p[4096], q[4096];
    cg_error err;
    cg_graph *g = load(argv[2]);
    if (!g) {
        fprintf(stderr, "publish_tool: %s does not load\n", argv[2]);
        return 2;
    }

    CHECK(cg_format_from_path("a.md") == CG_FMT_MD && cg_format_from_path("a.MD") == CG_FMT_MD, "format .md");
    CHECK(cg_format_from_path("a.cypher") == CG_FMT_CYPHER, "format .cypher");
    CHECK(cg_format_from_path("case.neo4j") == CG_FMT_NEO4J && cg_format_from_path("x/case.Neo4j") == CG_FMT_NEO4J,
          "format .neo4j");

    static const char *const files[] = { "x.md", "x.cypher" };
    for (int k = 0; k < 2; k++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[k]);
        for (int at = 1; at <= 2; at++) {
            spit(p, "old\n");
            calls = 0;
            /* 1: the first record's poll; 2: the one before the rename */
            cancel_after = at == 1 ? 1 : 1000000;
            cg_write_opts o = { cancel_poll, NULL };
            cg_error_clear(&err);
            int rc;
            if (at == 2) {
                /* count the polls of a whole write first, then cancel at the last */
                cg_write_opts count = { cancel_poll, NULL };
                rc = cg_export_file(g, NULL, p, &count, &err);
                cancel_after = calls;
                calls = 0;
                spit(p, "old\n");
                cg_error_clear(&err);
            }
            rc = cg_export_file(g, NULL, p, &o, &err);
            char *txt = slurp(p);
            CHECK(rc == -1 && err.set && strstr(err.msg, "interrupted"), "%s: a cancel at poll %d is reported (%s)",
                  files[k], cancel_after, err.msg);
            CHECK(txt && strcmp(txt, "old\n") == 0, "%s: a cancel %s leaves the old file", files[k],
                  at == 1 ? "at the first record" : "before the rename");
            CHECK(count_entries(dir, ".tmp-") == 0, "%s: ... and no temporary file", files[k]);
        }
    }

    /* .neo4j: a first export, then cancelled ones keep it */
    snprintf(p, sizeof p, "%s/case.neo4j", dir);
    cg_error_clear(&err);
    int rc = cg_export_file(g, NULL, p, NULL, &err);
    snprintf(q, sizeof q, "%s/import.txt", p);
    CHECK(rc == 0 && slurp(q) && strstr(slurp(q), "neo4j-admin database import full"), "neo4j: written (%s)", err.msg);
    snprintf(q, sizeof q, "%s/mine.txt", p);
    spit(q, "a file of the old directory\n");
    calls = 0;
    cancel_after = 1;
    cg_write_opts o = { cancel_poll, NULL };
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, p, &o, &err);
    CHECK(rc == -1 && strstr(err.msg, "interrupted"), "neo4j: a cancel is reported (%s)", err.msg);
    char *txt = slurp(q);
    CHECK(txt && strcmp(txt, "a file of the old directory\n") == 0, "neo4j: a cancel leaves the old directory");
    CHECK(count_entries(dir, ".tmp-") == 0, "neo4j: ... and no temporary directory");

    /* an error after some files are written */
    cg_graph *bad = NULL;
    snprintf(q, sizeof q, "%s/colon.yaml", dir);
    spit(q, "nodes:\n  - {id: a, kind: person, name: A}\n  - {id: b, kind: senator, \"k:v\": 1}\n");
    bad = load(q);
    CHECK(bad != NULL, "neo4j: the graph with a ':' key loads");
    if (bad) {
        cg_error_clear(&err);
        rc = cg_export_file(bad, NULL, p, NULL, &err);
        snprintf(q, sizeof q, "%s/mine.txt", p);
        txt = slurp(q);
        CHECK(rc == -1 && strstr(err.msg, "'k:v'"), "neo4j: a ':' key is an error naming it (%s)", err.msg);
        CHECK(txt && strcmp(txt, "a file of the old directory\n") == 0 && count_entries(dir, ".tmp-") == 0,
              "neo4j: the error leaves the old directory and no temporary one");
        cg_graph_free(bad);
    }

    /* a directory casegraph did not write, a file by that name */
    snprintf(q, sizeof q, "%s/theirs.neo4j", dir);
    mkdir(q, 0755);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "casegraph did not write it") && count_entries(q, "") == 2,
          "neo4j: a directory without the marker is refused and left empty as it was (%s)", err.msg);
    snprintf(q, sizeof q, "%s/file.neo4j", dir);
    spit(q, "x");
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    CHECK(rc == -1 && strstr(err.msg, "not a directory"), "neo4j: a file by that name is refused (%s)", err.msg);
    /* a trailing slash names the same directory */
    snprintf(q, sizeof q, "%s/case.neo4j/", dir);
    cg_error_clear(&err);
    rc = cg_export_file(g, NULL, q, NULL, &err);
    snprintf(q, sizeof q, "%s/case.neo4j/mine.txt", dir);
    CHECK(rc == 0 && access(q, F_OK) != 0, "neo4j: 'case.neo4j/' replaces case.neo4j (%s)", err.msg);

    cg_graph_free(g);
    printf("%d checks, %d failed\n", checks, failed);
    return failed ? 1 : 0;
}
