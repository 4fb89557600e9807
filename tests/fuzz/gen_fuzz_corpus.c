/* gen_fuzz_corpus.c — writes the seed corpora of the fuzz targets from the project's own traffic
 * (tests/lib/sample_traffic.c through the frame builder and the pcap writer):
 *   gen_fuzz_corpus decode_frame DIR   every sample frame and exchange packet, with the first
 *                                      byte fuzz_decode_frame reads (link type, wire excess)
 *   gen_fuzz_corpus capture_rows DIR   small pcap and pcapng files: both byte orders and time
 *                                      resolutions, snap length 0, several interfaces and link
 *                                      types, simple/obsolete/unknown blocks, timeouts, a full
 *                                      flow table, fragments out of order, a cut record
 *   gen_fuzz_corpus options DIR        config texts and argument lists (fuzz_options's format)
 * The files in tests/fuzz/corpus/<target>/ were written by it (and libFuzzer's findings added). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_link_types.h"
#include "sample_traffic.h"

static char corpus_dir[3000];

static void corpus_path(char *out, size_t size, const char *name)
{
    if ((size_t)snprintf(out, size, "%s/%s", corpus_dir, name) >= size) {
        fprintf(stderr, "gen_fuzz_corpus: path too long\n");
        exit(99);
    }
}

static void write_bytes(const char *name, const void *a, size_t a_len, const void *b, size_t b_len)
{
    char path[4096];
    corpus_path(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(a, 1, a_len, f) != a_len || fwrite(b, 1, b_len, f) != b_len || fclose(f) != 0) {
        fprintf(stderr, "gen_fuzz_corpus: cannot write %s\n", path);
        exit(99);
    }
}

/* ---- decode_frame ---- */

static uint8_t link_index(uint32_t linktype)
{
    for (uint8_t i = 0; i < FUZZ_LINK_TYPES; i++)
        if (fuzz_link_types[i] == linktype)
            return i;
    fprintf(stderr, "gen_fuzz_corpus: link type %u is not in fuzz_link_types.h\n", linktype);
    exit(99);
}

static void decode_seed(const char *kind, unsigned i, const frame_builder *fb, uint32_t len, uint8_t wire_steps)
{
    char name[64];
    snprintf(name, sizeof name, "%s_%02u%s", kind, i, wire_steps ? "_cut" : "");
    uint8_t first = (uint8_t)(wire_steps << 4 | link_index(fb->linktype));
    write_bytes(name, &first, 1, fb->data, len);
}

static void gen_decode_frame(void)
{
    static frame_builder fb;
    for (unsigned i = 0; i < sample_frame_count(); i++) {
        uint32_t len = sample_frame(&fb, i);
        decode_seed("frame", i, &fb, len, 0);
        decode_seed("frame", i, &fb, len > 40 ? 40 : len, 3);
    }
    for (unsigned i = 0; i < SAMPLE_EXCHANGE_PACKETS; i++)
        decode_seed("exchange", i, &fb, sample_exchange_packet(&fb, i), 0);
}

/* ---- capture_rows ---- */

static pcap_writer *open_pcap(const char *name, pcap_writer_order order, int ns, uint32_t linktype, uint32_t snap)
{
    char path[4096];
    corpus_path(path, sizeof path, name);
    return pcap_writer_open_pcap(path, order, ns, linktype, snap);
}

static pcap_writer *open_pcapng(const char *name, pcap_writer_order order)
{
    char path[4096];
    corpus_path(path, sizeof path, name);
    return pcap_writer_open_pcapng(path, order);
}

/* The exchange in classic pcap: little-endian µs, and big-endian ns with snap length 0. */
static void gen_exchange_files(void)
{
    pcap_writer *w = open_pcap("exchange_le_us.pcap", PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET,
                               65535);
    sample_exchange_write(w, 0, 0, SAMPLE_EXCHANGE_PACKETS - 1, 0);
    pcap_writer_close(w);
    w = open_pcap("exchange_be_ns_snap0.pcap", PCAP_WRITER_BIG_ENDIAN, 1, PCAP_WRITER_LINKTYPE_ETHERNET, 0);
    sample_exchange_write(w, 0, 0, SAMPLE_EXCHANGE_PACKETS - 1, 123);
    pcap_writer_close(w);
}

