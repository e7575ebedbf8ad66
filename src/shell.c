/* shell.c - the input loop: -e one-liners, -f scripts, standard input as a
 * script, and the REPL all go through the same line handling (comments,
 * blank lines, `\` continuations) and the same query runner.
 *
 * Script errors read `SCRIPT:LINE:COL: error: MESSAGE` with SCRIPT the file
 * name, `<stdin>` for standard input and `-e` for one-liners (the n-th -e
 * line is line n); the REPL says `error: MESSAGE`.  Results go to standard
 * output, flushed after each query so they stay in order with messages on
 * standard error.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cypher.h"
#include "lexer.h"
#include "shell.h"
#include "query.h"
#include "repl.h"
#include "diag.h"
#include "output.h"
#include "util.h"

#define SHELL_PROMPT      "casegraph> "
#define SHELL_PROMPT_MORE "      ...> "

/* Where each physical line of a logical query starts in its joined text. */
typedef struct shell_seg {
    size_t off;         /* offset in the logical text of the line's column 1 */
    int line;           /* its line number */
    char *src;          /* the physical line as it was written (for carets) */
} shell_seg;

/* A logical query being assembled from physical lines. */
typedef struct shell_pending {
    cg_buf text;
    shell_seg *segs;
    size_t nsegs, segs_cap;
    int open;           /* the last line ended in `\` */
} shell_pending;

typedef struct shell {
    cg_session *s;
    const cg_shell_opts *o;
    int status;         /* exit status so far */
    int stop;           /* stop running scripts (failure, Ctrl-C or quit) */
    int quit;           /* quit/exit: no REPL either */
    int repl;           /* 1 while the REPL runs */
    int eline;          /* line counter of the -e pseudo-script */
    int noted;          /* the session said something during this query */
    int pasted;         /* the REPL's line was a paste of several lines */
} shell;

static void shell_pending_init(shell_pending *p)
{
    cg_buf_init(&p->text);
    p->segs = NULL;
    p->nsegs = p->segs_cap = 0;
    p->open = 0;
}

static void shell_pending_reset(shell_pending *p)
{
    cg_buf_reset(&p->text);
    for (size_t i = 0; i < p->nsegs; i++) free(p->segs[i].src);
    p->nsegs = 0;
    p->open = 0;
}

static void shell_pending_destroy(shell_pending *p)
{
    shell_pending_reset(p);
    cg_buf_destroy(&p->text);
    free(p->segs);
}

/* 1 if the text is empty or only blanks. */
static int shell_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t') return 0;
    return 1;
}

/* Add one physical line (modified in place: its comment, trailing blanks
 * and a trailing `;` are cut).  Returns 1 when the logical query is complete (it may be blank),
 * 0 when the line ended in `\` and the query continues on the next line. */
static int shell_pending_feed(shell_pending *p, char *line, int lineno)
{
    size_t n = strlen(line);
    size_t srclen = n;
    while (srclen > 0 && (line[srclen - 1] == '\n' || line[srclen - 1] == '\r')) srclen--;
    char *src = cg_xstrndup(line, srclen);
    /* `#` outside quotes starts a comment (it is never part of a word);
     * the quotes are "..", '..' and `..` (the last two are errors in §4
     * commands, text in match queries: doc/match.md §2), and in a query
     * whose first word is a Cypher one `//` starts a comment too */
    const char *head = p->nsegs && !shell_blank(p->text.data ? p->text.data : "") ? p->text.data : line;
    int cypher = cg_cypher_starts(head);
    char q = 0;               /* the open quote, 0 outside quotes */
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        if (q) {
            if (c == '\\' && q != '`' && i + 1 < n) i++;   /* \" \' \\ are text */
            else if (c == q) q = 0;
            continue;
        }
        if (c == '"' || c == '\'' || c == '`') q = c;
        else if (c == '#' || (cypher && c == '/' && line[i + 1] == '/')) { n = i; break; }
    }
    int inq = q != 0;
    while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
                     line[n - 1] == '\r' || line[n - 1] == '\n')) n--;
    /* a trailing `;` (psql and sqlite3 habit) ends the query and is
     * dropped, with blanks before it; inside quotes it is text */
    if (!inq)
        while (n > 0 && line[n - 1] == ';') {
            n--;
            while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
        }
    line[n] = '\0';
    int more = n > 0 && line[n - 1] == '\\';
    if (more) {
        line[--n] = '\0';
        while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t')) line[--n] = '\0';
    }

    CG_GROW(p->segs, p->segs_cap, p->nsegs + 1);
    p->segs[p->nsegs].off = p->text.len;
    p->segs[p->nsegs].line = lineno;
    p->segs[p->nsegs].src = src;
    p->nsegs++;
    cg_buf_append(&p->text, line, n);
    if (more) cg_buf_putc(&p->text, ' ');
    p->open = more;
    return !more;
}

