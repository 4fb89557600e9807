/* fuzz_decode_frame.c — libFuzzer target for the packet decoder: one frame of any link type rowtap
 * decodes. The first input byte chooses the link type (low 4 bits, an index into the table of
 * fuzz_link_types.h, whose last entry has no decoder) and how much longer the frame was on the
 * wire than captured (high 4 bits, in steps of 97 bytes, as with a snap length); the rest is the
 * frame. Every pointer and length the decoder returns must lie inside the captured bytes (abort
 * otherwise). */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "fuzz_link_types.h"
#include "fuzz_target.h"
#include "rowtap/flow.h"

static void require(int condition)
{
    if (!condition)
        abort();
}

/* [p, p + n) lies within the captured bytes. */
static int within(const uint8_t *p, size_t n, const uint8_t *data, size_t caplen)
{
    return p >= data && n <= caplen && p - data <= (ptrdiff_t)(caplen - n);
}

static void check_packet(const decoded_packet *out, const uint8_t *data, uint32_t caplen)
{
    const rt_packet *pkt = &out->pkt;
    require(pkt->hdrdesc != NULL && pkt->hdrdesc_len <= 127 && strlen(pkt->hdrdesc) == pkt->hdrdesc_len);
    require(pkt->n_vlans <= RT_MAX_VLANS);
    require(pkt->l7_caplen <= pkt->l7_len && (pkt->l7 != NULL) == (pkt->l7_caplen != 0));
    require(!pkt->l7 || within(pkt->l7, pkt->l7_caplen, data, caplen));
    require(!pkt->l4 || (pkt->l4_caplen > 0 && pkt->l4 + pkt->l4_caplen == data + caplen));
    require(!pkt->l3 || within(pkt->l3, pkt->ip_version == 6 ? 40 : 20, data, caplen));
    require(!pkt->src_mac || (within(pkt->src_mac, 6, data, caplen) && within(pkt->dst_mac, 6, data, caplen)));
    require(!pkt->ip6_hbh || within(pkt->ip6_hbh, 8, data, caplen));
    require(!pkt->ip6_dstopts || within(pkt->ip6_dstopts, 8, data, caplen));
    require(out->no_flow || pkt->ip_version != 0 || !(pkt->status & (RT_STAT_IPV4 | RT_STAT_IPV6)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size - 1 > UINT32_MAX / 2)
        return 0;
    /* an exact-size copy of the frame: any read past it is caught by AddressSanitizer */
    uint32_t caplen = (uint32_t)(size - 1);
    uint8_t *frame_bytes = malloc(caplen ? caplen : 1);
    if (!frame_bytes)
        return 0;
    memcpy(frame_bytes, data + 1, caplen);
    capture_frame frame = {
        .data = frame_bytes,
        .caplen = caplen,
        .wirelen = caplen + (uint32_t)(data[0] >> 4) * 97,
        .linktype = fuzz_link_types[(data[0] & 0x0f) % FUZZ_LINK_TYPES],
    };
    decoder *dec = decoder_new();
    if (dec) {
        decoded_packet out;
        decoder_decode(dec, &frame, 1, 0, &out);
        check_packet(&out, frame_bytes, caplen);
        decoder_free(dec);
    }
    free(frame_bytes);
    return 0;
}
