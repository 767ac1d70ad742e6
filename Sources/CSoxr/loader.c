/* libsoxr through dlopen: see include/dx_soxr.h for why. */
#include "dx_soxr.h"
#include "dx_lazy_load.h"

#include <pthread.h>

/* Every libsoxr function dxkit calls; the table, lookups and checks come from this list. */
#define DX_SOXR_FUNCTIONS(X) \
    X(soxr_io_spec) \
    X(soxr_quality_spec) \
    X(soxr_runtime_spec) \
    X(soxr_create) \
    X(soxr_process) \
    X(soxr_delete)

DX_SOXR_FUNCTIONS(DX_LAZY_SAME_TYPE)

#define DX_SOXR_COUNT (0 DX_SOXR_FUNCTIONS(DX_LAZY_COUNT))
static const char *const names[DX_SOXR_COUNT] = {DX_SOXR_FUNCTIONS(DX_LAZY_NAME)};

/* The function table, filled by dx_lazy_resolve through `slots`. Written once inside
   pthread_once, read-only afterwards (pthread_once orders the writes before every
   dx_soxr_load() return). */
static union {
    struct { DX_SOXR_FUNCTIONS(DX_LAZY_FIELD) };
    void *slots[DX_SOXR_COUNT];
} api;
_Static_assert(sizeof api == DX_SOXR_COUNT * sizeof(void *), "the table must be its slots");
static int load_status = -1;
static char load_reason[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    /* The handle is kept open for the life of the process. */
    void *handle = dx_lazy_resolve(DX_SOXR_SONAME, "libsoxr0", names, api.slots, DX_SOXR_COUNT,
                                   load_reason, sizeof load_reason);
    load_status = handle != NULL ? 0 : -1;
}

int dx_soxr_load(void) {
    pthread_once(&load_once, load);
    return load_status;
}

const char *dx_soxr_load_error(void) {
    pthread_once(&load_once, load);
    return load_status == 0 ? NULL : load_reason;
}

soxr_io_spec_t dx_soxr_io_spec(soxr_datatype_t itype, soxr_datatype_t otype) {
    return api.soxr_io_spec(itype, otype);
}
soxr_quality_spec_t dx_soxr_quality_spec(unsigned long recipe, unsigned long flags) {
    return api.soxr_quality_spec(recipe, flags);
}
soxr_runtime_spec_t dx_soxr_runtime_spec(unsigned num_threads) { return api.soxr_runtime_spec(num_threads); }
soxr_t dx_soxr_create(double input_rate, double output_rate, unsigned num_channels, soxr_error_t *error,
                      soxr_io_spec_t const *io_spec, soxr_quality_spec_t const *quality_spec,
                      soxr_runtime_spec_t const *runtime_spec) {
    return api.soxr_create(input_rate, output_rate, num_channels, error, io_spec, quality_spec, runtime_spec);
}
soxr_error_t dx_soxr_process(soxr_t resampler, soxr_in_t in, size_t ilen, size_t *idone,
                             soxr_out_t out, size_t olen, size_t *odone) {
    return api.soxr_process(resampler, in, ilen, idone, out, olen, odone);
}
void dx_soxr_delete(soxr_t resampler) { api.soxr_delete(resampler); }
