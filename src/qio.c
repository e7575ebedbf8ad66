/* qio.c - the query layer's voice and ears: messages and a load's
 * diagnostics go out through the session's io (shell.c prints them; nothing
 * here touches a terminal), and Ctrl-C comes in as the cancel poll that the
 * loader, the writers and algo call. */
#include "command.h"

#include <stdarg.h>
#include <stdlib.h>

volatile sig_atomic_t cg_interrupted;

/* The cancel callback the loader and the exporters poll: Ctrl-C was
 * pressed (cg_interrupted, set by the SIGINT handler). */
int qio_cancel_poll(void *ctx)
{
    (void)ctx;
    return cg_interrupted != 0;
}

/* See command.h. */
void qio_note(const cg_session *s, const char *fmt, ...)
{
    if (!s->io.note) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    s->io.note(buf, s->io.ctx);
}

/* See command.h: the diagnostics as the loader's caret lines print them,
 * for a terminal as wide as the output's. */
void qio_note_diag(const cg_session *s, const cg_diag *d)
{
    if (!s->io.note || !d->count) return;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return;
    cg_diag_print_width(d, m, s->term_cols);
    if (fclose(m) == 0 && buf) s->io.note(buf, s->io.ctx);
    free(buf);
}

