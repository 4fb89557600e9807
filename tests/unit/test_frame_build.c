/* test_frame_build.c — the test frame builder checked by an independent dissector: every kind of
 * layer is built, written to pcap files (one per link type, with libpcap) and read back with
 * tshark with checksum validation on. Each frame must show the intended protocol stack, no
 * malformed-packet mark, and good checksums (a lied checksum must show as bad). Skips (77) when
 * tshark is not installed. */
#include <check.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/frame_build.h"

static frame_builder fb;

typedef struct builder_case {
    const char *name;
    void (*build)(void);
    const char *protocols;  /* tshark frame.protocols */
    const char *checksums;  /* the checksum statuses tshark reports, in field order (1 good) */
} builder_case;

static void eth_vlan_tcp(void)
{
    static const uint8_t options[] = { 2, 4, 5, 0xb4, 4, 2, 1, 3, 3, 7 };
    fb_tcp_opts o = { .src_port = 49329, .dst_port = 21, .seq = 100, .ack = 0, .flags = 0x02,
                      .window = 8192, .options = options, .options_len = sizeof options };
    fb_eth(&fb, "00:19:e3:e7:5d:23", "00:08:74:38:01:b4", FB_AUTO);
    fb_vlan(&fb, 0x88a8, 10, 0, FB_AUTO);
    fb_vlan(&fb, 0x8100, 20, 0, FB_AUTO);
    fb_ipv4(&fb, "192.168.1.105", "143.166.11.10");
    fb_tcp_ex(&fb, &o);
}

static void eth_ipv4_options_udp(void)
{
    static const uint8_t options[] = { 0x94, 0x04, 0x00, 0x00 };
    fb_ipv4_opts o = { .src = "10.0.0.1", .dst = "10.0.0.2", .ttl = 1, .id = 7,
                       .dont_fragment = 1, .proto = FB_AUTO, .options = options,
                       .options_len = sizeof options };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_udp(&fb, 40000, 9);
    fb_payload_str(&fb, "discard me");
    fb_pad_to(&fb, 60);
}

static void eth_ipv4_udp_bad_checksum(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    int udp = fb_udp(&fb, 40000, 9);
    fb_payload_str(&fb, "x");
    fb_lie(&fb, udp, FB_CHECKSUM, 0x1234);
}

static void eth_ipv6_ext_udp(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv6_ext(&fb, 0, 8, FB_AUTO);
    fb_ipv6_ext(&fb, 43, 8, FB_AUTO);
    fb_ipv6_ext(&fb, 60, 16, FB_AUTO);
    fb_udp(&fb, 40000, 9);
    fb_payload_str(&fb, "six");
}

static void eth_ipv6_fragment(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv6_frag(&fb, 0x01020304, 0, 1, FB_AUTO);
    fb_udp(&fb, 40000, 9);
    fb_payload_fill(&fb, 'f', 16);
}

static void eth_ipv6_ah_icmpv6(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "fe80::1", "ff02::1");
    fb_ah(&fb, 0x1000, 1, 12, FB_AUTO);
    fb_icmpv6(&fb, 128, 0, 0x00010002);
    fb_payload_str(&fb, "ping");
}

static void eth_ipv4_esp(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_esp(&fb, 0x1000, 1);
    fb_payload_fill(&fb, 0xee, 24);
}

static void eth_icmp(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_icmp(&fb, 8, 0, 0x12340001);
    fb_payload_str(&fb, "abcdefgh");
}

static void eth_igmp(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "224.0.0.1");
    fb_igmp(&fb, 0x11, 100, "0.0.0.0");
}

