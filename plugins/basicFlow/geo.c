/* geo.c — one address to a code and an organisation: special ranges win over the databases,
 * an address a database does not know (or no database) gives '-'. */
#include <string.h>

#include "geo.h"
#include "geo_special.h"

static const char unknown[] = "-";

static geo_mmdb *open_optional(const rt_module *self, const char *option, const char *path)
{
    return path && *path ? geo_mmdb_open(self, option, path) : NULL;
}

int geo_open(geo *g, const rt_module *self, const char *country_db, const char *organisation_db)
{
    memset(g, 0, sizeof *g);
    g->country = open_optional(self, "basicFlow.countryDb", country_db);
    g->organisation = open_optional(self, "basicFlow.asnDb", organisation_db);
    if ((country_db && *country_db && !g->country) || (organisation_db && *organisation_db && !g->organisation)) {
        geo_close(g);
        return -1;
    }
    return 0;
}

void geo_unknown(geo_answer *out)
{
    *out = (geo_answer){ unknown, unknown, 1, 1 };
}

void geo_lookup(geo *g, int version, const uint8_t *addr, geo_answer *out)
{
    geo_unknown(out);
    const geo_special_range *special = geo_special_find(version, addr);
    if (special) {
        *out = (geo_answer){ special->code, special->label, (uint32_t)strlen(special->code),
                             (uint32_t)strlen(special->label) };
        return;
    }
    if (g->country)
        geo_mmdb_lookup(g->country, GEO_MMDB_COUNTRY, version, addr, &out->code, &out->code_len);
    if (g->organisation)
        geo_mmdb_lookup(g->organisation, GEO_MMDB_ORGANISATION, version, addr, &out->who, &out->who_len);
}

void geo_close(geo *g)
{
    geo_mmdb_close(g->country);
    geo_mmdb_close(g->organisation);
    memset(g, 0, sizeof *g);
}
