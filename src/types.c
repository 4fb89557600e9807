/* types.c — the type catalog (schema/types.def) as a table for C code. */
#include "rowtap/types.h"

static const rt_type_info type_table[RT_TYPE_COUNT] = {
#define RT_TYPE(id, code, size, storage, text, msgpack, pgtype, pgcopy, desc) \
    { #id, code, size, storage, text, msgpack, pgtype, pgcopy, desc },
#include "types.def"
#undef RT_TYPE
};

const rt_type_info *rt_type_get(rt_type type)
{
    if ((unsigned)type >= RT_TYPE_COUNT)
        return NULL;
    return &type_table[type];
}

const char *rt_stream_name(rt_stream stream)
{
    return stream == RT_STREAM_PACKETS ? "packets" : "flows";
}
