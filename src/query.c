/* query.c - the session and the query language: one function per command
 * over the parsed AST, the command table (with its help text, as data),
 * node references with suggestions, redirection and output. */
#include "query.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "algo.h"
#include "atomic.h"
#include "export.h"
#include "lexer.h"
#include "loader.h"
#include "output.h"
#include "parser.h"
#include "suggest.h"

volatile sig_atomic_t cg_interrupted;

#define Q_MAX_PATHS 1000
#define Q_MAX_COUNT 1000000000L

struct cg_session {
    cg_graph *g;
    char **paths;
    size_t npaths;
    cg_outfmt fmt;
    int timer;
    int pager;                /* `set pager on` (the default) */
    int term_cols;            /* output goes to a terminal this wide; 0: not a terminal */
    int interactive;
    int quiet;
    int safe;                 /* --safe */
    int progress;             /* show long centralities' progress */
    cg_algo_cache cache;      /* centralities' simplified graphs of g */
};

/* ---- the command table ---- */

enum {
    CMD_HELP, CMD_STATS, CMD_NODES, CMD_EDGES, CMD_SHOW, CMD_NEIGHBORS, CMD_PATH,
    CMD_CENTRALITY, CMD_COMPONENTS, CMD_TIMELINE, CMD_SOURCES, CMD_LOAD, CMD_EXPORT,
    CMD_SET, CMD_QUIT, CMD_EXIT
};

#define B(c) CG_CLAUSE_BIT(CG_CL_##c)
#define DATES (B(SINCE) | B(UNTIL))

static const cg_command q_commands[] = {
    { "help", CMD_HELP, 0, 1, 0, 0, "help [COMMAND|TOPIC]", "the commands, or one command or topic in detail",
      "Without an argument, lists the commands and topics.  With one, explains\n"
      "it.  Topics: via, dates, formats, clauses.\n"
      "Examples:\n  help\n  help path\n  help dates\n" },
    { "stats", CMD_STATS, 0, 0, 0, 1, "stats",
      "counts: nodes, edges, sources, components, per kind, per type",
      "Rows of key and value: nodes, edges, sources, components (weakly\n"
      "connected, all edges), then kind:KIND for each kind in use and\n"
      "type:TYPE for each edge type in use, each sorted by name.\n"
      "Columns: key, value.\n" },
    { "nodes", CMD_NODES, 0, -1, B(WHERE), 2, "nodes [KIND...] [where KEY=VALUE[,KEY=VALUE...]]",
      "nodes, by id",
      "Lists nodes sorted by id, only those of the KINDs when given.\n"
      "`where` keeps nodes whose attribute KEY equals VALUE (numbers compare\n"
      "as numbers; several conditions all must hold).  KEY may also be id,\n"
      "kind, name (case-insensitive) or alias (any alias, case-insensitive).\n"
      "Columns: id, kind, name.\n"
      "Examples:\n  nodes senator\n  nodes where party=D\n  nodes company, agency > actors.dot\n" },
    { "edges", CMD_EDGES, 0, -1, B(FROM) | B(TO) | DATES, 2,
      "edges [TYPE...] [from NODE] [to NODE] [since DATE] [until DATE]",
      "edges in date order (undated last), then by from, type, to",
      "Lists edges, only those of the TYPEs when given, from / to the given\n"
      "nodes, whose date interval reaches into since..until (undated edges are\n"
      "standing relations and always kept).  Sorted by date (undated last),\n"
      "then from, type, to.\n"
      "Columns: from, type, to, date, source.\n"
      "Examples:\n  edges subpoenaed\n  edges from mccaskill since 2017\n" },
    { "show", CMD_SHOW, 1, 1, 0, 2, "show NODE", "a node's attributes and its edges",
      "Two tables: key and value (id, kind, name, aliases, attributes in file\n"
      "order, defined: where the node is defined), then its edges in both\n"
      "directions in the columns of `edges`.  In json one object\n"
      "{\"node\": {...}, \"edges\": [...]}.\n"
      "Example:\n  show \"Claire McCaskill\"\n" },
    { "neighbors", CMD_NEIGHBORS, 1, 1, B(DEPTH) | B(VIA) | B(IN) | B(OUT) | B(BOTH) | DATES | B(KIND), 2,
      "neighbors NODE [depth N] [via TYPE,...] [in|out|both] [since DATE] [until DATE] [kind KIND,...]",
      "nodes within N hops (default 1), by distance then id",
      "Breadth-first from NODE over the edges the filters allow: `out` follows\n"
      "edges from -> to, `in` against, `both` (the default) either way.  The\n"
      "node itself is not listed; `kind` limits which nodes are listed (the\n"
      "walk goes through every node).  depth is 1 to 1000000.\n"
      "Columns: id, kind, name, distance.\n"
      "Examples:\n  neighbors backpage\n  neighbors mccaskill depth 2 via subpoenaed,sued out\n" },
    { "path", CMD_PATH, 2, 2, B(VIA) | B(DIRECTED) | DATES | B(ALL), 2,
      "path FROM TO [via TYPE,...] [directed] [since DATE] [until DATE] [all]",
      "a shortest path (fewest hops); all: every shortest path",
      "Fewest hops from FROM to TO over the edges the filters allow, direction\n"
      "ignored unless `directed`.  Among equal-length paths, the one whose\n"
      "sequence of node ids is smallest.  Each hop lists one edge between its\n"
      "nodes: the earliest dated, undated last, then by type; dir is -> when\n"
      "the edge points along the path, <- against it.  No path: an empty\n"
      "result and `no path` on standard error.  `all` lists every shortest\n"
      "path (at most 1000) in that order, numbered in a `path` column.\n"
      "Columns: (path,) hop, from, to, type, dir, date, source.\n"
      "Examples:\n  path mccaskill backpage\n  path \"Claire McCaskill\" backpage directed all\n" },
    { "centrality", CMD_CENTRALITY, 1, 1,
      B(KIND) | B(VIA) | B(DIRECTED) | DATES | B(NORMALIZED) | B(TOP) | B(ALL) | B(CUTOFF), 2,
      "centrality METRIC [kind KIND,...] [via TYPE,...] [directed] [since DATE] [until DATE] [normalized] [top N|all] [cutoff N]",
      "scores, highest first (ties by id); default top 10",
      "METRIC is degree, indegree, outdegree (incident edges, parallel edges\n"
      "each, a self-loop twice), betweenness, closeness, harmonic, pagerank\n"
      "(damping 0.85) or eigenvector (largest 1).  All but the degrees use the\n"
      "graph with parallel edges merged and self-loops dropped, undirected\n"
      "unless `directed`.  `normalized`: degrees / (n-1); betweenness / the\n"
      "number of pairs of other nodes; closeness times the share of the other\n"
      "nodes it reaches; harmonic / (n-1); no effect on pagerank and\n"
      "eigenvector.  `cutoff N` ignores paths longer than N (betweenness,\n"
      "closeness, harmonic).  `kind` limits the listed nodes.  Scores have 6\n"
      "significant digits; ties (equal to 6 digits) are listed by id.\n"
      "Cost: the degrees read each edge once, pagerank and eigenvector a few\n"
      "dozen times (on a million edges, pagerank about 0.4 s, eigenvector\n"
      "about 1 s); betweenness, closeness and harmonic search from every\n"
      "node, O(nodes x edges): 46 s for betweenness on 20,000 nodes and\n"
      "100,000 edges, over an hour on a million.  They show their progress\n"
      "on a terminal, Ctrl-C stops them, and `cutoff 3` keeps each search\n"
      "local (3.6 s on the 100,000 edges).\n"
      "Columns: rank, id, kind, name, score.\n"
      "Examples:\n  centrality degree\n  centrality betweenness normalized top 5\n" },
    { "components", CMD_COMPONENTS, 0, 0, B(VIA) | DATES | B(TOP) | B(ALL), 2,
      "components [via TYPE,...] [since DATE] [until DATE] [top N|all]",
      "connected components, largest first (ties: smallest member id)",
      "Weakly connected components of the graph the filters leave, largest\n"
      "first, ties by smallest member id; members sorted by id.  Default top 10.\n"
      "Columns: component, size, members.\n"
      "Example:\n  components via sued,subpoenaed all\n" },
    { "timeline", CMD_TIMELINE, 0, 1, B(VIA) | DATES, 2,
      "timeline [NODE] [via TYPE,...] [since DATE] [until DATE]",
      "dated edges in date order (of NODE, or all)",
      "Dated edges (of NODE in either direction, or all) in date order, then\n"
      "from, type, to.\n"
      "Columns: date, from, type, to, source.\n"
      "Example:\n  timeline backpage since 2016 until 2018\n" },
    { "sources", CMD_SOURCES, 0, 0, 0, 1, "sources", "the sources and how many edges cite each",
      "Sources by id with the number of edges citing each.\n"
      "Columns: id, title, publisher, date, edges.\n" },
    { "load", CMD_LOAD, 1, 1, 0, 0, "load FILE", "add a file to the session's graph; on any error nothing changes",
      "Loads the session's files again together with FILE (a YAML file or a\n"
      "directory).  If anything fails, every error is shown and the graph\n"
      "stays as it was.\n" },
    { "export", CMD_EXPORT, 1, 1, B(FORCE), 0, "export FILE [force]",
      "the whole graph to FILE (format by extension)",
      "Writes the whole graph: .dot/.gv, .graphml, .json, .yaml, or .svg/.png/.pdf\n"
      "(through Graphviz dot).  A file the session loaded is only overwritten\n"
      "with `force`.\n" },
    { "set", CMD_SET, 0, 0, B(FORMAT) | B(TIMER) | B(PAGER), 0,
      "set [format table|line|tsv|csv|json] [timer on|off] [pager on|off]",
      "show or change settings",
      "Without arguments, shows the settings.  `format` chooses the output\n"
      "format: table (aligned columns), line (one `key = value` per line, a\n"
      "blank line between rows, as sqlite3's .mode line), tsv, csv or json.\n"
      "`timer on` shows how long each query took (on standard error).\n"
      "On a terminal a table fits its width: long cells are shortened with\n"
      "`…` (never in the other formats, never in a file or pipe), and output\n"
      "longer than the screen goes through $PAGER (default `less -FRX`);\n"
      "`pager off` writes it straight to the terminal.\n"
      "Examples:\n  set format line\n  set pager off\n" },
    { "quit", CMD_QUIT, 0, 0, 0, 0, "quit", "leave", "Leaves (so do `exit`, `\\q` and Ctrl-D).\n" },
    { "exit", CMD_EXIT, 0, 0, 0, 0, "exit", "leave", "Leaves (so do `quit`, `\\q` and Ctrl-D).\n" },
};
#define Q_NCOMMANDS (sizeof q_commands / sizeof q_commands[0])

