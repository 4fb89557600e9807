/* sample_part_layer2.c — sample part: layer 2: ARP request, reply, gratuitous ARP and a probe;
 * RARP; spanning tree (802.3 + LLC, STP and RSTP BPDUs); LLDP; a frame of an ethertype rowtap does
 * not decode (0x88b5); 802.1Q, QinQ (802.1ad + 802.1Q), a stack of four tags and an 802.1p
 * priority tag (VLAN 0); MPLS unicast with two labels and MPLS multicast; PPPoE discovery (PADI,
 * PADO, PADR, PADS), an LCP echo, IPv4 and IPv6 in the PPPoE session, and PADT. */
#include <string.h>

#include "sample_apps.h"
#include "sample_part.h"

#define BROADCAST_MAC "ff:ff:ff:ff:ff:ff"

static void arp(sample_ctx *c)
{
    frame_builder *fb = sample_ctx_frame(c);
    fb_eth(fb, BROADCAST_MAC, LAPTOP_MAC, FB_AUTO);
    fb_arp(fb, 0x0806, 1, LAPTOP_MAC, LAPTOP_IP, NULL, LAN_ROUTER_IP);
    sample_ctx_write(c, 1000);
    fb = sample_ctx_frame(c);
    fb_eth(fb, LAPTOP_MAC, LAN_ROUTER_MAC, FB_AUTO);
    fb_arp(fb, 0x0806, 2, LAN_ROUTER_MAC, LAN_ROUTER_IP, LAPTOP_MAC, LAPTOP_IP);
    fb_pad_to(fb, 60);
    sample_ctx_write(c, 1400);
    /* Gratuitous ARP of the desktop, and an address probe (sender 0.0.0.0) of a link-local host. */
    fb = sample_ctx_frame(c);
    fb_eth(fb, BROADCAST_MAC, DESKTOP_MAC, FB_AUTO);
    fb_arp(fb, 0x0806, 1, DESKTOP_MAC, DESKTOP_IP, NULL, DESKTOP_IP);
    fb_pad_to(fb, 60);
    sample_ctx_write(c, 300000);
    fb = sample_ctx_frame(c);
    fb_eth(fb, BROADCAST_MAC, "a4:83:e7:0c:21:5b", FB_AUTO);
    fb_arp(fb, 0x0806, 1, "a4:83:e7:0c:21:5b", "0.0.0.0", NULL, "169.254.77.12");
    fb_pad_to(fb, 60);
    sample_ctx_write(c, 250000);
}

/* A diskless station asks for its IPv4 address with reverse ARP. */
static void rarp(sample_ctx *c)
{
    frame_builder *fb = sample_ctx_frame(c);
    fb_eth(fb, BROADCAST_MAC, "00:00:0c:07:ac:2a", FB_AUTO);
    fb_arp(fb, 0x8035, 3, "00:00:0c:07:ac:2a", "0.0.0.0", "00:00:0c:07:ac:2a", "0.0.0.0");
    fb_pad_to(fb, 60);
    sample_ctx_write(c, 200000);
    fb = sample_ctx_frame(c);
    fb_eth(fb, "00:00:0c:07:ac:2a", LAN_ROUTER_MAC, FB_AUTO);
    fb_arp(fb, 0x8035, 4, LAN_ROUTER_MAC, LAN_ROUTER_IP, "00:00:0c:07:ac:2a", "192.168.1.42");
    fb_pad_to(fb, 60);
    sample_ctx_write(c, 800);
}

