/* repl.c - GNU readline behind small wrappers: one line at a time through
 * readline's callback interface (so Ctrl-C can discard a half-typed line
 * without killing anything), the history file, and Tab completion.
 *
 * Ctrl-C: SIGINT is caught (sigaction without SA_RESTART) by a handler that
 * only sets two flags, repl_sigint and cg_interrupted.  While a line is being
 * read SIGINT is blocked except inside pselect(), so the flag is always seen:
 * the line is dropped and cg_repl_read returns CG_REPL_CANCEL.  While a query
 * runs SIGINT is not blocked and cg_interrupted makes the engine stop.
 *
 * History: $XDG_STATE_HOME/casegraph/history (default
 * ~/.local/state/casegraph/history), one query per line, at most
 * REPL_HISTORY_MAX lines.  It is rewritten after every query: the file is read
 * again (another session may have added lines), this session's new lines are
 * appended, and the result goes to a temporary file that is renamed over the
 * old one, so a failure never leaves a truncated history.  Input that is not
 * a terminal (-i with a pipe) is not recorded.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

#include "repl.h"
#include "atomic.h"
#include "algo.h"
#include "cypher.h"
#include "output.h"
#include "parser.h"
#include "util.h"

#define REPL_HISTORY_MAX 1000

static cg_session *repl_session;
static volatile sig_atomic_t repl_sigint, repl_sigwinch, repl_sigtstp, repl_fatal;
static struct sigaction repl_old_int, repl_old_winch;
static int repl_ready;

static char *repl_line;         /* set by repl_on_line */
static int repl_got_line;

static char *hist_path;         /* NULL: no history file */
static int hist_broken;         /* the file exists but could not be read: never write it */
static int hist_warned;
static char **hist_unsaved;     /* this session's lines not yet in the file */
static size_t hist_nunsaved, hist_unsaved_cap;
static char *hist_last;         /* the last line added, for de-duplication */

/* ---------------------------------------------------------------- signals */

/* SIGINT: note it; the engine polls cg_interrupted, the reader repl_sigint. */
static void repl_on_sigint(int sig)
{
    (void)sig;
    repl_sigint = 1;
    cg_interrupted = 1;
}

static void repl_on_sigwinch(int sig)
{
    (void)sig;
    repl_sigwinch = 1;
}

static void repl_on_sigtstp(int sig)
{
    (void)sig;
    repl_sigtstp = 1;
}

static void repl_on_fatal(int sig)
{
    repl_fatal = sig;
}

/* SIGTERM, SIGHUP or SIGQUIT while reading: restore the terminal, then die
 * of the signal as if it had not been caught. */
