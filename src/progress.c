/* progress.c — drawing and erasing the progress line on a terminal. */
#include <unistd.h>

#include "progress.h"

void progress_init(progress *p, FILE *out, int quiet, int64_t interval_ns)
{
    p->out = !quiet && isatty(fileno(out)) ? out : NULL;
    p->interval_ns = interval_ns;
    p->last_drawn = 0;
    p->shown = 0;
}

int progress_due(const progress *p, int64_t now)
{
    return p->out && now - p->last_drawn >= p->interval_ns;
}

void progress_show(progress *p, const char *text, int64_t now)
{
    if (!p->out)
        return;
    /* carriage return, the text, then erase the rest of the old line (ANSI "erase in line") */
    fprintf(p->out, "\r%s\033[K", text);
    fflush(p->out);
    p->shown = 1;
    p->last_drawn = now;
}

void progress_clear(progress *p)
{
    if (!p->out || !atomic_exchange(&p->shown, 0))
        return;
    fputs("\r\033[K", p->out);
    fflush(p->out);
}
