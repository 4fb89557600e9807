/* sample_part_flows.c — sample part: flow-table behaviours: one DNS conversation in two VLANs (two
 * flows), one syslog stream seen through five encapsulations (more than four header stacks in a
 * flow), a ping through ten nested PPTP tunnels (a header description longer than 127
 * characters), a DNS retry whose capture time goes backwards, and the NTP conversation that ends
 * the sample: it stays silent for more than 182 s and then resumes (a new flow index). */
#include <string.h>

#include "gen_dns.h"
#include "gen_ntp.h"
#include "sample_apps.h"
#include "sample_part.h"

#define NTP_SERVER "162.159.200.123"

static void same_tuple_two_vlans(sample_ctx *c)
{
    static const sample_path vlan[2] = {
        { .open = sample_path_ethernet, .mac = { "00:50:56:a1:0a:05", "00:50:56:a1:0a:01" },
          .vid = { 10 }, .n_tags = 1 },
        { .open = sample_path_ethernet, .mac = { "00:50:56:a1:14:05", "00:50:56:a1:14:01" },
          .vid = { 20 }, .n_tags = 1 },
    };
    for (int v = 0; v < 2; v++)
        sample_apps_dns(c, &vlan[v], "10.10.0.5", 33333, "10.10.0.1", "printer.branch.example",
                            v ? "10.10.0.60" : "10.10.0.50", 300000, 700);
}

static void five_encapsulations(sample_ctx *c)
{
    static const sample_path paths[5] = {
        { .open = sample_path_ethernet, .mac = { "52:54:00:30:00:05", "52:54:00:30:00:09" } },
        { .open = sample_path_mpls, .mac = { "52:54:00:30:00:05", "52:54:00:30:00:09" }, .id = 2001 },
        { .open = sample_path_pppoe, .mac = { "52:54:00:30:00:05", "52:54:00:30:00:09" }, .id = 7 },
        { .open = sample_path_gre, .outer = { "192.0.2.61", "192.0.2.62" } },
        { .open = sample_path_ip_in_ip, .outer = { "192.0.2.71", "192.0.2.72" } },
    };
    static const char *const lines[5] = {
        "<13>Jun  3 09:32:01 edge-01 sensor: link primary up",
        "<13>Jun  3 09:32:02 edge-01 sensor: traffic moved to the MPLS core",
        "<13>Jun  3 09:32:03 edge-01 sensor: traffic moved to the PPPoE backup line",
        "<13>Jun  3 09:32:04 edge-01 sensor: traffic moved to the GRE overlay",
        "<13>Jun  3 09:32:05 edge-01 sensor: traffic moved to the IP-in-IP overlay",
    };
    for (int i = 0; i < 5; i++) {
        sample_conv conv;
        sample_conv_init(&conv, c, &paths[i], "10.30.0.5", "10.30.0.9");
        sample_conv_udp(&conv, 0, 41000, 514, lines[i], strlen(lines[i]), i ? 1000000 : 300000);
    }
}

/* Ten PPTP tunnels inside each other around a ping. */
static void nested_open(frame_builder *fb, const sample_path *p, int side)
{
    static const char *const ends[10][2] = {
        { "192.0.2.101", "192.0.2.201" }, { "192.0.2.102", "192.0.2.202" },
        { "192.0.2.103", "192.0.2.203" }, { "192.0.2.104", "192.0.2.204" },
        { "192.0.2.105", "192.0.2.205" }, { "192.0.2.106", "192.0.2.206" },
        { "192.0.2.107", "192.0.2.207" }, { "192.0.2.108", "192.0.2.208" },
        { "192.0.2.109", "192.0.2.209" }, { "192.0.2.110", "192.0.2.210" },
    };
    fb_eth(fb, p->mac[!side], p->mac[side], FB_AUTO);
    for (int level = 0; level < 10; level++) {
        fb_gre_opts o = { .version = 1, .protocol = FB_AUTO, .call_id = (uint16_t)(0x100 + level),
                          .has_sequence = 1, .sequence = 1 };
        fb_ipv4_opts ip = { .src = ends[level][side], .dst = ends[level][!side], .ttl = 64,
                            .dont_fragment = 1, .proto = FB_AUTO };
        fb_ipv4_ex(fb, &ip);
        fb_gre_ex(fb, &o);
        fb_ppp(fb, FB_PPP_HDLC, FB_AUTO);
    }
}

static void long_header_stack(sample_ctx *c)
{
    static const sample_path nested = { .open = nested_open,
                                        .mac = { "52:54:00:40:00:01", "52:54:00:40:00:02" } };
    sample_conv conv;
    sample_conv_init(&conv, c, &nested, "10.40.0.1", "10.40.0.2");
    sample_conv_ping(&conv, 0x4001, 1, 300000, 5000);
}

/* A resolver retry stamped 350 microseconds before the query it follows (the capture clock was
 * stepped back). */
static void time_goes_backwards(sample_ctx *c)
{
    uint8_t msg[300];
    gen_dns m;
    sample_conv conv;
    sample_conv_init(&conv, c, &sample_part_desktop, DESKTOP_IP, "9.9.9.9");
    gen_dns_start(&m, msg, sizeof msg, 0x5151, GEN_DNS_QUERY);
    gen_dns_question(&m, "status.example.com", GEN_DNS_A);
    size_t n = gen_dns_end(&m);
    sample_conv_udp(&conv, 0, 45000, 53, msg, n, 300000);
    sample_conv_udp(&conv, 0, 45000, 53, msg, n, -350);
    gen_dns_start(&m, msg, sizeof msg, 0x5151, GEN_DNS_RESPONSE);
    gen_dns_question(&m, "status.example.com", GEN_DNS_A);
    gen_dns_address(&m, GEN_DNS_ANSWER, NULL, 60, "203.0.113.200");
    sample_conv_udp(&conv, 1, 53, 45000, msg, gen_dns_end(&m), 12000);
}

/* One NTP client request and the server's reply (NTPv4, both on port 123). */
static void ntp_exchange(sample_ctx *c, int64_t delta_us)
{
    static const uint8_t reference[4] = { 10, 12, 3, 9 };
    uint8_t request[GEN_NTP_LEN], reply[GEN_NTP_LEN];
    sample_conv conv;
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP, NTP_SERVER);
    int64_t sent = c->now + delta_us * 1000;
    gen_ntp_request(request, sent);
    sample_conv_udp(&conv, 0, 123, 123, request, sizeof request, delta_us);
    gen_ntp_reply(reply, request, 3, reference, sent - 64000000000LL, sent + 9000000, sent + 9050000);
    sample_conv_udp(&conv, 1, 123, 123, reply, sizeof reply, 18100);
}

void sample_part_flows(sample_ctx *c)
{
    same_tuple_two_vlans(c);
    five_encapsulations(c);
    long_header_stack(c);
    time_goes_backwards(c);
    ntp_exchange(c, 400000);
}

void sample_part_idle_restart(sample_ctx *c)
{
    ntp_exchange(c, 256000000); /* the next poll, 256 s later */
}