static void repl_die(int sig)
{
    sigset_t set;
    rl_callback_handler_remove();
    signal(sig, SIG_DFL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    raise(sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    _exit(128 + sig);
}

/* Ctrl-Z while reading: give the terminal back, stop, and on `fg` take the
 * terminal again and redraw the prompt and the line being typed. */
static void repl_suspend(void)
{
    struct sigaction dfl, mine;
    sigset_t tstp;
    rl_cleanup_after_signal();
    memset(&dfl, 0, sizeof dfl);
    sigemptyset(&dfl.sa_mask);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGTSTP, &dfl, &mine);
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    raise(SIGTSTP);                          /* pending: SIGTSTP is blocked */
    sigprocmask(SIG_UNBLOCK, &tstp, NULL);   /* stops here until SIGCONT */
    sigprocmask(SIG_BLOCK, &tstp, NULL);
    sigaction(SIGTSTP, &mine, NULL);
    rl_reset_after_signal();
    rl_forced_update_display();
}

/* ---------------------------------------------------------------- history */

/* The history file's path (see repl.h).  Malloc'ed; the caller frees. */
char *cg_repl_history_path(void)
{
    const char *x = getenv("XDG_STATE_HOME");
    cg_buf b;
    cg_buf_init(&b);
    if (x && x[0] == '/') {
        cg_buf_printf(&b, "%s/casegraph/history", x);
    } else {
        const char *home = getenv("HOME");
        if (!home || !home[0]) { cg_buf_destroy(&b); return NULL; }
        cg_buf_printf(&b, "%s/.local/state/casegraph/history", home);
    }
    return b.data;
}

/* Create the directories leading to file path `path` (each missing one with
 * mode 0700).  Returns 0, or -1 with errno set. */
static int repl_mkdirs(const char *path)
{
    char *p = cg_xstrdup(path);
    char *slash = strrchr(p, '/');
    int rc = 0;
    if (slash && slash != p) {
        *slash = '\0';
        for (char *q = p + 1; ; q++) {
            if (*q == '/' || *q == '\0') {
                char c = *q;
                *q = '\0';
                if (mkdir(p, 0700) != 0 && errno != EEXIST) { rc = -1; break; }
                *q = c;
                if (c == '\0') break;
            }
        }
    }
    free(p);
    return rc;
}

static void repl_history_warn(const char *what)
{
    if (hist_warned) return;
    hist_warned = 1;
    fprintf(stderr, "casegraph: warning: %s history file ", what);
    cg_fputs_safe(hist_path, stderr);
    fprintf(stderr, ": %s\n", strerror(errno));
}

/* Read the lines of the history file into *lines (malloc'ed strings in a
 * malloc'ed array, the caller frees both).  Returns 0 (a missing file is
 * empty), or -1 with errno set. */
static int repl_history_read(char ***lines, size_t *n)
{
    size_t cap = 0;
    *lines = NULL; *n = 0;
    FILE *fp = fopen(hist_path, "r");
    if (!fp) return errno == ENOENT ? 0 : -1;
    char *line = NULL; size_t lcap = 0; ssize_t len;
    while ((len = getline(&line, &lcap, fp)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0) continue;
        CG_GROW(*lines, cap, *n + 1);
        (*lines)[(*n)++] = cg_xstrndup(line, (size_t)len);
    }
    free(line);
    int err = ferror(fp) ? errno : 0;
    fclose(fp);
    if (err) { errno = err; return -1; }
    return 0;
}

/* Merge this session's unsaved lines into the history file (see the comment
 * at the top).  Returns 0, or -1 (the old file is left as it was). */
static int repl_history_save(void)
{
    if (!hist_path || hist_broken || hist_nunsaved == 0) return 0;
    char **lines; size_t n, cap;
    FILE *fp = NULL;
    int rc = -1;
    if (repl_mkdirs(hist_path) != 0) { repl_history_warn("cannot create the directory of the"); return -1; }
    if (repl_history_read(&lines, &n) != 0) { repl_history_warn("cannot read the"); return -1; }
    cap = n;
    for (size_t i = 0; i < hist_nunsaved; i++) {
        if (n > 0 && strcmp(lines[n - 1], hist_unsaved[i]) == 0) continue;
        CG_GROW(lines, cap, n + 1);
        lines[n++] = cg_xstrdup(hist_unsaved[i]);
    }
    size_t first = n > REPL_HISTORY_MAX ? n - REPL_HISTORY_MAX : 0;

    cg_atomic a;
    cg_error err;
    cg_error_clear(&err);
    if (cg_atomic_begin(&a, hist_path, 0600, &err) < 0) { repl_history_warn("cannot write the"); goto out; }
    fp = cg_atomic_file(&a, &err);
    if (!fp) { cg_atomic_abort(&a); repl_history_warn("cannot write the"); goto out; }
    for (size_t i = first; i < n; i++) {
        fputs(lines[i], fp);
        fputc('\n', fp);
    }
    if (cg_atomic_commit(&a, NULL, &err) < 0) { repl_history_warn("cannot write the"); goto out; }
    rc = 0;
    for (size_t i = 0; i < hist_nunsaved; i++) free(hist_unsaved[i]);
    hist_nunsaved = 0;
out:
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
    return rc;
}

/* Add query to readline's list and to the file (see repl.h). */
void cg_repl_history_add(const char *query)
{
    const char *p = query;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) return;
    if (hist_last && strcmp(hist_last, query) == 0) return;
    free(hist_last);
    hist_last = cg_xstrdup(query);
    add_history(query);
    if (!hist_path || hist_broken) return;
    CG_GROW(hist_unsaved, hist_unsaved_cap, hist_nunsaved + 1);
    hist_unsaved[hist_nunsaved++] = cg_xstrdup(query);
    repl_history_save();
}

/* Load the history file into readline's list.  A file that exists but cannot
 * be read disables saving, so it is never overwritten by a partial list. */
static void repl_history_load(void)
{
    if (!isatty(STDIN_FILENO)) return;     /* -i on piped input: keep no history */
    if (cg_session_safe(repl_session)) return;   /* --safe writes no file, the history neither */
    hist_path = cg_repl_history_path();
    if (!hist_path) return;
    char **lines; size_t n;
    if (repl_history_read(&lines, &n) != 0) {
        repl_history_warn("cannot read the");
        fprintf(stderr, "casegraph: warning: history will not be saved\n");
        hist_broken = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        add_history(lines[i]);
        if (i == n - 1) hist_last = lines[i]; else free(lines[i]);
    }
    free(lines);
}

/* ------------------------------------------------------------- completion */

static const char *const repl_on_off[] = { "off", "on", NULL };
/* what `where` takes besides the attribute keys (see `help nodes`) */
static const char *const repl_where_fields[] = { "alias", "id", "kind", "name", NULL };

static char **repl_cands;
static size_t repl_ncands, repl_cands_cap, repl_cand_next;

static void repl_cand_add(const char *s)
{
    CG_GROW(repl_cands, repl_cands_cap, repl_ncands + 1);
    repl_cands[repl_ncands++] = cg_xstrdup(s);
}

/* Add the words of a NULL-terminated list that start with text (ignoring
 * case: keywords are case-insensitive). */
static void repl_cand_words(const char *const *words, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; words && words[i]; i++)
        if (strncasecmp(words[i], text, n) == 0) repl_cand_add(words[i]);
}

/* Node ids starting with text (case-sensitive), by binary search in by_id. */
static void repl_cand_ids(const cg_graph *g, const char *text)
{
    if (!g || !g->by_id || g->nnodes == 0) return;
    size_t n = strlen(text), lo = 0, hi = g->nnodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->nodes[g->by_id[mid]].id, text) < 0) lo = mid + 1; else hi = mid;
    }
    for (size_t i = lo; i < g->nnodes; i++) {
        const char *id = g->nodes[g->by_id[i]].id;
        if (strncmp(id, text, n) != 0) break;
        repl_cand_add(id);
    }
}

