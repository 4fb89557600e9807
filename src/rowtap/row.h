/* rowtap/row.h — writing typed rows.
 *
 * A plugin writes the values of its own columns, in the order it declared them, with one call
 * per value. The core checks every call against the declared type and aborts the run with a
 * message naming the plugin and the column when a plugin writes the wrong type or the wrong
 * number of columns: such an error is a bug in the plugin, caught by its first test run.
 *
 * Per column, exactly one of:
 *   - one value call (non-repeated, non-compound column);
 *   - rt_row_absent() — the value is absent (packet rows only; an empty field in the text file);
 *   - rt_row_repeat(row, n) followed by n values (repeated column); n may be 0;
 *   - for a compound column, one value per part in order (after rt_row_repeat when repeated).
 * Integer and bit-field calls accept both the Uxx and the Hxx type of the same width; string calls
 * accept S and SC. Every function accepts row == NULL and then does nothing, so a plugin may call
 * them unconditionally (the packet callback receives NULL when packet rows are not written).
 * Only the analyzer thread writes rows. */
#ifndef ROWTAP_ROW_H
#define ROWTAP_ROW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rt_row rt_row;

void rt_row_absent(rt_row *row);
void rt_row_repeat(rt_row *row, uint32_t count);

void rt_row_i8(rt_row *row, int8_t value);
void rt_row_i16(rt_row *row, int16_t value);
void rt_row_i32(rt_row *row, int32_t value);
void rt_row_i64(rt_row *row, int64_t value);
void rt_row_u8(rt_row *row, uint8_t value);   /* U8 or H8 */
void rt_row_u16(rt_row *row, uint16_t value); /* U16 or H16 */
void rt_row_u32(rt_row *row, uint32_t value); /* U32 or H32 */
void rt_row_u64(rt_row *row, uint64_t value); /* U64 or H64 */
void rt_row_float(rt_row *row, float value);  /* F */
void rt_row_double(rt_row *row, double value);/* D */
void rt_row_char(rt_row *row, char value);    /* C */
/* S or SC: len bytes (no terminator needed; any bytes allowed, escaping is the sink's job). */
void rt_row_string(rt_row *row, const char *value, size_t len);
void rt_row_cstring(rt_row *row, const char *value);
void rt_row_time(rt_row *row, int64_t ns);      /* TS: nanoseconds since the Unix epoch */
void rt_row_duration(rt_row *row, int64_t ns);  /* DUR: nanoseconds, may be negative */
void rt_row_mac(rt_row *row, const uint8_t mac[6]);
void rt_row_ip4(rt_row *row, const uint8_t addr[4]);
void rt_row_ip6(rt_row *row, const uint8_t addr[16]);
/* IPX: version 4 (addr holds 4 bytes), 6 (16 bytes) or 0 (no address, addr ignored). */
void rt_row_ipx(rt_row *row, int version, const uint8_t *addr);
void rt_row_bytes(rt_row *row, const uint8_t *data, size_t len); /* BIN */

#ifdef __cplusplus
}
#endif
#endif
