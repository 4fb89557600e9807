/* text_escape.c — escaping of string values and payload bytes, byte by byte without printf. */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#include <tmmintrin.h>
#endif

#include "text_escape.h"

/* The letter of the two-character escape of a byte ("\n" → 'n'), 0 when it has none. The double
 * quote is escaped in strings only: the payload copies it as a printable character. */
static const char escape_letter[256] = {
    [0x08] = 'b', [0x09] = 't', [0x0a] = 'n', [0x0b] = 'v', [0x0c] = 'f', [0x0d] = 'r',
    ['\\'] = '\\', ['"'] = '"',
};

static const char hex_digits[16] = "0123456789abcdef";

static int is_printable_ascii(uint8_t c)
{
    return c >= 0x20 && c < 0x7f;
}

/* Length of the well-formed UTF-8 multi-byte sequence starting at s (2 to 4), or 0 when the
 * bytes at s do not start one. */
static size_t utf8_sequence_length(const uint8_t *s, size_t avail)
{
    uint8_t lead = s[0];
    uint8_t second_min = 0x80, second_max = 0xbf;
    size_t n;
    if (lead >= 0xc2 && lead <= 0xdf) {
        n = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        n = 3;
        if (lead == 0xe0)
            second_min = 0xa0; /* below: overlong */
        else if (lead == 0xed)
            second_max = 0x9f; /* above: surrogates U+D800-U+DFFF */
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        n = 4;
        if (lead == 0xf0)
            second_min = 0x90; /* below: overlong */
        else if (lead == 0xf4)
            second_max = 0x8f; /* above: beyond U+10FFFF */
    } else {
        return 0; /* ASCII, a continuation byte, C0/C1 (overlong) or F5-FF */
    }
    if (avail < n || s[1] < second_min || s[1] > second_max)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

#if defined(__SSE2__)
/* Mask of the bytes of a 16-byte block that a string or payload cannot copy unchanged: below
 * 0x20, 0x7f and above (signed compares: those are negative), backslash, and for strings the
 * double quote. */
static inline unsigned special_bytes(__m128i v, int quote_too)
{
    __m128i plain = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1f)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x7f)));
    __m128i special = _mm_or_si128(_mm_andnot_si128(plain, _mm_set1_epi8(-1)), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    if (quote_too)
        special = _mm_or_si128(special, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    return (unsigned)_mm_movemask_epi8(special);
}
#endif

char *text_escape_string(char *p, const uint8_t *s, size_t len)
{
    const uint8_t *end = s + len;
#if defined(__SSE2__)
    /* Runs of plain printable ASCII, 16 bytes at a time, are copied as they are. */
    while (end - s >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)s);
        unsigned special = special_bytes(v, 1);
        if (special) {
            /* the plain bytes before the first special one; the whole block is stored: the
             * room (6 bytes per input byte) holds it since at least 16 input bytes remain */
            unsigned plain = (unsigned)__builtin_ctz(special);
            _mm_storeu_si128((__m128i *)p, v);
            p += plain;
            s += plain;
            break;
        }
        _mm_storeu_si128((__m128i *)p, v);
        p += 16;
        s += 16;
    }
#endif
    while (s < end) {
        uint8_t c = *s;
        if (is_printable_ascii(c) && !escape_letter[c]) {
            *p++ = (char)c;
            s++;
        } else if (c < 0x80) {
            *p++ = '\\';
            if (escape_letter[c]) {
                *p++ = escape_letter[c];
            } else {
                p[0] = 'u';
                p[1] = '0';
                p[2] = '0';
                p[3] = hex_digits[c >> 4];
                p[4] = hex_digits[c & 0xf];
                p += 5;
            }
            s++;
        } else {
            size_t n = utf8_sequence_length(s, (size_t)(end - s));
            if (n == 0) {
                *p++ = '.';
                s++;
            }
            for (; n > 0; n--)
                *p++ = (char)*s++;
        }
    }
    return p;
}

/* The payload rendering of every byte: up to two output characters and how many of them count.
 * Filled once at start-up; rendering is then one table look-up per byte, without branches. */
static char payload_chars[256][2];
static uint8_t payload_length[256];

static void __attribute__((constructor)) payload_table_init(void)
{
    for (int c = 0; c < 256; c++) {
        if (is_printable_ascii((uint8_t)c) && c != '\\') {
            payload_chars[c][0] = (char)c;
            payload_length[c] = 1;
        } else if (escape_letter[c]) {
            payload_chars[c][0] = '\\';
            payload_chars[c][1] = escape_letter[c];
            payload_length[c] = 2;
        } else {
            payload_chars[c][0] = '.';
            payload_length[c] = 1;
        }
    }
}

