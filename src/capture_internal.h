/* capture_internal.h — what the parts of the capture module share: the buffered file reader
 * (capture_input.c), the state of a capture (capture.c), the format readers (capture_pcap.c,
 * capture_pcapng.c), live capture (capture_live.c) and the BPF filter (capture_filter.c). */
#ifndef ROWTAP_CAPTURE_INTERNAL_H
#define ROWTAP_CAPTURE_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <pcap/pcap.h>

#include "capture.h"

/* Largest captured length accepted in a file (what libpcap and Wireshark accept too). */
#define CAPTURE_MAX_CAPLEN 262144u
/* Size of the read buffer (512 KiB read fastest here). It holds the largest record, and it is
 * the largest pcapng block rowtap interprets (blocks of unknown types may be longer). */
#define CAPTURE_INPUT_SIZE (1u << 19)
/* Magic numbers of the formats; a file written in the other byte order shows them swapped
 * (the pcapng section header type reads the same both ways). */
#define CAPTURE_PCAP_MAGIC_MICRO 0xa1b2c3d4u
#define CAPTURE_PCAP_MAGIC_NANO 0xa1b23c4du
#define CAPTURE_PCAPNG_MAGIC 0x0a0d0d0au
/* Most pcapng interfaces accepted in one section. */
#define CAPTURE_MAX_INTERFACES 65536u

/* What stopped capture_input_need from providing the bytes asked for. */
typedef enum capture_input_status {
    CAPTURE_INPUT_OK,
    CAPTURE_INPUT_EOF,         /* the file ended first */
    CAPTURE_INPUT_FAILED,      /* read() failed: errno in read_errno */
    CAPTURE_INPUT_INTERRUPTED  /* capture_interrupt() during a blocking read */
} capture_input_status;

/* How a blocked reader learns about signals: capture_interrupt() and capture_wake() (both
 * async-signal-safe) set a flag and write a byte into a pipe that the reader of a pipe, FIFO or
 * terminal polls together with its input, so that no signal is missed between a check of the
 * flags and a blocking read. */
typedef struct capture_signal {
    volatile sig_atomic_t interrupted;
    int pipe_rd, pipe_wr;         /* non-blocking; -1 when the pipe could not be made */
    capture_wake_fn *on_wake;     /* called after a wake-up that was not an interrupt */
    void *wake_arg;
} capture_signal;

/* Buffered reading of one file descriptor (regular file, pipe, FIFO or terminal alike).
 * Unread bytes are buf[pos..end); buf[0] is at byte `base` of the file. After an interrupt a
 * regular file stops at once; any other input is read on up to `drain_end`, the bytes it held
 * at the interrupt, without waiting for more. */
typedef struct capture_readahead capture_readahead;

typedef struct capture_input {
    int fd;
    uint8_t *buf;           /* the bytes being read: the read buffer, or a read-ahead buffer */
    uint8_t *own;           /* the read buffer of descriptors read on this thread */
    capture_readahead *ahead; /* a regular file's read-ahead thread, NULL when reading here */
    size_t pos, end;
    uint64_t base;
    capture_input_status status;
    int read_errno;
    bool regular;             /* fd is a regular file: reading never waits */
    bool draining;            /* interrupted: reading on up to drain_end */
    uint64_t drain_end;
    capture_signal *signal;
} capture_input;

/* Starts reading fd at its current position (taken as byte 0). Returns -1 when out of memory. */
int capture_input_init(capture_input *in, int fd, capture_signal *signal);
/* Ends reading the current descriptor: stops its read-ahead thread (does not close it). */
void capture_input_release(capture_input *in);
/* After an interrupt: 1 when the input is to be read on (it starts draining what it holds), 0
 * when reading stops now (a regular file). */
int capture_input_drain(capture_input *in);
/* Frees the buffer (does not close the descriptor). */
void capture_input_free(capture_input *in);
/* Slow path of capture_input_need: reads until n bytes are buffered or the input stops. */
const uint8_t *capture_input_fill(capture_input *in, size_t n);
/* Discards n bytes; returns how many were discarded (fewer when the input stops first). */
uint64_t capture_input_skip(capture_input *in, uint64_t n);

/* Pointer to the next n unread bytes (n <= CAPTURE_INPUT_SIZE), or NULL when the input stops
 * first (see status; capture_input_available() tells how many bytes there are). */
static inline const uint8_t *capture_input_need(capture_input *in, size_t n)
{
    if (in->end - in->pos >= n)
        return in->buf + in->pos;
    return capture_input_fill(in, n);
}

/* Number of unread bytes in the buffer. */
static inline size_t capture_input_available(const capture_input *in)
{
    return in->end - in->pos;
}

/* Marks n buffered bytes as read. */
static inline void capture_input_consume(capture_input *in, size_t n)
{
    in->pos += n;
}

/* Byte offset in the file of the next unread byte. */
static inline uint64_t capture_input_offset(const capture_input *in)
{
    return in->base + in->pos;
}

/* Unaligned reads of file fields, byte-swapped when the file's byte order is not the host's. */
static inline uint16_t capture_get16(const uint8_t *p, bool swap)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return swap ? __builtin_bswap16(v) : v;
}

static inline uint32_t capture_get32(const uint8_t *p, bool swap)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return swap ? __builtin_bswap32(v) : v;
}

static inline uint64_t capture_get64(const uint8_t *p, bool swap)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return swap ? __builtin_bswap64(v) : v;
}

