/* gen_sample_linktypes.c — the captures of rowtap-gen --sample-linktypes: the link types that cannot
 * share the sample's Ethernet pcap (raw IP 101/228/229, BSD null 0 and OpenBSD loop 108, Linux cooked
 * capture 113 and 276, PPP 9), a pcapng file with four interfaces of different link types and
 * timestamp resolutions, and a classic pcap with nanosecond timestamps. Each holds a few short
 * conversations (content: tools/rowtap-gen.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_sample.h"
#include "sample_apps.h"
#include "sample.h"

#define LINKTYPES_START_NS (1717408800LL * 1000000000LL) /* 2024-06-03 10:00:00 UTC */
#define HOST_MAC "3c:52:82:6f:1e:a4"
#define GATEWAY_MAC "c8:3a:35:12:6e:01"

static void ping(sample_ctx *c, const sample_path *path, const char *client, const char *server,
                 uint16_t id, int64_t delta_us)
{
    sample_conv conv;
    sample_conv_init(&conv, c, path, client, server);
    sample_conv_ping(&conv, id, 1, delta_us, 12000);
    sample_conv_ping(&conv, id, 2, 1000000, 12000);
}

/* A Redis-style request and answer over the loopback interface. */
static void local_service(sample_ctx *c, const sample_path *path, const char *address, uint16_t port,
                          int64_t delta_us)
{
    sample_tcp t;
    sample_tcp_init(&t, c, path, address, port, address, 6379, 0x11111111u ^ port, 0x22222222u);
    t.mss = 65483;
    sample_tcp_handshake(&t, delta_us, 30);
    sample_tcp_say(&t, 0, "*1\r\n$4\r\nPING\r\n", 40, -1);
    sample_tcp_say(&t, 1, "+PONG\r\n", 55, 30);
    sample_tcp_close(&t, 0, 200, 30);
}

/* Opens a classic pcap of the given link type in dir, runs fill, closes it. */
static void write_pcap(const char *dir, const char *name, uint32_t linktype, int nanoseconds,
                       void (*fill)(sample_ctx *c))
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    pcap_writer *w = pcap_writer_open_pcap(path, PCAP_WRITER_LITTLE_ENDIAN, nanoseconds, linktype,
                                           65535);
    sample_ctx c;
    sample_ctx_init(&c, w, LINKTYPES_START_NS);
    fill(&c);
    pcap_writer_close(w);
}

static void fill_raw(sample_ctx *c)
{
    static const sample_path raw = { .open = sample_path_raw, .id = 101 };
    sample_apps_dns(c, &raw, "10.64.3.7", 41111, "9.9.9.9", "www.example.com", "216.160.83.56", 1000, 15000);
    sample_apps_http(c, &raw, "2001:db8:64::7", 52001, "2001:218::80", 1448, "/robots.txt", 100000, 20000);
    ping(c, &raw, "10.64.3.7", "9.9.9.9", 0x0101, 100000);
}

static void fill_raw4(sample_ctx *c)
{
    static const sample_path raw = { .open = sample_path_raw, .id = 228 };
    sample_apps_dns(c, &raw, "10.64.3.8", 41112, "9.9.9.9", "mirror.example.org", "203.0.113.80", 1000, 15000);
    sample_apps_http(c, &raw, "10.64.3.8", 52002, "203.0.113.80", 1448, "/robots.txt", 100000, 20000);
}

static void fill_raw6(sample_ctx *c)
{
    static const sample_path raw = { .open = sample_path_raw, .id = 229 };
    sample_apps_dns(c, &raw, "2001:db8:64::9", 41113, "2001:4860:4860::8888", "www.example.com", "2001:218::80", 1000, 15000);
    ping(c, &raw, "2001:db8:64::9", "2001:218::80", 0x0229, 100000);
}

static void fill_null(sample_ctx *c)
{
    static const sample_path v4 = { .open = sample_path_null, .id = 0 };
    static const sample_path v6 = { .open = sample_path_null, .id = 0, .id2 = 30 }; /* Darwin */
    local_service(c, &v4, "127.0.0.1", 50001, 1000);
    sample_apps_dns(c, &v6, "::1", 50002, "::1", "localhost.example", "::1", 100000, 15000);
    ping(c, &v4, "127.0.0.1", "127.0.0.53", 0x0001, 100000);
}

static void fill_loop(sample_ctx *c)
{
    static const sample_path loop = { .open = sample_path_null, .id = 108 };
    sample_apps_dns(c, &loop, "127.0.0.1", 50003, "127.0.0.1", "openbsd.example", "198.51.100.9", 1000, 15000);
    local_service(c, &loop, "::1", 50004, 100000);
}

static void fill_sll(sample_ctx *c)
{
    static const sample_path sll = { .open = sample_path_sll, .mac = { HOST_MAC, GATEWAY_MAC } };
    frame_builder *fb = sample_ctx_frame(c);
    fb_sll(fb, 4, 1, HOST_MAC, FB_AUTO);
    fb_arp(fb, 0x0806, 1, HOST_MAC, "192.168.1.105", NULL, "192.168.1.1");
    sample_ctx_write(c, 1000);
    fb = sample_ctx_frame(c);
    fb_sll(fb, 0, 1, GATEWAY_MAC, FB_AUTO);
    fb_arp(fb, 0x0806, 2, GATEWAY_MAC, "192.168.1.1", HOST_MAC, "192.168.1.105");
    sample_ctx_write(c, 900);
    sample_apps_http(c, &sll, "192.168.1.105", 52003, "216.160.83.56", 1448, "/robots.txt", 100000, 20000);
    sample_apps_dns(c, &sll, "2001:db8:1::5", 41114, "2001:4860:4860::8888", "www.example.com", "2001:218::80", 100000, 15000);
}

