/* msgpack_format.h — constants of the msgpack stream format (schema/msgpack.md) shared by the
 * writer (msgpack_row.c, with msgpack-c) and the reader (mp_header.c, mp_row.c, mp_file.c). */
#ifndef ROWTAP_MSGPACK_FORMAT_H
#define ROWTAP_MSGPACK_FORMAT_H

/* Value of the header's "format" key. */
#define MSGPACK_FORMAT_NAME "rowtap-msgpack"
/* The format version written and read by this code. */
#define MSGPACK_FORMAT_VERSION 1
/* The "type" of a compound column (the other types use the catalog ids). */
#define MSGPACK_FORMAT_COMPOUND "COMPOUND"
/* Largest object a reader accepts (schema/msgpack.md §5). */
#define MSGPACK_FORMAT_MAX_OBJECT (256u << 20)

#endif
