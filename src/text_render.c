/* text_render.c — rows and values in the classic text layout (T2-COMPAT §2): dispatch by type to
 * text_number, text_addr and text_escape, and the joining of fields, repetitions and compound
 * parts. */
#include "cursor_inline.h"
#include "text_addr.h"
#include "text_escape.h"
#include "text_number.h"
#include "text_render.h"

text_style text_style_for(rt_stream stream, int time_digits)
{
    text_style style = { .quote_strings = stream == RT_STREAM_FLOWS, .time_digits = time_digits == 9 ? 9 : 6 };
    return style;
}

static void put_char(rt_buffer *out, char c)
{
    *buffer_reserve(out, 1) = (uint8_t)c;
    out->len++;
}

/* Room for the text of one value of a type: strings and payloads grow with their length, every
 * other type fits in TEXT_NUMBER_MAX (which exceeds TEXT_ADDR_MAX). */
static size_t value_room(rt_type type, const rt_value *value)
{
    switch (type) {
    case RT_S:
    case RT_SC:
        return (size_t)value->len * TEXT_ESCAPE_STRING_MAX_PER_BYTE + 2;
    case RT_BIN:
        return (size_t)value->len * TEXT_ESCAPE_PAYLOAD_MAX_PER_BYTE;
    default:
        return TEXT_NUMBER_MAX;
    }
}

/* A C value: printable ASCII is the character itself; anything else (which would otherwise put
 * a TAB, LF or broken byte into the row) is escaped like a one-byte string. */
static char *render_char(char *p, char c)
{
    uint8_t byte = (uint8_t)c;
    if (byte >= 0x20 && byte < 0x7f) {
        *p = c;
        return p + 1;
    }
    return text_escape_string(p, &byte, 1);
}

static char *render_string(char *p, const rt_value *value, int quoted)
{
    if (quoted)
        *p++ = '"';
    p = text_escape_string(p, value->bytes, value->len);
    if (quoted)
        *p++ = '"';
    return p;
}

static char *render_ipx(char *p, const rt_value *value)
{
    if (value->ip_version == 4)
        return text_addr_ip4(p, value->bytes);
    if (value->ip_version == 6)
        return text_addr_ip6(p, value->bytes);
    *p = '-';
    return p + 1;
}

/* Writes the text of one value at p (which has value_room bytes); returns the end. */
static inline char *render_value_at(char *p, rt_type type, const rt_value *value, const text_style *style)
{
    switch (type) {
    case RT_I8: case RT_I16: case RT_I32: case RT_I64:
        p = text_number_i64(p, value->n.i);
        break;
    case RT_U8: case RT_U16: case RT_U32: case RT_U64:
        p = text_number_u64(p, value->n.u);
        break;
    case RT_H8: p = text_number_hex(p, value->n.u, 2); break;
    case RT_H16: p = text_number_hex(p, value->n.u, 4); break;
    case RT_H32: p = text_number_hex(p, value->n.u, 8); break;
    case RT_H64: p = text_number_hex(p, value->n.u, 16); break;
    case RT_F: p = text_number_float(p, value->n.f); break;
    case RT_D: p = text_number_double(p, value->n.d); break;
    case RT_C: p = render_char(p, value->n.c); break;
    case RT_S: p = render_string(p, value, style->quote_strings); break;
    case RT_SC: p = render_string(p, value, 0); break;
    case RT_TS: case RT_DUR:
        p = text_number_time(p, value->n.i, style->time_digits);
        break;
    case RT_MAC: p = text_addr_mac(p, value->bytes); break;
    case RT_IP4: p = text_addr_ip4(p, value->bytes); break;
    case RT_IP6: p = text_addr_ip6(p, value->bytes); break;
    case RT_IPX: p = render_ipx(p, value); break;
    case RT_BIN: p = text_escape_payload(p, value->bytes, value->len); break;
    default: break; /* RT_COMPOUND is rendered part by part by text_render_row */
    }
    return p;
}

void text_render_value(rt_buffer *out, rt_type type, const rt_value *value, const text_style *style)
{
    char *start = (char *)buffer_reserve(out, value_room(type, value));
    out->len += (size_t)(render_value_at(start, type, value, style) - start);
}

/* Appends `separator` (unless 0) and one value read from the cursor, with one reservation. */
static inline void render_next(rt_buffer *out, char separator, rt_type type, rt_cursor *cursor,
                               const text_style *style)
{
    rt_value value;
    cursor_value(cursor, type, &value);
    char *start = (char *)buffer_reserve(out, 1 + value_room(type, &value)), *p = start;
    if (separator)
        *p++ = separator;
    out->len += (size_t)(render_value_at(p, type, &value, style) - start);
}

void text_render_row(rt_buffer *out, const rt_schema *schema, rt_cursor *cursor, const text_style *style)
{
    for (unsigned c = 0; c < schema->n_columns; c++) {
        const rt_column *column = schema->columns[c].column;
        char separator = c ? '\t' : 0;
        uint32_t count = cursor_count(cursor);
        if (count == 1 && column->type != RT_COMPOUND) { /* the common case: one plain value */
            render_next(out, separator, column->type, cursor, style);
            continue;
        }
        if (separator)
            put_char(out, separator);
        if (count == RT_ABSENT)
            continue; /* an absent value is an empty field */
        for (uint32_t i = 0; i < count; i++) {
            char before = i ? ';' : 0;
            if (column->type != RT_COMPOUND) {
                render_next(out, before, column->type, cursor, style);
                continue;
            }
            for (unsigned part = 0; part < column->n_parts; part++) /* parts joined by '_' */
                render_next(out, part ? '_' : before, column->parts[part], cursor, style);
        }
    }
    put_char(out, '\n');
}

void text_render_names(rt_buffer *out, const rt_schema *schema)
{
    put_char(out, '%');
    for (unsigned c = 0; c < schema->n_columns; c++) {
        if (c)
            put_char(out, '\t');
        const char *name = schema->columns[c].column->name;
        buffer_append(out, name, strlen(name));
    }
    put_char(out, '\n');
}
