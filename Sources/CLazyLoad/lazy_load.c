/* See include/dx_lazy_load.h. */
#define _GNU_SOURCE
#include "dx_lazy_load.h"

#include <dlfcn.h>
#include <stdio.h>

void *dx_lazy_open(const char *soname, const char *package, char *reason, size_t reason_size) {
    void *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(reason, reason_size, "cannot load %s (%s); it comes with the %s package",
                 soname, why ? why : "unknown error", package);
    }
    return handle;
}

void *dx_lazy_symbol(void *handle, const char *soname, const char *name, char *reason, size_t reason_size) {
    dlerror();
    void *symbol = dlsym(handle, name);
    if (symbol == NULL) {
        const char *why = dlerror();
        snprintf(reason, reason_size, "%s has no function %s (%s); it is not a usable version",
                 soname, name, why ? why : "null symbol");
    }
    return symbol;
}

void dx_lazy_close(void *handle) { dlclose(handle); }

void *dx_lazy_resolve(const char *soname, const char *package, const char *const *names,
                      void **slots, size_t count, char *reason, size_t reason_size) {
    void *handle = dx_lazy_open(soname, package, reason, reason_size);
    if (handle == NULL) return NULL;
    for (size_t i = 0; i < count; i++) {
        slots[i] = dx_lazy_symbol(handle, soname, names[i], reason, reason_size);
        if (slots[i] == NULL) {
            dx_lazy_close(handle);
            return NULL;
        }
    }
    return handle;
}

const char *dx_lazy_path_of(const void *address) {
    Dl_info info;
    if (dladdr(address, &info) == 0) return NULL;
    return info.dli_fname;
}