/* Renders n payload bytes through the table. */
static char *payload_bytes(char *p, const uint8_t *s, size_t n)
{
    for (const uint8_t *end = s + n; s < end; s++) {
        memcpy(p, payload_chars[*s], 2); /* the room is 2 bytes per input byte */
        p += payload_length[*s];
    }
    return p;
}

#if defined(__SSE2__)
/* SSSE3: every 16-byte block without branches. Each byte gets a first character (itself, '.',
 * or the backslash of an escape) and a second one (the escape's letter); a shuffle per half block
 * interleaves the second characters after the escaped bytes. */
static uint8_t payload_shuffles[256][16]; /* per 8-bit escape mask: output byte ← [first 0-7 | second 0-7] */
static uint8_t payload_shuffled_len[256];  /* per 8-bit escape mask: characters of the half block */
static int payload_use_ssse3;             /* the processor has SSSE3 (set before any thread starts) */

static void __attribute__((constructor)) payload_shuffles_init(void)
{
    __builtin_cpu_init(); /* constructors may run before the one of the compiler's run-time library */
    payload_use_ssse3 = __builtin_cpu_supports("ssse3") != 0;
    for (unsigned mask = 0; mask < 256; mask++) {
        unsigned n = 0;
        for (unsigned i = 0; i < 8; i++) {
            payload_shuffles[mask][n++] = (uint8_t)i;
            if (mask & (1u << i))
                payload_shuffles[mask][n++] = (uint8_t)(8 + i);
        }
        payload_shuffled_len[mask] = (uint8_t)n;
        while (n < 16)
            payload_shuffles[mask][n++] = 0x80;
    }
}

__attribute__((target("ssse3"))) static char *payload_blocks_ssse3(char *p, const uint8_t **src, const uint8_t *end)
{
    const uint8_t *s = *src;
    const __m128i below_space = _mm_set1_epi8(0x1f), delete = _mm_set1_epi8(0x7f), dot = _mm_set1_epi8('.');
    const __m128i below_bs = _mm_set1_epi8(0x07), above_cr = _mm_set1_epi8(0x0e), backslash = _mm_set1_epi8('\\');
    const __m128i letters = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 'b', 't', 'n', 'v', 'f', 'r', 0, 0);
    for (; end - s >= 16; s += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)s);
        __m128i printable = _mm_and_si128(_mm_cmpgt_epi8(v, below_space), _mm_cmplt_epi8(v, delete));
        __m128i is_backslash = _mm_cmpeq_epi8(v, backslash);
        __m128i escaped = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(v, below_bs), _mm_cmplt_epi8(v, above_cr)), is_backslash);
        __m128i plain = _mm_or_si128(_mm_and_si128(printable, v), _mm_andnot_si128(printable, dot));
        __m128i first = _mm_or_si128(_mm_and_si128(escaped, backslash), _mm_andnot_si128(escaped, plain));
        __m128i letter = _mm_shuffle_epi8(letters, _mm_and_si128(v, _mm_set1_epi8(0x0f)));
        __m128i second = _mm_or_si128(_mm_and_si128(is_backslash, backslash), _mm_andnot_si128(is_backslash, letter));
        unsigned mask = (unsigned)_mm_movemask_epi8(escaped);
        unsigned low = mask & 0xff, high = mask >> 8;
        __m128i low_out = _mm_shuffle_epi8(_mm_unpacklo_epi64(first, second),
                                           _mm_loadu_si128((const __m128i *)payload_shuffles[low]));
        _mm_storeu_si128((__m128i *)p, low_out);
        p += payload_shuffled_len[low];
        __m128i high_out = _mm_shuffle_epi8(_mm_unpackhi_epi64(first, second),
                                            _mm_loadu_si128((const __m128i *)payload_shuffles[high]));
        _mm_storeu_si128((__m128i *)p, high_out);
        p += payload_shuffled_len[high];
    }
    *src = s;
    return p;
}
#endif

char *text_escape_payload(char *p, const uint8_t *s, size_t len)
{
    const uint8_t *end = s + len;
#if defined(__SSE2__)
    if (payload_use_ssse3)
        p = payload_blocks_ssse3(p, &s, end);
#endif
    return payload_bytes(p, s, (size_t)(end - s));
}
