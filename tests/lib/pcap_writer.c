/* pcap_writer.c — test support: writes classic pcap and pcapng files block by block, and makes
 * damaged copies of files (see pcap_writer.h). Written from the format descriptions only. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_writer.h"

#define PCAP_WRITER_MAX_INTERFACES 64
#define PCAPNG_SECTION_HEADER 0x0a0d0d0au
#define PCAPNG_INTERFACE 1u
#define PCAPNG_OBSOLETE_PACKET 2u
#define PCAPNG_SIMPLE_PACKET 3u
#define PCAPNG_ENHANCED_PACKET 6u
#define PCAPNG_OPT_COMMENT 1u
#define PCAPNG_OPT_TSRESOL 9u
#define PCAPNG_OPT_TSOFFSET 14u
#define PCAP_WRITER_BUFFER (256u * 1024u) /* stdio buffer: large files are written in big chunks */

struct pcap_writer {
    FILE *file;
    char *buffer;
    char *path;
    uint64_t offset;
    int pcapng;
    int nanoseconds;
    pcap_writer_order order;
    uint32_t n_interfaces;
    struct {
        int tsresol;
        int64_t tsoffset;
    } interfaces[PCAP_WRITER_MAX_INTERFACES];
};

/* Bytes of one record or block under construction. */
typedef struct pw_bytes {
    uint8_t *data;
    size_t len, cap;
} pw_bytes;

__attribute__((noreturn, format(printf, 1, 2))) static void pw_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "pcap_writer: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(99);
}

static void pw_append(pw_bytes *b, const void *src, size_t n)
{
    if (b->cap - b->len < n) {
        size_t wanted = b->cap ? b->cap : 64;
        while (wanted - b->len < n)
            wanted *= 2;
        b->data = realloc(b->data, wanted);
        if (!b->data)
            pw_die("out of memory");
        b->cap = wanted;
    }
    if (n)
        memcpy(b->data + b->len, src, n);
    b->len += n;
}

static void pw_zeros(pw_bytes *b, size_t n)
{
    static const uint8_t zeros[8];
    while (n) {
        size_t step = n < sizeof zeros ? n : sizeof zeros;
        pw_append(b, zeros, step);
        n -= step;
    }
}

/* Pads with zeros to a multiple of 4 bytes. */
static void pw_pad(pw_bytes *b)
{
    pw_zeros(b, (4 - b->len % 4) % 4);
}

void pcap_writer_put32(uint8_t *out, uint32_t value, pcap_writer_order order)
{
    for (int i = 0; i < 4; i++)
        out[order == PCAP_WRITER_BIG_ENDIAN ? 3 - i : i] = (uint8_t)(value >> (8 * i));
}

static void pw_u32(pw_bytes *b, uint32_t value, pcap_writer_order order)
{
    uint8_t bytes[4];
    pcap_writer_put32(bytes, value, order);
    pw_append(b, bytes, sizeof bytes);
}

static void pw_u16(pw_bytes *b, uint16_t value, pcap_writer_order order)
{
    uint8_t bytes[2] = { (uint8_t)value, (uint8_t)(value >> 8) };
    if (order == PCAP_WRITER_BIG_ENDIAN) {
        bytes[0] = (uint8_t)(value >> 8);
        bytes[1] = (uint8_t)value;
    }
    pw_append(b, bytes, sizeof bytes);
}

static void pw_u64(pw_bytes *b, uint64_t value, pcap_writer_order order)
{
    uint32_t high = (uint32_t)(value >> 32), low = (uint32_t)value;
    pw_u32(b, order == PCAP_WRITER_BIG_ENDIAN ? high : low, order);
    pw_u32(b, order == PCAP_WRITER_BIG_ENDIAN ? low : high, order);
}

/* A pcapng option: code, length, value padded to 4 bytes. */
static void pw_option(pw_bytes *b, uint16_t code, const void *value, uint16_t size, pcap_writer_order order)
{
    pw_u16(b, code, order);
    pw_u16(b, size, order);
    pw_append(b, value, size);
    pw_pad(b);
}

