/* flow_flood.c — writes a classic pcap (Ethernet, microseconds) of COUNT single-packet UDP flows,
 * every one unique and none the reverse of another: flow n comes from 10.(n/60000 as 3 bytes)
 * port 1024 + n % 60000 and goes to 192.0.2.1 port 53, at 1700000000 s + n µs. 60-byte frames
 * (14 Ethernet + 20 IPv4 + 8 UDP + 18 payload), written in large chunks: fast enough for millions
 * of flows through a pipe.
 *   flow_flood COUNT [OUT]      (standard output when OUT is absent or "-")
 * Exit status 0, 2 for a usage error, 99 when the output cannot be written. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAME 60
#define RECORD (16 + FRAME)
#define RECORDS_PER_CHUNK 4096
#define PORTS 60000u

static void put16be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32le(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The IPv4 header checksum of the 20 bytes at p (checksum field zero). */
static uint16_t ipv4_checksum(const uint8_t *p)
{
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void write_all(FILE *out, const void *data, size_t len)
{
    if (fwrite(data, 1, len, out) != len) {
        perror("flow_flood");
        exit(99);
    }
}

int main(int argc, char **argv)
{
    char *end;
    unsigned long long count = argc >= 2 ? strtoull(argv[1], &end, 10) : 0;
    if (argc < 2 || argc > 3 || *end || count > 0xffffffffull * PORTS) {
        fprintf(stderr, "usage: flow_flood COUNT [OUT]\n");
        return 2;
    }
    FILE *out = argc == 3 && strcmp(argv[2], "-") != 0 ? fopen(argv[2], "wb") : stdout;
    if (!out) {
        perror(argv[2]);
        return 99;
    }
    uint8_t header[24] = { 0 };
    put32le(header, 0xa1b2c3d4);
    header[4] = 2;
    header[6] = 4;
    put32le(header + 16, 65535);
    put32le(header + 20, 1);
    write_all(out, header, sizeof header);

    static const uint8_t frame[FRAME] = {
        0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,             /* Ethernet */
        0x45, 0, 0, 46, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 0, 192, 0, 2, 1,  /* IPv4 */
        0, 0, 0, 53, 0, 26, 0, 0,                                                /* UDP */
        'r', 'o', 'w', 't', 'a', 'p', ' ', 'f', 'l', 'o', 'w', ' ', 'f', 'l', 'o', 'o', 'd', '\n',
    };
    static uint8_t chunk[RECORDS_PER_CHUNK * RECORD];
    size_t used = 0;
    for (unsigned long long n = 0; n < count; n++) {
        uint8_t *rec = chunk + used;
        uint64_t us = n;
        put32le(rec, (uint32_t)(1700000000u + us / 1000000));
        put32le(rec + 4, (uint32_t)(us % 1000000));
        put32le(rec + 8, FRAME);
        put32le(rec + 12, FRAME);
        uint8_t *f = rec + 16;
        memcpy(f, frame, FRAME);
        uint64_t host = n / PORTS;
        f[27] = (uint8_t)(host >> 16);
        f[28] = (uint8_t)(host >> 8);
        f[29] = (uint8_t)host;
        put16be(f + 24, ipv4_checksum(f + 14));
        put16be(f + 34, 1024 + (uint32_t)(n % PORTS));
        used += RECORD;
        if (used == sizeof chunk) {
            write_all(out, chunk, used);
            used = 0;
        }
    }
    write_all(out, chunk, used);
    if (fclose(out) != 0) {
        perror("flow_flood");
        return 99;
    }
    return 0;
}