/* A 64-bit value stored as two 32-bit words, the high one first (pcapng timestamps). */
static inline uint64_t capture_get64_halves(const uint8_t *p, bool swap)
{
    return (uint64_t)capture_get32(p, swap) << 32 | capture_get32(p + 4, swap);
}

/* Timestamp conversion of one pcapng interface (see capture_pcapng.c). */
typedef enum capture_time_kind { CAPTURE_TIME_MUL, CAPTURE_TIME_DIV, CAPTURE_TIME_SHIFT } capture_time_kind;

/* One pcapng interface: link type, snap length and how its timestamps become nanoseconds. */
typedef struct capture_interface {
    uint32_t linktype;
    uint32_t snaplen;
    capture_time_kind time_kind;
    uint64_t time_factor;  /* MUL: ns per unit; DIV: units per ns (0: always 0 ns); SHIFT: bits */
    uint64_t offset_ns;    /* if_tsoffset in ns (two's complement) */
} capture_interface;

/* Reads the next frame of the current file: CAPTURE_FRAME, CAPTURE_END at its clean end,
 * CAPTURE_ERROR (message set) when it is damaged or unreadable. */
typedef capture_result capture_read_fn(capture *cap, capture_frame *frame);

typedef struct capture_filter capture_filter;

/* The state of a capture: a list of files or a live interface. */
struct capture {
    /* files */
    char **paths;
    uint64_t *sizes;          /* size of each regular file, 0 for others */
    size_t n_paths;
    size_t next_path;         /* index of the next file to open */
    bool file_open;
    bool pending_error;       /* capture_open_files met an error the first capture_next reports */
    capture_input in;
    uint64_t done_before;     /* bytes of the regular files finished so far */
    capture_read_fn *read_frame;
    bool swap;                /* byte order of the current file (pcapng: of the section) */
    uint32_t fraction_ns;     /* classic pcap: ns per unit of the timestamp fraction (1 or 1000) */
    capture_interface *interfaces;  /* pcapng: interfaces of the current section */
    size_t n_interfaces, interfaces_cap;
    int64_t last_time;        /* time of the previous frame (for pcapng simple packet blocks) */
    /* files and live */
    const char *source;
    uint32_t linktype, snaplen;  /* of the current file's first interface, or the live one */
    bool linktype_known;         /* a file: false until its first interface is read */
    bool snaplen_warned;         /* a file: a frame longer than the snap length was reported */
    bool time_warned;            /* a file: a timestamp out of range was reported */
    capture_filter *filter;
    char error[1024];
    capture_signal signal;
    /* live */
    pcap_t *live;
    bool live_failed;
    int live_fd;                 /* pcap_get_selectable_fd in non-blocking mode, or -1 (blocking reads) */
    int live_timeout_ms;
};

/* Sets the error message to "<source>: <message>" and returns CAPTURE_ERROR. */
capture_result capture_fail(capture *cap, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports an input that stopped before a part was complete: at the end of the file the message
 * is formatted from fmt (e.g. "record at byte 24 is cut: ..."); a read error gets a message of
 * its own; after capture_interrupt() the result is CAPTURE_END. */
capture_result capture_input_stopped(capture *cap, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A frame whose captured length exceeds the snap length of its file or interface is read as it is
 * (its length is checked against the record and the limit); the first of a file is reported
 * with a warning. */
void capture_warn_snaplen(capture *cap, unsigned long long offset, uint32_t caplen, uint32_t snaplen);

/* Frame times are kept within +-CAPTURE_TIME_LIMIT ns of the epoch (the years 1823 to 2116, which
 * hold every classic pcap time), so that the difference of any two fits in 64 bits; a pcapng or
 * live time beyond is set to the nearest limit, the first of a file reported with a warning. */
#define CAPTURE_TIME_LIMIT (INT64_C(1) << 62)
int64_t capture_limit_time(capture *cap, int64_t time);

/* Classic pcap: reads the file header of the current file and selects capture_pcap_next.
 * `magic` holds the first four bytes. Returns 0, or -1 with the message set. */
int capture_pcap_open(capture *cap, uint32_t magic);
/* pcapng: reads the first section header and the blocks up to the first interface. */
int capture_pcapng_open(capture *cap);
/* Frees the pcapng interface table. */
void capture_pcapng_free(capture *cap);

/* Live capture (capture_live.c): the functions behind capture_open_live, capture_next and
 * friends for an interface. capture_live_open returns 0, or -1 with the message set. */
int capture_live_open(capture *cap, const capture_live_options *options);
capture_result capture_live_next(capture *cap, capture_frame *frame);
void capture_live_stats(capture *cap, capture_stats *out);
int capture_live_set_filter(capture *cap, const char *expression, char *err, size_t err_size);

/* LINKTYPE_* (files) to DLT_* (libpcap's API) and back; the name of a link type ("EN10MB"). */
int capture_linktype_to_dlt(uint32_t linktype);
uint32_t capture_linktype_from_dlt(int dlt);
const char *capture_linktype_name(uint32_t linktype);

/* A BPF filter applied to frames read from files, compiled once per link type met. Returns NULL
 * with a message when out of memory. */
capture_filter *capture_filter_new(const char *expression, char *err, size_t err_size);
/* Compiles the filter for a link type now; -1 with pcap's message when it does not compile. */
int capture_filter_prepare(capture_filter *filter, uint32_t linktype, char *err, size_t err_size);
/* Nonzero when the frame passes. A link type the expression cannot be compiled for passes
 * nothing (a warning naming `source` says so once). */
int capture_filter_match(capture_filter *filter, const capture_frame *frame, const char *source);
void capture_filter_free(capture_filter *filter);

#endif
