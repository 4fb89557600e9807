/* hostile_capture.c — writes the damaged and hostile captures of test_hostile_captures.sh with the
 * project's pcap writer and frame builder (tests/lib), based on the mixed exchange of
 * sample_traffic.h (20 packets, 10 ms apart):
 *   hostile_capture CASE OUT
 * prints "<packets before the damage> <byte offset of the damage>" ("-" for an offset when the
 * file is not damaged, i.e. every packet is readable). The cases:
 *   cut-file-header        a pcap file header of 10 bytes
 *   bad-version            a pcap file header of version 3.0
 *   wrong-magic            the exchange with the first 4 bytes replaced
 *   cut-record-header      5 packets, then a record cut 8 bytes into its header
 *   cut-record-data        5 packets, then a record cut 20 bytes into its frame
 *   caplen-over-limit      5 packets, then a record header announcing 300000 captured bytes
 *   caplen-over-snaplen    the exchange in a file whose snap length is 64 (frames are longer)
 *   zero-snaplen           the exchange in a file whose snap length is 0
 *   unknown-linktype       the exchange in a file of link type 147 (LINKTYPE_USER0)
 *   pcapng-bad-length      pcapng: 5 packets, then a block length that is not a multiple of 4
 *   pcapng-trailer         pcapng: 5 packets, then a block whose two lengths differ
 *   pcapng-unknown-iface   pcapng: 5 packets, then a packet of interface 7 (one is described)
 *   pcapng-cut-block       pcapng: 5 packets, then a block cut in its middle
 *   lying-lengths          Ethernet frames whose length fields lie (IPv4 IHL and total length,
 *                          IPv6 payload and extension header lengths, TCP data offset, UDP and
 *                          UDP-Lite lengths, PPPoE, GRE, GTP and 802.3 lengths): LYING_FRAMES
 *                          frames, of which exactly one, the last (IHL 4), gets no flow
 *                          (T2-COMPAT §3.7)
 *   deep-nesting           frames of 250 VLAN tags, 250 MPLS labels, 60 nested IPv4 headers, 40
 *                          nested IPv4/GRE tunnels, 40 IPv6 extension headers and 30 nested
 *                          VXLAN tunnels; every one gets a flow
 *   fragment-flood         FRAGMENT_FLOOD first fragments of distinct datagrams, then their later
 *                          fragments in the same order
 *   stack-flood            STACK_FLOOD Ethernet frames of as many unknown ethertypes (0x1000 on),
 *                          i.e. distinct hdrDesc stacks
 * Exit status 0, 2 for a usage error (the writer stops with 99 when it cannot write). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample_traffic.h"

#define FRAGMENT_FLOOD 20000u
#define STACK_FLOOD 20000u

static frame_builder fb;
static const char *out_path;
static char temp_path[4200];

/* Prints what the test reads: packets before the damage and its offset (or "-"). */
static void result(unsigned packets, long long offset)
{
    if (offset < 0)
        printf("%u -\n", packets);
    else
        printf("%u %lld\n", packets, offset);
}

static pcap_writer *exchange_pcap(const char *path, uint32_t linktype, uint32_t snaplen, unsigned packets)
{
    pcap_writer *w = pcap_writer_open_pcap(path, PCAP_WRITER_LITTLE_ENDIAN, 0, linktype, snaplen);
    if (packets)
        sample_exchange_write(w, 0, 0, packets - 1, 0);
    return w;
}

static pcap_writer *exchange_pcapng(const char *path, unsigned packets)
{
    pcap_writer *w = pcap_writer_open_pcapng(path, PCAP_WRITER_LITTLE_ENDIAN);
    pcap_writer_interface(w, PCAP_WRITER_LINKTYPE_ETHERNET, 0, PCAP_WRITER_DEFAULT_TSRESOL, 0);
    sample_exchange_write(w, 0, 0, packets - 1, 0);
    return w;
}

/* ---- damaged files ---- */

