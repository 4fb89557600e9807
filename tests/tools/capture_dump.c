/* capture_dump.c — test tool: reads capture files with rowtap's reader and prints one line per
 * frame: time in seconds with 9 decimals, captured length, wire length, link type (tab
 * separated). Errors go to standard error as "error: <message>"; the exit status is 1 when any
 * was met, 2 when nothing could be opened.
 * Usage: capture_dump [-f FILTER] FILE... */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "capture.h"

/* Prints ns since the epoch as seconds with 9 decimals. */
static void print_time(int64_t time)
{
    uint64_t magnitude = time < 0 ? -(uint64_t)time : (uint64_t)time;
    printf("%s%" PRIu64 ".%09" PRIu64, time < 0 ? "-" : "", magnitude / 1000000000u, magnitude % 1000000000u);
}

int main(int argc, char **argv)
{
    const char *filter = NULL;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "-f") == 0) {
        filter = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: capture_dump [-f FILTER] FILE...\n");
        return 2;
    }
    char err[1024];
    capture *cap = capture_open_files((const char *const *)argv + first, (size_t)(argc - first), err, sizeof err);
    if (!cap) {
        fprintf(stderr, "error: %s\n", err);
        return 2;
    }
    if (filter && capture_set_filter(cap, filter, err, sizeof err) < 0) {
        fprintf(stderr, "error: %s\n", err);
        capture_close(cap);
        return 2;
    }
    int status = 0;
    capture_frame frame;
    capture_result r;
    while ((r = capture_next(cap, &frame)) != CAPTURE_END) {
        if (r == CAPTURE_ERROR) {
            fprintf(stderr, "error: %s\n", capture_error(cap));
            status = 1;
            continue;
        }
        print_time(frame.time);
        printf("\t%" PRIu32 "\t%" PRIu32 "\t%" PRIu32 "\n", frame.caplen, frame.wirelen, frame.linktype);
    }
    capture_close(cap);
    return status;
}
