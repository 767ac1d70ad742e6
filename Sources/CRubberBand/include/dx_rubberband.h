#ifndef DXKIT_CRUBBERBAND_DX_RUBBERBAND_H
#define DXKIT_CRUBBERBAND_DX_RUBBERBAND_H
/* Rubber Band (time-stretching for dx-align's warp mode, DXStretch), loaded at the first
 * stretch rather than when a tool starts.
 *
 * Why: librubberband (GPL-2+) pulls in libfftw3, libsamplerate and libstdc++ when linked;
 * every plain offset alignment would map and relocate them at start-up although only
 * `dx-align --warp` stretches. So nothing links it: its types come from
 * librubberband-dev's <rubberband/rubberband-c.h>, its functions are looked up in
 * librubberband.so.2 with dlopen/dlsym, once per process.
 *
 * Use: call dx_rubberband_load() first; only when it returned 0 may the other
 * dx_rubberband_* functions be called. Each dx_rubberband_name has exactly the signature
 * of the library's rubberband_name. */
#include <rubberband/rubberband-c.h>

/* The library dx_rubberband_load() opens: the soname of the library the header belongs to. */
#define DX_RUBBERBAND_SONAME "librubberband.so.2"

/* Loads Rubber Band and resolves every function below, once per process (thread-safe).
 * Returns 0 on success, -1 when the library or one of its functions cannot be found;
 * dx_rubberband_load_error() then says which and why. */
int dx_rubberband_load(void);

/* The reason of a failed dx_rubberband_load() (a static string), or NULL after a success. */
const char *dx_rubberband_load_error(void);

RubberBandState dx_rubberband_new(unsigned int sampleRate, unsigned int channels, RubberBandOptions options,
                                  double initialTimeRatio, double initialPitchScale);
void dx_rubberband_delete(RubberBandState state);
int dx_rubberband_get_engine_version(RubberBandState state);
void dx_rubberband_set_expected_input_duration(RubberBandState state, unsigned int samples);
void dx_rubberband_set_max_process_size(RubberBandState state, unsigned int samples);
void dx_rubberband_set_key_frame_map(RubberBandState state, unsigned int keyframecount, unsigned int *from,
                                     unsigned int *to);
void dx_rubberband_study(RubberBandState state, const float *const *input, unsigned int samples, int final);
void dx_rubberband_process(RubberBandState state, const float *const *input, unsigned int samples, int final);
int dx_rubberband_available(const RubberBandState state);
unsigned int dx_rubberband_retrieve(const RubberBandState state, float *const *output, unsigned int samples);
#endif