static const char *const q_redirect_help =
    "Any query that lists nodes or edges may end in `> FILE` (`>! FILE` to\n"
    "overwrite a loaded graph file): .dot/.gv, .graphml, .json, .yaml,\n"
    ".svg/.png/.pdf get the result subgraph, .csv/.tsv the result table.\n";

/* Topics of `help TOPIC` beside the commands (help text is data). */
typedef struct q_topic {
    const char *name, *summary, *text;
} q_topic;

static const q_topic q_topics[] = {
    { "via", "keep only some edge types",
      "via TYPE[,TYPE...] keeps only the edges of these types; every other\n"
      "edge is as if it were not there.  Commands: neighbors, path,\n"
      "centrality, components, timeline.  Types are the built-in ones and\n"
      "those a graph file declares under `types:`; an unknown type is an error\n"
      "that suggests the closest one.  Give several types with commas (no\n"
      "spaces needed) or one `via` clause listing them.\n"
      "Examples:\n  path hawley psi via investigated,subpoenaed\n"
      "  neighbors backpage depth 2 via sued\n" },
    { "dates", "partial dates, date order, since and until",
      "A date is YYYY, YYYY-MM or YYYY-MM-DD, and stands for the interval it\n"
      "covers: 2017 is all of 2017, 2017-03 all of March.  Dates sort in the\n"
      "order of their ISO text, so a year comes before its months and a month\n"
      "before its days: 2017, 2017-03, 2017-03-01, 2017-04.\n"
      "`since D` keeps the edges whose interval reaches D or later, `until D`\n"
      "those whose interval reaches D or earlier (both: reaches into the\n"
      "range).  So `since 2017-06` keeps an edge dated 2017, whose year\n"
      "includes June.  Undated edges are standing relations: the filters\n"
      "always keep them, and `timeline` leaves them out.\n"
      "Commands: edges, neighbors, path, centrality, components, timeline.\n"
      "Examples:\n  timeline backpage since 2016 until 2017-06\n"
      "  edges sued since 2017\n" },
    { "formats", "table, tsv, csv, json; redirection by extension",
      "Output formats (`set format FMT`, or `-o FMT` on the command line;\n"
      "names in any case):\n"
      "  table  aligned columns for people, then (N rows); on a terminal\n"
      "         long cells are shortened with ... to fit, and long output\n"
      "         goes through $PAGER (set pager off)\n"
      "  line   one key = value per line, a blank line between records\n"
      "  tsv    a header line, then rows; tab, newline and backslash in a\n"
      "         value are written \\t, \\n, \\\\\n"
      "  csv    RFC 4180, header first\n"
      "  json   one JSON value per query on one line: an array of objects\n"
      "         keyed by column (numbers as numbers, missing as null, lists\n"
      "         as arrays; scores in full precision)\n"
      "A list (aliases, several sources) is joined by `,` in text formats.\n"
      "`show` is two tables in table format; in tsv and csv one table with a\n"
      "`part` column (node rows: key, value; edge rows: from ... source), in\n"
      "json one object {\"node\": {...}, \"edges\": [...]}.\n"
      "Redirection (`> FILE`) picks the format by FILE's extension: .csv and\n"
      ".tsv get the result table; .dot/.gv, .graphml, .json, .yaml and\n"
      ".svg/.png/.pdf (through Graphviz) the result subgraph.\n" },
    { "clauses", "the clauses and the commands that take them", NULL },
};
#define Q_NTOPICS (sizeof q_topics / sizeof q_topics[0])

/* `help clauses`: each clause with its argument and its commands. */
static void q_help_clauses(cg_buf *b)
{
    cg_buf_puts(b, "Clauses follow a command's arguments in any order; keywords are\n"
                   "case-insensitive.  Each clause, what it takes, and its commands:\n");
    for (int c = 0; c < CG_CL_COUNT; c++) {
        const cg_clause_spec *cs = &cg_clause_specs[c];
        cg_buf_printf(b, "  %-11s %s\n", cs->name, cs->arg ? cs->arg : "(a flag)");
        cg_buf_puts(b, "              in:");
        for (size_t i = 0; i < Q_NCOMMANDS; i++)
            if (q_commands[i].clauses & CG_CLAUSE_BIT(c)) cg_buf_printf(b, " %s", q_commands[i].name);
        cg_buf_putc(b, '\n');
    }
    cg_buf_puts(b, "See also: help via, help dates, help formats.\n");
}

const char *const *cg_query_command_names(void)
{
    static const char *names[Q_NCOMMANDS + 1];
    for (size_t i = 0; i < Q_NCOMMANDS; i++) names[i] = q_commands[i].name;
    names[Q_NCOMMANDS] = NULL;
    return names;
}

const cg_command *cg_query_command(const char *name)
{
    return cg_command_find(q_commands, Q_NCOMMANDS, name);
}

const char *const *cg_query_clause_keywords(void)
{
    static const char *names[CG_CL_COUNT + 1];
    for (int i = 0; i < CG_CL_COUNT; i++) names[i] = cg_clause_specs[i].name;
    names[CG_CL_COUNT] = NULL;
    return names;
}

/* ---- the session ---- */

/* The cancel callback the loader and the exporters poll: Ctrl-C was
 * pressed (cg_interrupted, set by the SIGINT handler). */
static int q_cancel_poll(void *ctx)
{
    (void)ctx;
    return cg_interrupted != 0;
}

/* The progress callback of long centralities: one line on standard error,
 * rewritten in place, erased at the end (percent -1). */
static void q_progress(const char *what, int percent, void *ctx)
{
    const cg_session *s = ctx;
    if (!s->progress) return;
    if (percent < 0) fputs("\r\033[K", stderr);
    else fprintf(stderr, "\r%s: %d%% (Ctrl-C stops)\033[K", what, percent);
    fflush(stderr);
}

cg_session *cg_session_new(cg_graph *g, const char *const *paths, size_t npaths)
{
    cg_session *s = cg_xcalloc(1, sizeof *s);
    s->g = g;
    s->paths = cg_xcalloc(npaths + 1, sizeof *s->paths);
    for (size_t i = 0; i < npaths; i++) s->paths[i] = cg_xstrdup(paths[i]);
    s->npaths = npaths;
    s->fmt = CG_OUT_TABLE;
    s->pager = 1;
    cg_algo_monitor mon = { q_cancel_poll, q_progress, s };
    cg_algo_set_monitor(&mon);
    return s;
}

void cg_session_free(cg_session *s)
{
    if (!s) return;
    cg_algo_set_monitor(NULL);      /* its callbacks' context goes now */
    cg_algo_cache_clear(&s->cache);
    cg_graph_free(s->g);
    for (size_t i = 0; i < s->npaths; i++) free(s->paths[i]);
    free(s->paths);
    free(s);
}

const cg_graph *cg_session_graph(const cg_session *s) { return s->g; }
int cg_session_timer(const cg_session *s) { return s->timer; }
int cg_session_pager(const cg_session *s) { return s->pager; }
void cg_session_set_terminal(cg_session *s, int cols) { s->term_cols = cols > 0 ? cols : 0; }
void cg_session_set_interactive(cg_session *s, int interactive) { s->interactive = interactive; }
void cg_session_set_quiet(cg_session *s, int quiet) { s->quiet = quiet; }
void cg_session_set_safe(cg_session *s, int safe) { s->safe = safe; }
int cg_session_safe(const cg_session *s) { return s->safe; }
void cg_session_set_progress(cg_session *s, int on) { s->progress = on; }

int cg_session_set_format(cg_session *s, const char *format, cg_error *err)
{
    cg_outfmt f;
    if (cg_outfmt_parse(format, &f) < 0) {
        char shown[64];
        cg_escape_safe(format, shown, sizeof shown);
        cg_error_set(err, 0, "unknown format '%s' (table, line, tsv, csv, json)", shown);
        return -1;
    }
    s->fmt = f;
    return 0;
}

/* ---- one query's state ---- */

typedef struct qctx {
    cg_session *s;
    const cg_graph *g;
    const cg_ast *ast;
    cg_error *err;
    cg_result res, res2;      /* res2: show's edges */
    int nres;                 /* 0: no table (help text, set, load...) */
    int json_show;            /* show: one object in json */
    cg_selection sel;
    int has_sel;
    cg_filter filter;
    const char **types;       /* storage for filter.types */
    const char **kinds;
    size_t nkinds;
    cg_buf text;              /* help text */
} qctx;

/* A text for messages: control characters escaped, cut to a sane length. */
static const char *q_shown(const char *s, char *buf, size_t n)
{
    size_t need = cg_escape_safe(s, buf, n);
    if (need >= n && n > 4) memcpy(buf + n - 4, "...", 4);
    return buf;
}

/* ---- case-insensitive text ---- */

/* Lower-cases one code point: ASCII, Latin-1, Latin Extended-A, Greek,
 * Cyrillic (enough for names). */
static int q_fold_eq(const char *a, const char *b)
{
    cg_buf x, y;
    cg_buf_init(&x);
    cg_buf_init(&y);
    cg_fold(a, &x);
    cg_fold(b, &y);
    int eq = strcmp(x.data, y.data) == 0;
    cg_buf_destroy(&x);
    cg_buf_destroy(&y);
    return eq;
}

/* ---- suggestions ---- */

/* "; did you mean ...?" for word among words[0..n) (case-folded) into buf;
 * returns how many were suggested. */
static size_t q_suggest(const char *word, const char *const *words, size_t n, char *buf, size_t bufsz)
{
    cg_suggest sg;
    cg_suggest_init(&sg, word, CG_SUGGEST_MAX, 1);
    cg_suggest_words(&sg, words, n);
    cg_suggest_text(&sg, buf, bufsz);
    size_t got = sg.n;
    cg_suggest_destroy(&sg);
    return got;
}

/* ---- node references ---- */

/* Resolves a node reference: an id; else a name or alias, case-insensitive.
 * Returns 0 with *out set, or -1 with err set (unknown: suggestions;
 * ambiguous: the candidates). */
