import CLibXML2

/// Process- and thread-wide libxml2 settings, and the C callbacks libxml2 calls.
///
/// The callbacks live here, not in an executable's `main.swift`, because top-level declarations there are
/// main-actor isolated and cannot be C function pointers. They capture nothing: state travels through libxml2's
/// `void *` context as an unretained `Unmanaged` reference.
enum LibXML2Setup {
    /// Runs once per process: initialises the parser and installs the deny-all external entity loader. The loader is
    /// a true process global in libxml2 (shared with FoundationXML), so installing it once is enough.
    private static let processSetup: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader(xmlDenyExternalEntity)
    }()

    /// Call before creating a reader on the current thread.
    ///
    /// libxml2 keeps its global structured error handler per thread, so it is set on every thread that parses:
    /// errors that reach it (rather than a reader's own handler, which `XMLStreamReader` installs) are dropped
    /// instead of being printed on stderr.
    static func prepareCurrentThread() {
        _ = processSetup
        xmlSetStructuredErrorFunc(nil, xmlIgnoreStructuredError)
    }
}

/// Refuses every external entity, DTD and XInclude: a CTF is self-contained, and fetching or reading anything it
/// points at would leak local files or make network requests.
func xmlDenyExternalEntity(
    _ url: UnsafePointer<CChar>?, _ id: UnsafePointer<CChar>?, _ context: xmlParserCtxtPtr?
) -> xmlParserInputPtr? {
    nil
}

/// The global handler: swallows errors raised outside any reader (libxml2 would print them otherwise).
func xmlIgnoreStructuredError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {}

/// A reader's handler: hands the error to the `XMLErrorCollector` passed as context.
func xmlCollectStructuredError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue().record(UnsafePointer(error))
}
