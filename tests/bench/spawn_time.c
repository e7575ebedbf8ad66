/* spawn_time.c - how long a short command takes, start to exit, as its user
 * sees it: no shell and no /usr/bin/time in between (on this machine a
 * shell's fork and exec of /usr/bin/time alone cost 15 ms).
 *
 * usage: spawn_time N COMMAND [ARG...]
 *
 * Runs COMMAND N times with posix_spawn (standard output and error to
 * /dev/null), each timed from the spawn to waitpid's return, and prints
 * "median_ms M min_ms L" on stdout.  Exit 1 if a run fails.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3 || atoi(argv[1]) < 1) {
        fprintf(stderr, "usage: spawn_time N COMMAND [ARG...]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    double *t = malloc((size_t)n * sizeof *t);
    if (!t) return 2;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    for (int i = 0; i < n; i++) {
        pid_t pid;
        int st;
        double t0 = now_ms();
        if (posix_spawn(&pid, argv[2], &fa, NULL, argv + 2, environ) != 0) {
            perror(argv[2]);
            return 1;
        }
        if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            fprintf(stderr, "spawn_time: %s failed\n", argv[2]);
            return 1;
        }
        t[i] = now_ms() - t0;
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    double med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    printf("median_ms %.1f min_ms %.1f\n", med, t[0]);
    free(t);
    return 0;
}
