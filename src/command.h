/* command.h - inside the query layer: the session's state, one query's
 * state (qctx) as every command handler gets it, and what the handlers
 * share.  Not for code outside the query layer (query.h is its face).
 *
 * The layer's files and their prefixes:
 *   query.c         the session and running one query (query_)
 *   qio.c           messages out and Ctrl-C in, through the session's io (qio_)
 *   commands.c      the command table, help and its topics (commands_)
 *   qargs.c         arguments resolved against the graph (qargs_)
 *   qrows.c         result cells, selections, edge rows (qrows_)
 *   redirect.c      `> FILE` (redirect_)
 *   cmd_facts.c     stats, nodes, edges, show, timeline, sources
 *   cmd_analysis.c  neighbors, path, centrality, components
 *   cmd_session.c   load, export, set
 *   cmd_match.c     match (the engine is cypher_*.c, behind cypher.h)
 *   cmd_lint.c      lint (checking the evidence)
 *   cmd_find.c      find (find_index.c: the folded text it searches)
 *   cmd_routes.c    connect, paths, common (how actors are tied; routes.c)
 *   cmd_communities.c  communities (the algorithms are community.c's)
 * A command's handler is cmd_NAME; it returns 0, -1 (the query failed,
 * q->err set) or 2 (an output could not be written, q->err set).
 */
#ifndef CG_COMMAND_H
#define CG_COMMAND_H

#include <stdio.h>
#include "algo.h"
#include "cypher.h"
#include "diag.h"
#include "export.h"
#include "graph.h"
#include "lexer.h"
#include "output.h"
#include "parser.h"
#include "query.h"

#define Q_MAX_PATHS 1000                /* `path all`: at most this many */
#define Q_MAX_COUNT 1000000000L         /* `top N`, `depth N`: at most this */

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
    cg_session_io io;         /* where messages and progress go */
    cg_algo_cache cache;      /* centralities' simplified graphs of g */
    struct cg_cypher_index *cindex;   /* match's index of g (cypher_index.c) */
    struct cg_find_index *findex;     /* find's folded text of g (find_index.c) */
    unsigned long long match_steps;   /* match's step limit (0: none) */
};

/* One query's state. */
typedef struct cg_qctx {
    cg_session *s;
    const cg_graph *g;
    const cg_ast *ast;
    cg_error *err;
    cg_result res, res2;      /* res2: show's edges */
    int nres;                 /* 0: no table (help text, set, load...) */
    int json_show;            /* show: one object in json */
    const char *show_key;     /* show: "node" or "source" (its json key, its csv part) */
    cg_selection sel;
    int has_sel;
    cg_filter filter;
    const char **types;       /* storage for filter.types */
    const char **kinds;
    size_t nkinds;
    cg_buf text;              /* help text */
    struct cg_cypher *cypher; /* match: the parsed query */
} qctx;

/* ---- qio.c ---- */
/* A message for the user (printf-style), through the session's io.note:
 * "wrote FILE (N rows)", "no path", ... */
