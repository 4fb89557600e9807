/* row_batch.c — test support: batches of rows written with the core's row writer. */
#include <check.h>

#include "row_batch.h"

void row_batch_init(row_batch *batch, rt_stream stream, const rt_column *columns, unsigned n)
{
    char err[256];
    memset(batch, 0, sizeof *batch);
    schema_registry_init(&batch->registry, stream);
    if (schema_registry_add(&batch->registry, "test", columns, n, err, sizeof err) < 0)
        ck_abort_msg("schema refused: %s", err);
    batch->schema = schema_registry_finish(&batch->registry);
}

rt_row *row_batch_begin_row(row_batch *batch)
{
    row_begin(&batch->row, &batch->data, batch->schema);
    row_hand_over(&batch->row, "test", batch->schema->n_columns);
    return &batch->row;
}

void row_batch_end_row(row_batch *batch)
{
    row_check_done(&batch->row);
    batch->n_rows++;
}

rt_batch row_batch_view(const row_batch *batch)
{
    return (rt_batch){ .stream = batch->schema->stream, .schema = batch->schema, .n_rows = batch->n_rows,
                       .size = batch->data.len, .data = batch->data.data };
}

void row_batch_clear(row_batch *batch)
{
    batch->data.len = 0;
    batch->n_rows = 0;
}

void row_batch_free(row_batch *batch)
{
    buffer_free(&batch->data);
    schema_registry_free(&batch->registry);
}
