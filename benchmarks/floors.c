/* The parsers' own cost, without any of the pipeline's work: the floors quoted in docs/performance.md.
 *
 *   make bench builds this (cc -O2 $(pkg-config --cflags libxml-2.0) benchmarks/floors.c -lcsv -lxml2)
 *   floors csv FILE                 libcsv, callbacks that only count (CSV_STRICT | CSV_STRICT_FINI, as ingest)
 *   floors xml-reader FILE          xmlTextReader, every node visited, names and text touched; options NONET|COMPACT
 *   floors xml-reader-noblanks FILE the same with XML_PARSE_NOBLANKS too (whitespace-only text between elements
 *                                   never becomes a node)
 *   floors xml-reader-skip FILE     NONET|COMPACT|NOBLANKS, and Address/Phones/Email/Contacts and the unused
 *                                   subtrees skipped with xmlTextReaderNext, as gaps-ingest does: the cheapest
 *                                   xmlTextReader loop that still sees every value gaps-ingest keeps
 *   floors write FILE MB            writes MB megabytes of zeros to FILE in 256 KiB write(2) calls, as CSVWriter
 *                                   does: the kernel's share of writing ingest's tables (MB/s here is output MB)
 *
 * Prints the CPU time (user + system, this process) of the parse and MB/s over the file's size.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long events;

static void csv_field(void *data, size_t length, void *context) { events++; }
static void csv_record(int terminator, void *context) { events++; }

static void ignore_error(void *context, xmlErrorPtr error) {}

static int read_xml(const char *path, int descriptor, int options, int skip) {
    xmlTextReaderPtr reader = xmlReaderForFd(descriptor, path, NULL, options);
    if (reader == NULL) return 1;
    xmlTextReaderSetStructuredErrorHandler(reader, ignore_error, NULL);
    /* Interned once: elements are then recognised by address, as gaps-ingest does. */
    const xmlChar *skipped[8];
    const char *skipped_names[8] = {"Address", "Phones", "Email", "Contacts",
                                    "Attendance", "SchoolHistory", "NAWdetails", "DestSchool"};
    for (int i = 0; i < 8; i++) skipped[i] = xmlTextReaderConstString(reader, BAD_CAST skipped_names[i]);
    int status = xmlTextReaderRead(reader);
    while (status == 1) {
        int type = xmlTextReaderNodeType(reader);
        if (type == XML_READER_TYPE_ELEMENT) {
            const xmlChar *name = xmlTextReaderConstLocalName(reader);
            events++;
            if (skip) {
                int is_skipped = 0;
                for (int i = 0; i < 8; i++) is_skipped |= name == skipped[i];
                if (is_skipped) { status = xmlTextReaderNext(reader); continue; }
            }
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            events += strlen((const char *)xmlTextReaderConstValue(reader));
        } else {
            events++;
        }
        status = xmlTextReaderRead(reader);
    }
    xmlFreeTextReader(reader);
    return status < 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "write") == 0) {
        static char zeros[1 << 18];
        long total = atol(argv[3]) * 1000000L, written = 0;
        struct timespec start, end;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
        int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0) { perror(argv[2]); return 1; }
        while (written < total) {
            ssize_t count = write(out, zeros, total - written < (long)sizeof zeros ? total - written : sizeof zeros);
            if (count <= 0) { perror(argv[2]); return 1; }
            written += count;
        }
        close(out);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
        double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
        unlink(argv[2]);
        printf("write: %.1f MB, 0 events, %.2f s CPU, %.1f MB/s\n", written / 1e6, seconds, written / 1e6 / seconds);
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: floors csv|xml-reader|xml-reader-noblanks|xml-reader-skip FILE | floors write FILE MB\n");
        return 2;
    }
    static char buffer[1 << 20];
    struct timespec start, end;
    struct stat info;
    if (stat(argv[2], &info) != 0) { perror(argv[2]); return 1; }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
    int descriptor = open(argv[2], O_RDONLY);
    if (descriptor < 0) { perror(argv[2]); return 1; }
    ssize_t count;
    int failed = 0;
    const int base = XML_PARSE_NONET | XML_PARSE_COMPACT;
    if (strcmp(argv[1], "csv") == 0) {
        struct csv_parser parser;
        csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
        while ((count = read(descriptor, buffer, sizeof buffer)) > 0)
            if (csv_parse(&parser, buffer, count, csv_field, csv_record, NULL) != (size_t)count) { failed = 1; break; }
        csv_fini(&parser, csv_field, csv_record, NULL);
        csv_free(&parser);
    } else if (strcmp(argv[1], "xml-reader") == 0) {
        failed = read_xml(argv[2], descriptor, base, 0);
    } else if (strcmp(argv[1], "xml-reader-noblanks") == 0) {
        failed = read_xml(argv[2], descriptor, base | XML_PARSE_NOBLANKS, 0);
    } else if (strcmp(argv[1], "xml-reader-skip") == 0) {
        failed = read_xml(argv[2], descriptor, base | XML_PARSE_NOBLANKS, 1);
    } else {
        fprintf(stderr, "floors: unknown mode %s\n", argv[1]);
        return 2;
    }
    close(descriptor);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    if (failed) { fprintf(stderr, "floors: %s: parse failed\n", argv[2]); return 1; }
    printf("%s: %.1f MB, %ld events, %.2f s CPU, %.1f MB/s\n", argv[1], info.st_size / 1e6, events, seconds,
           info.st_size / 1e6 / seconds);
    return 0;
}
