/* fuzz_memfile.c — one memfd reused for every input: truncated, filled, read through its
 * /proc/self/fd path (each open() of that path starts at offset 0). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_memfile.h"

static void fuzz_memfile_fail(const char *what)
{
    perror(what);
    exit(1);
}

const char *fuzz_memfile(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("fuzz-input", MFD_CLOEXEC);
        if (fd < 0)
            fuzz_memfile_fail("fuzz_memfile: memfd_create");
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) < 0)
        fuzz_memfile_fail("fuzz_memfile: ftruncate");
    for (size_t done = 0; done < size;) {
        ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
        if (n <= 0)
            fuzz_memfile_fail("fuzz_memfile: pwrite");
        done += (size_t)n;
    }
    return path;
}
