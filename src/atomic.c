/* atomic.c - the one temp-file-then-rename writer (see atomic.h). */
#define _GNU_SOURCE     /* renameat2, RENAME_EXCHANGE: a directory replaced in one step */
#include "atomic.h"

#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

/* The mode a new file gets by default: 0666 less the umask. */
static mode_t atomic_default_mode(void)
{
    mode_t m = umask(022);
    umask(m);
    return 0666 & ~m;
}

/* The file actually replaced when writing `path`: a symbolic link is
 * followed (the file it names is replaced, the link kept), so an export to a
 * link updates what it points to.  Returns a malloc'd path. */
static char *atomic_resolve(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *r = realpath(path, NULL);
        if (r) return r;
    }
    return cg_xstrdup(path);
}

/* Checks that path can be a file we replace: not a directory, not some other
 * non-regular file.  Fills *mode with the mode the new file should get
 * (the old file's, else new_mode). */
static int atomic_check_target(const char *path, const char *shown, mode_t new_mode, mode_t *mode, cg_error *err)
{
    struct stat st;
    if (path[0] == '\0') {
        cg_error_set(err, 0, "no file name given");
        return -1;
    }
    size_t n = strlen(path);
    if (path[n - 1] == '/') {
        cg_error_set(err, 0, "cannot write '%s': is a directory", shown);
        return -1;
    }
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            cg_error_set(err, 0, "cannot write '%s': is a directory", shown);
            return -1;
        }
        if (!S_ISREG(st.st_mode)) {
            cg_error_set(err, 0, "cannot write '%s': not a regular file", shown);
            return -1;
        }
        *mode = st.st_mode & 07777;
    } else {
        *mode = new_mode;
    }
    return 0;
}

/* Creates a temporary file next to target (same directory, so rename is
 * atomic).  Returns the fd and the malloc'd name in *tmpname, or -1 with err
 * set. */
static int atomic_make_temp(const char *target, const char *shown, char **tmpname, cg_error *err)
{
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = slash ? slash + 1 : target;
    cg_buf b;
    cg_buf_init(&b);
    cg_buf_append(&b, target, dirlen);
    cg_buf_printf(&b, ".%s.tmp-XXXXXX", base);
    int fd = mkstemp(b.data);
    if (fd < 0) {
        int e = errno;
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%.*s", dirlen > 1 ? (int)dirlen - 1 : dirlen ? 1 : 1,
                 dirlen ? target : ".");
        cg_error_set(err, 0, "cannot write '%s': cannot create a file in directory '%s': %s",
                     shown, dir, strerror(e));
        cg_buf_destroy(&b);
        return -1;
    }
    *tmpname = b.data;   /* handed over */
    return fd;
}

/* Makes a rename in target's directory durable (best effort: a file system
 * that cannot fsync a directory is not an error). */
static void atomic_sync_dir(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash ? cg_xstrndup(target, slash == target ? 1 : (size_t)(slash - target)) : cg_xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

int cg_atomic_begin(cg_atomic *a, const char *path, mode_t new_mode, cg_error *err)
{
    memset(a, 0, sizeof *a);
    a->fd = -1;
    a->shown = path;
    a->target = atomic_resolve(path);
    mode_t mode;
    if (atomic_check_target(a->target, path, new_mode ? new_mode : atomic_default_mode(), &mode, err) < 0) goto fail;
    a->fd = atomic_make_temp(a->target, path, &a->tmpname, err);
    if (a->fd < 0) goto fail;
    if (fchmod(a->fd, mode) < 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", path, strerror(errno));
        cg_atomic_abort(a);
        return -1;
    }
    return 0;
fail:
    free(a->target);
    a->target = NULL;
    return -1;
}

FILE *cg_atomic_file(cg_atomic *a, cg_error *err)
{
    if (!a->f) {
        a->f = fdopen(a->fd, "w");
        if (!a->f) cg_error_set(err, 0, "cannot write '%s': %s", a->shown, strerror(errno));
    }
    return a->f;
}

void cg_atomic_abort(cg_atomic *a)
{
    if (a->f) fclose(a->f);
    else if (a->fd >= 0) close(a->fd);
    if (a->tmpname) unlink(a->tmpname);
    free(a->tmpname);
    free(a->target);
    memset(a, 0, sizeof *a);
    a->fd = -1;
}

int cg_atomic_commit(cg_atomic *a, const cg_write_opts *o, cg_error *err)
{
    if (a->f && (fflush(a->f) != 0 || ferror(a->f))) {
        cg_error_set(err, 0, "cannot write '%s': %s", a->shown, strerror(errno ? errno : EIO));
        goto fail;
    }
    if (fsync(a->fd) != 0 && errno != EINVAL && errno != EROFS) {
        cg_error_set(err, 0, "cannot write '%s': %s", a->shown, strerror(errno));
        goto fail;
    }
    if (cg_writer_cancelled(o, 0, err)) goto fail;   /* the last moment to keep the old file */
    int cr = a->f ? fclose(a->f) : close(a->fd);
    a->f = NULL;
    a->fd = -1;
    if (cr != 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", a->shown, strerror(errno));
        goto fail;
    }
    if (rename(a->tmpname, a->target) != 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", a->shown, strerror(errno));
        goto fail;
    }
    atomic_sync_dir(a->target);
    free(a->tmpname);
    free(a->target);
    memset(a, 0, sizeof *a);
    a->fd = -1;
    return 0;
fail:
    cg_atomic_abort(a);
    return -1;
}

int cg_atomic_write(const char *path, cg_write_fn fn, void *ctx, const cg_write_opts *o, cg_error *err)
{
    cg_atomic a;
    if (cg_atomic_begin(&a, path, 0, err) < 0) return -1;
    FILE *f = cg_atomic_file(&a, err);
    if (!f) {
        cg_atomic_abort(&a);
        return -1;
    }
    if (fn(f, ctx, err) < 0) {
        if (!err->set) cg_error_set(err, 0, "cannot write '%s'", path);
        cg_atomic_abort(&a);
        return -1;
    }
    return cg_atomic_commit(&a, o, err);
}

/* ---- a directory written whole (the .neo4j export) ---- */

/* Removes dir's regular files and symbolic links, then dir itself (one
 * level: the directories casegraph writes hold no others).  Best effort. */
static void atomic_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
            (void)unlinkat(dirfd(d), de->d_name, 0);
        }
        closedir(d);
    }
    (void)rmdir(dir);
}

