/* log.h — messages of the core (the rt_log_* functions serve modules). */
#ifndef ROWTAP_LOG_H
#define ROWTAP_LOG_H

/* An error of the core: "rowtap: <message>" on standard error; makes the exit status non-zero. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A warning of the core on standard error. */
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A function called (under the log's lock) before each message is written, e.g. to erase the
 * progress line; NULL for none. */
void log_set_before(void (*before)(void *arg), void *arg);
/* Number of errors logged so far (by the core or any module). */
unsigned log_error_count(void);

#endif
