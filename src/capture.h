/* capture.h — packet sources: capture files (pcap and pcapng, read by rowtap's own reader; a list
 * of files read as one continuous stream; "-" for standard input) and live interfaces (libpcap).
 * An optional BPF filter applies to both. */
#ifndef ROWTAP_CAPTURE_H
#define ROWTAP_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

/* One captured frame. `data` is valid until the next capture_next() or capture_close(). */
typedef struct capture_frame {
    const uint8_t *data;
    uint32_t caplen;    /* bytes in data */
    uint32_t wirelen;   /* length on the wire (>= caplen) */
    int64_t time;       /* ns since the Unix epoch, at the source's full resolution */
    uint32_t linktype;  /* LINKTYPE_* of the frame's interface (pcapng: per interface) */
} capture_frame;

typedef enum capture_result {
    CAPTURE_END = 0,    /* no more input */
    CAPTURE_FRAME = 1,  /* *frame holds the next frame */
    CAPTURE_IDLE = 2,   /* live capture: no frame within the read timeout */
    CAPTURE_ERROR = -1  /* a file is damaged or unreadable, or the interface failed: see
                           capture_error(). For a file list, the next call continues with the
                           next file; for a single file or an interface, the next call ends. */
} capture_result;

/* Live capture settings (the capture.* options). */
typedef struct capture_live_options {
    int promiscuous;      /* nonzero: promiscuous mode */
    int snaplen;          /* bytes captured per frame */
    int buffer_size;      /* kernel buffer in bytes, 0 = libpcap default */
    int timeout_ms;       /* read timeout; capture_next returns CAPTURE_IDLE after it */
    int nanoseconds;      /* request nanosecond timestamps */
} capture_live_options;

/* Counters of a live capture (zero for files). */
typedef struct capture_stats {
    uint64_t received;    /* frames the kernel delivered */
    uint64_t dropped;     /* dropped by the kernel (buffer full) */
    uint64_t if_dropped;  /* dropped by the interface or driver */
} capture_stats;

typedef struct capture capture;

/* Opens capture files, read in order as one stream ("-" = standard input, at most once). Files
 * are opened lazily: an unreadable file in a list is reported by capture_next. Returns NULL
 * with a message in err when nothing can be read at all (e.g. a single unreadable file). */
capture *capture_open_files(const char *const *paths, size_t n_paths, char *err, size_t err_size);
/* Opens a live interface. Returns NULL with a message in err (unknown interface, permissions). */
capture *capture_open_live(const char *interface, const capture_live_options *options,
                           char *err, size_t err_size);
/* Installs a BPF filter (tcpdump syntax) for every link type met. Returns 0, or -1 with a
 * message in err when the expression does not compile. */
int capture_set_filter(capture *cap, const char *expression, char *err, size_t err_size);
/* Reads the next frame that passes the filter. */
capture_result capture_next(capture *cap, capture_frame *frame);
/* Message of the last CAPTURE_ERROR: names the file and the byte offset of the damage. */
const char *capture_error(const capture *cap);
/* Path of the file being read ("-" for stdin) or the interface name. */
const char *capture_source(const capture *cap);
/* Link type and snap length of the current file's first interface, or of the live interface. */
uint32_t capture_linktype(const capture *cap);
uint32_t capture_snaplen(const capture *cap);
/* Bytes consumed and total bytes of all files (total 0 when unknown, e.g. stdin or live). */
void capture_progress(const capture *cap, uint64_t *done, uint64_t *total);
/* Live counters (all zero for files). */
void capture_get_stats(capture *cap, capture_stats *out);
/* Stops reading (async-signal-safe): a regular file at once; a pipe, FIFO or terminal after the
 * bytes it holds at the interrupt, so that every frame written to it before is delivered; a
 * live interface within its read timeout. capture_next then returns CAPTURE_END (a frame cut by
 * the interrupt is no error). */
void capture_interrupt(capture *cap);
/* A function capture_next calls on the caller's thread when capture_wake() interrupted a blocking
 * read, so that the caller can act on flags its signal handlers set; reading then goes on. */
typedef void capture_wake_fn(void *arg);
void capture_set_wake(capture *cap, capture_wake_fn *fn, void *arg);
/* Makes a capture_next blocked on a pipe, FIFO or terminal call the wake function soon
 * (async-signal-safe). A live capture returns CAPTURE_IDLE within its read timeout instead. */
void capture_wake(capture *cap);
void capture_close(capture *cap);

#endif
