/* writer.c - what every writer of a result table or a graph file shares:
 * JSON string escaping, the canonical text of typed values, the type an
 * attribute is written with, and polling the caller's cancel callback.
 * output.c and the exporters depend on it; it depends on neither. */
#include "writer.h"

#include <stdlib.h>
#include <string.h>

/* Writes s as a JSON string literal (with the quotes): `"` and `\` escaped,
 * control characters (C0, DEL and C1) as \n, \t, ... or \u00XX, U+2028/U+2029 as \u escapes,
 * invalid UTF-8 bytes as \ufffd. */
void cg_writer_json_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    putc('"', f);
    while (n > 0) {
        /* a run of printable ASCII other than '"' and '\\' is written at once */
        size_t k = cg_quoted_plain_run(p, n);
        if (k) {
            fwrite(p, 1, k, f);
            p += k; n -= k;
            continue;
        }
        uint32_t cp;
        int len = cg_utf8_decode(p, n, &cp);
        if (len == 0) {
            fputs("\\ufffd", f);
            p++; n--;
            continue;
        }
        switch (cp) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        case '\b': fputs("\\b", f); break;
        case '\f': fputs("\\f", f); break;
        default:
            /* C1 controls too: U+009B is a terminal's CSI */
            if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
                fprintf(f, "\\u%04x", (unsigned)cp);
            else
                fwrite(p, 1, (size_t)len, f);
        }
        p += len; n -= (size_t)len;
    }
    putc('"', f);
}

/* The canonical text of a typed attribute value (a plain scalar that
 * cg_classify_scalar put in type t): integers without sign or leading zeros
 * as %lld, doubles in round-trip form always with a '.' or exponent,
 * booleans as true/false.  out holds at least 64 bytes. */
void cg_writer_number(const char *text, cg_valtype t, char *out, size_t outsz)
{
    if (t == CG_VAL_INT) {
        snprintf(out, outsz, "%lld", strtoll(text, NULL, 10));
    } else if (t == CG_VAL_DOUBLE) {
        cg_format_double(strtod(text, NULL), out, outsz);
        if (!strpbrk(out, ".eEni") && strlen(out) + 3 < outsz) strcat(out, ".0");
    } else {
        snprintf(out, outsz, "%s", text);
    }
}

/* The type an attribute value is written with: the key's type across the
 * graph (which is never other than text unless every value of the key is a
 * plain scalar of that type). */
cg_valtype cg_writer_attr_type(const cg_graph *g, int is_edge, const cg_attr *a)
{
    if (!a->plain) return CG_VAL_TEXT;
    cg_valtype t = cg_graph_key_type(g, is_edge, a->key);
    if (t != CG_VAL_TEXT && cg_classify_scalar(a->text) != t) return CG_VAL_TEXT;
    return t;
}

int cg_writer_cancelled(const cg_write_opts *o, size_t i, cg_error *err)
{
    if (!o || !o->cancel || (i & 4095) != 0 || !o->cancel(o->ctx)) return 0;
    cg_error_set(err, 0, "interrupted");
    return 1;
}

int cg_writer_finish(FILE *f, int stopped, cg_error *err)
{
    if (stopped) return -1;
    if (ferror(f)) {
        cg_error_set(err, 0, "write error");
        return -1;
    }
    return 0;
}