static int q_node(qctx *q, const cg_token *t, int32_t *out)
{
    const cg_graph *g = q->g;
    int32_t v = cg_graph_find_node(g, t->text);
    if (v >= 0) { *out = v; return 0; }
    cg_buf want, b;
    cg_buf_init(&want);
    cg_buf_init(&b);
    cg_fold(t->text, &want);
    int32_t *hits = NULL;
    size_t nh = 0, cap = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const cg_node *nd = &g->nodes[i];
        int hit = 0;
        cg_fold(nd->name, &b);
        if (strcmp(b.data, want.data) == 0) hit = 1;
        for (uint32_t k = 0; !hit && k < nd->naliases; k++) {
            cg_fold(nd->aliases[k], &b);
            if (strcmp(b.data, want.data) == 0) hit = 1;
        }
        if (!hit) {
            cg_fold(nd->id, &b);   /* an id typed in another case */
            if (strcmp(b.data, want.data) == 0) hit = 1;
        }
        if (hit) {
            CG_GROW(hits, cap, nh + 1);
            hits[nh++] = (int32_t)i;
        }
    }
    char shown[300];
    q_shown(t->text, shown, sizeof shown);
    int rc = -1;
    if (nh == 1) {
        *out = hits[0];
        rc = 0;
    } else if (nh > 1) {
        /* sort candidates by id */
        for (size_t i = 1; i < nh; i++)
            for (size_t j = i; j > 0 && g->id_rank[hits[j - 1]] > g->id_rank[hits[j]]; j--) {
                int32_t x = hits[j]; hits[j] = hits[j - 1]; hits[j - 1] = x;
            }
        char list[700];
        size_t len = 0;
        list[0] = '\0';
        for (size_t i = 0; i < nh && i < 5 && len < sizeof list; i++) {
            char a[120], c[120];
            q_shown(g->nodes[hits[i]].id, a, sizeof a);
            q_shown(g->nodes[hits[i]].name, c, sizeof c);
            len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s' (%s)", i ? ", " : "", a, c);
        }
        if (nh > 5 && len < sizeof list) snprintf(list + len, sizeof list - len, " and %zu more", nh - 5);
        cg_error_set(q->err, t->col, "ambiguous node '%s': %s; use an id", shown, list);
    } else {
        cg_suggest sg;
        cg_suggest_init(&sg, t->text, 3, 1);
        for (size_t i = 0; i < g->nnodes; i++) {
            const cg_node *nd = &g->nodes[i];
            int best = cg_suggest_distance(&sg, nd->id), d;
            if ((d = cg_suggest_distance(&sg, nd->name)) < best) best = d;
            for (uint32_t k = 0; k < nd->naliases; k++)
                if ((d = cg_suggest_distance(&sg, nd->aliases[k])) < best) best = d;
            cg_suggest_add(&sg, nd->id, best);
        }
        char sugg[800];
        cg_suggest_text(&sg, sugg, sizeof sugg);
        cg_suggest_destroy(&sg);
        cg_error_set(q->err, t->col, "unknown node '%s'%s", shown, sugg);
    }
    free(hits);
    cg_buf_destroy(&want);
    cg_buf_destroy(&b);
    return rc;
}

/* ---- clause values ---- */

static const cg_clause *q_cl(const qctx *q, cg_clause_id c)
{
    return q->ast->clauses[c].present ? &q->ast->clauses[c] : NULL;
}

/* A whole number in [min, max] from t.  Returns 0 or -1. */
static int q_count(qctx *q, const cg_token *t, const char *what, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(t->text, &end, 10);
    int digits = t->text[0] >= '0' && t->text[0] <= '9';
    if (!digits || *end || errno || v < min || v > max) {
        char shown[100];
        cg_error_set(q->err, t->col, "%s must be a whole number from %ld to %ld, got '%s'", what, min, max,
                     q_shown(t->text, shown, sizeof shown));
        return -1;
    }
    *out = v;
    return 0;
}

/* 1 (with err set) if t is a bare clause keyword the command does not take:
 * a positional TYPE or KIND that is really a misplaced clause. */
static int q_misplaced_clause(qctx *q, const cg_token *t)
{
    if (t->type != CG_TOK_WORD) return 0;
    for (int c = 0; c < CG_CL_COUNT; c++) {
        if (strcasecmp(cg_clause_specs[c].name, t->text) != 0) continue;
        if (q->ast->cmd->clauses & CG_CLAUSE_BIT(c)) return 0;
        char list[256];
        cg_clause_list(q->ast->cmd->clauses, list, sizeof list);
        if (q->ast->cmd->clauses)
            cg_error_set(q->err, t->col, "'%s' is not a clause of '%s'; expected %s", t->text, q->ast->cmd->name, list);
        else
            cg_error_set(q->err, t->col, "'%s' is not a clause of '%s'", t->text, q->ast->cmd->name);
        return 1;
    }
    return 0;
}

/* The interned name of edge type `name` (exact, else case-insensitive), or
 * NULL with err set (with suggestions). */
static const char *q_type(qctx *q, const cg_token *t)
{
    const cg_graph *g = q->g;
    for (size_t i = 0; i < g->ntypes; i++)
        if (strcmp(g->types[i].name, t->text) == 0) return g->types[i].name;
    for (size_t i = 0; i < g->ntypes; i++)
        if (strcasecmp(g->types[i].name, t->text) == 0) return g->types[i].name;
    if (q_misplaced_clause(q, t)) return NULL;
    const char **names = cg_xmalloc((g->ntypes + 1) * sizeof *names);
    for (size_t i = 0; i < g->ntypes; i++) names[i] = g->types[i].name;
    char sugg[800], shown[200];
    q_suggest(t->text, names, g->ntypes, sugg, sizeof sugg);
    cg_error_set(q->err, t->col, "unknown edge type '%s'%s", q_shown(t->text, shown, sizeof shown), sugg);
    free(names);
    return NULL;
}

static const char *q_kind(qctx *q, const cg_token *t)
{
    const cg_graph *g = q->g;
    for (size_t i = 0; i < g->nkinds; i++)
        if (strcmp(g->kinds[i], t->text) == 0) return g->kinds[i];
    for (size_t i = 0; i < g->nkinds; i++)
        if (strcasecmp(g->kinds[i], t->text) == 0) return g->kinds[i];
    if (q_misplaced_clause(q, t)) return NULL;
    char sugg[800], shown[200];
    q_suggest(t->text, g->kinds, g->nkinds, sugg, sizeof sugg);
    cg_error_set(q->err, t->col, "unknown kind '%s'%s", q_shown(t->text, shown, sizeof shown), sugg);
    return NULL;
}

/* Fills q->kinds from tokens; returns 0 or -1. */
static int q_kinds(qctx *q, const cg_token *const *toks, size_t n)
{
    q->kinds = cg_xcalloc(n + 1, sizeof *q->kinds);
    for (size_t i = 0; i < n; i++) {
        const char *k = q_kind(q, toks[i]);
        if (!k) return -1;
        q->kinds[q->nkinds++] = k;
    }
    return 0;
}

static int q_kind_ok(const qctx *q, int32_t v)
{
    if (!q->nkinds) return 1;
    for (size_t i = 0; i < q->nkinds; i++)
        if (q->kinds[i] == q->g->nodes[v].kind) return 1;
    return 0;
}

/* Builds q->filter from via / since / until / directed and the given type
 * tokens (edges' positional TYPEs).  Returns 0 or -1. */
static int q_filter(qctx *q, const cg_token *const *types, size_t ntypes)
{
    const cg_clause *via = q_cl(q, CG_CL_VIA);
    size_t n = ntypes + (via ? via->nargs : 0);
    q->types = cg_xcalloc(n + 1, sizeof *q->types);
    q->filter.types = q->types;
    for (size_t i = 0; i < n; i++) {
        const cg_token *t = i < ntypes ? types[i] : via->args[i - ntypes];
        const char *ty = q_type(q, t);
        if (!ty) return -1;
        q->types[q->filter.ntypes++] = ty;
    }
    const char *dates[2] = { NULL, NULL };
    for (int k = 0; k < 2; k++) {
        const cg_clause *c = q_cl(q, k == 0 ? CG_CL_SINCE : CG_CL_UNTIL);
        if (!c) continue;
        const cg_token *t = c->args[0];
        if (!cg_date_valid(t->text)) {
            char shown[100];
            cg_error_set(q->err, t->col, "invalid date '%s' (expected YYYY, YYYY-MM or YYYY-MM-DD, a real date)",
                         q_shown(t->text, shown, sizeof shown));
            return -1;
        }
        dates[k] = t->text;
    }
    if (dates[0] && dates[1]) {
        char lo[11], hi[11], lo2[11], hi2[11];
        cg_date_interval(dates[0], lo, hi);
        cg_date_interval(dates[1], lo2, hi2);
        if (strcmp(lo, hi2) > 0) {
            cg_error_set(q->err, q_cl(q, CG_CL_UNTIL)->col, "'since %s' is after 'until %s'", dates[0], dates[1]);
            return -1;
        }
    }
    q->filter.since = dates[0];
    q->filter.until = dates[1];
    q->filter.directed = q_cl(q, CG_CL_DIRECTED) != NULL;
    return 0;
}

/* top N | all (or a bare `all`); def when neither.  0: all. */
static int q_top(qctx *q, long def, long *out)
{
    const cg_clause *top = q_cl(q, CG_CL_TOP), *all = q_cl(q, CG_CL_ALL);
    *out = def;
    if (top && all && strcasecmp(top->args[0]->text, "all") != 0) {
        const cg_clause *later = top->col > all->col ? top : all;
        cg_error_set(q->err, later->col, "'top %s' and 'all' contradict each other: give one of them",
                     top->args[0]->text);
        return -1;
    }
    if (all) *out = 0;
    if (!top) return 0;
    if (strcasecmp(top->args[0]->text, "all") == 0) {
        *out = 0;
        return 0;
    }
    return q_count(q, top->args[0], "top", 1, Q_MAX_COUNT, out);
}

/* ---- cells ---- */

static void q_cell_sources(qctx *q, cg_result *r, cg_cell *c, int32_t e)
{
    const cg_edge *ed = &q->g->edges[e];
    if (ed->nsources == 0) { cg_cell_text(c, NULL); return; }
    const char *few[8];
    const char **ids = ed->nsources <= 8 ? few : cg_xmalloc(ed->nsources * sizeof *ids);
    for (uint32_t i = 0; i < ed->nsources; i++) ids[i] = q->g->sources[ed->sources[i]].id;
    cg_cell_list(r, c, ids, ed->nsources);
    if (ids != few) free(ids);
}

