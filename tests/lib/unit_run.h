/* unit_run.h — running a Check suite the same way in every unit test program. */
#ifndef ROWTAP_TEST_UNIT_RUN_H
#define ROWTAP_TEST_UNIT_RUN_H

#include <check.h>

/* Runs the suite, frees it, and returns the exit status for main (0 when every test passed). */
int unit_run(Suite *suite);

#endif
