/* test_decode_link.c — the decoder on link layers and layer-2 headers: Ethernet, VLAN stacks,
 * MPLS, PPPoE, PPP, LLC/SNAP, ARP/RARP, LLDP, unknown ethertypes, Linux cooked capture v1/v2,
 * null/loopback, raw IP link types, PPP link type, unknown link types and short link headers.
 * Expected values come from T2-COMPAT §3.2-§3.7, §5 and §7.4 and from the hand-built frames. */
#include "decode_check.h"

#define MAC_A "00:08:74:38:01:b4"
#define MAC_B "00:19:e3:e7:5d:23"

/* §2.6 rendering of payload bytes, to compare with the spec's printed example. */
static const char *render_l7(const rt_packet *pkt)
{
    static char text[512];
    size_t n = 0;
    for (uint32_t i = 0; i < pkt->l7_caplen && n + 3 < sizeof text; i++) {
        uint8_t c = pkt->l7[i];
        const char *escape = c == 0x08 ? "\\b" : c == 0x0c ? "\\f" : c == 0x0a ? "\\n"
                           : c == 0x0d ? "\\r" : c == 0x09 ? "\\t" : c == 0x0b ? "\\v"
                           : c == 0x5c ? "\\\\" : NULL;
        if (escape) {
            memcpy(text + n, escape, 2);
            n += 2;
        } else {
            text[n++] = c >= 0x20 && c <= 0x7e ? (char)c : '.';
        }
    }
    text[n] = '\0';
    return text;
}

START_TEST(ethernet_ipv4_tcp)
{
    fb_eth(&fb, MAC_B, MAC_A, FB_AUTO);
    fb_ipv4(&fb, "192.168.1.105", "143.166.11.10");
    fb_tcp(&fb, 49329, 21, 1, 1, 0x18, 64833);
    fb_payload_str(&fb, "USER anonymous\r\n");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4);
    ck_mac(pkt->src_mac, MAC_A);
    ck_mac(pkt->dst_mac, MAC_B);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
    ck_assert_uint_eq(pkt->n_vlans, 0);
    ck_assert_uint_eq(pkt->ip_version, 4);
    ck_address(pkt->src_ip, "192.168.1.105");
    ck_address(pkt->dst_ip, "143.166.11.10");
    ck_assert_uint_eq(pkt->src_port, 49329);
    ck_assert_uint_eq(pkt->dst_port, 21);
    ck_assert_uint_eq(pkt->l4_proto, 6);
    ck_assert_uint_eq(pkt->flags, RT_PKT_HAS_PORTS | RT_PKT_L4_COMPLETE);
    ck_assert_uint_eq(pkt->l3_hdr_len, 20);
    ck_assert_uint_eq(pkt->ip_len, 56);
    ck_assert_ptr_eq(pkt->l3, fb.data + 14);
    ck_assert_ptr_eq(pkt->l4, fb.data + 34);
    ck_assert_uint_eq(pkt->l4_caplen, 36);
    ck_payload(pkt, 16, 16, "USER anonymous\r\n");
    ck_assert_uint_eq(pkt->pad_bytes, 0);
    ck_assert_uint_eq(pkt->linktype, 1);
}
END_TEST

/* §7.4: the ARP request row. */
START_TEST(arp_request_payload_excludes_padding)
{
    fb_eth(&fb, "ff:ff:ff:ff:ff:ff", MAC_A, FB_AUTO);
    fb_arp(&fb, 0x0806, 1, MAC_A, "192.168.1.105", NULL, "192.168.1.1");
    fb_pad_to(&fb, 60);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:arp", 2, 0x44);
    ck_assert_uint_eq(pkt->eth_type, 0x0806);
    ck_mac(pkt->src_mac, MAC_A);
    ck_mac(pkt->dst_mac, "ff:ff:ff:ff:ff:ff");
    ck_assert_uint_eq(pkt->ip_version, 0);
    ck_assert_uint_eq(pkt->flags & RT_PKT_HAS_PORTS, 0);
    ck_assert_uint_eq(pkt->l7_len, 28);
    ck_assert_uint_eq(pkt->l7_caplen, 28);
    ck_assert_ptr_eq(pkt->l7, fb.data + 14);
    ck_assert_str_eq(render_l7(pkt), "..\\b......\\bt8.....i..........");
    ck_assert_uint_eq(pkt->pad_bytes, 0);
}
END_TEST

