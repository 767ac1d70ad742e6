/* The DC removal's sum in Double for AVX processors (see dx_vector_kernels.h). */
#include "dx_vector_kernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

/* Eight Double lanes as two YMM registers (the Swift loop's SIMD8<Double> takes four SSE
 * registers and twice the instructions); lane l sums samples 8m + l in order, the lanes are
 * then added one after another from -0 (as SIMD's sum() does), then the tail. */
__attribute__((target("avx"))) double dx_sum_avx(const float *p, long count) {
    __m256d a = _mm256_setzero_pd(), b = _mm256_setzero_pd();
    const long whole = count / 8 * 8;
    for (long i = 0; i < whole; i += 8) {
        a = _mm256_add_pd(a, _mm256_cvtps_pd(_mm_loadu_ps(p + i)));
        b = _mm256_add_pd(b, _mm256_cvtps_pd(_mm_loadu_ps(p + i + 4)));
    }
    double lanes[8];
    _mm256_storeu_pd(lanes, a);
    _mm256_storeu_pd(lanes + 4, b);
    double total = -0.0;
    for (int l = 0; l < 8; l++) total += lanes[l];
    for (long i = whole; i < count; i++) total += (double)p[i];
    return total;
}

#else
double dx_sum_avx(const float *p, long count) {
    (void)p, (void)count;
    return 0;
}
#endif
