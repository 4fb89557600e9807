/* mp_reader.h — a strict, allocation-free msgpack pull reader over a byte range, for decoding
 * untrusted files (rowtap-cat). Every length is checked against the bytes present; running out of
 * bytes is reported apart from malformed data so that a streaming caller can read more and retry. */
#ifndef ROWTAP_MP_READER_H
#define ROWTAP_MP_READER_H

#include <stddef.h>
#include <stdint.h>

/* Outcome of a read. */
typedef enum mp_status {
    MP_OK = 0,
    MP_SHORT, /* the bytes end inside the item: more data is needed */
    MP_BAD    /* not msgpack: the never-used first byte 0xc1 */
} mp_status;

/* Kind of an item. Integers are normalized: MP_UINT for every value >= 0, MP_INT for < 0. */
typedef enum mp_kind {
    MP_NIL, MP_BOOL, MP_UINT, MP_INT, MP_FLOAT32, MP_FLOAT64, MP_STR, MP_BIN, MP_ARRAY, MP_MAP, MP_EXT
} mp_kind;

/* One item: a scalar, the head of an array or map, or a str/bin/ext with its body. */
typedef struct mp_item {
    mp_kind kind;
    union {
        uint64_t u;  /* MP_UINT */
        int64_t i;   /* MP_INT */
        float f;     /* MP_FLOAT32 */
        double d;    /* MP_FLOAT64 */
        int b;       /* MP_BOOL */
    } v;
    uint32_t len;          /* str/bin/ext: body bytes; array: elements; map: pairs */
    int8_t ext_type;       /* MP_EXT */
    const uint8_t *body;   /* str/bin/ext body */
} mp_item;

/* A position in a byte range that holds bytes of a file from offset `base` on. */
typedef struct mp_reader {
    const uint8_t *start; /* first byte of the range */
    const uint8_t *pos;
    const uint8_t *end;
    uint64_t base;        /* file offset of `start` */
} mp_reader;

void mp_reader_init(mp_reader *r, const uint8_t *data, size_t len, uint64_t base);
/* File offset of a byte of the range. */
uint64_t mp_reader_offset(const mp_reader *r, const uint8_t *at);
/* Writes "byte <file offset of at>: <message>" to err; returns -1. */
int mp_reader_error(const mp_reader *r, const uint8_t *at, char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Reads the next item; on failure the position does not move. */
mp_status mp_reader_next(mp_reader *r, mp_item *item);
/* Moves past one whole object (an array or map with everything inside it, at any depth, without
 * recursion). On failure the position is where the failing item starts. */
mp_status mp_reader_skip(mp_reader *r);
/* Decodes a timestamp extension item (type -1; 4, 8 or 12 bytes) into ns since the Unix epoch.
 * Returns 0, or -1 when it is not a valid timestamp or does not fit 64-bit nanoseconds. */
int mp_reader_timestamp(const mp_item *item, int64_t *ns);
/* Name of a kind for messages: "nil", "bool", "uint", "int", "float 32", ... */
const char *mp_kind_name(mp_kind kind);

#endif
