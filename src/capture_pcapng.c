/* capture_pcapng.c — the pcapng format: sections (each with its own byte order) holding interface
 * description blocks (link type, snap length, timestamp resolution and offset per interface) and
 * packet blocks (enhanced, simple and the obsolete packet block). Other blocks are skipped. */
#include <stdlib.h>

#include "capture_internal.h"

enum {
    PCAPNG_SECTION_HEADER = 0x0a0d0d0a,
    PCAPNG_INTERFACE = 1,
    PCAPNG_OBSOLETE_PACKET = 2,
    PCAPNG_SIMPLE_PACKET = 3,
    PCAPNG_ENHANCED_PACKET = 6,
};

#define PCAPNG_BYTE_ORDER_MAGIC 0x1a2b3c4du
#define PCAPNG_VERSION_MAJOR 1
#define PCAPNG_BLOCK_HEADER_SIZE 8
#define PCAPNG_BLOCK_MIN_SIZE 12
/* Block sizes without options: header, fixed fields, trailing length. */
#define PCAPNG_SECTION_MIN_SIZE 28
#define PCAPNG_INTERFACE_MIN_SIZE 20
#define PCAPNG_PACKET_MIN_SIZE 32
#define PCAPNG_SIMPLE_MIN_SIZE 16
/* Interface options rowtap reads. */
#define PCAPNG_OPT_END 0
#define PCAPNG_OPT_TSRESOL 9
#define PCAPNG_OPT_TSOFFSET 14
#define PCAPNG_DEFAULT_TSRESOL 6

/* A block handler's result when the block held no frame: go on with the next block. */
#define PCAPNG_NO_FRAME CAPTURE_IDLE

static const struct {
    uint32_t type;
    const char *name;
} pcapng_block_names[] = {
    { PCAPNG_SECTION_HEADER, "section header block" },
    { PCAPNG_INTERFACE, "interface description block" },
    { PCAPNG_OBSOLETE_PACKET, "packet block" },
    { PCAPNG_SIMPLE_PACKET, "simple packet block" },
    { PCAPNG_ENHANCED_PACKET, "enhanced packet block" },
};

/* Name of a block type for messages. */
static const char *pcapng_block_name(uint32_t type)
{
    for (size_t i = 0; i < sizeof pcapng_block_names / sizeof pcapng_block_names[0]; i++)
        if (pcapng_block_names[i].type == type)
            return pcapng_block_names[i].name;
    return "block";
}

static bool pcapng_is_packet(uint32_t type)
{
    return type == PCAPNG_ENHANCED_PACKET || type == PCAPNG_SIMPLE_PACKET || type == PCAPNG_OBSOLETE_PACKET;
}

/* Sets how an interface's timestamp units become nanoseconds: if_tsresol is a power of 10
 * (bit 7 clear) or of 2 (bit 7 set) of the remaining bits, negative, in seconds. */
static void pcapng_set_resolution(capture_interface *iface, uint8_t tsresol)
{
    unsigned exponent = tsresol & 0x7f;
    if (tsresol & 0x80) {
        iface->time_kind = CAPTURE_TIME_SHIFT;
        iface->time_factor = exponent;
        return;
    }
    uint64_t power = 1;
    unsigned steps = exponent <= 9 ? 9 - exponent : exponent - 9;
    for (unsigned i = 0; i < steps && power; i++)
        power = i < 19 ? power * 10 : 0;
    iface->time_kind = exponent <= 9 ? CAPTURE_TIME_MUL : CAPTURE_TIME_DIV;
    iface->time_factor = power;
}

/* Nanoseconds since the epoch of a timestamp in the interface's units (finer units truncate). */
static inline int64_t pcapng_time(const capture_interface *iface, uint64_t units)
{
    uint64_t ns;
    switch (iface->time_kind) {
    case CAPTURE_TIME_MUL:
        ns = units * iface->time_factor;
        break;
    case CAPTURE_TIME_DIV:
        ns = iface->time_factor ? units / iface->time_factor : 0;
        break;
    default:
        ns = (uint64_t)(((unsigned __int128)units * 1000000000u) >> iface->time_factor);
        break;
    }
    return (int64_t)(ns + iface->offset_ns);
}

/* Reads the header of the next block into *type and *length, checked. A section header block
 * sets the byte order first. PCAPNG_NO_FRAME on success, CAPTURE_END at the end of the file. */
