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
#include "diff.h"
#include "graph.h"
#include "import.h"
#include "loader.h"
#include "output.h"
#include "shell.h"

#define CG_VERSION "1.0.0"

static void usage(FILE *out)
{
    fputs("usage: casegraph [OPTION]... [GRAPH]...\n"
          "       casegraph [-o FORMAT] diff OLD NEW\n"
          "       casegraph import [--declare] [-O FILE] FILE...\n"
          "Load legal-case graphs (YAML files or directories) and query them.\n"
          "\n"
          "  -e QUERY        run QUERY (repeatable); no REPL unless -i\n"
          "  -f SCRIPT       run the queries in SCRIPT (repeatable; - is standard input)\n"
          "  -i              start the REPL after -e/-f\n"
          "  -o FORMAT       output format: table (default), line, tsv, csv, json\n"
          "      --check     load and validate, print 'N nodes, M edges, K sources', exit\n"
          "                  (not with -e or -f)\n"
          "      --keep-going  in scripts, go on after a failed query\n"
          "      --safe      for scripts from someone else: refuse load, export and\n"
          "                  every redirection; write nothing but the output\n"
          "  -q              no banner, no progress\n"
          "  -h, --help      this help\n"
          "  -V, --version   the version\n"
          "\n"
          "With no GRAPH, the bundled graphs are loaded; GRAPH - reads a graph file\n"
          "from standard input.  -e and -f run in command-line order.  With neither,\n"
          "the REPL starts when standard input is a terminal; otherwise standard\n"
          "input is read as a script.  Type 'help' in the REPL for the query language.\n"
          "\n"
          "Subcommands:\n"
          "  casegraph [-o FMT] diff OLD NEW   what changed from OLD to NEW (each a file,\n"
          "                  a directory or -): rows of change, what, id, field, old,\n"
          "                  new; exit 0 the same, 1 they differ\n"
          "  casegraph import [--declare] [-O FILE] FILE...   spreadsheets (.csv, .tsv)\n"
          "                  into a casegraph YAML file (its own --help)\n"
          "\n"
          "Exit status: 0 success, 1 a query failed, 2 usage error or an unwritable\n"
          "or refused output, 3 the graph failed to load.\n", out);
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
        { "safe", no_argument, NULL, 'S' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    /* subcommands (SPEC 3): their own options, their own files */
    if (argc > 1 && strcmp(argv[1], "import") == 0) return cg_import_main(argc - 1, argv + 1);
    cg_shell_item *items = cg_xcalloc((size_t)argc + 1, sizeof *items);
    unsigned char *stdin_graph = NULL;
    cg_shell_opts o;
    memset(&o, 0, sizeof o);
    int check = 0, c, status, script_stdin = 0;
    cg_outfmt fmt;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":e:f:io:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': case 'f':
            items[o.nitems].script = c == 'f';
            items[o.nitems++].text = optarg;
            if (c == 'f' && strcmp(optarg, "-") == 0) script_stdin = 1;
            break;
        case 'i': o.interactive = 1; break;
        case 'o':
            if (cg_outfmt_parse(optarg, &fmt) < 0) {
                fputs("casegraph: unknown output format '", stderr);
                cg_fputs_safe(optarg, stderr);
                fputs("' (table, line, tsv, csv, json)\n", stderr);
                status = 2;
                goto out;
            }
            o.format = optarg;
            break;
        case 'S': o.safe = 1; break;
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
    o.items = items;
    if (check && o.nitems) {
        fputs("casegraph: --check only loads and validates; it cannot be combined with -e or -f\n"
              "Try 'casegraph --help'.\n", stderr);
        status = 2;
        goto out;
    }


    /* casegraph [-o FMT] diff OLD NEW (diff.c; getopt has put the operands last) */
    int diff = optind < argc && strcmp(argv[optind], "diff") == 0;
    if (diff && (status = diff_args(argc - optind - 1, argv + optind + 1,
                                    o.nitems || check || o.interactive || o.keep_going)) != 0)
        goto out;
    optind += diff;

    char bundled[4300];
    const char *const *paths = (const char *const *)argv + optind;
    size_t npaths = (size_t)(argc - optind);
    const char *one[1];
    if (npaths == 0 && !diff) {
        one[0] = bundled_graphs(bundled, sizeof bundled);
        paths = one;
        npaths = 1;
    }
    /* GRAPH - : the graph file on standard input, read whole now (a `load`
     * in the session reads every graph again) */
    size_t ndash = 0;
    for (size_t i = 0; i < npaths; i++) ndash += strcmp(paths[i], "-") == 0;
    if (ndash) {
        const char *why = ndash > 1 ? "standard input can be read as a graph only once"
                        : diff ? NULL
                        : script_stdin ? "standard input cannot be both the graph and a script (-f -)"
                        : !o.nitems && !check ? "the graph comes from standard input: give the queries with -e or -f"
                        : NULL;
        if (why) {
            fprintf(stderr, "casegraph: %s\nTry 'casegraph --help'.\n", why);
            status = 2;
            goto out;
        }
        size_t len = 0, cap = 0;
        size_t got;
        do {
            CG_GROW(stdin_graph, cap, len + 65536);
            got = fread(stdin_graph + len, 1, cap - len, stdin);
            len += got;
        } while (got > 0);
        if (ferror(stdin)) {
            perror("casegraph: reading the graph from standard input");
            status = 3;
            goto out;
        }
        cg_load_set_stdin(stdin_graph, len);
        cg_diag_source("<stdin>", stdin_graph, len);   /* its errors quote their lines too */
    }

    progress_state ps;
    clock_gettime(CLOCK_MONOTONIC, &ps.start);
    ps.shown = 0;
    int show = !o.quiet && isatty(STDERR_FILENO);
    o.progress = show;
    if (diff) {
        status = diff_run(paths[0], paths[1], o.format, show ? show_progress : NULL, &ps);
        goto out;
    }
    cg_diag diag;
    cg_diag_init(&diag);
    cg_graph *g = cg_load(paths, npaths, &diag, show ? show_progress : NULL, &ps);
    cg_diag_print(&diag, stderr);
    cg_diag_destroy(&diag);
    if (!g) {
        status = 3;
        goto out;
    }
    if (check) {
        printf("%zu node%s, %zu edge%s, %zu source%s\n", g->nnodes, cg_s(g->nnodes), g->nedges, cg_s(g->nedges),
               g->nsources, cg_s(g->nsources));
        cg_graph_free(g);
        status = 0;
        goto out;
    }
    status = cg_shell_main(g, paths, npaths, &o);
out:
    free(items);
    free(stdin_graph);
    if (fflush(stdout) != 0 && status == 0) {
        perror("casegraph: writing the output");
        status = 2;
    }
    return status;
}
