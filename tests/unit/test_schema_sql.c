/* test_schema_sql.c — the PostgreSQL form of schemas (schema/pgsql.md): column names and types,
 * compound and repeated columns, quoting, table name options and the DDL text. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "schema_registry.h"
#include "schema_sql.h"
#include "unit_run.h"

static char err[1024];

static const rt_type opt_parts[] = { RT_H8, RT_H32 };
static const rt_type pair_parts[] = { RT_U16, RT_IPX };
static const rt_column flow_head[] = {
    RT_COLUMN("dir", C, "Flow direction: A or B"),
    RT_COLUMN("flowInd", U64, "Flow index"),
};
static const rt_column plugin_columns[] = {
    RT_COLUMN("srcIP", IPX, "Source IP address"),
    RT_COLUMN_REPEATED("srcMac", MAC, "Source MAC addresses"),
    RT_COLUMN_COMPOUND("ipOptCpCl_Num", opt_parts, "IP options"),
    RT_COLUMN_COMPOUND_REPEATED("portHost", pair_parts, "It's a \\ test"),
    RT_COLUMN("duration", DUR, "Duration"),
};

/* Builds the flow schema of the columns above. */
static const rt_schema *flow_schema(schema_registry *reg)
{
    schema_registry_init(reg, RT_STREAM_FLOWS);
    ck_assert_int_eq(schema_registry_add(reg, "core", flow_head, 2, err, sizeof err), 0);
    ck_assert_int_eq(schema_registry_add(reg, "demo", plugin_columns, 5, err, sizeof err), 0);
    return schema_registry_finish(reg);
}