/* Writes bytes to the file and frees them. */
static void pw_emit(pcap_writer *w, pw_bytes *b)
{
    if (b->len && fwrite(b->data, 1, b->len, w->file) != b->len)
        pw_die("%s: cannot write", w->path);
    w->offset += b->len;
    free(b->data);
    *b = (pw_bytes){ 0 };
}

/* Finishes a pcapng block whose body follows the 8-byte header in b: pads it, appends the
 * trailing length, fills in the leading one, writes it. */
static void pw_emit_block(pcap_writer *w, pw_bytes *b)
{
    pw_pad(b);
    uint32_t length = (uint32_t)b->len + 4;
    pw_u32(b, length, w->order);
    pcap_writer_put32(b->data + 4, length, w->order);
    pw_emit(w, b);
}

/* Starts a pcapng block of the given type (length filled in by pw_emit_block). */
static void pw_start_block(pcap_writer *w, pw_bytes *b, uint32_t type)
{
    if (!w->pcapng)
        pw_die("%s: a pcapng block asked for in a classic pcap file", w->path);
    pw_u32(b, type, w->order);
    pw_u32(b, 0, w->order);
}

static pcap_writer *pw_open(const char *path)
{
    pcap_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path)))
        pw_die("out of memory");
    w->file = fopen(path, "wb");
    if (!w->file)
        pw_die("%s: cannot create", path);
    w->buffer = malloc(PCAP_WRITER_BUFFER);
    if (!w->buffer || setvbuf(w->file, w->buffer, _IOFBF, PCAP_WRITER_BUFFER) != 0)
        pw_die("out of memory");
    return w;
}

pcap_writer *pcap_writer_open_pcap(const char *path, pcap_writer_order order, int nanoseconds, uint32_t linktype,
                                   uint32_t snaplen)
{
    pcap_writer *w = pw_open(path);
    w->order = order;
    w->nanoseconds = nanoseconds;
    pw_bytes b = { 0 };
    pw_u32(&b, nanoseconds ? 0xa1b23c4du : 0xa1b2c3d4u, order);
    pw_u16(&b, 2, order);
    pw_u16(&b, 4, order);
    pw_u32(&b, 0, order); /* thiszone */
    pw_u32(&b, 0, order); /* sigfigs */
    pw_u32(&b, snaplen, order);
    pw_u32(&b, linktype, order);
    pw_emit(w, &b);
    return w;
}

void pcap_writer_section(pcap_writer *w, pcap_writer_order order)
{
    w->order = order;
    w->n_interfaces = 0;
    pw_bytes b = { 0 };
    pw_start_block(w, &b, PCAPNG_SECTION_HEADER);
    pw_u32(&b, 0x1a2b3c4du, order);
    pw_u16(&b, 1, order);
    pw_u16(&b, 0, order);
    pw_u64(&b, UINT64_MAX, order); /* section length not given */
    pw_emit_block(w, &b);
}

pcap_writer *pcap_writer_open_pcapng(const char *path, pcap_writer_order order)
{
    pcap_writer *w = pw_open(path);
    w->pcapng = 1;
    pcap_writer_section(w, order);
    return w;
}

uint32_t pcap_writer_interface(pcap_writer *w, uint16_t linktype, uint32_t snaplen, int tsresol, int64_t tsoffset)
{
    if (w->n_interfaces == PCAP_WRITER_MAX_INTERFACES)
        pw_die("%s: more than %d interfaces", w->path, PCAP_WRITER_MAX_INTERFACES);
    if (tsresol > 0xff)
        pw_die("%s: if_tsresol %d does not fit in a byte", w->path, tsresol);
    pw_bytes b = { 0 };
    pw_start_block(w, &b, PCAPNG_INTERFACE);
    pw_u16(&b, linktype, w->order);
    pw_u16(&b, 0, w->order);
    pw_u32(&b, snaplen, w->order);
    if (tsresol != PCAP_WRITER_DEFAULT_TSRESOL) {
        uint8_t value = (uint8_t)tsresol;
        pw_option(&b, PCAPNG_OPT_TSRESOL, &value, 1, w->order);
    }
    if (tsoffset) {
        pw_bytes value = { 0 };
        pw_u64(&value, (uint64_t)tsoffset, w->order);
        pw_option(&b, PCAPNG_OPT_TSOFFSET, value.data, 8, w->order);
        free(value.data);
    }
    if (tsresol != PCAP_WRITER_DEFAULT_TSRESOL || tsoffset)
        pw_u32(&b, 0, w->order); /* opt_endofopt */
    pw_emit_block(w, &b);
    w->interfaces[w->n_interfaces].tsresol = tsresol;
    w->interfaces[w->n_interfaces].tsoffset = tsoffset;
    return w->n_interfaces++;
}

