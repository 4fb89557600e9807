/* builtin_sinks.c — the table of sinks compiled into the binary. */
#include <string.h>

#include "builtin_sinks.h"
#include "txt_sink.h"

static const rt_sink *const builtin_sinks[] = {
    &txt_sink,
    NULL,
};

const rt_sink *builtin_sink_find(const char *name)
{
    for (size_t i = 0; builtin_sinks[i]; i++)
        if (strcmp(builtin_sinks[i]->name, name) == 0)
            return builtin_sinks[i];
    return NULL;
}

const rt_sink *builtin_sink_at(size_t index)
{
    return index < sizeof builtin_sinks / sizeof builtin_sinks[0] ? builtin_sinks[index] : NULL;
}