/* The number of UTF-8 characters in text[from..to). */
static int shell_chars(const char *text, size_t from, size_t to)
{
    int n = 0;
    for (size_t i = from; i < to && text[i]; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) n++;
    return n;
}

/* Map a 1-based column of the logical text (in characters, as the lexer
 * counts them) to the physical line and its column, also in characters
 * (col 0: the query's first non-blank character). */
static void shell_map_col(const shell_pending *p, int col, int *line, int *pcol, size_t *seg)
{
    const char *t = p->text.data ? p->text.data : "";
    size_t off = 0;
    if (col <= 0) {
        while (t[off] == ' ' || t[off] == '\t') off++;
    } else {
        /* the byte offset of the col-th character */
        for (int c = 1; c < col && t[off]; c++)
            for (off++; ((unsigned char)t[off] & 0xC0) == 0x80; off++) {}
    }
    size_t k = 0;
    while (k + 1 < p->nsegs && p->segs[k + 1].off <= off) k++;
    *line = p->nsegs ? p->segs[k].line : 0;
    *pcol = shell_chars(t, p->nsegs ? p->segs[k].off : 0, off) + 1;
    if (seg) *seg = k;
}

/* ---------------------------------------------------------------- SIGINT */

/* Outside the REPL, SIGINT keeps its default action except while a query
 * runs: then the first Ctrl-C asks the query to stop (the script then stops
 * with status 130) and a second one terminates the process. */
static struct sigaction shell_old_int;
static int shell_int_installed;

static void shell_on_sigint(int sig)
{
    if (cg_interrupted) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    cg_interrupted = 1;
}

static void shell_sigint_on(void)
{
    struct sigaction sa, old;
    if (sigaction(SIGINT, NULL, &old) != 0 || old.sa_handler == SIG_IGN) return;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = shell_on_sigint;
    sigaction(SIGINT, &sa, &shell_old_int);
    shell_int_installed = 1;
}

static void shell_sigint_off(void)
{
    if (!shell_int_installed) return;
    sigaction(SIGINT, &shell_old_int, NULL);
    shell_int_installed = 0;
}

/* ------------------------------------------------------ the session's io */

/* A message from the session (it says nothing to the terminal itself). */
static void shell_note(const char *text, void *ctx)
{
    shell *sh = ctx;
    if (sh) sh->noted = 1;
    fputs(text, stderr);
    fflush(stderr);
}

/* The progress of a long centrality: one line on standard error, rewritten
 * in place, erased at the end (percent -1). */
static void shell_progress(const char *what, int percent, void *ctx)
{
    (void)ctx;
    if (percent < 0) fputs("\r\033[K", stderr);
    else fprintf(stderr, "\r%s: %d%% (Ctrl-C stops)\033[K", what, percent);
    fflush(stderr);
}

/* ------------------------------------------------------------- running */

static double shell_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The processor time (user and system, all threads) the process has
 * used, in ms: the timer shows it beside the wall time, as sqlite3's
 * `.timer` does, since on a busy machine the wall time also counts the
 * waits for a core. */