static void spanning_tree(sample_ctx *c)
{
    /* Configuration BPDU (35 bytes): root and bridge 32768/00:1e:bd:5a:40:80, port 0x8001,
     * hello 2 s, max age 20 s, forward delay 15 s (in 1/256 s). */
    uint8_t bpdu[36] = { 0, 0, 0, 0, 0x00, 0x80, 0x00, 0x00, 0x1e, 0xbd, 0x5a, 0x40, 0x80, 0, 0, 0,
                         0, 0x80, 0x00, 0x00, 0x1e, 0xbd, 0x5a, 0x40, 0x80, 0x80, 0x01, 0, 0, 20,
                         0, 2, 0, 15, 0 };
    for (int rstp = 0; rstp < 2; rstp++) {
        frame_builder *fb = sample_ctx_frame(c);
        fb_eth_8023(fb, "01:80:c2:00:00:00", SWITCH_MAC);
        fb_llc(fb, 0x42, 0x42, 0x03);
        if (rstp) { /* RSTP: version 2, type 2, flags (forwarding, learning, designated port) */
            bpdu[2] = 2;
            bpdu[3] = 2;
            bpdu[4] = 0x3c;
        }
        fb_payload(fb, bpdu, rstp ? 36 : 35);
        fb_pad_to(fb, 60);
        sample_ctx_write(c, rstp ? 2000000 : 100000);
    }
}

static size_t lldp_tlv(uint8_t *out, uint8_t type, const void *value, size_t len)
{
    out[0] = (uint8_t)(type << 1 | (len >> 8 & 1));
    out[1] = (uint8_t)len;
    if (len)
        memcpy(out + 2, value, len);
    return 2 + len;
}

static void lldp(sample_ctx *c)
{
    static const uint8_t chassis[7] = { 4, 0x00, 0x1e, 0xbd, 0x5a, 0x40, 0x80 };
    static const char port[] = "\x05" "gi1/0/7";
    static const uint8_t ttl[2] = { 0, 120 };
    static const char name[] = "sw-floor3";
    static const char description[] = "Ethernet switch, firmware 15.2(7)E8";
    static const uint8_t capabilities[4] = { 0, 0x04, 0, 0x04 };
    uint8_t body[200];
    size_t n = lldp_tlv(body, 1, chassis, sizeof chassis);
    n += lldp_tlv(body + n, 2, port, sizeof port - 1);
    n += lldp_tlv(body + n, 3, ttl, sizeof ttl);
    n += lldp_tlv(body + n, 5, name, sizeof name - 1);
    n += lldp_tlv(body + n, 6, description, sizeof description - 1);
    n += lldp_tlv(body + n, 7, capabilities, sizeof capabilities);
    n += lldp_tlv(body + n, 0, NULL, 0);
    frame_builder *fb = sample_ctx_frame(c);
    fb_eth(fb, "01:80:c2:00:00:0e", SWITCH_MAC, 0x88cc);
    fb_payload(fb, body, n);
    fb_pad_to(fb, 60);
    sample_ctx_write(c, 300000);
}

/* A frame of the IEEE local experimental ethertype, which rowtap does not decode. */
static void unknown_ethertype(sample_ctx *c)
{
    static const char text[] = "lab-sensor-07 temperature=21.4C humidity=38%";
    frame_builder *fb = sample_ctx_frame(c);
    fb_eth(fb, BROADCAST_MAC, "02:1c:7e:00:00:07", 0x88b5);
    fb_payload(fb, text, sizeof text - 1);
    fb_pad_to(fb, 60);
    sample_ctx_write(c, 200000);
}