static capture_result pcapng_block_header(capture *cap, uint32_t *type, uint32_t *length)
{
    capture_input *in = &cap->in;
    unsigned long long offset = capture_input_offset(in);
    const uint8_t *head = capture_input_need(in, PCAPNG_BLOCK_HEADER_SIZE);
    if (!head) {
        size_t present = capture_input_available(in);
        if (present == 0 && in->status == CAPTURE_INPUT_EOF)
            return CAPTURE_END;
        return capture_input_stopped(cap, "block at byte %llu is cut: %zu of %d header bytes present", offset,
                                     present, PCAPNG_BLOCK_HEADER_SIZE);
    }
    *type = capture_get32(head, cap->swap);
    if (*type == PCAPNG_SECTION_HEADER) {
        head = capture_input_need(in, PCAPNG_BLOCK_HEADER_SIZE + 4);
        if (!head)
            return capture_input_stopped(cap, "section header block at byte %llu is cut: %zu of %d bytes present",
                                         offset, capture_input_available(in), PCAPNG_SECTION_MIN_SIZE);
        uint32_t magic = capture_get32(head + PCAPNG_BLOCK_HEADER_SIZE, false);
        if (magic != PCAPNG_BYTE_ORDER_MAGIC && __builtin_bswap32(magic) != PCAPNG_BYTE_ORDER_MAGIC)
            return capture_fail(cap, "section header block at byte %llu: byte-order magic %08x is not 1a2b3c4d",
                                offset, magic);
        cap->swap = magic != PCAPNG_BYTE_ORDER_MAGIC;
    }
    *length = capture_get32(head + 4, cap->swap);
    if (*length < PCAPNG_BLOCK_MIN_SIZE || *length % 4)
        return capture_fail(cap, "%s at byte %llu has an invalid length of %u bytes", pcapng_block_name(*type),
                            offset, *length);
    return PCAPNG_NO_FRAME;
}

/* Checks the length repeated at the end of a block against the one at its start. */
static capture_result pcapng_check_trailer(capture *cap, uint32_t type, uint64_t offset, uint32_t length,
                                           const uint8_t *trailer)
{
    uint32_t repeated = capture_get32(trailer, cap->swap);
    if (repeated == length)
        return PCAPNG_NO_FRAME;
    return capture_fail(cap, "%s at byte %llu: the length at its end (%u) differs from the length at its start (%u)",
                        pcapng_block_name(type), (unsigned long long)offset, repeated, length);
}

/* Buffers a whole block of at least `minimum` bytes, trailing length checked. NULL when it is
 * short, cut or inconsistent (*result then holds what to return). */
static const uint8_t *pcapng_whole_block(capture *cap, uint32_t type, uint32_t length, uint32_t minimum,
                                         capture_result *result)
{
    capture_input *in = &cap->in;
    unsigned long long offset = capture_input_offset(in);
    if (length < minimum) {
        *result = capture_fail(cap, "%s at byte %llu is too short: %u bytes, at least %u expected",
                               pcapng_block_name(type), offset, length, minimum);
        return NULL;
    }
    if (length > CAPTURE_INPUT_SIZE) {
        *result = capture_fail(cap, "%s at byte %llu is %u bytes long, more than rowtap's limit of %u bytes",
                               pcapng_block_name(type), offset, length, CAPTURE_INPUT_SIZE);
        return NULL;
    }
    const uint8_t *block = capture_input_need(in, length);
    if (!block) {
        *result = capture_input_stopped(cap, "%s at byte %llu is cut: %zu of %u bytes present", pcapng_block_name(type),
                                        offset, capture_input_available(in), length);
        return NULL;
    }
    *result = pcapng_check_trailer(cap, type, offset, length, block + length - 4);
    return *result == PCAPNG_NO_FRAME ? block : NULL;
}

/* Skips a block rowtap does not interpret, checking that it is complete. */
static capture_result pcapng_skip(capture *cap, uint32_t type, uint32_t length)
{
    capture_input *in = &cap->in;
    unsigned long long offset = capture_input_offset(in);
    uint64_t skipped = capture_input_skip(in, length - 4);
    const uint8_t *trailer = skipped == length - 4 ? capture_input_need(in, 4) : NULL;
    if (!trailer)
        return capture_input_stopped(cap, "block of type 0x%08x at byte %llu is cut: %llu of %u bytes present", type,
                                     offset, (unsigned long long)(skipped + capture_input_available(in)), length);
    capture_result r = pcapng_check_trailer(cap, type, offset, length, trailer);
    capture_input_consume(in, 4);
    return r;
}

static capture_result pcapng_section(capture *cap, uint32_t length)
{
    capture_result r;
    const uint8_t *block = pcapng_whole_block(cap, PCAPNG_SECTION_HEADER, length, PCAPNG_SECTION_MIN_SIZE, &r);
    if (!block)
        return r;
    uint16_t major = capture_get16(block + 12, cap->swap), minor = capture_get16(block + 14, cap->swap);
    if (major != PCAPNG_VERSION_MAJOR)
        return capture_fail(cap, "section header block at byte %llu: unsupported pcapng version %u.%u",
                            (unsigned long long)capture_input_offset(&cap->in), major, minor);
    cap->n_interfaces = 0;
    capture_input_consume(&cap->in, length);
    return PCAPNG_NO_FRAME;
}

