/* fuzz_memfile.h — a fuzz input presented as a file: code that reads files by path (the capture
 * reader, the --config and -R list parsers) reads the fuzzer's bytes from memory (a memfd). */
#ifndef ROWTAP_FUZZ_MEMFILE_H
#define ROWTAP_FUZZ_MEMFILE_H

#include <stddef.h>
#include <stdint.h>

/* Replaces the content of the in-memory file with data[0..size) and returns its path
 * ("/proc/self/fd/N"), valid until the next call. Exits with a message when the kernel refuses. */
const char *fuzz_memfile(const uint8_t *data, size_t size);

#endif
