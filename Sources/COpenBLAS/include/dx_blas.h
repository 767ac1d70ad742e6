#ifndef DXKIT_COPENBLAS_DX_BLAS_H
#define DXKIT_COPENBLAS_DX_BLAS_H
/* OpenBLAS single-precision GEMM and GEMV for DXNeural, loaded at the first learned-mode
 * network rather than when a tool starts.
 *
 * Why: DeepFilterNet3 spends its time in 64x64 pointwise convolutions, GRU input projections
 * (matrix products over a block of frames) and 768x256 recurrent mat-vecs. OpenBLAS picks
 * kernels for the running CPU (AVX2/AVX-512 with FMA) at load time, which Swift code built for
 * the baseline x86-64 target cannot. Linked, it would be mapped and would start its thread pool
 * at every start of every tool, the classical paths included; so it is opened with dlopen
 * once, and kept to one thread: the figures are per core and a tool's parallelism (one file
 * per core) is the caller's to choose.
 *
 * Use: dx_blas_load() first; only when it returned 0 may dx_sgemm and dx_sgemv be called.
 * Both take row-major matrices and the plain-int arguments of CBLAS (transposes as 0/1). */

/* The library dx_blas_load() opens (Debian's libopenblas0, via libopenblas-dev's soname). */
#define DX_BLAS_SONAME "libopenblas.so.0"

/* Loads OpenBLAS and resolves its functions, once per process (thread-safe); sets it to one
 * thread. 0 on success, -1 when the library or a function is missing (dx_blas_load_error). */
int dx_blas_load(void);

/* Why a failed dx_blas_load() failed (a static string), or NULL after a success. */
const char *dx_blas_load_error(void);

/* C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C, row-major; op(X) = X^T when trans. */
void dx_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
              const float *b, int ldb, float beta, float *c, int ldc);

/* y[m] = alpha * A[m x n] * x[n] + beta * y, row-major, unit strides. */
void dx_sgemv(int m, int n, float alpha, const float *a, int lda, const float *x, float beta, float *y);
#endif
