/* capture_readahead.c — the read-ahead thread of capture files: a small ring of large buffers,
 * filled by the thread with read(2) and taken in order by the analyzer. The analyzer holds two
 * buffers at a time — the one it reads and the one before it, from which it is still copying
 * the unread bytes — and gives a buffer back only when it takes the next one after. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "capture_readahead.h"

#define READAHEAD_BUFFERS 4
#define READAHEAD_CHUNK ((size_t)2 << 20) /* file bytes per buffer */
#define NONE (-1)

typedef enum buffer_state { BUFFER_FREE, BUFFER_FILLED, BUFFER_HELD } buffer_state;

typedef struct readahead_buffer {
    uint8_t *data;
    size_t len;
    int error;
    buffer_state state;
} readahead_buffer;

struct capture_readahead {
    int fd;
    size_t reserve;
    pthread_t thread;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    readahead_buffer buffers[READAHEAD_BUFFERS];
    unsigned fill_next;   /* buffer the thread fills next */
    unsigned take_next;   /* buffer the reader takes next */
    int held_before;      /* the buffer before the reader's current one, or NONE */
    int held_current;     /* the reader's current buffer, or NONE */
    int stop;
};

/* Reads one chunk into a buffer: full, or shorter at the end of the file or on an error. */
static void fill_buffer(capture_readahead *ra, readahead_buffer *b)
{
    uint8_t *at = b->data + ra->reserve;
    size_t len = 0;
    b->error = 0;
    while (len < READAHEAD_CHUNK) {
        ssize_t got = read(ra->fd, at + len, READAHEAD_CHUNK - len);
        if (got > 0)
            len += (size_t)got;
        else if (got == 0)
            break;
        else if (errno != EINTR) {
            b->error = errno;
            break;
        }
    }
    b->len = len;
}

static void *readahead_main(void *arg)
{
    capture_readahead *ra = arg;
    pthread_mutex_lock(&ra->lock);
    for (;;) {
        readahead_buffer *b = &ra->buffers[ra->fill_next];
        while (!ra->stop && b->state != BUFFER_FREE)
            pthread_cond_wait(&ra->changed, &ra->lock);
        if (ra->stop)
            break;
        pthread_mutex_unlock(&ra->lock);
        fill_buffer(ra, b);
        pthread_mutex_lock(&ra->lock);
        b->state = BUFFER_FILLED;
        ra->fill_next = (ra->fill_next + 1) % READAHEAD_BUFFERS;
        pthread_cond_broadcast(&ra->changed);
        if (b->len == 0)
            break; /* end of file or error: nothing more to read */
    }
    pthread_mutex_unlock(&ra->lock);
    return NULL;
}

capture_readahead *capture_readahead_start(int fd, size_t reserve)
{
    capture_readahead *ra = calloc(1, sizeof *ra);
    if (!ra)
        return NULL;
    ra->fd = fd;
    ra->reserve = reserve;
    ra->held_before = ra->held_current = NONE;
    pthread_mutex_init(&ra->lock, NULL);
    pthread_cond_init(&ra->changed, NULL);
    for (unsigned i = 0; i < READAHEAD_BUFFERS; i++)
        if (!(ra->buffers[i].data = malloc(reserve + READAHEAD_CHUNK))) {
            capture_readahead_stop(ra);
            return NULL;
        }
    if (pthread_create(&ra->thread, NULL, readahead_main, ra) != 0) {
        capture_readahead_stop(ra);
        return NULL;
    }
    ra->started = 1;
    return ra;
}

capture_readahead_chunk capture_readahead_next(capture_readahead *ra)
{
    pthread_mutex_lock(&ra->lock);
    readahead_buffer *b = &ra->buffers[ra->take_next];
    while (b->state != BUFFER_FILLED)
        pthread_cond_wait(&ra->changed, &ra->lock);
    if (ra->held_before != NONE)
        ra->buffers[ra->held_before].state = BUFFER_FREE;
    ra->held_before = ra->held_current;
    ra->held_current = (int)ra->take_next;
    b->state = BUFFER_HELD;
    capture_readahead_chunk chunk = { b->data, b->len, b->error };
    ra->take_next = (ra->take_next + 1) % READAHEAD_BUFFERS;
    pthread_cond_broadcast(&ra->changed);
    pthread_mutex_unlock(&ra->lock);
    return chunk;
}

void capture_readahead_stop(capture_readahead *ra)
{
    if (!ra)
        return;
    if (ra->started) {
        pthread_mutex_lock(&ra->lock);
        ra->stop = 1;
        pthread_cond_broadcast(&ra->changed);
        pthread_mutex_unlock(&ra->lock);
        pthread_join(ra->thread, NULL);
    }
    pthread_mutex_destroy(&ra->lock);
    pthread_cond_destroy(&ra->changed);
    for (unsigned i = 0; i < READAHEAD_BUFFERS; i++)
        free(ra->buffers[i].data);
    free(ra);
}
