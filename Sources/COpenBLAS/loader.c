/* OpenBLAS through dlopen: see include/dx_blas.h for why. */
#include "dx_blas.h"
#include "dx_lazy_load.h"

#include <cblas.h>
#include <pthread.h>
#include <stdlib.h>

/* Every OpenBLAS function dxkit calls; the table, lookups and checks come from this list. */
#define DX_BLAS_FUNCTIONS(X) \
    X(cblas_sgemm) \
    X(cblas_sgemv) \
    X(openblas_set_num_threads)

#define DX_BLAS_COUNT (0 DX_BLAS_FUNCTIONS(DX_LAZY_COUNT))
static const char *const names[DX_BLAS_COUNT] = {DX_BLAS_FUNCTIONS(DX_LAZY_NAME)};

/* Written once inside pthread_once, read-only afterwards. */
static union {
    struct { DX_BLAS_FUNCTIONS(DX_LAZY_FIELD) };
    void *slots[DX_BLAS_COUNT];
} api;
_Static_assert(sizeof api == DX_BLAS_COUNT * sizeof(void *), "the table must be its slots");
static int load_status = -1;
static char load_reason[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    /* Read by OpenBLAS's constructor: without it the pthread build starts one thread per core
       at dlopen, which one-thread use never needs (openblas_set_num_threads below still
       rules). dxkit's only setenv: glibc's first one leaves the original environment array in
       place, so a getenv on another thread (tests run in parallel) still reads valid memory. */
    setenv("OPENBLAS_NUM_THREADS", "1", 0);
    void *handle = dx_lazy_resolve(DX_BLAS_SONAME, "libopenblas0", names, api.slots, DX_BLAS_COUNT,
                                   load_reason, sizeof load_reason);
    load_status = handle != NULL ? 0 : -1;
    if (handle != NULL) api.openblas_set_num_threads(1);
}

int dx_blas_load(void) {
    pthread_once(&load_once, load);
    return load_status;
}

const char *dx_blas_load_error(void) {
    pthread_once(&load_once, load);
    return load_status == 0 ? NULL : load_reason;
}

void dx_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
              const float *b, int ldb, float beta, float *c, int ldc) {
    api.cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void dx_sgemv(int m, int n, float alpha, const float *a, int lda, const float *x, float beta, float *y) {
    api.cblas_sgemv(CblasRowMajor, CblasNoTrans, m, n, alpha, a, lda, x, 1, beta, y, 1);
}
