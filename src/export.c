/* export.c - exporting a graph or a result subgraph to a file: picks the
 * writer by the file's extension (export_dot.c, export_graphml.c,
 * export_json.c, export_yaml.c; export_md.c, export_cypher.c,
 * export_neo4j.c for publishing), guards the files the graph was loaded
 * from, and renders pictures and the page's diagram (export_html.c)
 * through Graphviz `dot`.  Every file goes
 * through the one atomic writer (atomic.c).
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "atomic.h"
#include "exporters.h"

extern char **environ;

/* ---- formats ---- */

cg_format cg_format_from_path(const char *path)
{
    static const struct { const char *ext; cg_format fmt; } table[] = {
        { "dot", CG_FMT_DOT }, { "gv", CG_FMT_DOT },
        { "graphml", CG_FMT_GRAPHML }, { "json", CG_FMT_JSON },
        { "yaml", CG_FMT_YAML }, { "yml", CG_FMT_YAML },
        { "csv", CG_FMT_CSV }, { "tsv", CG_FMT_TSV },
        { "svg", CG_FMT_SVG }, { "png", CG_FMT_PNG }, { "pdf", CG_FMT_PDF },
        { "html", CG_FMT_HTML }, { "htm", CG_FMT_HTML },
        { "md", CG_FMT_MD }, { "cypher", CG_FMT_CYPHER }, { "neo4j", CG_FMT_NEO4J },
    };
    /* trailing slashes name the same file (a directory: `export case.neo4j/`) */
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    const char *base = path;
    for (size_t i = 0; i < n; i++)
        if (path[i] == '/') base = path + i + 1;
    const char *dot = NULL;
    for (const char *c = base; c < path + n; c++)
        if (*c == '.') dot = c;
    if (!dot || dot == base) return CG_FMT_UNKNOWN;
    size_t elen = (size_t)(path + n - dot - 1);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strlen(table[i].ext) == elen && strncasecmp(dot + 1, table[i].ext, elen) == 0) return table[i].fmt;
    return CG_FMT_UNKNOWN;
}

/* ---- the loaded-file guard ---- */

int cg_export_check_target(const cg_graph *g, const char *path, int force, cg_error *err)
{
    if (force || !g) return 0;
    struct stat st;
    if (stat(path, &st) != 0) return 0;       /* does not exist: cannot be loaded */
    char *real = realpath(path, NULL);
    for (size_t i = 0; i < g->nfiles; i++) {
        struct stat fs;
        int same = 0;
        if (stat(g->files[i], &fs) == 0)
            same = fs.st_dev == st.st_dev && fs.st_ino == st.st_ino;
        if (!same && real) {
            char *r2 = realpath(g->files[i], NULL);
            if (r2) { same = strcmp(real, r2) == 0; free(r2); }
        }
        if (same) {
            free(real);
            cg_error_set(err, 0, "%s was loaded as a graph; use '>!' or 'export %s force' to overwrite",
                         path, path);
            return -1;
        }
    }
    free(real);
    return 0;
}

/* ---- writing files ---- */

typedef struct export_ctx {
    const cg_graph *g;
    const cg_selection *sel;
    cg_format fmt;
    const cg_write_opts *o;
    int md_view;               /* CG_FMT_MD: a cg_md_view */
} export_ctx;

static int write_format(FILE *f, void *vctx, cg_error *err)
{
    export_ctx *c = vctx;
    switch (c->fmt) {
    case CG_FMT_DOT: return cg_export_dot(f, c->g, c->sel, c->o, err);
    case CG_FMT_GRAPHML: return cg_export_graphml(f, c->g, c->sel, c->o, err);
    case CG_FMT_JSON: return cg_export_json(f, c->g, c->sel, c->o, err);
    case CG_FMT_YAML: return cg_export_yaml(f, c->g, c->sel, c->o, err);
    case CG_FMT_MD: return cg_export_md(f, c->g, c->sel, (cg_md_view)c->md_view, c->o, err);
    case CG_FMT_CYPHER: return cg_export_cypher(f, c->g, c->sel, c->o, err);
    default:
        cg_error_set(err, 0, "internal error: no writer for this format");
        return -1;
    }
}

