/* sample_part_udp.c — sample part: UDP on the LAN and beyond: DHCP (DISCOVER to ACK, from 0.0.0.0
 * to 255.255.255.255), DNS over IPv6 with an MX lookup, an NXDOMAIN answer and a response without
 * its query, mDNS over IPv4 and IPv6, LLMNR from a link-local (169.254/16) host, SSDP search,
 * answer and announcement, syslog, UDP-Lite, an SCTP association, PCP to 192.0.0.9, benchmarking
 * test traffic (198.18/15, 2001:2::/48), a DNS query to a documentation address (192.0.2/24), a
 * wake-on-LAN packet to a reserved (240/4) address and
 * datagrams from a unique-local host to special IPv6 destinations (discard-only, ORCHIDv2,
 * documentation, IPv4-mapped, IPv4-translated, NAT64). */
#include <stdio.h>
#include <string.h>

#include "gen_dns.h"
#include "sample_apps.h"
#include "sample_part.h"

#define BROADCAST_MAC "ff:ff:ff:ff:ff:ff"

/* A DHCP message (BOOTP layout, RFC 2131) with the options given, padded to 300 bytes. */
static size_t dhcp_message(uint8_t *out, uint8_t op, uint32_t xid, const char *yiaddr,
                           const uint8_t *options, size_t options_len)
{
    static const uint8_t chaddr[6] = { 0x3c, 0x52, 0x82, 0x6f, 0x1e, 0xa4 };
    memset(out, 0, 300);
    out[0] = op;
    out[1] = 1;
    out[2] = 6;
    for (int i = 0; i < 4; i++)
        out[4 + i] = (uint8_t)(xid >> (24 - 8 * i));
    out[10] = 0x80; /* broadcast flag */
    unsigned a, b, c, d;
    if (yiaddr && sscanf(yiaddr, "%u.%u.%u.%u", &a, &b, &c, &d) == 4) {
        out[16] = (uint8_t)a;
        out[17] = (uint8_t)b;
        out[18] = (uint8_t)c;
        out[19] = (uint8_t)d;
    }
    memcpy(out + 28, chaddr, 6);
    static const uint8_t cookie[4] = { 0x63, 0x82, 0x53, 0x63 };
    memcpy(out + 236, cookie, 4);
    memcpy(out + 240, options, options_len);
    return 240 + options_len < 300 ? 300 : 240 + options_len;
}

static void dhcp(sample_ctx *c)
{
    static const sample_path to_all = { .open = sample_path_ethernet,
                                        .mac = { LAPTOP_MAC, BROADCAST_MAC } };
    static const sample_path from_router = { .open = sample_path_ethernet,
                                             .mac = { LAN_ROUTER_MAC, BROADCAST_MAC } };
    static const uint8_t discover[] = { 53, 1, 1, 61, 7, 1, 0x3c, 0x52, 0x82, 0x6f, 0x1e, 0xa4,
                                        12, 6, 'l', 'a', 'p', 't', 'o', 'p', 55, 8, 1, 3, 6, 15,
                                        28, 51, 58, 59, 255 };
    static const uint8_t request[] = { 53, 1, 3, 61, 7, 1, 0x3c, 0x52, 0x82, 0x6f, 0x1e, 0xa4,
                                       50, 4, 192, 168, 1, 105, 54, 4, 192, 168, 1, 1, 12, 6, 'l',
                                       'a', 'p', 't', 'o', 'p', 55, 8, 1, 3, 6, 15, 28, 51, 58, 59,
                                       255 };
    uint8_t offer[] = { 53, 1, 2, 54, 4, 192, 168, 1, 1, 51, 4, 0, 1, 0x51, 0x80, 58, 4, 0, 0, 0xa8,
                        0xc0, 59, 4, 0, 1, 0x27, 0x50, 1, 4, 255, 255, 255, 0, 3, 4, 192, 168, 1, 1,
                        6, 4, 192, 168, 1, 1, 15, 12, 'h', 'o', 'm', 'e', '.', 'e', 'x', 'a', 'm',
                        'p', 'l', 'e', 28, 4, 192, 168, 1, 255, 255 };
    uint8_t msg[400];
    sample_conv client, server;
    sample_conv_init(&client, c, &to_all, "0.0.0.0", "255.255.255.255");
    sample_conv_init(&server, c, &from_router, LAN_ROUTER_IP, "255.255.255.255");
    client.ttl[0] = server.ttl[0] = 64;
    size_t n = dhcp_message(msg, 1, 0x9c1f42d7u, NULL, discover, sizeof discover);
    sample_conv_udp(&client, 0, 68, 67, msg, n, 1000);
    n = dhcp_message(msg, 2, 0x9c1f42d7u, LAPTOP_IP, offer, sizeof offer);
    sample_conv_udp(&server, 0, 67, 68, msg, n, 1200);
    n = dhcp_message(msg, 1, 0x9c1f42d7u, NULL, request, sizeof request);
    sample_conv_udp(&client, 0, 68, 67, msg, n, 1800);
    offer[2] = 5; /* the ACK carries the offer's options */
    n = dhcp_message(msg, 2, 0x9c1f42d7u, LAPTOP_IP, offer, sizeof offer);
    sample_conv_udp(&server, 0, 67, 68, msg, n, 900);
}