/* A name or alias for completion inside double quotes: `"` and `\` escaped. */
static void repl_cand_quoted(const char *s)
{
    cg_buf b;
    cg_buf_init(&b);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') cg_buf_putc(&b, '\\');
        cg_buf_putc(&b, *s);
    }
    repl_cand_add(b.data);
    cg_buf_destroy(&b);
}

/* Names and aliases starting with text (ASCII case ignored, as references
 * match names case-insensitively). */
static void repl_cand_names(const cg_graph *g, const char *text)
{
    if (!g) return;
    size_t n = strlen(text);
    for (size_t i = 0; i < g->nnodes; i++) {
        const cg_node *nd = &g->nodes[i];
        if (nd->name && strncasecmp(nd->name, text, n) == 0) repl_cand_quoted(nd->name);
        for (uint32_t a = 0; a < nd->naliases; a++)
            if (strncasecmp(nd->aliases[a], text, n) == 0) repl_cand_quoted(nd->aliases[a]);
    }
}

static void repl_cand_list(const char *const *items, size_t n, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < n; i++)
        if (strncmp(items[i], text, len) == 0) repl_cand_add(items[i]);
}

static void repl_cand_types(const cg_graph *g, const char *text)
{
    if (g) for (size_t i = 0; i < g->ntypes; i++)
        if (strncmp(g->types[i].name, text, strlen(text)) == 0) repl_cand_add(g->types[i].name);
}

static void repl_cand_sources(const cg_graph *g, const char *text)
{
    if (g) for (size_t i = 0; i < g->nsources; i++)
        if (strncmp(g->sources[i].id, text, strlen(text)) == 0) repl_cand_add(g->sources[i].id);
}

/* The keys `with` takes after cmd's name (SPEC 9): node attributes and
 * aliases, a source's fields, or edge attributes; and `all`. */
static void repl_cand_with(const cg_graph *g, const char *cmd, const char *text)
{
    size_t len = strlen(text);
    static const char *const node_extra[] = { "aliases", "all", NULL };
    static const char *const source_extra[] = { "url", "file", "note", "all", NULL };
    static const char *const edge_extra[] = { "all", NULL };
    int nodes = !strcasecmp(cmd, "nodes") || !strcasecmp(cmd, "neighbors") || !strcasecmp(cmd, "centrality");
    int sources = !strcasecmp(cmd, "sources");
    repl_cand_words(nodes ? node_extra : sources ? source_extra : edge_extra, text);
    if (!g) return;
    if (sources) {
        for (size_t s = 0; s < g->nsources; s++)
            for (uint32_t i = 0; i < g->sources[s].nattrs; i++) {
                const char *k = g->sources[s].attrs[i].key;
                size_t j;
                for (j = 0; j < repl_ncands; j++)
                    if (strcmp(repl_cands[j], k) == 0) break;
                if (j == repl_ncands && strncmp(k, text, len) == 0) repl_cand_add(k);
            }
        return;
    }
    const cg_keyinfo *keys = nodes ? g->node_keys : g->edge_keys;
    size_t n = nodes ? g->nnode_keys : g->nedge_keys;
    for (size_t i = 0; i < n; i++)
        if (strncmp(keys[i].key, text, len) == 0) repl_cand_add(keys[i].key);
}

static void repl_cand_kinds(const cg_graph *g, const char *text)
{
    if (g) repl_cand_list(g->kinds, g->nkinds, text);
}

/* Generator for rl_completion_matches over the precomputed candidates. */
static char *repl_cand_gen(const char *text, int state)
{
    (void)text;
    if (state == 0) repl_cand_next = 0;
    if (repl_cand_next < repl_ncands) return cg_xstrdup(repl_cands[repl_cand_next++]);
    return NULL;
}

/* ----------------------------------------- completion inside match (§9) */

/* Inside a Cypher query the word completed is the bare name: these break
 * it off (doc/match.md §9). */
static char repl_cypher_breaks[] = " \t\n\"'`,=<>!()[]{}:|.*-+/%^~;$";
static const char repl_breaks[] = " \t\n\",=>!";

static size_t repl_nkw;         /* how many of repl_cands are keywords */
static char *repl_pending;      /* the query that the line continues, or NULL */

/* See repl.h. */
void cg_repl_set_pending(const char *text)
{
    free(repl_pending);
    repl_pending = text && *text ? cg_xstrdup(text) : NULL;
}

/* The Cypher query being completed, malloc'ed: the lines it continues and
 * the line up to point, or NULL when it is no Cypher query; *cursor is
 * point's offset in it.  with_word: a line that is only its first word
 * counts (else that word is a command name to complete). */
static char *repl_cypher_text(size_t point, size_t *cursor, int with_word)
{
    const char *line = rl_line_buffer ? rl_line_buffer : "";
    const char *pend = repl_pending ? repl_pending : "";
    if (!cg_cypher_starts(*pend ? pend : line)) return NULL;
    if (!*pend && !with_word) {
        const char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        while (*p && *p != ' ' && *p != '\t') p++;
        if ((size_t)(p - line) >= point) return NULL;
    }
    size_t pl = strlen(pend), ll = strlen(line);
    char *t = cg_xmalloc(pl + ll + 1);
    memcpy(t, pend, pl);
    memcpy(t + pl, line, ll + 1);
    *cursor = pl + (point < ll ? point : ll);
    return t;
}

