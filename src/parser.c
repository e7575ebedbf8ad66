/* parser.c - tokens into a query AST (see parser.h). */
#include "parser.h"
#include "suggest.h"
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util.h"

const cg_clause_spec cg_clause_specs[CG_CL_COUNT] = {
    [CG_CL_VIA] = { "via", CG_SHAPE_LIST, "edge types (via TYPE[,TYPE...])" },
    [CG_CL_KIND] = { "kind", CG_SHAPE_LIST, "node kinds (kind KIND[,KIND...])" },
    [CG_CL_SINCE] = { "since", CG_SHAPE_ONE, "a date (since YYYY[-MM[-DD]])" },
    [CG_CL_UNTIL] = { "until", CG_SHAPE_ONE, "a date (until YYYY[-MM[-DD]])" },
    [CG_CL_DEPTH] = { "depth", CG_SHAPE_ONE, "a number of hops (depth N)" },
    [CG_CL_TOP] = { "top", CG_SHAPE_ONE, "a count or 'all' (top N|all)" },
    [CG_CL_CUTOFF] = { "cutoff", CG_SHAPE_ONE, "a path length (cutoff N)" },
    [CG_CL_FROM] = { "from", CG_SHAPE_ONE, "a node (from NODE)" },
    [CG_CL_TO] = { "to", CG_SHAPE_ONE, "a node (to NODE)" },
    [CG_CL_WHERE] = { "where", CG_SHAPE_WHERE, "a condition (where KEY OP VALUE; OP: = != < <= > >= ~)" },
    [CG_CL_DIRECTED] = { "directed", CG_SHAPE_FLAG, NULL },
    [CG_CL_IN] = { "in", CG_SHAPE_FLAG, NULL },
    [CG_CL_OUT] = { "out", CG_SHAPE_FLAG, NULL },
    [CG_CL_BOTH] = { "both", CG_SHAPE_FLAG, NULL },
    [CG_CL_ALL] = { "all", CG_SHAPE_FLAG, NULL },
    [CG_CL_NORMALIZED] = { "normalized", CG_SHAPE_FLAG, NULL },
    [CG_CL_FORCE] = { "force", CG_SHAPE_FLAG, NULL },
    [CG_CL_FORMAT] = { "format", CG_SHAPE_ONE, "a format (format table|line|tsv|csv|json)" },
    [CG_CL_TIMER] = { "timer", CG_SHAPE_ONE, "on or off (timer on|off)" },
    [CG_CL_PAGER] = { "pager", CG_SHAPE_ONE, "on or off (pager on|off)" },
    [CG_CL_SOURCE] = { "source", CG_SHAPE_LIST, "source ids (source ID[,ID...])" },
    [CG_CL_WITH] = { "with", CG_SHAPE_LIST, "attribute keys or all (with KEY[,KEY...] | with all)" },
    [CG_CL_CHRONOLOGICAL] = { "chronological", CG_SHAPE_FLAG, NULL },
    [CG_CL_MAXHOPS] = { "maxhops", CG_SHAPE_ONE, "a number of hops (maxhops N)" },
    [CG_CL_AVOID] = { "avoid", CG_SHAPE_LIST, "nodes (avoid NODE[,NODE...])" },
};

/* The clause a bare keyword names, or -1. */
static int parser_clause_of(const char *word)
{
    for (int c = 0; c < CG_CL_COUNT; c++)
        if (strcasecmp(cg_clause_specs[c].name, word) == 0) return c;
    return -1;
}

const cg_command *cg_command_find(const cg_command *cmds, size_t ncmds, const char *name)
{
    for (size_t i = 0; i < ncmds; i++)
        if (strcasecmp(cmds[i].name, name) == 0) return &cmds[i];
    return NULL;
}

const char *cg_command_suggest(const cg_command *cmds, size_t ncmds, const char *name)
{
    cg_suggest sg;
    cg_suggest_init(&sg, name, 1, 1);
    for (size_t i = 0; i < ncmds; i++) cg_suggest_offer(&sg, cmds[i].name);
    const char *best = cg_suggest_best(&sg);
    cg_suggest_destroy(&sg);
    return best;
}

void cg_clause_list(unsigned clauses, char *buf, size_t n)
{
    const char *names[CG_CL_COUNT];
    size_t k = 0;
    for (int c = 0; c < CG_CL_COUNT; c++)
        if (clauses & CG_CLAUSE_BIT(c)) names[k++] = cg_clause_specs[c].name;
    buf[0] = '\0';
    cg_join_or(buf, n, names, k, "");
}

