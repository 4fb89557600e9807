/* alltypes.h — test data for the row sinks: one schema per stream that uses every catalog type,
 * repeated columns, compounds and a repeated compound, and rows written through the real row
 * writer with typical, extreme, large and absent values. The values are listed in alltypes.c so
 * that a test can state what each sink must produce for them. */
#ifndef ROWTAP_TEST_ALLTYPES_H
#define ROWTAP_TEST_ALLTYPES_H

#include "buffer.h"
#include "schema_registry.h"
#include "rowtap/sink.h"

/* Rows alltypes_write_row can write:
 *   0 typical values (the T2-COMPAT examples);
 *   1 extremes: minima and maxima, negative and pre-1970 times, escapes and invalid UTF-8,
 *     empty strings, empty repetitions;
 *   2 large: 300 repetitions, strings and bytes beyond 16-bit lengths;
 *   3 flows: "no address" in every IPX position; packets: every column absent. */
#define ALLTYPES_ROWS 4u

/* Number of columns of the schema (the same columns in both streams). */
#define ALLTYPES_COLUMNS 33u

/* Builds the schema of `stream` in reg (columns owned by "core" and "allTypes"). */
const rt_schema *alltypes_schema(schema_registry *reg, rt_stream stream);
/* Appends row `variant` (0 .. ALLTYPES_ROWS-1) of `schema` to `out`. */
void alltypes_write_row(rt_buffer *out, const rt_schema *schema, unsigned variant);
/* Fills `storage` with rows 0 .. ALLTYPES_ROWS-1 and describes them as a batch. */
void alltypes_batch(rt_batch *batch, rt_buffer *storage, const rt_schema *schema);

#endif