static void cut_file_header(void)
{
    pcap_writer_close(exchange_pcap(temp_path, PCAP_WRITER_LINKTYPE_ETHERNET, 65535, 2));
    pcap_writer_copy_cut(temp_path, out_path, 10);
    result(0, 0);
}

static void bad_version(void)
{
    pcap_writer_close(exchange_pcap(temp_path, PCAP_WRITER_LINKTYPE_ETHERNET, 65535, 2));
    static const uint8_t version[4] = { 3, 0, 0, 0 };
    pcap_writer_copy_patch(temp_path, out_path, 4, version, sizeof version);
    result(0, 0);
}

static void wrong_magic(void)
{
    pcap_writer_close(exchange_pcap(temp_path, PCAP_WRITER_LINKTYPE_ETHERNET, 65535, SAMPLE_EXCHANGE_PACKETS));
    pcap_writer_copy_patch(temp_path, out_path, 0, "GIF8", 4);
    result(0, 0);
}

/* 5 packets, then the rest cut `into` bytes after the sixth record's start. */
static void cut_record(unsigned into)
{
    pcap_writer *w = exchange_pcap(temp_path, PCAP_WRITER_LINKTYPE_ETHERNET, 65535, 5);
    uint64_t damage = pcap_writer_offset(w);
    sample_exchange_write(w, 0, 5, SAMPLE_EXCHANGE_PACKETS - 1, 0);
    pcap_writer_close(w);
    pcap_writer_copy_cut(temp_path, out_path, damage + into);
    result(5, (long long)damage);
}

static void cut_record_header(void)
{
    cut_record(8);
}

static void cut_record_data(void)
{
    cut_record(16 + 20);
}

static void caplen_over_limit(void)
{
    pcap_writer *w = exchange_pcap(out_path, PCAP_WRITER_LINKTYPE_ETHERNET, 0, 5);
    uint64_t damage = pcap_writer_offset(w);
    uint8_t record[16 + 100] = { 0 };
    pcap_writer_put32(record + 8, 300000, PCAP_WRITER_LITTLE_ENDIAN);
    pcap_writer_put32(record + 12, 300000, PCAP_WRITER_LITTLE_ENDIAN);
    pcap_writer_raw(w, record, sizeof record);
    pcap_writer_close(w);
    result(5, (long long)damage);
}

static void whole_exchange(uint32_t linktype, uint32_t snaplen)
{
    pcap_writer_close(exchange_pcap(out_path, linktype, snaplen, SAMPLE_EXCHANGE_PACKETS));
    result(SAMPLE_EXCHANGE_PACKETS, -1);
}

static void caplen_over_snaplen(void)
{
    whole_exchange(PCAP_WRITER_LINKTYPE_ETHERNET, 64);
}

static void zero_snaplen(void)
{
    whole_exchange(PCAP_WRITER_LINKTYPE_ETHERNET, 0);
}

static void unknown_linktype(void)
{
    whole_exchange(147, 65535);
}

/* pcapng: 5 packets, then packet 6 written to the temporary file and damaged by `patch` bytes at
 * `at` bytes into its block (at < 0: counted from the block's end), or cut there (patch NULL). */
static void pcapng_damage(long at, const uint8_t *patch, size_t size)
{
    pcap_writer *w = exchange_pcapng(temp_path, 5);
    uint64_t damage = pcap_writer_offset(w);
    sample_exchange_write(w, 0, 5, 5, 0);
    uint64_t end = pcap_writer_offset(w);
    sample_exchange_write(w, 0, 6, SAMPLE_EXCHANGE_PACKETS - 1, 0);
    pcap_writer_close(w);
    uint64_t where = at < 0 ? end - (uint64_t)-at : damage + (uint64_t)at;
    if (patch)
        pcap_writer_copy_patch(temp_path, out_path, where, patch, size);
    else
        pcap_writer_copy_cut(temp_path, out_path, where);
    result(5, (long long)damage);
}

static void pcapng_bad_length(void)
{
    uint8_t length[4];
    pcap_writer_put32(length, 101, PCAP_WRITER_LITTLE_ENDIAN);
    pcapng_damage(4, length, sizeof length);
}

