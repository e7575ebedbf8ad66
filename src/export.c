/* export.c - selections, formats, the atomic file writer, the loaded-file
 * guard, and rendering pictures through Graphviz `dot`.
 *
 * Every exporter writes through cg_atomic_write: a temporary file in the
 * target's directory, flushed, fsync'd and closed, then renamed over the
 * target.  The writers themselves live in export_dot.c, export_graphml.c,
 * export_json.c and export_yaml.c.
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

extern char **environ;

/* ---- selections ---- */

void cg_selection_init(cg_selection *s)
{
    memset(s, 0, sizeof *s);
}

void cg_selection_destroy(cg_selection *s)
{
    if (!s) return;
    free(s->nodes);
    free(s->edges);
    memset(s, 0, sizeof *s);
}

/* Fills s (initialised, or destroyed before) with every node and edge of g;
 * the caller destroys it. */
void cg_selection_all(cg_selection *s, const cg_graph *g)
{
    s->nnodes = g->nnodes;
    s->nedges = g->nedges;
    s->nodes = cg_xmalloc((g->nnodes ? g->nnodes : 1) * sizeof *s->nodes);
    s->edges = cg_xmalloc((g->nedges ? g->nedges : 1) * sizeof *s->edges);
    for (size_t i = 0; i < g->nnodes; i++) s->nodes[i] = (int32_t)i;
    for (size_t i = 0; i < g->nedges; i++) s->edges[i] = (int32_t)i;
}

/* The selection a writer works on: sel itself, or the whole graph in *tmp
 * (which the caller destroys either way). */
const cg_selection *cg_export_view(const cg_graph *g, const cg_selection *sel, cg_selection *tmp)
{
    cg_selection_init(tmp);
    if (sel) return sel;
    cg_selection_all(tmp, g);
    return tmp;
}

/* ---- text helpers shared by the writers ---- */

/* Writes s as a JSON string literal (with the quotes): `"` and `\` escaped,
 * control characters (C0, DEL and C1) as \n, \t, ... or \u00XX, U+2028/U+2029 as \u escapes,
 * invalid UTF-8 bytes as \ufffd. */
void cg_json_put_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    putc('"', f);
    while (n > 0) {
        /* a run of printable ASCII other than '"' and '\\' is written at once */
        size_t k = cg_quoted_plain_run(p, n);
        if (k) {
            fwrite(p, 1, k, f);
            p += k; n -= k;
            continue;
        }
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) {
            fputs("\\ufffd", f);
            p++; n--;
            continue;
        }
        switch (cp) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        case '\b': fputs("\\b", f); break;
        case '\f': fputs("\\f", f); break;
        default:
            /* C1 controls too: U+009B is a terminal's CSI */
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
                fprintf(f, "\\u%04x", (unsigned)cp);
            else
                fwrite(p, 1, (size_t)len, f);
        }
        p += len; n -= (size_t)len;
    }
    putc('"', f);
}

/* The canonical text of a typed attribute value (a plain scalar that
 * cg_classify_scalar put in type t): integers without sign or leading zeros
 * as %lld, doubles in round-trip form always with a '.' or exponent,
 * booleans as true/false.  out holds at least 64 bytes. */
void cg_export_number(const char *text, cg_valtype t, char *out, size_t outsz)
{
    if (t == CG_VAL_INT) {
        snprintf(out, outsz, "%lld", strtoll(text, NULL, 10));
    } else if (t == CG_VAL_DOUBLE) {
        cg_format_double(strtod(text, NULL), out, outsz);
        if (!strpbrk(out, ".eEni") && strlen(out) + 3 < outsz) strcat(out, ".0");
    } else {
        snprintf(out, outsz, "%s", text);
    }
}

/* The type an attribute value is written with: the key's type across the
 * graph (which is never other than text unless every value of the key is a
 * plain scalar of that type). */
cg_valtype cg_export_attr_type(const cg_graph *g, int is_edge, const cg_attr *a)
{
    if (!a->plain) return CG_VAL_TEXT;
    cg_valtype t = cg_graph_key_type(g, is_edge, a->key);
    if (t != CG_VAL_TEXT && cg_classify_scalar(a->text) != t) return CG_VAL_TEXT;
    return t;
}

/* ---- cancellation ---- */

int cg_export_cancelled(const cg_export_opts *o, size_t i, cg_error *err)
{
    if (!o || !o->cancel || (i & 4095) != 0 || !o->cancel(o->ctx)) return 0;
    cg_error_set(err, 0, "interrupted");
    return 1;
}

/* ---- formats ---- */

cg_format cg_format_from_path(const char *path)
{
    static const struct { const char *ext; cg_format fmt; } table[] = {
        { "dot", CG_FMT_DOT }, { "gv", CG_FMT_DOT },
        { "graphml", CG_FMT_GRAPHML }, { "json", CG_FMT_JSON },
        { "yaml", CG_FMT_YAML }, { "yml", CG_FMT_YAML },
        { "csv", CG_FMT_CSV }, { "tsv", CG_FMT_TSV },
        { "svg", CG_FMT_SVG }, { "png", CG_FMT_PNG }, { "pdf", CG_FMT_PDF },
    };
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) return CG_FMT_UNKNOWN;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(dot + 1, table[i].ext) == 0) return table[i].fmt;
    return CG_FMT_UNKNOWN;
}

