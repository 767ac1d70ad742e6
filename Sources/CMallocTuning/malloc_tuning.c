/* See include/dx_malloc_tuning.h. */
#define _GNU_SOURCE
#include "dx_malloc_tuning.h"

#include <stdlib.h> /* defines __GLIBC__ under glibc */

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

void dx_keep_freed_memory(void) {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
    void *first = malloc(1 << 20);
    if (first != NULL) {
        free(first);
        const uintptr_t huge = (uintptr_t)2 << 20;
        uintptr_t start = ((uintptr_t)first + huge - 1) / huge * huge;
        void *top = sbrk(0);
        if (top != (void *)-1 && (uintptr_t)top > start + huge) {
            (void)madvise((void *)start, (uintptr_t)top - start, MADV_HUGEPAGE);
        }
    }
}
#else
void dx_keep_freed_memory(void) {}
#endif