static void pcapng_trailer(void)
{
    uint8_t length[4];
    pcap_writer_put32(length, 4000, PCAP_WRITER_LITTLE_ENDIAN);
    pcapng_damage(-4, length, sizeof length);
}

static void pcapng_unknown_iface(void)
{
    uint8_t iface[4];
    pcap_writer_put32(iface, 7, PCAP_WRITER_LITTLE_ENDIAN);
    pcapng_damage(8, iface, sizeof iface);
}

static void pcapng_cut_block(void)
{
    pcapng_damage(40, NULL, 0);
}

/* ---- hostile packets ---- */

/* Writes `count` frames, 1 ms apart, into a new classic pcap file: frame i is built into fb by
 * build(i); then the result line (no damage). */
static void write_frames(unsigned count, void (*build)(unsigned i))
{
    pcap_writer *w = pcap_writer_open_pcap(out_path, PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET, 0);
    for (unsigned i = 0; i < count; i++) {
        fb_init(&fb);
        build(i);
        uint32_t len = fb_finish(&fb);
        if (!len) {
            fprintf(stderr, "hostile_capture: frame %u cannot be built\n", i);
            exit(99);
        }
        pcap_writer_packet(w, 0, SAMPLE_EXCHANGE_START_NS + (int64_t)i * 1000000, fb.data, len, len);
    }
    pcap_writer_close(w);
    result(count, -1);
}

/* An Ethernet/IPv4 frame; returns the IPv4 layer. */
static int ipv4_frame(unsigned n)
{
    char src[32];
    snprintf(src, sizeof src, "10.99.0.%u", n % 250 + 1);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    return fb_ipv4(&fb, src, "10.99.1.1");
}

static int ipv6_frame(unsigned n)
{
    char src[64];
    snprintf(src, sizeof src, "2001:db8:99::%x", n + 1);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    return fb_ipv6(&fb, src, "2001:db8:99::ffff");
}

/* The lies: a layer builder and the field and value it lies about. */
typedef struct lie {
    int (*build)(unsigned n);   /* builds the frame, returns the layer that lies */
    fb_field field;
    uint32_t value;
} lie;

static int lie_ipv4_tcp(unsigned n)
{
    int ip = ipv4_frame(n);
    fb_tcp(&fb, 40000, 80, 1, 0, 0x02, 1000);
    fb_payload_str(&fb, "data");
    return ip;
}

static int lie_tcp(unsigned n)
{
    ipv4_frame(n);
    int tcp = fb_tcp(&fb, 40000, 80, 1, 0, 0x18, 1000);
    fb_payload_str(&fb, "payload bytes");
    return tcp;
}

static int lie_udp(unsigned n)
{
    ipv4_frame(n);
    int udp = fb_udp(&fb, 40000, 53);
    fb_payload_str(&fb, "payload bytes");
    return udp;
}

static int lie_udplite(unsigned n)
{
    ipv4_frame(n);
    int udp = fb_udplite(&fb, 40000, 53, 8);
    fb_payload_str(&fb, "payload bytes");
    return udp;
}

static int lie_ipv6_tcp(unsigned n)
{
    int ip = ipv6_frame(n);
    fb_tcp(&fb, 40000, 443, 1, 0, 0x02, 1000);
    return ip;
}

static int lie_ipv6_ext(unsigned n)
{
    ipv6_frame(n);
    int ext = fb_ipv6_ext(&fb, 0, 8, FB_AUTO);
    fb_ipv6_ext(&fb, 60, 8, FB_AUTO);
    fb_udp(&fb, 1, 2);
    return ext;
}

static int lie_pppoe(unsigned n)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    int pppoe = fb_pppoe_session(&fb, (uint16_t)n);
    fb_ppp(&fb, 0, FB_AUTO);
    fb_ipv4(&fb, "10.98.0.1", "10.98.0.2");
    fb_udp(&fb, 1, 2);
    return pppoe;
}