START_TEST(columns_names_and_types)
{
    schema_registry reg;
    schema_sql_table t;
    ck_assert_int_eq(schema_sql_table_build(&t, flow_schema(&reg), err, sizeof err), 0);
    static const char *const names[] = { "sensor_id", "run_id", "dir", "flowind", "srcip", "srcmac",
                                         "ipoptcpcl_num_1", "ipoptcpcl_num_2", "porthost_1", "porthost_2", "duration" };
    static const char *const types[] = { "bigint", "text", "char(1)", "bigint", "inet", "macaddr[]",
                                         "smallint", "bigint", "integer[]", "inet[]", "interval" };
    ck_assert_uint_eq(t.n_columns, 11);
    for (unsigned i = 0; i < t.n_columns; i++) {
        char type[64];
        schema_sql_column_type(&t.columns[i], type, sizeof type);
        ck_assert_str_eq(t.columns[i].name, names[i]);
        ck_assert_str_eq(type, types[i]);
    }
    ck_assert_int_eq(t.columns[0].origin, SCHEMA_SQL_SENSOR_ID);
    ck_assert_int_eq(t.columns[1].origin, SCHEMA_SQL_RUN_ID);
    ck_assert_uint_eq(t.columns[7].source, 4);
    ck_assert_uint_eq(t.columns[7].part, 1);
    ck_assert_uint_eq(t.columns[7].n_parts, 2);
    ck_assert_int_eq(t.columns[9].array, 1);
    ck_assert_int_eq(t.columns[9].type, RT_IPX);
    schema_sql_table_free(&t);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(colliding_and_long_names_are_refused)
{
    static const rt_type parts[] = { RT_U8, RT_U8 };
    static const rt_column clash_part[] = { RT_COLUMN("a_1", U8, "x"), RT_COLUMN_COMPOUND("A", parts, "y") };
    static const rt_column clash_identity[] = { RT_COLUMN("Sensor_ID", U8, "x") };
    static const rt_column long_part[] = {
        RT_COLUMN_COMPOUND("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk", parts, "z"),
    };
    const struct { const rt_column *cols; unsigned n; const char *named; } cases[] = {
        { clash_part, 2, "a_1" }, { clash_identity, 1, "sensor_id" }, { long_part, 1, "abcdefghijk_1" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        schema_registry reg;
        schema_registry_init(&reg, RT_STREAM_PACKETS);
        ck_assert_int_eq(schema_registry_add(&reg, "demo", cases[i].cols, cases[i].n, err, sizeof err), 0);
        schema_sql_table t;
        ck_assert_int_eq(schema_sql_table_build(&t, schema_registry_finish(&reg), err, sizeof err), -1);
        ck_assert_msg(strstr(err, cases[i].named), "'%s' does not name %s", err, cases[i].named);
        ck_assert_ptr_null(t.columns);
        schema_registry_free(&reg);
    }
}
END_TEST

static const char *quoted_ident(rt_buffer *b, const char *ident)
{
    b->len = 0;
    schema_sql_quote_ident(b, ident);
    buffer_append(b, "", 1);
    return (const char *)b->data;
}

static const char *quoted_literal(rt_buffer *b, const char *text)
{
    b->len = 0;
    schema_sql_quote_literal(b, text);
    buffer_append(b, "", 1);
    return (const char *)b->data;
}

START_TEST(quoting)
{
    rt_buffer b = { 0 };
    ck_assert_str_eq(quoted_ident(&b, "flows"), "\"flows\"");
    ck_assert_str_eq(quoted_ident(&b, "we\"ird;name"), "\"we\"\"ird;name\"");
    ck_assert_str_eq(quoted_literal(&b, "it's"), "'it''s'");
    ck_assert_str_eq(quoted_literal(&b, "a\\b'c"), "E'a\\\\b''c'");
    buffer_free(&b);
}
END_TEST

START_TEST(table_name_options)
{
    const struct { const char *text, *schema, *table; } good[] = {
        { "flows", "", "flows" },
        { "NetFlows.Flows", "netflows", "flows" },
        { "\"My.Schema\".\"T\"\"x\"", "My.Schema", "T\"x" },
        { "we\"ird;name", "", "we\"ird;name" },
        { "s.\"Quoted Table\"", "s", "Quoted Table" },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        schema_sql_name n;
        ck_assert_msg(schema_sql_parse_name(good[i].text, &n, err, sizeof err) == 0, "%s: %s", good[i].text, err);
        ck_assert_str_eq(n.schema, good[i].schema);
        ck_assert_str_eq(n.table, good[i].table);
    }
    static const char *const bad[] = { "", "a.", ".b", "a.b.c", "\"open", "\"a\"b",
                                       "a234567890123456789012345678901234567890123456789012345678901234" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        schema_sql_name n;
        ck_assert_msg(schema_sql_parse_name(bad[i], &n, err, sizeof err) == -1, "'%s' accepted", bad[i]);
        ck_assert_ptr_nonnull(strstr(err, "table name"));
    }
    schema_sql_name n;
    rt_buffer b = { 0 };
    ck_assert_int_eq(schema_sql_parse_name("Odd;Schema.\"t\"\"q\"", &n, err, sizeof err), 0);
    schema_sql_append_name(&b, &n);
    buffer_append(&b, "", 1);
    ck_assert_str_eq((const char *)b.data, "\"odd;schema\".\"t\"\"q\"");
    buffer_free(&b);
}
END_TEST

START_TEST(create_table_text)
{
    static const rt_column cols[] = {
        RT_COLUMN("pktNo", U64, "Packet number"),
        RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs"),
    };
    schema_registry reg;
    schema_registry_init(&reg, RT_STREAM_PACKETS);
    ck_assert_int_eq(schema_registry_add(&reg, "core", cols, 2, err, sizeof err), 0);
    schema_sql_table t;
    ck_assert_int_eq(schema_sql_table_build(&t, schema_registry_finish(&reg), err, sizeof err), 0);
    rt_buffer b = { 0 };
    schema_sql_create_table(&b, "\"p\"", &t, 1);
    buffer_append(&b, "", 1);
    ck_assert_str_eq((const char *)b.data,
                     "CREATE TABLE IF NOT EXISTS \"p\" (\n"
                     "    \"sensor_id\" bigint NOT NULL,\n"
                     "    \"run_id\" text NOT NULL,\n"
                     "    \"pktno\" bigint,\n"
                     "    \"ethvlanid\" integer[],\n"
                     "    PRIMARY KEY (\"sensor_id\", \"run_id\", \"pktno\")\n"
                     ");\n"
                     "COMMENT ON COLUMN \"p\".\"sensor_id\" IS 'Sensor ID of the run (rowtap -x)';\n"
                     "COMMENT ON COLUMN \"p\".\"run_id\" IS 'Run that loaded the row: <sensor>-<start time>-<process ID>';\n"
                     "COMMENT ON COLUMN \"p\".\"pktno\" IS 'Packet number (core pktNo U64)';\n"
                     "COMMENT ON COLUMN \"p\".\"ethvlanid\" IS 'VLAN IDs (core ethVlanID U16:R)';\n");
    b.len = 0;
    schema_sql_create_table(&b, "\"p\"", &t, 0);
    buffer_append(&b, "", 1);
    ck_assert_ptr_null(strstr((const char *)b.data, "PRIMARY KEY"));
    buffer_free(&b);
    schema_sql_table_free(&t);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(compound_comments_and_flow_key)
{
    schema_registry reg;
    schema_sql_table t;
    ck_assert_int_eq(schema_sql_table_build(&t, flow_schema(&reg), err, sizeof err), 0);
    const char *key[4];
    ck_assert_uint_eq(schema_sql_key_columns(&t, key), 4);
    ck_assert_str_eq(key[2], "flowind");
    ck_assert_str_eq(key[3], "dir");
    rt_buffer b = { 0 };
    schema_sql_create_table(&b, "\"f\"", &t, 0);
    buffer_append(&b, "", 1);
    const char *ddl = (const char *)b.data;
    ck_assert_ptr_nonnull(strstr(ddl, "\"ipoptcpcl_num_2\" bigint,\n"));
    ck_assert_ptr_nonnull(strstr(ddl, "IS 'IP options (demo ipOptCpCl_Num H8_H32, part 2 of 2: H32)';\n"));
    ck_assert_ptr_nonnull(strstr(ddl, "IS E'It''s a \\\\ test (demo portHost U16_IPX:R, part 1 of 2: U16)';\n"));
    buffer_free(&b);
    schema_sql_table_free(&t);
    schema_registry_free(&reg);

    static const rt_column no_key[] = { RT_COLUMN("x", U8, "x") };
    schema_registry_init(&reg, RT_STREAM_FLOWS);
    ck_assert_int_eq(schema_registry_add(&reg, "demo", no_key, 1, err, sizeof err), 0);
    ck_assert_int_eq(schema_sql_table_build(&t, schema_registry_finish(&reg), err, sizeof err), 0);
    ck_assert_uint_eq(schema_sql_key_columns(&t, key), 0);
    schema_sql_table_free(&t);
    schema_registry_free(&reg);
}
END_TEST

/* Runs schema_sql_print into a string. */
static char *print_ddl(const rt_schema *const schemas[RT_STREAM_COUNT], rt_module *const *sinks, size_t n, int *rc)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    *rc = schema_sql_print(out, schemas, sinks, n, err, sizeof err);
    fclose(out);
    return text;
}

START_TEST(schema_print_uses_the_sink_options)
{
    static const rt_option pg_options[] = {
        { "table.flows", RT_OPT_STRING, "flows", "flows", NULL, 0, 0, 0 },
        { "table.packets", RT_OPT_STRING, "packets", "packets", NULL, 0, 0, 0 },
        { "table.progress", RT_OPT_STRING, "rowtap_progress", "progress", NULL, 0, 0, 0 },
        { "primaryKey", RT_OPT_BOOL, "false", "key", NULL, 0, 0, 0 },
    };
    static rt_module pg = { .kind = MODULE_SINK, .name = "pgsql", .options = pg_options, .n_options = 4 };
    rt_module *const sinks[] = { &pg };
    schema_registry reg;
    const rt_schema *schemas[RT_STREAM_COUNT] = { NULL, flow_schema(&reg) };
    int rc;

    options_reset();
    char *text = print_ddl(schemas, NULL, 0, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(strstr(text, "CREATE TABLE IF NOT EXISTS \"flows\" (\n"));
    ck_assert_ptr_nonnull(strstr(text, "CREATE TABLE IF NOT EXISTS \"rowtap_progress\" (\n"));
    ck_assert_ptr_nonnull(strstr(text, "ALTER TABLE \"flows\" ADD PRIMARY KEY (sensor_id, run_id, flowind, dir);"));
    ck_assert_ptr_null(strstr(text, "\"packets\""));
    free(text);

    ck_assert_int_eq(options_add("pgsql.table.flows=Net.Flows", "-X", err, sizeof err), 0);
    ck_assert_int_eq(options_add("pgsql.table.progress=net.p", "-X", err, sizeof err), 0);
    ck_assert_int_eq(options_add("pgsql.primaryKey=true", "-X", err, sizeof err), 0);
    ck_assert_int_eq(options_validate(sinks, 1, err, sizeof err), 0);
    text = print_ddl(schemas, sinks, 1, &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(strstr(text, "CREATE TABLE IF NOT EXISTS \"net\".\"flows\" (\n"));
    ck_assert_ptr_nonnull(strstr(text, "    PRIMARY KEY (\"sensor_id\", \"run_id\", \"flowind\", \"dir\")\n"));
    ck_assert_ptr_nonnull(strstr(text, "CREATE TABLE IF NOT EXISTS \"net\".\"p\" (\n"));
    ck_assert_ptr_null(strstr(text, "recommended key"));
    free(text);

    ck_assert_int_eq(options_add("pgsql.table.flows=a.b.c", "-X", err, sizeof err), 0);
    text = print_ddl(schemas, sinks, 1, &rc);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_nonnull(strstr(err, "a.b.c"));
    free(text);
    options_reset();
    schema_registry_free(&reg);
}
END_TEST

START_TEST(schema_option_needs_no_input)
{
    cli_options o;
    char *ok[] = { "rowtap", "--schema=sql", "-s", NULL };
    ck_assert_int_eq(cli_parse(3, ok, &o, err, sizeof err), 0);
    ck_assert_str_eq(o.schema_format, "sql");
    ck_assert_int_eq(o.packet_mode, 1);
    cli_free(&o);
    char *bad[] = { "rowtap", "--schema=xml", NULL };
    ck_assert_int_eq(cli_parse(2, bad, &o, err, sizeof err), -1);
    ck_assert_str_eq(err, "--schema=xml: unknown format (known: sql)");
    cli_free(&o);
    char *none[] = { "rowtap", "-s", NULL };
    ck_assert_int_eq(cli_parse(2, none, &o, err, sizeof err), -1);
    ck_assert_ptr_null(o.schema_format);
    cli_free(&o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("schema_sql");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, columns_names_and_types);
    tcase_add_test(tc, colliding_and_long_names_are_refused);
    tcase_add_test(tc, quoting);
    tcase_add_test(tc, table_name_options);
    tcase_add_test(tc, create_table_text);
    tcase_add_test(tc, compound_comments_and_flow_key);
    tcase_add_test(tc, schema_print_uses_the_sink_options);
    tcase_add_test(tc, schema_option_needs_no_input);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
