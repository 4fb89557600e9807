/* txt_dictionary.c — writing the column dictionary: a comment block describing the run, then
 * one section per stream listing column number, type code, name and description. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "text_number.h"
#include "txt_dictionary.h"

/* Appends printf-style text (the dictionary is written once per run, not on the hot path). */
static void __attribute__((format(printf, 2, 3))) append_format(rt_buffer *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    char *p = (char *)buffer_reserve(out, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    out->len += (size_t)n;
}

/* "<seconds>.<fraction> sec (<Www DD Mon YYYY HH:MM:SS> UTC)" of a wall-clock time in ns. The
 * names are English whatever the locale. */
static void append_date(rt_buffer *out, int64_t ns, int time_digits)
{
    static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    char seconds_text[TEXT_NUMBER_MAX];
    *text_number_time(seconds_text, ns, time_digits) = '\0';
    time_t seconds = (time_t)(ns / 1000000000);
    if (ns < 0 && ns % 1000000000)
        seconds--;
    struct tm tm;
    if (!gmtime_r(&seconds, &tm)) {
        append_format(out, "%s sec", seconds_text);
        return;
    }
    append_format(out, "%s sec (%s %02d %s %d %02d:%02d:%02d UTC)", seconds_text, days[tm.tm_wday],
                  tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void txt_dictionary_section(rt_buffer *out, const char *title, const char *file, const rt_schema *schema)
{
    append_format(out, "#\n# %s columns (%s)\n# Col No.\tType\tName\tDescription\n", title, file);
    for (unsigned c = 0; c < schema->n_columns; c++) {
        const rt_column *column = schema->columns[c].column;
        char code[128];
        rt_column_type_code(column, code, sizeof code);
        append_format(out, "%u\t%s\t%s\t%s\n", c + 1, code, column->name,
                      column->description ? column->description : "");
    }
}

void txt_dictionary_render(rt_buffer *out, const rt_run *run, const char *flow_file,
                           const char *packet_file)
{
    append_format(out, "# Date: ");
    append_date(out, run->start_time, run->time_digits == 9 ? 9 : 6);
    append_format(out, "\n# rowtap %s\n# Sensor ID: %llu\n# Command line: %s\n# Plugins loaded:\n",
                  run->program_version ? run->program_version : "",
                  (unsigned long long)run->sensor_id, run->command_line ? run->command_line : "");
    for (unsigned i = 0; i < run->n_plugins; i++)
        append_format(out, "#   %u: %s, %s\n", i + 1, run->plugin_names[i], run->plugin_versions[i]);
    if (run->schemas[RT_STREAM_FLOWS])
        txt_dictionary_section(out, "Flow", flow_file, run->schemas[RT_STREAM_FLOWS]);
    if (run->schemas[RT_STREAM_PACKETS])
        txt_dictionary_section(out, "Packet", packet_file, run->schemas[RT_STREAM_PACKETS]);
}
