/* yaml_parse.c - the floor for the loader: a bare libyaml event parse.
 *
 * usage: yaml_parse FILE
 *
 * Reads every event of FILE with yaml_parser_parse and frees it, nothing
 * else; prints the event count and the time on stdout as
 * "events N time_ms T".  Exit 1 on a syntax error.
 */
#include <stdio.h>
#include <time.h>
#include <yaml.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: yaml_parse FILE\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) { perror(argv[1]); return 2; }
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, fp);
    size_t n = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "%s: %s\n", argv[1], p.problem ? p.problem : "error");
            return 1;
        }
        n++;
        int done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (done) break;
    }
    yaml_parser_delete(&p);
    fclose(fp);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("events %zu time_ms %.1f\n", n,
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    return 0;
}
