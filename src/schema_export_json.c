/* schema_export_json.c — `rowtap --schema=json`: both streams (column number, name, catalog type,
 * type code, repeated, compound parts, owner, description; the schema hash), the plugins, and the
 * catalog entries of the types the columns use (text, msgpack and PostgreSQL forms). The layout
 * is described in schema/README.md; one column per line keeps diffs of the reference file
 * readable. */
#include <stdio.h>
#include <string.h>

#include "json_render.h"
#include "schema_export.h"

static void put(rt_buffer *out, const char *text)
{
    buffer_append(out, text, strlen(text));
}

static void put_string(rt_buffer *out, const char *text)
{
    json_render_string(out, (const uint8_t *)(text ? text : ""), text ? strlen(text) : 0);
}

/* "key": "value" */
static void put_member(rt_buffer *out, const char *key, const char *value)
{
    put_string(out, key);
    put(out, ": ");
    put_string(out, value);
}

static void put_unsigned(rt_buffer *out, unsigned long long value)
{
    char text[24];
    snprintf(text, sizeof text, "%llu", value);
    put(out, text);
}

/* Part i of a compound's name ("ipOptCpCl_Num" -> "ipOptCpCl", "Num"), as a JSON string; null
 * when the name does not have one '_'-separated piece per part. */
static void put_part_name(rt_buffer *out, const rt_column *column, unsigned part)
{
    unsigned pieces = 1;
    for (const char *p = column->name; *p; p++)
        pieces += *p == '_';
    if (pieces != column->n_parts) {
        put(out, "null");
        return;
    }
    const char *start = column->name;
    for (unsigned i = 0; i < part; i++)
        start = strchr(start, '_') + 1;
    json_render_string(out, (const uint8_t *)start, strcspn(start, "_"));
}

static void put_column(rt_buffer *out, const rt_schema_column *sc)
{
    const rt_column *c = sc->column;
    char code[128];
    rt_column_type_code(c, code, sizeof code);
    put(out, "{\"number\": ");
    put_unsigned(out, sc->number);
    put(out, ", ");
    put_member(out, "name", c->name);
    put(out, ", ");
    put_member(out, "type", c->type == RT_COMPOUND ? "compound" : rt_type_get(c->type)->id);
    put(out, ", ");
    put_member(out, "code", code);
    put(out, c->repeated ? ", \"repeated\": true" : ", \"repeated\": false");
    if (c->type == RT_COMPOUND) {
        put(out, ", \"parts\": [");
        for (unsigned i = 0; i < c->n_parts; i++) {
            put(out, i ? ", {\"name\": " : "{\"name\": ");
            put_part_name(out, c, i);
            put(out, ", ");
            put_member(out, "type", rt_type_get(c->parts[i])->id);
            put(out, "}");
        }
        put(out, "]");
    }
    put(out, ", ");
    put_member(out, "owner", sc->owner);
    put(out, ", ");
    put_member(out, "description", c->description);
    put(out, "}");
}

static void put_stream(rt_buffer *out, const rt_schema *schema, int last)
{
    put(out, "    ");
    put_string(out, rt_stream_name(schema->stream));
    put(out, ": {\n      ");
    put_member(out, "hash", schema->hash_hex);
    put(out, ",\n      \"columns\": [\n");
    for (unsigned i = 0; i < schema->n_columns; i++) {
        put(out, "        ");
        put_column(out, &schema->columns[i]);
        put(out, i + 1 < schema->n_columns ? ",\n" : "\n");
    }
    put(out, last ? "      ]\n    }\n" : "      ]\n    },\n");
}

static void put_plugins(rt_buffer *out, rt_module *const *plugins, size_t n_plugins)
{
    put(out, "  \"plugins\": [\n");
    for (size_t i = 0; i < n_plugins; i++) {
        const rt_plugin *p = plugins[i]->plugin;
        put(out, "    {");
        put_member(out, "name", p->name);
        put(out, ", ");
        put_member(out, "version", p->version);
        put(out, ", \"order\": ");
        put_unsigned(out, p->order);
        put(out, ", ");
        put_member(out, "description", p->description);
        put(out, i + 1 < n_plugins ? "},\n" : "}\n");
    }
    put(out, "  ],\n");
}

/* Marks in `used` the catalog types of the streams' columns and compound parts. */
static void mark_types(const rt_schema *const schemas[RT_STREAM_COUNT], int used[RT_TYPE_COUNT])
{
    memset(used, 0, RT_TYPE_COUNT * sizeof *used);
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        for (unsigned i = 0; schemas[s] && i < schemas[s]->n_columns; i++) {
            const rt_column *c = schemas[s]->columns[i].column;
            if (c->type != RT_COMPOUND)
                used[c->type] = 1;
            for (unsigned k = 0; k < c->n_parts; k++)
                used[c->parts[k]] = 1;
        }
}

static void put_types(rt_buffer *out, const rt_schema *const schemas[RT_STREAM_COUNT])
{
    int used[RT_TYPE_COUNT];
    mark_types(schemas, used);
    int first = 1;
    put(out, "  \"types\": {\n");
    for (int t = 0; t < RT_TYPE_COUNT; t++) {
        if (!used[t])
            continue;
        const rt_type_info *info = rt_type_get((rt_type)t);
        const char *const fields[][2] = {
            { "code", info->code }, { "storage", info->storage }, { "text", info->text },
            { "msgpack", info->msgpack }, { "pgtype", info->pgtype }, { "pgcopy", info->pgcopy },
            { "description", info->description },
        };
        put(out, first ? "    " : ",\n    ");
        first = 0;
        put_string(out, info->id);
        put(out, ": {\"size\": ");
        put_unsigned(out, info->size);
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            put(out, ", ");
            put_member(out, fields[f][0], fields[f][1]);
        }
        put(out, "}");
    }
    put(out, "\n  }\n");
}

void schema_export_json(rt_buffer *out, const rt_schema *const schemas[RT_STREAM_COUNT],
                        rt_module *const *plugins, size_t n_plugins)
{
    put(out, "{\n  \"format\": \"rowtap-schema\",\n  \"format_version\": 1,\n");
    put_plugins(out, plugins, n_plugins);
    put(out, "  \"streams\": {\n");
    put_stream(out, schemas[RT_STREAM_FLOWS], !schemas[RT_STREAM_PACKETS]);
    if (schemas[RT_STREAM_PACKETS])
        put_stream(out, schemas[RT_STREAM_PACKETS], 1);
    put(out, "  },\n");
    put_types(out, schemas);
    put(out, "}\n");
}
