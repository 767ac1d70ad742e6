#ifndef DXKIT_CLIBXML2_SHIM_H
#define DXKIT_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU; its headers then pull in <unicode/ucnv.h>,
   whose types clash with Foundation's private ICU module. dxkit never asks libxml2
   for ICU conversions, so hide it before the first libxml2 header. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer; Swift 6 rejects reading it as shared
   mutable state, so free through a C function. */
static inline void dx_xml_free(void *p) { xmlFree(p); }
#endif
