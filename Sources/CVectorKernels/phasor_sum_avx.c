/* The refinement's fractional-lag sums for AVX processors (see dx_vector_kernels.h). */
#include "dx_vector_kernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

/* The four lags' Double lanes in one YMM register (Swift's SIMD4<Double> takes two SSE
 * registers and two instructions per operation); the same products, differences and sums in
 * the same order, never fused. */
__attribute__((target("avx"))) void dx_phasor_sum_avx(const float *w, long count, const double *zr0,
                                                       const double *zi0, const double *dr0, const double *di0,
                                                       double *out) {
    __m256d zr = _mm256_loadu_pd(zr0), zi = _mm256_loadu_pd(zi0);
    const __m256d dr = _mm256_loadu_pd(dr0), di = _mm256_loadu_pd(di0);
    __m256d acc = _mm256_setzero_pd();
    for (long b = 0; b < count; b++) {
        const __m256d re = _mm256_set1_pd((double)w[2 * b]), im = _mm256_set1_pd((double)w[2 * b + 1]);
        acc = _mm256_add_pd(acc, _mm256_sub_pd(_mm256_mul_pd(re, zr), _mm256_mul_pd(im, zi)));
        const __m256d r = _mm256_sub_pd(_mm256_mul_pd(zr, dr), _mm256_mul_pd(zi, di));
        zi = _mm256_add_pd(_mm256_mul_pd(zr, di), _mm256_mul_pd(zi, dr));
        zr = r;
    }
    _mm256_storeu_pd(out, acc);
}

#else
void dx_phasor_sum_avx(const float *w, long count, const double *zr0, const double *zi0, const double *dr0,
                       const double *di0, double *out) {
    (void)w, (void)count, (void)zr0, (void)zi0, (void)dr0, (void)di0, (void)out;
}
#endif
