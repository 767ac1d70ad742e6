#ifndef DXKIT_CSNDFILE_DX_SNDFILE_H
#define DXKIT_CSNDFILE_DX_SNDFILE_H
/* libsndfile (DXAudio's reader and writer of audio files), loaded at the first file it
 * opens rather than when a tool starts.
 *
 * Why: linked, libsndfile and the codec libraries it needs (FLAC, Ogg, Vorbis, Opus,
 * mpg123, LAME: eight objects) are mapped and relocated at every start of every tool that
 * reads audio, ~0.5 ms of CPU, although a plain 16/24-bit WAV is read by DXAudio itself
 * (`AudioReader`'s own PCM path) and a single alignment never needs the library at all.
 * So nothing links libsndfile: its types come from libsndfile1-dev's <sndfile.h>, its
 * functions are looked up in libsndfile.so.1 with dlopen/dlsym, once per process.
 *
 * Use: each dx_sf_name has exactly the signature of libsndfile's sf_name and loads the
 * library on first use. If it cannot be loaded, dx_sf_open and dx_sf_open_fd return NULL,
 * dx_sf_error(NULL) returns SF_ERR_SYSTEM and dx_sf_strerror(NULL) says why;
 * dx_sf_format_check returns SF_FALSE and dx_sf_command (only ever given a NULL handle
 * then) returns 1. No other function can be reached without an open handle. */
#include <sndfile.h>

/* The library loaded: the soname of the libsndfile the header belongs to. */
#define DX_SNDFILE_SONAME "libsndfile.so.1"

/* Loads libsndfile and resolves every function below, once per process (thread-safe).
 * Returns 0 on success, -1 when the library or one of its functions cannot be found. */
int dx_sndfile_load(void);

SNDFILE *dx_sf_open(const char *path, int mode, SF_INFO *sfinfo);
SNDFILE *dx_sf_open_fd(int fd, int mode, SF_INFO *sfinfo, int close_desc);
int dx_sf_close(SNDFILE *sndfile);
int dx_sf_error(SNDFILE *sndfile);
const char *dx_sf_strerror(SNDFILE *sndfile);
const char *dx_sf_error_number(int errnum);
int dx_sf_format_check(const SF_INFO *info);
int dx_sf_command(SNDFILE *sndfile, int command, void *data, int datasize);
int dx_sf_set_chunk(SNDFILE *sndfile, const SF_CHUNK_INFO *chunk_info);
sf_count_t dx_sf_seek(SNDFILE *sndfile, sf_count_t frames, int whence);
sf_count_t dx_sf_read_raw(SNDFILE *sndfile, void *ptr, sf_count_t bytes);
sf_count_t dx_sf_readf_float(SNDFILE *sndfile, float *ptr, sf_count_t frames);
sf_count_t dx_sf_readf_int(SNDFILE *sndfile, int *ptr, sf_count_t frames);
sf_count_t dx_sf_write_raw(SNDFILE *sndfile, const void *ptr, sf_count_t bytes);
sf_count_t dx_sf_writef_float(SNDFILE *sndfile, const float *ptr, sf_count_t frames);
sf_count_t dx_sf_writef_int(SNDFILE *sndfile, const int *ptr, sf_count_t frames);
#endif
