/* schema_export.h — `rowtap --schema=FORMAT [-s] [-b plugins]`: the columns of the streams of a
 * run, printed without reading any input — the column dictionary of _headers.txt (txt), a JSON
 * description (json, schema/README.md) or the PostgreSQL tables of the pgsql sink (sql). The
 * reference files in schema/ are made this way (`make update-schema`). */
#ifndef ROWTAP_SCHEMA_EXPORT_H
#define ROWTAP_SCHEMA_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "buffer.h"
#include "module_internal.h"
#include "rowtap/schema.h"

/* The formats, as named after --schema= (separated by ", "). */
#define SCHEMA_EXPORT_FORMATS "txt, json, sql"

/* Prints the streams of `schemas` (schemas[RT_STREAM_PACKETS] is NULL without -s) in `format`.
 * `plugins` name the columns' owners; `sinks` give the pgsql table options (sql). Returns 0, or
 * -1 with a message in err. */
int schema_export_print(FILE *out, const char *format, const rt_schema *const schemas[RT_STREAM_COUNT],
                        rt_module *const *plugins, size_t n_plugins, rt_module *const *sinks, size_t n_sinks,
                        char *err, size_t err_size);

/* Appends the JSON description of the streams and of the plugins that declared their columns. */
void schema_export_json(rt_buffer *out, const rt_schema *const schemas[RT_STREAM_COUNT],
                        rt_module *const *plugins, size_t n_plugins);

#endif