static double shell_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Print a query's error: `NAME:LINE:COL: error: MSG` in scripts, `error: MSG`
 * in the REPL (name NULL). */
static void shell_print_error(const shell *sh, const shell_pending *p, const char *name, const cg_error *err)
{
    const char *msg = err->set && err->msg[0] ? err->msg : "query failed";
    int line = 0, col = 0, located = err->set && err->col > 0 && p->nsegs;
    size_t k = 0;
    if (located || name) shell_map_col(p, err->set ? err->col : 0, &line, &col, &k);
    const char *src = located ? p->segs[k].src : NULL;
    if (name) {
        cg_fputs_safe(name, stderr);
        fprintf(stderr, ":%d:%d: ", line, col);
    } else if (src && k + 1 == p->nsegs && !sh->noted && !sh->pasted && isatty(STDERR_FILENO)) {
        /* the REPL: a caret right under what was typed, after the prompt,
         * when nothing came between and the line did not wrap */
        int at = cg_caret_column(src, strlen(src), col);
        int end = cg_caret_column(src, strlen(src), shell_chars(src, 0, strlen(src)) + 1);
        int width = cg_term_width(stderr);
        int pw = (int)strlen(k == 0 ? SHELL_PROMPT : SHELL_PROMPT_MORE);
        if (at >= 0 && end >= 0 && (width == 0 || pw + end < width)) {
            fprintf(stderr, "%*s^\n", pw + at, "");
            src = NULL;
        }
    }
    fputs("error: ", stderr);
    cg_fputs_safe(msg, stderr);
    fputc('\n', stderr);
    if (src) cg_caret_print(stderr, line, src, strlen(src), col, cg_term_width(stderr));
    fflush(stderr);
}

/* Record a query's outcome in the exit status and decide whether scripts
 * stop.  rc is a CG_Q_* code. */
static void shell_outcome(shell *sh, int rc, int interrupted)
{
    int st = 0;
    if (rc == CG_Q_QUIT) { sh->quit = sh->stop = 1; return; }
    if (rc == CG_Q_OK) return;
    if (sh->repl) return;            /* REPL errors do not change the status */
    st = rc == CG_Q_UNWRITABLE ? 2 : 1;
    if (interrupted) st = 130;
    if (st > sh->status) sh->status = st;
    if (interrupted || !sh->o->keep_going) sh->stop = 1;
}

/* 1 if s is `\q` (psql), `.quit` or `.exit` (sqlite3), blanks around: they
 * leave, like quit.  The lexer has no `\`, so they are read here. */
static int shell_is_quit_meta(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return (n == 2 && memcmp(s, "\\q", 2) == 0) || (n == 5 && memcmp(s, ".quit", 5) == 0) ||
           (n == 5 && memcmp(s, ".exit", 5) == 0);
}

/* Run the assembled query in p, if it is not blank.  name is the script's
 * name for error locations (NULL in the REPL).  Returns 1 if Ctrl-C
 * stopped it, else 0. */
