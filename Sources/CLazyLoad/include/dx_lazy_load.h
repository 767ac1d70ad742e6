#ifndef DXKIT_CLAZYLOAD_DX_LAZY_LOAD_H
#define DXKIT_CLAZYLOAD_DX_LAZY_LOAD_H
/* Opening a C library when it is first needed instead of linking it (CLibXML2, CSoxr):
 * a library in DT_NEEDED is mapped and relocated, with everything it needs in turn, at
 * every start of every tool, whether the run uses it or not. */
#include <stddef.h>

/* dlopen(soname, RTLD_NOW | RTLD_LOCAL). NULL on failure, with `reason` saying which
 * library could not be loaded, why, and that `package` provides it. */
void *dx_lazy_open(const char *soname, const char *package, char *reason, size_t reason_size);

/* dlsym(handle, name). NULL when absent, with `reason` naming the function and library. */
void *dx_lazy_symbol(void *handle, const char *soname, const char *name, char *reason, size_t reason_size);

void dx_lazy_close(void *handle);

/* The path of the shared object holding `address` (dladdr), or NULL. */
const char *dx_lazy_path_of(const void *address);

/* Opens `soname` and looks up the `count` functions `names` into `slots`, in order. The
 * handle, or NULL (the library closed again) with `reason` saying what is missing. */
void *dx_lazy_resolve(const char *soname, const char *package, const char *const *names,
                      void **slots, size_t count, char *reason, size_t reason_size);

/* For a loader's X-macro list of functions: a `dx_NAME` wrapper whose signature drifted from
   the library header's NAME would call through a wrong type, so refuse to compile instead. */
#define DX_LAZY_SAME_TYPE(name) \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&dx_##name), __typeof__(&name)), \
                   "dx_" #name " must have the signature of " #name);

/* A field of a loader's function table, typed from the library header; the table is a
   union of those fields with `void *slots[]` for dx_lazy_resolve (see the loaders). */
#define DX_LAZY_FIELD(name) __typeof__(&name) name;
/* The name of a function, as dx_lazy_resolve looks it up. */
#define DX_LAZY_NAME(name) #name,
/* Counts a list: `0 LIST(DX_LAZY_COUNT)`. */
#define DX_LAZY_COUNT(name) +1
#endif
