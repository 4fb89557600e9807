/* buffer.h — a growable byte buffer (row batches, rendered text). */
#ifndef ROWTAP_BUFFER_H
#define ROWTAP_BUFFER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct rt_buffer {
    uint8_t *data;
    size_t len;
    size_t cap;
    size_t align; /* 0, or the power of two `data` is kept aligned to (direct I/O) */
} rt_buffer;

/* Makes room for at least `extra` more bytes; exits with a message when memory is exhausted. */
void buffer_grow(rt_buffer *buf, size_t extra);
void buffer_free(rt_buffer *buf);

/* Pointer to `n` writable bytes at the end; the caller then adds what it wrote to len. An empty
 * buffer gets its memory even for n == 0, so the pointer is never NULL + 0. */
static inline uint8_t *buffer_reserve(rt_buffer *buf, size_t n)
{
    if (!buf->data || buf->cap - buf->len < n)
        buffer_grow(buf, n);
    return buf->data + buf->len;
}

static inline void buffer_append(rt_buffer *buf, const void *src, size_t n)
{
    memcpy(buffer_reserve(buf, n), src, n);
    buf->len += n;
}

#endif
