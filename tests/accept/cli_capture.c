/* cli_capture.c — writes the small captures of the command-line tests (test_cli.sh) with the
 * project's pcap writer and frame builder, so that those tests need no shared captures.
 *
 * Usage:
 *   cli_capture conversation OUT [FIRST LAST]
 *       packets FIRST..LAST (default 1..8) of one exchange, 10 ms apart from 1600000000.000000:
 *        1 TCP 10.0.0.1:40000 > 10.0.0.2:80 SYN     5 TCP A "GET / HTTP/1.0\r\n\r\n"
 *        2 TCP SYN-ACK                               6 UDP 10.0.0.3:53 > 10.0.0.1:5353 reply
 *        3 TCP ACK                                   7 TCP B "HTTP/1.0 200 OK\r\n\r\n"
 *        4 UDP 10.0.0.1:5353 > 10.0.0.3:53 query     8 TCP A ACK
 *       (so the exchange split into two files reads like the whole one)
 *   cli_capture damaged OUT header|cut
 *       packets 1..3 of the exchange, then damage: `header`, a record header announcing a frame of
 *       16 MB; `cut`, packet 4 whose record ends 10 bytes into its data (the file is cut there).
 *       Prints the byte offset where the damaged record starts.
 * Exit status 0; 2 on a usage error (the writer itself stops with 99 when it cannot write). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame_build.h"
#include "pcap_writer.h"

#define N_PACKETS 8
#define START_NS 1600000000000000000ll
#define STEP_NS 10000000ll
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

static const char *const client_mac = "02:00:00:00:00:01", *const server_mac = "02:00:00:00:00:02";

typedef struct exchange_packet {
    int udp, from_server;
    uint8_t flags;
    uint32_t seq, ack;
    const char *payload;
} exchange_packet;

static const exchange_packet exchange[N_PACKETS] = {
    { 0, 0, TCP_SYN, 1000, 0, "" },
    { 0, 1, TCP_SYN | TCP_ACK, 5000, 1001, "" },
    { 0, 0, TCP_ACK, 1001, 5001, "" },
    { 1, 0, 0, 0, 0, "query" },
    { 0, 0, TCP_PSH | TCP_ACK, 1001, 5001, "GET / HTTP/1.0\r\n\r\n" },
    { 1, 1, 0, 0, 0, "reply" },
    { 0, 1, TCP_PSH | TCP_ACK, 5001, 1019, "HTTP/1.0 200 OK\r\n\r\n" },
    { 0, 0, TCP_ACK, 1019, 5020, "" },
};

/* Builds packet number n (1-based) of the exchange. */
static uint32_t build(frame_builder *fb, int n)
{
    const exchange_packet *p = &exchange[n - 1];
    const char *client = "10.0.0.1", *server = p->udp ? "10.0.0.3" : "10.0.0.2";
    fb_init(fb);
    fb_eth(fb, p->from_server ? client_mac : server_mac, p->from_server ? server_mac : client_mac, FB_AUTO);
    fb_ipv4(fb, p->from_server ? server : client, p->from_server ? client : server);
    if (p->udp)
        fb_udp(fb, p->from_server ? 53 : 5353, p->from_server ? 5353 : 53);
    else
        fb_tcp(fb, p->from_server ? 80 : 40000, p->from_server ? 40000 : 80, p->seq, p->ack, p->flags,
               p->from_server ? 28960 : 64240);
    fb_payload_str(fb, p->payload);
    fb_pad_to(fb, 60);
    return fb_finish(fb);
}

static void write_packet(pcap_writer *w, frame_builder *fb, int n)
{
    uint32_t len = build(fb, n);
    if (!len) {
        fprintf(stderr, "cli_capture: packet %d could not be built\n", n);
        exit(99);
    }
    pcap_writer_packet(w, 0, START_NS + (n - 1) * STEP_NS, fb->data, len, len);
}

static int usage(void)
{
    fputs("usage: cli_capture conversation OUT [FIRST LAST] | cli_capture damaged OUT header|cut\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    static frame_builder fb;
    if (argc < 3)
        return usage();
    pcap_writer *w = pcap_writer_open_pcap(argv[2], PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET,
                                           65535);
    if (strcmp(argv[1], "conversation") == 0 && (argc == 3 || argc == 5)) {
        int first = argc == 5 ? atoi(argv[3]) : 1, last = argc == 5 ? atoi(argv[4]) : N_PACKETS;
        if (first < 1 || last > N_PACKETS || first > last)
            return usage();
        for (int n = first; n <= last; n++)
            write_packet(w, &fb, n);
        pcap_writer_close(w);
        return 0;
    }
    if (strcmp(argv[1], "damaged") != 0 || argc != 4)
        return usage();
    for (int n = 1; n <= 3; n++)
        write_packet(w, &fb, n);
    uint64_t damage = pcap_writer_offset(w);
    if (strcmp(argv[3], "header") == 0) {
        uint8_t record[16] = { 0 };
        pcap_writer_put32(record + 8, 16u << 20, PCAP_WRITER_LITTLE_ENDIAN);
        pcap_writer_put32(record + 12, 16u << 20, PCAP_WRITER_LITTLE_ENDIAN);
        pcap_writer_raw(w, record, sizeof record);
        pcap_writer_close(w);
    } else if (strcmp(argv[3], "cut") == 0) {
        char whole[4096];
        snprintf(whole, sizeof whole, "%s.whole", argv[2]);
        pcap_writer_close(w);
        w = pcap_writer_open_pcap(whole, PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET, 65535);
        for (int n = 1; n <= 4; n++)
            write_packet(w, &fb, n);
        pcap_writer_close(w);
        pcap_writer_copy_cut(whole, argv[2], damage + 16 + 10);
        remove(whole);
    } else {
        pcap_writer_close(w);
        return usage();
    }
    printf("%llu\n", (unsigned long long)damage);
    return 0;
}
