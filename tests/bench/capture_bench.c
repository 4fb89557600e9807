/* capture_bench.c — benchmark: time to read a capture file with rowtap's reader against a bare
 * libpcap pcap_next_ex loop over the same file, in the same run (best of N rounds each, the two
 * loops alternating). Both loops touch the first byte of every frame and sum the lengths.
 * Usage: capture_bench FILE [ROUNDS] */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <pcap/pcap.h>

#include "capture.h"

/* What a loop saw: frames, a checksum of lengths and first bytes, seconds taken. */
typedef struct bench_result {
    uint64_t frames, sum;
    double seconds;
} bench_result;

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench_libpcap(const char *path, bench_result *out)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    double start = bench_now();
    pcap_t *pcap = pcap_open_offline(path, errbuf);
    if (!pcap) {
        fprintf(stderr, "libpcap: %s\n", errbuf);
        return -1;
    }
    struct pcap_pkthdr *header;
    const u_char *data;
    bench_result r = { 0 };
    while (pcap_next_ex(pcap, &header, &data) == 1) {
        r.frames++;
        r.sum += header->caplen + (header->caplen ? data[0] : 0u);
    }
    pcap_close(pcap);
    r.seconds = bench_now() - start;
    *out = r;
    return 0;
}

static int bench_rowtap(const char *path, bench_result *out)
{
    char err[1024];
    double start = bench_now();
    capture *cap = capture_open_files(&path, 1, err, sizeof err);
    if (!cap) {
        fprintf(stderr, "rowtap: %s\n", err);
        return -1;
    }
    capture_frame frame;
    bench_result r = { 0 };
    while (capture_next(cap, &frame) == CAPTURE_FRAME) {
        r.frames++;
        r.sum += frame.caplen + (frame.caplen ? frame.data[0] : 0u);
    }
    capture_close(cap);
    r.seconds = bench_now() - start;
    *out = r;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: capture_bench FILE [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    bench_result best_pcap = { .seconds = 1e30 }, best_rowtap = { .seconds = 1e30 }, r;
    for (int i = 0; i < rounds; i++) {
        if (bench_libpcap(argv[1], &r) < 0)
            return 1;
        if (r.seconds < best_pcap.seconds)
            best_pcap = r;
        if (bench_rowtap(argv[1], &r) < 0)
            return 1;
        if (r.seconds < best_rowtap.seconds)
            best_rowtap = r;
    }
    if (best_pcap.frames != best_rowtap.frames || best_pcap.sum != best_rowtap.sum) {
        fprintf(stderr, "the readers disagree: libpcap %" PRIu64 " frames (sum %" PRIu64 "), rowtap %" PRIu64
                " frames (sum %" PRIu64 ")\n", best_pcap.frames, best_pcap.sum, best_rowtap.frames, best_rowtap.sum);
        return 1;
    }
    printf("frames %" PRIu64 "\nlibpcap pcap_next_ex: %.3f s (%.0f frames/s)\nrowtap capture_next:  %.3f s (%.0f "
           "frames/s)\nratio rowtap/libpcap: %.2f\n", best_pcap.frames, best_pcap.seconds,
           (double)best_pcap.frames / best_pcap.seconds, best_rowtap.seconds,
           (double)best_rowtap.frames / best_rowtap.seconds, best_rowtap.seconds / best_pcap.seconds);
    return 0;
}
