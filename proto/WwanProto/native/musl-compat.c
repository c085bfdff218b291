/* glibc-internal symbols the .NET 10 NativeAOT runtime (built against glibc) calls, for the static musl
 * link (-p:StaticMusl=true). glibc's CPU_ALLOC/CPU_FREE macros expand to these functions; musl's are
 * calloc/free of the same size, which is what these do. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>

cpu_set_t *__sched_cpualloc(size_t count)
{
    return calloc(1, CPU_ALLOC_SIZE(count));
}

void __sched_cpufree(cpu_set_t *set)
{
    free(set);
}
