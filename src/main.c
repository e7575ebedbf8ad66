/* main.c - options, loading the graph, choosing how to run, exit codes. */
#include <getopt.h>
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "algo.h"
#include "diag.h"
#include "graph.h"
#include "loader.h"
#include "shell.h"

#define CG_VERSION "1.0.0"

static void usage(FILE *out)
{
    fputs("usage: casegraph [OPTION]... [GRAPH]...\n"
          "Load legal-case graphs (YAML files or directories) and query them.\n"
          "\n"
          "  -e QUERY        run QUERY (repeatable); no REPL unless -i\n"
          "  -f SCRIPT       run the queries in SCRIPT (repeatable; - is standard input)\n"
          "  -i              start the REPL after -e/-f\n"
          "  -o FORMAT       output format: table (default), line, tsv, csv, json\n"
          "      --check     load and validate, print 'N nodes, M edges, K sources', exit\n"
          "      --keep-going  in scripts, go on after a failed query\n"
          "  -q              no banner, no progress\n"
          "  -h, --help      this help\n"
          "  -V, --version   the version\n"
          "\n"
          "With no GRAPH, the bundled graphs are loaded.  With neither -e nor -f, the\n"
          "REPL starts when standard input is a terminal; otherwise standard input is\n"
          "read as a script.  Type 'help' in the REPL for the query language.\n"
          "\n"
          "Exit status: 0 success, 1 a query failed, 2 usage error or unwritable\n"
          "output, 3 the graph failed to load.\n", out);
}

/* The bundled graphs: graphs/ beside the executable in a source tree, else
 * ../share/casegraph/graphs relative to it (an installed copy, wherever its
 * PREFIX), else the data directory named at build time. */
static const char *bundled_graphs(char *buf, size_t sz)
{
    char exe[4096];
    struct stat st;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char probe[4200];
            snprintf(probe, sizeof probe, "%s/src/main.c", exe);
            snprintf(buf, sz, "%s/graphs", exe);
            if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode) && stat(probe, &st) == 0) return buf;
            snprintf(buf, sz, "%s/../share/casegraph/graphs", exe);
            if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode)) return buf;
        }
    }
#ifdef CG_DATADIR
    snprintf(buf, sz, "%s/graphs", CG_DATADIR);
    if (stat(buf, &st) == 0) return buf;
#endif
    snprintf(buf, sz, "graphs");
    return buf;
}

typedef struct progress_state {
    struct timespec start;
    int shown;
} progress_state;

static double elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(const char *file, size_t done, size_t total, void *ctx)
{
    progress_state *ps = ctx;
    if (!ps->shown && elapsed(&ps->start) < 1.0 && done < total) return;
    if (!ps->shown && done >= total) return;   /* finished within a second: say nothing */
    ps->shown = 1;
    fprintf(stderr, "\rloading ");
    cg_fputs_safe(file, stderr);
    if (total)
        fprintf(stderr, ": %zu/%zu MB (%d%%)\033[K", done >> 20, total >> 20, (int)(100.0 * (double)done / (double)total));
    if (done >= total) fputc('\n', stderr);
    fflush(stderr);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "check", no_argument, NULL, 'C' },
        { "keep-going", no_argument, NULL, 'K' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    const char **exprs = cg_xcalloc((size_t)argc + 1, sizeof *exprs);
    const char **scripts = cg_xcalloc((size_t)argc + 1, sizeof *scripts);
    cg_shell_opts o;
    memset(&o, 0, sizeof o);
    int check = 0, c, status;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":e:f:io:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': exprs[o.nexprs++] = optarg; break;
        case 'f': scripts[o.nscripts++] = optarg; break;
        case 'i': o.interactive = 1; break;
        case 'o':
            if (strcmp(optarg, "table") && strcmp(optarg, "tsv") && strcmp(optarg, "csv") && strcmp(optarg, "json") && strcmp(optarg, "line")) {
                fprintf(stderr, "casegraph: unknown output format '%s' (table, line, tsv, csv, json)\n", optarg);
                status = 2;
                goto out;
            }
            o.format = optarg;
            break;
        case 'q': o.quiet = 1; break;
        case 'C': check = 1; break;
        case 'K': o.keep_going = 1; break;
        case 'h': usage(stdout); status = 0; goto out;
        case 'V': printf("casegraph %s (igraph %s)\n", CG_VERSION, IGRAPH_VERSION); status = 0; goto out;
        case ':':
            fprintf(stderr, "casegraph: option '%s' needs an argument\n", argv[optind - 1]);
            fprintf(stderr, "Try 'casegraph --help'.\n");
            status = 2;
            goto out;
        default:
            if (optopt)
                fprintf(stderr, "casegraph: unknown option '-%c'\n", optopt);
            else
                fprintf(stderr, "casegraph: unknown option '%s'\n", argv[optind - 1]);
            fprintf(stderr, "Try 'casegraph --help'.\n");
            status = 2;
            goto out;
        }
    }
    o.exprs = exprs;
    o.scripts = scripts;

    /* igraph's default error handler aborts the process: replace it before
     * the loader's igraph_create runs. */
    cg_algo_igraph_setup();

    char bundled[4300];
    const char *const *paths = (const char *const *)argv + optind;
    size_t npaths = (size_t)(argc - optind);
    const char *one[1];
    if (npaths == 0) {
        one[0] = bundled_graphs(bundled, sizeof bundled);
        paths = one;
        npaths = 1;
    }

    cg_diag diag;
    cg_diag_init(&diag);
    progress_state ps;
    clock_gettime(CLOCK_MONOTONIC, &ps.start);
    ps.shown = 0;
    int show = !o.quiet && isatty(STDERR_FILENO);
    cg_algo_set_progress(show);
    cg_graph *g = cg_load(paths, npaths, &diag, show ? show_progress : NULL, &ps);
    cg_diag_print(&diag, stderr);
    cg_diag_destroy(&diag);
    if (!g) {
        status = 3;
        goto out;
    }
    if (check) {
        printf("%zu nodes, %zu edges, %zu sources\n", g->nnodes, g->nedges, g->nsources);
        cg_graph_free(g);
        status = 0;
        goto out;
    }
    status = cg_shell_main(g, paths, npaths, &o);
out:
    free(exprs);
    free(scripts);
    if (fflush(stdout) != 0 && status == 0) {
        perror("casegraph: writing the output");
        status = 2;
    }
    return status;
}
