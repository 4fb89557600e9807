/* tutorial_recipe.h — acceptance-test support: how the captures of the tutorial's tables
 * (T2-COMPAT §7.5) are made — the table's flow (tutorial_capture.h) at its packet numbers, and
 * conversations filling every other number so that the flow gets the table's flow index: 34
 * conversations start before flow 35 of faf-exercise (Table 2), 636 before flow 637 of annoloc2
 * (Table 1). Used by tests/accept/test_tutorial.c and tests/usability/tutorial_captures.c. */
#ifndef ROWTAP_ACCEPT_TUTORIAL_RECIPE_H
#define ROWTAP_ACCEPT_TUTORIAL_RECIPE_H

#include <stdint.h>

#include "tutorial_capture.h"

#define TUTORIAL_TABLE1 0
#define TUTORIAL_TABLE2 1

/* The conversations around the flow (tutorial_recipe.c). */
typedef struct tutorial_fillers tutorial_fillers;

/* One table's capture. */
typedef struct tutorial_recipe {
    unsigned table;                  /* TUTORIAL_TABLE1 or TUTORIAL_TABLE2 */
    const char *name;                /* the trace: annoloc2, faf-exercise */
    const char *flow_ind;            /* the flow the table shows */
    int handshake;                   /* the flow starts with SYN, SYN-ACK */
    uint32_t snaplen;
    const tutorial_fillers *fillers;
} tutorial_recipe;

/* Table 1 (annoloc2, flow 637) and Table 2 (faf-exercise, flow 35), indexed by TUTORIAL_TABLE*. */
extern const tutorial_recipe tutorial_recipes[2];

/* Reads the table from the verbatim tables file (tests/data/txt/tutorial_tables.txt), builds its
 * flow and writes the capture to pcap_path; `table` and `flow` receive what was built (free the
 * table with tc_table_free). Fails the running Check test on a problem. */
void tutorial_recipe_write(const tutorial_recipe *recipe, const char *tables_path, const char *pcap_path,
                           tc_table *table, tc_flow *flow);

#endif
