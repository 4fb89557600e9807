# pg_server.sh — starts and stops a throwaway PostgreSQL server for one test (sourced, not run).
#
#   . "$top_srcdir/tests/pg/pg_server.sh"
#   pg_server_start            # skips the test (exit 77) when the server binaries are absent
#   psql -c 'select 1'         # PGHOST, PGPORT, PGUSER, PGDATABASE now point at the server
#   pg_server_restart [fast|immediate]
#   $PG_SERVER_RESTART         # the same as one shell command, for test programs (system())
#   pg_server_stop             # also run automatically when the shell exits
#
# The server runs as the user `postgres` (it refuses root), listens on a private Unix socket folder
# and on 127.0.0.1 at a free port, and keeps everything in one temporary folder. Set PG_SERVER_OPTS
# to add server settings ("-c name=value ..."); PG_SERVER_DURABLE=1 keeps the default durability
# settings (fsync on), which performance figures need.

pg_server_find_bin() {
    if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/pg_ctl" ]; then
        return 0
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
        if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
            PG_BIN=$dir
            return 0
        fi
    done
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        PG_BIN=$(dirname "$(command -v pg_ctl)")
        return 0
    fi
    return 1
}

# Runs a server program as the server's user (root cannot run the server).
pg_server_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$PG_SERVER_USER" -- "$@"
    else
        "$@"
    fi
}

pg_server_ctl_start() {
    pg_server_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/log" -w -t 60 \
        -o "-p $PGPORT -k $PG_SOCKDIR -c listen_addresses=127.0.0.1 $PG_SERVER_SETTINGS ${PG_SERVER_OPTS:-}" \
        start >/dev/null
}

pg_server_start() {
    if ! pg_server_find_bin; then
        echo "SKIP: PostgreSQL server binaries (initdb, pg_ctl) not found (Debian: apt-get install postgresql)"
        exit 77
    fi
    if ! command -v psql >/dev/null 2>&1; then
        echo "SKIP: psql not found (Debian: apt-get install postgresql-client)"
        exit 77
    fi
    PG_SERVER_USER=$(id -un)
    if [ "$(id -u)" = 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "SKIP: running as root and there is no 'postgres' user to run the server"
            exit 77
        fi
        PG_SERVER_USER=postgres
    fi
    PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rowtap-pg.XXXXXX")
    chmod 755 "$PG_TMP"
    PG_DATA=$PG_TMP/data
    PG_SOCKDIR=$PG_TMP/sock
    mkdir -p "$PG_DATA" "$PG_SOCKDIR"
    [ "$(id -u)" = 0 ] && chown "$PG_SERVER_USER" "$PG_DATA" "$PG_SOCKDIR"
    chmod 700 "$PG_DATA"
    trap 'pg_server_stop' EXIT
    trap 'exit 1' INT TERM HUP
    if ! pg_server_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C \
            >"$PG_TMP/initdb.log" 2>&1; then
        cat "$PG_TMP/initdb.log" >&2
        echo "FAIL: initdb failed" >&2
        exit 99
    fi
    PG_SERVER_SETTINGS="-c fsync=off -c full_page_writes=off"
    [ "${PG_SERVER_DURABLE:-0}" = 1 ] && PG_SERVER_SETTINGS=""
    tries=0
    while :; do
        PGPORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
        if pg_server_ctl_start; then
            break
        fi
        tries=$((tries + 1))
        if [ "$tries" -ge 5 ]; then
            cat "$PG_DATA/log" >&2
            echo "FAIL: the PostgreSQL server did not start" >&2
            exit 99
        fi
    done
    PGHOST=$PG_SOCKDIR
    PGUSER=postgres
    PGDATABASE=postgres
    # A command a test program can run (system()) to crash-restart the server on the same port.
    PG_SERVER_RESTART="$PG_BIN/pg_ctl -D $PG_DATA -m immediate -w -t 60 restart >/dev/null"
    [ "$(id -u)" = 0 ] && PG_SERVER_RESTART="runuser -u $PG_SERVER_USER -- $PG_SERVER_RESTART"
    export PGHOST PGPORT PGUSER PGDATABASE PG_BIN PG_DATA PG_SOCKDIR PG_TMP PG_SERVER_RESTART
    unset PGPASSWORD PGSERVICE PGSERVICEFILE PGSSLMODE PGAPPNAME PGOPTIONS 2>/dev/null || true
}

# Restarts the server on the same port: `fast` (default) or `immediate` (like a crash).
pg_server_restart() {
    pg_server_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m "${1:-fast}" -w stop >/dev/null
    pg_server_ctl_start
}

pg_server_stop() {
    if [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
        pg_server_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "${PG_TMP:-}" ]; then
        rm -rf "$PG_TMP"
        PG_TMP=
    fi
}