/* ---- atomic writes ---- */

/* The mode a new file gets: 0666 less the umask. */
static mode_t new_file_mode(void)
{
    mode_t m = umask(022);
    umask(m);
    return 0666 & ~m;
}

/* The file actually replaced when writing `path`: a symbolic link is
 * followed (the file it names is replaced, the link kept), so an export to a
 * link updates what it points to.  Returns a malloc'd path. */
static char *resolve_target(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *r = realpath(path, NULL);
        if (r) return r;
    }
    return cg_xstrdup(path);
}

/* Creates a temporary file next to target (same directory, so rename is
 * atomic).  Returns the fd and the malloc'd name in *tmpname, or -1 with err
 * set. */
static int make_temp(const char *target, const char *shown, char **tmpname, cg_error *err)
{
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = slash ? slash + 1 : target;
    cg_buf b;
    cg_buf_init(&b);
    cg_buf_append(&b, target, dirlen);
    cg_buf_printf(&b, ".%s.tmp-XXXXXX", base);
    int fd = mkstemp(b.data);
    if (fd < 0) {
        int e = errno;
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%.*s", dirlen > 1 ? (int)dirlen - 1 : dirlen ? 1 : 1,
                 dirlen ? target : ".");
        cg_error_set(err, 0, "cannot write '%s': cannot create a file in directory '%s': %s",
                     shown, dir, strerror(e));
        cg_buf_destroy(&b);
        return -1;
    }
    *tmpname = b.data;   /* handed over */
    return fd;
}

/* Checks that path can be a file we replace: not a directory, not some other
 * non-regular file.  Fills *mode with the mode the new file should get. */
static int check_writable_target(const char *path, const char *shown, mode_t *mode, cg_error *err)
{
    struct stat st;
    if (path[0] == '\0') {
        cg_error_set(err, 0, "no file name given");
        return -1;
    }
    size_t n = strlen(path);
    if (path[n - 1] == '/') {
        cg_error_set(err, 0, "cannot write '%s': is a directory", shown);
        return -1;
    }
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            cg_error_set(err, 0, "cannot write '%s': is a directory", shown);
            return -1;
        }
        if (!S_ISREG(st.st_mode)) {
            cg_error_set(err, 0, "cannot write '%s': not a regular file", shown);
            return -1;
        }
        *mode = st.st_mode & 07777;
    } else {
        *mode = new_file_mode();
    }
    return 0;
}

/* Makes a rename in target's directory durable (best effort: a file system
 * that cannot fsync a directory is not an error). */
