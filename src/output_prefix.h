/* output_prefix.h — the output prefix rules of T2-COMPAT §1 (-w), and creating its folders. */
#ifndef ROWTAP_OUTPUT_PREFIX_H
#define ROWTAP_OUTPUT_PREFIX_H

#include <stddef.h>

/* Computes the prefix. `input` is the input path ("-" for stdin, NULL for live), `interface` the
 * live interface (or NULL), `write` the -w argument (or NULL). Sets *flows_to_stdout for "-w -".
 * Creates missing folders of a literal prefix (and a -w folder given with a trailing '/').
 * Returns 0, or -1 with a message in err. The prefix is used as given: never shell-expanded. */
int output_prefix_make(const char *input, const char *interface, const char *write, char *out,
                       size_t out_size, int *flows_to_stdout, char *err, size_t err_size);

#endif