START_TEST(rarp)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_arp(&fb, 0x8035, 3, MAC_A, "0.0.0.0", MAC_A, "0.0.0.0");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:rarp", 2, RT_STAT_L2_FLOW | RT_STAT_RARP);
    ck_assert_uint_eq(pkt->eth_type, 0x8035);
    ck_assert_uint_eq(pkt->l7_len, 28);
}
END_TEST

/* An ARP header whose fixed part is cut: decoding stops, the captured rest is the payload. */
START_TEST(arp_cut)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_arp(&fb, 0x0806, 1, MAC_A, "10.0.0.1", NULL, "10.0.0.2");
    const rt_packet *pkt = decode_built(14 + 6);
    ck_stack(pkt, "eth:arp", 2, RT_STAT_L2_FLOW | RT_STAT_ARP | RT_STAT_DECODE_STOPPED);
    ck_payload(pkt, 28, 6, fb.data + 14);
}
END_TEST

/* ARP address lengths that announce more than the frame holds: the payload is what remains. */
START_TEST(arp_lengths_beyond_frame)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    int arp = fb_arp(&fb, 0x0806, 1, MAC_A, "10.0.0.1", NULL, "10.0.0.2");
    fb_pad_to(&fb, 60);
    fb_poke(&fb, arp, 4, 8, 255); /* hardware address length */
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:arp", 2, RT_STAT_L2_FLOW | RT_STAT_ARP);
    ck_payload(pkt, 46, 46, fb.data + 14);
    pkt = decode_built(30);
    ck_payload(pkt, 46, 16, fb.data + 14);
}
END_TEST

START_TEST(vlan_single)
{
    fb_eth(&fb, MAC_B, MAC_A, FB_AUTO);
    fb_vlan(&fb, 0x8100, 20, 3, FB_AUTO);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_tcp(&fb, 1025, 80, 0, 0, 0x02, 1000);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:vlan:ipv4:tcp", 4, RT_STAT_VLAN | RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->n_vlans, 1);
    ck_assert_uint_eq(pkt->vlan_depth, 1);
    ck_assert_uint_eq(pkt->vlan_ids[0], 20);
    ck_assert_uint_eq(out.inner_vlan, 20);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
}
END_TEST

/* §3.2's example: eth:vlan{2}:ipv4:udp has 5 headers. */
START_TEST(vlan_qinq)
{
    fb_eth(&fb, MAC_B, MAC_A, FB_AUTO);
    fb_vlan(&fb, 0x88a8, 20, 0, FB_AUTO);
    fb_vlan(&fb, 0x8100, 100, 0, FB_AUTO);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_udp(&fb, 5000, 53);
    fb_payload_fill(&fb, 0xab, 10);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:vlan{2}:ipv4:udp", 5, RT_STAT_VLAN | RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->n_vlans, 2);
    ck_assert_uint_eq(pkt->vlan_ids[0], 20);
    ck_assert_uint_eq(pkt->vlan_ids[1], 100);
    ck_assert_uint_eq(out.inner_vlan, 100);
    ck_payload(pkt, 10, 10, fb.data + 14 + 8 + 28);
}
END_TEST

/* At most three IDs are listed; every tag counts in numHdrs (§3.3). 0x9100 is pre-standard QinQ. */
START_TEST(vlan_four_tags)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_vlan(&fb, 0x9100, 1, 0, FB_AUTO);
    fb_vlan(&fb, 0x88a8, 2, 0, FB_AUTO);
    fb_vlan(&fb, 0x8100, 3, 0, FB_AUTO);
    fb_vlan(&fb, 0x8100, 4, 0, FB_AUTO);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_udp(&fb, 5000, 53);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:vlan{4}:ipv4:udp", 7, RT_STAT_VLAN | RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->n_vlans, 3);
    ck_assert_uint_eq(pkt->vlan_ids[0], 1);
    ck_assert_uint_eq(pkt->vlan_ids[1], 2);
    ck_assert_uint_eq(pkt->vlan_ids[2], 3);
    ck_assert_uint_eq(pkt->vlan_depth, 4);
    ck_assert_uint_eq(out.inner_vlan, 4);
}
END_TEST

