/* rowtap/rowtap.h — everything a plugin or sink includes. */
#ifndef ROWTAP_ROWTAP_H
#define ROWTAP_ROWTAP_H
#include "types.h"
#include "schema.h"
#include "row.h"
#include "packet.h"
#include "flow.h"
#include "module.h"
#include "plugin.h"
#include "sink.h"
#endif
