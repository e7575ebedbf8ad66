/* suggest.h - the one "did you mean" engine, for the loader, the query
 * parser and the commands.
 *
 * A caller offers candidates for a word that named nothing; the engine keeps
 * the closest few within one distance rule (cg_suggest_max_distance) and
 * writes them as "; did you mean 'a', 'b' or 'c'?".  Ties go to the smaller
 * text, so a message is the same whatever the order of the candidates.
 */
#ifndef CG_SUGGEST_H
#define CG_SUGGEST_H

#include <stddef.h>
#include "util.h"

#define CG_SUGGEST_MAX 3

typedef struct cg_suggest {
    cg_buf word;              /* what was typed, folded when fold */
    cg_buf scratch;           /* a folded candidate */
    int fold;                 /* compare case-folded text */
    int maxd;                 /* the farthest a candidate may be */
    size_t want;              /* how many to keep, 1..CG_SUGGEST_MAX */
    const char *text[CG_SUGGEST_MAX];   /* the kept candidates, closest first */
    int dist[CG_SUGGEST_MAX];
    size_t n;
} cg_suggest;

/* The edit distance (cg_edit_distance) within which a candidate is offered
 * for a word of len bytes: 1 up to 3 bytes, 2 up to 6, else 3. */
int cg_suggest_max_distance(size_t len);

/* Starts a search for word, keeping up to want (1..CG_SUGGEST_MAX)
 * candidates; fold: compare case-folded (cg_fold), as names are.  The
 * caller destroys s. */
void cg_suggest_init(cg_suggest *s, const char *word, size_t want, int fold);
void cg_suggest_destroy(cg_suggest *s);
/* The distance of cand from the word (more than s->maxd when too far). */
int cg_suggest_distance(cg_suggest *s, const char *cand);
/* Keeps shown at distance d if it is among the closest (d within maxd).
 * shown is borrowed: it must outlive s. */
void cg_suggest_add(cg_suggest *s, const char *shown, int d);
/* cg_suggest_add(s, cand, cg_suggest_distance(s, cand)). */
void cg_suggest_offer(cg_suggest *s, const char *cand);
/* Offers every one of words[0..n). */
void cg_suggest_words(cg_suggest *s, const char *const *words, size_t n);
/* The closest of words[0..n) to word (exact case), or NULL: a whole search
 * in one call (the loader's and import's "did you mean"). */
const char *cg_suggest_closest(const char *word, const char *const *words, size_t n);
/* The closest candidate, or NULL when none was close. */
const char *cg_suggest_best(const cg_suggest *s);
/* "; did you mean 'a', 'b' or 'c'?" into buf (empty when none), each
 * candidate escaped for a terminal. */
void cg_suggest_text(const cg_suggest *s, char *buf, size_t n);

#endif
