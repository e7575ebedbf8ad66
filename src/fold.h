/* fold.h - case- and accent-insensitive text: the one fold `find`, node
 * references (prefixes) and `lint`'s duplicate keys compare text with.
 * The definition is in src/fold_table.py (which writes the table fold.c
 * reads): ASCII lower-cased; Latin, Greek and Cyrillic letters lower-cased
 * (Unicode case folding) and stripped of their accents (canonical
 * decomposition without the combining marks: é -> e, Ё -> е, ά -> α,
 * ß -> ss); ø đ ħ ł ŧ ı ð þ æ œ spelled o d h l t i d th ae oe; curly
 * quotes, dashes and no-break space as their ASCII forms.  Independent of
 * the locale (no iconv, no towlower).  Invalid UTF-8 is copied byte by byte. */
#ifndef CG_FOLD_H
#define CG_FOLD_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

/* The fold of code point cp into out (UTF-8, not NUL-terminated): its
 * length, 0 when cp folds away (a combining mark), at most 7. */
size_t cg_fold_cp(uint32_t cp, char out[8]);

/* The fold of s[0..n) appended to b. */
void cg_fold_append(cg_buf *b, const char *s, size_t n);

/* The fold of s into b (reset first). */
void cg_fold_text(const char *s, cg_buf *b);

#endif
