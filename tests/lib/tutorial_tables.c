/* tutorial_tables.c — test support: converting the verbatim tutorial tables to TAB-separated text. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "tutorial_tables.h"

#define MAX_COLUMNS 64

/* Start offsets of the names in a header line: where a non-space follows a space or the start. */
static unsigned column_starts(const char *line, size_t len, size_t starts[MAX_COLUMNS])
{
    unsigned n = 0;
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && (i == 0 || line[i - 1] == ' ')) {
            ck_assert_uint_lt(n, MAX_COLUMNS);
            starts[n++] = i;
        }
    return n;
}

/* Appends one aligned line as fields joined by TAB, ending in LF. Every field but the last loses
 * its alignment spaces; the last runs to the end of the line (empty when the line is shorter). */
static void convert_line(rt_buffer *out, const char *line, size_t len, const size_t *starts, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        size_t from = starts[i] < len ? starts[i] : len;
        size_t to = i + 1 < n && starts[i + 1] < len ? starts[i + 1] : len;
        if (i > 0) {
            ck_assert_msg(from == len || line[from - 1] == ' ',
                          "tutorial row '%.12s...' does not split at column %u", line, i + 1);
            buffer_append(out, "\t", 1);
        }
        if (i + 1 < n)
            while (to > from && line[to - 1] == ' ')
                to--;
        buffer_append(out, line + from, to - from);
    }
    buffer_append(out, "\n", 1);
}

void tutorial_tables_load(const char *path, rt_buffer text[TUTORIAL_N_TABLES])
{
    FILE *file = fopen(path, "r");
    ck_assert_msg(file != NULL, "cannot read %s", path);
    char *line = NULL;
    size_t cap = 0, starts[MAX_COLUMNS];
    ssize_t got;
    unsigned table = 0, n_columns = 0;
    int inside = 0;
    while ((got = getline(&line, &cap, file)) >= 0) {
        size_t len = (size_t)got;
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (!inside && line[0] == '%') {
            ck_assert_uint_lt(table, TUTORIAL_N_TABLES);
            n_columns = column_starts(line, len, starts);
            inside = 1;
        } else if (inside && len == 0) {
            inside = 0;
            table++;
            continue;
        }
        if (inside)
            convert_line(&text[table], line, len, starts, n_columns);
    }
    if (inside)
        table++;
    free(line);
    fclose(file);
    ck_assert_uint_eq(table, TUTORIAL_N_TABLES);
    for (unsigned i = 0; i < TUTORIAL_N_TABLES; i++)
        *buffer_reserve(&text[i], 1) = '\0';
}