static const char *const repl_cy_funcs[] = {
    "type", "labels", "size", "length", "nodes", "relationships", "tolower", "toupper",
    "coalesce", "count", "collect", "min", "max", "sum", "avg", NULL
};
static const char *const repl_cy_node_props[] = { "id", "kind", "name", "aliases", NULL };
static const char *const repl_cy_edge_props[] = { "type", "date", "source", NULL };
/* the keywords that may follow, by where the cursor is */
static const char *const repl_kw_pattern[] = { "where", "since", "until", "return", NULL };
static const char *const repl_kw_ops[] = { "and", "or", "xor", "is", "in", "starts", "ends", "contains", NULL };
static const char *const repl_kw_where[] = { "since", "until", "return", NULL };
static const char *const repl_kw_return[] = { "as", "order", "skip", "limit", NULL };
static const char *const repl_kw_order[] = { "asc", "desc", "skip", "limit", NULL };
static const char *const repl_kw_date[] = { "since", "until", "return", NULL };
static const char *const repl_kw_skip[] = { "limit", NULL };
static const char *const repl_kw_is[] = { "null", "not", NULL };
static const char *const repl_kw_null[] = { "null", NULL };
static const char *const repl_kw_with[] = { "with", NULL };
static const char *const repl_kw_by[] = { "by", NULL };
static const char *const repl_kw_distinct[] = { "distinct", NULL };
static const char *const repl_kw_not[] = { "not", NULL };

/* Keywords starting with text (case ignored): completed with a space. */
static void repl_cand_kw(const char *const *words, const char *text)
{
    size_t before = repl_ncands;
    repl_cand_words(words, text);
    repl_nkw += repl_ncands - before;
}

static int repl_plain_name(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!(isalpha(*p) || *p == '_' || *p >= 0x80)) return 0;
    for (; *p; p++)
        if (!(isalnum(*p) || *p == '_' || *p >= 0x80)) return 0;
    return 1;
}

/* A name (kind, type, key, variable) starting with text, backquoted when it
 * is not a plain identifier (`x-y`, `held at`). */
static void repl_cand_cyname(const char *s, const char *text)
{
    if (strncmp(s, text, strlen(text)) != 0) return;
    if (repl_plain_name(s)) { repl_cand_add(s); return; }
    cg_buf b;
    cg_buf_init(&b);
    cg_buf_putc(&b, '`');
    for (const char *p = s; *p; p++) {
        if (*p == '`') cg_buf_putc(&b, '`');
        cg_buf_putc(&b, *p);
    }
    cg_buf_putc(&b, '`');
    repl_cand_add(b.data);
    cg_buf_destroy(&b);
}

/* The kinds some node has. */
static void repl_cand_kinds_used(const cg_graph *g, const char *text)
{
    if (!g || !g->nkinds) return;
    unsigned char *used = cg_xcalloc(g->nkinds, 1);
    const char *last = NULL;
    for (size_t i = 0; i < g->nnodes; i++) {
        const char *k = g->nodes[i].kind;
        if (k == last) continue;
        last = k;
        for (size_t j = 0; j < g->nkinds; j++)
            if (g->kinds[j] == k || strcmp(g->kinds[j], k) == 0) { used[j] = 1; break; }
    }
    for (size_t j = 0; j < g->nkinds; j++)
        if (used[j]) repl_cand_cyname(g->kinds[j], text);
    free(used);
}

/* The types some edge has. */
static void repl_cand_types_used(const cg_graph *g, const char *text)
{
    if (!g || !g->ntypes) return;
    unsigned char *used = cg_xcalloc(g->ntypes, 1);
    const char *last = NULL;
    for (size_t i = 0; i < g->nedges; i++) {
        const char *t = g->edges[i].type;
        if (t == last) continue;
        last = t;
        for (size_t j = 0; j < g->ntypes; j++)
            if (g->types[j].name == t || strcmp(g->types[j].name, t) == 0) { used[j] = 1; break; }
    }
    for (size_t j = 0; j < g->ntypes; j++)
        if (used[j]) repl_cand_cyname(g->types[j].name, text);
    free(used);
}

static int repl_in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (list[k] == s || strcmp(list[k], s) == 0) return 1;
    return 0;
}

/* Mark in used[] the keys (of keys[0..nkeys), sorted) that attrs hold. */
static void repl_mark_keys(const cg_keyinfo *keys, size_t nkeys, const cg_attr *attrs, uint32_t nattrs,
                           unsigned char *used)
{
    for (uint32_t a = 0; a < nattrs; a++) {
        size_t lo = 0, hi = nkeys;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(keys[mid].key, attrs[a].key);
            if (c == 0) { used[mid] = 1; break; }
            if (c < 0) lo = mid + 1; else hi = mid;
        }
    }
}

/* After `v.` or in v's property map: the built-in properties, then the
 * attribute keys (only those that nodes of v's kinds, or edges of its
 * types, have, when kinds or types are written on v). */
