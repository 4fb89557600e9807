/* pcap_writer.h — test support: writes capture files (classic pcap in either byte order with
 * microsecond or nanosecond timestamps; pcapng with several sections, interfaces with their own
 * link type, timestamp resolution and offset, enhanced, simple and obsolete packet blocks and
 * blocks of any type) and makes damaged copies of files.
 *
 * Every function stops the test program with exit status 99 (a hard error for the test driver)
 * after printing the reason when a file cannot be written or an argument is impossible. */
#ifndef ROWTAP_TEST_PCAP_WRITER_H
#define ROWTAP_TEST_PCAP_WRITER_H

#include <stddef.h>
#include <stdint.h>

/* Byte order of a classic pcap file or of a pcapng section. */
typedef enum pcap_writer_order {
    PCAP_WRITER_LITTLE_ENDIAN,
    PCAP_WRITER_BIG_ENDIAN
} pcap_writer_order;

/* Passed as tsresol to pcap_writer_interface: leave the if_tsresol option out (microseconds). */
#define PCAP_WRITER_DEFAULT_TSRESOL (-1)

/* Link types used by tests (LINKTYPE_* values of the tcpdump.org list). */
#define PCAP_WRITER_LINKTYPE_NULL 0
#define PCAP_WRITER_LINKTYPE_ETHERNET 1
#define PCAP_WRITER_LINKTYPE_RAW 101

typedef struct pcap_writer pcap_writer;

/* Creates a classic pcap file and writes its 24-byte header (version 2.4): magic a1b2c3d4
 * (nanoseconds == 0, timestamps in microseconds) or a1b23c4d (nanoseconds), written in `order`;
 * snaplen is stored as given (0 is allowed: readers then assume 262144). */
pcap_writer *pcap_writer_open_pcap(const char *path, pcap_writer_order order, int nanoseconds, uint32_t linktype,
                                   uint32_t snaplen);

/* Creates a pcapng file and writes the section header block of its first section in `order`.
 * Interfaces are added with pcap_writer_interface before packets refer to them. */
pcap_writer *pcap_writer_open_pcapng(const char *path, pcap_writer_order order);

/* pcapng: starts a new section (a section header block in `order`); interface ids restart at 0. */
void pcap_writer_section(pcap_writer *w, pcap_writer_order order);

/* pcapng: writes an interface description block and returns the interface's id (0, 1, ... in its
 * section). tsresol is the raw if_tsresol byte — 6 = 10^-6 s, 9 = 10^-9 s, 0x80 | 20 = 2^-20 s —
 * or PCAP_WRITER_DEFAULT_TSRESOL to leave the option out; tsoffset (if_tsoffset, seconds added
 * to every timestamp of the interface) is written when nonzero. */
uint32_t pcap_writer_interface(pcap_writer *w, uint16_t linktype, uint32_t snaplen, int tsresol, int64_t tsoffset);

/* Writes one frame of caplen bytes (wirelen = length on the wire, stored as given) taken at
 * time_ns nanoseconds since the epoch: a classic pcap record (iface must be 0; the time is
 * truncated to microseconds in a microsecond file), or a pcapng enhanced packet block on
 * interface iface with the time minus the interface's offset, truncated to its resolution. */
void pcap_writer_packet(pcap_writer *w, uint32_t iface, int64_t time_ns, const void *data, uint32_t caplen,
                        uint32_t wirelen);

/* pcapng: an enhanced packet block with the timestamp given in the interface's own units (the
 * 64-bit value stored in the block) and, when comment is not NULL, an opt_comment option. */
void pcap_writer_epb_raw(pcap_writer *w, uint32_t iface, uint64_t units, const void *data, uint32_t caplen,
                         uint32_t wirelen, const char *comment);

/* pcapng: an obsolete packet block (type 2: 16-bit interface id, drop count 0), timestamp in the
 * interface's units. */
void pcap_writer_opb_raw(pcap_writer *w, uint16_t iface, uint64_t units, const void *data, uint32_t caplen,
                         uint32_t wirelen);

/* pcapng: a simple packet block (no timestamp, interface 0) holding caplen bytes of a frame of
 * original length wirelen. */
void pcap_writer_spb(pcap_writer *w, const void *data, uint32_t caplen, uint32_t wirelen);

/* pcapng: a block of any type whose body is `size` bytes (padded with zeros to 4 bytes), e.g. a
 * type readers do not know, which they must skip. */
void pcap_writer_block(pcap_writer *w, uint32_t type, const void *body, uint32_t size);

/* Appends bytes as they are (hand-made damage). */
void pcap_writer_raw(pcap_writer *w, const void *bytes, size_t size);

/* Byte offset in the file where the next record or block starts. */
uint64_t pcap_writer_offset(const pcap_writer *w);

/* Flushes and closes the file, frees the writer. */
void pcap_writer_close(pcap_writer *w);

/* Writes to dst the first `length` bytes of src (a file cut at that offset). */
void pcap_writer_copy_cut(const char *src, const char *dst, uint64_t length);

/* Writes to dst a copy of src whose bytes at offset..offset+size are replaced by `bytes`
 * (the range must lie inside src). */
void pcap_writer_copy_patch(const char *src, const char *dst, uint64_t offset, const void *bytes, size_t size);

/* Puts a 32-bit value into 4 bytes in the given byte order (to build patches). */
void pcap_writer_put32(uint8_t *out, uint32_t value, pcap_writer_order order);

#endif
