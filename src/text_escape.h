/* text_escape.h — the text of strings (T2-COMPAT §2.5) and of payload bytes (§2.6). Each
 * function writes at `p`, which must have room for the stated maximum, adds no terminator and
 * returns the position after the last character. The results never contain TAB or LF. */
#ifndef ROWTAP_TEXT_ESCAPE_H
#define ROWTAP_TEXT_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

/* Room needed per input byte by text_escape_string ("\u001b") and text_escape_payload ("\n"). */
#define TEXT_ESCAPE_STRING_MAX_PER_BYTE 6
#define TEXT_ESCAPE_PAYLOAD_MAX_PER_BYTE 2
/* Room text_escape_payload needs for len bytes: it writes 16-byte blocks and may store up to 16
 * bytes beyond the end of its text. */
#define TEXT_ESCAPE_PAYLOAD_ROOM(len) ((size_t)(len) * TEXT_ESCAPE_PAYLOAD_MAX_PER_BYTE + 16)

/* A string value: \b \f \n \r \t \v \\ \" for those bytes, \u00xx for the other bytes below 0x20
 * and 0x7f, well-formed UTF-8 sequences (Unicode Table 3-7: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no truncation) copied, and '.' for every byte that is not part of a
 * well-formed sequence. No quotes are added. */
char *text_escape_string(char *p, const uint8_t *s, size_t len);
/* Payload bytes: \b \f \n \r \t \v \\ for those bytes, printable ASCII 0x20-0x7e copied, '.' for
 * every other byte. `p` needs TEXT_ESCAPE_PAYLOAD_ROOM(len) bytes. */
char *text_escape_payload(char *p, const uint8_t *s, size_t len);

#endif
