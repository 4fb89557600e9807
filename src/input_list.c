/* input_list.c — the -R list file. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input_list.h"

long input_list_read(const char *list_file, char ***paths, char *err, size_t err_size)
{
    FILE *f = fopen(list_file, "r");
    if (!f) {
        snprintf(err, err_size, "cannot read list file '%s': %s", list_file, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    long n = 0;
    char **list = NULL;
    while (getline(&line, &cap, f) >= 0) {
        char *p = line, *end = line + strlen(line);
        while (isspace((unsigned char)*p))
            p++;
        while (end > p && isspace((unsigned char)end[-1]))
            *--end = '\0';
        if (!*p || *p == '#')
            continue;
        char **grown = realloc(list, (size_t)(n + 1) * sizeof *list);
        if (!grown || !(grown[n] = strdup(p))) {
            snprintf(err, err_size, "out of memory reading '%s'", list_file);
            list = grown ? grown : list;
            input_list_free(list, n);
            free(line);
            fclose(f);
            return -1;
        }
        list = grown;
        n++;
    }
    free(line);
    fclose(f);
    if (n == 0) {
        snprintf(err, err_size, "list file '%s' names no capture file (one path per line, '#' for comments)",
                 list_file);
        return -1;
    }
    *paths = list;
    return n;
}

void input_list_free(char **paths, long n)
{
    for (long i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}