static void repl_cand_props(const cg_graph *g, const cg_cc_var *v, const char *text)
{
    int node = v->role == CG_CC_NODE;
    if (v->role != CG_CC_NODE && v->role != CG_CC_EDGE) return;
    for (const char *const *p = node ? repl_cy_node_props : repl_cy_edge_props; *p; p++) repl_cand_cyname(*p, text);
    if (!g) return;
    const cg_keyinfo *keys = node ? g->node_keys : g->edge_keys;
    size_t nkeys = node ? g->nnode_keys : g->nedge_keys;
    if (!nkeys) return;
    unsigned char *used = cg_xcalloc(nkeys, 1);
    if (v->nkinds == 0) memset(used, 1, nkeys);
    else if (node) {
        for (size_t i = 0; i < g->nnodes; i++)
            if (repl_in_list(g->nodes[i].kind, v->kinds, v->nkinds))
                repl_mark_keys(keys, nkeys, g->nodes[i].attrs, g->nodes[i].nattrs, used);
    } else {
        for (size_t i = 0; i < g->nedges; i++)
            if (repl_in_list(g->edges[i].type, v->kinds, v->nkinds))
                repl_mark_keys(keys, nkeys, cg_edge_attrs(&g->edges[i]), g->edges[i].nattrs, used);
    }
    for (size_t k = 0; k < nkeys; k++)
        if (used[k]) repl_cand_cyname(keys[k].key, text);
    free(used);
}

/* The variables declared before the cursor (aliases only where order by
 * may name them); role CG_CC_UNKNOWN: all. */
static void repl_cand_vars(const cg_cypher_complete *c, cg_cc_role role, const char *text)
{
    int order = c->clause && !strcmp(c->clause, "order");
    for (size_t k = 0; k < c->nvars; k++) {
        if (role != CG_CC_UNKNOWN && c->vars[k].role != role) continue;
        if (c->vars[k].role == CG_CC_ALIAS && !order) continue;
        repl_cand_cyname(c->vars[k].name, text);
    }
}

/* The keywords that may come after a complete operand, pattern or argument. */
static void repl_cand_keywords(const cg_cypher_complete *c, const char *text)
{
    const char *p = c->prev, *cl = c->clause ? c->clause : "";
    if (p && !strcmp(p, "is")) { repl_cand_kw(repl_kw_is, text); return; }
    if (p && !strcmp(p, "not") && c->prev2 && !strcmp(c->prev2, "is")) { repl_cand_kw(repl_kw_null, text); return; }
    if (p && (!strcmp(p, "starts") || !strcmp(p, "ends"))) { repl_cand_kw(repl_kw_with, text); return; }
    if (p && !strcmp(p, "order")) { repl_cand_kw(repl_kw_by, text); return; }
    if (!strcmp(cl, "match")) { repl_cand_kw(repl_kw_pattern, text); return; }
    if (!strcmp(cl, "since") || !strcmp(cl, "until")) { repl_cand_kw(repl_kw_date, text); return; }
    if (!strcmp(cl, "skip")) { repl_cand_kw(repl_kw_skip, text); return; }
    if (!strcmp(cl, "limit")) return;
    repl_cand_kw(repl_kw_ops, text);
    if (c->bracket) return;                     /* inside ( ), [ ]: an expression goes on */
    if (!strcmp(cl, "where")) repl_cand_kw(repl_kw_where, text);
    else if (!strcmp(cl, "return")) repl_cand_kw(repl_kw_return, text);
    else if (!strcmp(cl, "order")) repl_cand_kw(repl_kw_order, text);
}

/* rl_completion_word_break_hook: the bare-name break characters in a
 * Cypher query (but a file name after its redirection stays whole), and
 * readline's own quote handling only outside them. */
static char *repl_word_break(void)
{
    size_t cur;
    char *t = repl_cypher_text((size_t)rl_point, &cur, 1);
    if (t) {
        cg_cypher_complete c;
        cg_cypher_complete_context(t, cur, &c);
        free(t);
        if (c.what != CG_CC_FILE) {
            rl_completer_quote_characters = NULL;   /* strings are the completer's business */
            return repl_cypher_breaks;
        }
    }
    rl_completer_quote_characters = "\"";
    return NULL;                                /* rl_completer_word_break_characters */
}

/* Complete inside a Cypher query (doc/match.md §9): fills repl_cands;
 * returns 1 when file names are wanted instead. */
static int repl_complete_cypher(const char *text, const char *query, size_t cursor)
{
    const cg_graph *g = repl_session ? cg_session_graph(repl_session) : NULL;
    cg_cypher_complete c;
    cg_cypher_complete_context(query, cursor, &c);
    switch (c.what) {
    case CG_CC_NOTHING: break;
    case CG_CC_FILE: return 1;
    case CG_CC_KIND: repl_cand_kinds_used(g, text); break;
    case CG_CC_TYPE: repl_cand_types_used(g, text); break;
    case CG_CC_PROPERTY: case CG_CC_KEY: repl_cand_props(g, &c.subject, text); break;
    case CG_CC_VARIABLE: repl_cand_vars(&c, c.bracket == '[' ? CG_CC_EDGE : CG_CC_NODE, text); break;
    case CG_CC_EXPR:
        repl_cand_vars(&c, CG_CC_UNKNOWN, text);
        repl_cand_words(repl_cy_funcs, text);
        if (c.prev && !strcmp(c.prev, "return")) repl_cand_kw(repl_kw_distinct, text);
        if (c.clause && !strcmp(c.clause, "where")) repl_cand_kw(repl_kw_not, text);
        break;
    case CG_CC_KEYWORD: repl_cand_keywords(&c, text); break;
    }
    /* names take nothing after them, keywords a space */
    rl_completion_append_character = repl_ncands && repl_nkw == repl_ncands ? ' ' : '\0';
    return 0;
}

