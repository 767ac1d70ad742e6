/* 24-bit PCM to floats for AVX2 processors (see dx_vector_kernels.h). */
#include "dx_vector_kernels.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

/* One sample: its three bytes and the next one loaded as 32 bits, the fourth shifted out (the
 * sample left-justified), converted and scaled by 2^-31 (exact). */
static inline float decode_one(const uint8_t *p) {
    uint32_t u;
    memcpy(&u, p, 4);
    return (float)(int32_t)(u << 8) * (1.0f / 2147483648.0f);
}

/* Mono: eight samples (24 bytes) a round, as two 16-byte loads (samples 0-3 and 4-7, each
 * with 4 bytes of the next samples), one byte shuffle placing each sample in the top three
 * bytes of its 32-bit lane (the low byte zero), a conversion and a multiply. The second load
 * reads 4 bytes past the round, so rounds stop two samples before the end. Other strides: the
 * eight lanes gathered at their offsets (4 bytes each: the slack byte covers the last). */
__attribute__((target("avx2"))) void dx_decode24_avx2(const unsigned char *bytes, long stride, long frames,
                                                       float *out) {
    const __m256 scale = _mm256_set1_ps(1.0f / 2147483648.0f);
    long i = 0;
    if (stride == 3) {
        const __m256i place = _mm256_setr_epi8(-128, 0, 1, 2, -128, 3, 4, 5, -128, 6, 7, 8, -128, 9, 10, 11,
                                               -128, 0, 1, 2, -128, 3, 4, 5, -128, 6, 7, 8, -128, 9, 10, 11);
        for (; i + 10 <= frames; i += 8) {
            const uint8_t *p = bytes + i * 3;
            const __m128i lo = _mm_loadu_si128((const __m128i *)p);
            const __m128i hi = _mm_loadu_si128((const __m128i *)(p + 12));
            const __m256i v = _mm256_shuffle_epi8(_mm256_set_m128i(hi, lo), place);
            _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_cvtepi32_ps(v), scale));
        }
    } else if (stride > 0 && stride <= 0x7fffffff / 8) {
        const int s = (int)stride;
        const __m256i offsets = _mm256_setr_epi32(0, s, 2 * s, 3 * s, 4 * s, 5 * s, 6 * s, 7 * s);
        for (; i + 8 <= frames; i += 8) {
            const __m256i u = _mm256_i32gather_epi32((const int *)(bytes + i * stride), offsets, 1);
            const __m256i v = _mm256_slli_epi32(u, 8);
            _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_cvtepi32_ps(v), scale));
        }
    }
    for (; i < frames; i++) out[i] = decode_one(bytes + i * stride);
}

#else
void dx_decode24_avx2(const unsigned char *bytes, long stride, long frames, float *out) {
    (void)bytes, (void)stride, (void)frames, (void)out;
}
#endif
