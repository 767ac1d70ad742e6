#ifndef DXKIT_MALLOC_TUNING_H
#define DXKIT_MALLOC_TUNING_H
/* glibc malloc tuning for short runs that allocate and free large buffers on a few threads
   (mallopt(3) and its <malloc.h> parameters are not in Swift's Glibc module). */

/* One arena; buffers of any size from the heap (never a fresh mmap); freed memory kept; the
   heap grown 64 MB at a time and advised into transparent huge pages (MADV_HUGEPAGE), so a
   buffer reuses pages already touched and a new page costs one fault per 2 MB, not per 4 KB
   (dx-align c000: 875 minor faults). Does nothing where this is not glibc on Linux. */
void dx_keep_freed_memory(void);
#endif
