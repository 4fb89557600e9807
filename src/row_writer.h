/* row_writer.h — core side of rt_row: starting and finishing rows and handing columns to the
 * module that writes them (plugins use the public rowtap/row.h calls). */
#ifndef ROWTAP_ROW_WRITER_H
#define ROWTAP_ROW_WRITER_H

#include "buffer.h"
#include "rowtap/row.h"
#include "rowtap/schema.h"

struct rt_row {
    rt_buffer *out;          /* the batch the row is appended to */
    const rt_schema *schema;
    unsigned col;            /* column being written */
    unsigned limit;          /* first column the current writer may not touch */
    unsigned part;           /* next part of a compound value */
    uint32_t remaining;      /* values still to come in the current column (0: not started) */
    const char *writer;      /* module writing now, for error messages */
};

/* Starts a row of `schema` at the end of `out`. */
void row_begin(rt_row *row, rt_buffer *out, const rt_schema *schema);
/* The next n_columns columns are written by `writer` ("core" or a plugin name). */
void row_hand_over(rt_row *row, const char *writer, unsigned n_columns);
/* Checks that the current writer wrote all its columns (aborts with a message otherwise). */
void row_check_done(rt_row *row);

#endif