static void parser_push(const cg_token ***arr, size_t *count, size_t *cap, const cg_token *t)
{
    CG_GROW(*arr, *cap, *count + 1);
    (*arr)[(*count)++] = t;
}

static int parser_is_value(const cg_token *t)
{
    return t->type == CG_TOK_WORD || t->type == CG_TOK_STRING;
}

/* "expected ..." error for a clause whose argument is missing or wrong. */
static int parser_expect_error(const cg_token *t, int c, cg_error *err)
{
    if (t->type == CG_TOK_END)
        cg_error_set(err, t->col, "'%s' needs %s", cg_clause_specs[c].name, cg_clause_specs[c].arg);
    else
        cg_error_set(err, t->col, "'%s' needs %s, got '%s'", cg_clause_specs[c].name,
                     cg_clause_specs[c].arg, cg_token_desc(t));
    return -1;
}

/* 1 if t is a comparison operator token (`~` is not one: a word). */
static int parser_is_op(const cg_token *t)
{
    return t->type == CG_TOK_EQ || t->type == CG_TOK_NE || t->type == CG_TOK_LT || t->type == CG_TOK_LE
        || t->type == CG_TOK_GT || t->type == CG_TOK_GE;
}

static cg_cond_op parser_op_of(cg_tok_type t)
{
    switch (t) {
    case CG_TOK_NE: return CG_OP_NE;
    case CG_TOK_LT: return CG_OP_LT;
    case CG_TOK_LE: return CG_OP_LE;
    case CG_TOK_GT: return CG_OP_GT;
    case CG_TOK_GE: return CG_OP_GE;
    default: return CG_OP_EQ;
    }
}

/* 1 if toks[i] starts the query's final `> FILE` (or `>! FILE`) with FILE
 * ending in an export extension: the redirection, even in a condition. */
static int parser_final_redirect(const cg_tokens *toks, size_t i)
{
    const cg_token *t = &toks->items[i];
    if (t->type != CG_TOK_GT && t->type != CG_TOK_GTBANG) return 0;
    const cg_token *f = &toks->items[i + 1];
    return parser_is_value(f) && toks->items[i + 2].type == CG_TOK_END
        && cg_format_from_path(f->text) != CG_FMT_UNKNOWN;
}

/* Characters (not bytes) in s[0..n). */
static int parser_chars(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
    return k;
}

/* One `where` condition at toks[*i] (see parser.h); advances *i past it and
 * appends it to ast->conds.  The operator ends the key: `votes>=5`, and a
 * `~` inside a word splits it (`note~raid`, `note~ raid`, `note ~raid`). */
