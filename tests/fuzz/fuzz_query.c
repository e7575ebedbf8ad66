/* fuzz_query.c - libFuzzer target: arbitrary bytes as a query script.
 *
 * Each input runs, line by line (at most 64 lines), through cg_query_run in a
 * fresh session over a small graph (a copy of tests/graphs/small.yaml, loaded
 * from a file so that `load` works as it does for a user); output goes to
 * /dev/null.  Sanitizers catch memory errors and leaks; libFuzzer's -timeout
 * and -rss_limit_mb catch hangs and unbounded memory.
 *
 * Safety: queries may write files (`> FILE`, `export`).  Each input runs in a
 * scratch directory (under /tmp), emptied after it; any input that could
 * name a file (it contains `>`, `export` or `load`, in any case) must not
 * contain `/` or `~`, so every path stays inside the scratch directory.
 * Graphviz is never run ($CASEGRAPH_DOT points nowhere).
 *
 *   make fuzz && build/fuzz/fuzz_query -max_total_time=60 build/fuzz/corpus/query
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/diag.h"
#include "../../src/graph.h"
#include "../../src/loader.h"
#include "../../src/query.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES 64

/* tests/graphs/small.yaml */
static const char small_yaml[] =
    "# small.yaml - a hand-made graph for the query tests (tests/queries/*.test).\n"
    "# Parallel edges (a-b three times), a self-loop (e), an isolated node (iso),\n"
    "# a separate part (mccaskill, x, y), partial dates, an undated edge, and\n"
    "# three edges between e and f on the same date (ties in date order).\n"
    "casegraph: 1\n"
    "name: small\n"
    "sources:\n"
    "  - {id: s1, title: First source, publisher: Pub One, date: 2018-01-02}\n"
    "  - {id: s2, title: Second source, publisher: Pub Two, date: 2019}\n"
    "nodes:\n"
    "  - {id: a, kind: person, name: Alice Adams, aliases: [AA], age: 40}\n"
    "  - {id: b, kind: person, name: Bob Brown, aliases: [Boss], age: 7}\n"
    "  - {id: c, kind: company, name: Cee Corp}\n"
    "  - {id: d, kind: company, name: Dee Inc}\n"
    "  - {id: e, kind: agency, name: Echo Agency}\n"
    "  - {id: f, kind: person, name: Frank, aliases: [boss]}\n"
    "  - {id: iso, kind: person, name: Isolated}\n"
    "  - {id: mccaskill, kind: senator, name: Claire McCaskill, party: D}\n"
    "  - {id: x, kind: bill, name: X Bill}\n"
    "  - {id: y, kind: law, name: Y Law}\n"
    "edges:\n"
    "  - {from: a, to: b, type: employs, date: 2017-03, source: [s1, s2]}\n"
    "  - {from: a, to: c, type: owns, date: 2016, source: s1}\n"
    "  - {from: b, to: d, type: sued, date: 2018-05-01, source: s1}\n"
    "  - {from: c, to: d, type: sued, date: 2017, source: s1}\n"
    "  - {from: d, to: e, type: investigated, source: s2}\n"
    "  - {from: a, to: b, type: employs, date: 2015, source: s1}\n"
    "  - {from: e, to: e, type: investigated, date: 2019, source: s2}\n"
    "  - {from: b, to: a, type: urged, date: 2014, source: s1}\n"
    "  - {from: x, to: y, type: amends, date: 2020, source: s2}\n"
    "  - {from: f, to: e, type: sued, date: 2019-02, source: s2}\n"
    "  - {from: mccaskill, to: x, type: sponsored, date: 2017-08-01, source: s1}\n"
    "  - {from: f, to: e, type: charged, date: 2019-02, source: s2}\n"
    "  - {from: e, to: f, type: investigated, date: 2019-02, source: s2}\n"
    ;

static FILE *devnull;
static char graph_path[256];
static char work_dir[256];
static int home_fd = -1;   /* the directory libFuzzer runs in */

/* Makes the scratch directories, writes the graph file and hides Graphviz.
 * Called once by libFuzzer.  (The process must stay in its directory between
 * inputs: libFuzzer's -fork mode and relative corpus paths rely on it.) */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    char base[] = "/tmp/cg-fuzz-query-XXXXXX";
    if (!mkdtemp(base)) { perror("mkdtemp"); exit(1); }
    snprintf(graph_path, sizeof graph_path, "%s/small.yaml", base);
    snprintf(work_dir, sizeof work_dir, "%s/work", base);
    FILE *f = fopen(graph_path, "w");
    if (!f || fputs(small_yaml, f) < 0 || fclose(f) != 0) { perror(graph_path); exit(1); }
    if (mkdir(work_dir, 0700) != 0) { perror(work_dir); exit(1); }
    home_fd = open(".", O_RDONLY | O_DIRECTORY);
    if (home_fd < 0) { perror("."); exit(1); }
    setenv("CASEGRAPH_DOT", "/nonexistent/dot", 1);
    devnull = fopen("/dev/null", "w");
    if (!devnull) { perror("/dev/null"); exit(1); }
    return 0;
}

/* 1 if the ASCII-lowercased data contains word. */
static int contains_ci(const uint8_t *data, size_t size, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= size; i++) {
        size_t k = 0;
        while (k < n && (data[i + k] | 0x20) == word[k]) k++;
        if (k == n) return 1;
    }
    return 0;
}

/* Removes every file the input left in the scratch directory (exports
 * write files, never directories). */
static void clean_work_dir(void)
{
    DIR *d = opendir(".");
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) unlink(de->d_name);
    closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024) return -1;
    if ((memchr(data, '/', size) || memchr(data, '~', size)) &&
        (memchr(data, '>', size) || contains_ci(data, size, "export") || contains_ci(data, size, "load")))
        return -1;   /* could name a file outside the scratch directory */

    const char *paths[] = { graph_path };
    cg_diag d;
    cg_diag_init(&d);
    cg_graph *g = cg_load(paths, 1, &d, NULL, NULL);
    cg_diag_destroy(&d);
    if (!g) abort();
    if (chdir(work_dir) != 0) abort();
    cg_session *s = cg_session_new(g, paths, 1);
    cg_session_set_quiet(s, 1);
    cg_session_set_match_steps(s, 200000);   /* an exponential pattern stops ("step limit") */

    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *line = text;
    for (int n = 0; line && n < MAX_LINES; n++) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        cg_error err;
        cg_error_clear(&err);
        cg_interrupted = 0;
        int rc = cg_query_run(s, line, devnull, &err);
        if ((rc == CG_Q_FAILED || rc == CG_Q_UNWRITABLE) && !err.set) abort();   /* a failure says why */
        if (rc == CG_Q_QUIT) break;
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    cg_session_free(s);
    clean_work_dir();
    if (fchdir(home_fd) != 0) abort();
    return 0;
}
