/* geo_mmdb_none.c — geo_mmdb for builds without libmaxminddb: no database can be opened. */
#include "geo_mmdb.h"

geo_mmdb *geo_mmdb_open(const rt_module *self, const char *option, const char *path)
{
    rt_log_error(self, "%s=%s: this rowtap was built without libmaxminddb, so it cannot read .mmdb "
                 "databases (install libmaxminddb-dev, run configure again and rebuild, or unset %s)",
                 option, path, option);
    return NULL;
}

int geo_mmdb_lookup(geo_mmdb *db, geo_mmdb_field field, int version, const uint8_t *addr,
                    const char **text, uint32_t *len)
{
    return 0;
}

void geo_mmdb_close(geo_mmdb *db)
{
}
