/* pgsql_text.h — binary COPY tuples back as PostgreSQL text: the fields of COPY's text format
 * (TAB between fields, \N for NULL, backslash escapes), which `COPY ... FROM` reads again. Used
 * for the rows written to pgsql.rejectFile. */
#ifndef ROWTAP_PGSQL_TEXT_H
#define ROWTAP_PGSQL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "pgsql_copy.h"

/* Appends the fields of one tuple (as encoded with `plan`, `len` bytes from its field count),
 * without a line end. */
void pgsql_text_row(rt_buffer *out, const pgsql_plan *plan, const uint8_t *tuple, size_t len);

#endif
