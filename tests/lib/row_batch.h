/* row_batch.h — test support: a schema made from a column table and a batch of rows written with
 * the real row writer (row_begin / rt_row_* / row_check_done), as the core builds them. */
#ifndef ROWTAP_TEST_ROW_BATCH_H
#define ROWTAP_TEST_ROW_BATCH_H

#include "buffer.h"
#include "row_writer.h"
#include "rowtap/sink.h"
#include "schema_registry.h"

typedef struct row_batch {
    schema_registry registry;
    const rt_schema *schema;
    rt_buffer data;
    rt_row row;
    uint32_t n_rows;
} row_batch;

/* A schema of `stream` with the n columns (owner "test"; the table must outlive the batch) and
 * no rows. Fails the running Check test when the registry refuses a column. */
void row_batch_init(row_batch *batch, rt_stream stream, const rt_column *columns, unsigned n);
/* Starts the next row; write all its columns with rt_row_* calls, then call row_batch_end_row. */
rt_row *row_batch_begin_row(row_batch *batch);
void row_batch_end_row(row_batch *batch);
/* The rows written so far as a batch (valid until the next row is written). */
rt_batch row_batch_view(const row_batch *batch);
/* Drops the rows, keeps the schema. */
void row_batch_clear(row_batch *batch);
void row_batch_free(row_batch *batch);

#endif