static void vlans(sample_ctx *c)
{
    static const sample_path dot1q = { .open = sample_path_ethernet,
                                       .mac = { "00:50:56:a1:10:0a", "00:50:56:a1:10:01" },
                                       .vid = { 100 }, .n_tags = 1, .pad = 1 };
    static const sample_path qinq = { .open = sample_path_ethernet,
                                      .mac = { "00:50:56:a1:20:0a", "00:50:56:a1:20:01" },
                                      .tpid = { 0x88a8, 0x8100 }, .vid = { 200, 100 }, .n_tags = 2 };
    static const sample_path four = { .open = sample_path_ethernet,
                                      .mac = { "00:50:56:a1:30:0a", "00:50:56:a1:30:01" },
                                      .tpid = { 0x88a8, 0x8100, 0x8100, 0x8100 },
                                      .vid = { 300, 200, 100, 10 }, .n_tags = 4 };
    static const sample_path priority = { .open = sample_path_ethernet,
                                          .mac = { "00:04:f2:6a:01:60", "00:04:f2:6a:01:61" },
                                          .vid = { 0 }, .priority = 5, .n_tags = 1 };
    sample_tcp t;
    sample_tcp_init(&t, c, &dot1q, "10.100.0.10", 43210, "10.100.0.1", 80, 0x3c8f1a22u, 0x77e0b1c4u);
    sample_tcp_handshake(&t, 300000, 600);
    sample_tcp_say(&t, 0, "GET /status HTTP/1.1\r\nHost: 10.100.0.1\r\nUser-Agent: curl/8.5.0\r\n"
                          "Accept: */*\r\n\r\n",
                   100, -1);
    sample_tcp_say(&t, 1, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n",
                   900, 60);
    sample_tcp_close(&t, 0, 200, 500);

    sample_apps_dns(c, &qinq, "10.200.0.10", 40500, "10.200.0.1", "intranet.corp.example",
                        "10.200.0.80", 200000, 900);
    sample_conv conv;
    sample_conv_init(&conv, c, &four, "10.210.0.10", "10.210.0.1");
    sample_conv_ping(&conv, 0x0a0a, 1, 200000, 800);
    /* A VoIP phone sends its media with an 802.1p priority tag. */
    static const uint8_t rtp_header[12] = { 0x80, 0x00, 0x11, 0x22, 0x00, 0x00, 0x03, 0x20,
                                            0x5a, 0x5a, 0x01, 0x60 };
    uint8_t media[172];
    memcpy(media, rtp_header, sizeof rtp_header);
    for (size_t i = sizeof rtp_header; i < sizeof media; i++)
        media[i] = (uint8_t)(0xff ^ (i * 13));
    sample_conv_init(&conv, c, &priority, "192.168.1.60", "192.168.1.61");
    conv.path = &priority;
    for (int i = 0; i < 3; i++)
        sample_conv_udp(&conv, 0, 16384, 16386, media, sizeof media, i ? 20000 : 200000);
}

static void mpls(sample_ctx *c)
{
    static const sample_path unicast = { .open = sample_path_mpls,
                                         .mac = { "00:0c:db:00:10:01", "00:0c:db:00:20:02" },
                                         .id = 16004, .id2 = 24005, .pad = 1 };
    static const sample_path multicast = { .open = sample_path_mpls_multicast,
                                           .mac = { "00:0c:db:00:10:01", "01:00:5e:8f:ff:01" },
                                           .id = 30001 };
    sample_tcp t;
    sample_tcp_init(&t, c, &unicast, "10.11.0.5", 40001, "10.12.0.9", 179, 0x6b2f3e10u, 0x11c0de55u);
    t.timestamps = 0;
    sample_tcp_handshake(&t, 300000, 2100);
    /* BGP keepalives (19 bytes: marker, length, type 4). */
    uint8_t keepalive[19];
    memset(keepalive, 0xff, 16);
    keepalive[16] = 0;
    keepalive[17] = 19;
    keepalive[18] = 4;
    sample_tcp_segment(&t, 0, TCP_PSH | TCP_ACK, keepalive, sizeof keepalive, 400);
    sample_tcp_segment(&t, 1, TCP_PSH | TCP_ACK, keepalive, sizeof keepalive, 2100);
    sample_tcp_segment(&t, 0, TCP_ACK, NULL, 0, 150);
    sample_conv conv;
    sample_conv_init(&conv, c, &multicast, "10.11.0.5", "239.15.255.1");
    static const char ticker[] = "TICK EXAMPLE 101.25 +0.35";
    for (int i = 0; i < 2; i++)
        sample_conv_udp(&conv, 0, 41900, 5500, ticker, sizeof ticker - 1, i ? 100000 : 300000);
}