/* The program that renders pictures: $CASEGRAPH_DOT if set (for tests and
 * unusual installs), else `dot` from PATH. */
static const char *dot_program(void)
{
    const char *p = getenv("CASEGRAPH_DOT");
    return (p && *p) ? p : "dot";
}

/* Runs Graphviz on the DOT text in `in`: dot -T<tflag> writes opath (-o)
 * when it is not NULL, else the stream out.  No shell is involved; dot's
 * standard error is kept for the message.  Returns 0, or -1 with err set. */
static int run_dot(FILE *in, const char *tflag, const char *opath, FILE *out, const cg_write_opts *o,
                   cg_error *err)
{
    FILE *errf = NULL;
    int rc = -1;
    posix_spawn_file_actions_t fa;
    int fa_ready = 0;

    errf = tmpfile();
    if (!errf) {
        cg_error_set(err, 0, "cannot create a temporary file: %s", strerror(errno));
        goto out;
    }
    if (fflush(in) != 0 || ferror(in)) {
        cg_error_set(err, 0, "cannot write a temporary file: %s", strerror(errno));
        goto out;
    }
    rewind(in);

    const char *prog = dot_program();
    char *argv[] = { (char *)prog, (char *)tflag, opath ? (char *)"-o" : NULL, (char *)opath, NULL };
    if (posix_spawn_file_actions_init(&fa) != 0) {
        cg_error_set(err, 0, "cannot run Graphviz: out of memory");
        goto out;
    }
    fa_ready = 1;
    posix_spawn_file_actions_adddup2(&fa, fileno(in), 0);
    posix_spawn_file_actions_adddup2(&fa, fileno(errf), 2);
    if (out) posix_spawn_file_actions_adddup2(&fa, fileno(out), 1);
    else posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int sr = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
    if (sr != 0) {
        if (sr == ENOENT)
            cg_error_set(err, 0, "Graphviz 'dot' not found; install the graphviz package");
        else
            cg_error_set(err, 0, "cannot run Graphviz '%s': %s", prog, strerror(sr));
        goto out;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            cg_error_set(err, 0, "cannot wait for Graphviz: %s", strerror(errno));
            goto out;
        }
    }
    /* Ctrl-C reaches dot too (the same process group): it died of it, or
     * finished first; either way the caller asked for no file */
    if (cg_writer_cancelled(o, 0, err)) goto out;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        /* posix_spawnp may report a missing program only through the child
         * (exit 127) on some C libraries. */
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
            cg_error_set(err, 0, "Graphviz 'dot' not found; install the graphviz package");
            goto out;
        }
        char msg[512] = "";
        rewind(errf);
        size_t n = fread(msg, 1, sizeof msg - 1, errf);
        msg[n] = '\0';
        char *nl = strchr(msg, '\n');
        if (nl) *nl = '\0';
        char safe[512];
        cg_escape_safe(msg, safe, sizeof safe);
        if (WIFEXITED(status))
            cg_error_set(err, 0, "Graphviz 'dot' failed (exit %d)%s%s", WEXITSTATUS(status),
                         safe[0] ? ": " : "", safe);
        else
            cg_error_set(err, 0, "Graphviz 'dot' was killed by signal %d", WTERMSIG(status));
        goto out;
    }
    rc = 0;
out:
    if (fa_ready) posix_spawn_file_actions_destroy(&fa);
    if (errf) fclose(errf);
    return rc;
}

/* Renders the DOT text of (g, sel) with Graphviz into path: the DOT goes to
 * dot's standard input from an unlinked temporary file, dot writes the
 * atomic writer's temporary file, which is then put in place.  Returns 0,
 * or -1 with err set (path untouched). */
