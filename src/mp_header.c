/* mp_header.c — the header map of a msgpack stream file (schema/msgpack.md §2): checks the format
 * and version, reads the column list into a schema and verifies the schema hash. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgpack_format.h"
#include "mp_header.h"

/* State of one header being read. */
typedef struct parse {
    mp_reader *r;
    mp_header *h;
    char *err;
    size_t err_size;
    const uint8_t *at;   /* start of the item read last */
} parse;

/* Reads the next item and checks its kind; `what` names it in the message. */
static int next_of(parse *p, mp_kind kind, mp_item *item, const char *what)
{
    p->at = p->r->pos;
    mp_status st = mp_reader_next(p->r, item);
    if (st != MP_OK)
        return mp_reader_error(p->r, p->at, p->err, p->err_size, "header: %s: %s", what,
                               st == MP_SHORT ? "the header ends inside it" : "invalid msgpack byte");
    if (item->kind != kind)
        return mp_reader_error(p->r, p->at, p->err, p->err_size, "header: %s: expected %s, found %s", what,
                               mp_kind_name(kind), mp_kind_name(item->kind));
    return 0;
}

static int fail(parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(parse *p, const char *fmt, ...)
{
    char text[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return mp_reader_error(p->r, p->at, p->err, p->err_size, "header: %s", text);
}

static int skip_value(parse *p)
{
    p->at = p->r->pos;
    if (mp_reader_skip(p->r) != MP_OK)
        return fail(p, "a value is not valid msgpack");
    return 0;
}

/* Does a str item equal a C string? */
static int str_is(const mp_item *item, const char *text)
{
    return item->len == strlen(text) && memcmp(item->body, text, item->len) == 0;
}

/* Reads a str into a new C string (no zero bytes allowed). */
static int read_string(parse *p, const char *what, char **out)
{
    mp_item item;
    if (next_of(p, MP_STR, &item, what) < 0)
        return -1;
    if (memchr(item.body, 0, item.len))
        return fail(p, "%s contains a zero byte", what);
    free(*out);
    *out = strndup((const char *)item.body, item.len);
    if (!*out)
        return fail(p, "out of memory");
    return 0;
}

/* Reads a str into a fixed buffer. */
static int read_short_string(parse *p, const char *what, char *out, size_t out_size)
{
    mp_item item;
    if (next_of(p, MP_STR, &item, what) < 0)
        return -1;
    if (item.len >= out_size || memchr(item.body, 0, item.len))
        return fail(p, "%s is not a valid value", what);
    memcpy(out, item.body, item.len);
    out[item.len] = '\0';
    return 0;
}

/* ---- columns ---- */

/* Catalog type of a type id ("U16", "TS"), RT_COMPOUND for "COMPOUND", or -1. */
static int type_of(const mp_item *item)
{
    if (str_is(item, MSGPACK_FORMAT_COMPOUND))
        return RT_COMPOUND;
    for (int t = 0; t < RT_TYPE_COUNT; t++)
        if (str_is(item, rt_type_get((rt_type)t)->id))
            return t;
    return -1;
}

static int read_type(parse *p, const char *what, rt_type *out)
{
    mp_item item;
    if (next_of(p, MP_STR, &item, what) < 0)
        return -1;
    int t = type_of(&item);
    if (t < 0)
        return fail(p, "%s: unknown type '%.*s'", what, (int)(item.len < 32 ? item.len : 32), (const char *)item.body);
    *out = (rt_type)t;
    return 0;
}

static int read_parts(parse *p, rt_column *c, const char *what)
{
    mp_item item;
    if (next_of(p, MP_ARRAY, &item, what) < 0)
        return -1;
    if (item.len > MP_HEADER_MAX_PARTS)
        return fail(p, "%s: %u parts (at most %u)", what, item.len, MP_HEADER_MAX_PARTS);
    free((void *)c->parts);
    rt_type *parts = calloc(item.len ? item.len : 1, sizeof *parts);
    c->parts = parts;
    c->n_parts = 0;
    if (!parts)
        return fail(p, "out of memory");
    for (uint32_t i = 0; i < item.len; i++) {
        if (read_type(p, what, &parts[i]) < 0)
            return -1;
        if (parts[i] == RT_COMPOUND)
            return fail(p, "%s: a compound part cannot be a compound", what);
        c->n_parts++;
    }
    return 0;
}

/* Keys of a column map, as bits. */
enum { C_NAME = 1, C_TYPE = 2, C_CODE = 4, C_REPEATED = 8, C_PARTS = 16, C_DESCRIPTION = 32, C_PLUGIN = 64 };
static const char *const column_keys[] = { "name", "type", "code", "repeated", "parts", "description", "plugin" };
#define COLUMN_REQUIRED (C_NAME | C_TYPE | C_REPEATED | C_PARTS)

/* Reads the value of one column key (index into column_keys). */
static int read_column_value(parse *p, unsigned key, rt_column *c, char **owner, char *code, size_t code_size,
                             const char *what)
{
    mp_item item;
    switch (key) {
    case 0:
        return read_string(p, what, (char **)&c->name);
    case 1:
        return read_type(p, what, &c->type);
    case 2:
        return read_short_string(p, what, code, code_size);
    case 3:
        if (next_of(p, MP_BOOL, &item, what) < 0)
            return -1;
        c->repeated = (unsigned)item.v.b;
        return 0;
    case 4:
        return read_parts(p, c, what);
    case 5:
        return read_string(p, what, (char **)&c->description);
    default:
        return read_string(p, what, owner);
    }
}

static int read_column(parse *p, unsigned index)
{
    mp_header *h = p->h;
    rt_column *c = &h->columns[index];
    char what[64], code[160];
    snprintf(what, sizeof what, "column %u", index + 1);
    mp_item item;
    if (next_of(p, MP_MAP, &item, what) < 0)
        return -1;
    unsigned seen = 0;
    for (uint32_t i = 0; i < item.len; i++) {
        mp_item key;
        if (next_of(p, MP_STR, &key, what) < 0)
            return -1;
        unsigned k = 0;
        while (k < sizeof column_keys / sizeof column_keys[0] && !str_is(&key, column_keys[k]))
            k++;
        if (k == sizeof column_keys / sizeof column_keys[0]) {
            if (skip_value(p) < 0)
                return -1;
            continue;
        }
        char key_what[96];
        snprintf(key_what, sizeof key_what, "%s, key '%s'", what, column_keys[k]);
        if (seen & (1u << k))
            return fail(p, "%s appears twice", key_what);
        seen |= 1u << k;
        if (read_column_value(p, k, c, &h->owners[index], code, sizeof code, key_what) < 0)
            return -1;
    }
    for (unsigned k = 0; k < sizeof column_keys / sizeof column_keys[0]; k++)
        if ((COLUMN_REQUIRED & (1u << k)) && !(seen & (1u << k)))
            return fail(p, "%s has no '%s'", what, column_keys[k]);
    if ((c->type == RT_COMPOUND) != (c->n_parts > 0))
        return fail(p, "%s: 'parts' must list the parts of a COMPOUND column and be empty otherwise", what);
    if (!c->n_parts) {
        free((void *)c->parts);
        c->parts = NULL;
    }
    if (seen & C_CODE) {
        char expected[160];
        rt_column_type_code(c, expected, sizeof expected);
        if (strcmp(code, expected) != 0)
            return fail(p, "%s: code '%s' does not match its type (%s)", what, code, expected);
    }
    char message[256];
    if (schema_registry_add(&h->registry, h->owners[index] ? h->owners[index] : "", c, 1, message,
                            sizeof message) < 0)
        return fail(p, "%s: %s", what, message);
    return 0;
}

static int read_columns(parse *p)
{
    mp_item item;
    if (next_of(p, MP_ARRAY, &item, "'columns'") < 0)
        return -1;
    if (item.len == 0 || item.len > MP_HEADER_MAX_COLUMNS)
        return fail(p, "'columns' lists %u columns (1 to %u allowed)", item.len, MP_HEADER_MAX_COLUMNS);
    mp_header *h = p->h;
    h->columns = calloc(item.len, sizeof *h->columns);
    h->owners = calloc(item.len, sizeof *h->owners);
    if (!h->columns || !h->owners)
        return fail(p, "out of memory");
    h->n_columns = item.len;
    for (uint32_t i = 0; i < item.len; i++)
        if (read_column(p, i) < 0)
            return -1;
    return 0;
}

/* ---- the header map ---- */

static int read_plugins(parse *p)
{
    mp_item item;
    if (next_of(p, MP_ARRAY, &item, "'plugins'") < 0)
        return -1;
    mp_header *h = p->h;
    if (item.len > (uint32_t)(p->r->end - p->r->pos))
        return fail(p, "'plugins' claims more entries than the header holds");
    h->plugin_names = calloc(item.len + 1, sizeof *h->plugin_names);
    h->plugin_versions = calloc(item.len + 1, sizeof *h->plugin_versions);
    if (!h->plugin_names || !h->plugin_versions)
        return fail(p, "out of memory");
    for (uint32_t i = 0; i < item.len; i++) {
        mp_item map;
        if (next_of(p, MP_MAP, &map, "a 'plugins' entry") < 0)
            return -1;
        h->n_plugins = i + 1;
        for (uint32_t k = 0; k < map.len; k++) {
            mp_item key;
            if (next_of(p, MP_STR, &key, "a 'plugins' entry") < 0)
                return -1;
            int rc = str_is(&key, "name")      ? read_string(p, "a plugin name", &h->plugin_names[i])
                     : str_is(&key, "version") ? read_string(p, "a plugin version", &h->plugin_versions[i])
                                               : skip_value(p);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

static int read_uint(parse *p, const char *what, uint64_t *out)
{
    mp_item item;
    if (next_of(p, MP_UINT, &item, what) < 0)
        return -1;
    *out = item.v.u;
    return 0;
}

static int read_stream(parse *p)
{
    char text[16];
    if (read_short_string(p, "'stream'", text, sizeof text) < 0)
        return -1;
    if (strcmp(text, "flows") != 0 && strcmp(text, "packets") != 0)
        return fail(p, "'stream' is '%s', not 'flows' or 'packets'", text);
    p->h->stream = text[0] == 'f' ? RT_STREAM_FLOWS : RT_STREAM_PACKETS;
    return 0;
}

static int read_precision(parse *p)
{
    char text[8];
    if (read_short_string(p, "'time_precision'", text, sizeof text) < 0)
        return -1;
    if (strcmp(text, "us") != 0 && strcmp(text, "ns") != 0)
        return fail(p, "'time_precision' is '%s', not 'us' or 'ns'", text);
    p->h->time_digits = text[0] == 'n' ? 9 : 6;
    return 0;
}

static int read_hash(parse *p)
{
    if (read_short_string(p, "'schema_hash'", p->h->hash_hex, sizeof p->h->hash_hex) < 0)
        return -1;
    if (strlen(p->h->hash_hex) != 16 || strspn(p->h->hash_hex, "0123456789abcdef") != 16)
        return fail(p, "'schema_hash' is not 16 lower-case hex digits");
    return 0;
}

static int read_sensor(parse *p)
{
    p->h->has_sensor_id = 1;
    return read_uint(p, "'sensor_id'", &p->h->sensor_id);
}

static int read_start_time(parse *p)
{
    mp_item item;
    if (next_of(p, MP_EXT, &item, "'start_time'") < 0)
        return -1;
    if (mp_reader_timestamp(&item, &p->h->start_time) < 0)
        return fail(p, "'start_time' is not a valid timestamp");
    p->h->has_start_time = 1;
    return 0;
}

/* The keys read in the second pass ("format" and "version" are checked in the first): a reader
 * function, or a str stored at `text` bytes into mp_header. */
static const struct header_key {
    const char *key;
    int required;
    int (*read)(parse *p);
    size_t text;
} header_keys[] = {
    { "stream", 1, read_stream, 0 },      { "time_precision", 1, read_precision, 0 },
    { "schema_hash", 1, read_hash, 0 },   { "columns", 1, read_columns, 0 },
    { "sensor_id", 0, read_sensor, 0 },   { "start_time", 0, read_start_time, 0 },
    { "plugins", 0, read_plugins, 0 },
    { "producer", 0, NULL, offsetof(mp_header, producer) },
    { "run_id", 0, NULL, offsetof(mp_header, run_id) },
    { "command_line", 0, NULL, offsetof(mp_header, command_line) },
};
#define N_HEADER_KEYS (sizeof header_keys / sizeof header_keys[0])

/* First pass: is this a rowtap msgpack header of a version this code reads? */
static int check_format(parse *p, const mp_item *map)
{
    int have_format = 0, have_version = 0;
    for (uint32_t i = 0; i < map->len; i++) {
        mp_item key, value;
        if (next_of(p, MP_STR, &key, "a key") < 0)
            return -1;
        if (str_is(&key, "format")) {
            if (next_of(p, MP_STR, &value, "'format'") < 0)
                return -1;
            if (!str_is(&value, MSGPACK_FORMAT_NAME))
                return fail(p, "not a rowtap msgpack file: 'format' is '%.*s', not '%s'",
                            (int)(value.len < 40 ? value.len : 40), (const char *)value.body, MSGPACK_FORMAT_NAME);
            have_format = 1;
        } else if (str_is(&key, "version")) {
            uint64_t version;
            if (read_uint(p, "'version'", &version) < 0)
                return -1;
            if (version != MSGPACK_FORMAT_VERSION)
                return fail(p, "format version %llu is not supported (this reader knows version %d)",
                            (unsigned long long)version, MSGPACK_FORMAT_VERSION);
            p->h->version = (unsigned)version;
            have_version = 1;
        } else if (skip_value(p) < 0) {
            return -1;
        }
    }
    if (!have_format || !have_version)
        return fail(p, "not a rowtap msgpack file: the header map has no '%s'", have_format ? "version" : "format");
    return 0;
}

/* Second pass: everything else. */
static int read_keys(parse *p, const mp_item *map)
{
    unsigned seen = 0;
    for (uint32_t i = 0; i < map->len; i++) {
        mp_item key;
        if (next_of(p, MP_STR, &key, "a key") < 0)
            return -1;
        size_t k = 0;
        while (k < N_HEADER_KEYS && !str_is(&key, header_keys[k].key))
            k++;
        if (k == N_HEADER_KEYS) {
            if (skip_value(p) < 0)
                return -1;
            continue;
        }
        if (seen & (1u << k))
            return fail(p, "key '%s' appears twice", header_keys[k].key);
        seen |= 1u << k;
        char what[32];
        snprintf(what, sizeof what, "'%s'", header_keys[k].key);
        if (header_keys[k].read ? header_keys[k].read(p) < 0
                                : read_string(p, what, (char **)((char *)p->h + header_keys[k].text)) < 0)
            return -1;
    }
    for (size_t k = 0; k < N_HEADER_KEYS; k++)
        if (header_keys[k].required && !(seen & (1u << k)))
            return fail(p, "the header has no '%s'", header_keys[k].key);
    return 0;
}

int mp_header_read(mp_reader *r, mp_header *h, char *err, size_t err_size)
{
    memset(h, 0, sizeof *h);
    schema_registry_init(&h->registry, RT_STREAM_FLOWS);
    parse p = { r, h, err, err_size, r->pos };
    const uint8_t *start = r->pos;
    mp_item map;
    p.at = start;
    if (mp_reader_next(r, &map) != MP_OK || map.kind != MP_MAP) {
        mp_header_free(h);
        return mp_reader_error(r, start, err, err_size,
                               "not a rowtap msgpack file: the first object is not the header map");
    }
    const uint8_t *keys = r->pos;
    if (check_format(&p, &map) < 0) {
        mp_header_free(h);
        return -1;
    }
    r->pos = keys;
    if (read_keys(&p, &map) < 0) {
        mp_header_free(h);
        return -1;
    }
    h->registry.schema.stream = h->stream;
    h->schema = schema_registry_finish(&h->registry);
    if (strcmp(h->schema->hash_hex, h->hash_hex) != 0) {
        mp_reader_error(r, start, err, err_size,
                        "header: 'schema_hash' %s does not match its columns (their hash is %s): damaged header",
                        h->hash_hex, h->schema->hash_hex);
        mp_header_free(h);
        return -1;
    }
    return 0;
}

void mp_header_free(mp_header *h)
{
    for (unsigned i = 0; i < h->n_columns; i++) {
        free((void *)h->columns[i].name);
        free((void *)h->columns[i].description);
        free((void *)h->columns[i].parts);
        free(h->owners[i]);
    }
    free(h->columns);
    free(h->owners);
    for (unsigned i = 0; i < h->n_plugins; i++) {
        free(h->plugin_names[i]);
        free(h->plugin_versions[i]);
    }
    free(h->plugin_names);
    free(h->plugin_versions);
    free(h->producer);
    free(h->run_id);
    free(h->command_line);
    schema_registry_free(&h->registry);
    memset(h, 0, sizeof *h);
}
