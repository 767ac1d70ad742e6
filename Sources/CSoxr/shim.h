#ifndef DXKIT_CSOXR_SHIM_H
#define DXKIT_CSOXR_SHIM_H
/* libsoxr: sample-rate conversion for DXSignal. */
#include <soxr.h>
#endif
