/* Rubber Band through dlopen: see include/dx_rubberband.h for why. */
#include "dx_rubberband.h"
#include "dx_lazy_load.h"

#include <pthread.h>

/* Every Rubber Band function dxkit calls; the table, lookups and checks come from this list. */
#define DX_RUBBERBAND_FUNCTIONS(X) \
    X(rubberband_new) \
    X(rubberband_delete) \
    X(rubberband_get_engine_version) \
    X(rubberband_set_expected_input_duration) \
    X(rubberband_set_max_process_size) \
    X(rubberband_set_key_frame_map) \
    X(rubberband_study) \
    X(rubberband_process) \
    X(rubberband_available) \
    X(rubberband_retrieve)

DX_RUBBERBAND_FUNCTIONS(DX_LAZY_SAME_TYPE)

#define DX_RUBBERBAND_COUNT (0 DX_RUBBERBAND_FUNCTIONS(DX_LAZY_COUNT))
static const char *const names[DX_RUBBERBAND_COUNT] = {DX_RUBBERBAND_FUNCTIONS(DX_LAZY_NAME)};

/* The function table, filled by dx_lazy_resolve through `slots`. Written once inside
   pthread_once, read-only afterwards (pthread_once orders the writes before every
   dx_rubberband_load() return). */
static union {
    struct { DX_RUBBERBAND_FUNCTIONS(DX_LAZY_FIELD) };
    void *slots[DX_RUBBERBAND_COUNT];
} api;
_Static_assert(sizeof api == DX_RUBBERBAND_COUNT * sizeof(void *), "the table must be its slots");
static int load_status = -1;
static char load_reason[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    /* The handle is kept open for the life of the process. */
    void *handle = dx_lazy_resolve(DX_RUBBERBAND_SONAME, "librubberband2", names, api.slots, DX_RUBBERBAND_COUNT,
                                   load_reason, sizeof load_reason);
    load_status = handle != NULL ? 0 : -1;
}

int dx_rubberband_load(void) {
    pthread_once(&load_once, load);
    return load_status;
}

const char *dx_rubberband_load_error(void) {
    pthread_once(&load_once, load);
    return load_status == 0 ? NULL : load_reason;
}

RubberBandState dx_rubberband_new(unsigned int sampleRate, unsigned int channels, RubberBandOptions options,
                                  double initialTimeRatio, double initialPitchScale) {
    return api.rubberband_new(sampleRate, channels, options, initialTimeRatio, initialPitchScale);
}
void dx_rubberband_delete(RubberBandState state) { api.rubberband_delete(state); }
int dx_rubberband_get_engine_version(RubberBandState state) { return api.rubberband_get_engine_version(state); }
void dx_rubberband_set_expected_input_duration(RubberBandState state, unsigned int samples) {
    api.rubberband_set_expected_input_duration(state, samples);
}
void dx_rubberband_set_max_process_size(RubberBandState state, unsigned int samples) {
    api.rubberband_set_max_process_size(state, samples);
}
void dx_rubberband_set_key_frame_map(RubberBandState state, unsigned int keyframecount, unsigned int *from,
                                     unsigned int *to) {
    api.rubberband_set_key_frame_map(state, keyframecount, from, to);
}
void dx_rubberband_study(RubberBandState state, const float *const *input, unsigned int samples, int final) {
    api.rubberband_study(state, input, samples, final);
}
void dx_rubberband_process(RubberBandState state, const float *const *input, unsigned int samples, int final) {
    api.rubberband_process(state, input, samples, final);
}
int dx_rubberband_available(const RubberBandState state) { return api.rubberband_available(state); }
unsigned int dx_rubberband_retrieve(const RubberBandState state, float *const *output, unsigned int samples) {
    return api.rubberband_retrieve(state, output, samples);
}