static void dns_more(sample_ctx *c)
{
    uint8_t msg[600];
    gen_dns m;
    sample_conv v4, lan;
    sample_apps_dns(c, &sample_part_laptop, LAPTOP_IP6, 40411, "2001:4860:4860::8888",
                        "mirror.example.org", "2001:db8:77::21", 300000, 17300);

    /* The browser's proxy auto-discovery: the name does not exist. */
    sample_conv_init(&v4, c, &sample_part_laptop, LAPTOP_IP, "8.8.8.8");
    gen_dns_start(&m, msg, sizeof msg, 0x0a6e, GEN_DNS_QUERY);
    gen_dns_question(&m, "wpad.home.example", GEN_DNS_A);
    sample_conv_udp(&v4, 0, 38812, 53, msg, gen_dns_end(&m), 120000);
    gen_dns_start(&m, msg, sizeof msg, 0x0a6e, GEN_DNS_NXDOMAIN);
    gen_dns_question(&m, "wpad.home.example", GEN_DNS_A);
    gen_dns_soa(&m, GEN_DNS_AUTHORITY, "home.example", "ns1.home.example", "hostmaster.home.example",
                2024060301);
    sample_conv_udp(&v4, 1, 53, 38812, msg, gen_dns_end(&m), 18900);

    /* The mail client looks up the MX of example.net at the router's resolver. */
    sample_conv_init(&lan, c, &sample_part_desktop, DESKTOP_IP, LAN_ROUTER_IP);
    gen_dns_start(&m, msg, sizeof msg, 0xd00d, GEN_DNS_QUERY);
    gen_dns_question(&m, "example.net", GEN_DNS_MX);
    sample_conv_udp(&lan, 0, 53211, 53, msg, gen_dns_end(&m), 250000);
    gen_dns_start(&m, msg, sizeof msg, 0xd00d, GEN_DNS_RESPONSE);
    gen_dns_question(&m, "example.net", GEN_DNS_MX);
    gen_dns_mx(&m, GEN_DNS_ANSWER, NULL, 3600, 10, "mail.example.net");
    gen_dns_mx(&m, GEN_DNS_ANSWER, NULL, 3600, 20, "mx2.example.net");
    gen_dns_address(&m, GEN_DNS_ADDITIONAL, "mail.example.net", 3600, "1.128.0.1");
    sample_conv_udp(&lan, 1, 53, 53211, msg, gen_dns_end(&m), 2100);

    /* A response arriving after the client stopped waiting: its query is not in the capture. */
    sample_conv lone;
    sample_conv_init(&lone, c, &sample_part_laptop, LAPTOP_IP, "8.8.4.4");
    gen_dns_start(&m, msg, sizeof msg, 0x4242, GEN_DNS_RESPONSE);
    gen_dns_question(&m, "time.example.com", GEN_DNS_A);
    gen_dns_address(&m, GEN_DNS_ANSWER, NULL, 120, "162.159.200.123");
    sample_conv_udp(&lone, 1, 53, 40123, msg, gen_dns_end(&m), 90000);
}

