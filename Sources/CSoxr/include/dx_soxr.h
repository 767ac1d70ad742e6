#ifndef DXKIT_CSOXR_DX_SOXR_H
#define DXKIT_CSOXR_DX_SOXR_H
/* libsoxr (sample-rate conversion for DXSignal), loaded at the first resampler rather
 * than when a tool starts.
 *
 * Why: linked, libsoxr and the OpenMP runtime it needs (libgomp) are mapped and
 * relocated at every start of dx-align and dx-denoise, ~0.5 ms, although only a take or
 * guide at a rate that is not a multiple of 16 kHz (44.1 kHz) is ever resampled. So
 * nothing links libsoxr: its types come from libsoxr-dev's <soxr.h>, its functions are
 * looked up in libsoxr.so.0 with dlopen/dlsym, once per process.
 *
 * Use: call dx_soxr_load() first; only when it returned 0 may the dx_soxr* functions be
 * called. Each dx_soxr_name has exactly the signature of libsoxr's soxr_name. */
#include <soxr.h>

/* The library dx_soxr_load() opens: the soname of the libsoxr the header belongs to. */
#define DX_SOXR_SONAME "libsoxr.so.0"

/* Loads libsoxr and resolves every function below, once per process (thread-safe).
 * Returns 0 on success, -1 when the library or one of its functions cannot be found;
 * dx_soxr_load_error() then says which and why. */
int dx_soxr_load(void);

/* The reason of a failed dx_soxr_load() (a static string), or NULL after a success. */
const char *dx_soxr_load_error(void);

soxr_io_spec_t dx_soxr_io_spec(soxr_datatype_t itype, soxr_datatype_t otype);
soxr_quality_spec_t dx_soxr_quality_spec(unsigned long recipe, unsigned long flags);
soxr_runtime_spec_t dx_soxr_runtime_spec(unsigned num_threads);
soxr_t dx_soxr_create(double input_rate, double output_rate, unsigned num_channels, soxr_error_t *error,
                      soxr_io_spec_t const *io_spec, soxr_quality_spec_t const *quality_spec,
                      soxr_runtime_spec_t const *runtime_spec);
soxr_error_t dx_soxr_process(soxr_t resampler, soxr_in_t in, size_t ilen, size_t *idone,
                             soxr_out_t out, size_t olen, size_t *odone);
void dx_soxr_delete(soxr_t resampler);
#endif
