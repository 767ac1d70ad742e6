#ifndef DXKIT_CCAIRO_SHIM_H
#define DXKIT_CCAIRO_SHIM_H
/* cairo (PDF surfaces) and pango (text layout): only DXCueReports imports this module. */
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#endif