typedef struct repl_tok { const char *s; size_t n; } repl_tok;

/* Split s[0..len) into words: bare runs, quoted strings, and the punctuation
 * `,` `=` `>` `>!`.  Returns a malloc'ed array of *ntok tokens. */
static repl_tok *repl_tokenize(const char *s, size_t len, size_t *ntok)
{
    repl_tok *t = NULL;
    size_t n = 0, cap = 0, i = 0;
    while (i < len) {
        if (s[i] == ' ' || s[i] == '\t') { i++; continue; }
        size_t st = i;
        if (s[i] == ',' || s[i] == '=') i++;
        else if (s[i] == '>') { i++; if (i < len && s[i] == '!') i++; }
        else if (s[i] == '"') {
            for (i++; i < len && s[i] != '"'; i++)
                if (s[i] == '\\' && i + 1 < len) i++;
            if (i < len) i++;
        } else {
            while (i < len && !strchr(" \t,=>\"", s[i])) i++;
        }
        CG_GROW(t, cap, n + 1);
        t[n].s = s + st; t[n].n = i - st;
        n++;
    }
    *ntok = n;
    return t;
}

static int repl_tok_is(const repl_tok *t, const char *w)
{
    return t->n == strlen(w) && strncasecmp(t->s, w, t->n) == 0;
}

/* The clause of cmd that bare word t names, or -1 (quoted words and other
 * commands' clauses are not keywords here, as in the parser). */
static int repl_clause_of(const cg_command *cmd, const repl_tok *t)
{
    if (t->s[0] == '"') return -1;
    for (int c = 0; c < CG_CL_COUNT; c++)
        if ((cmd->clauses & CG_CLAUSE_BIT(c)) && repl_tok_is(t, cg_clause_specs[c].name)) return c;
    return -1;
}

/* Where the cursor is in a command's words, found as the parser reads
 * them: the clauses of the command's table entry and their shapes. */
typedef struct repl_at {
    unsigned present;         /* clauses given */
    size_t npos;              /* positional arguments given */
    int clause;               /* the clause whose argument is at the cursor, or -1 */
    const repl_tok *key;      /* `where KEY=` before the cursor: the key */
    int nothing;              /* no word fits here (after `where KEY`, say) */
} repl_at;

static void repl_walk(const cg_command *cmd, const repl_tok *tok, size_t ntok, repl_at *at)
{
    size_t i = 1;
    memset(at, 0, sizeof *at);
    at->clause = -1;
    while (i < ntok) {
        int c = repl_clause_of(cmd, &tok[i]);
        if (c < 0) {                          /* a positional argument */
            at->npos++;
            i++;
            if (cmd->max_args != 1 && i < ntok && repl_tok_is(&tok[i], ",")) i++;
            continue;
        }
        at->present |= CG_CLAUSE_BIT(c);
        i++;
        switch (cg_clause_specs[c].shape) {
        case CG_SHAPE_FLAG:
            break;
        case CG_SHAPE_ONE:
            if (i == ntok) { at->clause = c; return; }
            i++;
            break;
        case CG_SHAPE_LIST:
            for (;;) {
                if (i == ntok) { at->clause = c; return; }
                i++;
                if (i < ntok && repl_tok_is(&tok[i], ",")) { i++; continue; }
                break;
            }
            break;
        case CG_SHAPE_WHERE:
            for (;;) {
                if (i == ntok) { at->clause = c; return; }
                const repl_tok *key = &tok[i++];
                if (i == ntok) { at->nothing = 1; return; }   /* `=` comes next */
                if (!repl_tok_is(&tok[i], "=")) break;
                i++;
                if (i == ntok) { at->clause = c; at->key = key; return; }
                i++;
                if (i < ntok && repl_tok_is(&tok[i], ",")) { i++; continue; }
                break;
            }
            break;
        }
    }
}

/* The placeholder of positional argument k (0-based) in cmd's usage line
 * ("path FROM TO [via ...]": 1 is "TO"; "nodes [KIND...]": every k is
 * "KIND"), into buf; 0 if there is none.  Bracketed groups that start with
 * a lower-case keyword are clauses and skipped. */
static int repl_positional(const cg_command *cmd, size_t k, char *buf, size_t n)
{
    const char *u = cmd->usage + strlen(cmd->name);
    size_t seen = 0;
    while (*u) {
        while (*u == ' ') u++;
        if (!*u) break;
        const char *w = u;
        while (*w == '[') w++;
        if (!(*w >= 'A' && *w <= 'Z')) {      /* a clause: skip its group */
            int depth = 0;
            for (; *u && !(depth == 0 && *u == ' ' && u > w); u++) {
                if (*u == '[') depth++;
                else if (*u == ']') depth--;
            }
            continue;
        }
        size_t len = 0;
        while (w[len] >= 'A' && w[len] <= 'Z') len++;
        int many = strncmp(w + len, "...", 3) == 0;
        if (seen == k || many) {
            if (len >= n) len = n - 1;
            memcpy(buf, w, len);
            buf[len] = '\0';
            return 1;
        }
        seen++;
        while (*u && *u != ' ') u++;
    }
    return 0;
}