/* ---- selections ---- */

/* Sets q->sel from a node mark array and edges (any order, duplicates
 * allowed); marks every edge's endpoints.  Takes ownership of edges.  Only
 * a redirection writes a selection: without one it is left empty. */
static void q_select(qctx *q, unsigned char *mark, int32_t *edges, size_t nedges)
{
    const cg_graph *g = q->g;
    cg_selection_init(&q->sel);
    if (!q->ast->redirect) {    /* only a redirection writes the selection */
        free(edges);
        q->has_sel = 1;
        return;
    }
    for (size_t i = 0; i < nedges; i++) {
        mark[g->edges[edges[i]].from] = 1;
        mark[g->edges[edges[i]].to] = 1;
    }
    size_t nn = 0;
    for (size_t v = 0; v < g->nnodes; v++) nn += mark[v] != 0;
    q->sel.nodes = cg_xmalloc((nn ? nn : 1) * sizeof *q->sel.nodes);
    for (size_t v = 0; v < g->nnodes; v++)
        if (mark[v]) q->sel.nodes[q->sel.nnodes++] = (int32_t)v;
    size_t asc = 1;
    while (asc < nedges && edges[asc - 1] < edges[asc]) asc++;
    if (asc >= nedges) {        /* already sorted and distinct: keep them */
        q->sel.edges = edges;
        q->sel.nedges = nedges;
        if (!edges) q->sel.edges = cg_xmalloc(sizeof *q->sel.edges);
        q->has_sel = 1;
        return;
    }
    /* sort and dedupe edges with a bitmap */
    unsigned char *em = cg_xcalloc(g->nedges + 1, 1);
    for (size_t i = 0; i < nedges; i++) em[edges[i]] = 1;
    free(edges);
    size_t ne = 0;
    for (size_t e = 0; e < g->nedges; e++) ne += em[e];
    q->sel.edges = cg_xmalloc((ne ? ne : 1) * sizeof *q->sel.edges);
    for (size_t e = 0; e < g->nedges; e++)
        if (em[e]) q->sel.edges[q->sel.nedges++] = (int32_t)e;
    free(em);
    q->has_sel = 1;
}

/* Selection: the marked nodes and every edge among them (passing f if not
 * NULL). */
static void q_select_among(qctx *q, unsigned char *mark, const cg_filter *f)
{
    int32_t *edges = NULL;
    size_t n = 0;
    if (q->ast->redirect) cg_algo_edges_among(q->g, mark, f, &edges, &n);
    q_select(q, mark, edges, n);
}

/* Selection: the listed edges and their endpoints. */
static void q_select_edges(qctx *q, const int32_t *edges, size_t n)
{
    unsigned char *mark = cg_xcalloc(q->g->nnodes + 1, 1);
    int32_t *copy = cg_xmalloc((n ? n : 1) * sizeof *copy);
    memcpy(copy, edges, n * sizeof *copy);
    q_select(q, mark, copy, n);
    free(mark);
}

/* ---- sorting edges ---- */

static const cg_graph *q_sort_g;

static int q_edge_cmp(const void *a, const void *b)
{
    const cg_graph *g = q_sort_g;
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    const cg_edge *ex = &g->edges[x], *ey = &g->edges[y];
    int c = cg_date_cmp(ex->date, ey->date);
    if (c) return c;
    if (ex->from != ey->from) return g->id_rank[ex->from] < g->id_rank[ey->from] ? -1 : 1;
    c = strcmp(ex->type, ey->type);
    if (c) return c;
    if (ex->to != ey->to) return g->id_rank[ex->to] < g->id_rank[ey->to] ? -1 : 1;
    return (x > y) - (x < y);
}

static void q_sort_edges(const cg_graph *g, int32_t *edges, size_t n)
{
    q_sort_g = g;
    if (n > 1) qsort(edges, n, sizeof *edges, q_edge_cmp);
}

static const char *const q_edge_cols[] = { "from", "type", "to", "date", "source" };

/* Adds rows for edges in the `edges` columns to r. */
static void q_edge_rows(qctx *q, cg_result *r, const int32_t *edges, size_t n)
{
    const cg_graph *g = q->g;
    for (size_t i = 0; i < n; i++) {
        const cg_edge *e = &g->edges[edges[i]];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], g->nodes[e->from].id);
        cg_cell_text(&row[1], e->type);
        cg_cell_text(&row[2], g->nodes[e->to].id);
        cg_cell_text(&row[3], e->date);
        q_cell_sources(q, r, &row[4], edges[i]);
    }
}

/* ---- commands ---- */

static int q_help(qctx *q)
{
    const cg_ast *a = q->ast;
    const cg_command *c = NULL;
    const q_topic *topic = NULL;
    if (a->npos) {
        c = cg_command_find(q_commands, Q_NCOMMANDS, a->pos[0]->text);
        for (size_t i = 0; !c && i < Q_NTOPICS; i++)
            if (strcasecmp(q_topics[i].name, a->pos[0]->text) == 0) topic = &q_topics[i];
        if (!c && !topic) {
            const char *names[Q_NCOMMANDS + Q_NTOPICS];
            for (size_t i = 0; i < Q_NCOMMANDS; i++) names[i] = q_commands[i].name;
            for (size_t i = 0; i < Q_NTOPICS; i++) names[Q_NCOMMANDS + i] = q_topics[i].name;
            char shown[100], sugg[800];
            q_shown(a->pos[0]->text, shown, sizeof shown);
            size_t nsugg = q_suggest(a->pos[0]->text, names, Q_NCOMMANDS + Q_NTOPICS, sugg, sizeof sugg);
            if (nsugg) cg_error_set(q->err, a->pos[0]->col, "no command or topic '%s'%s", shown, sugg);
            else cg_error_set(q->err, a->pos[0]->col, "no command or topic '%s' (type 'help' for the list)", shown);
            return -1;
        }
    }
    if (topic) {
        cg_buf tb;
        cg_buf_init(&tb);
        if (topic->text) cg_buf_puts(&tb, topic->text);
        else q_help_clauses(&tb);
        if (q->s->fmt == CG_OUT_TABLE || q->s->fmt == CG_OUT_LINE) {
            cg_buf_puts(&q->text, tb.data);
        } else {
            static const char *const tcols[] = { "topic", "summary", "help" };
            cg_result_init(&q->res, tcols, 3);
            q->nres = 1;
            cg_cell *row = cg_result_add_row(&q->res);
            cg_cell_text(&row[0], topic->name);
            cg_cell_text(&row[1], topic->summary);
            cg_cell_text(&row[2], cg_result_strdup(&q->res, tb.data));
        }
        cg_buf_destroy(&tb);
        return 0;
    }
    if (q->s->fmt != CG_OUT_TABLE && q->s->fmt != CG_OUT_LINE) {
        static const char *const cols[] = { "command", "usage", "summary", "help" };
        cg_result_init(&q->res, cols, c ? 4 : 3);
        q->nres = 1;
        for (size_t i = 0; i < Q_NCOMMANDS; i++) {
            const cg_command *k = &q_commands[i];
            if (c && k != c) continue;
            cg_cell *row = cg_result_add_row(&q->res);
            cg_cell_text(&row[0], k->name);
            cg_cell_text(&row[1], k->usage);
            cg_cell_text(&row[2], k->summary);
            if (c) cg_cell_text(&row[3], k->help);
        }
        return 0;
    }
    cg_buf *b = &q->text;
    if (c) {
        cg_buf_printf(b, "usage: %s\n\n%s\n%s", c->usage, c->summary, c->help);
        if (c->redirect == 2)
            cg_buf_printf(b, "\nThe result can be redirected: `> FILE` writes its subgraph (or, for .csv/.tsv, its table).\n");
        return 0;
    }
    cg_buf_puts(b, "Commands (keywords are case-insensitive; NODE is an id, or a quoted id, name or alias):\n");
    for (size_t i = 0; i < Q_NCOMMANDS; i++) {
        const cg_command *k = &q_commands[i];
        if (k->id == CMD_EXIT) continue;
        const char *u = k->usage;
        if (k->id == CMD_QUIT) u = "quit, exit";
        size_t w = strlen(u);
        if (w <= 28) cg_buf_printf(b, "  %-28s  %s\n", u, k->summary);
        else cg_buf_printf(b, "  %s\n  %-28s  %s\n", u, "", k->summary);
    }
    cg_buf_printf(b, "\n%s", q_redirect_help);
    cg_buf_puts(b, "\nTopics:\n");
    for (size_t i = 0; i < Q_NTOPICS; i++) cg_buf_printf(b, "  %-28s  %s\n", q_topics[i].name, q_topics[i].summary);
    cg_buf_puts(b, "Type `help COMMAND` or `help TOPIC` for details.\n");
    return 0;
}

static int q_stats(qctx *q)
{
    static const char *const cols[] = { "key", "value" };
    const cg_graph *g = q->g;
    cg_result *r = &q->res;
    cg_result_init(r, cols, 2);
    q->nres = 1;
    cg_filter none;
    memset(&none, 0, sizeof none);
    int32_t *comp = cg_xmalloc((g->nnodes + 1) * sizeof *comp);
    size_t ncomp = 0;
    if (cg_algo_components(g, &none, comp, &ncomp, q->err) < 0) {
        free(comp);
        return -1;
    }
    free(comp);
    struct { const char *k; size_t v; } base[] = {
        { "nodes", g->nnodes }, { "edges", g->nedges }, { "sources", g->nsources }, { "components", ncomp },
    };
    for (size_t i = 0; i < 4; i++) {
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], base[i].k);
        cg_cell_int(r, &row[1], (long long)base[i].v);
    }
    /* kinds and types in use, sorted by name */
    for (int pass = 0; pass < 2; pass++) {
        size_t nn = pass == 0 ? g->nkinds : g->ntypes;
        const char **names = cg_xmalloc((nn + 1) * sizeof *names);
        size_t *counts = cg_xcalloc(nn + 1, sizeof *counts);
        for (size_t i = 0; i < nn; i++) names[i] = pass == 0 ? g->kinds[i] : g->types[i].name;
        size_t total = pass == 0 ? g->nnodes : g->nedges;
        for (size_t i = 0; i < total; i++) {
            const char *x = pass == 0 ? g->nodes[i].kind : g->edges[i].type;
            for (size_t k = 0; k < nn; k++)
                if (names[k] == x) { counts[k]++; break; }
        }
        /* selection sort by name over the few kinds/types */
        for (size_t i = 0; i < nn; i++)
            for (size_t j = i + 1; j < nn; j++)
                if (strcmp(names[j], names[i]) < 0) {
                    const char *t = names[i]; names[i] = names[j]; names[j] = t;
                    size_t c = counts[i]; counts[i] = counts[j]; counts[j] = c;
                }
        for (size_t i = 0; i < nn; i++) {
            if (!counts[i]) continue;
            cg_cell *row = cg_result_add_row(r);
            cg_buf kb;
            cg_buf_init(&kb);
            cg_buf_printf(&kb, "%s:%s", pass == 0 ? "kind" : "type", names[i]);
            cg_cell_text(&row[0], cg_result_strdup(r, kb.data));
            cg_buf_destroy(&kb);
            cg_cell_int(r, &row[1], (long long)counts[i]);
        }
        free(names);
        free(counts);
    }
    return 0;
}

