/* capture_readahead.h — a thread that reads a regular capture file ahead of the analyzer, so
 * that the kernel's copy of read(2) runs on the other core. It fills large buffers in turn; the
 * reader takes them in order and each buffer keeps room in front for the unread bytes of the
 * previous one, so that a record always lies in one piece of memory. */
#ifndef ROWTAP_CAPTURE_READAHEAD_H
#define ROWTAP_CAPTURE_READAHEAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct capture_readahead capture_readahead;

/* One filled buffer: data[0 .. reserve) is free for carried-over bytes, the file's next bytes
 * are data[reserve .. reserve + len). len 0 means the file ended (error 0) or read(2) failed
 * (error = errno). */
typedef struct capture_readahead_chunk {
    uint8_t *data;
    size_t len;
    int error;
} capture_readahead_chunk;

/* Starts reading fd from its current position; `reserve` is the room kept in front of each
 * buffer. Returns NULL when the thread or its buffers cannot be made. */
capture_readahead *capture_readahead_start(int fd, size_t reserve);
/* The next filled buffer, in file order (waits for it). The caller may still read the buffer
 * handed out before this one until its next call, which gives that one back to the thread. */
capture_readahead_chunk capture_readahead_next(capture_readahead *ra);
/* Stops the thread and frees the buffers. */
void capture_readahead_stop(capture_readahead *ra);

#endif
