/* rowtap_cat.c — rowtap-cat: decodes msgpack stream files of the msgpack sink (schema/msgpack.md)
 * without any plugin and prints them as the classic text format (byte for byte what the txt sink
 * writes, through the same renderer), as JSON lines (--json), or prints their header (--schema).
 * Exit status: 0 every file was complete and valid; 1 a file was unreadable, truncated or corrupt
 * (every complete row before the problem is printed); 2 bad command line. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_render.h"
#include "mp_file.h"
#include "text_render.h"
#include "time_format.h"

#define OUTPUT_CHUNK (1u << 20)

typedef enum cat_mode { CAT_TEXT, CAT_JSON, CAT_SCHEMA } cat_mode;

static void usage(FILE *to)
{
    fputs("Usage: rowtap-cat [--json | --schema] FILE.msgpack...\n"
          "Prints the rows of msgpack files written by rowtap's msgpack sink (-o msgpack).\n"
          "  (default)     the classic text format, exactly as the txt sink writes it\n"
          "  -j, --json    one JSON object per row\n"
          "  -S, --schema  the file's header: run information and column dictionary\n"
          "  -h, --help    this text\n"
          "FILE '-' reads standard input. Exit status: 0 all files complete and valid,\n"
          "1 a file could not be read or is truncated or corrupt (rows before the problem\n"
          "are printed), 2 bad command line.\n",
          to);
}

/* Writes and empties the output buffer; exits when standard output fails. */
static void flush_output(rt_buffer *out)
{
    size_t done = 0;
    while (done < out->len) {
        ssize_t n = write(STDOUT_FILENO, out->data + done, out->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "rowtap-cat: error: cannot write the output: %s\n", n < 0 ? strerror(errno) : "no progress");
            exit(1);
        }
        done += (size_t)n;
    }
    out->len = 0;
}

static void put_line(rt_buffer *out, const char *label, const char *value)
{
    if (!value)
        return;
    char *line;
    int n = asprintf(&line, "# %s: %s\n", label, value);
    if (n > 0) {
        buffer_append(out, line, (size_t)n);
        free(line);
    }
}

/* The header in the layout of _headers.txt (T2-COMPAT §9), with the owning plugin added. */
static void print_schema(rt_buffer *out, const mp_header *h)
{
    char text[160], date[64];
    snprintf(text, sizeof text, "%u", h->version);
    put_line(out, "rowtap msgpack format version", text);
    put_line(out, "Stream", rt_stream_name(h->stream));
    put_line(out, "Producer", h->producer);
    snprintf(text, sizeof text, "%llu", (unsigned long long)h->sensor_id);
    put_line(out, "Sensor ID", h->has_sensor_id ? text : NULL);
    put_line(out, "Time precision", h->time_digits == 9 ? "ns" : "us");
    put_line(out, "Schema hash", h->hash_hex);
    put_line(out, "Run ID", h->run_id);
    if (h->has_start_time) {
        time_format_seconds(text, sizeof text, h->start_time, h->time_digits);
        time_format_utc(date, sizeof date, h->start_time);
        size_t n = strlen(text);
        snprintf(text + n, sizeof text - n, " sec (%s UTC)", date);
        put_line(out, "Start time", text);
    }
    put_line(out, "Command line", h->command_line);
    if (h->plugin_names) {
        static const char plugins[] = "# Plugins loaded:\n";
        buffer_append(out, plugins, sizeof plugins - 1);
        for (unsigned i = 0; i < h->n_plugins; i++) {
            int n = snprintf(text, sizeof text, "#   %u: %s, %s\n", i + 1,
                             h->plugin_names[i] ? h->plugin_names[i] : "?",
                             h->plugin_versions[i] ? h->plugin_versions[i] : "?");
            buffer_append(out, text, n < (int)sizeof text ? (size_t)n : sizeof text - 1);
        }
    }
    static const char heading[] = "# Col No.\tType\tName\tDescription\tPlugin\n";
    buffer_append(out, heading, sizeof heading - 1);
    for (unsigned i = 0; i < h->schema->n_columns; i++) {
        const rt_schema_column *sc = &h->schema->columns[i];
        char code[160];
        rt_column_type_code(sc->column, code, sizeof code);
        char *line;
        int n = asprintf(&line, "%u\t%s\t%s\t%s\t%s\n", sc->number, code, sc->column->name,
                         sc->column->description ? sc->column->description : "", sc->owner);
        if (n > 0) {
            buffer_append(out, line, (size_t)n);
            free(line);
        }
    }
}

/* Prints the rows of an open file; returns 0, or -1 after a decoding error (already recorded). */
static int print_rows(mp_file *f, cat_mode mode, rt_buffer *out)
{
    const mp_header *h = mp_file_header(f);
    text_style style = text_style_for(h->stream, h->time_digits);
    if (mode == CAT_TEXT)
        text_render_names(out, h->schema);
    rt_buffer rows = { 0 };
    long n;
    while ((n = mp_file_read_rows(f, &rows, OUTPUT_CHUNK)) > 0) {
        rt_batch batch = { h->stream, h->schema, (uint32_t)n, rows.len, rows.data };
        rt_cursor cursor;
        rt_cursor_init(&cursor, &batch);
        for (long i = 0; i < n; i++) {
            if (mode == CAT_TEXT)
                text_render_row(out, h->schema, &cursor, &style);
            else
                json_render_row(out, h->schema, &cursor, h->time_digits);
            if (out->len >= OUTPUT_CHUNK)
                flush_output(out);
        }
        rows.len = 0;
    }
    buffer_free(&rows);
    return n < 0 ? -1 : 0;
}

/* Prints one file; returns 0, or 1 after printing an error. */
static int cat_file(const char *path, cat_mode mode, rt_buffer *out)
{
    int stdin_input = strcmp(path, "-") == 0;
    const char *name = stdin_input ? "(standard input)" : path;
    int fd = stdin_input ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "rowtap-cat: error: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    mp_file *f = mp_file_open_fd(fd, name);
    if (!f) {
        fprintf(stderr, "rowtap-cat: error: out of memory\n");
        exit(1);
    }
    int status = 0;
    if (mp_file_read_header(f) < 0)
        status = 1;
    else if (mode == CAT_SCHEMA)
        print_schema(out, mp_file_header(f));
    else if (print_rows(f, mode, out) < 0)
        status = 1;
    flush_output(out);
    if (status)
        fprintf(stderr, "rowtap-cat: error: %s\n", mp_file_error(f));
    mp_file_close(f);
    if (!stdin_input)
        close(fd);
    return status;
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        { "json", no_argument, NULL, 'j' },
        { "schema", no_argument, NULL, 'S' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    cat_mode mode = CAT_TEXT;
    int c;
    while ((c = getopt_long(argc, argv, "jSh", long_options, NULL)) != -1) {
        switch (c) {
        case 'j':
            mode = CAT_JSON;
            break;
        case 'S':
            mode = CAT_SCHEMA;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind == argc) {
        fputs("rowtap-cat: error: no file given\n", stderr);
        usage(stderr);
        return 2;
    }
    rt_buffer out = { 0 };
    int status = 0;
    for (int i = optind; i < argc; i++)
        status |= cat_file(argv[i], mode, &out);
    buffer_free(&out);
    return status;
}
