/* mp_file.h — reading a whole msgpack stream file (schema/msgpack.md) from a file descriptor or
 * from memory: the header, then rows in chunks, in bounded memory. Errors name the file and the
 * byte offset; every complete row before an error is delivered first. */
#ifndef ROWTAP_MP_FILE_H
#define ROWTAP_MP_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "mp_header.h"

typedef struct mp_file mp_file;

/* Reads from `fd` (not closed by mp_file_close); `name` names the file in messages. NULL when
 * out of memory. */
mp_file *mp_file_open_fd(int fd, const char *name);
/* Reads the `len` bytes at `data`, which must stay valid until mp_file_close. */
mp_file *mp_file_open_memory(const uint8_t *data, size_t len, const char *name);
/* Reads and checks the header. Returns 0, or -1 (see mp_file_error). */
int mp_file_read_header(mp_file *f);
/* The header, after mp_file_read_header succeeded. */
const mp_header *mp_file_header(const mp_file *f);
/* Decodes rows and appends them to `out` until at least `max_bytes` have been appended or the file
 * ends. Returns the number of rows appended, 0 at the end of a complete file, -1 after an error
 * (rows decoded before the error have been returned by this or an earlier call). */
long mp_file_read_rows(mp_file *f, rt_buffer *out, size_t max_bytes);
/* The message of the last error: "<name>: byte <offset>: <problem>". */
const char *mp_file_error(const mp_file *f);
void mp_file_close(mp_file *f);

#endif
