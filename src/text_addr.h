/* text_addr.h — the text of MAC, IPv4 and IPv6 addresses (T2-COMPAT §2.2). Each function writes
 * at `p`, which must have room for the stated maximum, adds no terminator and returns the
 * position after the last character. */
#ifndef ROWTAP_TEXT_ADDR_H
#define ROWTAP_TEXT_ADDR_H

#include <stdint.h>

/* Room needed by any function of this file. */
#define TEXT_ADDR_MAX 39

/* Six lower-case two-digit hex groups joined by ':' (17 characters). */
char *text_addr_mac(char *p, const uint8_t mac[6]);
/* Dotted quad, at most 15 characters. */
char *text_addr_ip4(char *p, const uint8_t addr[4]);
/* RFC 5952 form, at most 39 characters: lower-case hex without leading zeros, the longest run
 * of two or more zero groups replaced by "::" (the first such run on a tie), a single zero
 * group written as "0". IPv4-mapped addresses (::ffff:0:0/96, RFC 4291 §2.5.5.2) are written
 * in the mixed notation that RFC 5952 §5 recommends for a well-known prefix, e.g.
 * "::ffff:192.0.2.1". All other addresses, including the deprecated IPv4-compatible ::/96 (so
 * "::1" stays "::1") and the RFC 6052 prefix 64:ff9b::/96, are written in hex only. */
char *text_addr_ip6(char *p, const uint8_t addr[16]);

#endif