static const char *const q_node_cols[] = { "id", "kind", "name" };

/* Does node v satisfy where KEY=VALUE? */
static int q_where_match(qctx *q, int32_t v, const char *key, const char *val, cg_valtype vt)
{
    const cg_graph *g = q->g;
    const cg_node *nd = &g->nodes[v];
    if (strcmp(key, "id") == 0) return strcmp(nd->id, val) == 0;
    if (strcmp(key, "kind") == 0) return strcasecmp(nd->kind, val) == 0;
    if (strcmp(key, "name") == 0) return q_fold_eq(nd->name, val);
    if (strcmp(key, "alias") == 0) {
        for (uint32_t k = 0; k < nd->naliases; k++)
            if (q_fold_eq(nd->aliases[k], val)) return 1;
        return 0;
    }
    const cg_attr *a = cg_node_attr(g, v, key);
    if (!a) return 0;
    if ((vt == CG_VAL_INT || vt == CG_VAL_DOUBLE) && a->plain) {
        char *e1, *e2;
        double x = strtod(a->text, &e1), y = strtod(val, &e2);
        if (!*e1 && !*e2 && e2 != val) return x == y;
    }
    return strcmp(a->text, val) == 0;
}

static int q_nodes(qctx *q)
{
    const cg_graph *g = q->g;
    const cg_ast *a = q->ast;
    if (q_kinds(q, a->pos, a->npos) < 0) return -1;
    const cg_clause *wh = q_cl(q, CG_CL_WHERE);
    size_t nconds = wh ? wh->nargs / 2 : 0;
    cg_valtype *vts = cg_xcalloc(nconds + 1, sizeof *vts);
    for (size_t c = 0; c < nconds; c++) {
        const char *key = wh->args[2 * c]->text;
        if (!strcmp(key, "id") || !strcmp(key, "kind") || !strcmp(key, "name") || !strcmp(key, "alias")) continue;
        size_t i;
        for (i = 0; i < g->nnode_keys; i++)
            if (strcmp(g->node_keys[i].key, key) == 0) break;
        if (i == g->nnode_keys) {
            const char **names = cg_xmalloc((g->nnode_keys + 5) * sizeof *names);
            size_t nn = 0;
            for (i = 0; i < g->nnode_keys; i++) names[nn++] = g->node_keys[i].key;
            names[nn++] = "id"; names[nn++] = "kind"; names[nn++] = "name"; names[nn++] = "alias";
            char sugg[800], shown[200];
            q_suggest(key, names, nn, sugg, sizeof sugg);
            cg_error_set(q->err, wh->args[2 * c]->col, "no node has the attribute '%s'%s",
                         q_shown(key, shown, sizeof shown), sugg);
            free(names);
            free(vts);
            return -1;
        }
        vts[c] = g->node_keys[i].type;
    }
    cg_result *r = &q->res;
    cg_result_init(r, q_node_cols, 3);
    q->nres = 1;
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    for (size_t i = 0; i < g->nnodes; i++) {
        int32_t v = g->by_id[i];
        if (!q_kind_ok(q, v)) continue;
        size_t c;
        for (c = 0; c < nconds; c++)
            if (!q_where_match(q, v, wh->args[2 * c]->text, wh->args[2 * c + 1]->text, vts[c])) break;
        if (c < nconds) continue;
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], g->nodes[v].id);
        cg_cell_text(&row[1], g->nodes[v].kind);
        cg_cell_text(&row[2], g->nodes[v].name);
        mark[v] = 1;
    }
    free(vts);
    q_select_among(q, mark, NULL);
    free(mark);
    return 0;
}

static int q_edges(qctx *q)
{
    const cg_graph *g = q->g;
    const cg_ast *a = q->ast;
    if (q_filter(q, a->pos, a->npos) < 0) return -1;
    int32_t from = -1, to = -1;
    if (q_cl(q, CG_CL_FROM) && q_node(q, q_cl(q, CG_CL_FROM)->args[0], &from) < 0) return -1;
    if (q_cl(q, CG_CL_TO) && q_node(q, q_cl(q, CG_CL_TO)->args[0], &to) < 0) return -1;
    int32_t *list = cg_xmalloc((g->nedges + 1) * sizeof *list);
    size_t n = 0;
    for (size_t e = 0; e < g->nedges; e++) {
        if (from >= 0 && g->edges[e].from != from) continue;
        if (to >= 0 && g->edges[e].to != to) continue;
        if (!cg_filter_edge(g, &q->filter, (int32_t)e)) continue;
        list[n++] = (int32_t)e;
    }
    q_sort_edges(g, list, n);
    cg_result_init(&q->res, q_edge_cols, 5);
    q->nres = 1;
    q_edge_rows(q, &q->res, list, n);
    q_select_edges(q, list, n);
    free(list);
    return 0;
}

static int q_show(qctx *q)
{
    static const char *const cols[] = { "key", "value" };
    const cg_graph *g = q->g;
    int32_t v;
    if (q_node(q, q->ast->pos[0], &v) < 0) return -1;
    const cg_node *nd = &g->nodes[v];
    cg_result *r = &q->res;
    cg_result_init(r, cols, 2);
    cg_cell *row;
    row = cg_result_add_row(r); cg_cell_text(&row[0], "id"); cg_cell_text(&row[1], nd->id);
    row = cg_result_add_row(r); cg_cell_text(&row[0], "kind"); cg_cell_text(&row[1], nd->kind);
    row = cg_result_add_row(r); cg_cell_text(&row[0], "name"); cg_cell_text(&row[1], nd->name);
    if (nd->naliases) {
        row = cg_result_add_row(r);
        cg_cell_text(&row[0], "aliases");
        cg_cell_list(r, &row[1], nd->aliases, nd->naliases);
    }
    int defined_attr = 0;
    for (uint32_t i = 0; i < nd->nattrs; i++) {
        const cg_attr *at = &nd->attrs[i];
        row = cg_result_add_row(r);
        cg_cell_text(&row[0], at->key);
        if (strcmp(at->key, "defined") == 0) defined_attr = 1;
        cg_valtype t = at->plain ? cg_graph_key_type(g, 0, at->key) : CG_VAL_TEXT;
        if (t == CG_VAL_INT || t == CG_VAL_DOUBLE) {
            char num[64];
            cg_writer_number(at->text, t, num, sizeof num);
            cg_cell_number(r, &row[1], num);
        } else if (t == CG_VAL_BOOL) {
            row[1].type = CG_CELL_BOOL;
            row[1].s = strcmp(at->text, "true") == 0 ? "true" : "false";
        } else {
            cg_cell_text(&row[1], at->text);
        }
    }
    if (nd->file && !defined_attr) {
        cg_buf b;
        cg_buf_init(&b);
        cg_buf_printf(&b, "%s:%u", nd->file, nd->line);
        row = cg_result_add_row(r);
        cg_cell_text(&row[0], "defined");
        cg_cell_text(&row[1], cg_result_strdup(r, b.data));
        cg_buf_destroy(&b);
    }
    /* its edges, both directions, a self-loop once */
    size_t cap = (size_t)(g->out_off[v + 1] - g->out_off[v]) + (size_t)(g->in_off[v + 1] - g->in_off[v]) + 1;
    int32_t *list = cg_xmalloc(cap * sizeof *list);
    size_t n = 0;
    for (int32_t k = g->out_off[v]; k < g->out_off[v + 1]; k++) list[n++] = g->out_edges[k];
    for (int32_t k = g->in_off[v]; k < g->in_off[v + 1]; k++)
        if (g->edges[g->in_edges[k]].from != v) list[n++] = g->in_edges[k];
    q_sort_edges(g, list, n);
    cg_result_init(&q->res2, q_edge_cols, 5);
    q_edge_rows(q, &q->res2, list, n);
    q->nres = 2;
    q->json_show = 1;
    q_select_edges(q, list, n);
    /* the node itself even without edges */
    if (n == 0) {
        q->sel.nodes = cg_xrealloc(q->sel.nodes, sizeof *q->sel.nodes);
        q->sel.nodes[0] = v;
        q->sel.nnodes = 1;
    }
    free(list);
    return 0;
}

static int q_neighbors(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t v;
    if (q_node(q, q->ast->pos[0], &v) < 0) return -1;
    if (q_filter(q, NULL, 0) < 0) return -1;
    const cg_clause *cin = q_cl(q, CG_CL_IN), *cout = q_cl(q, CG_CL_OUT), *cboth = q_cl(q, CG_CL_BOTH);
    if ((cin != NULL) + (cout != NULL) + (cboth != NULL) > 1) {
        const cg_clause *late = cin;
        if (cout && (!late || cout->col > late->col)) late = cout;
        if (cboth && cboth->col > late->col) late = cboth;
        cg_error_set(q->err, late->col, "choose one of in, out and both");
        return -1;
    }
    cg_dir dir = cin ? CG_DIR_IN : cout ? CG_DIR_OUT : CG_DIR_BOTH;
    long depth = 1;
    if (q_cl(q, CG_CL_DEPTH) && q_count(q, q_cl(q, CG_CL_DEPTH)->args[0], "depth", 1, 1000000, &depth) < 0)
        return -1;
    if (q_cl(q, CG_CL_KIND) && q_kinds(q, q_cl(q, CG_CL_KIND)->args, q_cl(q, CG_CL_KIND)->nargs) < 0) return -1;
    int32_t *nodes, *dist;
    size_t n;
    if (cg_algo_neighbors(g, &q->filter, v, depth, dir, &nodes, &dist, &n, q->err) < 0) return -1;
    static const char *const cols[] = { "id", "kind", "name", "distance" };
    cg_result *r = &q->res;
    cg_result_init(r, cols, 4);
    q->nres = 1;
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    mark[v] = 1;
    for (size_t i = 0; i < n; i++) {
        if (!q_kind_ok(q, nodes[i])) continue;
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], g->nodes[nodes[i]].id);
        cg_cell_text(&row[1], g->nodes[nodes[i]].kind);
        cg_cell_text(&row[2], g->nodes[nodes[i]].name);
        cg_cell_int(r, &row[3], dist[i]);
        mark[nodes[i]] = 1;
    }
    free(nodes);
    free(dist);
    q_select_among(q, mark, &q->filter);
    free(mark);
    return 0;
}