/* 10 to the power n, n <= 19. */
static uint64_t pw_power10(unsigned n)
{
    uint64_t power = 1;
    while (n--)
        power *= 10;
    return power;
}

/* A time in ns as units of an interface (offset removed, truncated to the resolution). */
static uint64_t pw_units(const pcap_writer *w, uint32_t iface, int64_t time_ns)
{
    if (iface >= w->n_interfaces)
        pw_die("%s: interface %u was not added", w->path, iface);
    int tsresol = w->interfaces[iface].tsresol;
    unsigned resolution = tsresol == PCAP_WRITER_DEFAULT_TSRESOL ? 6 : (unsigned)tsresol;
    unsigned exponent = resolution & 0x7f;
    uint64_t ns = (uint64_t)time_ns - (uint64_t)w->interfaces[iface].tsoffset * 1000000000u;
    if (resolution & 0x80) {
        if (exponent > 63)
            pw_die("%s: pcap_writer_packet cannot convert to 2^-%u s units", w->path, exponent);
        return (uint64_t)(((unsigned __int128)ns << exponent) / 1000000000u);
    }
    if (exponent > 19)
        pw_die("%s: pcap_writer_packet cannot convert to 10^-%u s units", w->path, exponent);
    return exponent <= 9 ? ns / pw_power10(9 - exponent) : ns * pw_power10(exponent - 9);
}

/* A packet block: interface id (32 or 16 bits + 16 bits of drops), timestamp halves, lengths,
 * data, an optional comment. */
static void pw_packet_block(pcap_writer *w, uint32_t type, uint32_t iface, uint64_t units, const void *data,
                            uint32_t caplen, uint32_t wirelen, const char *comment)
{
    pw_bytes b = { 0 };
    pw_start_block(w, &b, type);
    if (type == PCAPNG_ENHANCED_PACKET) {
        pw_u32(&b, iface, w->order);
    } else {
        pw_u16(&b, (uint16_t)iface, w->order);
        pw_u16(&b, 0, w->order);
    }
    pw_u32(&b, (uint32_t)(units >> 32), w->order);
    pw_u32(&b, (uint32_t)units, w->order);
    pw_u32(&b, caplen, w->order);
    pw_u32(&b, wirelen, w->order);
    pw_append(&b, data, caplen);
    pw_pad(&b);
    if (comment) {
        pw_option(&b, PCAPNG_OPT_COMMENT, comment, (uint16_t)strlen(comment), w->order);
        pw_u32(&b, 0, w->order);
    }
    pw_emit_block(w, &b);
}

void pcap_writer_epb_raw(pcap_writer *w, uint32_t iface, uint64_t units, const void *data, uint32_t caplen,
                         uint32_t wirelen, const char *comment)
{
    pw_packet_block(w, PCAPNG_ENHANCED_PACKET, iface, units, data, caplen, wirelen, comment);
}

void pcap_writer_opb_raw(pcap_writer *w, uint16_t iface, uint64_t units, const void *data, uint32_t caplen,
                         uint32_t wirelen)
{
    pw_packet_block(w, PCAPNG_OBSOLETE_PACKET, iface, units, data, caplen, wirelen, NULL);
}