/* path without its trailing slashes (malloc'd; "/" stays). */
static char *atomic_strip_slashes(const char *path)
{
    char *p = cg_xstrdup(path);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') p[--n] = '\0';
    return p;
}

int cg_atomic_dir_begin(cg_atomic_dir *d, const char *path, const char *marker, cg_error *err)
{
    memset(d, 0, sizeof *d);
    d->shown = path;
    d->marker = marker;
    if (path[0] == '\0') {
        cg_error_set(err, 0, "no file name given");
        return -1;
    }
    char *stripped = atomic_strip_slashes(path);
    d->target = atomic_resolve(stripped);
    free(stripped);
    struct stat st;
    if (stat(d->target, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            cg_error_set(err, 0, "cannot write '%s': it exists and is not a directory", path);
            goto fail;
        }
        cg_buf m;
        cg_buf_init(&m);
        cg_buf_printf(&m, "%s/%s", d->target, marker);
        int ours = lstat(m.data, &st) == 0 && S_ISREG(st.st_mode);
        cg_buf_destroy(&m);
        if (!ours) {
            cg_error_set(err, 0, "cannot write '%s': the directory exists and casegraph did not write it "
                         "(no %s in it); remove it or choose another name", path, marker);
            goto fail;
        }
        d->replace = 1;
    }
    const char *slash = strrchr(d->target, '/');
    size_t dirlen = slash ? (size_t)(slash - d->target) + 1 : 0;
    cg_buf b;
    cg_buf_init(&b);
    cg_buf_append(&b, d->target, dirlen);
    cg_buf_printf(&b, ".%s.tmp-XXXXXX", slash ? slash + 1 : d->target);
    if (!mkdtemp(b.data)) {
        int e = errno;
        cg_error_set(err, 0, "cannot write '%s': cannot create a directory beside it: %s", path, strerror(e));
        cg_buf_destroy(&b);
        goto fail;
    }
    d->tmpdir = b.data;    /* handed over */
    mode_t m = atomic_default_mode();
    (void)chmod(d->tmpdir, (m | ((m & 0444) >> 2)) & 0777);   /* 0755 under umask 022: x where r */
    FILE *mf = cg_atomic_dir_open(d, marker, err);
    if (!mf) goto fail_tmp;
    fputs("This directory was written by casegraph (export FILE.neo4j); casegraph replaces it\n"
          "whole on the next export.  See import.txt.\n", mf);
    if (cg_atomic_dir_close(d, mf, err) < 0) goto fail_tmp;
    return 0;
fail_tmp:
    cg_atomic_dir_abort(d);
    return -1;
fail:
    free(d->target);
    d->target = NULL;
    return -1;
}

FILE *cg_atomic_dir_open(cg_atomic_dir *d, const char *name, cg_error *err)
{
    cg_buf b;
    cg_buf_init(&b);
    cg_buf_printf(&b, "%s/%s", d->tmpdir, name);
    FILE *f = fopen(b.data, "wx");
    if (!f) cg_error_set(err, 0, "cannot write '%s/%s': %s", d->shown, name, strerror(errno));
    cg_buf_destroy(&b);
    return f;
}

int cg_atomic_dir_close(cg_atomic_dir *d, FILE *f, cg_error *err)
{
    int bad = fflush(f) != 0 || ferror(f);
    int e = errno ? errno : EIO;
    if (!bad && fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS) { bad = 1; e = errno; }
    if (fclose(f) != 0 && !bad) { bad = 1; e = errno; }
    if (bad) {
        if (!err->set) cg_error_set(err, 0, "cannot write '%s': %s", d->shown, strerror(e));
        return -1;
    }
    return 0;
}

void cg_atomic_dir_abort(cg_atomic_dir *d)
{
    if (d->tmpdir) atomic_remove_tree(d->tmpdir);
    free(d->tmpdir);
    free(d->target);
    memset(d, 0, sizeof *d);
}

int cg_atomic_dir_commit(cg_atomic_dir *d, const cg_write_opts *o, cg_error *err)
{
    int fd = open(d->tmpdir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    if (cg_writer_cancelled(o, 0, err)) goto fail;   /* the last moment to keep the old directory */
    if (d->replace) {
        /* swap the two in one step; the old one then goes where the new was */
        if (renameat2(AT_FDCWD, d->tmpdir, AT_FDCWD, d->target, RENAME_EXCHANGE) != 0) {
            cg_error_set(err, 0, "cannot write '%s': cannot replace the old directory: %s", d->shown,
                         strerror(errno));
            goto fail;
        }
    } else if (rename(d->tmpdir, d->target) != 0) {
        cg_error_set(err, 0, "cannot write '%s': %s", d->shown, strerror(errno));
        goto fail;
    }
    if (d->replace) atomic_remove_tree(d->tmpdir);    /* the old content */
    atomic_sync_dir(d->target);
    free(d->tmpdir);
    free(d->target);
    memset(d, 0, sizeof *d);
    return 0;
fail:
    cg_atomic_dir_abort(d);
    return -1;
}
