/* schema_export.c — `rowtap --schema=FORMAT`: choosing the format and printing it. */
#include <string.h>

#include "schema_export.h"
#include "schema_sql.h"
#include "txt_dictionary.h"

/* The column rows of _headers.txt, one section per stream, after a line naming the plugins. */
static void export_txt(rt_buffer *out, const rt_schema *const schemas[RT_STREAM_COUNT], rt_module *const *plugins,
                       size_t n_plugins)
{
    static const char title[] = "# rowtap column dictionary; plugins:";
    buffer_append(out, title, sizeof title - 1);
    for (size_t i = 0; i < n_plugins; i++) {
        buffer_append(out, i ? ", " : " ", i ? 2 : 1);
        buffer_append(out, plugins[i]->name, strlen(plugins[i]->name));
    }
    buffer_append(out, "\n", 1);
    txt_dictionary_section(out, "Flow", "PREFIX_flows.txt", schemas[RT_STREAM_FLOWS]);
    if (schemas[RT_STREAM_PACKETS])
        txt_dictionary_section(out, "Packet", "PREFIX_packets.txt", schemas[RT_STREAM_PACKETS]);
}

int schema_export_print(FILE *out, const char *format, const rt_schema *const schemas[RT_STREAM_COUNT],
                        rt_module *const *plugins, size_t n_plugins, rt_module *const *sinks, size_t n_sinks,
                        char *err, size_t err_size)
{
    if (strcmp(format, "sql") == 0)
        return schema_sql_print(out, schemas, sinks, n_sinks, err, err_size);
    rt_buffer text = { 0 };
    if (strcmp(format, "json") == 0)
        schema_export_json(&text, schemas, plugins, n_plugins);
    else
        export_txt(&text, schemas, plugins, n_plugins);
    int rc = fwrite(text.data, 1, text.len, out) == text.len ? 0 : -1;
    if (rc < 0)
        snprintf(err, err_size, "cannot write the schema to standard output");
    buffer_free(&text);
    return rc;
}
