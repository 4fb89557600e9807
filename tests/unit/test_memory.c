/* test_memory.c — huge_memory (alignment, zeroed pages, the calloc path of small tables) and
 * memory_prefault (pages ahead of the used part become resident, contents never change, stopping
 * at any time). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "huge_memory.h"
#include "memory_prefault.h"
#include "unit_run.h"

START_TEST(large_tables_are_aligned_and_zeroed)
{
    size_t size = 5 * HUGE_MEMORY_MIN + 12345;
    uint8_t *table = huge_memory_alloc(size);
    ck_assert_ptr_nonnull(table);
    ck_assert_uint_eq((uintptr_t)table % HUGE_MEMORY_MIN, 0);
    for (size_t i = 0; i < size; i += 4093)
        ck_assert_uint_eq(table[i], 0);
    memset(table, 0xa5, size); /* every byte is writable */
    ck_assert_uint_eq(table[size - 1], 0xa5);
    huge_memory_free(table, size);
}
END_TEST

START_TEST(small_tables_come_from_calloc)
{
    uint8_t *table = huge_memory_alloc(100);
    ck_assert_ptr_nonnull(table);
    for (size_t i = 0; i < 100; i++)
        ck_assert_uint_eq(table[i], 0);
    huge_memory_free(table, 100); /* free(), which ASan checks matches calloc */
    huge_memory_free(NULL, 100);
    huge_memory_free(NULL, 8 * HUGE_MEMORY_MIN);
}
END_TEST

/* Resident pages of [p, p + len) (mincore). */
static size_t resident_pages(const uint8_t *p, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), n = (len + page - 1) / page, count = 0;
    unsigned char *vec = malloc(n);
    ck_assert_int_eq(mincore((void *)p, len, vec), 0);
    for (size_t i = 0; i < n; i++)
        count += vec[i] & 1;
    free(vec);
    return count;
}

START_TEST(pages_ahead_become_resident_and_keep_their_contents)
{
    size_t size = 64 * HUGE_MEMORY_MIN, page = (size_t)sysconf(_SC_PAGESIZE);
    uint8_t *table = huge_memory_alloc(size);
    ck_assert_ptr_nonnull(table);
    memset(table, 0x5a, 3 * HUGE_MEMORY_MIN); /* in use before the thread starts */
    memory_prefault *prefault = memory_prefault_start(table, size);
    ck_assert_ptr_nonnull(prefault);
    uint8_t *ahead = table + 6 * HUGE_MEMORY_MIN; /* beyond the bytes in use, within the margin */
    ck_assert_uint_eq(resident_pages(ahead, HUGE_MEMORY_MIN), 0);
    memory_prefault_used(prefault, 3 * HUGE_MEMORY_MIN);
    memory_prefault_used(prefault, 3 * HUGE_MEMORY_MIN + 100); /* the same step: nothing new */
    size_t want = HUGE_MEMORY_MIN / page;
    for (int i = 0; i < 500 && resident_pages(ahead, HUGE_MEMORY_MIN) < want; i++)
        nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
#ifdef MADV_POPULATE_WRITE
    ck_assert_uint_eq(resident_pages(ahead, HUGE_MEMORY_MIN), want);
#endif
    ck_assert_uint_eq(resident_pages(table + 40 * HUGE_MEMORY_MIN, HUGE_MEMORY_MIN), 0); /* not that far */
    memory_prefault_stop(prefault);
    for (size_t i = 0; i < 3 * HUGE_MEMORY_MIN; i += 997)
        ck_assert_uint_eq(table[i], 0x5a);
    for (size_t i = 3 * HUGE_MEMORY_MIN; i < size; i += 4093)
        ck_assert_uint_eq(table[i], 0);
    huge_memory_free(table, size);
}
END_TEST

START_TEST(stopping_while_populating)
{
    size_t size = 256 * HUGE_MEMORY_MIN;
    uint8_t *table = huge_memory_alloc(size);
    ck_assert_ptr_nonnull(table);
    memory_prefault *prefault = memory_prefault_start(table, size);
    ck_assert_ptr_nonnull(prefault);
    for (size_t used = 0; used < size; used += HUGE_MEMORY_MIN)
        memory_prefault_used(prefault, used);
    memory_prefault_stop(prefault);
    memory_prefault_used(NULL, 1);
    memory_prefault_stop(NULL);
    huge_memory_free(table, size);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, large_tables_are_aligned_and_zeroed);
    tcase_add_test(tc, small_tables_come_from_calloc);
    tcase_add_test(tc, pages_ahead_become_resident_and_keep_their_contents);
    tcase_add_test(tc, stopping_while_populating);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
