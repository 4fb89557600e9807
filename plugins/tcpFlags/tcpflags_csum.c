/* tcpflags_csum.c — transport checksums (RFC 1071 Internet checksum; TCP, UDP, UDP-Lite with
 * its coverage (RFC 3828), ICMP, ICMPv6, IGMP) and the UDP length check, for tcpFStat 0x1000 and
 * 0x2000 and ipFlags 0x0800 and 0x2000 (T2-COMPAT §8.4).
 *
 * A checksum is verified only when the whole segment (for UDP-Lite: the covered part) is
 * captured, the packet is no fragment, and the pseudo-header destination is the IP header's
 * (no IPv4 source route, no IPv6 routing header with segments left). A zero UDP checksum over
 * IPv4 means "not computed" and is not checked. */
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <rowtap/rowtap.h>

#include "tcpFlags.h"
#include "tcpflags_state.h"

enum { PROTO_ICMP = 1, PROTO_IGMP = 2, PROTO_TCP = 6, PROTO_UDP = 17, PROTO_ICMPV6 = 58, PROTO_UDPLITE = 136 };

/* What the verification needs to know about a protocol. */
typedef struct checked_protocol {
    uint8_t proto;
    uint8_t min_len;      /* shortest valid segment */
    uint8_t csum_offset;  /* offset of the checksum field */
    uint8_t pseudo;       /* the checksum covers a pseudo-header */
} checked_protocol;

static const checked_protocol checked_protocols[] = {
    { PROTO_TCP, 20, 16, 1 },
    { PROTO_UDP, 8, 6, 1 },
    { PROTO_UDPLITE, 8, 6, 1 },
    { PROTO_ICMP, 4, 2, 0 },
    { PROTO_ICMPV6, 4, 2, 1 },
    { PROTO_IGMP, 4, 2, 0 },
};

/* Folds a wide ones' complement sum to 16 bits. */
static uint32_t fold64(uint64_t wide)
{
    while (wide >> 16)
        wide = (wide & 0xffffu) + (wide >> 16);
    return (uint32_t)wide;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__x86_64__)
/* The little-endian word sum of the 32-byte blocks at data (up to len), with AVX2; *done gets the
 * bytes summed. A 32-bit lane gains at most 2 * 65535 per block, so it is emptied every 2^14
 * blocks. */
__attribute__((target("avx2"))) static uint64_t block_sum_avx2(const uint8_t *data, size_t len, size_t *done)
{
    uint64_t wide = 0;
    size_t i = 0;
    const __m256i zero = _mm256_setzero_si256();
    while (i + 32 <= len) {
        __m256i lanes = zero;
        size_t stop = len - i > (size_t)1 << 19 ? i + ((size_t)1 << 19) : len;
        for (; i + 32 <= stop; i += 32) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(data + i));
            lanes = _mm256_add_epi32(lanes, _mm256_unpacklo_epi16(v, zero));
            lanes = _mm256_add_epi32(lanes, _mm256_unpackhi_epi16(v, zero));
        }
        uint32_t lane[8];
        _mm256_storeu_si256((__m256i *)lane, lanes);
        for (int k = 0; k < 8; k++)
            wide += lane[k];
    }
    *done = i;
    return wide;
}

/* The same with SSE2 (every x86-64 processor has it) on 16-byte blocks. */
static uint64_t block_sum_sse2(const uint8_t *data, size_t len, size_t *done)
{
    uint64_t wide = 0;
    size_t i = 0;
    const __m128i zero = _mm_setzero_si128();
    while (i + 16 <= len) {
        __m128i lanes = zero;
        size_t stop = len - i > (size_t)1 << 19 ? i + ((size_t)1 << 19) : len;
        for (; i + 16 <= stop; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(data + i));
            lanes = _mm_add_epi32(lanes, _mm_unpacklo_epi16(v, zero));
            lanes = _mm_add_epi32(lanes, _mm_unpackhi_epi16(v, zero));
        }
        uint32_t lane[4];
        _mm_storeu_si128((__m128i *)lane, lanes);
        wide += (uint64_t)lane[0] + lane[1] + lane[2] + lane[3];
    }
    *done = i;
    return wide;
}