START_TEST(vlan_priority_tag)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_vlan(&fb, 0x8100, 0, 5, FB_AUTO);
    fb_arp(&fb, 0x0806, 1, MAC_A, "10.0.0.1", NULL, "10.0.0.2");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:vlan:arp", 3,
             RT_STAT_VLAN | RT_STAT_VLAN_PRIO_TAG | RT_STAT_L2_FLOW | RT_STAT_ARP);
    ck_assert_uint_eq(pkt->n_vlans, 1);
    ck_assert_uint_eq(pkt->vlan_ids[0], 0);
    ck_assert_uint_eq(pkt->eth_type, 0x0806); /* the ethertype after the last tag */
}
END_TEST

START_TEST(vlan_cut)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_vlan(&fb, 0x8100, 7, 0, FB_AUTO);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    const rt_packet *pkt = decode_built(16);
    ck_stack(pkt, "eth:vlan", 2, RT_STAT_VLAN | RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->eth_type, 0x8100);
    ck_assert_uint_eq(pkt->n_vlans, 0);
}
END_TEST

START_TEST(mpls_unicast_stack)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_mpls(&fb, 100, 0, 64, FB_AUTO, 0);
    fb_mpls(&fb, 200, 0, 64, FB_AUTO, 0);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_icmp(&fb, 8, 0, 0x00010001);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:mpls{2}:ipv4:icmp", 5, RT_STAT_MPLS_UCAST | RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->mpls_depth, 2);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
    ck_assert_uint_eq(pkt->l4_proto, 1);
}
END_TEST

START_TEST(mpls_multicast_ipv6)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_mpls(&fb, 100, 0, 64, FB_AUTO, 1);
    fb_ipv6(&fb, "2001:db8::1", "ff02::1");
    fb_udp(&fb, 5000, 5001);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:mpls:ipv6:udp", 4, RT_STAT_MPLS_MCAST | RT_STAT_IPV6);
    ck_assert_uint_eq(pkt->eth_type, 0x86dd);
    ck_assert_uint_eq(pkt->mpls_depth, 1);
}
END_TEST

/* First nibble 0 after the bottom of the stack: control word, then an Ethernet pseudowire. */
START_TEST(mpls_ethernet_pseudowire)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_mpls(&fb, 16, 0, 64, FB_AUTO, 0);
    fb_pw_control_word(&fb);
    fb_eth(&fb, MAC_B, MAC_A, FB_AUTO);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_tcp(&fb, 1234, 80, 0, 0, 0x02, 1);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:mpls:eth:ipv4:tcp", 5, RT_STAT_MPLS_UCAST | RT_STAT_IPV4);
    ck_mac(pkt->src_mac, MAC_A); /* the innermost Ethernet header */
    ck_mac(pkt->dst_mac, MAC_B);
}
END_TEST

/* Anything but 0, 4 or 6 after the stack is not decoded: UNK(0x<the MPLS ethertype>). */
START_TEST(mpls_unknown_payload)
{
    static const uint8_t payload[] = { 0x12, 0x34, 0x56, 0x78 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_mpls(&fb, 16, 0, 64, FB_AUTO, 0);
    fb_payload(&fb, payload, sizeof payload);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:mpls:UNK(0x8847)", 3,
             RT_STAT_MPLS_UCAST | RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->eth_type, 0x8847);
    ck_payload(pkt, 4, 4, payload);
}
END_TEST

START_TEST(mpls_without_bottom_of_stack)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_mpls(&fb, 16, 0, 64, 0, 0);
    fb_mpls(&fb, 17, 0, 64, 0, 0);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:mpls{3}", 4, RT_STAT_MPLS_UCAST | RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->mpls_depth, 2);
    ck_payload(pkt, 0, 0, NULL);
}
END_TEST

