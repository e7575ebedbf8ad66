/* diag.h - diagnostics: `FILE:LINE:COL: error: MESSAGE` for files and
 * scripts, `error: MESSAGE` for interactive input.
 *
 * Code below query.c never prints: it records diagnostics in a cg_diag (the
 * loader, which reports all errors up to a limit) or a cg_error (one failed
 * query), and the caller decides where they go.
 */
#ifndef CG_DIAG_H
#define CG_DIAG_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>

#define CG_MAX_ERRORS 100

typedef enum cg_severity { CG_ERROR, CG_WARNING, CG_NOTE } cg_severity;

typedef struct cg_diagnostic {
    cg_severity severity;
    char *file;          /* NULL: no location */
    int line, col;       /* 1-based; 0: none */
    char *message;
} cg_diagnostic;

typedef struct cg_diag {
    cg_diagnostic *items;
    size_t count, cap;
    size_t nerrors, nwarnings;
    size_t dropped_errors, dropped_warnings;  /* beyond the limits */
    size_t max_warnings;                      /* default 20 */
    int no_source;        /* 1: print no source lines (the lines are not the
                             file's: a spreadsheet's rows, csv.h) */
} cg_diag;

void cg_diag_init(cg_diag *d);
void cg_diag_destroy(cg_diag *d);
/* Record a diagnostic.  Errors beyond CG_MAX_ERRORS are counted, not kept. */
void cg_diag_add(cg_diag *d, cg_severity sev, const char *file, int line, int col,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* cg_diag_add with a va_list, the message cut at CG_DIAG_MSG_CUT - 1 bytes
 * (the loader's errors: a message quoting a huge value stays readable). */
#define CG_DIAG_MSG_CUT 1024
void cg_diag_vadd(cg_diag *d, cg_severity sev, const char *file, int line, int col, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
/* 1 once the error limit is reached: the caller may stop early. */
int cg_diag_full(const cg_diag *d);
/* Print every diagnostic, then a line for what was dropped.  Text from input
 * files is printed with control characters escaped.  A diagnostic with a
 * line is followed by that source line and a caret under its column, GNU
 * style (as gcc and rustc print them):
 *     FILE:3:11: error: unknown kind 'senater'; did you mean 'senator'?
 *         3 |   kind: senater
 *           |         ^
 * A line too long for the terminal (or, when out is not one, over
 * CG_CARET_WIDTH columns) is quoted around the column only.  The source is
 * read again from the file, or from the text given to cg_diag_source for
 * that name (standard input); a file that cannot be read, or is UTF-16,
 * gets no source line. */
void cg_diag_print(const cg_diag *d, FILE *out);
/* The same for a terminal width columns wide (0: CG_CARET_WIDTH), whatever
 * out is. */
void cg_diag_print_width(const cg_diag *d, FILE *out, int width);

/* The text of the input called name (a graph read from standard input),
 * for the source lines of its diagnostics.  Borrowed: it must stay while
 * diagnostics are printed. */
void cg_diag_source(const char *name, const unsigned char *data, size_t len);

/* The caret lines of one location: `  LINE | TEXT` and `       | ^`, where
 * text is the source line (len bytes, UTF-8, no newline) and col the
 * 1-based column in characters; width is the room in terminal columns (0:
 * CG_CARET_WIDTH).  Written to out. */
void cg_caret_print(FILE *out, int line, const char *text, size_t len, int col, int width);

/* The screen column (0-based, tabs to multiples of 8, control characters
 * as their escapes) of the col-th character of text, as cg_caret_print
 * draws it; -1 when the line is shorter. */
int cg_caret_column(const char *text, size_t len, int col);

/* How wide a quoted source line may be when output is not a terminal. */
#define CG_CARET_WIDTH 160

/* The terminal width of out (0 when it is not a terminal). */
int cg_term_width(FILE *out);

/* One query's failure: a message and the 1-based column in the query text
 * where it was detected (0: none). */
typedef struct cg_error {
    int set;
    int col;
    char msg[1024];
} cg_error;

void cg_error_clear(cg_error *e);
void cg_error_set(cg_error *e, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Write s to out with control characters, DEL and invalid UTF-8 escaped
 * (\n, \t, \xNN), so text from a graph file never reaches a terminal raw. */
void cg_fputs_safe(const char *s, FILE *out);
/* The same into a buffer of size n (always terminated); returns the length it
 * would have needed. */
size_t cg_escape_safe(const char *s, char *out, size_t n);

#endif
