/* txt_dictionary.h — the column dictionary <prefix>_headers.txt (T2-COMPAT §9). */
#ifndef ROWTAP_TXT_DICTIONARY_H
#define ROWTAP_TXT_DICTIONARY_H

#include "buffer.h"
#include "rowtap/module.h"

/* Appends the whole dictionary of the run: the comment block (start time, program version,
 * sensor ID, command line, plugins), the flow section, and the packet section when
 * run->schemas[RT_STREAM_PACKETS] is set. flow_file and packet_file are the file names shown
 * in the section lines. */
void txt_dictionary_render(rt_buffer *out, const rt_run *run, const char *flow_file,
                           const char *packet_file);
/* Appends one section of the dictionary: a "#" line, "# <title> columns (<file>)", the
 * "# Col No." line, then one row per column (number, type code, name, description). Also used
 * by `rowtap --schema=txt`. */
void txt_dictionary_section(rt_buffer *out, const char *title, const char *file, const rt_schema *schema);

#endif