static int render_picture(const cg_graph *g, const cg_selection *sel, const char *path,
                          cg_format fmt, const cg_write_opts *o, cg_error *err)
{
    const char *tflag = fmt == CG_FMT_SVG ? "-Tsvg" : fmt == CG_FMT_PNG ? "-Tpng" : "-Tpdf";
    FILE *in = NULL;
    int rc = -1, begun = 0;
    cg_atomic a;

    if (cg_atomic_begin(&a, path, 0, err) < 0) goto out;
    begun = 1;
    in = tmpfile();
    if (!in) {
        cg_error_set(err, 0, "cannot create a temporary file: %s", strerror(errno));
        goto out;
    }
    if (cg_export_dot(in, g, sel, o, err) < 0) goto out;
    if (run_dot(in, tflag, a.tmpname, NULL, o, err) < 0) goto out;
    begun = 0;
    rc = cg_atomic_commit(&a, NULL, err);
out:
    if (begun) cg_atomic_abort(&a);
    if (in) fclose(in);
    return rc;
}

/* ---- the page (.html) ---- */

typedef struct html_ctx {
    const cg_graph *g;
    const cg_selection *sel;
    const cg_html_page *page;
    const cg_write_opts *o;
} html_ctx;

static int write_html(FILE *f, void *vctx, cg_error *err)
{
    html_ctx *c = vctx;
    return cg_export_html(f, c->g, c->sel, c->page, c->o, err);
}

int cg_export_html_file(const cg_graph *g, const cg_selection *sel, const char *path,
                        const cg_result *const *tables, size_t ntables, const cg_write_opts *o, cg_error *err)
{
    FILE *in = NULL, *svgf = NULL;
    char *svg = NULL;
    int rc = -1;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cg_error_set(err, 0, "cannot write '%s': is a directory", path);
        return -1;
    }
    in = tmpfile();
    svgf = tmpfile();
    if (!in || !svgf) {
        cg_error_set(err, 0, "cannot create a temporary file: %s", strerror(errno));
        goto out;
    }
    if (cg_export_dot_ids(in, g, sel, o, err) < 0) goto out;
    if (run_dot(in, "-Tsvg", NULL, svgf, o, err) < 0) goto out;
    /* the SVG into memory: the page holds it inline */
    off_t len = lseek(fileno(svgf), 0, SEEK_END);
    if (len < 0 || lseek(fileno(svgf), 0, SEEK_SET) < 0) {
        cg_error_set(err, 0, "cannot read Graphviz's output: %s", strerror(errno));
        goto out;
    }
    svg = malloc((size_t)len + 1);
    if (!svg) {
        cg_error_set(err, 0, "cannot read Graphviz's output: out of memory");
        goto out;
    }
    if (fread(svg, 1, (size_t)len, svgf) != (size_t)len) {
        cg_error_set(err, 0, "cannot read Graphviz's output: %s", strerror(errno));
        goto out;
    }
    svg[len] = '\0';
    cg_html_page page = { svg, (size_t)len, tables, ntables };
    html_ctx c = { g, sel, &page, o };
    rc = cg_atomic_write(path, write_html, &c, o, err);
out:
    free(svg);
    if (in) fclose(in);
    if (svgf) fclose(svgf);
    return rc;
}

int cg_export_md_file(const cg_graph *g, const cg_selection *sel, const char *path, int view,
                      const cg_write_opts *o, cg_error *err)
{
    export_ctx c = { g, sel, CG_FMT_MD, o, view };
    return cg_atomic_write(path, write_format, &c, o, err);
}

/* ---- the .neo4j directory ---- */

#define EXPORT_NEO4J_MARKER ".casegraph-neo4j"

static FILE *neo4j_open(void *ctx, const char *name, cg_error *err)
{
    return cg_atomic_dir_open(ctx, name, err);
}