static int shell_exec(shell *sh, shell_pending *p, const char *name)
{
    if (shell_blank(p->text.data)) return 0;
    if (shell_is_quit_meta(p->text.data)) {
        shell_outcome(sh, CG_Q_QUIT, 0);
        return 0;
    }
    cg_error err;
    cg_error_clear(&err);
    cg_interrupted = 0;
    int timer = cg_session_timer(sh->s);
    /* on a terminal: tables fit its width, and output longer than the
     * screen goes through the pager (collected first to know its length) */
    int rows = 0, cols = 0;
    int tty = cg_term_size(STDOUT_FILENO, &rows, &cols) == 0;
    cg_session_set_terminal(sh->s, tty ? cols : 0);
    char *paged = NULL;
    size_t npaged = 0;
    FILE *out = tty && cg_session_pager(sh->s) ? open_memstream(&paged, &npaged) : NULL;
    if (!out) out = stdout;
    if (!sh->repl) shell_sigint_on();
    double t0 = shell_now_ms(), c0 = shell_cpu_ms();
    sh->noted = 0;
    int rc = cg_query_run(sh->s, p->text.data, out, &err);
    double t1 = shell_now_ms(), c1 = shell_cpu_ms();
    if (!sh->repl) shell_sigint_off();
    if (out != stdout) {
        fclose(out);
        fflush(stdout);
        if (npaged && cg_output_page(paged, npaged, rows, cols) < 0 && rc == CG_Q_OK) {
            cg_error_set(&err, 0, "cannot write the output: %s", strerror(errno));
            rc = CG_Q_UNWRITABLE;
        }
        free(paged);
    }
    int interrupted = cg_interrupted && (rc == CG_Q_FAILED || rc == CG_Q_UNWRITABLE);
    if (cg_interrupted && !sh->repl && rc == CG_Q_OK) {
        /* Ctrl-C during a query that does not check for it: it finished,
         * but the user asked the script to stop */
        interrupted = 1;
        rc = CG_Q_FAILED;
        cg_error_set(&err, 0, "interrupted");
    }
    cg_interrupted = 0;
    fflush(stdout);
    if (rc == CG_Q_FAILED || rc == CG_Q_UNWRITABLE) {
        if (interrupted && sh->repl && isatty(STDERR_FILENO)) fputc('\n', stderr);  /* after the ^C echo */
        shell_print_error(sh, p, name, &err);
    }
    if (timer && cg_session_timer(sh->s) && rc != CG_Q_QUIT) {
        fprintf(stderr, "time: %.3f ms (cpu %.3f ms)\n", t1 - t0, c1 - c0);
        fflush(stderr);
    }
    shell_outcome(sh, rc, interrupted);
    return interrupted;
}

/* Reads one line of fp into *buf (grown as needed, NUL-terminated, newline
 * kept) but keeps at most limit bytes of it: the rest of a longer line is
 * read and dropped, and *too_long set.  *continued tells whether the whole
 * line ended in `\` (before blanks; comments aside).  Returns the bytes kept, or -1 at the
 * end of the input.  An endless line costs no more than limit bytes. */
static ssize_t shell_getline_bounded(FILE *fp, char **buf, size_t *cap, size_t limit, int *too_long,
                                     int *continued)
{
    size_t n = 0;
    int c, any = 0, last = 0;
    *too_long = 0;
    while ((c = getc(fp)) != EOF) {
        any = 1;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') last = c;
        if (n < limit) {
            CG_GROW(*buf, *cap, n + 2);
            (*buf)[n++] = (char)c;
        } else {
            *too_long = 1;
        }
        if (c == '\n') break;
    }
    if (!any) return -1;
    *continued = last == '\\';   /* the whole line's last character, kept or not */
    CG_GROW(*buf, *cap, n + 1);
    (*buf)[n] = '\0';
    return (ssize_t)n;
}

/* Run a script from fp (name for messages).  Stops early when sh->stop is
 * set.  A read error is reported and makes the exit status 2. */