static int lie_gre(unsigned n)
{
    fb_gre_opts o = { .version = 1, .protocol = FB_AUTO, .call_id = (uint16_t)n };
    ipv4_frame(n);
    int gre = fb_gre_ex(&fb, &o);
    fb_ppp(&fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv4(&fb, "10.97.0.1", "10.97.0.2");
    fb_icmp(&fb, 8, 0, 1);
    return gre;
}

static int lie_gtp(unsigned n)
{
    ipv4_frame(n);
    fb_udp(&fb, 2152, 2152);
    int gtp = fb_gtpu(&fb, 0xff, n, 0);
    fb_ipv4(&fb, "10.96.0.1", "10.96.0.2");
    fb_udp(&fb, 1, 2);
    return gtp;
}

static int lie_8023(unsigned n)
{
    int eth = fb_eth_8023(&fb, NULL, NULL);
    fb_llc(&fb, 0x42, 0x42, 0x03);
    fb_payload_fill(&fb, (uint8_t)n, 30);
    return eth;
}

static const lie lies[] = {
    { lie_ipv4_tcp, FB_HEADER_LENGTH, 15 },  /* 60-byte header, more than captured */
    { lie_ipv4_tcp, FB_LENGTH, 10 },         /* total length below the header */
    { lie_ipv4_tcp, FB_LENGTH, 65535 },      /* total length beyond the frame */
    { lie_tcp, FB_HEADER_LENGTH, 0 },
    { lie_tcp, FB_HEADER_LENGTH, 2 },
    { lie_tcp, FB_HEADER_LENGTH, 15 },
    { lie_udp, FB_LENGTH, 0 },
    { lie_udp, FB_LENGTH, 7 },
    { lie_udp, FB_LENGTH, 65535 },
    { lie_udplite, FB_LENGTH, 65535 },
    { lie_ipv6_tcp, FB_LENGTH, 0 },
    { lie_ipv6_tcp, FB_LENGTH, 65535 },
    { lie_ipv6_ext, FB_HEADER_LENGTH, 255 },
    { lie_pppoe, FB_LENGTH, 0 },
    { lie_pppoe, FB_LENGTH, 65535 },
    { lie_gre, FB_LENGTH, 65535 },
    { lie_gtp, FB_LENGTH, 0 },
    { lie_gtp, FB_LENGTH, 65535 },
    { lie_8023, FB_LENGTH, 1500 },
    { lie_8023, FB_LENGTH, 2 },
    { lie_ipv4_tcp, FB_HEADER_LENGTH, 4 },   /* IHL below 5: no flow (§3.7) */
};

#define LYING_FRAMES (sizeof lies / sizeof lies[0])

/* Frame i of lying-lengths: lie i. */
static void build_lie(unsigned i)
{
    fb_lie(&fb, lies[i].build(i), lies[i].field, lies[i].value);
}

static void lying_lengths(void)
{
    write_frames(LYING_FRAMES, build_lie);
}

/* The frames of deep-nesting, one builder each. */
static void nest_vlans(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    for (int i = 0; i < 250; i++)
        fb_vlan(&fb, 0, (uint16_t)(i + 1), 0, FB_AUTO);
    fb_ipv4(&fb, "10.95.0.1", "10.95.0.2");
    fb_udp(&fb, 1, 2);
}

static void nest_mpls(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    for (int i = 0; i < 250; i++)
        fb_mpls(&fb, (uint32_t)i, 0, 64, FB_AUTO, 0);
    fb_ipv4(&fb, "10.95.1.1", "10.95.1.2");
    fb_icmp(&fb, 8, 0, 1);
}

static void nest_ipv4(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    for (int i = 0; i < 60; i++)
        fb_ipv4(&fb, "10.95.2.1", "10.95.2.2");
    fb_icmp(&fb, 8, 0, 1);
}

static void nest_gre(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    for (int i = 0; i < 40; i++) {
        fb_ipv4(&fb, "10.95.3.1", "10.95.3.2");
        fb_gre(&fb, FB_AUTO);
    }
    fb_ipv4(&fb, "10.95.3.3", "10.95.3.4");
    fb_tcp(&fb, 1, 2, 0, 0, 0x02, 10);
}

static void nest_ipv6_extensions(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8:95::1", "2001:db8:95::2");
    for (int i = 0; i < 40; i++)
        fb_ipv6_ext(&fb, i % 2 ? 60 : 0, 8, FB_AUTO);
    fb_udp(&fb, 1, 2);
}

static void nest_vxlan(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    for (int i = 0; i < 30; i++) {
        fb_ipv4(&fb, "10.95.4.1", "10.95.4.2");
        fb_udp(&fb, 40000, 4789);
        fb_vxlan(&fb, (uint32_t)i);
        fb_eth(&fb, NULL, NULL, FB_AUTO);
    }
    fb_ipv4(&fb, "10.95.4.3", "10.95.4.4");
    fb_udp(&fb, 1, 2);
}

static void (*const nestings[])(void) = {
    nest_vlans, nest_mpls, nest_ipv4, nest_gre, nest_ipv6_extensions, nest_vxlan,
};

static void build_nesting(unsigned i)
{
    nestings[i]();
}

static void deep_nesting(void)
{
    write_frames(sizeof nestings / sizeof nestings[0], build_nesting);
}

/* Frame i of stack-flood: an Ethernet frame of the unknown ethertype 0x1000 + i. */
static void build_unknown_ethertype(unsigned i)
{
    fb_eth(&fb, NULL, NULL, (int)(0x1000 + i));
    fb_payload_fill(&fb, 0, 46);
}

static void stack_flood(void)
{
    write_frames(STACK_FLOOD, build_unknown_ethertype);
}

/* Frame i of fragment-flood: the first fragments of datagrams 0..FRAGMENT_FLOOD-1, then their later
 * fragments. */
static void build_fragment(unsigned i)
{
    int later = i >= FRAGMENT_FLOOD;
    uint16_t id = (uint16_t)(i % FRAGMENT_FLOOD);
    fb_ipv4_opts o = { .src = "10.94.0.1", .dst = "10.94.0.2", .ttl = 64, .id = id, .more_fragments = !later,
                       .frag_offset = later ? 16 : 0, .proto = later ? 17 : FB_AUTO };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    if (!later)
        fb_udp(&fb, 5000, 6000);
    fb_payload_fill(&fb, (uint8_t)id, 8);
}

static void fragment_flood(void)
{
    write_frames(2 * FRAGMENT_FLOOD, build_fragment);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*write)(void);
    } cases[] = {
        { "cut-file-header", cut_file_header }, { "bad-version", bad_version },
        { "wrong-magic", wrong_magic }, { "cut-record-header", cut_record_header },
        { "cut-record-data", cut_record_data }, { "caplen-over-limit", caplen_over_limit },
        { "caplen-over-snaplen", caplen_over_snaplen }, { "zero-snaplen", zero_snaplen },
        { "unknown-linktype", unknown_linktype }, { "pcapng-bad-length", pcapng_bad_length },
        { "pcapng-trailer", pcapng_trailer }, { "pcapng-unknown-iface", pcapng_unknown_iface },
        { "pcapng-cut-block", pcapng_cut_block }, { "lying-lengths", lying_lengths },
        { "deep-nesting", deep_nesting }, { "fragment-flood", fragment_flood },
        { "stack-flood", stack_flood },
    };
    for (size_t i = 0; argc == 3 && i < sizeof cases / sizeof cases[0]; i++)
        if (strcmp(argv[1], cases[i].name) == 0) {
            out_path = argv[2];
            snprintf(temp_path, sizeof temp_path, "%s.whole", out_path);
            cases[i].write();
            remove(temp_path);
            return 0;
        }
    fprintf(stderr, "usage: hostile_capture CASE OUT (cases: see the top of hostile_capture.c)\n");
    return 2;
}
