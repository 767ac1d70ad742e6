/* The refinement's PHAT weighting for AVX2 processors (see dx_vector_kernels.h). */
#include "dx_vector_kernels.h"

#include <math.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

/* One bin of the cross-spectrum, as ComplexFloat's `*` computes a · conj(b). */
static inline void cross_one(const float *a, const float *b, float *p) {
    const float br = b[0], bi = -b[1];
    const float re = a[0] * br - a[1] * bi, im = a[0] * bi + a[1] * br;
    p[0] = re, p[1] = im;
}

/* Four bins in one register (interleaved re, im): the conjugate by a sign flip, the real and
 * imaginary parts of `a` duplicated, and one add-subtract gives a.re·b.re − a.im·(−b.im) in
 * the even lanes and a.re·(−b.im) + a.im·b.re in the odd ones, as the scalar code rounds them. */
__attribute__((target("avx2"))) static inline __m256 cross4(__m256 a, __m256 b) {
    const __m256 negateImaginary = _mm256_setr_ps(0.0f, -0.0f, 0.0f, -0.0f, 0.0f, -0.0f, 0.0f, -0.0f);
    const __m256 conj = _mm256_xor_ps(b, negateImaginary);
    const __m256 t1 = _mm256_mul_ps(_mm256_moveldup_ps(a), conj);
    const __m256 t2 = _mm256_mul_ps(_mm256_movehdup_ps(a), _mm256_permute_ps(conj, 0xB1));
    return _mm256_addsub_ps(t1, t2);
}

__attribute__((target("avx2"))) void dx_phat_cross_avx2(float *spectrum, const float *segment, long count,
                                                         float *magnitudes) {
    long k = 0;
    for (; k + 8 <= count; k += 8) {
        const __m256 p0 = cross4(_mm256_loadu_ps(spectrum + 2 * k), _mm256_loadu_ps(segment + 2 * k));
        const __m256 p1 = cross4(_mm256_loadu_ps(spectrum + 2 * k + 8), _mm256_loadu_ps(segment + 2 * k + 8));
        _mm256_storeu_ps(spectrum + 2 * k, p0);
        _mm256_storeu_ps(spectrum + 2 * k + 8, p1);
        /* re² + im² per bin: (m0 m1 m4 m5 | m2 m3 m6 m7), then put in order. */
        const __m256 power = _mm256_hadd_ps(_mm256_mul_ps(p0, p0), _mm256_mul_ps(p1, p1));
        const __m256d ordered = _mm256_permute4x64_pd(_mm256_castps_pd(_mm256_sqrt_ps(power)), 0xD8);
        _mm256_storeu_ps(magnitudes + k, _mm256_castpd_ps(ordered));
    }
    for (; k < count; k++) {
        float p[2];
        cross_one(spectrum + 2 * k, segment + 2 * k, p);
        spectrum[2 * k] = p[0], spectrum[2 * k + 1] = p[1];
        const float power = p[0] * p[0] + p[1] * p[1];
        magnitudes[k] = sqrtf(power);
    }
}

__attribute__((target("avx2"))) void dx_phat_scale_avx2(float *spectrum, const float *magnitudes, long count,
                                                         float floor, float scale, float *kept) {
    const __m256 vfloor = _mm256_set1_ps(floor), vscale = _mm256_set1_ps(scale);
    long k = 0;
    for (; k + 8 <= count; k += 8) {
        const __m256 m = _mm256_loadu_ps(magnitudes + k);
        const __m256 q = _mm256_div_ps(vscale, m);
        const __m256 dropped = _mm256_cmp_ps(m, vfloor, _CMP_LE_OQ);
        /* Each bin's factor and mask for its two parts, bins 0-3 then 4-7. */
        const __m256 qlo = _mm256_unpacklo_ps(q, q), qhi = _mm256_unpackhi_ps(q, q);
        const __m256 dlo = _mm256_unpacklo_ps(dropped, dropped), dhi = _mm256_unpackhi_ps(dropped, dropped);
        const __m256 q0 = _mm256_permute2f128_ps(qlo, qhi, 0x20), q1 = _mm256_permute2f128_ps(qlo, qhi, 0x31);
        const __m256 d0 = _mm256_permute2f128_ps(dlo, dhi, 0x20), d1 = _mm256_permute2f128_ps(dlo, dhi, 0x31);
        const __m256 w0 = _mm256_andnot_ps(d0, _mm256_mul_ps(_mm256_loadu_ps(spectrum + 2 * k), q0));
        const __m256 w1 = _mm256_andnot_ps(d1, _mm256_mul_ps(_mm256_loadu_ps(spectrum + 2 * k + 8), q1));
        _mm256_storeu_ps(spectrum + 2 * k, w0);
        _mm256_storeu_ps(spectrum + 2 * k + 8, w1);
        _mm256_storeu_ps(kept + 2 * k, w0);
        _mm256_storeu_ps(kept + 2 * k + 8, w1);
    }
    for (; k < count; k++) {
        const float m = magnitudes[k];
        float re = 0, im = 0;
        if (!(m <= floor)) {
            const float q = scale / m;
            re = spectrum[2 * k] * q, im = spectrum[2 * k + 1] * q;
        }
        spectrum[2 * k] = re, spectrum[2 * k + 1] = im;
        kept[2 * k] = re, kept[2 * k + 1] = im;
    }
}

#else
void dx_phat_cross_avx2(float *spectrum, const float *segment, long count, float *magnitudes) {
    (void)spectrum, (void)segment, (void)count, (void)magnitudes;
}
void dx_phat_scale_avx2(float *spectrum, const float *magnitudes, long count, float floor, float scale,
                        float *kept) {
    (void)spectrum, (void)magnitudes, (void)count, (void)floor, (void)scale, (void)kept;
}
#endif
