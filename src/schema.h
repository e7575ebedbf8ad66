/* schema.h - which node kinds and edge types a graph has, and which kinds
 * each type may join (its endpoint rules).
 *
 * The tables are the graph's (cg_graph.kinds and .types, stored by
 * graph.c); this module decides what goes into them and what they allow:
 * the built-in kinds and types, the ones a file declares, lookups by name,
 * and the check of an edge against its type's rules.  It knows nothing of
 * YAML: the loader reads a declaration's shape from the file and hands the
 * names here, so an importer or a query binder can use the same calls.
 *
 * Errors go to the cg_diag given to cg_schema_init, at the location the
 * caller passes.  A call reports at most one error and then returns -1, so
 * the caller knows when the diag may have filled up (cg_diag_full).
 */
#ifndef CG_SCHEMA_H
#define CG_SCHEMA_H

#include <stdint.h>
#include "diag.h"
#include "graph.h"

/* Limits (SPEC 2, SECURITY.md): kinds and types are found by a scan, so
 * their number stays small. */
#define CG_MAX_KINDS 1000                  /* declared kinds; kinds in one endpoint rule */
#define CG_MAX_TYPES 1000                  /* declared edge types */

/* The built-in kind and type names, NULL-terminated. */
extern const char *const cg_builtin_kinds[];
extern const char *const cg_builtin_types[];

/* Where a declaration or an edge was written, for messages.  file is kept
 * as given (interned by the caller). */
typedef struct cg_schema_loc {
    const char *file;
    int line, col;
} cg_schema_loc;

/* The schema of one graph while it is built: the graph, where errors go,
 * and caches for the lookups a big file repeats.  Caller-owned:
 * cg_schema_init, then cg_schema_destroy. */
typedef struct cg_schema {
    cg_graph *g;
    cg_diag *diag;
    const char *last_kind;                               /* see cg_schema_kind_known */
    struct { const char *type; int32_t idx; } tcache[64]; /* see cg_schema_type_index */
} cg_schema;

/* Declares the built-in kinds, and the built-in types with their endpoint
 * rules, in g, a new graph that has none yet (cg_graph_new). */
void cg_schema_declare_builtins(cg_graph *g);

/* Starts the schema of g (whose built-ins the caller has declared, or
 * not); errors go to diag.  Nothing to free yet: destroy is for symmetry. */
void cg_schema_init(cg_schema *s, cg_graph *g, cg_diag *diag);
void cg_schema_destroy(cg_schema *s);

/* Declares kind (interned in the graph) unless it is built in or declared
 * already.  Returns 0, or -1 after reporting at `at` that CG_MAX_KINDS
 * kinds are declared. */
int cg_schema_declare_kind(cg_schema *s, const char *kind, const cg_schema_loc *at);

/* Declares edge type name (interned) with its endpoint rules: the kinds an
 * edge may go from (from[0..nfrom)) and to (to[0..nto)), interned, in
 * storage that lives as long as the graph; 0 kinds means any.  Declaring a
 * type again without rules changes nothing, with the same rules is fine,
 * with other rules (or new rules for a built-in type) is an error.  The
 * kinds need not exist yet: the caller checks them once everything is
 * read.  Returns the type's index, or -1 after reporting the error at
 * name_at (the type's name) or rules_at (its rules: too many kinds). */
int cg_schema_declare_type(cg_schema *s, const char *name, const char **from, uint32_t nfrom,
                           const char **to, uint32_t nto, const cg_schema_loc *name_at,
                           const cg_schema_loc *rules_at);

/* 1 if the interned kind is built in or declared.  The last kind found is
 * remembered (kinds are never removed), as a file's nodes repeat a few. */
int cg_schema_kind_known(cg_schema *s, const char *interned);

/* The index of the built-in or declared type with this interned name, or
 * -1.  Types are only ever appended, so a found index is cached. */
int32_t cg_schema_type_index(cg_schema *s, const char *interned);

/* 1 if the interned kind is one of kinds[0..n), or n is 0 (any kind). */
static inline int cg_schema_kind_in(const char *kind, const char *const *kinds, uint32_t n)
{
    if (n == 0) return 1;
    for (uint32_t i = 0; i < n; i++)
        if (kinds[i] == kind) return 1;
    return 0;
}

/* 1 if an edge of type td may go from a node of kind from_kind to one of
 * kind to_kind (both interned).  Inline: a big file asks it once an edge. */
static inline int cg_schema_allows(const cg_typedef *td, const char *from_kind, const char *to_kind)
{
    return cg_schema_kind_in(from_kind, td->from_kinds, td->nfrom) &&
           cg_schema_kind_in(to_kind, td->to_kinds, td->nto);
}

/* Reports at `at` the endpoint rule of td that edge e of the graph breaks
 * (cg_schema_allows said no). */
void cg_schema_report_edge(cg_schema *s, size_t e, const cg_typedef *td, const cg_schema_loc *at);

#endif
