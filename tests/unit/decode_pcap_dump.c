/* decode_pcap_dump.c — test helper: reads a capture file with libpcap (pcap_next_ex) and prints
 * one tab-separated line per frame with what the decoder made of it, for the tshark comparison
 * of test_decode_pcaps.sh. Columns: frame number, no_flow, flowStat bits (hex), numHdrs, hdrDesc,
 * IP version, source, destination, source port, destination port, L4 protocol, l7_len,
 * l7_caplen, padding, ethType (hex). Addresses and ports are "-" where the packet has none. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>

#include "decode.h"

static void print_address(const rt_packet *pkt, const uint8_t *address)
{
    char text[INET6_ADDRSTRLEN];
    if (!pkt->ip_version) {
        printf("\t-");
        return;
    }
    inet_ntop(pkt->ip_version == 4 ? AF_INET : AF_INET6, address, text, sizeof text);
    printf("\t%s", text);
}

int main(int argc, char **argv)
{
    char err[PCAP_ERRBUF_SIZE];
    if (argc != 2) {
        fprintf(stderr, "usage: %s CAPTURE\n", argv[0]);
        return 2;
    }
    pcap_t *pcap = pcap_open_offline(argv[1], err);
    if (!pcap) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    decoder *dec = decoder_new();
    struct pcap_pkthdr *header;
    const u_char *bytes;
    uint64_t number = 0;
    decoded_packet out;
    int rc;
    while ((rc = pcap_next_ex(pcap, &header, &bytes)) == 1) {
        capture_frame frame = { .data = bytes, .caplen = header->caplen, .wirelen = header->len,
                                .linktype = (uint32_t)pcap_datalink(pcap) };
        decoder_decode(dec, &frame, ++number, 0, &out);
        const rt_packet *pkt = &out.pkt;
        printf("%" PRIu64 "\t%d\t0x%016" PRIx64 "\t%u\t%.*s", number, out.no_flow, pkt->status,
               pkt->num_hdrs, (int)pkt->hdrdesc_len, pkt->hdrdesc);
        printf("\t%u", pkt->ip_version);
        print_address(pkt, pkt->src_ip);
        print_address(pkt, pkt->dst_ip);
        if (pkt->flags & RT_PKT_HAS_PORTS)
            printf("\t%u\t%u", pkt->src_port, pkt->dst_port);
        else
            printf("\t-\t-");
        printf("\t%u\t%u\t%u\t%u\t0x%04x\n", pkt->ip_version ? pkt->l4_proto : 0, pkt->l7_len,
               pkt->l7_caplen, pkt->pad_bytes, pkt->eth_type);
    }
    if (rc == -1)
        fprintf(stderr, "%s\n", pcap_geterr(pcap));
    decoder_free(dec);
    pcap_close(pcap);
    return rc == -1 ? 1 : 0;
}