/* Reads the interface options rowtap uses (timestamp resolution and offset). */
static capture_result pcapng_interface_options(capture *cap, capture_interface *iface, const uint8_t *option,
                                               const uint8_t *end)
{
    pcapng_set_resolution(iface, PCAPNG_DEFAULT_TSRESOL);
    while (end - option >= 4) {
        uint16_t code = capture_get16(option, cap->swap), size = capture_get16(option + 2, cap->swap);
        if (code == PCAPNG_OPT_END)
            break;
        uint32_t padded = (size + 3u) & ~3u;
        if (padded > (size_t)(end - option) - 4)
            return capture_fail(cap, "interface description block at byte %llu: option %u runs past the end of the block",
                                (unsigned long long)capture_input_offset(&cap->in), code);
        if (code == PCAPNG_OPT_TSRESOL && size >= 1)
            pcapng_set_resolution(iface, option[4]);
        else if (code == PCAPNG_OPT_TSOFFSET && size >= 8)
            iface->offset_ns = capture_get64(option + 4, cap->swap) * 1000000000u;
        option += 4 + padded;
    }
    return PCAPNG_NO_FRAME;
}

static capture_result pcapng_interface(capture *cap, uint32_t length)
{
    capture_result r;
    const uint8_t *block = pcapng_whole_block(cap, PCAPNG_INTERFACE, length, PCAPNG_INTERFACE_MIN_SIZE, &r);
    if (!block)
        return r;
    if (cap->n_interfaces == CAPTURE_MAX_INTERFACES)
        return capture_fail(cap, "interface description block at byte %llu: more than %u interfaces in one section",
                            (unsigned long long)capture_input_offset(&cap->in), CAPTURE_MAX_INTERFACES);
    if (cap->n_interfaces == cap->interfaces_cap) {
        size_t wanted = cap->interfaces_cap ? 2 * cap->interfaces_cap : 8;
        capture_interface *grown = realloc(cap->interfaces, wanted * sizeof *grown);
        if (!grown)
            return capture_fail(cap, "out of memory for the interface table");
        cap->interfaces = grown;
        cap->interfaces_cap = wanted;
    }
    capture_interface *iface = &cap->interfaces[cap->n_interfaces];
    *iface = (capture_interface){ .linktype = capture_get16(block + 8, cap->swap),
                                  .snaplen = capture_get32(block + 12, cap->swap) };
    r = pcapng_interface_options(cap, iface, block + 16, block + length - 4);
    if (r != PCAPNG_NO_FRAME)
        return r;
    if (!cap->linktype_known) {
        cap->linktype = iface->linktype;
        cap->snaplen = iface->snaplen ? iface->snaplen : CAPTURE_MAX_CAPLEN;
        cap->linktype_known = true;
    }
    cap->n_interfaces++;
    capture_input_consume(&cap->in, length);
    return PCAPNG_NO_FRAME;
}

/* The interface a packet block names, or NULL after setting the message. */
static const capture_interface *pcapng_packet_interface(capture *cap, uint32_t type, uint32_t id)
{
    unsigned long long offset = capture_input_offset(&cap->in);
    if (cap->n_interfaces == 0)
        capture_fail(cap, "%s at byte %llu comes before any interface description block", pcapng_block_name(type),
                     offset);
    else if (id >= cap->n_interfaces)
        capture_fail(cap, "%s at byte %llu names interface %u, but only %zu are described", pcapng_block_name(type),
                     offset, id, cap->n_interfaces);
    else
        return &cap->interfaces[id];
    return NULL;
}

/* Fills the frame from a buffered packet block and moves past the block. */
static capture_result pcapng_deliver(capture *cap, capture_frame *frame, const uint8_t *data, uint32_t caplen,
                                     uint32_t wirelen, int64_t time, uint32_t linktype, uint32_t length)
{
    frame->data = data;
    frame->caplen = caplen;
    frame->wirelen = wirelen < caplen ? caplen : wirelen;
    frame->time = capture_limit_time(cap, time);
    frame->linktype = linktype;
    cap->last_time = frame->time;
    capture_input_consume(&cap->in, length);
    return CAPTURE_FRAME;
}

