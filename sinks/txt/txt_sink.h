/* txt_sink.h — the txt sink, built into the rowtap binary (not a loadable module): the classic
 * Tranalyzer2 text files <prefix>_flows.txt (or standard output with -w -), <prefix>_packets.txt
 * (with -s) and <prefix>_headers.txt, byte for byte as T2-COMPAT §1, §2 and §9 define them. */
#ifndef ROWTAP_TXT_SINK_H
#define ROWTAP_TXT_SINK_H

#include "rowtap/sink.h"

/* The sink descriptor ("-o txt"). open() creates the files, writes the whole dictionary and
 * renders the column-name rows; write() renders a batch and writes the text collected so far
 * whenever it reaches TXT_SINK_CHUNK_BYTES; flush() and close() write what is left. A write
 * error is logged with the file name and the reason and returns RT_SINK_FATAL. stats() counts
 * rows and bytes once they have been written (bytes include the column-name row). */
extern const rt_sink txt_sink;

/* Size of the text collected before it is written (txt_output.h). */
#define TXT_SINK_CHUNK_BYTES (1u << 20)

#endif