static void fill_sll2(sample_ctx *c)
{
    static const sample_path sll2 = { .open = sample_path_sll2, .mac = { HOST_MAC, GATEWAY_MAC } };
    frame_builder *fb = sample_ctx_frame(c);
    fb_sll2(fb, 4, 1, 2, HOST_MAC, FB_AUTO);
    fb_arp(fb, 0x0806, 1, HOST_MAC, "192.168.1.105", NULL, "192.168.1.1");
    sample_ctx_write(c, 1000);
    sample_apps_dns(c, &sll2, "192.168.1.105", 41115, "192.168.1.1", "printer.home.example", "192.168.1.50", 100000, 15000);
    ping(c, &sll2, "192.168.1.105", "8.8.8.8", 0x0276, 100000);
}

static void fill_ppp(sample_ctx *c)
{
    static const sample_path framed = { .open = sample_path_ppp, .id2 = 1 };
    static const sample_path bare = { .open = sample_path_ppp };
    /* LCP echo request and reply: a PPP protocol rowtap does not decode. */
    for (int reply = 0; reply < 2; reply++) {
        uint8_t echo[8] = { (uint8_t)(9 + reply), 7, 0, 8, 0x12, 0x34, 0x56, 0x78 };
        frame_builder *fb = sample_ctx_frame(c);
        fb_ppp(fb, FB_PPP_HDLC, 0xc021);
        fb_payload(fb, echo, sizeof echo);
        sample_ctx_write(c, reply ? 30000 : 1000);
    }
    sample_apps_http(c, &framed, "100.64.77.2", 52004, "81.2.69.160", 1448, "/robots.txt", 100000, 20000);
    ping(c, &bare, "2001:db8:77::2", "2001:4860:4860::8888", 0x0009, 100000);
}

/* pcapng: an Ethernet interface (microseconds), a raw IP one (nanoseconds), a Linux cooked one
 * (2^-20 s) and a null one (milliseconds); their packets interleave. */
static void write_pcapng(const char *dir)
{
    static const sample_path eth = { .open = sample_path_ethernet, .mac = { HOST_MAC, GATEWAY_MAC },
                                     .pad = 1 };
    static const sample_path raw = { .open = sample_path_raw, .id = 101 };
    static const sample_path sll = { .open = sample_path_sll, .mac = { HOST_MAC, GATEWAY_MAC } };
    static const sample_path null = { .open = sample_path_null, .id = 0 };
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, "multi-interface.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(path, PCAP_WRITER_LITTLE_ENDIAN);
    pcap_writer_interface(w, 1, 65535, PCAP_WRITER_DEFAULT_TSRESOL, 0);
    pcap_writer_interface(w, 101, 65535, 9, 0);
    pcap_writer_interface(w, 113, 65535, 0x80 | 20, 0);
    pcap_writer_interface(w, 0, 65535, 3, 0);
    sample_ctx c;
    sample_ctx_init(&c, w, LINKTYPES_START_NS + 123456789);
    for (int round = 0; round < 2; round++) {
        c.iface = 0;
        sample_apps_dns(&c, &eth, "192.168.1.105", (uint16_t)(41200 + round), "8.8.8.8",
                            "www.example.com", "216.160.83.56", 100000, 15000);
        c.iface = 1;
        ping(&c, &raw, "10.64.3.7", "9.9.9.9", (uint16_t)(0x0a00 + round), 1234);
        c.iface = 2;
        sample_apps_dns(&c, &sll, "2001:db8:1::5", (uint16_t)(41300 + round),
                            "2001:4860:4860::8888", "mirror.example.org", "2001:db8:77::21", 4321,
                            15000);
        c.iface = 3;
        local_service(&c, &null, "127.0.0.1", (uint16_t)(50100 + round), 777);
    }
    pcap_writer_close(w);
}

static void fill_nanosecond(sample_ctx *c)
{
    static const sample_path eth = { .open = sample_path_ethernet, .mac = { HOST_MAC, GATEWAY_MAC },
                                     .pad = 1 };
    c->now += 987654321; /* fractions that need all nine digits */
    sample_apps_dns(c, &eth, "192.168.1.105", 41400, "8.8.8.8", "ntp.example.org", "162.159.200.123", 1, 15000);
    ping(c, &eth, "192.168.1.105", "162.159.200.123", 0x0ace, 3);
    c->now += 1;
    sample_apps_http(c, &eth, "192.168.1.105", 52005, "216.160.83.56", 1448, "/robots.txt", 7, 20000);
}

unsigned gen_sample_linktypes_write(const char *dir)
{
    static const struct {
        const char *name;
        uint32_t linktype;
        void (*fill)(sample_ctx *c);
    } files[] = {
        { "linktype-raw-101.pcap", 101, fill_raw },
        { "linktype-ipv4-228.pcap", 228, fill_raw4 },
        { "linktype-ipv6-229.pcap", 229, fill_raw6 },
        { "linktype-null-0.pcap", 0, fill_null },
        { "linktype-loop-108.pcap", 108, fill_loop },
        { "linktype-sll-113.pcap", 113, fill_sll },
        { "linktype-sll2-276.pcap", 276, fill_sll2 },
        { "linktype-ppp-9.pcap", 9, fill_ppp },
    };
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++)
        write_pcap(dir, files[i].name, files[i].linktype, 0, files[i].fill);
    write_pcapng(dir);
    write_pcap(dir, "nanosecond.pcap", 1, 1, fill_nanosecond);
    return sizeof files / sizeof files[0] + 2;
}