/* rl_attempted_completion_function: chooses what to complete from the words
 * before the cursor and the command's entry in the command table (see
 * doc/repl.md).  Returns readline's match array. */
static char **repl_complete(const char *text, int start, int end)
{
    rl_attempted_completion_over = 1;
    int quoted = rl_completion_quote_character == '"';
    size_t plen = (size_t)start;
    if (quoted && plen > 0 && rl_line_buffer[plen - 1] == '"') plen--;
    size_t ntok;
    repl_tok *tok = repl_tokenize(rl_line_buffer, plen, &ntok);
    const cg_graph *g = repl_session ? cg_session_graph(repl_session) : NULL;
    char **matches = NULL;
    int files = 0;

    for (size_t i = 0; i < repl_ncands; i++) free(repl_cands[i]);
    repl_ncands = 0;
    repl_nkw = 0;

    size_t cur;
    char *cy = repl_cypher_text((size_t)end, &cur, 0);
    if (cy) {
        files = repl_complete_cypher(text, cy, cur);
        free(cy);
        goto done;
    }
    if (ntok == 0) {
        if (!quoted) repl_cand_words(cg_query_command_names(), text);
        goto done;
    }
    /* file names after > and >!; nothing after the file */
    for (size_t i = 1; i < ntok; i++)
        if (tok[i].s[0] == '>') {
            files = i + 1 == ntok;
            goto done;
        }
    if (quoted) {
        repl_cand_names(g, text);
        goto done;
    }
    char cmdname[64];
    snprintf(cmdname, sizeof cmdname, "%.*s", (int)(tok[0].n < 63 ? tok[0].n : 63), tok[0].s);
    const cg_command *cmd = cg_query_command(cmdname);
    if (!cmd) goto done;
    repl_at at;
    repl_walk(cmd, tok, ntok, &at);
    if (at.nothing) goto done;

    switch (at.clause) {
    case -1: break;
    case CG_CL_VIA: repl_cand_types(g, text); goto done;
    case CG_CL_KIND: repl_cand_kinds(g, text); goto done;
    case CG_CL_FROM: case CG_CL_TO: repl_cand_ids(g, text); goto done;
    case CG_CL_SOURCE: repl_cand_sources(g, text); goto done;
    case CG_CL_WITH: repl_cand_with(g, cmd->name, text); goto done;
    case CG_CL_TOP: repl_cand_add("all"); goto done;
    case CG_CL_FORMAT: repl_cand_words(cg_outfmt_names, text); goto done;
    case CG_CL_TIMER: case CG_CL_PAGER: repl_cand_words(repl_on_off, text); goto done;
    case CG_CL_WHERE:
        if (at.key) {                      /* a value: kinds for kind= */
            if (repl_tok_is(at.key, "kind")) repl_cand_kinds(g, text);
            goto done;
        }
        if (g) for (size_t i = 0; i < g->nnode_keys; i++)
            if (strncmp(g->node_keys[i].key, text, strlen(text)) == 0) repl_cand_add(g->node_keys[i].key);
        repl_cand_words(repl_where_fields, text);
        rl_completion_append_character = '=';
        goto done;
    default:                               /* a date or a number: nothing to offer */
        goto done;
    }

    /* a positional argument, if the command takes another */
    char ph[32];
    if ((cmd->max_args < 0 || at.npos < (size_t)cmd->max_args) && repl_positional(cmd, at.npos, ph, sizeof ph)) {
        if (!strcmp(ph, "NODE") || !strcmp(ph, "FROM") || !strcmp(ph, "TO")) repl_cand_ids(g, text);
        else if (!strcmp(ph, "KIND")) repl_cand_kinds(g, text);
        else if (!strcmp(ph, "TYPE")) repl_cand_types(g, text);
        else if (!strcmp(ph, "METRIC")) repl_cand_words(cg_metric_names, text);
        else if (!strcmp(ph, "COMMAND")) repl_cand_words(cg_query_command_names(), text);
        else if (!strcmp(ph, "FILE")) { files = 1; goto done; }
    }
    /* the command's clauses not given yet, once its required arguments are */
    if (at.npos >= (size_t)cmd->min_args)
        for (int c = 0; c < CG_CL_COUNT; c++)
            if ((cmd->clauses & CG_CLAUSE_BIT(c)) && !(at.present & CG_CLAUSE_BIT(c)) &&
                strncasecmp(cg_clause_specs[c].name, text, strlen(text)) == 0)
                repl_cand_add(cg_clause_specs[c].name);
done:
    free(tok);
    if (files) {
        rl_attempted_completion_over = 0;
        return rl_completion_matches(text, rl_filename_completion_function);
    }
    if (repl_ncands > 0) matches = rl_completion_matches(text, repl_cand_gen);
    return matches;
}

/* ------------------------------------------------------------ reading */

