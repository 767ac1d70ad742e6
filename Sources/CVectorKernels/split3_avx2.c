/* The decimator's phase split by 3 for AVX2 processors (see dx_vector_kernels.h). */
#include "dx_vector_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

int dx_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
}

/* Eight steps (24 samples: a = s[0..7], b = s[8..15], c = s[16..23]) at a time. Each phase
 * takes its samples from distinct positions of a, b and c (phase 0: a0 b1 c2 a3 b4 c5 a6 b7),
 * so two blends gather them and one permutation puts them in order. */
__attribute__((target("avx2"))) void dx_split3_avx2(const float *s, float *r0, float *r1, float *r2, long steps) {
    const __m256i order0 = _mm256_setr_epi32(0, 3, 6, 1, 4, 7, 2, 5);
    const __m256i order1 = _mm256_setr_epi32(1, 4, 7, 2, 5, 0, 3, 6);
    const __m256i order2 = _mm256_setr_epi32(2, 5, 0, 3, 6, 1, 4, 7);
    long m = 0;
    for (; m + 8 <= steps; m += 8, s += 24) {
        const __m256 a = _mm256_loadu_ps(s), b = _mm256_loadu_ps(s + 8), c = _mm256_loadu_ps(s + 16);
        /* Blend masks: bit i set = position i from the second operand. */
        const __m256 p0 = _mm256_blend_ps(_mm256_blend_ps(a, b, 0x92), c, 0x24);  /* a b c a b c a b */
        const __m256 p1 = _mm256_blend_ps(_mm256_blend_ps(a, b, 0x24), c, 0x49);  /* c a b c a b c a */
        const __m256 p2 = _mm256_blend_ps(_mm256_blend_ps(a, b, 0x49), c, 0x92);  /* b c a b c a b c */
        _mm256_storeu_ps(r0 + m, _mm256_permutevar8x32_ps(p0, order0));
        _mm256_storeu_ps(r1 + m, _mm256_permutevar8x32_ps(p1, order1));
        _mm256_storeu_ps(r2 + m, _mm256_permutevar8x32_ps(p2, order2));
    }
    for (; m < steps; m++, s += 3) {
        r0[m] = s[0];
        r1[m] = s[1];
        r2[m] = s[2];
    }
}

#else
int dx_has_avx2(void) { return 0; }

void dx_split3_avx2(const float *s, float *r0, float *r1, float *r2, long steps) {
    (void)s, (void)r0, (void)r1, (void)r2, (void)steps;
}
#endif
