/* value.c - the values of graph files (SPEC 2): partial dates and the
 * intervals they cover, scalars typed as integer, double, boolean or text,
 * and numbers written so they read back the same. */
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- dates ---- */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

int cg_date_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return 0;
    if (!all_digits(s, 4)) return 0;
    if (n == 4) return 1;
    if (s[4] != '-' || !all_digits(s + 5, 2)) return 0;
    int y = atoi(s);
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12) return 0;
    if (n == 7) return 1;
    if (s[7] != '-' || !all_digits(s + 8, 2)) return 0;
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return d >= 1 && d <= days_in_month(y, m);
}

void cg_date_interval(const char *s, char lo[11], char hi[11])
{
    size_t n = strlen(s);
    if (n == 4) {
        snprintf(lo, 11, "%.4s-01-01", s);
        snprintf(hi, 11, "%.4s-12-31", s);
    } else if (n == 7) {
        int y = atoi(s), m = atoi(s + 5);
        snprintf(lo, 11, "%.7s-01", s);
        snprintf(hi, 11, "%.7s-%02d", s, (m >= 1 && m <= 12) ? days_in_month(y, m) : 31);
    } else {
        snprintf(lo, 11, "%.10s", s);
        snprintf(hi, 11, "%.10s", s);
    }
}

/* ---- numbers ---- */

void cg_format_double(double d, char *out, size_t outsz)
{
    if (isnan(d)) { snprintf(out, outsz, "nan"); return; }
    if (isinf(d)) { snprintf(out, outsz, d < 0 ? "-inf" : "inf"); return; }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, outsz, "%.*g", prec, d);
        if (strtod(out, NULL) == d) break;
    }
    /* snprintf honours LC_NUMERIC; casegraph never changes it from "C", but
     * be safe: a decimal comma becomes a point. */
    for (char *p = out; *p; p++)
        if (*p == ',') *p = '.';
}

static int is_int_text(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!*p) return 0;
    if (p[0] == '0' && p[1] != '\0') return 0;   /* 007 stays text: nothing lost */
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9') return 0;
    errno = 0;
    (void)strtoll(s, NULL, 10);
    return errno == 0;
}

static int is_double_text(const char *s)
{
    const char *p = s;
    int digits = 0;
    if (*p == '+' || *p == '-') p++;
    if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') return 0;
    while (*p >= '0' && *p <= '9') { p++; digits++; }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') { p++; digits++; }
    }
    if (!digits) return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p) return 0;
    double d = strtod(s, NULL);
    return isfinite(d);
}

cg_valtype cg_classify_scalar(const char *s)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) return CG_VAL_BOOL;
    if (is_int_text(s)) return CG_VAL_INT;
    if (is_double_text(s)) return CG_VAL_DOUBLE;
    return CG_VAL_TEXT;
}

const char *cg_valtype_name(cg_valtype t)
{
    switch (t) {
    case CG_VAL_INT: return "integer";
    case CG_VAL_DOUBLE: return "double";
    case CG_VAL_BOOL: return "boolean";
    default: return "text";
    }
}