/* A PPPoE tag: type, length, value. */
static size_t pppoe_tag(uint8_t *out, uint16_t type, const void *value, size_t len)
{
    out[0] = (uint8_t)(type >> 8);
    out[1] = (uint8_t)type;
    out[2] = (uint8_t)(len >> 8);
    out[3] = (uint8_t)len;
    if (len)
        memcpy(out + 4, value, len);
    return 4 + len;
}

#define CPE_MAC "00:1a:2b:3c:4d:5e"
#define BRAS_MAC "00:90:1a:a1:b2:c3"
#define PPPOE_SESSION 0x1a2b

static void pppoe_discovery(sample_ctx *c, uint8_t code, int from_bras, uint16_t session,
                            int64_t delta_us)
{
    static const uint8_t host_uniq[4] = { 0x00, 0x00, 0x41, 0xa2 };
    static const uint8_t cookie[16] = { 0x8a, 0x3f, 0x11, 0x90, 0x27, 0x5d, 0xee, 0x01, 0x4c, 0x62,
                                        0x9b, 0x70, 0x03, 0xd4, 0x5a, 0x18 };
    uint8_t tags[80];
    size_t n = 0;
    if (code != 0xa7)
        n += pppoe_tag(tags + n, 0x0101, NULL, 0); /* any service */
    if (code != 0xa7)
        n += pppoe_tag(tags + n, 0x0103, host_uniq, sizeof host_uniq);
    if (code == 0x07)
        n += pppoe_tag(tags + n, 0x0102, "BRAS-north-1", 12);
    if (code == 0x07 || code == 0x19)
        n += pppoe_tag(tags + n, 0x0104, cookie, sizeof cookie);
    frame_builder *fb = sample_ctx_frame(c);
    const char *dst = code == 0x09 ? BROADCAST_MAC : from_bras ? CPE_MAC : BRAS_MAC;
    fb_eth(fb, dst, from_bras ? BRAS_MAC : CPE_MAC, FB_AUTO);
    fb_pppoe_discovery(fb, code, session);
    fb_payload(fb, tags, n);
    fb_pad_to(fb, 60);
    sample_ctx_write(c, delta_us);
}

static void pppoe(sample_ctx *c)
{
    static const sample_path session = { .open = sample_path_pppoe, .mac = { CPE_MAC, BRAS_MAC },
                                         .id = PPPOE_SESSION, .pad = 1 };
    pppoe_discovery(c, 0x09, 0, 0, 300000);            /* PADI */
    pppoe_discovery(c, 0x07, 1, 0, 2300);              /* PADO */
    pppoe_discovery(c, 0x19, 0, 0, 500);               /* PADR */
    pppoe_discovery(c, 0x65, 1, PPPOE_SESSION, 2100);  /* PADS */
    /* An LCP echo request inside the session: a PPP protocol rowtap does not decode. */
    static const uint8_t echo[8] = { 9, 1, 0, 8, 0x5e, 0x1f, 0x77, 0x02 };
    frame_builder *fb = sample_ctx_frame(c);
    fb_eth(fb, BRAS_MAC, CPE_MAC, FB_AUTO);
    fb_pppoe_session(fb, PPPOE_SESSION);
    fb_ppp(fb, 0, 0xc021);
    fb_payload(fb, echo, sizeof echo);
    fb_pad_to(fb, 60);
    sample_ctx_write(c, 30000);
    /* The subscriber's traffic: DNS over IPv4, a ping over IPv6. */
    sample_apps_dns(c, &session, "100.64.33.17", 49001, "198.51.100.53", "mirror.example.org",
                        "203.0.113.80", 50000, 900);
    sample_conv conv;
    sample_conv_init(&conv, c, &session, "2001:db8:aa:1::2", "2001:db8:ff::1");
    sample_conv_ping(&conv, 0x3e01, 1, 20000, 9000);
    pppoe_discovery(c, 0xa7, 0, PPPOE_SESSION, 900000); /* PADT */
}

void sample_part_layer2(sample_ctx *c)
{
    arp(c);
    rarp(c);
    spanning_tree(c);
    lldp(c);
    unknown_ethertype(c);
    vlans(c);
    mpls(c);
    pppoe(c);
}
