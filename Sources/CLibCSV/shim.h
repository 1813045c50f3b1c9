#ifndef GAPS_CLIBCSV_SHIM_H
#define GAPS_CLIBCSV_SHIM_H

#include <stddef.h>
#include <csv.h>

/* libcsv's option and status macros import as Int32, but csv_init takes unsigned char:
   expose them with the types the functions want. */
static inline unsigned char gaps_csv_strict(void) { return CSV_STRICT; }
static inline unsigned char gaps_csv_repall_nl(void) { return CSV_REPALL_NL; }
static inline unsigned char gaps_csv_strict_fini(void) { return CSV_STRICT_FINI; }
static inline unsigned char gaps_csv_append_null(void) { return CSV_APPEND_NULL; }
static inline unsigned char gaps_csv_empty_is_null(void) { return CSV_EMPTY_IS_NULL; }

#endif