static void multicast_discovery(sample_ctx *c)
{
    static const sample_path printer_mdns = { .open = sample_path_ethernet,
                                              .mac = { PRINTER_MAC, "01:00:5e:00:00:fb" } };
    static const sample_path printer_mdns6 = { .open = sample_path_ethernet,
                                               .mac = { PRINTER_MAC, "33:33:00:00:00:fb" } };
    static const sample_path apipa_llmnr = { .open = sample_path_ethernet,
                                             .mac = { "a4:83:e7:0c:21:5b", "01:00:5e:00:00:fc" } };
    static const sample_path laptop_ssdp = { .open = sample_path_ethernet,
                                             .mac = { LAPTOP_MAC, "01:00:5e:7f:ff:fa" } };
    static const sample_path printer_ssdp = { .open = sample_path_ethernet,
                                              .mac = { PRINTER_MAC, "01:00:5e:7f:ff:fa" } };
    static const sample_path printer_laptop = { .open = sample_path_ethernet,
                                                .mac = { LAPTOP_MAC, PRINTER_MAC }, .pad = 1 };
    uint8_t msg[600];
    gen_dns m;
    sample_conv conv;

    sample_conv_init(&conv, c, &printer_mdns, PRINTER_IP, "224.0.0.251");
    conv.ttl[0] = 255;
    gen_dns_start(&m, msg, sizeof msg, 0, 0x8400);
    gen_dns_name_rr(&m, GEN_DNS_ANSWER, "_ipp._tcp.local", GEN_DNS_PTR, 4500,
                    "Office Printer._ipp._tcp.local");
    gen_dns_address(&m, GEN_DNS_ADDITIONAL, "office-printer.local", 120, PRINTER_IP);
    sample_conv_udp(&conv, 0, 5353, 5353, msg, gen_dns_end(&m), 200000);
    sample_conv_init(&conv, c, &printer_mdns6, "fe80::21b:a9ff:fe3e:7702", "ff02::fb");
    conv.ttl[0] = 255;
    sample_conv_udp(&conv, 0, 5353, 5353, msg, gen_dns_end(&m), 400);

    sample_conv_init(&conv, c, &apipa_llmnr, "169.254.77.12", "224.0.0.252");
    conv.ttl[0] = 1;
    gen_dns_start(&m, msg, sizeof msg, 0x88a1, 0);
    gen_dns_question(&m, "fileserver", GEN_DNS_A);
    sample_conv_udp(&conv, 0, 58000, 5355, msg, gen_dns_end(&m), 150000);

    static const char search[] = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
                                 "MAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n"
                                 "USER-AGENT: Linux/6.8 UPnP/1.1 desktop-client/1.0\r\n\r\n";
    static const char answer[] = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
                                 "LOCATION: http://192.168.1.50:49152/description.xml\r\n"
                                 "SERVER: Linux/4.14 UPnP/1.0 PrinterOS/2.1\r\n"
                                 "ST: urn:schemas-upnp-org:device:Printer:1\r\n"
                                 "USN: uuid:4a2b7c10-0d7e-11ef-9b1a-001ba93e7702::"
                                 "urn:schemas-upnp-org:device:Printer:1\r\n\r\n";
    static const char notify[] = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
                                 "CACHE-CONTROL: max-age=1800\r\n"
                                 "LOCATION: http://192.168.1.50:49152/description.xml\r\n"
                                 "NT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
                                 "SERVER: Linux/4.14 UPnP/1.0 PrinterOS/2.1\r\n"
                                 "USN: uuid:4a2b7c10-0d7e-11ef-9b1a-001ba93e7702::upnp:rootdevice\r\n\r\n";
    sample_conv_init(&conv, c, &laptop_ssdp, LAPTOP_IP, "239.255.255.250");
    conv.ttl[0] = 2;
    sample_conv_udp(&conv, 0, 50100, 1900, search, sizeof search - 1, 300000);
    sample_conv_init(&conv, c, &printer_laptop, LAPTOP_IP, PRINTER_IP);
    sample_conv_udp(&conv, 1, 1900, 50100, answer, sizeof answer - 1, 4100);
    sample_conv_init(&conv, c, &printer_ssdp, PRINTER_IP, "239.255.255.250");
    conv.ttl[0] = 4;
    sample_conv_udp(&conv, 0, 1900, 1900, notify, sizeof notify - 1, 800000);
}

