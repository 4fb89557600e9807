/* pcap_read_loop.c — the benchmark baseline: read every packet of a capture file with libpcap's
 * pcap_next_ex and touch its bytes, nothing else. rowtap's times are reported as ratios to it. */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: pcap_read_loop FILE\n");
        return 2;
    }
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(argv[1], err);
    if (!p) {
        fprintf(stderr, "pcap_read_loop: %s\n", err);
        return 1;
    }
    struct pcap_pkthdr *hdr;
    const u_char *data;
    uint64_t packets = 0, bytes = 0, sum = 0;
    int rc;
    while ((rc = pcap_next_ex(p, &hdr, &data)) == 1) {
        packets++;
        bytes += hdr->caplen;
        sum += data[0] + data[hdr->caplen - 1];
    }
    if (rc == PCAP_ERROR)
        fprintf(stderr, "pcap_read_loop: %s\n", pcap_geterr(p));
    pcap_close(p);
    printf("%llu packets %llu bytes (checksum %llu)\n", (unsigned long long)packets, (unsigned long long)bytes,
           (unsigned long long)sum);
    return rc == PCAP_ERROR;
}