void qio_note(const cg_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Loader diagnostics, through io.note, with source lines for the terminal. */
void qio_note_diag(const cg_session *s, const cg_diag *d);
/* The cancel callback of the loader, the writers and algo: Ctrl-C. */
int qio_cancel_poll(void *ctx);

/* ---- commands.c ---- */
extern const cg_command cg_commands[];
extern const size_t cg_ncommands;
int cmd_help(qctx *q);

/* ---- qargs.c ---- */
/* s for a message: control characters escaped, cut to n bytes. */
const char *qargs_shown(const char *s, char *buf, size_t n);
/* 1 if a and b are equal case-folded. */
int qargs_fold_eq(const char *a, const char *b);
/* "; did you mean ...?" for word among words[0..n) into buf; returns how
 * many were suggested. */
size_t qargs_suggest(const char *word, const char *const *words, size_t n, char *buf, size_t bufsz);
/* A node reference (id; else name or alias, case-insensitive) into *out;
 * -1 with q->err set (unknown: suggestions; ambiguous: the candidates). */
int qargs_node(qctx *q, const cg_token *t, int32_t *out);
/* The clause c of the query, or NULL when it was not given. */
const cg_clause *qargs_clause(const qctx *q, cg_clause_id c);
/* t as a count in [min, max] into *out; -1 with q->err set. */
int qargs_count(qctx *q, const cg_token *t, const char *what, long min, long max, long *out);
/* The error for a clause keyword where a positional argument was wanted;
 * returns -1 if t was one (err set), else 0. */
int qargs_misplaced(qctx *q, const cg_token *t);
/* The interned edge type t names, or NULL with q->err set. */
const char *qargs_type(qctx *q, const cg_token *t);
/* The interned kind t names, or NULL with q->err set. */
const char *qargs_kind(qctx *q, const cg_token *t);
/* q->kinds from tokens; 0 or -1. */
int qargs_kinds(qctx *q, const cg_token *const *toks, size_t n);
/* 1 if node v is of one of q->kinds (or no kinds were given). */
int qargs_kind_ok(const qctx *q, int32_t v);
/* q->filter from via/since/until/directed (and types given as arguments); 0 or -1. */
int qargs_filter(qctx *q, const cg_token *const *types, size_t ntypes);
/* `top N|all` (and `all`) into *out (0: all; def when absent); 0 or -1. */
int qargs_top(qctx *q, long def, long *out);

/* ---- qrows.c ---- */
extern const char *const qrows_edge_cols[];   /* from, type, to, date, source */
extern const char *const qrows_node_cols[];   /* id, kind, name */
/* Cell c: the sources of edge e. */
void qrows_sources(qctx *q, cg_result *r, cg_cell *c, int32_t e);
/* The result subgraph: the marked nodes and the given edges (and their ends). */
void qrows_select(qctx *q, unsigned char *mark, int32_t *edges, size_t nedges);
/* The marked nodes and every edge among them that f allows (NULL: all). */
void qrows_select_among(qctx *q, unsigned char *mark, const cg_filter *f);
/* The edges and their ends. */
void qrows_select_edges(qctx *q, const int32_t *edges, size_t n);
/* One row in qrows_edge_cols (then w's columns, w not NULL) for each of edges[0..n). */
struct qrows_with;
void qrows_edge_rows(qctx *q, cg_result *r, const int32_t *edges, size_t n, const struct qrows_with *w);
/* The rows of a partition (components, communities) in columns cols[0..3)
 * (number, size, members): the first top (0: all) of the groups that
 * group[0..nnodes) numbers 0..ngroups) (largest first), each its number
 * from 1, its size and its members' ids sorted (a list).  The result
 * subgraph is the listed nodes and the edges among them f allows (NULL:
 * all).  When some are left out a note says so, naming them what (not
 * with -q). */
void qrows_groups(qctx *q, const char *const *cols, const int32_t *group, size_t ngroups, long top,
                  const char *what, const cg_filter *f);
/* `with KEY,...` / `with all` (SPEC 9): the attribute columns a query adds
 * after its own (base) columns, for the nodes, edges or sources it lists. */
typedef enum qrows_class { QROWS_NODE, QROWS_EDGE, QROWS_SOURCE } qrows_class;
typedef struct qrows_with {
    qrows_class cls;
    const char **keys;        /* the added columns, in order (n of them) */
    size_t n;
} qrows_with;
/* Resolves the query's `with` clause (none: no columns) into w: the keys
 * named, in their order, then for `all` every other key one of ids[0..nids)
 * has, sorted; a key in base[0..nbase) is never added again; a key nothing
 * of class cls has is an error with suggestions (-1, q->err set).  Free w
 * with qrows_with_destroy in both cases. */
int qrows_with_init(qctx *q, qrows_class cls, const char *const *base, size_t nbase, const int32_t *ids,
                    size_t nids, qrows_with *w);
/* cg_result_init with base's columns and then w's (the array in r's arena). */
void qrows_with_result(cg_result *r, const char *const *base, size_t nbase, const qrows_with *w);
/* Fills cells[0..w->n) of a row of r with entity id's values: typed as the
 * JSON export types them, lists (aliases) as lists, missing as null. */
void qrows_with_cells(qctx *q, cg_result *r, cg_cell *cells, const qrows_with *w, int32_t id);
void qrows_with_destroy(qrows_with *w);
/* Writes the query's tables to f in fmt (safe: escape control characters;
 * width: fit to a terminal this wide, 0 none).  Returns 0 or -1. */
int qrows_write_tables(qctx *q, FILE *f, cg_outfmt fmt, int safe, int width);

/* ---- redirect.c ---- */
/* Checks the target of `> FILE` before the query runs; 0, -1 (a bad target)
 * or -2 (a loaded file: the overwrite is refused). */
int redirect_check(qctx *q, cg_format *fmt);
/* Writes the result to the target; 0, -1 (cancelled) or 2 (not written). */
int redirect_write(qctx *q, cg_format fmt);
/* After a failed write of shown: the error located at col0 if it has no
 * column; -1 when Ctrl-C cancelled it (nothing written), else 2. */
int redirect_failed(qctx *q, const char *shown, int col0);

/* ---- cmd_analysis.c ---- */
/* The table (path's columns, numbered when all) and the result subgraph of
 * paths found with return code rc (1, or 0: `no path` on stderr); a path
 * of no hops lists node a alone.  Destroys paths.  0 or -1 (q->err set). */
int analysis_path_result(qctx *q, cg_paths *paths, int rc, int32_t a, int all);

/* ---- the handlers ---- */
int cmd_stats(qctx *q);
int cmd_nodes(qctx *q);
int cmd_edges(qctx *q);
int cmd_show(qctx *q);
int cmd_timeline(qctx *q);
int cmd_sources(qctx *q);
int cmd_neighbors(qctx *q);
int cmd_path(qctx *q);
int cmd_centrality(qctx *q);
int cmd_components(qctx *q);
int cmd_load(qctx *q);
int cmd_export(qctx *q);
int cmd_set(qctx *q);
int cmd_match(qctx *q);
int cmd_lint(qctx *q);
int cmd_find(qctx *q);
int cmd_connect(qctx *q);
int cmd_paths(qctx *q);
int cmd_common(qctx *q);
int cmd_communities(qctx *q);

#endif
