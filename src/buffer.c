/* buffer.c — growable byte buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"

void buffer_grow(rt_buffer *buf, size_t extra)
{
    size_t want = buf->len + extra;
    size_t cap = buf->cap ? buf->cap : 4096;
    while (cap < want)
        cap *= 2;
    uint8_t *data;
    if (buf->align) {
        void *aligned = NULL;
        data = posix_memalign(&aligned, buf->align, cap) == 0 ? aligned : NULL;
        if (data && buf->data) {
            memcpy(data, buf->data, buf->len);
            free(buf->data);
        }
    } else {
        data = realloc(buf->data, cap);
    }
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
