import CLibXML2
import Foundation

/// A forward-only cursor over an XML file, built on libxml2's streaming `xmlTextReader`.
///
/// Only the current node is held in memory (libxml2 frees earlier siblings as it goes), so reading a file of any
/// size takes the same memory. The reader is hardened for untrusted input:
/// - fed through `xmlReaderForIO` from our own reads of the file (`XMLFileFeed`), not `xmlReaderForFile` (which
///   would silently gunzip, and would go through the entity loader for the document itself); the same reads hash
///   the file for the manifest (`finishDigest`);
/// - parser options `XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS` and nothing else: no entity
///   substitution (`NOENT` leaks `file://` entities even with `NONET`), no DTD loading or validation (which fetch
///   remote DTDs), no XInclude, and no `HUGE`, so libxml2's own limits stop billion-laughs documents ("entity
///   reference loop"). `COMPACT` keeps short text inside its node; `NOBLANKS` (for speed) drops the white space
///   that only lays out an indented file, a third of a CTF's nodes, before it becomes a node: values lose nothing,
///   since white space around a value is trimmed anyway (libxml2 keeps white space next to other text);
/// - a deny-all external entity loader for the whole process (defence in depth);
/// - structured error handlers, so libxml2 never prints: errors come back as `GapsError.malformedInput` with
///   libxml2's message, line and column.
final class XMLStreamReader {
    /// Node types we act on (the values of libxml2's `xmlReaderTypes`).
    enum NodeType: Int32 {
        case element = 1
        case text = 3
        case cdata = 4
        case entityReference = 5
        case whitespace = 13
        case significantWhitespace = 14
        case endElement = 15
        case other = -1
    }

    let path: String
    private let reader: xmlTextReaderPtr
    private let fileHandle: FileHandle
    private let feed: XMLFileFeed
    private let errors: XMLErrorCollector

