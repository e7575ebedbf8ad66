/* suggest.c - the one "did you mean" engine (see suggest.h). */
#include "suggest.h"

#include <stdio.h>
#include <string.h>
#include "diag.h"

int cg_suggest_max_distance(size_t len)
{
    return len <= 3 ? 1 : len <= 6 ? 2 : 3;
}

void cg_suggest_init(cg_suggest *s, const char *word, size_t want, int fold)
{
    memset(s, 0, sizeof *s);
    cg_buf_init(&s->word);
    cg_buf_init(&s->scratch);
    s->fold = fold;
    s->want = want < 1 ? 1 : want > CG_SUGGEST_MAX ? CG_SUGGEST_MAX : want;
    s->maxd = cg_suggest_max_distance(strlen(word));
    if (fold) cg_fold(word, &s->word);
    else cg_buf_puts(&s->word, word);
}

void cg_suggest_destroy(cg_suggest *s)
{
    cg_buf_destroy(&s->word);
    cg_buf_destroy(&s->scratch);
}

int cg_suggest_distance(cg_suggest *s, const char *cand)
{
    if (!s->fold) return cg_edit_distance(s->word.data, cand, s->maxd);
    cg_fold(cand, &s->scratch);
    return cg_edit_distance(s->word.data, s->scratch.data, s->maxd);
}

/* 1 if (d, a) comes before (e, b): closer, then the smaller text. */
static int suggest_before(int d, const char *a, int e, const char *b)
{
    return d != e ? d < e : strcmp(a, b) < 0;
}

void cg_suggest_add(cg_suggest *s, const char *shown, int d)
{
    if (d > s->maxd) return;
    size_t i;
    for (i = 0; i < s->n; i++)
        if (strcmp(s->text[i], shown) == 0) break;
    if (i < s->n) {                       /* offered again: keep the closer */
        if (d >= s->dist[i]) return;
        memmove(&s->text[i], &s->text[i + 1], (s->n - i - 1) * sizeof s->text[0]);
        memmove(&s->dist[i], &s->dist[i + 1], (s->n - i - 1) * sizeof s->dist[0]);
        s->n--;
    }
    if (s->n == s->want && !suggest_before(d, shown, s->dist[s->n - 1], s->text[s->n - 1])) return;
    if (s->n == s->want) s->n--;          /* the farthest goes */
    size_t at = s->n;
    while (at > 0 && suggest_before(d, shown, s->dist[at - 1], s->text[at - 1])) {
        s->text[at] = s->text[at - 1];
        s->dist[at] = s->dist[at - 1];
        at--;
    }
    s->text[at] = shown;
    s->dist[at] = d;
    s->n++;
}

void cg_suggest_offer(cg_suggest *s, const char *cand)
{
    cg_suggest_add(s, cand, cg_suggest_distance(s, cand));
}

void cg_suggest_words(cg_suggest *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) cg_suggest_offer(s, words[i]);
}

const char *cg_suggest_best(const cg_suggest *s)
{
    return s->n ? s->text[0] : NULL;
}

void cg_suggest_text(const cg_suggest *s, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!s->n) return;
    char shown[CG_SUGGEST_MAX][200];
    const char *items[CG_SUGGEST_MAX];
    for (size_t i = 0; i < s->n; i++) {
        if (cg_escape_safe(s->text[i], shown[i], sizeof shown[i]) >= sizeof shown[i])
            memcpy(shown[i] + sizeof shown[i] - 4, "...", 4);
        items[i] = shown[i];
    }
    snprintf(buf, n, "; did you mean ");
    cg_join_or(buf, n, items, s->n, "'");
    size_t len = strlen(buf);
    if (len + 1 < n) { buf[len] = '?'; buf[len + 1] = '\0'; }
}

/* See suggest.h. */
const char *cg_suggest_closest(const char *word, const char *const *words, size_t n)
{
    cg_suggest sg;
    cg_suggest_init(&sg, word, 1, 0);
    cg_suggest_words(&sg, words, n);
    const char *best = cg_suggest_best(&sg);
    cg_suggest_destroy(&sg);
    return best;
}
