/* unit_run.c — runs a Check suite and turns its result into an exit status. */
#include <stdlib.h>

#include "unit_run.h"

int unit_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
