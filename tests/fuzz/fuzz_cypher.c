/* fuzz_cypher.c - libFuzzer target: arbitrary bytes as match query text,
 * through the Cypher lexer and parser (src/cypher_lex.c, cypher_parse.c).
 *
 * The input (NUL bytes cut it short, as a C string would) is parsed; on
 * success the AST is dumped and the redirection read, so every node of the
 * tree is visited.  Sanitizers catch memory errors and leaks; libFuzzer's
 * -timeout and -rss_limit_mb catch hangs and unbounded memory.  Nothing is
 * written anywhere.
 *
 *   make fuzz && build/fuzz/fuzz_cypher -max_total_time=60 build/fuzz/corpus/cypher
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cypher.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    cg_error err;
    cg_error_clear(&err);
    cg_cypher *c = cg_cypher_parse(text, &err);
    if (c) {
        cg_buf b;
        cg_buf_init(&b);
        cg_cypher_dump(c, &b);
        const char *name;
        int force, col;
        if (cg_cypher_redirect(c, &name, &force, &col) && (!name || col < 1)) abort();
        cg_buf_destroy(&b);
        cg_cypher_free(c);
    } else if (!err.set || err.col < 1 || (size_t)err.col > size + 1) {
        abort();   /* every failure has a message at a column inside the text */
    }
    free(text);
    return 0;
}