static void syslog_lines(sample_ctx *c)
{
    static const sample_path router_desktop = { .open = sample_path_ethernet,
                                                .mac = { LAN_ROUTER_MAC, DESKTOP_MAC } };
    static const char *const lines[] = {
        "<30>Jun  3 09:30:21 router dnsmasq-dhcp[812]: DHCPACK(br-lan) 192.168.1.105 "
        "3c:52:82:6f:1e:a4 laptop",
        "<29>Jun  3 09:30:22 router kernel: [88112.330211] br-lan: port 2(lan2) entered forwarding state",
        "<134>Jun  3 09:30:25 router firewall: DROP IN=wan OUT= SRC=203.0.113.66 DST=192.0.2.10 "
        "PROTO=TCP SPT=51515 DPT=23",
    };
    sample_conv conv;
    sample_conv_init(&conv, c, &router_desktop, LAN_ROUTER_IP, DESKTOP_IP);
    for (unsigned i = 0; i < sizeof lines / sizeof lines[0]; i++)
        sample_conv_udp(&conv, 0, 514, 514, lines[i], strlen(lines[i]), i ? 700000 : 100000);
}

#define LAB_MAC_A "52:54:00:12:34:01"
#define LAB_MAC_B "52:54:00:12:34:02"

static void udplite_voice(sample_ctx *c)
{
    static const sample_path lab = { .open = sample_path_ethernet, .mac = { LAB_MAC_A, LAB_MAC_B } };
    uint8_t frame[172];
    sample_conv conv;
    sample_conv_init(&conv, c, &lab, "10.1.2.3", "10.1.2.4");
    for (unsigned i = 0; i < 4; i++) {
        /* An RTP-like header protected by the checksum, a voice frame that is not. */
        memset(frame, 0, sizeof frame);
        frame[0] = 0x80;
        frame[1] = 0x08;
        frame[2] = (uint8_t)(0x12 + i / 256);
        frame[3] = (uint8_t)(0x34 + i);
        for (size_t k = 12; k < sizeof frame; k++)
            frame[k] = (uint8_t)(0xd5 ^ (k * 7 + i));
        frame_builder *fb = sample_conv_frame(&conv, 0);
        fb_udplite(fb, 34000, 35000, 20);
        fb_payload(fb, frame, sizeof frame);
        sample_conv_send(&conv, 0, i ? 20000 : 100000);
    }
}