/* The block sum of this processor, chosen at the first call (plugins run on one thread). */
static uint64_t block_sum(const uint8_t *data, size_t len, size_t *done)
{
    static int avx2 = -1;
    if (avx2 < 0)
        avx2 = __builtin_cpu_supports("avx2") != 0;
    return avx2 ? block_sum_avx2(data, len, done) : block_sum_sse2(data, len, done);
}
#endif

uint32_t tcpflags_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Sum the bytes as little-endian words: the ones' complement sum of the byte-swapped words is
     * the byte-swapped sum (RFC 1071 §2B), so one swap at the end gives the network-order sum. */
    uint64_t wide = 0;
    size_t i = 0;
#if defined(__x86_64__)
    wide = block_sum(data, len, &i);
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        wide += (w & 0xffffffffu) + (w >> 32);
    }
    for (; i + 2 <= len; i += 2) {
        uint16_t w;
        memcpy(&w, data + i, 2);
        wide += w;
    }
    if (i < len)
        wide += data[i]; /* a last odd byte is the high byte of a zero-padded network word */
    uint32_t swapped = fold64(wide);
    swapped = ((swapped & 0xffu) << 8) | (swapped >> 8);
    return fold64((uint64_t)sum + swapped);
#else
    uint64_t wide = sum;
    size_t i = 0;
    for (; i + 1 < len; i += 2)
        wide += (uint32_t)data[i] << 8 | data[i + 1];
    if (i < len)
        wide += (uint32_t)data[i] << 8;
    return fold64(wide);
#endif
}

uint16_t tcpflags_csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffffu) + (sum >> 16);
    return (uint16_t)sum;
}

/* Sum of the IPv4 or IPv6 pseudo-header of a segment of `length` bytes. */
static uint32_t pseudo_header(const rt_packet *pkt, uint32_t length)
{
    size_t addr_len = pkt->ip_version == 4 ? 4 : 16;
    uint32_t sum = tcpflags_csum_add(0, pkt->src_ip, addr_len);
    sum = tcpflags_csum_add(sum, pkt->dst_ip, addr_len);
    sum += pkt->l4_proto;
    sum += length >> 16;
    sum += length & 0xffffu;
    return sum;
}

static const checked_protocol *find_protocol(uint8_t proto)
{
    for (size_t i = 0; i < sizeof checked_protocols / sizeof checked_protocols[0]; i++)
        if (checked_protocols[i].proto == proto)
            return &checked_protocols[i];
    return NULL;
}

void tcpflags_csum_packet(uint16_t *fstat, uint16_t *ip_flags, const rt_packet *pkt, int route_pending)
{
    if (!pkt->l4 || (pkt->flags & RT_PKT_FRAGMENT) || !pkt->ip_len || pkt->ip_len < pkt->l3_hdr_len)
        return;
    uint32_t length = pkt->ip_len - pkt->l3_hdr_len;
    const uint8_t *seg = pkt->l4;
    if ((pkt->l4_proto == PROTO_UDP || pkt->l4_proto == PROTO_UDPLITE) && pkt->l4_caplen < 8)
        return;
    if (pkt->l4_proto == PROTO_UDP && tcpflags_get16(seg + 4) != length)
        *ip_flags |= TCPFLAGS_IP_UDP_LEN;
    const checked_protocol *p = find_protocol(pkt->l4_proto);
    if (!p || length < p->min_len)
        return;
    uint32_t covered = length;
    if (p->proto == PROTO_UDPLITE) {
        uint16_t coverage = tcpflags_get16(seg + 4);
        if (coverage == 0)
            coverage = (uint16_t)length;
        if (coverage < 8 || coverage > length) {
            *fstat |= TCPFLAGS_FSTAT_UDPLITE_COV;
            return;
        }
        covered = coverage;
    }
    if (pkt->l4_caplen < covered || (p->pseudo && route_pending))
        return;
    if (p->proto == PROTO_UDP && pkt->ip_version == 4 && tcpflags_get16(seg + p->csum_offset) == 0)
        return;
    uint32_t sum = p->pseudo ? pseudo_header(pkt, length) : 0;
    *fstat |= TCPFLAGS_FSTAT_CSUM;
    if (tcpflags_csum_fold(tcpflags_csum_add(sum, seg, covered)) != 0xffffu)
        *ip_flags |= TCPFLAGS_IP_L4_CSUM;
}