static void shell_run_file(shell *sh, FILE *fp, const char *name)
{
    shell_pending p;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    shell_pending_init(&p);
    int too_long = 0, continued = 0, skipping = 0;
    while (!sh->stop && (n = shell_getline_bounded(fp, &line, &cap, CG_MAX_QUERY_LEN + 2, &too_long, &continued)) >= 0) {
        lineno++;
        if (skipping) {   /* the continuation lines of a query that was too long */
            skipping = continued;
            continue;
        }
        char *l = line;
        if (lineno == 1 && n >= 3 && memcmp(l, "\xEF\xBB\xBF", 3) == 0) { l += 3; n -= 3; }
        if (memchr(l, '\0', (size_t)n)) {
            cg_fputs_safe(name, stderr);
            fprintf(stderr, ":%d:%d: error: NUL byte in script line\n", lineno,
                    (int)((char *)memchr(l, '\0', (size_t)n) - l) + 1);
            shell_pending_reset(&p);
            shell_outcome(sh, CG_Q_FAILED, 0);
            continue;
        }
        if (!p.open) shell_pending_reset(&p);
        int complete = shell_pending_feed(&p, l, lineno);
        if (too_long || p.text.len > CG_MAX_QUERY_LEN) {
            cg_fputs_safe(name, stderr);
            fprintf(stderr, ":%d:1: error: query is longer than the limit of %d bytes\n",
                    p.nsegs ? p.segs[0].line : lineno, CG_MAX_QUERY_LEN);
            skipping = too_long ? continued : !complete;
            shell_pending_reset(&p);
            shell_outcome(sh, CG_Q_FAILED, 0);
            continue;
        }
        if (complete) {
            shell_exec(sh, &p, name);
            shell_pending_reset(&p);
        }
    }
    if (!sh->stop && ferror(fp)) {
        fprintf(stderr, "casegraph: error: cannot read script '");
        cg_fputs_safe(name, stderr);
        fprintf(stderr, "': %s\n", strerror(errno));
        if (sh->status < 2) sh->status = 2;
        sh->stop = 1;
    } else if (!sh->stop && p.open) {
        shell_exec(sh, &p, name);     /* a `\` on the last line: run what we have */
    }
    free(line);
    shell_pending_destroy(&p);
}

/* Run one -e argument: each of its lines is a line of the `-e` pseudo-script
 * (numbered across all -e arguments); a continuation does not reach into the
 * next -e. */
static void shell_run_expr(shell *sh, const char *expr)
{
    shell_pending p;
    char *copy = cg_xstrdup(expr);
    char *l = copy;
    shell_pending_init(&p);
    while (!sh->stop) {
        char *nl = strchr(l, '\n');
        if (nl) *nl = '\0';
        sh->eline++;
        if (!p.open) shell_pending_reset(&p);
        if (shell_pending_feed(&p, l, sh->eline)) {
            shell_exec(sh, &p, "-e");
            shell_pending_reset(&p);
        }
        if (!nl) break;
        l = nl + 1;
    }
    if (!sh->stop && p.open) shell_exec(sh, &p, "-e");
    shell_pending_destroy(&p);
    free(copy);
}

/* The one-line banner on standard error. */
static void shell_banner(shell *sh, const char *const *paths, size_t npaths)
{
    const cg_graph *g = cg_session_graph(sh->s);
    const char *name = g && g->name ? g->name : npaths == 1 ? paths[0] : NULL;
    fputs("casegraph: ", stderr);
    if (name) { cg_fputs_safe(name, stderr); fputs(": ", stderr); }
    if (g)
        fprintf(stderr, "%zu node%s, %zu edge%s, %zu source%s; ", g->nnodes, cg_s(g->nnodes), g->nedges,
                cg_s(g->nedges), g->nsources, cg_s(g->nsources));
    fputs("type \"help\" for help, Ctrl-D to leave\n", stderr);
    fflush(stderr);
}

/* The REPL: read, run, repeat until Ctrl-D or quit. */
static void shell_repl(shell *sh, const char *const *paths, size_t npaths)
{
    shell_pending p;
    shell_pending_init(&p);
    sh->repl = 1;
    cg_session_set_interactive(sh->s, 1);
    cg_repl_init(sh->s);
    if (!sh->o->quiet) shell_banner(sh, paths, npaths);
    for (;;) {
        char *line;
        fflush(stdout);
        cg_repl_set_pending(p.open ? p.text.data : NULL);   /* for Tab inside a continued match */
        int r = cg_repl_read(p.open ? SHELL_PROMPT_MORE : SHELL_PROMPT, &line);
        if (r == CG_REPL_EOF) break;
        if (r == CG_REPL_CANCEL) { shell_pending_reset(&p); continue; }
        /* A paste arrives as one line holding newlines (readline's
         * bracketed paste inserts it whole and waits for Enter): each of
         * its lines is a line of its own, as in a script, and a query
         * stopped by Ctrl-C drops the rest. */
        char *piece = line;
        sh->pasted = strchr(line, '\n') != NULL;   /* no caret under a pasted line */
        for (;;) {
            char *nl = strchr(piece, '\n');
            if (nl) *nl = '\0';
            if (!p.open) shell_pending_reset(&p);
            int stopped = 0;
            /* the REPL numbers the lines of one query from 1 */
            if (shell_pending_feed(&p, piece, p.open ? p.segs[p.nsegs - 1].line + 1 : 1)) {
                if (!shell_blank(p.text.data)) {
                    cg_repl_history_add(p.text.data);
                    stopped = shell_exec(sh, &p, NULL);
                }
                shell_pending_reset(&p);
            }
            if (!nl || stopped || sh->quit) break;
            piece = nl + 1;
        }
        free(line);
        if (sh->quit) break;
    }
    cg_repl_finish();
    shell_pending_destroy(&p);
    sh->repl = 0;
}

