#ifndef DXKIT_CLIBXML2_DX_LIBXML2_H
#define DXKIT_CLIBXML2_DX_LIBXML2_H
/* libxml2, loaded when the first XML document is parsed rather than when a tool starts.
 *
 * Why: linking libxml2 makes the dynamic loader map it and ICU (libicuuc, libicudata)
 * and relocate them at every start of every tool, ~1.8 ms of a ~20 ms dx-align run,
 * although dx-align and dx-denoise need XML only for a WAV that carries an iXML chunk.
 * So nothing links libxml2: its types and constants come from libxml2-dev's headers
 * (include/libxml is a link to /usr/include/libxml2/libxml, the directory pkg-config
 * names; a systemLibrary with pkgConfig would also put -lxml2 on every link line), and
 * its functions are looked up in libxml2.so.2 with dlopen/dlsym, once per process.
 *
 * Use: call dx_xml_load() first; only when it returned 0 may the dx_xml* functions be
 * called. Each dx_xmlName has exactly the signature of libxml2's xmlName. */

#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers then pull in <unicode/ucnv.h>,
   whose types clash with Foundation's private ICU module. dxkit never asks libxml2
   for ICU conversions, so hide it before the first libxml2 header. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>

/* The library dx_xml_load() opens: the soname of the libxml2 the headers belong to. */
#define DX_LIBXML2_SONAME "libxml2.so.2"

/* Loads libxml2 and resolves every function below, once per process (thread-safe).
 * Returns 0 on success, -1 when the library or one of its functions cannot be found;
 * dx_xml_load_error() then says which and why. */
int dx_xml_load(void);

/* The reason of a failed dx_xml_load() (a static string), or NULL after a success or
 * before the first call. */
const char *dx_xml_load_error(void);

/* Tries to open `soname` and resolve every function dxkit uses, without keeping it.
 * Returns 0 when all resolve; else -1 with the reason in `reason` (always
 * NUL-terminated). Lets tests check the failure path without disturbing the
 * process's real load. */
int dx_xml_probe(const char *soname, char *reason, size_t reason_size);

/* The path of the shared object the loaded functions came from (dladdr), or NULL
 * when not loaded. For tests and diagnostics. */
const char *dx_xml_loaded_path(void);

xmlParserCtxtPtr dx_xmlNewParserCtxt(void);
void dx_xmlFreeParserCtxt(xmlParserCtxtPtr ctxt);
xmlDocPtr dx_xmlCtxtReadMemory(xmlParserCtxtPtr ctxt, const char *buffer, int size,
                               const char *URL, const char *encoding, int options);
void dx_xmlFreeDoc(xmlDocPtr doc);
xmlNodePtr dx_xmlDocGetRootElement(const xmlDoc *doc);
long dx_xmlGetLineNo(const xmlNode *node);
xmlEntityPtr dx_xmlGetDocEntity(const xmlDoc *doc, const xmlChar *name);
void dx_xmlInitParser(void);
void dx_xmlSetExternalEntityLoader(xmlExternalEntityLoader f);
void dx_xmlSetStructuredErrorFunc(void *ctx, xmlStructuredErrorFunc handler);
void dx_xmlStopParser(xmlParserCtxtPtr ctxt);
void dx_xmlSAX2EntityDecl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
                          const xmlChar *systemId, xmlChar *content);

#endif