static void sync_dir_of(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash ? cg_xstrndup(target, slash == target ? 1 : (size_t)(slash - target)) : cg_xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Writes path atomically: fn writes the content into a temporary file in
 * path's directory, which is flushed, fsync'd, closed and renamed over path.
 * The file keeps the permission bits of the file it replaces (a new one gets
 * 0666 less the umask).  Returns 0, or -1 with err set; on failure path is
 * untouched and no temporary file is left. */
int cg_atomic_write(const char *path, cg_write_fn fn, void *ctx, cg_error *err)
{
    return cg_atomic_write_with(path, fn, ctx, NULL, err);
}

int cg_atomic_write_with(const char *path, cg_write_fn fn, void *ctx, const cg_export_opts *o, cg_error *err)
{
    char *target = resolve_target(path);
    char *tmpname = NULL;
    FILE *f = NULL;
    int rc = -1;
    mode_t mode;

    if (check_writable_target(target, path, &mode, err) < 0) goto out;
    int fd = make_temp(target, path, &tmpname, err);
    if (fd < 0) goto out;
    if (fchmod(fd, mode) < 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        close(fd);
        goto fail;
    }
    f = fdopen(fd, "w");
    if (!f) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        close(fd);
        goto fail;
    }
    if (fn(f, ctx, err) < 0) {
        if (!err->set) cg_error_set(err, 0, "cannot write '%s'", path);
        goto fail;
    }
    if (fflush(f) != 0 || ferror(f)) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
        goto fail;
    }
    if (fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    if (cg_export_cancelled(o, 0, err)) goto fail;   /* the last moment to keep the old file */
    FILE *cf = f;
    f = NULL;
    if (fclose(cf) != 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    if (rename(tmpname, target) != 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    sync_dir_of(target);
    rc = 0;
    goto out;
fail:
    if (f) fclose(f);
    unlink(tmpname);
out:
    free(tmpname);
    free(target);
    return rc;
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
    const cg_export_opts *o;
} export_ctx;

static int write_format(FILE *f, void *vctx, cg_error *err)
{
    export_ctx *c = vctx;
    switch (c->fmt) {
    case CG_FMT_DOT: return cg_export_dot(f, c->g, c->sel, c->o, err);
    case CG_FMT_GRAPHML: return cg_export_graphml(f, c->g, c->sel, c->o, err);
    case CG_FMT_JSON: return cg_export_json(f, c->g, c->sel, c->o, err);
    case CG_FMT_YAML: return cg_export_yaml(f, c->g, c->sel, c->o, err);
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

/* Renders the DOT text of (g, sel) with Graphviz into path: the DOT goes to
 * dot's standard input from an unlinked temporary file, dot writes a
 * temporary file next to path, which is then renamed over path.  No shell is
 * involved.  Returns 0, or -1 with err set (path untouched). */
static int render_picture(const cg_graph *g, const cg_selection *sel, const char *path,
                          cg_format fmt, const cg_export_opts *o, cg_error *err)
{
    const char *tflag = fmt == CG_FMT_SVG ? "-Tsvg" : fmt == CG_FMT_PNG ? "-Tpng" : "-Tpdf";
    char *target = resolve_target(path);
    char *tmpname = NULL;
    FILE *in = NULL, *errf = NULL;
    int rc = -1, fd = -1;
    mode_t mode;
    posix_spawn_file_actions_t fa;
    int fa_ready = 0;

    if (check_writable_target(target, path, &mode, err) < 0) goto out;
    in = tmpfile();
    errf = tmpfile();
    if (!in || !errf) {
        cg_error_set(err, 0, "cannot create a temporary file: %s", strerror(errno));
        goto out;
    }
    if (cg_export_dot(in, g, sel, o, err) < 0) goto out;
    if (fflush(in) != 0 || ferror(in)) {
        cg_error_set(err, 0, "cannot write a temporary file: %s", strerror(errno));
        goto out;
    }
    rewind(in);
    fd = make_temp(target, path, &tmpname, err);
    if (fd < 0) goto out;
    if (fchmod(fd, mode) < 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }

    const char *prog = dot_program();
    char *argv[] = { (char *)prog, (char *)tflag, (char *)"-o", tmpname, NULL };
    if (posix_spawn_file_actions_init(&fa) != 0) {
        cg_error_set(err, 0, "cannot run Graphviz: out of memory");
        goto fail;
    }
    fa_ready = 1;
    posix_spawn_file_actions_adddup2(&fa, fileno(in), 0);
    posix_spawn_file_actions_adddup2(&fa, fileno(errf), 2);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int sr = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
    if (sr != 0) {
        if (sr == ENOENT)
            cg_error_set(err, 0, "Graphviz 'dot' not found; install the graphviz package");
        else
            cg_error_set(err, 0, "cannot run Graphviz '%s': %s", prog, strerror(sr));
        goto fail;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            cg_error_set(err, 0, "cannot wait for Graphviz: %s", strerror(errno));
            goto fail;
        }
    }
    /* Ctrl-C reaches dot too (the same process group): it died of it, or
     * finished first; either way the caller asked for no file */
    if (cg_export_cancelled(o, 0, err)) goto fail;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        /* posix_spawnp may report a missing program only through the child
         * (exit 127) on some C libraries. */
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
            cg_error_set(err, 0, "Graphviz 'dot' not found; install the graphviz package");
            goto fail;
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
        goto fail;
    }
    if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    close(fd);
    fd = -1;
    if (rename(tmpname, target) != 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        goto fail;
    }
    sync_dir_of(target);
    rc = 0;
    goto out;
fail:
    unlink(tmpname);
out:
    if (fa_ready) posix_spawn_file_actions_destroy(&fa);
    if (fd >= 0) close(fd);
    if (in) fclose(in);
    if (errf) fclose(errf);
    free(tmpname);
    free(target);
    return rc;
}

int cg_export_file(const cg_graph *g, const cg_selection *sel, const char *path, cg_error *err)
{
    return cg_export_file_with(g, sel, path, NULL, err);
}

int cg_export_file_with(const cg_graph *g, const cg_selection *sel, const char *path, const cg_export_opts *o,
                        cg_error *err)
{
    cg_format fmt = cg_format_from_path(path);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cg_error_set(err, 0, "cannot write '%s': is a directory", path);
        return -1;
    }
    switch (fmt) {
    case CG_FMT_DOT: case CG_FMT_GRAPHML: case CG_FMT_JSON: case CG_FMT_YAML: {
        export_ctx c = { g, sel, fmt, o };
        return cg_atomic_write_with(path, write_format, &c, o, err);
    }
    case CG_FMT_SVG: case CG_FMT_PNG: case CG_FMT_PDF:
        return render_picture(g, sel, path, fmt, o, err);
    case CG_FMT_CSV: case CG_FMT_TSV:
        cg_error_set(err, 0, "'%s': CSV and TSV hold a query's result table; redirect a query to it "
                     "(export writes .dot, .gv, .graphml, .json, .yaml, .svg, .png or .pdf)", path);
        return -1;
    default:
        cg_error_set(err, 0, "'%s': unknown export format; use .dot, .gv, .graphml, .json, .yaml, "
                     ".csv, .tsv, .svg, .png or .pdf", path);
        return -1;
    }
}
