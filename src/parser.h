/* parser.h - tokens into a query AST: a command, its positional arguments,
 * its clauses (in any order) and an optional redirection.
 *
 * The parser knows the shapes of clauses; which command accepts which
 * clauses, and how many positional arguments, comes from the command table
 * (query.c) passed in.  A bare word that is a clause keyword of the command
 * starts that clause; quoted strings are never keywords.
 */
#ifndef CG_PARSER_H
#define CG_PARSER_H

#include "lexer.h"

typedef enum cg_clause_id {
    CG_CL_VIA, CG_CL_KIND, CG_CL_SINCE, CG_CL_UNTIL, CG_CL_DEPTH, CG_CL_TOP,
    CG_CL_CUTOFF, CG_CL_FROM, CG_CL_TO, CG_CL_WHERE, CG_CL_DIRECTED, CG_CL_IN,
    CG_CL_OUT, CG_CL_BOTH, CG_CL_ALL, CG_CL_NORMALIZED, CG_CL_FORCE,
    CG_CL_FORMAT, CG_CL_TIMER, CG_CL_PAGER, CG_CL_SOURCE,
    CG_CL_WITH,
    CG_CL_CHRONOLOGICAL,
    CG_CL_MAXHOPS, CG_CL_AVOID,
    CG_CL_COUNT
} cg_clause_id;

#define CG_CLAUSE_BIT(c) (1u << (c))

/* What follows a clause keyword. */
typedef enum cg_clause_shape {
    CG_SHAPE_FLAG,    /* nothing */
    CG_SHAPE_ONE,     /* one word */
    CG_SHAPE_LIST,    /* WORD[,WORD...] */
    CG_SHAPE_WHERE    /* KEY OP VALUE[,KEY OP VALUE...] (cg_ast.conds) */
} cg_clause_shape;

/* The operators of a `where` condition (SPEC 9). */
typedef enum cg_cond_op {
    CG_OP_EQ, CG_OP_NE, CG_OP_LT, CG_OP_LE, CG_OP_GT, CG_OP_GE, CG_OP_SUBSTR   /* ~ */
} cg_cond_op;

/* One condition KEY OP VALUE; key and value are owned (a `~` may be split
 * out of one word: note~raid). */
typedef struct cg_cond {
    char *key, *value;
    cg_cond_op op;
    int key_col, value_col;
} cg_cond;

typedef struct cg_clause_spec {
    const char *name;
    cg_clause_shape shape;
    const char *arg;      /* what the argument is, for messages: "a date" */
} cg_clause_spec;

extern const cg_clause_spec cg_clause_specs[CG_CL_COUNT];

struct cg_qctx;   /* a query's state, the query layer's (command.h) */

/* Command flags. */
#define CG_CMD_FILE_ARG  1u  /* the first argument is a file name: ~ expanded, refused by --safe */
#define CG_CMD_QUIT      2u  /* leaves */
#define CG_CMD_UNLISTED  4u  /* not in `help`'s list (an alias) */
#define CG_CMD_WRITES    8u  /* writes a file: refused by --safe as an output (exit 2) */
#define CG_CMD_CYPHER   16u  /* its text is openCypher, parsed by cypher_parse.c (match) */

/* One command of the language (the table is data in commands.c). */
typedef struct cg_command {
    const char *name;
    unsigned flags;           /* CG_CMD_* */
    int min_args, max_args;   /* positional arguments; max -1: any number */
    unsigned clauses;         /* CG_CLAUSE_BIT set */
    int redirect;             /* 0 no, 1 tables only (.csv/.tsv), 2 any format */
    const char *usage;
    const char *summary;
    const char *help;         /* details, several lines */
    int (*run)(struct cg_qctx *q);   /* the handler (NULL for quit) */
} cg_command;

typedef struct cg_clause {
    int present;
    int col;                  /* column of the keyword */
    const cg_token **args;    /* ONE: 1; LIST: n; WHERE: none (cg_ast.conds) */
    size_t nargs;
} cg_clause;

typedef struct cg_ast {
    const cg_command *cmd;
    int cmd_col;
    const cg_token **pos;     /* positional arguments */
    size_t npos;
    cg_clause clauses[CG_CL_COUNT];
    const cg_token *redirect; /* the file after > or >!, or NULL */
    int redirect_force;       /* >! */
    int redirect_col;
    cg_cond *conds;           /* the `where` conditions, in order */
    size_t nconds;
} cg_ast;

/* Parse toks (ending in CG_TOK_END; at least one token before it) against
 * the command table cmds[0..ncmds).  Returns 0, or -1 with err set.  The AST
 * points into toks; cg_ast_destroy frees its arrays in both cases. */
int cg_parse(const cg_tokens *toks, const cg_command *cmds, size_t ncmds, cg_ast *ast, cg_error *err);
void cg_ast_destroy(cg_ast *ast);

/* The command named name (case-insensitive), or NULL. */
const cg_command *cg_command_find(const cg_command *cmds, size_t ncmds, const char *name);
/* The closest command name to name within a small edit distance, or NULL. */
const char *cg_command_suggest(const cg_command *cmds, size_t ncmds, const char *name);
/* "via, directed, since, until or all" for a command's clauses, into buf. */
void cg_clause_list(unsigned clauses, char *buf, size_t n);

#endif