/* One SCTP packet holding a single chunk. */
static void sctp_chunk(sample_conv *conv, int side, uint32_t vtag, const uint8_t *chunk, size_t len,
                       int64_t delta_us)
{
    frame_builder *fb = sample_conv_frame(conv, side);
    fb_sctp(fb, side ? 39001 : 39000, side ? 39000 : 39001, vtag);
    fb_payload(fb, chunk, len);
    sample_conv_send(conv, side, delta_us);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static void sctp_association(sample_ctx *c)
{
    static const sample_path lab = { .open = sample_path_ethernet, .mac = { LAB_MAC_A, LAB_MAC_B } };
    const uint32_t tag0 = 0x1a2b3c4d, tag1 = 0x5e6f7081, tsn0 = 0x00c0ffee, tsn1 = 0x0badf00d;
    uint8_t chunk[64];
    sample_conv conv;
    sample_conv_init(&conv, c, &lab, "10.1.2.5", "10.1.2.6");
    /* INIT and INIT ACK (with a state cookie). */
    uint8_t init[20] = { 1, 0, 0, 20 };
    put32(init + 4, tag0);
    put32(init + 8, 106496);
    init[12] = 0;
    init[13] = 10;
    init[14] = 0xff;
    init[15] = 0xff;
    put32(init + 16, tsn0);
    sctp_chunk(&conv, 0, 0, init, sizeof init, 150000);
    memcpy(chunk, init, 20);
    chunk[0] = 2;
    chunk[3] = 20 + 36;
    put32(chunk + 4, tag1);
    put32(chunk + 16, tsn1);
    chunk[20] = 0;
    chunk[21] = 7;
    chunk[22] = 0;
    chunk[23] = 36;
    for (int i = 0; i < 32; i++)
        chunk[24 + i] = (uint8_t)(0x5c + 3 * i);
    sctp_chunk(&conv, 1, tag0, chunk, 56, 310);
    /* COOKIE ECHO, COOKIE ACK. */
    uint8_t echo[36] = { 10, 0, 0, 36 };
    memcpy(echo + 4, chunk + 24, 32);
    sctp_chunk(&conv, 0, tag1, echo, sizeof echo, 90);
    static const uint8_t cookie_ack[4] = { 11, 0, 0, 4 };
    sctp_chunk(&conv, 1, tag0, cookie_ack, sizeof cookie_ack, 300);
    /* DATA each way with its SACK. */
    static const char text[2][20] = { "hello over SCTP\n", "and hello back!\n" };
    for (int side = 0; side < 2; side++) {
        uint8_t data[32] = { 0, 3, 0, 32 };
        put32(data + 4, side ? tsn1 : tsn0);
        memcpy(data + 16, text[side], 16);
        sctp_chunk(&conv, side, side ? tag0 : tag1, data, sizeof data, 500);
        uint8_t sack[16] = { 3, 0, 0, 16 };
        put32(sack + 4, side ? tsn1 : tsn0);
        put32(sack + 8, 106496);
        sctp_chunk(&conv, !side, side ? tag1 : tag0, sack, sizeof sack, 280);
    }
    /* SHUTDOWN, SHUTDOWN ACK, SHUTDOWN COMPLETE. */
    uint8_t shutdown[8] = { 7, 0, 0, 8 };
    put32(shutdown + 4, tsn1);
    sctp_chunk(&conv, 0, tag1, shutdown, sizeof shutdown, 20000);
    static const uint8_t shutdown_ack[4] = { 8, 0, 0, 4 };
    sctp_chunk(&conv, 1, tag0, shutdown_ack, sizeof shutdown_ack, 300);
    static const uint8_t complete[4] = { 14, 0, 0, 4 };
    sctp_chunk(&conv, 0, tag1, complete, sizeof complete, 80);
}

static void special_destinations(sample_ctx *c)
{
    static const sample_path lab = { .open = sample_path_ethernet, .mac = { LAB_MAC_A, LAB_MAC_B } };
    static const char *const v6_destinations[] = {
        "100::1",             /* discard-only */
        "2001:20::51",        /* ORCHIDv2 */
        "3fff:0:1::53",       /* documentation (3fff::/20) */
        "::ffff:192.0.2.33",  /* IPv4-mapped */
        "::ffff:0:c000:221",  /* IPv4-translated */
        "64:ff9b::5db8:d822", /* NAT64 */
    };
    uint8_t payload[64];
    sample_conv conv;
    /* PCP announce to the anycast address 192.0.0.9 (RFC 6887). */
    static const uint8_t pcp[24] = { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
                                     0xff, 192, 168, 1, 105 };
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP, "192.0.0.9");
    sample_conv_udp(&conv, 0, 5350, 5351, pcp, sizeof pcp, 100000);
    /* Benchmarking test frames (RFC 2544 addresses). */
    for (int i = 0; i < (int)sizeof payload; i++)
        payload[i] = (uint8_t)i;
    sample_conv_init(&conv, c, &lab, "198.18.0.10", "198.19.0.20");
    for (int i = 0; i < 3; i++)
        sample_conv_udp(&conv, 0, 49200, 49201, payload, 18, i ? 1000 : 100000);
    sample_conv_init(&conv, c, &lab, "2001:2::10", "2001:2::20");
    for (int i = 0; i < 3; i++)
        sample_conv_udp(&conv, 0, 49200, 49201, payload, 18, 1000);
    /* A query to a documentation address someone configured as resolver: no answer. */
    static const uint8_t query[] = { 0x2b, 0x1d, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w',
                                     7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
                                     0, 1, 0, 1 };
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP, "192.0.2.53");
    sample_conv_udp(&conv, 0, 42424, 53, query, sizeof query, 150000);
    /* Wake-on-LAN sent to a reserved address by a misconfigured tool. */
    uint8_t wol[102];
    static const uint8_t target[6] = { 0xb8, 0x27, 0xeb, 0x4d, 0x21, 0x9c };
    memset(wol, 0xff, 6);
    for (int i = 0; i < 16; i++)
        memcpy(wol + 6 + 6 * i, target, 6);
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP, "240.0.0.1");
    sample_conv_udp(&conv, 0, 41000, 9, wol, sizeof wol, 200000);
    /* Probes from a unique-local host. */
    for (unsigned i = 0; i < sizeof v6_destinations / sizeof v6_destinations[0]; i++) {
        sample_conv_init(&conv, c, &lab, "fd12:3456:789a:1::10", v6_destinations[i]);
        sample_conv_udp(&conv, 0, (uint16_t)(43000 + i), (uint16_t)(33434 + i), payload, 32,
                   i ? 2000 : 100000);
    }
}

void sample_part_udp(sample_ctx *c)
{
    dhcp(c);
    dns_more(c);
    multicast_discovery(c);
    syslog_lines(c);
    udplite_voice(c);
    sctp_association(c);
    special_destinations(c);
}
