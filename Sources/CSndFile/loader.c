/* libsndfile through dlopen: see include/dx_sndfile.h for why. */
#include "dx_sndfile.h"
#include "dx_lazy_load.h"

#include <pthread.h>

/* Every libsndfile function dxkit calls; the table, lookups and checks come from this list. */
#define DX_SNDFILE_FUNCTIONS(X) \
    X(sf_open) \
    X(sf_open_fd) \
    X(sf_close) \
    X(sf_error) \
    X(sf_strerror) \
    X(sf_error_number) \
    X(sf_format_check) \
    X(sf_command) \
    X(sf_set_chunk) \
    X(sf_seek) \
    X(sf_read_raw) \
    X(sf_readf_float) \
    X(sf_readf_int) \
    X(sf_write_raw) \
    X(sf_writef_float) \
    X(sf_writef_int)

DX_SNDFILE_FUNCTIONS(DX_LAZY_SAME_TYPE)

#define DX_SNDFILE_COUNT (0 DX_SNDFILE_FUNCTIONS(DX_LAZY_COUNT))
static const char *const names[DX_SNDFILE_COUNT] = {DX_SNDFILE_FUNCTIONS(DX_LAZY_NAME)};

/* The function table, filled by dx_lazy_resolve through `slots`. Written once inside
   pthread_once, read-only afterwards (pthread_once orders the writes before every
   dx_sndfile_load() return). */
static union {
    struct { DX_SNDFILE_FUNCTIONS(DX_LAZY_FIELD) };
    void *slots[DX_SNDFILE_COUNT];
} api;
_Static_assert(sizeof api == DX_SNDFILE_COUNT * sizeof(void *), "the table must be its slots");
static int load_status = -1;
static char load_reason[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    /* The handle is kept open for the life of the process. */
    void *handle = dx_lazy_resolve(DX_SNDFILE_SONAME, "libsndfile1", names, api.slots, DX_SNDFILE_COUNT,
                                   load_reason, sizeof load_reason);
    load_status = handle != NULL ? 0 : -1;
}

int dx_sndfile_load(void) {
    pthread_once(&load_once, load);
    return load_status;
}

/* The entry points (an open, a format check or query) load the library; the rest are only
   reachable with a handle from a successful open. */
SNDFILE *dx_sf_open(const char *path, int mode, SF_INFO *sfinfo) {
    return dx_sndfile_load() == 0 ? api.sf_open(path, mode, sfinfo) : NULL;
}
SNDFILE *dx_sf_open_fd(int fd, int mode, SF_INFO *sfinfo, int close_desc) {
    return dx_sndfile_load() == 0 ? api.sf_open_fd(fd, mode, sfinfo, close_desc) : NULL;
}
int dx_sf_error(SNDFILE *sndfile) { return dx_sndfile_load() == 0 ? api.sf_error(sndfile) : SF_ERR_SYSTEM; }
const char *dx_sf_strerror(SNDFILE *sndfile) {
    return dx_sndfile_load() == 0 ? api.sf_strerror(sndfile) : load_reason;
}
const char *dx_sf_error_number(int errnum) {
    return dx_sndfile_load() == 0 ? api.sf_error_number(errnum) : load_reason;
}
int dx_sf_format_check(const SF_INFO *info) {
    return dx_sndfile_load() == 0 ? api.sf_format_check(info) : SF_FALSE;
}
int dx_sf_command(SNDFILE *sndfile, int command, void *data, int datasize) {
    return dx_sndfile_load() == 0 ? api.sf_command(sndfile, command, data, datasize) : 1;
}
int dx_sf_close(SNDFILE *sndfile) { return api.sf_close(sndfile); }
int dx_sf_set_chunk(SNDFILE *sndfile, const SF_CHUNK_INFO *chunk_info) { return api.sf_set_chunk(sndfile, chunk_info); }
sf_count_t dx_sf_seek(SNDFILE *sndfile, sf_count_t frames, int whence) { return api.sf_seek(sndfile, frames, whence); }
sf_count_t dx_sf_read_raw(SNDFILE *sndfile, void *ptr, sf_count_t bytes) { return api.sf_read_raw(sndfile, ptr, bytes); }
sf_count_t dx_sf_readf_float(SNDFILE *sndfile, float *ptr, sf_count_t frames) {
    return api.sf_readf_float(sndfile, ptr, frames);
}
sf_count_t dx_sf_readf_int(SNDFILE *sndfile, int *ptr, sf_count_t frames) { return api.sf_readf_int(sndfile, ptr, frames); }
sf_count_t dx_sf_write_raw(SNDFILE *sndfile, const void *ptr, sf_count_t bytes) {
    return api.sf_write_raw(sndfile, ptr, bytes);
}
sf_count_t dx_sf_writef_float(SNDFILE *sndfile, const float *ptr, sf_count_t frames) {
    return api.sf_writef_float(sndfile, ptr, frames);
}
sf_count_t dx_sf_writef_int(SNDFILE *sndfile, const int *ptr, sf_count_t frames) {
    return api.sf_writef_int(sndfile, ptr, frames);
}
