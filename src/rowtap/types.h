/* rowtap/types.h — column types and column declarations.
 *
 * The list of types comes from the catalog schema/types.def (installed next to this header);
 * every part of rowtap that depends on a type (text rendering, msgpack, PostgreSQL) switches on
 * these enum values. Plugins declare their columns with the rt_column structure below. */
#ifndef ROWTAP_TYPES_H
#define ROWTAP_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One value per catalog entry (RT_U16, RT_IPX, ...), then RT_COMPOUND for compound columns. */
typedef enum rt_type {
#define RT_TYPE(id, code, size, storage, text, msgpack, pgtype, pgcopy, desc) RT_##id,
#include "types.def"
#undef RT_TYPE
    RT_TYPE_COUNT,
    RT_COMPOUND = RT_TYPE_COUNT /* a tuple of catalog types, see rt_column.parts */
} rt_type;

/* What the catalog says about one type (see schema/types.def for the meaning of each field). */
typedef struct rt_type_info {
    const char *id;      /* "U16" */
    const char *code;    /* type code of _headers.txt, e.g. "U64.U32" */
    unsigned size;       /* bytes in the internal row encoding, 0 = length-prefixed */
    const char *storage;
    const char *text;
    const char *msgpack;
    const char *pgtype;
    const char *pgcopy;
    const char *description;
} rt_type_info;

/* Catalog entry of a type; NULL for RT_COMPOUND or an out-of-range value. */
const rt_type_info *rt_type_get(rt_type type);

/* Count of an absent value (rt_cursor_count); a value absent from a packet row. */
#define RT_ABSENT UINT32_MAX

/* The two row streams. */
typedef enum rt_stream {
    RT_STREAM_PACKETS = 0, /* one row per packet, only with -s */
    RT_STREAM_FLOWS = 1,   /* one row per flow direction */
    RT_STREAM_COUNT
} rt_stream;

/* Name of a stream: "packets" or "flows". */
const char *rt_stream_name(rt_stream stream);

/* Declaration of one column, written by a plugin in its header file.
 * A compound column has type RT_COMPOUND and lists its part types in parts[0..n_parts-1]; its
 * name joins the part names with '_' (e.g. "ipOptCpCl_Num"). Nested compounds are not supported.
 * A repeated column holds zero or more values (or compounds) per row. */
typedef struct rt_column {
    const char *name;        /* column name as in Tranalyzer2, e.g. "srcIP" */
    rt_type type;            /* catalog type, or RT_COMPOUND */
    unsigned repeated;       /* nonzero: zero or more values per row (type code gets ":R") */
    const rt_type *parts;    /* compound part types, NULL otherwise */
    unsigned n_parts;        /* number of compound parts, 0 otherwise */
    const char *description; /* short English text for _headers.txt and the schema exports */
} rt_column;

/* Helpers for column tables: RT_COLUMN("winSize", U16, "TCP window field"). */
#define RT_COLUMN(name, type, desc) { (name), RT_##type, 0, NULL, 0, (desc) }
#define RT_COLUMN_REPEATED(name, type, desc) { (name), RT_##type, 1, NULL, 0, (desc) }
#define RT_COLUMN_COMPOUND(name, parts, desc) \
    { (name), RT_COMPOUND, 0, (parts), (unsigned)(sizeof(parts) / sizeof((parts)[0])), (desc) }
#define RT_COLUMN_COMPOUND_REPEATED(name, parts, desc) \
    { (name), RT_COMPOUND, 1, (parts), (unsigned)(sizeof(parts) / sizeof((parts)[0])), (desc) }

#ifdef __cplusplus
}
#endif
#endif