/* See shell.h. */
int cg_shell_main(cg_graph *g, const char *const *paths, size_t npaths, const cg_shell_opts *o)
{
    shell sh;
    FILE **fps = NULL;
    int ok = 1;
    memset(&sh, 0, sizeof sh);
    sh.o = o;

    /* open every script first: a missing one is a usage error (exit 2)
     * before anything has run */
    if (o->nitems) fps = cg_xcalloc(o->nitems, sizeof *fps);
    for (size_t i = 0; i < o->nitems; i++) {
        struct stat st;
        const char *name = o->items[i].text;
        if (!o->items[i].script) continue;
        if (strcmp(name, "-") == 0) { fps[i] = stdin; continue; }
        fps[i] = fopen(name, "r");
        errno = fps[i] ? 0 : errno;
        if (fps[i] && fstat(fileno(fps[i]), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(fps[i]); fps[i] = NULL; errno = EISDIR;
        }
        if (!fps[i]) {
            fprintf(stderr, "casegraph: error: cannot read script '");
            cg_fputs_safe(name, stderr);
            fprintf(stderr, "': %s\n", strerror(errno));
            ok = 0;
            break;
        }
    }
    if (!ok) {
        for (size_t i = 0; i < o->nitems; i++)
            if (fps[i] && fps[i] != stdin) fclose(fps[i]);
        free(fps);
        cg_graph_free(g);
        return 2;
    }

    sh.s = cg_session_new(g, paths, npaths);
    cg_session_set_quiet(sh.s, o->quiet);
    cg_session_set_safe(sh.s, o->safe);
    cg_session_io io = { shell_note, o->progress ? shell_progress : NULL, &sh };
    cg_session_set_io(sh.s, &io);
    cg_session_set_interactive(sh.s, 0);
    if (o->format) {
        cg_error err;
        cg_error_clear(&err);
        if (cg_session_set_format(sh.s, o->format, &err) != 0) {
            fputs("casegraph: error: ", stderr);
            cg_fputs_safe(err.set ? err.msg : "bad output format", stderr);
            fputc('\n', stderr);
            sh.status = 2;
            sh.stop = sh.quit = 1;
        }
    }

    int scripted = o->nitems > 0;
    int repl = o->interactive || (!scripted && isatty(STDIN_FILENO));

    /* -e and -f in command-line order, as sqlite3 runs them */
    for (size_t i = 0; i < o->nitems && !sh.stop; i++) {
        if (o->items[i].script) shell_run_file(&sh, fps[i], fps[i] == stdin ? "<stdin>" : o->items[i].text);
        else shell_run_expr(&sh, o->items[i].text);
    }
    if (!scripted && !repl) shell_run_file(&sh, stdin, "<stdin>");
    fflush(stdout);

    if (repl && !sh.quit) shell_repl(&sh, paths, npaths);

    for (size_t i = 0; i < o->nitems; i++)
        if (fps[i] && fps[i] != stdin) fclose(fps[i]);
    free(fps);
    cg_session_free(sh.s);
    fflush(stdout);
    return sh.status;
}
