/* gen_main.c — rowtap-gen: writes the bundled sample, the link-type captures or the benchmark mix
 * (see gen_cli.c for the command line and tools/rowtap-gen.md for the contents). */
#include <stdio.h>
#include <sys/stat.h>

#include "gen_cli.h"
#include "gen_mix.h"
#include "gen_sample.h"

int main(int argc, char **argv)
{
    gen_options o;
    int parsed = gen_cli_parse(argc, argv, &o);
    if (parsed != 0)
        return parsed > 0 ? 0 : 2;
    switch (o.mode) {
    case GEN_MODE_SAMPLE: {
        unsigned long frames = gen_sample_write(o.output);
        if (!o.quiet)
            fprintf(stderr, "rowtap-gen: %s: %lu frames\n", o.output, frames);
        return 0;
    }
    case GEN_MODE_LINKTYPES: {
        struct stat st;
        if (stat(o.linktype_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "rowtap-gen: %s is not a folder\n", o.linktype_dir);
            return 1;
        }
        unsigned files = gen_sample_linktypes_write(o.linktype_dir);
        if (!o.quiet)
            fprintf(stderr, "rowtap-gen: %u captures written into %s\n", files, o.linktype_dir);
        return 0;
    }
    case GEN_MODE_MIX: {
        gen_mix_result r;
        if (gen_mix_write(&o, &r) < 0)
            return 1;
        if (!o.quiet)
            fprintf(stderr,
                    "rowtap-gen: %s: %llu packets, %llu flows, %llu wire bytes in %.2f s "
                    "(%.0f packets/s)\n",
                    o.output, (unsigned long long)r.packets, (unsigned long long)r.flows,
                    (unsigned long long)r.wire_bytes, r.seconds,
                    r.seconds > 0 ? (double)r.packets / r.seconds : 0.0);
        return 0;
    }
    case GEN_MODE_NONE:
        break;
    }
    return 2;
}
