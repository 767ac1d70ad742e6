#ifndef DXKIT_CVECTORKERNELS_DX_VECTOR_KERNELS_H
#define DXKIT_CVECTORKERNELS_DX_VECTOR_KERNELS_H
/* Inner loops written for 256-bit AVX registers, chosen at run time: the tools are built for
 * plain x86-64 (SSE2), where Swift's SIMD8<Float> takes two registers and two instructions per
 * operation. Each kernel does exactly the operations of the Swift loop it replaces, in the same
 * order (multiplies and adds, never fused), so the results are the same floats. */

/* 1 when this processor and OS run AVX code (CPUID and the saved YMM state), else 0. */
int dx_has_avx(void);

/* 1 when they run AVX2 code, else 0. */
int dx_has_avx2(void);

/* The decimator's phase split for a factor of 3 (DXAlign `Decimator`): for m < steps,
 * r0[m] = s[3m], r1[m] = s[3m + 1], r2[m] = s[3m + 2]. Only call when dx_has_avx2() is 1. */
void dx_split3_avx2(const float *s, float *r0, float *r1, float *r2, long steps);

/* The polyphase decimator's filter (DXAlign `Decimator`): `count` outputs,
 * out[j] = sum over i < length, in order, of h[i] * sources[i][j], each product rounded and
 * added to the running float sum starting from 0. Only call when dx_has_avx() is 1. */
void dx_decimate_filter_avx(const float *const *sources, const float *h, long length, float *out,
                            long count);

/* The guide analysis's bin rows (DXAlign `BandSumLanes`): for eight frames' spectra
 * (`spectra[l]`, interleaved re, im; lanes past the frames given may repeat one), bin k of
 * lane l gets power[k * 8 + l] = re * re + im * im and
 * cross[k * 8 + l] = re * w.re + im * w.im (`window_spectrum` interleaved), for k < bins.
 * `power` and `cross` are 32-byte aligned. Only call when dx_has_avx() is 1. */
void dx_band_bins_avx(const float *const *spectra, const float *window_spectrum, long bins, float *power,
                      float *cross);

/* The triangle sums of eight lanes (DXAlign `BandSumLanes`): for band j,
 * sum over i < lengths[j], in order, of weights[offsets[j] + i] times the 8 lanes of bin
 * firsts[j] + i of `power` (and of `cross`), into out_power[j * 8 ...] and out_cross[j * 8 ...].
 * Only call when dx_has_avx() is 1. */
void dx_band_sums_avx(const float *power, const float *cross, const float *weights, const long *firsts,
                      const long *lengths, const long *offsets, long bands, float *out_power, float *out_cross);

/* 24-bit little-endian PCM to floats (DXAlign's readers; DXAudio `PCMDecoding` for 24 bits):
 * for i < frames, out[i] = (float)(int32_t)(u << 8) * 2^-31, u the 32 bits at
 * bytes + i * stride, so the buffer needs one byte after the last sample. The same floats as
 * `PCMDecoding.decode` (and libsndfile). Only call when dx_has_avx2() is 1. */
void dx_decode24_avx2(const unsigned char *bytes, long stride, long frames, float *out);

/* The DC removal's sum (DXAlign `DCRemoval.sum`): eight Double lanes, lane l the sum in order
 * of (double)p[8m + l] from 0; then -0 plus the lanes 0 to 7 in turn, then the samples past the
 * last multiple of eight in order. Only call when dx_has_avx() is 1. */
double dx_sum_avx(const float *p, long count);

/* One block of the refinement's fractional-lag sums (DXAlign `WaveformCorrelator.values`), four
 * lags in four lanes l: from zr = zr0, zi = zi0 and acc = 0, for each bin b < count, with w[2b]
 * and w[2b + 1] its real and imaginary parts as doubles, acc = acc + (re * zr - im * zi), then
 * zr, zi = zr * dr - zi * di, zr * di + zi * dr (the old zr in both); out = acc. Only call
 * when dx_has_avx() is 1. */
void dx_phasor_sum_avx(const float *w, long count, const double *zr0, const double *zi0, const double *dr0,
                       const double *di0, double *out);

/* The refinement's PHAT weighting (DXAlign `WaveformCorrelator.weigh`), bins interleaved re, im:
 * dx_phat_cross_avx2 sets spectrum[k] = spectrum[k] * conj(segment[k]) (ComplexFloat's `*`:
 * re = a.re * b.re - a.im * (-b.im), im = a.re * (-b.im) + a.im * b.re) and
 * magnitudes[k] = sqrtf(re * re + im * im) for k < count; dx_phat_scale_avx2 then sets
 * spectrum[k] and kept[k] to 0 where magnitudes[k] <= floor, else to spectrum[k] times
 * (scale / magnitudes[k]). Only call when dx_has_avx2() is 1. */
void dx_phat_cross_avx2(float *spectrum, const float *segment, long count, float *magnitudes);
void dx_phat_scale_avx2(float *spectrum, const float *magnitudes, long count, float floor, float scale,
                        float *kept);

#endif