/* readline's callback: keep the line (NULL at EOF) and stop reading. */
static void repl_on_line(char *line)
{
    repl_line = line;
    repl_got_line = 1;
    rl_callback_handler_remove();
}

/* Discard the line being typed after Ctrl-C. */
static void repl_cancel_line(void)
{
    rl_echo_signal_char(SIGINT);
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_point = rl_end = rl_mark = 0;
    rl_crlf();
    fflush(rl_outstream);
    rl_callback_handler_remove();
}

/* See repl.h. */
int cg_repl_read(const char *prompt, char **line)
{
    /* Signals caught only while reading: Ctrl-Z (a query runs in cooked
     * mode, where the default action is right) and those that end the
     * process (the terminal must be restored first).  Left alone when
     * ignored.  SIGINT and SIGWINCH are caught for the whole REPL. */
    static const int own[] = { SIGTSTP, SIGTERM, SIGHUP, SIGQUIT };
    enum { NOWN = sizeof own / sizeof own[0] };
    struct sigaction old[NOWN], sa;
    int mine[NOWN];
    sigset_t block, orig;
    int fd = fileno(rl_instream ? rl_instream : stdin);
    int rc;

    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGWINCH);
    for (int i = 0; i < NOWN; i++) sigaddset(&block, own[i]);
    sigprocmask(SIG_BLOCK, &block, &orig);
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NOWN; i++) {
        mine[i] = sigaction(own[i], NULL, &old[i]) == 0 && old[i].sa_handler == SIG_DFL;
        if (!mine[i]) continue;
        sa.sa_handler = own[i] == SIGTSTP ? repl_on_sigtstp : repl_on_fatal;
        sigaction(own[i], &sa, NULL);
    }
    repl_sigtstp = 0;
    repl_fatal = 0;
    repl_sigint = 0;
    repl_got_line = 0;
    repl_line = NULL;
    *line = NULL;
    rl_callback_handler_install(prompt, repl_on_line);
    for (;;) {
        if (repl_fatal) repl_die(repl_fatal);
        if (repl_sigint) {
            repl_sigint = 0;
            cg_interrupted = 0;
            repl_cancel_line();
            rc = CG_REPL_CANCEL;
            break;
        }
        if (repl_sigwinch) {
            repl_sigwinch = 0;
            rl_resize_terminal();
        }
        if (repl_sigtstp) {
            repl_sigtstp = 0;
            repl_suspend();
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fd, &fds);
        int r = pselect(fd + 1, &fds, NULL, NULL, NULL, &orig);
        if (r < 0) {
            if (errno == EINTR) continue;
            rl_callback_handler_remove();
            rc = CG_REPL_EOF;
            break;
        }
        rl_callback_read_char();
        if (repl_got_line) {
            if (repl_line) { *line = repl_line; rc = CG_REPL_LINE; }
            else {
                rc = CG_REPL_EOF;
                fputc('\n', rl_outstream ? rl_outstream : stdout);   /* end the prompt's line */
                fflush(rl_outstream ? rl_outstream : stdout);
            }
            break;
        }
    }
    for (int i = 0; i < NOWN; i++)
        if (mine[i]) sigaction(own[i], &old[i], NULL);
    sigprocmask(SIG_SETMASK, &orig, NULL);
    return rc;
}

/* See repl.h. */
void cg_repl_init(cg_session *s)
{
    struct sigaction sa;
    repl_session = s;
    rl_readline_name = "casegraph";
    /* results may go to a file (casegraph > out.txt): then the prompt and
     * the echo go to the terminal on standard error, as bash does */
    if (!isatty(STDOUT_FILENO) && isatty(STDERR_FILENO)) rl_outstream = stderr;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_attempted_completion_function = repl_complete;
    rl_completer_quote_characters = "\"";
    rl_basic_word_break_characters = repl_breaks;
    rl_completer_word_break_characters = repl_breaks;
    rl_completion_word_break_hook = repl_word_break;
    rl_filename_quote_characters = " \t\n\"\\'#,=>!";

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;                 /* no SA_RESTART: pselect must see EINTR */
    sa.sa_handler = repl_on_sigint;
    sigaction(SIGINT, &sa, &repl_old_int);
    sa.sa_handler = repl_on_sigwinch;
    sigaction(SIGWINCH, &sa, &repl_old_winch);

    using_history();
    repl_history_load();
    repl_ready = 1;
}

/* See repl.h. */
void cg_repl_finish(void)
{
    if (!repl_ready) return;
    repl_ready = 0;
    repl_history_save();
    sigaction(SIGINT, &repl_old_int, NULL);
    sigaction(SIGWINCH, &repl_old_winch, NULL);
    for (size_t i = 0; i < repl_ncands; i++) free(repl_cands[i]);
    free(repl_cands);
    repl_cands = NULL; repl_ncands = repl_cands_cap = 0;
    for (size_t i = 0; i < hist_nunsaved; i++) free(hist_unsaved[i]);
    free(hist_unsaved);
    hist_unsaved = NULL; hist_nunsaved = hist_unsaved_cap = 0;
    free(hist_last); hist_last = NULL;
    free(repl_pending); repl_pending = NULL;
    free(hist_path); hist_path = NULL;
    clear_history();
    repl_session = NULL;
}