static int parser_cond(const cg_tokens *toks, size_t *i, cg_ast *ast, size_t *cap, cg_error *err)
{
    const cg_token *k = &toks->items[*i];
    if (!parser_is_value(k)) return parser_expect_error(k, CG_CL_WHERE, err);
    cg_cond cd;
    memset(&cd, 0, sizeof cd);
    cd.key_col = k->col;
    const char *tilde = k->type == CG_TOK_WORD ? strchr(k->text, '~') : NULL;
    const char *optext = "~", *vtext = NULL;
    int vcol = 0, opend = 0;     /* opend: the column just after the operator */
    (*i)++;
    if (tilde == k->text) {
        cg_error_set(err, k->col, "expected a key before '~' in 'where'");
        return -1;
    }
    if (tilde) {
        cd.op = CG_OP_SUBSTR;
        opend = k->col + parser_chars(k->text, (size_t)(tilde - k->text)) + 1;
        if (tilde[1]) { vtext = tilde + 1; vcol = opend; }
    } else {
        const cg_token *o = &toks->items[*i];
        if (o->type == CG_TOK_WORD && o->text[0] == '~') {
            cd.op = CG_OP_SUBSTR;
            opend = o->col + 1;
            if (o->text[1]) { vtext = o->text + 1; vcol = opend; }
        } else if (parser_is_op(o) && !parser_final_redirect(toks, *i)) {
            cd.op = parser_op_of(o->type);
            optext = o->text;
            opend = o->col + (int)strlen(o->text);
        } else {
            char shown[128];
            cg_escape_safe(k->text, shown, sizeof shown);
            cg_error_set(err, o->col, "expected an operator (= != < <= > >= ~) after '%s' in 'where', got '%s'%s",
                         shown, cg_token_desc(o),
                         o->type == CG_TOK_GT || o->type == CG_TOK_GTBANG ? " (a final '> FILE' is the output file)" : "");
            return -1;
        }
        (*i)++;
    }
    size_t keylen = tilde ? (size_t)(tilde - k->text) : strlen(k->text);
    if (!vtext) {
        const cg_token *v = &toks->items[*i];
        if (v->col == opend && (parser_is_op(v) || (v->type == CG_TOK_WORD && v->text[0] == '~'))) {
            cg_error_set(err, v->col - (int)strlen(optext), "unknown operator '%s%s' (the operators are = != < <= > >= ~)",
                         optext, parser_is_op(v) ? v->text : "~");
            return -1;
        }
        if (!parser_is_value(v)) {
            char shown[128];
            cg_escape_safe(k->text, shown, sizeof shown);
            if (keylen < strlen(shown)) shown[keylen] = '\0';
            cg_error_set(err, v->col, "expected a value after '%s%s' in 'where', got '%s'", shown, optext,
                         cg_token_desc(v));
            return -1;
        }
        vtext = v->text;
        vcol = v->col;
        (*i)++;
    }
    cd.key = cg_xstrndup(k->text, keylen);
    cd.value = cg_xstrdup(vtext);
    cd.value_col = vcol;
    CG_GROW(ast->conds, *cap, ast->nconds + 1);
    ast->conds[ast->nconds++] = cd;
    return 0;
}

/* Error for a word that is neither a clause of the command nor a wanted
 * positional argument. */
static int parser_unexpected(const cg_ast *ast, const cg_token *t, const cg_command *cmds, size_t ncmds,
                             cg_error *err)
{
    char list[256];
    cg_clause_list(ast->cmd->clauses, list, sizeof list);
    int c = t->type == CG_TOK_WORD ? parser_clause_of(t->text) : -1;
    if (c == CG_CL_CHRONOLOGICAL) {
        /* a clause of two commands: say which (the list of clauses of this
         * one does not help) */
        const char *names[16];
        size_t k = 0;
        for (size_t i = 0; i < ncmds && k < 16; i++)
            if ((cmds[i].clauses & CG_CLAUSE_BIT(c)) && !(cmds[i].flags & CG_CMD_UNLISTED)) names[k++] = cmds[i].name;
        char who[256] = "";
        cg_join_or(who, sizeof who, names, k, "");
        cg_error_set(err, t->col, "'%s' is not a clause of '%s'; it is a clause of %s", t->text, ast->cmd->name, who);
        return -1;
    }
    if (c >= 0 && ast->cmd->clauses == 0)
        cg_error_set(err, t->col, "'%s' is not a clause of '%s' (usage: %s)", t->text, ast->cmd->name, ast->cmd->usage);
    else if (c >= 0)
        cg_error_set(err, t->col, "'%s' is not a clause of '%s'; expected %s", t->text, ast->cmd->name, list);
    else if (ast->cmd->clauses == 0)
        cg_error_set(err, t->col, "unexpected '%s' (usage: %s)", cg_token_desc(t), ast->cmd->usage);
    else
        cg_error_set(err, t->col, "unexpected '%s'; expected %s", cg_token_desc(t), list);
    return -1;
}

/* Parses the clause whose keyword is at toks[*i]; advances *i past it. */
static int parser_clause(const cg_tokens *toks, size_t *i, int c, cg_ast *ast, cg_error *err)
{
    const cg_token *kw = &toks->items[*i];
    cg_clause *cl = &ast->clauses[c];
    if (cl->present) {
        cg_error_set(err, kw->col, "'%s' given twice", cg_clause_specs[c].name);
        return -1;
    }
    cl->present = 1;
    cl->col = kw->col;
    (*i)++;
    size_t cap = 0;
    switch (cg_clause_specs[c].shape) {
    case CG_SHAPE_FLAG:
        return 0;
    case CG_SHAPE_ONE:
        if (!parser_is_value(&toks->items[*i])) return parser_expect_error(&toks->items[*i], c, err);
        parser_push(&cl->args, &cl->nargs, &cap, &toks->items[(*i)++]);
        return 0;
    case CG_SHAPE_LIST:
        for (;;) {
            if (!parser_is_value(&toks->items[*i])) return parser_expect_error(&toks->items[*i], c, err);
            parser_push(&cl->args, &cl->nargs, &cap, &toks->items[(*i)++]);
            if (toks->items[*i].type != CG_TOK_COMMA) return 0;
            (*i)++;
        }
    case CG_SHAPE_WHERE: {
        size_t ccap = ast->nconds;
        for (;;) {
            if (parser_cond(toks, i, ast, &ccap, err) < 0) return -1;
            if (toks->items[*i].type != CG_TOK_COMMA) return 0;
            (*i)++;
        }
    }
    }
    return 0;
}

