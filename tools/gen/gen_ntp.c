/* gen_ntp.c — NTPv4 request and reply (see gen_ntp.h). */
#include <string.h>

#include "gen_ntp.h"

#define NTP_UNIX_OFFSET 2208988800u /* seconds from 1900 to 1970 */

/* A 64-bit NTP timestamp: seconds since 1900 and a binary fraction. */
static void put_time(uint8_t *p, int64_t ns)
{
    uint64_t seconds = (uint64_t)(ns / 1000000000) + NTP_UNIX_OFFSET;
    uint64_t fraction = ((uint64_t)(ns % 1000000000) << 32) / 1000000000u;
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(seconds >> (24 - 8 * i));
        p[4 + i] = (uint8_t)(fraction >> (24 - 8 * i));
    }
}

void gen_ntp_request(uint8_t out[GEN_NTP_LEN], int64_t sent_ns)
{
    memset(out, 0, GEN_NTP_LEN);
    out[0] = 0x23; /* no leap warning, version 4, client */
    out[2] = 6;    /* poll 64 s */
    out[3] = 0xe9; /* precision 2^-23 s */
    put_time(out + 40, sent_ns);
}

void gen_ntp_reply(uint8_t out[GEN_NTP_LEN], const uint8_t request[GEN_NTP_LEN], uint8_t stratum,
                   const uint8_t reference_id[4], int64_t reference_ns, int64_t receive_ns,
                   int64_t transmit_ns)
{
    memset(out, 0, GEN_NTP_LEN);
    out[0] = 0x24; /* version 4, server */
    out[1] = stratum;
    out[2] = 6;
    out[3] = 0xe9;
    out[6] = 0x01; /* root delay and dispersion: a few milliseconds */
    out[7] = 0x20;
    out[10] = 0x02;
    out[11] = 0x10;
    memcpy(out + 12, reference_id, 4);
    put_time(out + 16, reference_ns);
    memcpy(out + 24, request + 40, 8);
    put_time(out + 32, receive_ns);
    put_time(out + 40, transmit_ns);
}
