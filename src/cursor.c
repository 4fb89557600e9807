/* cursor.c — reading rows back from a batch (the reverse of row.c), for sinks. */
#include "cursor_inline.h"

void rt_cursor_init(rt_cursor *cursor, const rt_batch *batch)
{
    cursor->pos = batch->data;
    cursor->end = batch->data + batch->size;
}

uint32_t rt_cursor_count(rt_cursor *cursor)
{
    return cursor_count(cursor);
}

void rt_cursor_value(rt_cursor *cursor, rt_type type, rt_value *out)
{
    cursor_value(cursor, type, out);
}
