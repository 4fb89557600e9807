/* catalog_doc.c — prints schema/types.md, the readable form of the type catalog types.def.
 * `make check` fails when the committed types.md differs from this program's output. */
#include <stdio.h>

#include "rowtap/types.h"

int main(void)
{
    puts("# rowtap column type catalog\n");
    puts("Generated from `schema/types.def` by `schema/catalog_doc` (do not edit by hand: edit types.def,");
    puts("then run `make update-schema`). Every part of rowtap that depends on a column type follows this");
    puts("table: the row encoding (internal storage), the txt sink and rowtap-cat (text), the msgpack sink and");
    puts("Kafka msgpack values (msgpack), the pgsql sink (PostgreSQL type and binary COPY encoding).\n");
    puts("| Type | Code | Bytes | C storage | Text rendering | msgpack | PostgreSQL type | COPY binary | Meaning |");
    puts("|---|---|---|---|---|---|---|---|---|");
    for (int t = 0; t < RT_TYPE_COUNT; t++) {
        const rt_type_info *i = rt_type_get((rt_type)t);
        char bytes[16];
        if (i->size)
            snprintf(bytes, sizeof bytes, "%u", i->size);
        else
            snprintf(bytes, sizeof bytes, "4 + n");
        printf("| %s | `%s` | %s | %s | %s | %s | %s | %s | %s |\n", i->id, i->code, bytes, i->storage, i->text,
               i->msgpack, i->pgtype, i->pgcopy, i->description);
    }
    puts("\nRepeated columns (type code suffix `:R`) hold zero or more values; compound columns (part codes");
    puts("joined by `_`) hold one value of each part type in order. Each sink documents how it represents");
    puts("them; the text form is in `../shared/spec/T2-COMPAT.md` §2.3 (`;` between repetitions, `_` between");
    puts("parts). In packet rows a value may be absent: an empty text field.");
    return 0;
}
