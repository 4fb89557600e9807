/* text_render.h — the classic text rendering of rows (T2-COMPAT §2): used by the txt sink and by
 * rowtap-cat, so both print byte-identical text. No printf-family call per field on the hot
 * path (integers, hex, timestamps, addresses, strings); floats may use one. */
#ifndef ROWTAP_TEXT_RENDER_H
#define ROWTAP_TEXT_RENDER_H

#include "buffer.h"
#include "rowtap/schema.h"
#include "rowtap/sink.h"

typedef struct text_style {
    int quote_strings; /* S values in double quotes (flow file) or bare (packet file) */
    int time_digits;   /* 6 or 9 fraction digits for TS and DUR */
} text_style;

/* The style of a stream: flows quote S values, packets do not. */
text_style text_style_for(rt_stream stream, int time_digits);
/* Appends one value of a catalog type. */
void text_render_value(rt_buffer *out, rt_type type, const rt_value *value, const text_style *style);
/* Reads one row from the cursor and appends it: fields joined by TAB, ending in LF. */
void text_render_row(rt_buffer *out, const rt_schema *schema, rt_cursor *cursor, const text_style *style);
/* Appends the column-name row: '%' + names joined by TAB + LF. */
void text_render_names(rt_buffer *out, const rt_schema *schema);

#endif
