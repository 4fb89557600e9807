/* run_info.h — the rt_run description shared with plugins and sinks (rt_run_get). */
#ifndef ROWTAP_RUN_INFO_H
#define ROWTAP_RUN_INFO_H

#include "rowtap/module.h"

/* The run description, to be filled by main before modules start. */
rt_run *run_info_get_mutable(void);

#endif