START_TEST(pppoe_discovery)
{
    static const uint8_t tags[] = { 0x01, 0x01, 0x00, 0x00 }; /* Service-Name, empty */
    fb_eth(&fb, "ff:ff:ff:ff:ff:ff", MAC_A, FB_AUTO);
    fb_pppoe_discovery(&fb, 0x09, 0);
    fb_payload(&fb, tags, sizeof tags);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:pppoed", 2, RT_STAT_PPPOE_DISC | RT_STAT_L2_FLOW);
    ck_assert_uint_eq(pkt->eth_type, 0x8863);
    ck_payload(pkt, 4, 4, tags);
}
END_TEST

START_TEST(pppoe_session_ipv4)
{
    fb_eth(&fb, MAC_B, MAC_A, FB_AUTO);
    fb_pppoe_session(&fb, 0x1234);
    fb_ppp(&fb, 0, FB_AUTO);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_udp(&fb, 5000, 53);
    fb_payload_fill(&fb, 0, 4);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:pppoes:ppp:ipv4:udp", 5, RT_STAT_PPPOE_SESSION | RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
    ck_assert_uint_eq(pkt->ip_len, 32);
    ck_payload(pkt, 4, 4, fb.data + 14 + 8 + 28);
}
END_TEST

/* MPLS over PPP (protocol 0x0281). */
START_TEST(pppoe_session_mpls)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_pppoe_session(&fb, 1);
    fb_ppp(&fb, 0, FB_AUTO);
    fb_mpls(&fb, 1000, 0, 64, FB_AUTO, 0);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_udp(&fb, 5000, 53);
    ck_stack(decode_built(0), "eth:pppoes:ppp:mpls:ipv4:udp", 6,
             RT_STAT_PPPOE_SESSION | RT_STAT_MPLS_UCAST | RT_STAT_IPV4);
}
END_TEST

/* A PPP protocol without a decoder (LCP): UNK(0x<4 hex digits>), a layer-2 packet. */
START_TEST(pppoe_session_lcp)
{
    static const uint8_t lcp[] = { 0x01, 0x01, 0x00, 0x04 };
    fb_eth(&fb, MAC_B, MAC_A, FB_AUTO);
    fb_pppoe_session(&fb, 1);
    fb_ppp(&fb, 0, 0xc021);
    fb_payload(&fb, lcp, sizeof lcp);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:pppoes:ppp:UNK(0xc021)", 4,
             RT_STAT_PPPOE_SESSION | RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->eth_type, 0x8864);
    ck_payload(pkt, 4, 4, lcp);
}
END_TEST

START_TEST(ppp_compressed_protocol)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_pppoe_session(&fb, 1);
    fb_ppp(&fb, FB_PPP_COMPRESSED, 0x21);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:pppoes:ppp", 3,
             RT_STAT_PPPOE_SESSION | RT_STAT_L2_FLOW | RT_STAT_PPP_COMPRESSED |
                 RT_STAT_DECODE_STOPPED);
}
END_TEST

/* STP over LLC: the SAP is not decoded (UNK(0x42)); ethType is DSAP and SSAP (§3.3). */
START_TEST(llc_stp)
{
    static const uint8_t bpdu[35] = { 0 };
    fb_eth_8023(&fb, "01:80:c2:00:00:00", MAC_A);
    fb_llc(&fb, 0x42, 0x42, 0x03);
    fb_payload(&fb, bpdu, sizeof bpdu);
    fb_pad_to(&fb, 60);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:llc:UNK(0x42)", 3, RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->eth_type, 0x4242);
    /* §3.6: beyond ARP, the whole remainder of the frame counts (padding included) */
    ck_payload(pkt, 60 - 17, 60 - 17, fb.data + 17);
    ck_assert_uint_eq(decoder_stats(dec)->llc, 1);
}
END_TEST

START_TEST(llc_snap_ipv4)
{
    fb_eth_8023(&fb, MAC_B, MAC_A);
    fb_llc(&fb, 0xaa, 0xaa, 0x03);
    fb_snap(&fb, 0, FB_AUTO);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_tcp(&fb, 1234, 80, 0, 0, 0x10, 100);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:llc:ipv4:tcp", 4, RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
    ck_assert_uint_eq(pkt->dst_port, 80);
}
END_TEST

