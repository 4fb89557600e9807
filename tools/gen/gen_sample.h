/* gen_sample.h — the bundled sample capture (rowtap-gen --sample) and the captures of the other
 * link types (rowtap-gen --sample-linktypes). Both are deterministic: the same program writes the
 * same bytes. */
#ifndef ROWTAP_GEN_SAMPLE_H
#define ROWTAP_GEN_SAMPLE_H

/* Writes the sample capture (classic pcap, Ethernet, microseconds) to path; returns the number of
 * frames written. Stops the program with a message when the file cannot be written. */
unsigned long gen_sample_write(const char *path);

/* Writes one capture per link type and the pcapng and nanosecond captures into the existing
 * folder dir; returns the number of files written. */
unsigned gen_sample_linktypes_write(const char *dir);

#endif
