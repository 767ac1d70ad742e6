/* The guide analysis's band sums for AVX processors (see dx_vector_kernels.h). */
#include "dx_vector_kernels.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

/* Rows r0..r7 (eight floats each) transposed in place: r[i][j] <-> r[j][i]. */
__attribute__((target("avx"), always_inline)) static inline void transpose8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

/* Eight interleaved complex values at p as their real and imaginary parts, in bin order. */
__attribute__((target("avx"), always_inline)) static inline void split8(const float *p, __m256 *re, __m256 *im) {
    __m256 a = _mm256_loadu_ps(p), b = _mm256_loadu_ps(p + 8);   /* bins 0-3, 4-7 */
    __m256 lo = _mm256_permute2f128_ps(a, b, 0x20);              /* bins 0,1,4,5 */
    __m256 hi = _mm256_permute2f128_ps(a, b, 0x31);              /* bins 2,3,6,7 */
    *re = _mm256_shuffle_ps(lo, hi, 0x88);                        /* 0,1,2,3 | 4,5,6,7 */
    *im = _mm256_shuffle_ps(lo, hi, 0xDD);
}

__attribute__((target("avx"))) void dx_band_bins_avx(const float *const *spectra, const float *window_spectrum,
                                                      long bins, float *power, float *cross) {
    long k = 0;
    for (; k + 8 <= bins; k += 8) {
        __m256 wre, wim, p[8], c[8];
        split8(window_spectrum + 2 * k, &wre, &wim);
        for (int l = 0; l < 8; l++) {
            __m256 re, im;
            split8(spectra[l] + 2 * k, &re, &im);
            p[l] = _mm256_add_ps(_mm256_mul_ps(re, re), _mm256_mul_ps(im, im));
            c[l] = _mm256_add_ps(_mm256_mul_ps(re, wre), _mm256_mul_ps(im, wim));
        }
        transpose8(p);
        transpose8(c);
        for (int b = 0; b < 8; b++) {
            _mm256_store_ps(power + (k + b) * 8, p[b]);
            _mm256_store_ps(cross + (k + b) * 8, c[b]);
        }
    }
    for (; k < bins; k++) {
        const float wr = window_spectrum[2 * k], wi = window_spectrum[2 * k + 1];
        for (int l = 0; l < 8; l++) {
            const float re = spectra[l][2 * k], im = spectra[l][2 * k + 1];
            const float rr = re * re, ii = im * im, rw = re * wr, iw = im * wi;
            power[k * 8 + l] = rr + ii;
            cross[k * 8 + l] = rw + iw;
        }
    }
}

__attribute__((target("avx"))) void dx_band_sums_avx(const float *power, const float *cross, const float *weights,
                                                      const long *firsts, const long *lengths, const long *offsets,
                                                      long bands, float *out_power, float *out_cross) {
    for (long j = 0; j < bands; j++) {
        __m256 pa = _mm256_setzero_ps(), pb = _mm256_setzero_ps();
        const float *g = weights + offsets[j];
        const float *p = power + firsts[j] * 8, *c = cross + firsts[j] * 8;
        for (long i = 0; i < lengths[j]; i++) {
            const __m256 w = _mm256_broadcast_ss(g + i);
            pa = _mm256_add_ps(pa, _mm256_mul_ps(w, _mm256_load_ps(p + i * 8)));
            pb = _mm256_add_ps(pb, _mm256_mul_ps(w, _mm256_load_ps(c + i * 8)));
        }
        _mm256_storeu_ps(out_power + j * 8, pa);
        _mm256_storeu_ps(out_cross + j * 8, pb);
    }
}

#else
void dx_band_bins_avx(const float *const *spectra, const float *window_spectrum, long bins, float *power,
                      float *cross) {
    (void)spectra, (void)window_spectrum, (void)bins, (void)power, (void)cross;
}

void dx_band_sums_avx(const float *power, const float *cross, const float *weights, const long *firsts,
                      const long *lengths, const long *offsets, long bands, float *out_power, float *out_cross) {
    (void)power, (void)cross, (void)weights, (void)firsts, (void)lengths, (void)offsets, (void)bands;
    (void)out_power, (void)out_cross;
}
#endif
