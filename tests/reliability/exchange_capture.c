/* exchange_capture.c — writes the mixed exchange of tests/lib/sample_traffic.h (20 packets, 13
 * flow directions) as a classic pcap (Ethernet, microseconds, little-endian):
 *   exchange_capture OUT [FIRST LAST [records]]
 * packets FIRST..LAST (0-based, default all); with "records", only their records, without the
 * file header (to be appended to a file or written into a FIFO after an earlier part).
 * Exit status 0, 2 for a usage error (the writer stops with 99 when it cannot write). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample_traffic.h"

#define PCAP_FILE_HEADER 24

/* Writes the records of the pcap file `whole` (size bytes, written here) to `out`, without the file
 * header, and removes `whole`. Returns 0 or -1. */
static int copy_records(const char *whole, const char *out, uint64_t size)
{
    static unsigned char bytes[1 << 16];
    FILE *in = fopen(whole, "rb");
    size_t n = in ? fread(bytes, 1, sizeof bytes, in) : 0;
    if (in)
        fclose(in);
    remove(whole);
    FILE *f = n == size ? fopen(out, "wb") : NULL;
    if (!f)
        return -1;
    size_t records = n - PCAP_FILE_HEADER;
    int ok = fwrite(bytes + PCAP_FILE_HEADER, 1, records, f) == records;
    return fclose(f) == 0 && ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 4 && !(argc == 5 && strcmp(argv[4], "records") == 0)) {
        fprintf(stderr, "usage: exchange_capture OUT [FIRST LAST [records]]\n");
        return 2;
    }
    unsigned first = argc > 2 ? (unsigned)atoi(argv[2]) : 0;
    unsigned last = argc > 2 ? (unsigned)atoi(argv[3]) : SAMPLE_EXCHANGE_PACKETS - 1;
    if (first > last || last >= SAMPLE_EXCHANGE_PACKETS) {
        fprintf(stderr, "exchange_capture: packets are numbered 0 to %u\n", SAMPLE_EXCHANGE_PACKETS - 1);
        return 2;
    }
    char whole[4200];
    snprintf(whole, sizeof whole, "%s.whole", argv[1]);
    const char *path = argc == 5 ? whole : argv[1];
    pcap_writer *w = pcap_writer_open_pcap(path, PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET, 65535);
    sample_exchange_write(w, 0, first, last, 0);
    uint64_t size = pcap_writer_offset(w);
    pcap_writer_close(w);
    if (argc == 5 && copy_records(whole, argv[1], size) < 0) {
        fprintf(stderr, "exchange_capture: cannot write %s\n", argv[1]);
        return 99;
    }
    return 0;
}
