/* schema.c - the kinds and edge types a graph has and the endpoint rules
 * they follow: the built-ins, declarations, lookups and the rule check of
 * an edge (see schema.h). */
#include "schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cg_builtin_kinds[] = {
    "senator", "representative", "attorney_general", "official", "person",
    "company", "organization", "agency", "committee", "court", "bill", "law",
    "case", "report", "media", NULL
};

const char *const cg_builtin_types[] = {
    "sponsored", "cosponsored", "endorsed", "opposed", "subpoenaed", "sued",
    "seized", "investigated", "charged", "indicted", "ordered", "ruled",
    "denied", "filed", "amends", "signed", "voted_for", "member_of", "chairs",
    "employs", "owns", "contracted", "published", "urged", "referred", NULL
};

/* The names of a NULL-terminated list, interned in g, in g's arena; *n
 * gets their number. */
static const char **schema_intern_list(cg_graph *g, const char *const *names, uint32_t *n)
{
    uint32_t k = 0;
    while (names[k]) k++;
    const char **out = cg_arena_alloc(&g->arena, (k ? k : 1) * sizeof *out);
    for (uint32_t i = 0; i < k; i++) out[i] = cg_strpool_intern_cstr(&g->strings, names[i]);
    *n = k;
    return out;
}

/* See schema.h. */
void cg_schema_declare_builtins(cg_graph *g)
{
    for (size_t i = 0; cg_builtin_kinds[i]; i++) {
        CG_GROW(g->kinds, g->kinds_cap, g->nkinds + 1);
        g->kinds[g->nkinds++] = cg_strpool_intern_cstr(&g->strings, cg_builtin_kinds[i]);
    }
    g->nbuiltin_kinds = g->nkinds;
    static const char *const rep_sen[] = { "senator", "representative", NULL };
    static const char *const bill[] = { "bill", NULL };
    static const char *const bill_law[] = { "bill", "law", NULL };
    static const char *const law[] = { "law", NULL };
    for (size_t i = 0; cg_builtin_types[i]; i++) {
        CG_GROW(g->types, g->types_cap, g->ntypes + 1);
        cg_typedef *t = &g->types[g->ntypes++];
        memset(t, 0, sizeof *t);
        t->name = cg_strpool_intern_cstr(&g->strings, cg_builtin_types[i]);
        t->builtin = 1;
        if (!strcmp(t->name, "sponsored") || !strcmp(t->name, "cosponsored")) {
            t->from_kinds = schema_intern_list(g, rep_sen, &t->nfrom);
            t->to_kinds = schema_intern_list(g, bill, &t->nto);
        } else if (!strcmp(t->name, "amends")) {
            t->from_kinds = schema_intern_list(g, bill_law, &t->nfrom);
            t->to_kinds = schema_intern_list(g, law, &t->nto);
        }
    }
    g->nbuiltin_types = g->ntypes;
}

void cg_schema_init(cg_schema *s, cg_graph *g, cg_diag *diag)
{
    memset(s, 0, sizeof *s);
    s->g = g;
    s->diag = diag;
}

void cg_schema_destroy(cg_schema *s)
{
    memset(s, 0, sizeof *s);
}

