/* ytree.h - a piece of a YAML file as a small tree: mappings, lists and
 * scalars, with anchors and aliases, `<<` merge keys, duplicate keys and
 * tags checked, and the expansion of aliases bounded.
 *
 * The loader reads the top level of a file event by event
 * (cg_ytree_next) and every entry of it as a tree (cg_ytree_parse), in a
 * per-file arena it releases after each entry (cg_ytree_mark,
 * cg_ytree_release), so memory grows with the graph, never with the
 * document.  An anchor keeps the tree it names (the arena is not released
 * past an entry that defined one); an alias points at that tree, so
 * expanding one costs nothing, and the number of tree nodes reached through
 * aliases is bounded against the size of the input: an alias bomb fails
 * fast.
 *
 * Errors go to the cg_diag given to cg_ytree_init, at the current file.
 * When one means the file cannot be read further (a syntax error, a limit,
 * a diag full of errors, a poll that said stop), t->abort is set and every
 * later call returns at once.
 */
#ifndef CG_YTREE_H
#define CG_YTREE_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "util.h"

/* Limits (SPEC 2, SECURITY.md) */
#define CG_MAX_DEPTH 64
#define CG_MAX_SCALAR_LEN (1u << 20)       /* 1 MiB for any one value */
#define CG_MAX_ALIAS_EXPANSION 100000      /* nodes reached through aliases, per file */

struct yaml_event_s;        /* yaml.h's yaml_event_t */
struct cg_yaml_stream;      /* yaml_stream.h */

typedef enum { CG_YN_SCALAR, CG_YN_SEQ, CG_YN_MAP } cg_yn_type;

/* A node of the tree.  Everything is in the tree's arena (but for the text
 * of a flat entry's scalars: cg_ytree_parse_entry). */
typedef struct cg_ynode cg_ynode;
struct cg_ynode {
    cg_yn_type type;
    int line, col;
    int plain;            /* scalar: plain style and no !!str tag */
    int is_null;          /* scalar: empty plain scalar (no value) */
    const char *value;    /* scalar text (NUL-terminated) */
    size_t len;
    cg_ynode **items;     /* seq: n items; map: n keys then n values */
    size_t n;
    size_t weight;        /* nodes in this tree, aliases counted expanded (saturating) */
};

/* Key and value i of a mapping.  Keys are scalars: a mapping keeps no
 * other key. */
#define CG_YMAP_KEY(m, i) ((m)->items[(i)])
#define CG_YMAP_VAL(m, i) ((m)->items[(m)->n + (i)])

typedef struct cg_ytree_anchor {
    char *name;
    cg_ynode *node;
} cg_ytree_anchor;

/* The reader of one file's trees.  Caller-owned: cg_ytree_init, then
 * cg_ytree_begin / cg_ytree_end around each file, cg_ytree_destroy. */
typedef struct cg_ytree {
    struct cg_yaml_stream *in;   /* the current file's events */
    cg_diag *diag;
    const char *file;      /* the current file's name, for messages */
    int abort;             /* stop reading the current file */
    int failed;            /* a syntax error or a limit in the current file */
    int depth;
    size_t events;         /* events read in this file */
    size_t alias_budget;   /* tree nodes reached through aliases */
    cg_arena arena;        /* this file's trees */
    cg_ytree_anchor *anchors; size_t nanchors, anchors_cap;
    /* anchor name -> index of its latest definition in anchors (open
     * addressing), so an alias is found in constant time however many
     * anchors a file defines */
    int32_t *amap; size_t amap_size, amap_count;
    /* asked every 4096 events; non-zero stops the file (a cancelled load) */
    int (*poll)(void *ctx);
    void *poll_ctx;
} cg_ytree;

/* A point in a file's trees to go back to (cg_ytree_release). */
typedef struct cg_ytree_mark {
    cg_arena_mark arena;
    size_t nanchors;
} cg_ytree_mark;

/* Starts a tree reader; errors go to diag; poll (may be NULL) is asked
 * with poll_ctx every 4096 events. */
void cg_ytree_init(cg_ytree *t, cg_diag *diag, int (*poll)(void *ctx), void *poll_ctx);
/* Frees everything, trees and anchors. */
void cg_ytree_destroy(cg_ytree *t);

/* Starts reading file (its name, kept as given) from the stream in
 * (borrowed until cg_ytree_end): the last file's trees and anchors are
 * gone, abort and failed are 0. */
void cg_ytree_begin(cg_ytree *t, const char *file, struct cg_yaml_stream *in);
/* Forgets the file's trees and anchors. */
void cg_ytree_end(cg_ytree *t);

/* The next event into *ev.  Returns 0, or -1 (nothing to free) after a
 * syntax error or a limit was reported, when t->abort was set, or when the
 * poll said stop.  Free *ev with cg_ytree_event_free unless it goes to
 * cg_ytree_parse. */
int cg_ytree_next(cg_ytree *t, struct yaml_event_s *ev);
void cg_ytree_event_free(cg_ytree *t, struct yaml_event_s *ev);

/* Builds the tree of the node whose first event is ev (consumed).  Returns
 * the tree (in the arena), or NULL when reading must stop (a syntax error
 * or a limit, reported).  Smaller errors (a duplicate key, a bad tag) are
 * reported and the tree is built without the offending part. */
cg_ynode *cg_ytree_parse(cg_ytree *t, struct yaml_event_s *ev);

/* cg_ytree_parse for an entry of a top-level list.  When the events come
 * in chunks and the entry is a flat mapping wholly in the chunk being read
 * (at most CG_YTREE_FLAT_KEYS keys, every key and value a scalar with no
 * anchor, tag or NUL, no `<<` key, no key twice), it is read straight from
 * the packed events: the same tree cg_ytree_parse builds, with its
 * scalars' text left in the chunk, so the tree is valid only until the
 * next event is read.  Anything else goes to cg_ytree_parse. */
#define CG_YTREE_FLAT_KEYS 16
cg_ynode *cg_ytree_parse_entry(cg_ytree *t, struct yaml_event_s *ev);

/* Checks the tag of the node that ev starts (tag: its text or NULL; a
 * scalar's value for !!int and the like).  Returns 0 if acceptable, else
 * -1 (reported); *force_text is set for !!str and the non-specific tag
 * "!". */
int cg_ytree_check_tag(cg_ytree *t, const struct yaml_event_s *ev, const unsigned char *tag, int is_scalar,
                       const char *value, int *force_text);

/* The mark of what the trees hold now; cg_ytree_release(t, m) frees every
 * tree made since, unless one of them defined an anchor (which a later
 * alias may name).  Inline: the loader marks and releases once an entry. */
static inline cg_ytree_mark cg_ytree_get_mark(const cg_ytree *t)
{
    cg_ytree_mark m = { cg_arena_get_mark(&t->arena), t->nanchors };
    return m;
}

static inline void cg_ytree_release(cg_ytree *t, cg_ytree_mark m)
{
    if (t->nanchors == m.nanchors) cg_arena_release(&t->arena, m.arena);
}

/* "a list", "a mapping" or "a value", for messages. */
const char *cg_ytree_desc(const cg_ynode *y);
/* The value of key in mapping m, or NULL. */
const cg_ynode *cg_ytree_get(const cg_ynode *m, const char *key);

#endif
