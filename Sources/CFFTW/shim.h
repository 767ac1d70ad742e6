#ifndef DXKIT_CFFTW_SHIM_H
#define DXKIT_CFFTW_SHIM_H
/* FFTW 3, single precision (fftwf_*), with its thread library so the planner can be
   made thread-safe (fftwf_make_planner_thread_safe). Only DXSignal imports this. */
#include <fftw3.h>
#endif