static void eth_sctp(void)
{
    /* an INIT chunk: type 1, flags, length 20, initiate tag, a_rwnd, streams, initial TSN */
    static const uint8_t init[] = { 1, 0, 0, 20, 0, 0, 0, 1, 0, 1, 0, 0, 0, 10, 0, 10, 0, 0, 0, 1 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_sctp(&fb, 2905, 2905, 0);
    fb_payload(&fb, init, sizeof init);
}

static void eth_udplite(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_udplite(&fb, 40000, 40001, 8);
    fb_payload_str(&fb, "lite payload");
}

static void eth_ipv4_fragments(void)
{
    fb_ipv4_opts o = { .src = "10.0.0.1", .dst = "10.0.0.2", .ttl = 64, .id = 0x55,
                       .more_fragments = 1, .frag_offset = 1480, .proto = 17 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_payload_fill(&fb, 'z', 64);
}

static void eth_mpls_pseudowire(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_mpls(&fb, 100, 0, 64, FB_AUTO, 0);
    fb_mpls(&fb, 200, 0, 64, FB_AUTO, 0);
    fb_pw_control_word(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_icmp(&fb, 0, 0, 0);
}

static void eth_pppoe(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_pppoe_session(&fb, 0x11);
    fb_ppp(&fb, 0, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_tcp(&fb, 1, 2, 3, 4, 0x10, 5);
}

static void eth_pppoe_discovery(void)
{
    static const uint8_t service_name[] = { 0x01, 0x01, 0x00, 0x00 };
    fb_eth(&fb, "ff:ff:ff:ff:ff:ff", NULL, FB_AUTO);
    fb_pppoe_discovery(&fb, 0x09, 0);
    fb_payload(&fb, service_name, sizeof service_name);
}

static void eth_llc_snap_arp(void)
{
    fb_eth_8023(&fb, NULL, NULL);
    fb_llc(&fb, 0xaa, 0xaa, 0x03);
    fb_snap(&fb, 0, FB_AUTO);
    fb_arp(&fb, 0x0806, 1, "00:08:74:38:01:b4", "192.168.1.105", NULL, "192.168.1.1");
}

static void eth_arp(void)
{
    fb_eth(&fb, "ff:ff:ff:ff:ff:ff", "00:08:74:38:01:b4", FB_AUTO);
    fb_arp(&fb, 0x0806, 1, "00:08:74:38:01:b4", "192.168.1.105", NULL, "192.168.1.1");
    fb_pad_to(&fb, 60);
}

static void eth_gre_pptp(void)
{
    fb_gre_opts o = { .version = 1, .protocol = FB_AUTO, .call_id = 0x4000, .has_sequence = 1,
                      .sequence = 1, .has_ack = 1, .ack = 0 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_gre_ex(&fb, &o);
    fb_ppp(&fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv4(&fb, "192.168.0.1", "192.168.0.2");
    fb_udp(&fb, 1000, 2000);
}

static void eth_gre_checksum_key(void)
{
    fb_gre_opts o = { .protocol = FB_AUTO, .has_checksum = 1, .has_key = 1, .key = 5,
                      .has_sequence = 1, .sequence = 9 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_gre_ex(&fb, &o);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_icmpv6(&fb, 128, 0, 0);
}

static void eth_6in4(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_tcp(&fb, 1, 2, 3, 4, 0x10, 5);
}

static void eth_vxlan(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 50000, 4789);
    fb_vxlan(&fb, 42);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "192.168.0.1", "192.168.0.2");
    fb_icmp(&fb, 8, 0, 0);
}

static void eth_gtpu(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 2152, 2152);
    fb_gtpu(&fb, 0xff, 0x1234, 1);
    fb_ipv4(&fb, "192.168.0.1", "192.168.0.2");
    fb_udp(&fb, 1000, 2000);
}

static void eth_geneve(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 50000, 6081);
    fb_geneve(&fb, 42, 0, FB_AUTO);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_udp(&fb, 1000, 2000);
}

static void eth_teredo(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 3544, 50000);
    fb_teredo_origin(&fb, 50000, "192.0.2.1");
    fb_ipv6(&fb, "2001:0:4136:e378::1", "2001:db8::2");
    fb_ipv6_ext(&fb, 60, 8, 59);
}

static void sll_ipv4(void)
{
    fb_sll(&fb, 0, 1, "00:08:74:38:01:b4", FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_tcp(&fb, 1, 2, 3, 4, 0x18, 5);
    fb_payload_str(&fb, "cooked");
}

static void sll2_ipv6(void)
{
    fb_sll2(&fb, 4, 1, 2, "00:08:74:38:01:b4", FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_udp(&fb, 1000, 2000);
}

static void null_ipv6(void)
{
    fb_null(&fb, FB_AUTO, 0);
    fb_ipv6(&fb, "::1", "::1");
    fb_udp(&fb, 1000, 2000);
}

static void raw_ipv4(void)
{
    fb_raw(&fb, 101);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 1000, 2000);
}

static void ppp_ipv4(void)
{
    fb_ppp(&fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_icmp(&fb, 8, 0, 0);
}

#define CHECKSUM_FIELDS \
    "ip.checksum.status", "tcp.checksum.status", "udp.checksum.status", \
    "icmp.checksum.status", "icmpv6.checksum.status", "igmp.checksum.status", \
    "sctp.checksum.status", "gre.checksum.status"

static const builder_case cases[] = {
    { "eth_vlan_tcp", eth_vlan_tcp, "eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:ip:tcp", "1;1" },
    { "eth_ipv4_options_udp", eth_ipv4_options_udp, "eth:ethertype:ip:udp:data", "1;1" },
    { "eth_ipv4_udp_bad_checksum", eth_ipv4_udp_bad_checksum, "eth:ethertype:ip:udp:data",
      "1;0" },
    { "eth_ipv6_ext_udp", eth_ipv6_ext_udp,
      "eth:ethertype:ipv6:ipv6.hopopts:ipv6.routing:ipv6.dstopts:udp:data", "1" },
    { "eth_ipv6_fragment", eth_ipv6_fragment, "eth:ethertype:ipv6:ipv6.fraghdr:data", "" },
    { "eth_ipv6_ah_icmpv6", eth_ipv6_ah_icmpv6, "eth:ethertype:ipv6:ah:icmpv6:data", "1" },
    { "eth_ipv4_esp", eth_ipv4_esp, "eth:ethertype:ip:esp", "1" },
    { "eth_icmp", eth_icmp, "eth:ethertype:ip:icmp:data", "1;1" },
    { "eth_igmp", eth_igmp, "eth:ethertype:ip:igmp:igmp", "1;1" },
    { "eth_sctp", eth_sctp, "eth:ethertype:ip:sctp", "1;1" },
    { "eth_udplite", eth_udplite, "eth:ethertype:ipv6:udplite:data", "1" },
    { "eth_ipv4_fragments", eth_ipv4_fragments, "eth:ethertype:ip:data", "1" },
    { "eth_mpls_pseudowire", eth_mpls_pseudowire,
      "eth:ethertype:mpls:eth:ethertype:ip:icmp", "1;1" },
    { "eth_pppoe", eth_pppoe, "eth:ethertype:pppoes:ppp:ipv6:tcp", "1" },
    { "eth_pppoe_discovery", eth_pppoe_discovery, "eth:ethertype:pppoed", "" },
    { "eth_llc_snap_arp", eth_llc_snap_arp, "eth:llc:arp", "" },
    { "eth_arp", eth_arp, "eth:ethertype:arp", "" },
    { "eth_gre_pptp", eth_gre_pptp, "eth:ethertype:ip:gre:ppp:ip:udp", "1;1;1" },
    { "eth_gre_checksum_key", eth_gre_checksum_key, "eth:ethertype:ip:gre:ipv6:icmpv6",
      "1;1;1" },
    { "eth_6in4", eth_6in4, "eth:ethertype:ip:ipv6:tcp", "1;1" },
    { "eth_vxlan", eth_vxlan, "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp", "1;1;1;1" },
    { "eth_gtpu", eth_gtpu, "eth:ethertype:ip:udp:gtp:ip:udp", "1;1;1;1" },
    { "eth_geneve", eth_geneve, "eth:ethertype:ip:udp:geneve:eth:ethertype:ipv6:udp",
      "1;1;1" },
    { "eth_teredo", eth_teredo, "eth:ethertype:ip:udp:teredo:ipv6:ipv6.dstopts", "1;1" },
    { "sll_ipv4", sll_ipv4, "sll:ethertype:ip:tcp:data", "1;1" },
    { "sll2_ipv6", sll2_ipv6, "sll:ethertype:ipv6:udp", "1" },
    { "null_ipv6", null_ipv6, "null:ipv6:udp", "1" },
    { "raw_ipv4", raw_ipv4, "raw:ip:udp", "1;1" },
    { "ppp_ipv4", ppp_ipv4, "ppp:ip:icmp", "1;1" },
};
#define N_CASES (sizeof cases / sizeof cases[0])

static char directory[64];

/* Writes the frames of every case with this link type to one file; returns how many. */
static unsigned write_linktype(uint32_t linktype, const char *path, unsigned *which)
{
    /* libpcap takes DLT values: LINKTYPE_RAW (101) is DLT_RAW */
    pcap_t *dead = pcap_open_dead(linktype == 101 ? DLT_RAW : (int)linktype, FB_MAX_FRAME);
    ck_assert_ptr_nonnull(dead);
    pcap_dumper_t *dumper = pcap_dump_open(dead, path);
    ck_assert_ptr_nonnull(dumper);
    unsigned n = 0;
    for (unsigned i = 0; i < N_CASES; i++) {
        fb_init(&fb);
        cases[i].build();
        uint32_t len = fb_finish(&fb);
        ck_assert_msg(len > 0, "%s: the builder failed", cases[i].name);
        if (fb.linktype != linktype)
            continue;
        struct pcap_pkthdr header = { .caplen = len, .len = len };
        pcap_dump((u_char *)dumper, &header, fb.data);
        which[n++] = i;
    }
    pcap_dump_close(dumper);
    pcap_close(dead);
    return n;
}

/* Joins the non-empty comma-separated checksum statuses of the fields after the protocols. */
static void joined_statuses(char *fields, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (char *field = strtok(fields, "\t\n"); field; field = strtok(NULL, "\t\n"))
        for (char *value = strtok_r(field, ",", &field); value; value = strtok_r(NULL, ",", &field))
            len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ";" : "", value);
}

START_TEST(tshark_agrees)
{
    static const uint32_t link_types[] = { 1, 113, 276, 0, 101, 9 };
    unsigned checked = 0, mismatches = 0, which[N_CASES];
    for (unsigned t = 0; t < sizeof link_types / sizeof link_types[0]; t++) {
        char path[128], command[1024], line[4096];
        snprintf(path, sizeof path, "%s/frames-%u.pcap", directory, link_types[t]);
        unsigned n = write_linktype(link_types[t], path, which);
        /* tshark's MPLS heuristic takes an all-zero control word for an Ethernet header:
         * decode the bottom label of eth_mpls_pseudowire as a pseudowire with control word */
        snprintf(command, sizeof command,
                 "tshark -n -r %s -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE "
                 "-o udp.check_checksum:TRUE -o udplite.check_checksum:TRUE "
                 "-o sctp.checksum:\"CRC 32c\" -d mpls.label==200,pwethcw "
                 "-T fields -E separator=/t -E occurrence=a "
                 "-e frame.protocols -e _ws.malformed -e %s -e %s -e %s -e %s -e %s -e %s "
                 "-e %s -e %s 2>/dev/null", path, CHECKSUM_FIELDS);
        FILE *tshark = popen(command, "r");
        ck_assert_ptr_nonnull(tshark);
        for (unsigned k = 0; k < n; k++) {
            const builder_case *c = &cases[which[k]];
            ck_assert_msg(fgets(line, sizeof line, tshark), "%s: tshark printed no line", c->name);
            char *rest = strchr(line, '\t');
            ck_assert_ptr_nonnull(rest);
            *rest++ = '\0';
            char statuses[256];
            int malformed = rest[0] != '\t';
            joined_statuses(rest, statuses, sizeof statuses);
            if (strcmp(line, c->protocols) || malformed || strcmp(statuses, c->checksums)) {
                fprintf(stderr, "%s: tshark sees %s%s with checksum statuses '%s'; expected %s "
                        "with '%s'\n", c->name, line, malformed ? " (malformed)" : "",
                        statuses, c->protocols, c->checksums);
                mismatches++;
            }
            checked++;
        }
        ck_assert_int_eq(pclose(tshark), 0);
        unlink(path);
    }
    ck_assert_uint_eq(checked, N_CASES);
    ck_assert_uint_eq(mismatches, 0);
}
END_TEST

int main(void)
{
    if (system("tshark -v > /dev/null 2>&1") != 0) {
        fprintf(stderr, "test_frame_build: tshark is not installed, skipping\n");
        return 77;
    }
    snprintf(directory, sizeof directory, "/tmp/rowtap-frame-build-XXXXXX");
    if (!mkdtemp(directory)) {
        perror("mkdtemp");
        return 1;
    }
    Suite *suite = suite_create("frame_build");
    TCase *tc = tcase_create("tshark");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, tshark_agrees);
    suite_add_tcase(suite, tc);
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    rmdir(directory);
    return failed ? 1 : 0;
}