static int q_path(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t a, b;
    if (q_node(q, q->ast->pos[0], &a) < 0 || q_node(q, q->ast->pos[1], &b) < 0) return -1;
    if (q_filter(q, NULL, 0) < 0) return -1;
    int all = q_cl(q, CG_CL_ALL) != NULL;
    cg_paths paths;
    int rc = cg_algo_path(g, &q->filter, a, b, all, Q_MAX_PATHS, &paths, q->err);
    if (rc < 0) return -1;
    static const char *const cols_all[] = { "path", "hop", "from", "to", "type", "dir", "date", "source" };
    cg_result *r = &q->res;
    cg_result_init(r, all ? cols_all : cols_all + 1, all ? 8 : 7);
    q->nres = 1;
    int32_t *edges = NULL;
    size_t ne = 0, cap = 0;
    for (size_t p = 0; p < paths.count; p++) {
        const cg_path *pa = &paths.items[p];
        for (size_t h = 0; h < pa->nhops; h++) {
            int32_t e = pa->edges[h];
            const cg_edge *ed = &g->edges[e];
            cg_cell *row = cg_result_add_row(r);
            size_t c = 0;
            if (all) cg_cell_int(r, &row[c++], (long long)p + 1);
            cg_cell_int(r, &row[c++], (long long)h + 1);
            cg_cell_text(&row[c++], g->nodes[pa->nodes[h]].id);
            cg_cell_text(&row[c++], g->nodes[pa->nodes[h + 1]].id);
            cg_cell_text(&row[c++], ed->type);
            cg_cell_text(&row[c++], ed->from == pa->nodes[h] ? "->" : "<-");
            cg_cell_text(&row[c++], ed->date);
            q_cell_sources(q, r, &row[c++], e);
            CG_GROW(edges, cap, ne + 1);
            edges[ne++] = e;
        }
    }
    if (rc == 0) fputs("no path\n", stderr);
    if (paths.truncated) fprintf(stderr, "showing the first %d paths\n", Q_MAX_PATHS);
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    if (rc == 1) mark[a] = 1;   /* a path to itself: just the node */
    q_select(q, mark, edges, ne);
    free(mark);
    cg_paths_destroy(&paths);
    return 0;
}

typedef struct q_scored {
    int32_t v;
    double key;      /* the score rounded to what is printed */
    double raw;      /* the score itself (json) */
    char text[40];
} q_scored;

static const cg_graph *q_score_g;

static int q_scored_cmp(const void *a, const void *b)
{
    const q_scored *x = a, *y = b;
    if (x->key != y->key) return x->key > y->key ? -1 : 1;
    int32_t rx = q_score_g->id_rank[x->v], ry = q_score_g->id_rank[y->v];
    return (rx > ry) - (rx < ry);
}

/* Sifts heap[i] down a min-heap of n doubles. */
static void q_heap_down(double *heap, size_t n, size_t i)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && heap[c + 1] < heap[c]) c++;
        if (heap[i] <= heap[c]) return;
        double tmp = heap[i];
        heap[i] = heap[c];
        heap[c] = tmp;
        i = c;
    }
}

/* The lowest score that can still rank among the first `top` (0: all) of
 * the nodes q_kind_ok lets through, so that only those are formatted and
 * sorted: below the top-th highest score x by more than the rounding to 6
 * significant digits can bridge (5e-6 of the value; 2e-5 to be safe), a
 * score prints lower than x does, and at least `top` scores print as high.
 * -HUGE_VAL when every node must be looked at. */
static double q_score_floor(qctx *q, const double *scores, long top)
{
    const cg_graph *g = q->g;
    if (top <= 0 || (size_t)top >= g->nnodes) return -HUGE_VAL;
    size_t k = (size_t)top, n = 0;
    double *heap = cg_xmalloc(k * sizeof *heap);     /* the k highest so far */
    for (size_t v = 0; v < g->nnodes; v++) {
        double x = scores[v];
        if (x != x) { free(heap); return -HUGE_VAL; }    /* NaN: no order */
        if (n == k && x <= heap[0]) continue;
        if (!q_kind_ok(q, (int32_t)v)) continue;
        if (n < k) {
            heap[n++] = x;
            if (n == k)
                for (size_t i = k / 2 + 1; i-- > 0;) q_heap_down(heap, k, i);
        } else {
            heap[0] = x;
            q_heap_down(heap, k, 0);
        }
    }
    double x = n == k ? heap[0] : -HUGE_VAL;
    free(heap);
    if (x == -HUGE_VAL || x != x || x == HUGE_VAL) return -HUGE_VAL;
    return x - (x < 0 ? -x : x) * 2e-5;
}

static int q_centrality(qctx *q)
{
    const cg_graph *g = q->g;
    const cg_token *mt = q->ast->pos[0];
    int m;
    for (m = 0; m < CG_M_COUNT; m++)
        if (strcasecmp(cg_metric_names[m], mt->text) == 0) break;
    if (m == CG_M_COUNT) {
        char sugg[800], shown[100];
        size_t nsugg = q_suggest(mt->text, cg_metric_names, CG_M_COUNT, sugg, sizeof sugg);
        if (!nsugg) snprintf(sugg, sizeof sugg, " (degree, indegree, outdegree, betweenness, closeness, harmonic, pagerank, eigenvector)");
        cg_error_set(q->err, mt->col, "unknown metric '%s'%s", q_shown(mt->text, shown, sizeof shown), sugg);
        return -1;
    }
    if (q_filter(q, NULL, 0) < 0) return -1;
    if (q_cl(q, CG_CL_KIND) && q_kinds(q, q_cl(q, CG_CL_KIND)->args, q_cl(q, CG_CL_KIND)->nargs) < 0) return -1;
    long top;
    if (q_top(q, 10, &top) < 0) return -1;
    double cutoff = -1;
    const cg_clause *cc = q_cl(q, CG_CL_CUTOFF);
    if (cc) {
        if (m != CG_M_BETWEENNESS && m != CG_M_CLOSENESS && m != CG_M_HARMONIC) {
            cg_error_set(q->err, cc->col, "cutoff applies to betweenness, closeness and harmonic, not %s",
                         cg_metric_names[m]);
            return -1;
        }
        long c;
        if (q_count(q, cc->args[0], "cutoff", 0, 1000000, &c) < 0) return -1;
        cutoff = (double)c;
    }
    int normalized = q_cl(q, CG_CL_NORMALIZED) != NULL;
    double *scores = cg_xmalloc((g->nnodes + 1) * sizeof *scores);
    if (cg_algo_centrality_cached(g, &q->s->cache, &q->filter, (cg_metric)m, normalized, cutoff, scores,
                                  q->err) < 0) {
        free(scores);
        return -1;
    }
    int integral = (m == CG_M_DEGREE || m == CG_M_INDEGREE || m == CG_M_OUTDEGREE) && !normalized;
    double lowest = q_score_floor(q, scores, top);
    q_scored *list = cg_xmalloc((g->nnodes + 1) * sizeof *list);
    size_t n = 0;
    for (size_t v = 0; v < g->nnodes; v++) {
        if ((lowest != -HUGE_VAL && !(scores[v] >= lowest)) || !q_kind_ok(q, (int32_t)v)) continue;
        q_scored *s = &list[n++];
        s->v = (int32_t)v;
        if (integral) snprintf(s->text, sizeof s->text, "%.0f", scores[v]);
        else cg_format_score(scores[v], s->text, sizeof s->text);
        s->key = integral ? scores[v] : strtod(s->text, NULL);
        s->raw = scores[v];
    }
    free(scores);
    q_score_g = g;
    qsort(list, n, sizeof *list, q_scored_cmp);
    static const char *const cols[] = { "rank", "id", "kind", "name", "score" };
    cg_result *r = &q->res;
    cg_result_init(r, cols, 5);
    q->nres = 1;
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    for (size_t i = 0; i < n && (top == 0 || i < (size_t)top); i++) {
        cg_cell *row = cg_result_add_row(r);
        cg_cell_int(r, &row[0], (long long)i + 1);
        cg_cell_text(&row[1], g->nodes[list[i].v].id);
        cg_cell_text(&row[2], g->nodes[list[i].v].kind);
        cg_cell_text(&row[3], g->nodes[list[i].v].name);
        if (integral) cg_cell_number(r, &row[4], list[i].text);
        else cg_cell_real(r, &row[4], list[i].raw);
        mark[list[i].v] = 1;
    }
    free(list);
    q_select_among(q, mark, NULL);
    free(mark);
    return 0;
}

