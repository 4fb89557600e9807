/* input_list.h — reading the -R list file: one capture path per line. */
#ifndef ROWTAP_INPUT_LIST_H
#define ROWTAP_INPUT_LIST_H

#include <stddef.h>

/* Reads the paths of `list_file`: one per line, surrounding blanks removed, empty lines and lines
 * starting with '#' ignored. Returns the number of paths (>= 1) with *paths allocated, or -1 with
 * a message in err (unreadable file, no path in it). */
long input_list_read(const char *list_file, char ***paths, char *err, size_t err_size);
void input_list_free(char **paths, long n);

#endif
