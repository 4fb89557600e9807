/* schema_registry.h — builds the schema of a stream from the core's columns and the plugins'
 * declarations, rejecting invalid declarations at start-up. */
#ifndef ROWTAP_SCHEMA_REGISTRY_H
#define ROWTAP_SCHEMA_REGISTRY_H

#include "rowtap/schema.h"

typedef struct schema_registry {
    rt_schema schema;          /* the result, valid after schema_registry_finish */
    rt_schema_column *columns;
    unsigned n, cap;
} schema_registry;

void schema_registry_init(schema_registry *reg, rt_stream stream);
/* Appends `n` columns owned by `owner`. Returns 0, or -1 with a message in err (bad name,
 * duplicate name, unknown type, bad compound). */
int schema_registry_add(schema_registry *reg, const char *owner, const rt_column *columns,
                        unsigned n, char *err, size_t err_size);
/* Numbers the columns and computes the hash; returns the schema. */
const rt_schema *schema_registry_finish(schema_registry *reg);
void schema_registry_free(schema_registry *reg);

#endif
