/* capture_pcap.c — the classic pcap format: a 24-byte file header (magic a1b2c3d4 for
 * microsecond or a1b23c4d for nanosecond timestamps, in the writer's byte order), then records
 * of a 16-byte header (seconds, fraction, captured length, wire length) and the frame bytes. */
#include "capture_internal.h"

#define PCAP_FILE_HEADER_SIZE 24
#define PCAP_RECORD_HEADER_SIZE 16
#define PCAP_VERSION_MAJOR 2

static capture_result capture_pcap_next(capture *cap, capture_frame *frame)
{
    capture_input *in = &cap->in;
    const uint8_t *rec = capture_input_need(in, PCAP_RECORD_HEADER_SIZE);
    unsigned long long offset = capture_input_offset(in);
    if (!rec) {
        size_t present = capture_input_available(in);
        if (present == 0 && in->status == CAPTURE_INPUT_EOF)
            return CAPTURE_END;
        return capture_input_stopped(cap, "record at byte %llu is cut: %zu of %d header bytes present",
                                     offset, present, PCAP_RECORD_HEADER_SIZE);
    }
    bool swap = cap->swap;
    uint32_t caplen = capture_get32(rec + 8, swap);
    uint32_t wirelen = capture_get32(rec + 12, swap);
    if (caplen > CAPTURE_MAX_CAPLEN)
        return capture_fail(cap, "record at byte %llu: captured length %u is larger than the limit of %u bytes",
                            offset, caplen, CAPTURE_MAX_CAPLEN);
    if (caplen > cap->snaplen)
        capture_warn_snaplen(cap, offset, caplen, cap->snaplen);
    rec = capture_input_need(in, PCAP_RECORD_HEADER_SIZE + caplen);
    if (!rec)
        return capture_input_stopped(cap, "record at byte %llu is cut: %zu of %u bytes present", offset,
                                     capture_input_available(in) - PCAP_RECORD_HEADER_SIZE, caplen);
    uint32_t seconds = capture_get32(rec, swap);
    uint32_t fraction = capture_get32(rec + 4, swap);
    frame->data = rec + PCAP_RECORD_HEADER_SIZE;
    frame->caplen = caplen;
    frame->wirelen = wirelen < caplen ? caplen : wirelen;
    frame->time = (int64_t)seconds * 1000000000 + (int64_t)fraction * cap->fraction_ns;
    frame->linktype = cap->linktype;
    cap->last_time = frame->time;
    capture_input_consume(in, PCAP_RECORD_HEADER_SIZE + caplen);
    return CAPTURE_FRAME;
}

int capture_pcap_open(capture *cap, uint32_t magic)
{
    capture_input *in = &cap->in;
    const uint8_t *head = capture_input_need(in, PCAP_FILE_HEADER_SIZE);
    if (!head) {
        capture_input_stopped(cap, "pcap file header is cut: %zu of %d bytes present",
                              capture_input_available(in), PCAP_FILE_HEADER_SIZE);
        return -1;
    }
    bool swap = magic != CAPTURE_PCAP_MAGIC_MICRO && magic != CAPTURE_PCAP_MAGIC_NANO;
    uint16_t major = capture_get16(head + 4, swap), minor = capture_get16(head + 6, swap);
    if (major != PCAP_VERSION_MAJOR)
        return capture_fail(cap, "pcap file header: unsupported format version %u.%u (rowtap reads 2.x)",
                            major, minor), -1;
    uint32_t snaplen = capture_get32(head + 16, swap);
    cap->swap = swap;
    cap->fraction_ns = (swap ? __builtin_bswap32(magic) : magic) == CAPTURE_PCAP_MAGIC_NANO ? 1 : 1000;
    cap->snaplen = snaplen ? snaplen : CAPTURE_MAX_CAPLEN;
    cap->linktype = capture_get32(head + 20, swap) & 0xffff;
    cap->linktype_known = true;
    cap->read_frame = capture_pcap_next;
    capture_input_consume(in, PCAP_FILE_HEADER_SIZE);
    return 0;
}