START_TEST(llc_snap_arp)
{
    fb_eth_8023(&fb, NULL, NULL);
    fb_llc(&fb, 0xaa, 0xaa, 0x03);
    fb_snap(&fb, 0, FB_AUTO);
    fb_arp(&fb, 0x0806, 2, MAC_A, "10.0.0.1", MAC_B, "10.0.0.2");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:llc:arp", 3, RT_STAT_L2_FLOW | RT_STAT_ARP);
    ck_assert_uint_eq(pkt->eth_type, 0x0806);
}
END_TEST

/* SNAP with a vendor OUI: its protocol ID is no ethertype: UNK(0x<PID>), ethType AA-AA. */
START_TEST(llc_snap_vendor)
{
    fb_eth_8023(&fb, "01:00:0c:cc:cc:cc", MAC_A);
    fb_llc(&fb, 0xaa, 0xaa, 0x03);
    fb_snap(&fb, 0x00000c, 0x2000);
    fb_payload_fill(&fb, 1, 8);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:llc:UNK(0x2000)", 3, RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->eth_type, 0xaaaa);
}
END_TEST

START_TEST(lldp)
{
    static const uint8_t tlvs[] = { 0x02, 0x07, 0x04, 0, 1, 2, 3, 4, 5, 0, 0 };
    fb_eth(&fb, "01:80:c2:00:00:0e", MAC_A, 0x88cc);
    fb_payload(&fb, tlvs, sizeof tlvs);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:lldp", 2, RT_STAT_LLDP | RT_STAT_L2_FLOW);
    ck_assert_uint_eq(pkt->eth_type, 0x88cc);
    ck_payload(pkt, sizeof tlvs, sizeof tlvs, tlvs);
}
END_TEST

START_TEST(unknown_ethertype)
{
    fb_eth(&fb, NULL, NULL, 0x888e);
    fb_payload_fill(&fb, 7, 20);
    fb_pad_to(&fb, 60);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:UNK(0x888e)", 2, RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->eth_type, 0x888e);
    ck_payload(pkt, 46, 46, fb.data + 14);
}
END_TEST

/* Type/length values between 1501 and 1535 are neither lengths nor ethertypes. */
START_TEST(ethernet_invalid_type)
{
    fb_eth(&fb, NULL, NULL, 0x05ff);
    fb_payload_fill(&fb, 7, 4);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:UNK(0x05ff)", 2, RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
}
END_TEST

/* §3.3 / §12: Linux cooked capture has no MAC columns and sets bit 1. */
START_TEST(sll_ipv4)
{
    fb_sll(&fb, 0, 1, MAC_A, FB_AUTO);
    fb_ipv4(&fb, "10.1.1.1", "10.1.1.2");
    fb_tcp(&fb, 1234, 80, 0, 0, 0x02, 100);
    const rt_packet *pkt = decode_built(0);
    ck_assert_uint_eq(pkt->linktype, 113);
    ck_stack(pkt, "sll:ipv4:tcp", 3, RT_STAT_NO_ETHERNET | RT_STAT_IPV4);
    ck_assert_ptr_null(pkt->src_mac);
    ck_assert_ptr_null(pkt->dst_mac);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
}
END_TEST

START_TEST(sll_arp)
{
    fb_sll(&fb, 1, 1, MAC_A, FB_AUTO);
    fb_arp(&fb, 0x0806, 1, MAC_A, "10.0.0.1", NULL, "10.0.0.2");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "sll:arp", 2, RT_STAT_NO_ETHERNET | RT_STAT_L2_FLOW | RT_STAT_ARP);
    ck_assert_uint_eq(pkt->eth_type, 0x0806);
    ck_assert_uint_eq(pkt->l7_len, 28);
}
END_TEST

START_TEST(sll_llc)
{
    fb_sll(&fb, 0, 1, MAC_A, 0x0004);
    fb_llc(&fb, 0x42, 0x42, 0x03);
    fb_payload_fill(&fb, 0, 35);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "sll:llc:UNK(0x42)", 3,
             RT_STAT_NO_ETHERNET | RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->eth_type, 0x4242);
}
END_TEST

