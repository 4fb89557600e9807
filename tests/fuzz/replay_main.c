/* replay_main.c — replays a fuzz target's seed corpus without libFuzzer: links with any target's
 * LLVMFuzzerTestOneInput and feeds it every file given on the command line or found in the given
 * folders. Without arguments it reads $top_srcdir/tests/fuzz/corpus/FUZZ_CORPUS (FUZZ_CORPUS is
 * set per program at compile time), as `make check` runs it. Fails when it finds no input, so that
 * a missing corpus cannot pass unnoticed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_target.h"

/* Feeds one file; returns 1 when it was an input, 0 otherwise. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        exit(1);
    }
    uint8_t *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            data = realloc(data, cap);
            if (!data) {
                fprintf(stderr, "replay: out of memory\n");
                exit(1);
            }
        }
        size_t n = fread(data + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    /* an exact-size copy, so that reads past the end are caught by the sanitizers */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        fprintf(stderr, "replay: out of memory\n");
        exit(1);
    }
    memcpy(exact, data, len);
    free(data);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 1;
}

/* Feeds every regular file of a folder (or the file itself); returns the number of inputs. */
static int replay_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "replay: %s does not exist\n", path);
        exit(1);
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path);
    struct dirent **entries;
    int n = scandir(path, &entries, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: cannot read the folder %s\n", path);
        exit(1);
    }
    int inputs = 0;
    for (int i = 0; i < n; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", path, entries[i]->d_name);
        if (entries[i]->d_name[0] != '.' && stat(file, &st) == 0 && S_ISREG(st.st_mode))
            inputs += replay_file(file);
        free(entries[i]);
    }
    free(entries);
    return inputs;
}

int main(int argc, char **argv)
{
    int inputs = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            inputs += replay_path(argv[i]);
    } else {
        const char *top = getenv("top_srcdir");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top ? top : ".", FUZZ_CORPUS);
        inputs = replay_path(dir);
    }
    if (inputs == 0) {
        fprintf(stderr, "replay: no input found\n");
        return 1;
    }
    printf("replay: %d inputs processed without a crash\n", inputs);
    return 0;
}