static int q_components(qctx *q)
{
    const cg_graph *g = q->g;
    if (q_filter(q, NULL, 0) < 0) return -1;
    long top;
    if (q_top(q, 10, &top) < 0) return -1;
    int32_t *comp = cg_xmalloc((g->nnodes + 1) * sizeof *comp);
    size_t ncomp;
    if (cg_algo_components(g, &q->filter, comp, &ncomp, q->err) < 0) {
        free(comp);
        return -1;
    }
    size_t shown = top == 0 || (size_t)top > ncomp ? ncomp : (size_t)top;
    /* members per component, in id order */
    size_t *size = cg_xcalloc(ncomp + 1, sizeof *size);
    for (size_t v = 0; v < g->nnodes; v++) size[comp[v]]++;
    size_t *start = cg_xcalloc(ncomp + 1, sizeof *start);
    for (size_t c = 1; c <= ncomp; c++) start[c] = start[c - 1] + size[c - 1];
    const char **members = cg_xmalloc((g->nnodes + 1) * sizeof *members);
    size_t *fill = cg_xcalloc(ncomp + 1, sizeof *fill);
    unsigned char *mark = cg_xcalloc(g->nnodes + 1, 1);
    for (size_t i = 0; i < g->nnodes; i++) {
        int32_t v = g->by_id[i];
        int32_t c = comp[v];
        members[start[c] + fill[c]++] = g->nodes[v].id;
        if ((size_t)c < shown) mark[v] = 1;
    }
    static const char *const cols[] = { "component", "size", "members" };
    cg_result *r = &q->res;
    cg_result_init(r, cols, 3);
    q->nres = 1;
    for (size_t c = 0; c < shown; c++) {
        cg_cell *row = cg_result_add_row(r);
        cg_cell_int(r, &row[0], (long long)c + 1);
        cg_cell_int(r, &row[1], (long long)size[c]);
        cg_cell_list(r, &row[2], members + start[c], size[c]);
    }
    if (shown < ncomp && !q->s->quiet)
        fprintf(stderr, "showing %zu of %zu components (add `top all` for every one)\n", shown, ncomp);
    free(size);
    free(start);
    free(members);
    free(fill);
    free(comp);
    q_select_among(q, mark, NULL);
    free(mark);
    return 0;
}

static int q_timeline(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t v = -1;
    if (q->ast->npos && q_node(q, q->ast->pos[0], &v) < 0) return -1;
    if (q_filter(q, NULL, 0) < 0) return -1;
    int32_t *list = cg_xmalloc((g->nedges + 1) * sizeof *list);
    size_t n = 0;
    for (size_t e = 0; e < g->nedges; e++) {
        const cg_edge *ed = &g->edges[e];
        if (!ed->date) continue;
        if (v >= 0 && ed->from != v && ed->to != v) continue;
        if (!cg_filter_edge(g, &q->filter, (int32_t)e)) continue;
        list[n++] = (int32_t)e;
    }
    q_sort_edges(g, list, n);
    static const char *const cols[] = { "date", "from", "type", "to", "source" };
    cg_result *r = &q->res;
    cg_result_init(r, cols, 5);
    q->nres = 1;
    for (size_t i = 0; i < n; i++) {
        const cg_edge *e = &g->edges[list[i]];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], e->date);
        cg_cell_text(&row[1], g->nodes[e->from].id);
        cg_cell_text(&row[2], e->type);
        cg_cell_text(&row[3], g->nodes[e->to].id);
        q_cell_sources(q, r, &row[4], list[i]);
    }
    q_select_edges(q, list, n);
    free(list);
    return 0;
}

static int q_source_cmp(const void *a, const void *b)
{
    return strcmp(q_sort_g->sources[*(const int32_t *)a].id, q_sort_g->sources[*(const int32_t *)b].id);
}

static int q_sources(qctx *q)
{
    const cg_graph *g = q->g;
    int32_t *order = cg_xmalloc((g->nsources + 1) * sizeof *order);
    for (size_t i = 0; i < g->nsources; i++) order[i] = (int32_t)i;
    q_sort_g = g;
    qsort(order, g->nsources, sizeof *order, q_source_cmp);
    static const char *const cols[] = { "id", "title", "publisher", "date", "edges" };
    cg_result *r = &q->res;
    cg_result_init(r, cols, 5);
    q->nres = 1;
    for (size_t i = 0; i < g->nsources; i++) {
        const cg_source *s = &g->sources[order[i]];
        cg_cell *row = cg_result_add_row(r);
        cg_cell_text(&row[0], s->id);
        cg_cell_text(&row[1], s->title);
        cg_cell_text(&row[2], s->publisher);
        cg_cell_text(&row[3], s->date);
        cg_cell_int(r, &row[4], (long long)s->nedges);
    }
    free(order);
    return 0;
}


/* 1 if path names a file or directory the graph was loaded from. */
static int q_already_loaded(const cg_graph *g, const cg_session *s, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real) return 0;
    int same = 0;
    for (size_t i = 0; !same && i < g->nfiles; i++) {
        char *r2 = realpath(g->files[i], NULL);
        if (r2) { same = strcmp(real, r2) == 0; free(r2); }
    }
    for (size_t i = 0; !same && i < s->npaths; i++) {
        char *r2 = realpath(s->paths[i], NULL);
        if (r2) { same = strcmp(real, r2) == 0; free(r2); }
    }
    free(real);
    return same;
}

static int q_load(qctx *q)
{
    cg_session *s = q->s;
    const cg_token *t = q->ast->pos[0];
    char shown[300];
    q_shown(t->text, shown, sizeof shown);
    struct stat st;
    if (stat(t->text, &st) != 0) {
        cg_error_set(q->err, t->col, "cannot load '%s': %s", shown, strerror(errno));
        return -1;
    }
    if (q_already_loaded(s->g, s, t->text)) {
        cg_error_set(q->err, t->col, "'%s' is already loaded", shown);
        return -1;
    }
    const char **paths = cg_xcalloc(s->npaths + 2, sizeof *paths);
    for (size_t i = 0; i < s->npaths; i++) paths[i] = s->paths[i];
    paths[s->npaths] = t->text;
    cg_diag diag;
    cg_diag_init(&diag);
    cg_load_opts lo = { NULL, q_cancel_poll, NULL };
    cg_graph *ng = cg_load_with(paths, s->npaths + 1, &diag, &lo);
    free(paths);
    if (!ng && cg_interrupted) {
        /* what was found before Ctrl-C is not worth showing: the load stopped */
        cg_diag_destroy(&diag);
        cg_error_set(q->err, t->col, "interrupted; '%s' was not loaded and the graph is unchanged", shown);
        return -1;
    }
    if (diag.count) cg_diag_print(&diag, stderr);
    if (!ng) {
        cg_error_set(q->err, t->col, "could not load '%s' (%zu error%s above); the graph is unchanged", shown,
                     diag.nerrors, diag.nerrors == 1 ? "" : "s");
        cg_diag_destroy(&diag);
        return -1;
    }
    cg_diag_destroy(&diag);
    size_t dn = ng->nnodes - s->g->nnodes, de = ng->nedges - s->g->nedges;
    cg_algo_cache_clear(&s->cache);
    cg_graph_free(s->g);
    s->g = ng;
    q->g = ng;
    s->paths = cg_xrealloc(s->paths, (s->npaths + 2) * sizeof *s->paths);
    s->paths[s->npaths++] = cg_xstrdup(t->text);
    s->paths[s->npaths] = NULL;
    if (!s->quiet)
        fprintf(stderr, "loaded %s: %zu more node%s, %zu more edge%s (%zu node%s, %zu edge%s in all)\n", shown,
                dn, cg_s(dn), de, cg_s(de), ng->nnodes, cg_s(ng->nnodes), ng->nedges, cg_s(ng->nedges));
    return 0;
}

/* After a failed write of `shown`: Ctrl-C is a cancel (-1, the query
 * failed), anything else an unwritable output (2).  err is set. */
static int q_write_failed(qctx *q, const char *shown, int col0)
{
    if (!q->err->col) q->err->col = col0;    /* a write error points at the file name */
    if (!cg_interrupted) return 2;
    int col = q->err->col;
    cg_error_clear(q->err);    /* the writer's bare "interrupted" */
    cg_error_set(q->err, col, "interrupted; nothing was written: '%s' is as it was", shown);
    return -1;
}

static int q_export(qctx *q)
{
    const cg_token *t = q->ast->pos[0];
    char shown[300];
    q_shown(t->text, shown, sizeof shown);
    cg_format f = cg_format_from_path(t->text);
    if (f == CG_FMT_UNKNOWN || f == CG_FMT_CSV || f == CG_FMT_TSV) {
        cg_error_set(q->err, t->col,
                     f == CG_FMT_UNKNOWN
                         ? "cannot tell the format of '%s': use .dot, .gv, .graphml, .json, .yaml, .svg, .png or .pdf"
                         : "export writes a graph, not a table ('%s'): use .dot, .gv, .graphml, .json, .yaml, .svg, .png or .pdf (or `edges > FILE.csv`)",
                     shown);
        return -1;
    }
    if (cg_export_check_target(q->g, t->text, q_cl(q, CG_CL_FORCE) != NULL, q->err) < 0) {
        q->err->col = t->col;
        return 2;       /* a refused output */
    }
    cg_write_opts eo = { q_cancel_poll, NULL };
    if (cg_export_file(q->g, NULL, t->text, &eo, q->err) < 0) return q_write_failed(q, shown, t->col);
    if (!q->s->quiet)
        fprintf(stderr, "wrote %s (%zu node%s, %zu edge%s)\n", shown, q->g->nnodes, cg_s(q->g->nnodes),
                q->g->nedges, cg_s(q->g->nedges));
    return 0;
}

/* The on/off argument of clause c (named what) into *out.  Returns 0 or -1. */
static int q_on_off(qctx *q, const cg_clause *c, const char *what, int *out)
{
    const cg_token *t = c->args[0];
    if (strcasecmp(t->text, "on") == 0) *out = 1;
    else if (strcasecmp(t->text, "off") == 0) *out = 0;
    else {
        char shown[100];
        cg_error_set(q->err, t->col, "%s is on or off, got '%s'", what, q_shown(t->text, shown, sizeof shown));
        return -1;
    }
    return 0;
}

static int q_set(qctx *q)
{
    cg_session *s = q->s;
    const cg_clause *fc = q_cl(q, CG_CL_FORMAT), *tc = q_cl(q, CG_CL_TIMER), *pc = q_cl(q, CG_CL_PAGER);
    if (fc) {
        cg_outfmt f;
        const cg_token *t = fc->args[0];
        if (cg_outfmt_parse(t->text, &f) < 0) {
            char shown[100];
            cg_error_set(q->err, t->col, "unknown format '%s' (table, line, tsv, csv, json)", q_shown(t->text, shown, sizeof shown));
            return -1;
        }
    }
    int timer = s->timer, pager = s->pager;
    if (tc && q_on_off(q, tc, "timer", &timer) < 0) return -1;
    if (pc && q_on_off(q, pc, "pager", &pager) < 0) return -1;
    if (fc) cg_outfmt_parse(fc->args[0]->text, &s->fmt);
    s->timer = timer;
    s->pager = pager;
    if (fc || tc || pc) return 0;
    static const char *const cols[] = { "key", "value" };
    cg_result *r = &q->res;
    cg_result_init(r, cols, 2);
    q->nres = 1;
    cg_cell *row = cg_result_add_row(r);
    cg_cell_text(&row[0], "format");
    cg_cell_text(&row[1], cg_outfmt_name(s->fmt));
    row = cg_result_add_row(r);
    cg_cell_text(&row[0], "timer");
    cg_cell_text(&row[1], s->timer ? "on" : "off");
    row = cg_result_add_row(r);
    cg_cell_text(&row[0], "pager");
    cg_cell_text(&row[1], s->pager ? "on" : "off");
    return 0;
}

