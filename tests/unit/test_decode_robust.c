/* test_decode_robust.c — hostile input: valid frames of every kind cut at every length, randomly
 * mutated, and random bytes under every link type, each decoded from a heap copy of exactly the
 * captured bytes (so AddressSanitizer catches any read past them), with invariants on every
 * pointer and length the decoder returns. */
#include <stdlib.h>

#include "decode_check.h"

/* Builders of one valid frame each, covering every decoder. */
static void frame_tcp(void)
{
    static const uint8_t options[] = { 2, 4, 5, 0xb4, 1, 1, 4, 2 };
    fb_tcp_opts o = { .src_port = 1, .dst_port = 2, .options = options, .options_len = 8 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_vlan(&fb, 0x88a8, 1, 0, FB_AUTO);
    fb_vlan(&fb, 0x8100, 2, 0, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_tcp_ex(&fb, &o);
    fb_payload_str(&fb, "payload");
}

static void frame_ipv6_chain(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv6_ext(&fb, 0, 8, FB_AUTO);
    fb_ipv6_ext(&fb, 43, 16, FB_AUTO);
    fb_ipv6_frag(&fb, 5, 0, 1, FB_AUTO);
    fb_ah(&fb, 1, 1, 12, FB_AUTO);
    fb_ipv6_ext(&fb, 60, 8, FB_AUTO);
    fb_sctp(&fb, 1, 2, 3);
    fb_payload_fill(&fb, 1, 16);
}

static void frame_mpls_pppoe(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_mpls(&fb, 1, 0, 1, FB_AUTO, 0);
    fb_pw_control_word(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_pppoe_session(&fb, 1);
    fb_ppp(&fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 1900, 5000);
}

static void frame_llc(void)
{
    fb_eth_8023(&fb, NULL, NULL);
    fb_llc(&fb, 0xaa, 0xaa, 0x03);
    fb_snap(&fb, 0, FB_AUTO);
    fb_arp(&fb, 0x0806, 1, NULL, "10.0.0.1", NULL, "10.0.0.2");
}

static void frame_gre_pptp(void)
{
    fb_gre_opts o = { .version = 1, .protocol = FB_AUTO, .has_sequence = 1, .has_ack = 1 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_gre_ex(&fb, &o);
    fb_ppp(&fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_icmpv6(&fb, 128, 0, 0);
}

static void frame_vxlan(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 1, 4789);
    fb_vxlan(&fb, 1);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv4(&fb, "10.0.0.3", "10.0.0.4");
    fb_igmp(&fb, 0x16, 0, "239.0.0.1");
}

static void frame_gtp_geneve(void)
{
    fb_sll2(&fb, 0, 1, 1, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 2152, 2152);
    fb_gtpu(&fb, 0xff, 1, 2);
    fb_ipv4(&fb, "10.0.0.3", "10.0.0.4");
    fb_udp(&fb, 1, 6081);
    fb_geneve(&fb, 1, 2, FB_AUTO);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.5", "10.0.0.6");
    fb_udplite(&fb, 1, 2, 0);
}

static void frame_teredo(void)
{
    fb_sll(&fb, 0, 1, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 3544, 1);
    fb_teredo_auth(&fb, 2, 2);
    fb_teredo_origin(&fb, 1, "10.0.0.1");
    fb_ipv6(&fb, "2001::1", "2001::2");
    fb_esp(&fb, 1, 1);
}

static void frame_null(void)
{
    fb_null(&fb, FB_AUTO, 1);
    fb_ipv6(&fb, "::1", "::1");
    fb_ipv6_frag(&fb, 1, 8, 0, 6);
    fb_payload_fill(&fb, 2, 10);
}

static void frame_ppp_raw(void)
{
    fb_ppp(&fb, 0, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_ipv4(&fb, "10.0.0.3", "10.0.0.4");
    fb_icmp(&fb, 0, 0, 0);
}

static void (*const builders[])(void) = {
    frame_tcp, frame_ipv6_chain, frame_mpls_pppoe, frame_llc, frame_gre_pptp, frame_vxlan,
    frame_gtp_geneve, frame_teredo, frame_null, frame_ppp_raw,
};

static const uint32_t link_types[] = { 0, 1, 9, 12, 14, 50, 101, 109, 113, 127, 228, 229, 276 };

static int within(const uint8_t *p, uint32_t n, const uint8_t *data, uint32_t caplen)
{
    return p >= data && p + n <= data + caplen;
}

/* Decodes caplen bytes (of wirelen on the wire) from an exact heap copy and checks invariants. */
static void decode_exact(const uint8_t *bytes, uint32_t caplen, uint32_t wirelen, uint32_t linktype)
{
    uint8_t *copy = malloc(caplen ? caplen : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, bytes, caplen);
    capture_frame frame = { .data = copy, .caplen = caplen, .wirelen = wirelen,
                            .linktype = linktype };
    decoder_decode(dec, &frame, 1, 0, &out);
    const rt_packet *pkt = &out.pkt;
    ck_assert_ptr_nonnull(pkt->hdrdesc);
    ck_assert_uint_le(pkt->hdrdesc_len, 127);
    ck_assert_uint_eq(strlen(pkt->hdrdesc), pkt->hdrdesc_len);
    ck_assert_uint_le(pkt->n_vlans, RT_MAX_VLANS);
    ck_assert_uint_le(pkt->l7_caplen, pkt->l7_len);
    ck_assert_int_eq(pkt->l7 != NULL, pkt->l7_caplen != 0);
    if (pkt->l7)
        ck_assert(within(pkt->l7, pkt->l7_caplen, copy, caplen));
    if (pkt->l4)
        ck_assert(pkt->l4 + pkt->l4_caplen == copy + caplen && pkt->l4_caplen > 0);
    if (pkt->l3)
        ck_assert(within(pkt->l3, pkt->ip_version == 6 ? 40 : 20, copy, caplen));
    if (pkt->src_mac)
        ck_assert(within(pkt->src_mac, 6, copy, caplen) && within(pkt->dst_mac, 6, copy, caplen));
    if (pkt->ip6_hbh)
        ck_assert(within(pkt->ip6_hbh, 8, copy, caplen));
    if (pkt->ip6_dstopts)
        ck_assert(within(pkt->ip6_dstopts, 8, copy, caplen));
    if (!out.no_flow && pkt->ip_version == 0)
        ck_assert_uint_eq(pkt->status & (RT_STAT_IPV4 | RT_STAT_IPV6), 0);
    free(copy);
}

START_TEST(every_cut)
{
    for (size_t b = 0; b < sizeof builders / sizeof builders[0]; b++) {
        fb_init(&fb);
        builders[b]();
        uint32_t len = fb_finish(&fb);
        ck_assert_uint_gt(len, 0);
        decode_exact(fb.data, len, len, fb.linktype);
        ck_assert_int_eq(out.no_flow, 0);
        ck_assert_uint_eq(out.pkt.status & RT_STAT_DECODE_STOPPED,
                          b == 8 ? RT_STAT_DECODE_STOPPED : 0); /* frame_null: later fragment */
        for (uint32_t caplen = 0; caplen < len; caplen++)
            decode_exact(fb.data, caplen, len, fb.linktype);
    }
}
END_TEST

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Valid frames with 1 to 4 random bytes changed, under their own and random link types. */
START_TEST(mutations)
{
    static uint8_t bytes[FB_MAX_FRAME];
    for (size_t b = 0; b < sizeof builders / sizeof builders[0]; b++) {
        fb_init(&fb);
        builders[b]();
        uint32_t len = fb_finish(&fb);
        for (int round = 0; round < 3000; round++) {
            memcpy(bytes, fb.data, len);
            for (uint32_t n = 1 + rng() % 4; n; n--)
                bytes[rng() % len] = (uint8_t)rng();
            uint32_t linktype = round % 4 ? fb.linktype : link_types[rng() % 13];
            uint32_t caplen = round % 3 ? len : rng() % (len + 1);
            decode_exact(bytes, caplen, round % 5 ? len : rng(), linktype);
        }
    }
}
END_TEST

START_TEST(random_bytes)
{
    static uint8_t bytes[2048];
    for (int round = 0; round < 20000; round++) {
        uint32_t len = rng() % sizeof bytes;
        for (uint32_t i = 0; i < len; i++)
            bytes[i] = (uint8_t)rng();
        /* steer the first bytes towards known headers half of the time */
        if (round % 2 && len > 40) {
            bytes[12] = round % 4 ? 0x08 : 0x86;
            bytes[13] = round % 4 ? 0x00 : 0xdd;
            bytes[14] = round % 4 ? 0x45 : 0x60;
        }
        decode_exact(bytes, len, len + rng() % 3, link_types[round % 13]);
    }
}
END_TEST

DECODE_TEST_MAIN("decode_robust", every_cut, mutations, random_bytes)
