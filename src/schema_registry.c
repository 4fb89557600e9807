/* schema_registry.c — merging column declarations into a stream schema. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema_registry.h"

void schema_registry_init(schema_registry *reg, rt_stream stream)
{
    memset(reg, 0, sizeof *reg);
    reg->schema.stream = stream;
}

static int valid_name(const char *name)
{
    if (!name || !*name || strlen(name) > 63 || isdigit((unsigned char)name[0]))
        return 0;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return 0;
    return 1;
}

static int valid_type(rt_type type)
{
    return (unsigned)type < RT_TYPE_COUNT;
}

static int check_column(const schema_registry *reg, const char *owner, const rt_column *c,
                        char *err, size_t err_size)
{
    if (!valid_name(c->name)) {
        snprintf(err, err_size, "%s declares a %s column with an invalid name '%s' (letters, digits and '_', at most 63)",
                 owner, rt_stream_name(reg->schema.stream), c->name ? c->name : "(null)");
        return -1;
    }
    if (c->type == RT_COMPOUND) {
        if (!c->parts || c->n_parts < 2) {
            snprintf(err, err_size, "%s: compound column '%s' needs at least two parts", owner, c->name);
            return -1;
        }
        for (unsigned i = 0; i < c->n_parts; i++)
            if (!valid_type(c->parts[i])) {
                snprintf(err, err_size, "%s: column '%s' part %u has an unknown type (%d)", owner, c->name,
                         i + 1, (int)c->parts[i]);
                return -1;
            }
    } else if (!valid_type(c->type) || c->parts) {
        snprintf(err, err_size, "%s: column '%s' has an unknown type (%d)", owner, c->name, (int)c->type);
        return -1;
    }
    for (unsigned i = 0; i < reg->n; i++)
        if (strcasecmp(reg->columns[i].column->name, c->name) == 0) {
            snprintf(err, err_size, "%s column '%s' of %s is already declared by %s (names must differ ignoring case)",
                     rt_stream_name(reg->schema.stream), c->name, owner, reg->columns[i].owner);
            return -1;
        }
    return 0;
}

int schema_registry_add(schema_registry *reg, const char *owner, const rt_column *columns,
                        unsigned n, char *err, size_t err_size)
{
    for (unsigned i = 0; i < n; i++) {
        if (check_column(reg, owner, &columns[i], err, err_size) < 0)
            return -1;
        if (reg->n == reg->cap) {
            reg->cap = reg->cap ? reg->cap * 2 : 32;
            reg->columns = realloc(reg->columns, reg->cap * sizeof *reg->columns);
            if (!reg->columns) {
                snprintf(err, err_size, "out of memory");
                return -1;
            }
        }
        reg->columns[reg->n] = (rt_schema_column){ &columns[i], owner, reg->n + 1 };
        reg->n++;
    }
    return 0;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

const rt_schema *schema_registry_finish(schema_registry *reg)
{
    uint64_t h = 0xcbf29ce484222325ull;
    char code[128];
    for (unsigned i = 0; i < reg->n; i++) {
        reg->columns[i].number = i + 1;
        const char *name = reg->columns[i].column->name;
        h = fnv1a(h, name, strlen(name) + 1);
        size_t len = rt_column_type_code(reg->columns[i].column, code, sizeof code);
        h = fnv1a(h, code, len + 1);
    }
    reg->schema.columns = reg->columns;
    reg->schema.n_columns = reg->n;
    reg->schema.hash = h;
    snprintf(reg->schema.hash_hex, sizeof reg->schema.hash_hex, "%016llx", (unsigned long long)h);
    return &reg->schema;
}

void schema_registry_free(schema_registry *reg)
{
    free(reg->columns);
    memset(reg, 0, sizeof *reg);
}

size_t rt_column_type_code(const rt_column *column, char *out, size_t out_size)
{
    size_t len = 0;
    if (column->type == RT_COMPOUND) {
        for (unsigned i = 0; i < column->n_parts; i++)
            len += (size_t)snprintf(out + (len < out_size ? len : out_size), len < out_size ? out_size - len : 0,
                                    "%s%s", i ? "_" : "", rt_type_get(column->parts[i])->code);
    } else {
        len = (size_t)snprintf(out, out_size, "%s", rt_type_get(column->type)->code);
    }
    if (column->repeated)
        len += (size_t)snprintf(out + (len < out_size ? len : out_size), len < out_size ? out_size - len : 0, ":R");
    return len < out_size ? len : out_size - 1;
}