    /// Opens `path` for streaming. Throws `GapsError.io` when the file cannot be opened.
    init(path: String) throws {
        LibXML2Setup.prepareCurrentThread()
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw GapsError.io(path: path, message: "cannot open for reading")
        }
        let errors = XMLErrorCollector()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOBLANKS.rawValue)
        // The URL is only used in libxml2's own messages and for resolving relative references (which the deny-all
        // loader refuses anyway); the encoding is left to the document's declaration and byte-order mark.
        let feed = XMLFileFeed(descriptor: handle.fileDescriptor, path: path)
        // The feed is kept alive by `self.feed` until `deinit` frees the reader that reads from it.
        guard let reader = xmlReaderForIO(xmlFileFeedRead, nil, Unmanaged.passUnretained(feed).toOpaque(), path, nil, options) else {
            try? handle.close()
            throw GapsError.io(path: path, message: "libxml2 could not start reading the file")
        }
        self.path = path
        self.reader = reader
        self.fileHandle = handle
        self.feed = feed
        self.errors = errors
        // The collector is kept alive by `self.errors` until `deinit` frees the reader that points at it.
        xmlTextReaderSetStructuredErrorHandler(reader, xmlCollectStructuredError, Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
        try? fileHandle.close()
        lookBack?.deallocate()
    }

    /// The SHA-256 (lower-case hex, as `sha256Hex(ofFile:)` writes it) and size of the whole file, from the bytes
    /// read for parsing (the rest of the file too, when the parse stopped before its end): call after the last `read`.
    func finishDigest() throws -> (hex: String, bytes: Int) {
        try feed.finishDigest()
    }

    /// Moves to the next node in document order, descending into children. Returns false at the end of the
    /// document; throws `GapsError.malformedInput` on the first well-formedness error.
    func read() throws -> Bool {
        try check(xmlTextReaderRead(reader))
    }

    /// Moves to the node after the current one's subtree, without handing any of the subtree to Swift: used to
    /// skip data we must not read (addresses, contacts) and data we do not need.
    func skipSubtree() throws -> Bool {
        try check(xmlTextReaderNext(reader))
    }

    var nodeType: NodeType {
        NodeType(rawValue: xmlTextReaderNodeType(reader)) ?? .other
    }

    /// The element's local name (without a namespace prefix); "" for nodes without a name.
    ///
    /// libxml2 interns names in the reader's dictionary, so each distinct name has one address for the reader's
    /// life: the Swift string is made once per name, not once per element.
    var localName: String {
        guard let name = xmlTextReaderConstLocalName(reader) else { return "" }
        if let known = names[name] { return known }
        let text = String(cString: name)
        names[name] = text
        return text
    }
    private var names: [UnsafePointer<xmlChar>: String] = [:]

    /// The current node's local name as libxml2's interned C string, or nil: the same address for the same name
    /// throughout the reader's life, so a caller can recognise names by address without making strings.
    var localNamePointer: UnsafePointer<xmlChar>? {
        xmlTextReaderConstLocalName(reader)
    }

    /// The current node's value as a C string owned by libxml2 (valid until the next move), or nil: no copy.
    var valuePointer: UnsafePointer<xmlChar>? {
        xmlTextReaderConstValue(reader)
    }

    /// The text of a text, CDATA or whitespace node.
    var value: String {
        guard let value = xmlTextReaderConstValue(reader) else { return "" }
        return String(cString: value)
    }

    /// True for `<Tag/>`, which has no matching end-element node.
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// The line on which the current node starts.
    ///
    /// libxml2 records each node's line in 16 bits, so from line 65535 on a node only says "65535 or later". There
    /// the line is worked out from the parser's line counter, which is exact but stands where the parser stopped,
    /// up to a 512-byte chunk beyond the node: the line breaks between the node's start tag and that point are
    /// counted in the file's own bytes (`lineBreaksSinceStartTag`), since `NOBLANKS` leaves no node for the white
    /// space between tags. When the start tag cannot be found that way (a namespace prefix, UTF-16, a very long
    /// read-ahead), the line breaks in the text already parsed after the node are subtracted instead, which misses
    /// only those in white space between tags.
    var line: Int {
        guard let node = xmlTextReaderCurrentNode(reader) else {
            return Int(xmlTextReaderGetParserLineNumber(reader))
        }
        let nodeLine = Int(xmlGetLineNo(node))
        if nodeLine > 0 && nodeLine < 65535 { return nodeLine }
        let parserLine = Int(xmlTextReaderGetParserLineNumber(reader))
        if let lineBreaks = lineBreaksSinceStartTag(of: node) { return parserLine - lineBreaks }
        return parserLine - Self.lineBreaksParsed(after: node)
    }

    /// Bytes of the file just before the parser's position, for `lineBreaksSinceStartTag`; allocated when first
    /// needed (files beyond line 65535).
    private var lookBack: UnsafeMutableRawBufferPointer?
    /// The file offset of `lookBack`'s first byte, and how many bytes it holds.
    private var lookBackStart = 0
    private var lookBackCount = 0
    private static let lookBackSize = 1 << 16

    /// The line breaks in the file between the start tag of `node`, an element, and the parser's position, or nil
    /// when that start tag is not found in the 32 KB before the position.
    ///
    /// The file is read again there (`fileBytes`) and searched backwards for
    /// `<name`: elements of the same name already parsed after `node`, and `<name` inside CDATA or comments parsed
    /// after it, are counted first and passed over, so the match is `node`'s own tag. (A `<` cannot appear in text
    /// or attribute values unescaped.)
    private func lineBreaksSinceStartTag(of node: xmlNodePtr) -> Int? {
        guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return nil }
        let nameLength = Int(xmlStrlen(name))
        let consumed = Int(xmlTextReaderByteConsumed(reader))
        guard consumed > 0, nameLength > 0 else { return nil }
        let nameBytes = UnsafeBufferPointer(start: name, count: nameLength)

        var later = 0
        var current: xmlNodePtr? = node.pointee.children ?? Self.following(node)
        while let visiting = current {
            switch visiting.pointee.type {
            case XML_ELEMENT_NODE:
                if xmlStrEqual(visiting.pointee.name, name) == 1 { later += 1 }
            case XML_CDATA_SECTION_NODE, XML_COMMENT_NODE, XML_PI_NODE:
                if let content = visiting.pointee.content {
                    let bytes = UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
                    later += bytes.indices.lazy.filter { Self.isStartTag(nameBytes, in: bytes, at: $0) }.count
                }
            default:
                break
            }
            let children = visiting.pointee.type == XML_ELEMENT_NODE ? visiting.pointee.children : nil
            current = children ?? Self.following(visiting)
        }

        // The parser is normally less than a kilobyte past the tag: look 1 KB back first, more only when the tag is
        // not in it.
        var window = min(consumed, 1 << 10)
        while true {
            guard let bytes = fileBytes(from: consumed - window, to: consumed), let base = bytes.baseAddress else { return nil }
            // Find the tag first (from `<` to `<`, eight bytes at a time), then count the line breaks after it in one
            // pass: most of the bytes between are neither.
            var toPass = later
            var index = Self.lastOpenAngle(in: base, before: window)
            while index >= 0 {
                if Self.isStartTag(nameBytes, in: bytes, at: index) {
                    if toPass == 0 { return Self.lineBreaks(in: base + index, count: window - index) }
                    toPass -= 1
                }
                index = Self.lastOpenAngle(in: base, before: index)
            }
            if window == min(consumed, Self.lookBackSize / 2) { return nil }
            window = min(consumed, Self.lookBackSize / 2, 4 * window)
        }
    }

    /// The file's bytes from offset `start` to `end` (at most half of `lookBackSize`): from the feed's buffer when it
    /// still holds them, otherwise read with `pread` (which leaves
    /// libxml2's own reading alone) into `lookBack`. Each read also takes the bytes that follow, up to the buffer's
    /// size, so that the next nodes' look-ups, a little further on, usually need no read at all.
    private func fileBytes(from start: Int, to end: Int) -> UnsafeBufferPointer<UInt8>? {
        // Usually still in the feed's buffer, read moments ago for libxml2.
        if let held = feed.heldBytes(from: start, to: end) { return held }
        let buffer = lookBack ?? UnsafeMutableRawBufferPointer.allocate(byteCount: Self.lookBackSize, alignment: 16)
        lookBack = buffer
        if start < lookBackStart || end > lookBackStart + lookBackCount {
            let count = pread(fileHandle.fileDescriptor, buffer.baseAddress, Self.lookBackSize, off_t(start))
            guard count >= end - start else {
                lookBackCount = 0
                return nil
            }
            lookBackStart = start
            lookBackCount = count
        }
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + (start - lookBackStart)
        return UnsafeBufferPointer(start: base, count: end - start)
    }

    /// The position of the last `<` in `base[0..<end]`, or -1. Eight bytes are tested at once (a word with a zero
    /// byte after XOR with `<<<<<<<<` holds a `<`); only a word that holds one is looked at byte by byte.
    @inline(__always)
    static func lastOpenAngle(in base: UnsafePointer<UInt8>, before end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let angles = ones &* UInt64(UInt8(ascii: "<"))
        var end = end
        while end >= 8 {
            let word = UnsafeRawPointer(base + (end - 8)).loadUnaligned(as: UInt64.self) ^ angles
            if (word &- ones) & ~word & highBits != 0 { break }
            end -= 8
        }
        while end > 0 {
            end -= 1
            if base[end] == UInt8(ascii: "<") { return end }
        }
        return -1
    }

    /// The number of line feeds in `count` bytes from `start`, eight bytes at a time: after XOR with a word of line
    /// feeds, a byte is zero exactly when its high bit is clear in `((x & 0x7F..) + 0x7F..) | x`, so the zero bytes
    /// are counted without a carry crossing from one byte to the next.
    @inline(__always)
    static func lineBreaks(in start: UnsafePointer<UInt8>, count: Int) -> Int {
        let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let feeds: UInt64 = 0x0101_0101_0101_0101 &* 0x0A
        var total = 0
        var offset = 0
        while offset + 8 <= count {
            let word = UnsafeRawPointer(start + offset).loadUnaligned(as: UInt64.self) ^ feeds
            let nonZero = ((word & lowBits) &+ lowBits) | word
            total &+= (~nonZero & ~lowBits).nonzeroBitCount
            offset += 8
        }
        while offset < count {
            if start[offset] == 0x0A { total &+= 1 }
            offset += 1
        }
        return total
    }

    /// True when `bytes` holds `<name` at `index`, followed by white space, `>` or `/`.
    private static func isStartTag(_ name: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard bytes[index] == UInt8(ascii: "<"), index + name.count + 1 < bytes.count else { return false }
        for offset in 0..<name.count where bytes[index + 1 + offset] != name[offset] { return false }
        switch bytes[index + 1 + name.count] {
        case UInt8(ascii: ">"), UInt8(ascii: "/"), 0x20, 0x09, 0x0A, 0x0D: return true
        default: return false
        }
    }

    /// Counts line breaks in the text, CDATA and comment nodes that follow `node`'s start tag in document order and
    /// are already in libxml2's tree (the parser's read-ahead). Only newline bytes are counted; no value is copied.
    private static func lineBreaksParsed(after node: xmlNodePtr) -> Int {
        var count = 0
        var current: xmlNodePtr? = node.pointee.children ?? following(node)
        while let visiting = current {
            switch visiting.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_COMMENT_NODE:
                if var byte = visiting.pointee.content {
                    while byte.pointee != 0 {
                        if byte.pointee == 0x0A { count += 1 }
                        byte += 1
                    }
                }
            default:
                break
            }
            // Only elements are entered: an entity reference's children belong to the entity's declaration.
            let children = visiting.pointee.type == XML_ELEMENT_NODE ? visiting.pointee.children : nil
            current = children ?? following(visiting)
        }
        return count
    }

    /// The next node in document order after `node`'s subtree.
    private static func following(_ node: xmlNodePtr) -> xmlNodePtr? {
        var current: xmlNodePtr? = node
        while let visiting = current {
            if let next = visiting.pointee.next { return next }
            current = visiting.pointee.parent
            if current?.pointee.type == XML_DOCUMENT_NODE { return nil }
        }
        return nil
    }

    private func check(_ status: Int32) throws -> Bool {
        if let failure = errors.firstError {
            throw GapsError.malformedInput(
                SourceLocation(file: path, line: failure.line, column: failure.column), message: failure.message)
        }
        if status < 0 {
            // libxml2 failed without reporting through the handler (for example a read error on the descriptor).
            throw GapsError.malformedInput(
                SourceLocation(file: path, line: Int(xmlTextReaderGetParserLineNumber(reader))),
                message: "libxml2 stopped reading (truncated or unreadable file)")
        }
        return status == 1
    }
}

/// The first error libxml2 reported for one reader. Warnings are ignored: they do not stop the parse and say
/// nothing about the data we take.
final class XMLErrorCollector {
    struct Failure {
        var message: String
        var line: Int?
        var column: Int?
    }

    private(set) var firstError: Failure?

    func record(_ error: UnsafePointer<xmlError>) {
        guard firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let text = error.pointee.message.map { String(cString: $0) } ?? "unknown libxml2 error (code \(error.pointee.code))"
        let line = error.pointee.line
        let column = error.pointee.int2
        firstError = Failure(
            message: IngestValues.trimmed(text),
            line: line > 0 ? Int(line) : nil,
            column: column > 0 ? Int(column) : nil)
    }
}
