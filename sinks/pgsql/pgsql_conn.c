/* pgsql_conn.c — libpq connections and the failure classes of schema/pgsql.md. */
#include <stdio.h>
#include <string.h>

#include "pgsql_conn.h"
#include "rowtap/module.h"

/* Copies text into out as one line: line breaks and tabs become spaces, trailing spaces go. */
static void one_line(char *out, size_t out_size, const char *text)
{
    snprintf(out, out_size, "%s", text);
    for (char *p = out; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    size_t len = strlen(out);
    while (len && out[len - 1] == ' ')
        out[--len] = '\0';
}

/* Server notices and warnings go through rowtap's log. */
static void log_notice(void *arg, const char *message)
{
    char line[1024];
    one_line(line, sizeof line, message);
    rt_log_info(arg, "server: %s", line);
}

PGconn *pgsql_conn_open(const rt_module *self, const char *conninfo, const char *app_name, int timeout_s,
                        int *permanent, char *err, size_t err_size)
{
    char timeout[32] = "";
    if (timeout_s > 0)
        snprintf(timeout, sizeof timeout, "%d", timeout_s < 2 ? 2 : timeout_s);
    /* Later entries override earlier ones: conninfo may override the first two, never the encoding. */
    const char *const keys[] = { "application_name", "connect_timeout", "dbname", "client_encoding", NULL };
    const char *const values[] = { app_name, timeout, conninfo ? conninfo : "", "UTF8", NULL };
    *permanent = 0;
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    if (conn && PQstatus(conn) == CONNECTION_OK) {
        PQsetNoticeProcessor(conn, log_notice, (void *)self);
        return conn;
    }
    if (conn) {
        pgsql_conn_message(conn, NULL, err, err_size);
        *permanent = PQconnectionNeedsPassword(conn);
        PQfinish(conn);
    } else {
        snprintf(err, err_size, "out of memory for a connection");
    }
    return NULL;
}

/* SQLSTATE classes and codes (PostgreSQL's "Appendix A. Error Codes") and how the sink reacts. */
static const struct {
    const char *prefix;
    pgsql_class cls;
} sqlstate_classes[] = {
    { "08", PGSQL_TRANSIENT },    /* connection exception */
    { "40", PGSQL_TRANSIENT },    /* transaction rollback: serialization failure, deadlock */
    { "53", PGSQL_TRANSIENT },    /* insufficient resources: too many connections, disk full, out of memory */
    { "57P", PGSQL_TRANSIENT },   /* admin/crash shutdown, cannot connect now */
    { "57014", PGSQL_TRANSIENT }, /* query canceled */
    { "55P03", PGSQL_TRANSIENT }, /* lock not available */
    { "22", PGSQL_DATA },         /* data exception */
    { "23", PGSQL_DATA },         /* integrity constraint violation */
    { "44", PGSQL_DATA },         /* WITH CHECK OPTION violation */
    { "54", PGSQL_DATA },         /* program limit exceeded: row or value too large */
    { "P0", PGSQL_DATA },         /* raised by a trigger */
};

pgsql_class pgsql_conn_classify(const PGresult *result)
{
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;
    if (state) {
        for (size_t i = 0; i < sizeof sqlstate_classes / sizeof sqlstate_classes[0]; i++)
            if (strncmp(state, sqlstate_classes[i].prefix, strlen(sqlstate_classes[i].prefix)) == 0)
                return sqlstate_classes[i].cls;
        return PGSQL_PERMANENT;
    }
    /* No SQLSTATE: libpq's own failure (connection lost, protocol out of step); a new connection
     * is the remedy. */
    return PGSQL_TRANSIENT;
}

void pgsql_conn_message(const PGconn *conn, const PGresult *result, char *err, size_t err_size)
{
    const char *text = result ? PQresultErrorMessage(result) : "";
    if (!*text && conn)
        text = PQerrorMessage(conn);
    one_line(err, err_size, *text ? text : "the server closed the connection");
}

pgsql_class pgsql_conn_exec(PGconn *conn, const char *sql, char *err, size_t err_size)
{
    PGresult *r = PQexec(conn, sql);
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    pgsql_class cls = PGSQL_OK;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        cls = pgsql_conn_classify(r);
        pgsql_conn_message(conn, r, err, err_size);
    }
    PQclear(r);
    return cls;
}
