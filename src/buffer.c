/* buffer.c — growable byte buffer. */
#include <stdio.h>
#include <stdlib.h>

#include "buffer.h"

void buffer_grow(rt_buffer *buf, size_t extra)
{
    size_t want = buf->len + extra;
    size_t cap = buf->cap ? buf->cap : 4096;
    while (cap < want)
        cap *= 2;
    uint8_t *data = realloc(buf->data, cap);
    if (!data) {
        fprintf(stderr, "rowtap: out of memory (buffer of %zu bytes)\n", cap);
        exit(70);
    }
    buf->data = data;
    buf->cap = cap;
}

void buffer_free(rt_buffer *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}
