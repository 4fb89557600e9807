/* cursor_inline.h — the row reader's steps as inline functions, for the hot loops of the core's
 * own renderers (text_render.c); sinks use the rt_cursor_* functions of rowtap/sink.h, which are
 * these same steps. */
#ifndef ROWTAP_CURSOR_INLINE_H
#define ROWTAP_CURSOR_INLINE_H

#include <string.h>

#include "row_encoding.h"
#include "rowtap/sink.h"

/* rt_cursor_count */
static inline uint32_t cursor_count(rt_cursor *cursor)
{
    uint8_t first = *cursor->pos++;
    if (first == ROW_COUNT_ABSENT)
        return RT_ABSENT;
    if (first != ROW_COUNT_LONG)
        return first;
    uint32_t count;
    memcpy(&count, cursor->pos, 4);
    cursor->pos += 4;
    return count;
}

/* rt_cursor_value */
static inline void cursor_value(rt_cursor *cursor, rt_type type, rt_value *out)
{
    const uint8_t *p = cursor->pos;
    switch (type) {
    case RT_I8: { int8_t v; memcpy(&v, p, 1); out->n.i = v; break; }
    case RT_I16: { int16_t v; memcpy(&v, p, 2); out->n.i = v; break; }
    case RT_I32: { int32_t v; memcpy(&v, p, 4); out->n.i = v; break; }
    case RT_I64: case RT_TS: case RT_DUR: memcpy(&out->n.i, p, 8); break;
    case RT_U8: case RT_H8: out->n.u = p[0]; break;
    case RT_U16: case RT_H16: { uint16_t v; memcpy(&v, p, 2); out->n.u = v; break; }
    case RT_U32: case RT_H32: { uint32_t v; memcpy(&v, p, 4); out->n.u = v; break; }
    case RT_U64: case RT_H64: memcpy(&out->n.u, p, 8); break;
    case RT_F: memcpy(&out->n.f, p, 4); break;
    case RT_D: memcpy(&out->n.d, p, 8); break;
    case RT_C: out->n.c = (char)p[0]; break;
    case RT_MAC: case RT_IP4: case RT_IP6:
        out->bytes = p;
        out->len = row_value_size(type);
        break;
    case RT_IPX:
        out->ip_version = p[0];
        out->bytes = p + 1;
        out->len = p[0] == 4 ? 4 : p[0] == 6 ? 16 : 0;
        break;
    case RT_S: case RT_SC: case RT_BIN: {
        uint32_t n;
        memcpy(&n, p, 4);
        out->bytes = p + 4;
        out->len = n;
        cursor->pos = p + 4 + n;
        return;
    }
    default:
        break;
    }
    cursor->pos = p + row_value_size(type);
}

#endif
