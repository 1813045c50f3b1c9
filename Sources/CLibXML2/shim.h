#ifndef GAPS_CLIBXML2_SHIM_H
#define GAPS_CLIBXML2_SHIM_H

/* Debian's libxml2 is built with ICU; its headers would pull in the system ICU, whose
   UErrorCode clashes with the copy inside Foundation on a clean build. We never use
   libxml2's ICU features, so hide them before any other libxml2 header is read. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

/* xmlFree is a mutable global function pointer, which Swift 6 rejects: call it through here. */
static inline void gaps_xml_free(void *pointer) { xmlFree(pointer); }

/* The library's version as a string (xmlParserVersion is a macro Swift cannot import). */
static inline const char *gaps_xml_version(void) { return LIBXML_DOTTED_VERSION; }

#endif