START_TEST(sll2_ipv6)
{
    fb_sll2(&fb, 0, 1, 3, MAC_A, FB_AUTO);
    fb_ipv6(&fb, "fe80::1", "fe80::2");
    fb_icmpv6(&fb, 128, 0, 0x00010001);
    fb_payload_fill(&fb, 0x61, 8);
    const rt_packet *pkt = decode_built(0);
    ck_assert_uint_eq(pkt->linktype, 276);
    ck_stack(pkt, "sll:ipv6:icmpv6", 3, RT_STAT_NO_ETHERNET | RT_STAT_IPV6);
    ck_assert_ptr_null(pkt->src_mac);
    ck_address(pkt->src_ip, "fe80::1");
    ck_assert_uint_eq(pkt->eth_type, 0x86dd);
    ck_payload(pkt, 8, 8, "aaaaaaaa");
}
END_TEST

/* Null/loopback: the address family in either byte order; IPv6 has several values. */
START_TEST(null_families)
{
    static const struct { int af, big_endian; uint32_t linktype; int version; } cases[] = {
        { 2, 0, 0, 4 },  { 2, 1, 108, 4 },  { 24, 0, 0, 6 }, { 28, 0, 0, 6 },
        { 30, 0, 0, 6 }, { 30, 1, 108, 6 }, { 10, 0, 0, 6 }, { 23, 1, 0, 6 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fb_init(&fb);
        fb_null(&fb, cases[i].af, cases[i].big_endian);
        fb_set_linktype(&fb, cases[i].linktype);
        if (cases[i].version == 4)
            fb_ipv4(&fb, "127.0.0.1", "127.0.0.1");
        else
            fb_ipv6(&fb, "::1", "::1");
        fb_udp(&fb, 1000, 2000);
        const rt_packet *pkt = decode_built(0);
        ck_assert_uint_eq(pkt->linktype, cases[i].linktype);
        ck_stack(pkt, cases[i].version == 4 ? "null:ipv4:udp" : "null:ipv6:udp", 3,
                 RT_STAT_NO_ETHERNET | (cases[i].version == 4 ? RT_STAT_IPV4 : RT_STAT_IPV6));
    }
}
END_TEST

START_TEST(null_unknown_family)
{
    fb_null(&fb, 99, 0);
    fb_payload_fill(&fb, 0, 20);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "null:UNK(0x0063)", 2,
             RT_STAT_NO_ETHERNET | RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
}
END_TEST

/* Null AF says IPv4 but the packet is IPv6: no flow, bit 16 (§3.7). */
START_TEST(null_version_mismatch)
{
    fb_null(&fb, 2, 0);
    fb_ipv6(&fb, "::1", "::1");
    const rt_packet *pkt = decode_built(0);
    ck_no_flow(pkt, RT_STAT_IPVER_MISMATCH);
}
END_TEST

START_TEST(raw_link_types)
{
    static const struct { uint32_t linktype; int version; } cases[] = {
        { 101, 4 }, { 101, 6 }, { 12, 4 }, { 14, 6 }, { 228, 4 }, { 229, 6 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fb_init(&fb);
        fb_raw(&fb, cases[i].linktype);
        if (cases[i].version == 4)
            fb_ipv4(&fb, "192.0.2.1", "192.0.2.2");
        else
            fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
        fb_tcp(&fb, 80, 40000, 0, 0, 0x12, 100);
        const rt_packet *pkt = decode_built(0);
        ck_assert_uint_eq(pkt->linktype, cases[i].linktype);
        ck_stack(pkt, cases[i].version == 4 ? "raw:ipv4:tcp" : "raw:ipv6:tcp", 3,
                 RT_STAT_NO_ETHERNET | (cases[i].version == 4 ? RT_STAT_IPV4 : RT_STAT_IPV6));
        ck_assert_uint_eq(pkt->eth_type, cases[i].version == 4 ? 0x0800 : 0x86dd);
        ck_assert_ptr_eq(pkt->l3, fb.data);
    }
}
END_TEST

/* LINKTYPE_IPV4 carrying IPv6, and LINKTYPE_RAW with a version nibble of 5: no flow, bit 16. */
START_TEST(raw_version_mismatch)
{
    fb_raw(&fb, 228);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    ck_no_flow(decode_built(0), RT_STAT_IPVER_MISMATCH);

    static const uint8_t junk[24] = { 0x50 };
    fb_init(&fb);
    fb_raw(&fb, 101);
    fb_payload(&fb, junk, sizeof junk);
    const rt_packet *pkt = decode_built(0);
    ck_no_flow(pkt, RT_STAT_IPVER_MISMATCH);
    ck_assert_str_eq(hdrdesc_of(pkt), "raw");
}
END_TEST

START_TEST(ppp_link_type)
{
    for (int hdlc = 0; hdlc < 2; hdlc++) {
        fb_init(&fb);
        fb_ppp(&fb, hdlc ? FB_PPP_HDLC : 0, FB_AUTO);
        fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
        fb_tcp(&fb, 1234, 80, 0, 0, 0x02, 100);
        const rt_packet *pkt = decode_built(0);
        ck_assert_uint_eq(pkt->linktype, 9);
        /* bit 13 is PPP inside GRE or L2TP only */
        ck_stack(pkt, "ppp:ipv4:tcp", 3, RT_STAT_NO_ETHERNET | RT_STAT_IPV4);
        ck_assert_ptr_eq(pkt->l3, fb.data + (hdlc ? 4 : 2));
    }
}
END_TEST

START_TEST(ppp_link_ipv6)
{
    fb_ppp(&fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_udp(&fb, 1, 2);
    ck_stack(decode_built(0), "ppp:ipv6:udp", 3, RT_STAT_NO_ETHERNET | RT_STAT_IPV6);
}
END_TEST

/* A link type without a decoder (802.11 radiotap): one layer-2 packet, UNK(0x<link type>). */
START_TEST(unknown_link_type)
{
    fb_raw(&fb, 127);
    fb_payload_fill(&fb, 0, 30);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "UNK(0x007f)", 1,
             RT_STAT_NO_ETHERNET | RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
    ck_payload(pkt, 30, 30, fb.data);
}
END_TEST

/* §3.7: captured length 0, and shorter than the link-layer header (bit 32). */
START_TEST(short_link_headers)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_finish(&fb);
    capture_frame frame;
    fb_capture(&fb, 0, &frame);
    frame.caplen = 0;
    decoder_decode(dec, &frame, 1, 0, &out);
    ck_no_flow(&out.pkt, 0);
    ck_no_flow(decode_built(13), RT_STAT_L2_SHORT);

    fb_init(&fb);
    fb_sll(&fb, 0, 1, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    ck_no_flow(decode_built(15), RT_STAT_L2_SHORT);
    fb_init(&fb);
    fb_sll2(&fb, 0, 1, 1, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    ck_no_flow(decode_built(19), RT_STAT_L2_SHORT);
    fb_init(&fb);
    fb_null(&fb, FB_AUTO, 0);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    ck_no_flow(decode_built(3), RT_STAT_L2_SHORT);
    fb_init(&fb);
    fb_ppp(&fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    ck_no_flow(decode_built(3), RT_STAT_L2_SHORT);
    ck_assert_uint_eq(decoder_stats(dec)->no_flow, 6);
    ck_assert_uint_eq(decoder_stats(dec)->packets, 6);
}
END_TEST

DECODE_TEST_MAIN("decode_link", ethernet_ipv4_tcp, arp_request_payload_excludes_padding, rarp,
                 arp_cut, arp_lengths_beyond_frame, vlan_single, vlan_qinq, vlan_four_tags, vlan_priority_tag, vlan_cut,
                 mpls_unicast_stack, mpls_multicast_ipv6, mpls_ethernet_pseudowire,
                 mpls_unknown_payload, mpls_without_bottom_of_stack, pppoe_discovery,
                 pppoe_session_ipv4, pppoe_session_mpls, pppoe_session_lcp, ppp_compressed_protocol, llc_stp,
                 llc_snap_ipv4, llc_snap_arp, llc_snap_vendor, lldp, unknown_ethertype,
                 ethernet_invalid_type, sll_ipv4, sll_arp, sll_llc, sll2_ipv6, null_families,
                 null_unknown_family, null_version_mismatch, raw_link_types,
                 raw_version_mismatch, ppp_link_type, ppp_link_ipv6, unknown_link_type,
                 short_link_headers)