void pcap_writer_packet(pcap_writer *w, uint32_t iface, int64_t time_ns, const void *data, uint32_t caplen,
                        uint32_t wirelen)
{
    if (w->pcapng) {
        pcap_writer_epb_raw(w, iface, pw_units(w, iface, time_ns), data, caplen, wirelen, NULL);
        return;
    }
    if (iface != 0)
        pw_die("%s: a classic pcap file has only interface 0", w->path);
    int64_t seconds = time_ns / 1000000000, rest = time_ns % 1000000000;
    if (rest < 0) {
        seconds--;
        rest += 1000000000;
    }
    /* The record header and the frame go straight to the stream: no copy, no allocation (the
     * traffic generator writes millions of records through here). */
    uint8_t header[16];
    pcap_writer_put32(header, (uint32_t)seconds, w->order);
    pcap_writer_put32(header + 4, (uint32_t)(w->nanoseconds ? rest : rest / 1000), w->order);
    pcap_writer_put32(header + 8, caplen, w->order);
    pcap_writer_put32(header + 12, wirelen, w->order);
    if (fwrite(header, 1, sizeof header, w->file) != sizeof header ||
        (caplen && fwrite(data, 1, caplen, w->file) != caplen))
        pw_die("%s: cannot write", w->path);
    w->offset += sizeof header + caplen;
}

void pcap_writer_spb(pcap_writer *w, const void *data, uint32_t caplen, uint32_t wirelen)
{
    pw_bytes b = { 0 };
    pw_start_block(w, &b, PCAPNG_SIMPLE_PACKET);
    pw_u32(&b, wirelen, w->order);
    pw_append(&b, data, caplen);
    pw_emit_block(w, &b);
}

void pcap_writer_block(pcap_writer *w, uint32_t type, const void *body, uint32_t size)
{
    pw_bytes b = { 0 };
    pw_start_block(w, &b, type);
    pw_append(&b, body, size);
    pw_emit_block(w, &b);
}

void pcap_writer_raw(pcap_writer *w, const void *bytes, size_t size)
{
    pw_bytes b = { 0 };
    pw_append(&b, bytes, size);
    pw_emit(w, &b);
}

uint64_t pcap_writer_offset(const pcap_writer *w)
{
    return w->offset;
}

void pcap_writer_close(pcap_writer *w)
{
    if (fclose(w->file) != 0)
        pw_die("%s: cannot write", w->path);
    free(w->buffer);
    free(w->path);
    free(w);
}

/* Reads a whole file into memory; *size receives its length. */
static uint8_t *pw_slurp(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        pw_die("%s: cannot open", path);
    pw_bytes b = { 0 };
    uint8_t chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
        pw_append(&b, chunk, got);
    if (ferror(file))
        pw_die("%s: cannot read", path);
    fclose(file);
    *size = b.len;
    return b.data;
}

/* Writes size bytes to a new file. */
static void pw_spill(const char *path, const uint8_t *bytes, size_t size)
{
    FILE *file = fopen(path, "wb");
    if (!file || (size && fwrite(bytes, 1, size, file) != size) || fclose(file) != 0)
        pw_die("%s: cannot write", path);
}

void pcap_writer_copy_cut(const char *src, const char *dst, uint64_t length)
{
    size_t size;
    uint8_t *bytes = pw_slurp(src, &size);
    if (length > size)
        pw_die("%s: cannot cut at byte %llu, the file has %zu bytes", src, (unsigned long long)length, size);
    pw_spill(dst, bytes, (size_t)length);
    free(bytes);
}

void pcap_writer_copy_patch(const char *src, const char *dst, uint64_t offset, const void *patch, size_t size)
{
    size_t total;
    uint8_t *bytes = pw_slurp(src, &total);
    if (offset > total || size > total - offset)
        pw_die("%s: a patch of %zu bytes at byte %llu lies outside the file (%zu bytes)", src, size,
               (unsigned long long)offset, total);
    memcpy(bytes + offset, patch, size);
    pw_spill(dst, bytes, total);
    free(bytes);
}
