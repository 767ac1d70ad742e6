#ifndef DXKIT_CSNDFILE_SHIM_H
#define DXKIT_CSNDFILE_SHIM_H
/* libsndfile: only DXAudio imports this module. */
#include <sndfile.h>
#endif
