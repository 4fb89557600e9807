/* gen_sample.c — the bundled sample capture: the parts of sample_part.h in order, starting
 * on 2024-06-03 09:30:00 UTC. */
#include "gen_sample.h"
#include "sample_part.h"

#define SAMPLE_START_NS (1717407000LL * 1000000000LL)

unsigned long gen_sample_write(const char *path)
{
    static void (*const parts[])(sample_ctx *) = {
        sample_part_layer2, sample_part_udp, sample_part_web, sample_part_ftp,
        sample_part_tcp_edges, sample_part_icmp, sample_part_ip, sample_part_tunnels,
        sample_part_flows, sample_part_idle_restart,
    };
    pcap_writer *w = pcap_writer_open_pcap(path, PCAP_WRITER_LITTLE_ENDIAN, 0,
                                           PCAP_WRITER_LINKTYPE_ETHERNET, 65535);
    sample_ctx c;
    sample_ctx_init(&c, w, SAMPLE_START_NS);
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        parts[i](&c);
        c.now += 250 * 1000000LL; /* a quarter second between parts */
    }
    pcap_writer_close(w);
    return (unsigned long)c.frames;
}