/* Enhanced packet block, or the obsolete packet block (same layout with a 16-bit interface id). */
static capture_result pcapng_packet(capture *cap, capture_frame *frame, uint32_t type, uint32_t length)
{
    capture_result r;
    const uint8_t *block = pcapng_whole_block(cap, type, length, PCAPNG_PACKET_MIN_SIZE, &r);
    if (!block)
        return r;
    bool swap = cap->swap;
    uint32_t id = type == PCAPNG_ENHANCED_PACKET ? capture_get32(block + 8, swap) : capture_get16(block + 8, swap);
    const capture_interface *iface = pcapng_packet_interface(cap, type, id);
    if (!iface)
        return CAPTURE_ERROR;
    uint32_t caplen = capture_get32(block + 20, swap);
    unsigned long long offset = capture_input_offset(&cap->in);
    if (caplen > CAPTURE_MAX_CAPLEN)
        return capture_fail(cap, "%s at byte %llu: captured length %u is larger than the limit of %u bytes",
                            pcapng_block_name(type), offset, caplen, CAPTURE_MAX_CAPLEN);
    if (iface->snaplen && caplen > iface->snaplen)
        capture_warn_snaplen(cap, offset, caplen, iface->snaplen);
    if (caplen > length - PCAPNG_PACKET_MIN_SIZE)
        return capture_fail(cap, "%s at byte %llu: captured length %u does not fit in the block of %u bytes",
                            pcapng_block_name(type), offset, caplen, length);
    int64_t time = pcapng_time(iface, capture_get64_halves(block + 12, swap));
    return pcapng_deliver(cap, frame, block + 28, caplen, capture_get32(block + 24, swap), time, iface->linktype,
                          length);
}

/* Simple packet block: interface 0, no timestamp (the previous frame's time is reused), captured
 * length = original length limited by the interface's snap length and by the block. */
static capture_result pcapng_simple_packet(capture *cap, capture_frame *frame, uint32_t length)
{
    capture_result r;
    const uint8_t *block = pcapng_whole_block(cap, PCAPNG_SIMPLE_PACKET, length, PCAPNG_SIMPLE_MIN_SIZE, &r);
    if (!block)
        return r;
    const capture_interface *iface = pcapng_packet_interface(cap, PCAPNG_SIMPLE_PACKET, 0);
    if (!iface)
        return CAPTURE_ERROR;
    uint32_t wirelen = capture_get32(block + 8, cap->swap);
    uint32_t caplen = wirelen;
    if (iface->snaplen && caplen > iface->snaplen)
        caplen = iface->snaplen;
    if (caplen > length - PCAPNG_SIMPLE_MIN_SIZE)
        caplen = length - PCAPNG_SIMPLE_MIN_SIZE;
    if (caplen > CAPTURE_MAX_CAPLEN)
        return capture_fail(cap, "simple packet block at byte %llu: captured length %u is larger than the limit of %u bytes",
                            (unsigned long long)capture_input_offset(&cap->in), caplen, CAPTURE_MAX_CAPLEN);
    return pcapng_deliver(cap, frame, block + 12, caplen, wirelen, cap->last_time, iface->linktype, length);
}

/* Reads one block: CAPTURE_FRAME when it held a frame, PCAPNG_NO_FRAME when it did not. */
static capture_result pcapng_step(capture *cap, capture_frame *frame)
{
    uint32_t type = 0, length = 0;
    capture_result r = pcapng_block_header(cap, &type, &length);
    if (r != PCAPNG_NO_FRAME)
        return r;
    switch (type) {
    case PCAPNG_ENHANCED_PACKET:
    case PCAPNG_OBSOLETE_PACKET:
        return pcapng_packet(cap, frame, type, length);
    case PCAPNG_SIMPLE_PACKET:
        return pcapng_simple_packet(cap, frame, length);
    case PCAPNG_INTERFACE:
        return pcapng_interface(cap, length);
    case PCAPNG_SECTION_HEADER:
        return pcapng_section(cap, length);
    default:
        return pcapng_skip(cap, type, length);
    }
}

static capture_result capture_pcapng_next(capture *cap, capture_frame *frame)
{
    capture_result r;
    do
        r = pcapng_step(cap, frame);
    while (r == PCAPNG_NO_FRAME);
    return r;
}

int capture_pcapng_open(capture *cap)
{
    cap->swap = false;
    cap->n_interfaces = 0;
    cap->read_frame = capture_pcapng_next;
    capture_frame unused;
    for (;;) {
        const uint8_t *head = capture_input_need(&cap->in, 4);
        if (cap->linktype_known || (head && pcapng_is_packet(capture_get32(head, cap->swap))))
            return 0;
        capture_result r = pcapng_step(cap, &unused);
        if (r == CAPTURE_ERROR)
            return -1;
        if (r == CAPTURE_END)
            return 0;
    }
}

void capture_pcapng_free(capture *cap)
{
    free(cap->interfaces);
    cap->interfaces = NULL;
    cap->n_interfaces = cap->interfaces_cap = 0;
}
