/* pgsql_conn.h — connecting to the server and classifying failures: transient (reconnect and
 * retry), data (a row PostgreSQL rejects) or permanent (stop with a message). */
#ifndef ROWTAP_PGSQL_CONN_H
#define ROWTAP_PGSQL_CONN_H

#include <stddef.h>

#include <libpq-fe.h>

#include "rowtap/module.h"

typedef enum pgsql_class {
    PGSQL_OK = 0,
    PGSQL_TRANSIENT, /* connection lost, server restarting, serialization failure, too many connections */
    PGSQL_DATA,      /* the rows were refused: data exception, constraint, trigger, row too large */
    PGSQL_PERMANENT  /* privileges, missing objects, anything else: retrying cannot help */
} pgsql_class;

/* Opens a connection: `conninfo` (keyword string or URI, may be NULL) goes to libpq untouched,
 * so unset parameters come from the PG* environment, ~/.pgpass and service files as for psql;
 * application_name is `app_name` unless conninfo sets one; connect_timeout is `timeout_s` unless
 * conninfo sets one (0: libpq's default); client_encoding is always UTF8. Returns the connection,
 * or NULL with libpq's message in err (never the conninfo) and *permanent set when retrying
 * cannot help (the server wants a password that was not given). Server notices are logged as
 * messages of `self`. */
PGconn *pgsql_conn_open(const rt_module *self, const char *conninfo, const char *app_name, int timeout_s,
                        int *permanent, char *err, size_t err_size);

/* Class of a failed command: by the result's SQLSTATE; without one (libpq's own failure, such as
 * a lost connection) transient. */
pgsql_class pgsql_conn_classify(const PGresult *result);

/* Runs one command that returns no rows. Returns PGSQL_OK, or the class of the failure with the
 * server's message in err. */
pgsql_class pgsql_conn_exec(PGconn *conn, const char *sql, char *err, size_t err_size);

/* Copies the message of a failed result (or of the connection) into err, on one line. */
void pgsql_conn_message(const PGconn *conn, const PGresult *result, char *err, size_t err_size);

#endif
