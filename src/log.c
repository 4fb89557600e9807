/* log.c — error, warning and information messages on standard error, from any thread. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "log.h"
#include "module_internal.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned errors;
static void (*before_message)(void *arg);
static void *before_arg;

void log_set_before(void (*before)(void *arg), void *arg)
{
    pthread_mutex_lock(&log_lock);
    before_message = before;
    before_arg = arg;
    pthread_mutex_unlock(&log_lock);
}

/* Prints "rowtap: [<who>: ]<label><message>"; labels are "error: ", "warning: " or "". */
static void __attribute__((format(printf, 3, 0))) log_message(const char *who, const char *label, const char *fmt,
                                                               va_list ap)
{
    char text[2048];
    vsnprintf(text, sizeof text, fmt, ap);
    pthread_mutex_lock(&log_lock);
    if (before_message)
        before_message(before_arg);
    if (label[0] == 'e')
        errors++;
    fprintf(stderr, "rowtap: %s%s%s%s\n", who ? who : "", who ? ": " : "", label, text);
    pthread_mutex_unlock(&log_lock);
}

/* Defines one logging function; the parameters before `fmt` are given as the macro's tail. */
#define LOG_FUNCTION(fn, who_expr, label, ...)         \
    void fn(__VA_ARGS__ fmt, ...)                      \
    {                                                  \
        va_list ap;                                    \
        va_start(ap, fmt);                             \
        log_message(who_expr, label, fmt, ap);         \
        va_end(ap);                                    \
    }

LOG_FUNCTION(log_error, NULL, "error: ", const char *)
LOG_FUNCTION(log_warning, NULL, "warning: ", const char *)
LOG_FUNCTION(rt_log_error, self ? self->name : NULL, "error: ", const rt_module *self, const char *)
LOG_FUNCTION(rt_log_warning, self ? self->name : NULL, "warning: ", const rt_module *self, const char *)
LOG_FUNCTION(rt_log_info, self ? self->name : NULL, "", const rt_module *self, const char *)

unsigned log_error_count(void)
{
    pthread_mutex_lock(&log_lock);
    unsigned n = errors;
    pthread_mutex_unlock(&log_lock);
    return n;
}
