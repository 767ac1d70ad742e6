/* libxml2 through dlopen: see include/dx_libxml2.h for why. */
#include "dx_libxml2.h"

#include "dx_lazy_load.h"

#include <pthread.h>

/* Every libxml2 function dxkit calls. One line each; the table, the lookups and the
 * signature checks below are all generated from this list. */
#define DX_XML_FUNCTIONS(X) \
    X(xmlNewParserCtxt) \
    X(xmlFreeParserCtxt) \
    X(xmlCtxtReadMemory) \
    X(xmlFreeDoc) \
    X(xmlDocGetRootElement) \
    X(xmlGetLineNo) \
    X(xmlGetDocEntity) \
    X(xmlInitParser) \
    X(xmlSetExternalEntityLoader) \
    X(xmlSetStructuredErrorFunc) \
    X(xmlStopParser) \
    X(xmlSAX2EntityDecl)

DX_XML_FUNCTIONS(DX_LAZY_SAME_TYPE)

#define DX_XML_COUNT (0 DX_XML_FUNCTIONS(DX_LAZY_COUNT))
static const char *const names[DX_XML_COUNT] = {DX_XML_FUNCTIONS(DX_LAZY_NAME)};

/* The function table, filled by dx_lazy_resolve through `slots`. */
union dx_xml_api {
    struct { DX_XML_FUNCTIONS(DX_LAZY_FIELD) };
    void *slots[DX_XML_COUNT];
};
_Static_assert(sizeof(union dx_xml_api) == DX_XML_COUNT * sizeof(void *), "the table must be its slots");

/* Opens `soname` and fills `api`; on failure closes it again and says why. */
static void *resolve(const char *soname, union dx_xml_api *api, char *reason, size_t reason_size) {
    return dx_lazy_resolve(soname, "libxml2", names, api->slots, DX_XML_COUNT, reason, reason_size);
}

/* Written once inside pthread_once, read-only afterwards: pthread_once orders those
   writes before every dx_xml_load() return, so readers need no further locking. */
static union dx_xml_api api;
static int load_status = -1;
static char load_reason[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    /* The handle is kept open for the life of the process. */
    load_status = resolve(DX_LIBXML2_SONAME, &api, load_reason, sizeof load_reason) != NULL ? 0 : -1;
}

int dx_xml_load(void) {
    pthread_once(&load_once, load);
    return load_status;
}

const char *dx_xml_load_error(void) {
    pthread_once(&load_once, load);
    return load_status == 0 ? NULL : load_reason;
}

int dx_xml_probe(const char *soname, char *reason, size_t reason_size) {
    union dx_xml_api probe;
    if (reason_size > 0) reason[0] = '\0';
    void *handle = resolve(soname, &probe, reason, reason_size);
    if (handle == NULL) return -1;
    dx_lazy_close(handle);
    return 0;
}

const char *dx_xml_loaded_path(void) {
    if (dx_xml_load() != 0) return NULL;
    return dx_lazy_path_of(*(void **)&api.xmlCtxtReadMemory);
}

xmlParserCtxtPtr dx_xmlNewParserCtxt(void) { return api.xmlNewParserCtxt(); }
void dx_xmlFreeParserCtxt(xmlParserCtxtPtr ctxt) { api.xmlFreeParserCtxt(ctxt); }
xmlDocPtr dx_xmlCtxtReadMemory(xmlParserCtxtPtr ctxt, const char *buffer, int size,
                               const char *URL, const char *encoding, int options) {
    return api.xmlCtxtReadMemory(ctxt, buffer, size, URL, encoding, options);
}
void dx_xmlFreeDoc(xmlDocPtr doc) { api.xmlFreeDoc(doc); }
xmlNodePtr dx_xmlDocGetRootElement(const xmlDoc *doc) { return api.xmlDocGetRootElement(doc); }
long dx_xmlGetLineNo(const xmlNode *node) { return api.xmlGetLineNo(node); }
xmlEntityPtr dx_xmlGetDocEntity(const xmlDoc *doc, const xmlChar *name) { return api.xmlGetDocEntity(doc, name); }
void dx_xmlInitParser(void) { api.xmlInitParser(); }
void dx_xmlSetExternalEntityLoader(xmlExternalEntityLoader f) { api.xmlSetExternalEntityLoader(f); }
void dx_xmlSetStructuredErrorFunc(void *ctx, xmlStructuredErrorFunc handler) {
    api.xmlSetStructuredErrorFunc(ctx, handler);
}
void dx_xmlStopParser(xmlParserCtxtPtr ctxt) { api.xmlStopParser(ctxt); }
void dx_xmlSAX2EntityDecl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
                          const xmlChar *systemId, xmlChar *content) {
    api.xmlSAX2EntityDecl(ctx, name, type, publicId, systemId, content);
}