/* Every sample frame on an interface of its link type, with the block kinds pcapng has, in two
 * sections of both byte orders. */
static void gen_sample_frames_file(void)
{
    static frame_builder fb;
    pcap_writer *w = open_pcapng("sample_frames.pcapng", PCAP_WRITER_LITTLE_ENDIAN);
    int64_t t = SAMPLE_EXCHANGE_START_NS;
    for (unsigned i = 0; i < sample_frame_count(); i++) {
        if (i == sample_frame_count() / 2) {
            pcap_writer_section(w, PCAP_WRITER_BIG_ENDIAN);
            static const uint8_t unknown[] = "a block of a type rowtap does not read";
            pcap_writer_block(w, 0x0badcafe, unknown, sizeof unknown);
        }
        uint32_t len = sample_frame(&fb, i);
        uint32_t iface = pcap_writer_interface(w, (uint16_t)fb.linktype, i % 3 ? 0 : 128, i % 2 ? 9 : 0x80 | 20,
                                               i % 4 ? 0 : 3600);
        if (i % 5 == 3)
            pcap_writer_spb(w, fb.data, len, len);
        else if (i % 5 == 4 && iface < 0x10000)
            pcap_writer_opb_raw(w, (uint16_t)iface, (uint64_t)i * 1000, fb.data, len, len + 4);
        else
            pcap_writer_packet(w, iface, t + (int64_t)i * 1000000, fb.data, len, len);
    }
    pcap_writer_close(w);
}

/* One UDP packet from a client address numbered n, at time t. */
static void write_udp_flow(pcap_writer *w, unsigned n, int64_t t)
{
    static frame_builder fb;
    char src[32];
    snprintf(src, sizeof src, "10.%u.%u.%u", 20 + n / 65536, n / 256 % 256, n % 256);
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, src, "10.0.0.1");
    fb_udp(&fb, (uint16_t)(10000 + n), 9999);
    fb_pad_to(&fb, 60);
    uint32_t len = fb_finish(&fb);
    pcap_writer_packet(w, 0, t, fb.data, len, len);
}

/* More flows than fuzz_capture_rows's table holds, a pause longer than its timeout, and the
 * flows again: evictions, timeouts and new flow indexes. */
static void gen_table_file(void)
{
    pcap_writer *w = open_pcap("table_full_timeout.pcap", PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET,
                               65535);
    for (unsigned n = 0; n < 40; n++)
        write_udp_flow(w, n, SAMPLE_EXCHANGE_START_NS + n * 1000ll);
    for (unsigned n = 30; n < 40; n++)
        write_udp_flow(w, n, SAMPLE_EXCHANGE_START_NS + 10000000000ll + n * 1000ll);
    pcap_writer_close(w);
}

/* The fragmented datagram of the exchange: later fragment first, the first fragment twice. */
static void gen_fragments_file(void)
{
    static frame_builder fb;
    pcap_writer *w = open_pcap("fragments_disorder.pcap", PCAP_WRITER_LITTLE_ENDIAN, 0,
                               PCAP_WRITER_LINKTYPE_ETHERNET, 65535);
    static const unsigned order[] = { 13, 12, 12, 13 };
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++) {
        uint32_t len = sample_exchange_packet(&fb, order[i]);
        pcap_writer_packet(w, 0, SAMPLE_EXCHANGE_START_NS + i * 1000ll, fb.data, len, len);
    }
    pcap_writer_close(w);
}

