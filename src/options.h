/* options.h — runtime options: every key a user may set with -X key=value or in a --config
 * file, validated against the option tables of the core and of the loaded modules. */
#ifndef ROWTAP_OPTIONS_H
#define ROWTAP_OPTIONS_H

#include <stdio.h>

#include "module_internal.h"

/* The core's own option groups ("core.*" and "capture.*"). */
extern rt_module options_core_module;
extern rt_module options_capture_module;

/* Records a -X key=value as given (`origin` names it for messages; the value keeps any quotes).
 * Returns 0, or -1 with a message in err when the text has no '=' or no key. */
int options_add(const char *assignment, const char *origin, char *err, size_t err_size);
/* Reads a --config file: "key = value" per line (double quotes around a whole value are
 * removed), '#' comments and blank lines ignored. */
int options_load_file(const char *path, char *err, size_t err_size);
/* Checks every recorded key against the tables of `modules` (the core groups are always
 * known) and every value against its type. Returns 0, or -1 with a message naming the key. */
int options_validate(rt_module *const *modules, size_t n_modules, char *err, size_t err_size);
/* Value of module.key (recorded or default), NULL when unset. */
const char *options_value(const rt_module *module, const char *key);
/* Is this option secret (its value must never be printed)? */
int options_is_secret(const char *full_key);
/* Prints every option of the core groups and `modules`: key, type, default, description. */
void options_list(FILE *out, rt_module *const *modules, size_t n_modules);
/* Forgets all recorded values (tests). */
void options_reset(void);

#endif
