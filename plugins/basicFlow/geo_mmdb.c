/* geo_mmdb.c — .mmdb lookups through libmaxminddb. The database is memory-mapped; the values
 * are lower-cased once per distinct database value and kept, keyed by the value's offset in the
 * database, so a lookup at flow creation costs no allocation after the first flow that met a
 * value, and the memory used is bounded by the database. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <maxminddb.h>

#include "geo_mmdb.h"

/* One lower-cased value; key is the value's data offset + 1 (0: empty slot). */
typedef struct cached_text {
    uint32_t key;
    uint32_t len;
    char *text;
} cached_text;

struct geo_mmdb {
    MMDB_s mmdb;
    const rt_module *self;
    char *path;
    int error_reported;
    cached_text *cache;   /* open addressing, cache_size slots (a power of two) */
    uint32_t cache_size;
    uint32_t cache_used;
};

/* Record paths of each field, tried in order. */
static const char *const country_path[] = { "country", "iso_code", NULL };
static const char *const registered_country_path[] = { "registered_country", "iso_code", NULL };
static const char *const organisation_path[] = { "autonomous_system_organization", NULL };

static const char *const *const field_paths[][2] = {
    [GEO_MMDB_COUNTRY] = { country_path, registered_country_path },
    [GEO_MMDB_ORGANISATION] = { organisation_path, NULL },
};

geo_mmdb *geo_mmdb_open(const rt_module *self, const char *option, const char *path)
{
    geo_mmdb *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        rt_log_error(self, "out of memory opening %s", path);
        return NULL;
    }
    int status = MMDB_open(path, MMDB_MODE_MMAP, &db->mmdb);
    if (status != MMDB_SUCCESS) {
        rt_log_error(self, "%s: cannot open the database '%s': %s%s%s", option, path, MMDB_strerror(status),
                     status == MMDB_IO_ERROR ? ": " : "", status == MMDB_IO_ERROR ? strerror(errno) : "");
        free(db->path);
        free(db);
        return NULL;
    }
    db->self = self;
    return db;
}

/* Reports the first failed lookup of a database; later ones only give '-'. */
static void report_failure(geo_mmdb *db, int status)
{
    if (db->error_reported)
        return;
    db->error_reported = 1;
    rt_log_error(db->self, "lookup in the database '%s' failed: %s; the affected addresses get '-' "
                 "(further failures of this database are not reported)", db->path, MMDB_strerror(status));
}

static uint32_t slot_of(uint32_t key, uint32_t size)
{
    return (uint32_t)((key * 2654435761u) & (size - 1));
}

/* Doubles the cache (or creates it). Returns 0, or -1 when memory is exhausted. */
static int cache_grow(geo_mmdb *db)
{
    uint32_t size = db->cache_size ? db->cache_size * 2 : 64;
    cached_text *slots = calloc(size, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t i = 0; i < db->cache_size; i++) {
        if (!db->cache[i].key)
            continue;
        uint32_t s = slot_of(db->cache[i].key, size);
        while (slots[s].key)
            s = (s + 1) & (size - 1);
        slots[s] = db->cache[i];
    }
    free(db->cache);
    db->cache = slots;
    db->cache_size = size;
    return 0;
}

/* The lower-cased copy of a string value of the database, made on first use. */
static const cached_text *cached_lower(geo_mmdb *db, const MMDB_entry_data_s *value)
{
    uint32_t key = value->offset + 1;
    if (db->cache_size) {
        for (uint32_t s = slot_of(key, db->cache_size); db->cache[s].key; s = (s + 1) & (db->cache_size - 1))
            if (db->cache[s].key == key)
                return &db->cache[s];
    }
    if ((db->cache_used + 1) * 2 > db->cache_size && cache_grow(db) < 0)
        return NULL;
    char *text = malloc(value->data_size + 1);
    if (!text)
        return NULL;
    for (uint32_t i = 0; i < value->data_size; i++) {
        char c = value->utf8_string[i];
        text[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    text[value->data_size] = '\0';
    uint32_t s = slot_of(key, db->cache_size);
    while (db->cache[s].key)
        s = (s + 1) & (db->cache_size - 1);
    db->cache[s] = (cached_text){ key, value->data_size, text };
    db->cache_used++;
    return &db->cache[s];
}

/* Finds the database record of an address; 0 when there is none (or the lookup failed). */
static int find_record(geo_mmdb *db, int version, const uint8_t *addr, MMDB_entry_s *entry)
{
    struct sockaddr_in in4 = { .sin_family = AF_INET };
    struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };
    const struct sockaddr *sa;
    if (version == 4) {
        memcpy(&in4.sin_addr, addr, 4);
        sa = (const struct sockaddr *)&in4;
    } else {
        memcpy(&in6.sin6_addr, addr, 16);
        sa = (const struct sockaddr *)&in6;
    }
    int status;
    MMDB_lookup_result_s result = MMDB_lookup_sockaddr(&db->mmdb, sa, &status);
    if (status == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
        return 0;
    if (status != MMDB_SUCCESS) {
        report_failure(db, status);
        return 0;
    }
    *entry = result.entry;
    return result.found_entry;
}

/* Reads the string at `path` of a record; 0 when it is missing or not a string. */
static int read_string(geo_mmdb *db, MMDB_entry_s *entry, const char *const *path, MMDB_entry_data_s *value)
{
    int status = MMDB_aget_value(entry, value, path);
    if (status == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR)
        return 0;
    if (status != MMDB_SUCCESS) {
        report_failure(db, status);
        return 0;
    }
    return value->has_data && value->type == MMDB_DATA_TYPE_UTF8_STRING;
}

int geo_mmdb_lookup(geo_mmdb *db, geo_mmdb_field field, int version, const uint8_t *addr,
                    const char **text, uint32_t *len)
{
    MMDB_entry_s entry;
    if (!find_record(db, version, addr, &entry))
        return 0;
    for (int i = 0; i < 2 && field_paths[field][i]; i++) {
        MMDB_entry_data_s value;
        if (!read_string(db, &entry, field_paths[field][i], &value))
            continue;
        const cached_text *lower = cached_lower(db, &value);
        if (!lower) {
            report_failure(db, MMDB_OUT_OF_MEMORY_ERROR);
            return 0;
        }
        *text = lower->text;
        *len = lower->len;
        return 1;
    }
    return 0;
}

void geo_mmdb_close(geo_mmdb *db)
{
    if (!db)
        return;
    for (uint32_t i = 0; i < db->cache_size; i++)
        free(db->cache[i].text);
    free(db->cache);
    MMDB_close(&db->mmdb);
    free(db->path);
    free(db);
}
