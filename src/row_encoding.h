/* row_encoding.h — the internal binary encoding of rows inside a batch, shared by the row writer
 * (row.c) and the reader (cursor.c).
 *
 * A row is its columns in schema order. Each column starts with a count: one byte 0..0xFD (the
 * number of values; 1 for a present plain column), 0xFE followed by a 4-byte count, or 0xFF for
 * an absent value. Then come the values; a compound value is its parts in order. A value is
 * stored in host byte order with the catalog's size (types.def); variable-length types (size 0)
 * are a 4-byte length followed by the bytes; IPX is a version byte (0, 4, 6) and 16 bytes. */
#ifndef ROWTAP_ROW_ENCODING_H
#define ROWTAP_ROW_ENCODING_H

#include "rowtap/types.h"

#define ROW_COUNT_LONG 0xFEu
#define ROW_COUNT_ABSENT 0xFFu

/* Encoded size of a fixed-size value, 0 for length-prefixed types. */
static inline unsigned row_value_size(rt_type type)
{
    static const unsigned char sizes[RT_TYPE_COUNT] = {
#define RT_TYPE(id, code, size, storage, text, msgpack, pgtype, pgcopy, desc) size,
#include "types.def"
#undef RT_TYPE
    };
    return sizes[type];
}

#endif
