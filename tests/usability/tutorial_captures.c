/* tutorial_captures.c — test helper: writes the captures of the tutorial's two tables
 * (tests/accept/tutorial_recipe.h) into the folder given as argument, as DIR/annoloc2.pcap and
 * DIR/faf-exercise.pcap, for the shell tests of the column tools (tawk, tcol): rowtap run on
 * them prints the tables' rows. Exit status 0, or 1 when a capture could not be made. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "tutorial_recipe.h"
#include "unit_run.h"

static const char *out_dir;

START_TEST(write_captures)
{
    for (unsigned i = 0; i < 2; i++) {
        static tc_table table;
        static tc_flow flow;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.pcap", out_dir, tutorial_recipes[i].name);
        tutorial_recipe_write(&tutorial_recipes[i], TUTORIAL_TABLES, path, &table, &flow);
        tc_table_free(&table);
    }
}
END_TEST

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: tutorial_captures DIR\n");
        return 2;
    }
    out_dir = argv[1];
    Suite *s = suite_create("tutorial captures");
    TCase *tc = tcase_create("write");
    tcase_add_test(tc, write_captures);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