/* ---- writing results ---- */

/* Writes the query's tables to f in fmt. */
static int q_write_tables(qctx *q, FILE *f, cg_outfmt fmt, int safe, int width)
{
    if (q->nres == 2 && fmt == CG_OUT_JSON && q->json_show) {
        fputs("{\"node\":{", f);
        for (size_t i = 0; i < q->res.nrows; i++) {
            if (i) putc(',', f);
            cg_output_json_string(f, q->res.cells[i * 2].s);
            putc(':', f);
            cg_output_json_cell(f, &q->res.cells[i * 2 + 1]);
        }
        fputs("},\"edges\":", f);
        cg_output_json_array(f, &q->res2);
        fputs("}\n", f);
        return ferror(f) ? -1 : 0;
    }
    if (q->nres == 2 && q->json_show && (fmt == CG_OUT_TSV || fmt == CG_OUT_CSV)) {
        /* show in tsv/csv: one table, not two glued together; a `part`
         * column tells the entity's fields (key, value) from its edges
         * (from, type, to, date, source) */
        static const char *const cols[] = { "part", "key", "value", "from", "type", "to", "date", "source" };
        cg_result flat;
        cg_result_init(&flat, cols, 8);
        for (size_t i = 0; i < q->res.nrows; i++) {
            cg_cell *row = cg_result_add_row(&flat);
            cg_cell_text(&row[0], "node");
            row[1] = q->res.cells[i * 2];
            row[2] = q->res.cells[i * 2 + 1];
        }
        for (size_t i = 0; i < q->res2.nrows; i++) {
            cg_cell *row = cg_result_add_row(&flat);
            cg_cell_text(&row[0], "edge");
            for (size_t c = 0; c < 5; c++) row[3 + c] = q->res2.cells[i * 5 + c];
        }
        int rc = cg_output_write(f, &flat, fmt, safe, width);
        cg_result_destroy(&flat);
        return rc;
    }
    if (cg_output_write(f, &q->res, fmt, safe, width) < 0) return -1;
    if (q->nres == 2) {
        putc('\n', f);
        if (cg_output_write(f, &q->res2, fmt, safe, width) < 0) return -1;
    }
    return 0;
}

typedef struct q_write_ctx {
    qctx *q;
    cg_outfmt fmt;
} q_write_ctx;

static int q_write_fn(FILE *f, void *ctx, cg_error *err)
{
    q_write_ctx *w = ctx;
    if (q_write_tables(w->q, f, w->fmt, 0, 0) < 0) {
        cg_error_set(err, 0, "write error: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Checks the redirection target before the query runs: a known format that
 * fits the command and not a loaded file (unless >!).  Returns 0, -1 (a
 * bad target), or -2 (a loaded file: the overwrite is refused). */
static int q_check_redirect(qctx *q, cg_format *fmt)
{
    const cg_ast *a = q->ast;
    const char *path = a->redirect->text;
    char shown[300];
    q_shown(path, shown, sizeof shown);
    if (a->cmd->redirect == 0) {
        cg_error_set(q->err, a->redirect_col, "'%s' has no result to redirect", a->cmd->name);
        return -1;
    }
    *fmt = cg_format_from_path(path);
    if (*fmt == CG_FMT_UNKNOWN) {
        cg_error_set(q->err, a->redirect->col,
                     "cannot tell the format of '%s': use .dot, .gv, .graphml, .json, .yaml, .csv, .tsv, .svg, .png or .pdf",
                     shown);
        return -1;
    }
    if (a->cmd->redirect == 1 && *fmt != CG_FMT_CSV && *fmt != CG_FMT_TSV) {
        cg_error_set(q->err, a->redirect->col, "'%s' gives a table, not a graph: redirect it to a .csv or .tsv file",
                     a->cmd->name);
        return -1;
    }
    if (cg_export_check_target(q->g, path, a->redirect_force, q->err) < 0) {
        q->err->col = a->redirect->col;
        return -2;      /* a refused output: exit status 2 */
    }
    return 0;
}

static int q_write_redirect(qctx *q, cg_format fmt)
{
    const char *path = q->ast->redirect->text;
    char shown[300];
    q_shown(path, shown, sizeof shown);
    if (fmt == CG_FMT_CSV || fmt == CG_FMT_TSV) {
        q_write_ctx w = { q, fmt == CG_FMT_CSV ? CG_OUT_CSV : CG_OUT_TSV };
        cg_write_opts eo = { q_cancel_poll, NULL };
        if (cg_atomic_write(path, q_write_fn, &w, &eo, q->err) < 0)
            return q_write_failed(q, shown, q->ast->redirect->col);
        if (!q->s->quiet)
            {
            size_t rows = q->res.nrows + (q->nres == 2 ? q->res2.nrows : 0);
            fprintf(stderr, "wrote %s (%zu row%s)\n", shown, rows, cg_s(rows));
        }
        return 0;
    }
    cg_write_opts eo = { q_cancel_poll, NULL };
    if (cg_export_file(q->g, &q->sel, path, &eo, q->err) < 0)
        return q_write_failed(q, shown, q->ast->redirect->col);
    if (!q->s->quiet)
        fprintf(stderr, "wrote %s (%zu node%s, %zu edge%s)\n", shown, q->sel.nnodes, cg_s(q->sel.nnodes), q->sel.nedges,
                cg_s(q->sel.nedges));
    return 0;
}

/* ---- running a query ---- */

/* Replaces the text of token t (one of toks) by its ~-expanded form. */
static void q_expand_tilde(cg_tokens *toks, const cg_token *t)
{
    for (size_t i = 0; i < toks->count; i++) {
        if (&toks->items[i] != t || t->text[0] != '~') continue;
        char *x = cg_path_expand(t->text);
        free(toks->items[i].text);
        toks->items[i].text = x;
    }
}

int cg_query_run(cg_session *s, const char *text, FILE *out, cg_error *err)
{
    cg_tokens toks;
    cg_ast ast;
    qctx q;
    int rc = CG_Q_OK;
    memset(&q, 0, sizeof q);
    memset(&ast, 0, sizeof ast);
    cg_error_clear(err);
    if (cg_lex(text, &toks, err) < 0) { rc = CG_Q_FAILED; goto out; }
    if (toks.count == 1) goto out;       /* blank or a comment */
    if (cg_parse(&toks, q_commands, Q_NCOMMANDS, &ast, err) < 0) { rc = CG_Q_FAILED; goto out; }
    q.s = s;
    q.g = s->g;
    q.ast = &ast;
    q.err = err;
    cg_buf_init(&q.text);
    if (s->safe && (ast.cmd->id == CMD_LOAD || ast.cmd->id == CMD_EXPORT || ast.redirect)) {
        int col = ast.redirect ? ast.redirect_col : ast.cmd_col;
        cg_error_set(err, col, "--safe: %s is refused (the script may only read the graphs given and write its output)",
                     ast.redirect ? "redirection to a file" : ast.cmd->id == CMD_LOAD ? "load" : "export");
        rc = ast.cmd->id == CMD_LOAD && !ast.redirect ? CG_Q_FAILED : CG_Q_UNWRITABLE;
        goto out;
    }
    /* file names: a leading ~ is the home directory, as in the shell (and
     * in Tab completion) */
    if (ast.cmd->id == CMD_LOAD || ast.cmd->id == CMD_EXPORT) q_expand_tilde(&toks, ast.pos[0]);
    if (ast.redirect) q_expand_tilde(&toks, ast.redirect);
    cg_format rfmt = CG_FMT_UNKNOWN;
    if (ast.redirect) {
        int cr = q_check_redirect(&q, &rfmt);
        if (cr < 0) { rc = cr == -2 ? CG_Q_UNWRITABLE : CG_Q_FAILED; goto out; }
    }
    int r = 0;
    switch (ast.cmd->id) {
    case CMD_HELP: r = q_help(&q); break;
    case CMD_STATS: r = q_stats(&q); break;
    case CMD_NODES: r = q_nodes(&q); break;
    case CMD_EDGES: r = q_edges(&q); break;
    case CMD_SHOW: r = q_show(&q); break;
    case CMD_NEIGHBORS: r = q_neighbors(&q); break;
    case CMD_PATH: r = q_path(&q); break;
    case CMD_CENTRALITY: r = q_centrality(&q); break;
    case CMD_COMPONENTS: r = q_components(&q); break;
    case CMD_TIMELINE: r = q_timeline(&q); break;
    case CMD_SOURCES: r = q_sources(&q); break;
    case CMD_LOAD: r = q_load(&q); break;
    case CMD_EXPORT: r = q_export(&q); break;
    case CMD_SET: r = q_set(&q); break;
    case CMD_QUIT: case CMD_EXIT: rc = CG_Q_QUIT; goto out;
    }
    if (r < 0) { rc = CG_Q_FAILED; goto out; }
    if (r == 2) { rc = CG_Q_UNWRITABLE; goto out; }
    if (ast.redirect) {
        int w = q_write_redirect(&q, rfmt);
        if (w < 0) rc = CG_Q_FAILED;
        else if (w == 2) rc = CG_Q_UNWRITABLE;
        goto out;
    }
    if (q.text.len) fputs(q.text.data, out);
    if (q.nres) {
        int safe = s->term_cols > 0 || isatty(fileno(out));
        q_write_tables(&q, out, s->fmt, safe, s->term_cols);
    }
    if (fflush(out) != 0 || ferror(out)) {
        cg_error_set(err, 0, "cannot write the output: %s", strerror(errno));
        rc = CG_Q_UNWRITABLE;
    }
out:
    if (q.nres >= 1) cg_result_destroy(&q.res);
    if (q.nres >= 2) cg_result_destroy(&q.res2);
    if (q.has_sel) cg_selection_destroy(&q.sel);
    free(q.types);
    free(q.kinds);
    cg_buf_destroy(&q.text);
    cg_ast_destroy(&ast);
    cg_tokens_destroy(&toks);
    return rc;
}