static int neo4j_close(void *ctx, FILE *f, cg_error *err)
{
    return cg_atomic_dir_close(ctx, f, err);
}

/* The directory's name as a shell word for import.txt: its last component,
 * single-quoted unless made of safe characters alone.  Returns malloc'd. */
static char *neo4j_dir_word(const char *path)
{
    char *p = cg_xstrdup(path);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') p[--n] = '\0';
    const char *slash = strrchr(p, '/');
    const char *base = slash && slash[1] ? slash + 1 : p;
    cg_buf b;
    cg_buf_init(&b);
    int safe = 1;
    for (const char *q = base; *q; q++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._+,:@%/", *q)) safe = 0;
    if (safe) {
        cg_buf_puts(&b, base);
    } else {
        cg_buf_putc(&b, '\'');
        for (const char *q = base; *q; q++) {
            if (*q == '\'') cg_buf_puts(&b, "'\\''");
            else cg_buf_putc(&b, *q);
        }
        cg_buf_putc(&b, '\'');
    }
    free(p);
    return b.data;
}

/* Writes the import directory of (g, sel) at path, whole or not at all. */
static int export_neo4j_dir(const cg_graph *g, const cg_selection *sel, const char *path, const cg_write_opts *o,
                            cg_error *err)
{
    cg_atomic_dir d;
    if (cg_atomic_dir_begin(&d, path, EXPORT_NEO4J_MARKER, err) < 0) return -1;
    char *word = neo4j_dir_word(path);
    cg_neo4j_sink sink = { neo4j_open, neo4j_close, &d, word };
    int rc = cg_export_neo4j(&sink, g, sel, o, err);
    free(word);
    if (rc < 0) {
        cg_atomic_dir_abort(&d);
        return -1;
    }
    return cg_atomic_dir_commit(&d, o, err);
}

int cg_export_file(const cg_graph *g, const cg_selection *sel, const char *path, const cg_write_opts *o,
                   cg_error *err)
{
    cg_format fmt = cg_format_from_path(path);
    if (fmt == CG_FMT_NEO4J) return export_neo4j_dir(g, sel, path, o, err);    /* a directory */
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cg_error_set(err, 0, "cannot write '%s': is a directory", path);
        return -1;
    }
    switch (fmt) {
    case CG_FMT_DOT: case CG_FMT_GRAPHML: case CG_FMT_JSON: case CG_FMT_YAML: {
        export_ctx c = { g, sel, fmt, o, 0 };
        return cg_atomic_write(path, write_format, &c, o, err);
    }
    case CG_FMT_CYPHER: {
        export_ctx c = { g, sel, fmt, o, 0 };
        return cg_atomic_write(path, write_format, &c, o, err);
    }
    case CG_FMT_MD:     /* a query's result without its command: its edges, else its nodes */
        return cg_export_md_file(g, sel, path, !sel ? CG_MD_WHOLE : sel->nedges ? CG_MD_EDGES : CG_MD_NODES, o, err);
    case CG_FMT_SVG: case CG_FMT_PNG: case CG_FMT_PDF:
        return render_picture(g, sel, path, fmt, o, err);
    case CG_FMT_HTML:
        return cg_export_html_file(g, sel, path, NULL, 0, o, err);
    case CG_FMT_CSV: case CG_FMT_TSV:
        cg_error_set(err, 0, "'%s': CSV and TSV hold a query's result table; redirect a query to it "
                     "(export writes .dot, .gv, .graphml, .json, .yaml, .svg, .png, .pdf, .html, .md, .cypher or .neo4j)", path);
        return -1;
    default:
        cg_error_set(err, 0, "'%s': unknown export format; use .dot, .gv, .graphml, .json, .yaml, "
                     ".csv, .tsv, .svg, .png, .pdf, .html, .md, .cypher or .neo4j", path);
        return -1;
    }
}
