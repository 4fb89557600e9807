/* pgsql_reject.c — reporting the rows PostgreSQL refused and writing them to pgsql.rejectFile:
 * one line per row, "<table> TAB <SQLSTATE> TAB <message> TAB <fields in COPY text format>", so
 * that `cut -f4-` gives lines `COPY <table> FROM STDIN` reads again once the cause is fixed. */
#include <errno.h>
#include <string.h>

#include "pgsql_stream.h"
#include "pgsql_text.h"

/* Opens the reject file at the first refused row of the run; NULL when there is none. */
static FILE *reject_file(pgsql_settings *cfg)
{
    if (!cfg->reject_file && cfg->reject_path) {
        cfg->reject_file = fopen(cfg->reject_path, "w");
        if (!cfg->reject_file) {
            rt_log_error(cfg->self, "cannot create the reject file %s: %s", cfg->reject_path, strerror(errno));
            cfg->reject_path = NULL;
        }
    }
    return cfg->reject_file;
}

void pgsql_reject_write(pgsql_stream *s)
{
    pgsql_settings *cfg = s->settings;
    const pgsql_rejected *first = &s->rejected[0];
    rt_log_error(cfg->self, "%s: the server refused %zu of %zu rows (first: %s %s)%s%s", s->label, s->n_rejected,
                 s->ends.n, first->sqlstate, first->message ? first->message : "",
                 cfg->reject_path ? "; written to " : "; set pgsql.rejectFile to keep such rows",
                 cfg->reject_path ? cfg->reject_path : "");
    FILE *f = reject_file(cfg);
    if (!f)
        return;
    rt_buffer line = { 0 };
    for (size_t i = 0; i < s->n_rejected; i++) {
        const pgsql_rejected *rej = &s->rejected[i];
        size_t start = rej->row ? s->ends.at[rej->row - 1] : PGSQL_COPY_HEADER_SIZE;
        line.len = 0;
        buffer_append(&line, s->table_sql, strlen(s->table_sql));
        buffer_append(&line, "\t", 1);
        buffer_append(&line, rej->sqlstate, strlen(rej->sqlstate));
        buffer_append(&line, "\t", 1);
        if (rej->message)
            buffer_append(&line, rej->message, strlen(rej->message));
        buffer_append(&line, "\t", 1);
        pgsql_text_row(&line, &s->plan, s->pending.data + start, s->ends.at[rej->row] - start);
        buffer_append(&line, "\n", 1);
        fwrite(line.data, 1, line.len, f);
    }
    buffer_free(&line);
    if (fflush(f) != 0)
        rt_log_error(cfg->self, "cannot write the reject file %s: %s", cfg->reject_path, strerror(errno));
}
