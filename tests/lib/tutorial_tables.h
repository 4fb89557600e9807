/* tutorial_tables.h — test support: the expected text of the tutorial tables (T2-COMPAT §7.5),
 * read from their verbatim copy (tests/data/txt/tutorial_tables.txt) and converted from aligned
 * columns to the file layout: fields split at the column starts of the '%pktNo' line, the
 * alignment spaces removed, fields joined by one TAB, every line ending in LF. */
#ifndef ROWTAP_TEST_TUTORIAL_TABLES_H
#define ROWTAP_TEST_TUTORIAL_TABLES_H

#include "buffer.h"

#define TUTORIAL_N_TABLES 2

/* Reads the verbatim tables from `path` and fills text[i] with table i+1 (column-name row
 * first), NUL-terminated (the NUL is not counted in len). Fails the running Check test when the
 * file is missing or a row does not split at the column starts. */
void tutorial_tables_load(const char *path, rt_buffer text[TUTORIAL_N_TABLES]);

#endif