/* The exchange cut in the middle of its sixth record. */
static void gen_cut_file(void)
{
    char whole[4096], cut[4096];
    corpus_path(whole, sizeof whole, "exchange_whole.tmp");
    corpus_path(cut, sizeof cut, "exchange_cut_record.pcap");
    pcap_writer *w = pcap_writer_open_pcap(whole, PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET, 65535);
    sample_exchange_write(w, 0, 0, 4, 0);
    uint64_t damage = pcap_writer_offset(w);
    sample_exchange_write(w, 0, 5, 6, 0);
    pcap_writer_close(w);
    pcap_writer_copy_cut(whole, cut, damage + 16 + 20);
    remove(whole);
}

static void gen_capture_rows(void)
{
    gen_exchange_files();
    gen_sample_frames_file();
    gen_table_file();
    gen_fragments_file();
    gen_cut_file();
}

/* ---- options ---- */

/* A seed: config text, NUL, then the arguments separated by NUL ('|' in the table). */
static const struct {
    const char *name, *config, *args;
} option_seeds[] = {
    { "run_with_config", "# comment\ncore.flowTimeout = 60\n  core.timePrecision=ns\n\ncore.flowTableSize = \"4096\"\n",
      "-r|trace.pcap|-s|-w|out/|-X|core.ipPktStatBits=true|--config|rowtap.conf" },
    { "secrets", "fuzzMod.conninfo = host=db user=u password='s e\\'cret' dbname=x\nfuzzMod.key = k\n",
      "-i|eth0|-o|txt,fuzzMod|-X|fuzzMod.conninfo=postgresql://loader:pw@db:5432/flows?sslmode=require"
      "|-XfuzzMod.sasl.password=pw|-X|fuzzMod.count=-3" },
    { "list_file", "# day\n/data/a.pcap\n   /data/b.pcap   \n\n-\n",
      "-R|day.list|-b|basicFlow,tcpWin|-p|/p1:/p2|-p|/p3" },
    { "all_flags", "fuzzMod.mode = bb\nfuzzMod.ratio = 1e-3\nfuzzMod.any = 9223372036854775807\n",
      "-q|-l|-x|4711|-F|filter.bpf|-o|txt|-r|-|-w|-|tcp|and|port|80" },
    { "errors", "no equals sign here\n= value\nkey with space = 1\n",
      "-r|a|-r|b|-Z|-x|abc|--config|--unknown-long|-X" },
    { "help_version_list", "", "-h|-V|--list-options|--help|--version" },
    { "bad_values", "fuzzMod.flag = maybe\nfuzzMod.count = 1001\nfuzzMod.mode = c\nfuzzMod.ratio = nan\n",
      "-R|x.list|-X|core.nosuch=1|-X|nosuchmodule.key=1|-X|core.flowTimeout=abc" },
};

static void gen_options(void)
{
    for (size_t i = 0; i < sizeof option_seeds / sizeof option_seeds[0]; i++) {
        size_t config_len = strlen(option_seeds[i].config), args_len = strlen(option_seeds[i].args);
        char *bytes = malloc(config_len + 1 + args_len);
        if (!bytes)
            exit(99);
        memcpy(bytes, option_seeds[i].config, config_len);
        bytes[config_len] = '\0';
        for (size_t k = 0; k < args_len; k++)
            bytes[config_len + 1 + k] = option_seeds[i].args[k] == '|' ? '\0' : option_seeds[i].args[k];
        write_bytes(option_seeds[i].name, bytes, config_len + 1 + args_len, "", 0);
        free(bytes);
    }
}

int main(int argc, char **argv)
{
    static const struct {
        const char *target;
        void (*generate)(void);
    } targets[] = {
        { "decode_frame", gen_decode_frame },
        { "capture_rows", gen_capture_rows },
        { "options", gen_options },
    };
    for (size_t i = 0; argc == 3 && i < sizeof targets / sizeof targets[0]; i++)
        if (strcmp(argv[1], targets[i].target) == 0) {
            snprintf(corpus_dir, sizeof corpus_dir, "%s", argv[2]);
            targets[i].generate();
            return 0;
        }
    fprintf(stderr, "usage: gen_fuzz_corpus decode_frame|capture_rows|options DIR\n");
    return 2;
}
