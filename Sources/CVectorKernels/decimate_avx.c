/* The decimator's filter loop for AVX processors (see dx_vector_kernels.h). */
#include "dx_vector_kernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

int dx_has_avx(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx") ? 1 : 0;
}

/* Thirty-two outputs a round (four registers), then eight, then one at a time, as the Swift
 * loop does; every output sums its taps in order whatever round computes it. */
__attribute__((target("avx"))) void dx_decimate_filter_avx(const float *const *sources, const float *h,
                                                            long length, float *out, long count) {
    long j = 0;
    for (; j + 32 <= count; j += 32) {
        __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps();
        __m256 c = _mm256_setzero_ps(), d = _mm256_setzero_ps();
        for (long i = 0; i < length; i++) {
            const __m256 g = _mm256_broadcast_ss(h + i);
            const float *p = sources[i] + j;
            a = _mm256_add_ps(a, _mm256_mul_ps(g, _mm256_loadu_ps(p)));
            b = _mm256_add_ps(b, _mm256_mul_ps(g, _mm256_loadu_ps(p + 8)));
            c = _mm256_add_ps(c, _mm256_mul_ps(g, _mm256_loadu_ps(p + 16)));
            d = _mm256_add_ps(d, _mm256_mul_ps(g, _mm256_loadu_ps(p + 24)));
        }
        _mm256_storeu_ps(out + j, a);
        _mm256_storeu_ps(out + j + 8, b);
        _mm256_storeu_ps(out + j + 16, c);
        _mm256_storeu_ps(out + j + 24, d);
    }
    for (; j + 8 <= count; j += 8) {
        __m256 a = _mm256_setzero_ps();
        for (long i = 0; i < length; i++) {
            a = _mm256_add_ps(a, _mm256_mul_ps(_mm256_broadcast_ss(h + i), _mm256_loadu_ps(sources[i] + j)));
        }
        _mm256_storeu_ps(out + j, a);
    }
    for (; j < count; j++) {
        float s = 0;
        for (long i = 0; i < length; i++) {
            /* Two statements: no contraction of the product into the sum. */
            const float product = h[i] * sources[i][j];
            s = s + product;
        }
        out[j] = s;
    }
}

#else
int dx_has_avx(void) { return 0; }

void dx_decimate_filter_avx(const float *const *sources, const float *h, long length, float *out, long count) {
    (void)sources, (void)h, (void)length, (void)out, (void)count;
}
#endif
