/* run_info.c — the single rt_run of the process. */
#include "run_info.h"

static rt_run the_run;
static int the_run_ready;

rt_run *run_info_get_mutable(void)
{
    the_run_ready = 1;
    return &the_run;
}

const rt_run *rt_run_get(void)
{
    return the_run_ready ? &the_run : NULL;
}
