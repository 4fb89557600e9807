/* gen_ntp.h — NTPv4 messages (RFC 5905) of the generated captures: a client's request and a
 * server's reply, 48 bytes each, timestamps from capture times in ns. */
#ifndef ROWTAP_GEN_NTP_H
#define ROWTAP_GEN_NTP_H

#include <stdint.h>

#define GEN_NTP_LEN 48

/* A client (mode 3) request whose transmit timestamp is sent_ns. */
void gen_ntp_request(uint8_t out[GEN_NTP_LEN], int64_t sent_ns);
/* A server (mode 4) reply to request: stratum, reference ID, reference, receive and transmit
 * times; the origin timestamp is the request's transmit timestamp. */
void gen_ntp_reply(uint8_t out[GEN_NTP_LEN], const uint8_t request[GEN_NTP_LEN], uint8_t stratum,
                   const uint8_t reference_id[4], int64_t reference_ns, int64_t receive_ns,
                   int64_t transmit_ns);

#endif
