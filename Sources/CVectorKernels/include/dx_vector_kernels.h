#ifndef DXKIT_CVECTORKERNELS_DX_VECTOR_KERNELS_H
#define DXKIT_CVECTORKERNELS_DX_VECTOR_KERNELS_H
/* Inner loops written for 256-bit AVX registers, chosen at run time: the tools are built for
 * plain x86-64 (SSE2), where Swift's SIMD8<Float> takes two registers and two instructions per
 * operation. Each kernel does exactly the operations of the Swift loop it replaces, in the same
 * order (multiplies and adds, never fused), so the results are the same floats. */

/* 1 when this processor and OS run AVX code (CPUID and the saved YMM state), else 0. */
int dx_has_avx(void);

/* The polyphase decimator's filter (DXAlign `Decimator`): `count` outputs,
 * out[j] = sum over i < length, in order, of h[i] * sources[i][j], each product rounded and
 * added to the running float sum starting from 0. Only call when dx_has_avx() is 1. */
void dx_decimate_filter_avx(const float *const *sources, const float *h, long length, float *out,
                            long count);

#endif