int cg_parse(const cg_tokens *toks, const cg_command *cmds, size_t ncmds, cg_ast *ast, cg_error *err)
{
    memset(ast, 0, sizeof *ast);
    const cg_token *t0 = &toks->items[0];
    if (t0->type != CG_TOK_WORD) {
        cg_error_set(err, t0->col, "expected a command, got '%s' (type 'help' for the commands)", cg_token_desc(t0));
        return -1;
    }
    ast->cmd = cg_command_find(cmds, ncmds, t0->text);
    ast->cmd_col = t0->col;
    if (!ast->cmd) {
        const char *s = cg_command_suggest(cmds, ncmds, t0->text);
        char shown[128];
        cg_escape_safe(t0->text, shown, sizeof shown);
        if (s)
            cg_error_set(err, t0->col, "unknown command '%s'; did you mean '%s'?", shown, s);
        else
            cg_error_set(err, t0->col, "unknown command '%s' (type 'help' for the commands)", shown);
        return -1;
    }
    size_t i = 1, poscap = 0;
    for (;;) {
        const cg_token *t = &toks->items[i];
        if (t->type == CG_TOK_END) break;
        if (t->type == CG_TOK_GT || t->type == CG_TOK_GTBANG) {
            ast->redirect_force = t->type == CG_TOK_GTBANG;
            ast->redirect_col = t->col;
            const cg_token *f = &toks->items[i + 1];
            if (!parser_is_value(f)) {
                cg_error_set(err, f->col, "expected a file name after '%s', got '%s'", t->text, cg_token_desc(f));
                return -1;
            }
            const cg_token *after = &toks->items[i + 2];
            if (after->type != CG_TOK_END) {
                cg_error_set(err, after->col, "unexpected '%s' after the output file (quote a file name with spaces)",
                             cg_token_desc(after));
                return -1;
            }
            ast->redirect = f;
            break;
        }
        if (t->type == CG_TOK_COMMA) {
            cg_error_set(err, t->col, "unexpected ','");
            return -1;
        }
        if (parser_is_op(t)) {
            cg_error_set(err, t->col, "unexpected '%s' (conditions are written `where KEY OP VALUE`)", t->text);
            return -1;
        }
        int c = t->type == CG_TOK_WORD ? parser_clause_of(t->text) : -1;
        if (c >= 0 && (ast->cmd->clauses & CG_CLAUSE_BIT(c))) {
            if (parser_clause(toks, &i, c, ast, err) < 0) return -1;
            continue;
        }
        if (ast->cmd->max_args < 0 || ast->npos < (size_t)ast->cmd->max_args) {
            parser_push(&ast->pos, &ast->npos, &poscap, t);
            i++;
            /* a list of positional words may be separated by commas */
            if (ast->cmd->max_args != 1 && toks->items[i].type == CG_TOK_COMMA
                && parser_is_value(&toks->items[i + 1]))
                i++;
            continue;
        }
        return parser_unexpected(ast, t, cmds, ncmds, err);
    }
    if (ast->npos < (size_t)ast->cmd->min_args) {
        const cg_token *end = &toks->items[i];
        cg_error_set(err, end->col, "missing argument to '%s' (usage: %s)", ast->cmd->name, ast->cmd->usage);
        return -1;
    }
    return 0;
}

void cg_ast_destroy(cg_ast *ast)
{
    free(ast->pos);
    for (int c = 0; c < CG_CL_COUNT; c++) free(ast->clauses[c].args);
    for (size_t i = 0; i < ast->nconds; i++) {
        free(ast->conds[i].key);
        free(ast->conds[i].value);
    }
    free(ast->conds);
    memset(ast, 0, sizeof *ast);
}