/* An error at `at`; the message is cut at 1023 bytes, as the loader's are. */
static void schema_error(cg_schema *s, const cg_schema_loc *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void schema_error(cg_schema *s, const cg_schema_loc *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cg_diag_vadd(s->diag, CG_ERROR, at->file, at->line, at->col, fmt, ap);
    va_end(ap);
}

/* See schema.h. */
int cg_schema_declare_kind(cg_schema *s, const char *kind, const cg_schema_loc *at)
{
    cg_graph *g = s->g;
    if (cg_graph_find_kind(g, kind) >= 0) return 0;   /* built in or declared already */
    if (g->nkinds - g->nbuiltin_kinds >= CG_MAX_KINDS) {
        schema_error(s, at, "more than %d kinds declared (the limit)", CG_MAX_KINDS);
        return -1;
    }
    CG_GROW(g->kinds, g->kinds_cap, g->nkinds + 1);
    g->kinds[g->nkinds++] = kind;
    return 0;
}

/* 1 if a[0..na) and b[0..nb) are the same interned names in the same order. */
static int schema_same_list(const char **a, uint32_t na, const char **b, uint32_t nb)
{
    if (na != nb) return 0;
    for (uint32_t i = 0; i < na; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* See schema.h. */
int cg_schema_declare_type(cg_schema *s, const char *name, const char **from, uint32_t nfrom,
                           const char **to, uint32_t nto, const cg_schema_loc *name_at,
                           const cg_schema_loc *rules_at)
{
    if (nfrom > CG_MAX_KINDS || nto > CG_MAX_KINDS) {
        schema_error(s, rules_at, "type '%s' lists more than %d kinds (the limit)", name, CG_MAX_KINDS);
        return -1;
    }
    cg_graph *g = s->g;
    int existing = cg_graph_find_type(g, name);
    if (existing < 0 && g->ntypes - g->nbuiltin_types >= CG_MAX_TYPES) {
        schema_error(s, name_at, "more than %d types declared (the limit)", CG_MAX_TYPES);
        return -1;
    }
    if (existing >= 0) {
        cg_typedef *t = &g->types[existing];
        if (nfrom == 0 && nto == 0) return existing;   /* naming it again changes nothing */
        if (t->builtin) {
            schema_error(s, name_at, "type '%s' is built in; its endpoint rules cannot be changed", name);
            return -1;
        }
        if ((t->nfrom || t->nto) && !(schema_same_list(t->from_kinds, t->nfrom, from, nfrom) &&
                                      schema_same_list(t->to_kinds, t->nto, to, nto))) {
            schema_error(s, name_at, "type '%s' is declared again with other endpoint rules", name);
            return -1;
        }
        t->from_kinds = from; t->nfrom = nfrom;
        t->to_kinds = to; t->nto = nto;
        return existing;
    }
    CG_GROW(g->types, g->types_cap, g->ntypes + 1);
    existing = (int)g->ntypes;
    cg_typedef *t = &g->types[g->ntypes++];
    memset(t, 0, sizeof *t);
    t->name = name;
    t->from_kinds = from; t->nfrom = nfrom;
    t->to_kinds = to; t->nto = nto;
    return existing;
}

/* See schema.h. */
int cg_schema_kind_known(cg_schema *s, const char *interned)
{
    if (interned == s->last_kind) return 1;
    const cg_graph *g = s->g;
    for (size_t i = 0; i < g->nkinds; i++)
        if (g->kinds[i] == interned) {
            s->last_kind = interned;
            return 1;
        }
    return 0;
}

/* See schema.h. */
int32_t cg_schema_type_index(cg_schema *s, const char *interned)
{
    size_t slot = ((uintptr_t)interned >> 3) & 63;
    if (s->tcache[slot].type == interned) return s->tcache[slot].idx;
    const cg_graph *g = s->g;
    for (size_t i = 0; i < g->ntypes; i++)
        if (g->types[i].name == interned) {
            s->tcache[slot].type = interned;
            s->tcache[slot].idx = (int32_t)i;
            return (int32_t)i;
        }
    return -1;
}

/* See schema.h.  The message names the first end that breaks a rule. */
void cg_schema_report_edge(cg_schema *s, size_t e, const cg_typedef *td, const cg_schema_loc *at)
{
    const cg_graph *g = s->g;
    const cg_edge *ed = &g->edges[e];
    const cg_node *f = &g->nodes[ed->from], *to = &g->nodes[ed->to];
    char rule[512] = "";
    if (!cg_schema_kind_in(f->kind, td->from_kinds, td->nfrom)) {
        cg_join_or(rule, sizeof rule, td->from_kinds, td->nfrom, "");
        cg_diag_add(s->diag, CG_ERROR, at->file, at->line, at->col,
                    "'%s' edges go from %s; '%s' is a %s", ed->type, rule, f->id, f->kind);
    } else {
        cg_join_or(rule, sizeof rule, td->to_kinds, td->nto, "");
        cg_diag_add(s->diag, CG_ERROR, at->file, at->line, at->col,
                    "'%s' edges go to %s; '%s' is a %s", ed->type, rule, to->id, to->kind);
    }
}
