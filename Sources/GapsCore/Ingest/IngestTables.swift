import Foundation

/// The three tables gaps-ingest writes for one input file, and the counts that the manifest reports.
///
/// Readers hand over one pupil at a time (with its results), so memory does not grow with the file. Every pupil
/// and result a reader meets goes through exactly one of `accept`, `rejectPupil`, `rejectResult` or
/// `setAsidePupil`, which is what keeps `read == written + rejected + setAside` true by construction.
final class IngestTables {
    let sourceFile: String
    private let pupils: CSVWriter
    private let results: CSVWriter
    private let rejects: CSVWriter
    // Counted for every row, never by overlapping accesses: no run-time exclusivity checks.
    @exclusivity(unchecked) private(set) var pupilCounts = RowCounts()
    @exclusivity(unchecked) private(set) var resultCounts = RowCounts()

    /// Creates `pupils.csv`, `results.csv` and `rejects.csv` in `directory`, all restricted (0600): each holds
    /// pupil-level data (rejects carry UPNs and the offending values).
    init(directory: AtomicOutputDirectory, sourceFile: String) throws {
        self.sourceFile = sourceFile
        pupils = try CSVWriter(url: directory.url(for: IngestedPupil.fileName), header: IngestedPupil.columns, restricted: true)
        results = try CSVWriter(url: directory.url(for: IngestedResult.fileName), header: IngestedResult.columns, restricted: true)
        rejects = try CSVWriter(url: directory.url(for: RejectRecord.fileName), header: RejectRecord.columns, restricted: true)
    }

    /// Total rows in rejects.csv (pupils and results).
    var rejectedRows: Int { rejects.rowsWritten }

    /// Writes a pupil and its results.
    func accept(_ pupil: IngestedPupil, results pupilResults: [IngestedResult]) throws {
        pupilCounts.read += 1
        pupilCounts.written += 1
        try pupils.writeRow(pupil)
        for index in pupilResults.indices {  // by index: the result is borrowed, not copied
            resultCounts.read += 1
            resultCounts.written += 1
            try results.writeRow(pupilResults[index])
        }
    }

    /// Rejects a pupil and, with it, every result it carries: a result whose pupil is not in pupils.csv could not be
    /// attributed to anyone downstream. Each result gets its own reject row naming the pupil's problem.
    func rejectPupil(_ reject: RejectRecord, results pupilResults: [IngestedResult]) throws {
        pupilCounts.read += 1
        pupilCounts.rejected += 1
        try rejects.write(reject.fieldValues)
        for result in pupilResults {
            try rejectResult(result, ofRejectedPupil: reject)
        }
    }

    /// Writes one result of a pupil already written with `accept(_:results:)`: for readers that stream a pupil's
    /// results rather than gather them.
    func acceptResult(_ result: IngestedResult) throws {
        resultCounts.read += 1
        resultCounts.written += 1
        try results.writeRow(result)
    }

    /// Pupils written through `acceptPupilRow(_:)`, so that tests can tell the fast path ran.
    @exclusivity(unchecked) private(set) var templatePupils = 0

    /// Writes a pupil row assembled by the extract's fast path (`ExtractFastRows`: the row's cells, encoded, without
    /// its line end): counted as `accept(_:results:)` counts a pupil.
    func acceptPupilRow(_ row: UnsafeBufferPointer<UInt8>) throws {
        pupilCounts.read += 1
        pupilCounts.written += 1
        templatePupils += 1
        pupils.appendHole(raw: row)
        try pupils.endRow()
    }

    /// Writes a result row of the pupil just written, assembled as `acceptPupilRow(_:)`'s row is.
    func acceptResultRow(_ row: UnsafeBufferPointer<UInt8>) throws {
        resultCounts.read += 1
        resultCounts.written += 1
        results.appendHole(raw: row)
        try results.endRow()
    }

    /// Rejects one result of a pupil rejected with `rejectPupil(_:results:)` as `pupilReject`, as that method does
    /// for the results it is given.
    func rejectResult(_ result: IngestedResult, ofRejectedPupil pupilReject: RejectRecord) throws {
        try rejectResult(RejectRecord(
            sourceFile: pupilReject.sourceFile, line: result.sourceLine, recordKind: "result", upn: result.upn,
            field: pupilReject.field, value: pupilReject.value, reason: "its pupil was rejected: \(pupilReject.reason)"))
    }

    /// Rejects one result (its pupil is written or rejected separately).
    func rejectResult(_ reject: RejectRecord) throws {
        resultCounts.read += 1
        resultCounts.rejected += 1
        try rejects.write(reject.fieldValues)
    }

    /// Counts a row that is not a pupil at all (a blank spreadsheet row), under `reason`.
    func setAsidePupil(reason: String) {
        pupilCounts.read += 1
        pupilCounts.setAside[reason, default: 0] += 1
    }

    /// Flushes and closes the three files; returns their manifest entries.
    func close() throws -> [ManifestOutput] {
        [try pupils.close(), try results.close(), try rejects.close()]
    }
}

/// The two tables written millions of times, cell by cell: the same bytes as `write(record.fieldValues)` without an
/// array of strings per row, which was most of an ingest's run time. The column order is `fieldValues`' order;
/// `IngestFastPathTests` checks that both write the same bytes, so that a column added to the records but not here
/// fails a test.
extension CSVWriter {
    func writeRow(_ pupil: IngestedPupil) throws {
        appendField(pupil.sourceLine)
        appendField(pupil.sourceKind.rawValue)
        appendField(pupil.sourceDate)
        appendField(pupil.upn)
        appendField(pupil.formerUPN)
        appendField(pupil.surname)
        appendField(pupil.forename)
        appendField(pupil.dob)
        appendField(pupil.sex)
        appendField(pupil.ncYear)
        appendField(pupil.ethnicity)
        appendField(pupil.ethnicitySource)
        appendField(pupil.firstLanguage)
        appendField(pupil.serviceChild)
        appendField(pupil.lookedAfter)
        appendField(pupil.fsmPeriods)
        appendField(pupil.fsmEligible)
        appendField(pupil.fsmEver6)
        appendField(pupil.senProvision)
        appendField(pupil.senPrimaryNeed)
        appendField(pupil.la)
        appendField(pupil.estab)
        appendField(pupil.urn)
        appendField(pupil.schoolName)
        appendField(pupil.academicYear)
        appendField(pupil.postLookedAfter)
        appendField(pupil.statedDisadvantaged)
        try endRow()
    }

    func writeRow(_ result: IngestedResult) throws {
        appendField(result.sourceLine)
        appendField(result.upn)
        appendField(result.stage)
        appendField(result.year)
        appendField(result.subject)
        appendField(result.method)
        appendField(result.component)
        appendField(result.resultStatus)
        appendField(result.qualifier)
        appendField(result.result)
        appendField(result.resultDate)
        appendField(result.measure)
        try endRow()
    }
}

/// Checks and conversions both readers apply in the same way.
enum IngestValues {
    /// Trims spaces, tabs, line breaks and other Unicode white space (real CTF files pad values with them).
    ///
    /// Pure Swift: Foundation's `trimmingCharacters(in:)` goes through NSString on Linux and was half the run
    /// time of an extract ingest. Values without padding, the usual case, are returned without copying.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhiteSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isWhiteSpace($0) })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    @inline(__always)
    private static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    /// The text of a field given as bytes, trimmed: the same as `trimmed(decode(bytes))`, but only the bytes between
    /// the white space are decoded, and only when there are any.
    ///
    /// Removing ASCII white space from the ends cannot change how the rest decodes (UTF-8 and Windows-1252 both map
    /// ASCII bytes to themselves), so when the remaining ends are ASCII the result is final; a non-ASCII end byte
    /// (perhaps a no-break space) is left to `trimmed`, which knows Unicode white space.
    @inline(__always)
    static func trimmedText(
        _ bytes: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) -> String
    ) -> String {
        let kept = asciiTrimmedRange(bytes)
        if kept.isEmpty { return "" }
        if bytes[kept.lowerBound] < 0x80 && bytes[kept.upperBound - 1] < 0x80 {
            return decode(UnsafeBufferPointer(rebasing: bytes[kept]))
        }
        return trimmed(decode(bytes))
    }

    /// True when `trimmedText(bytes, decode:)` would be empty, usually without decoding anything.
    @inline(__always)
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) -> String) -> Bool {
        let kept = asciiTrimmedRange(bytes)
        if kept.isEmpty { return true }
        if bytes[kept.lowerBound] < 0x80 && bytes[kept.upperBound - 1] < 0x80 { return false }
        return trimmed(decode(bytes)).isEmpty
    }

    /// The positions left after dropping ASCII white space (space, tab, LF, VT, FF, CR) from both ends.
    @inline(__always)
    static func asciiTrimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end && isASCIIWhiteSpace(bytes[start]) { start += 1 }
        while end > start && isASCIIWhiteSpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    @inline(__always)
    static func isASCIIWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Year, month and day of bytes shaped exactly `YYYY-MM-DD` (`yearFirst`) or `DD/MM/YYYY`, digits only; nil for
    /// any other shape. The fast path of every date check: the extract fast path and the checks below.
    @inline(__always)
    static func digitsDate(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int, yearFirst: Bool)? {
        guard bytes.count == 10 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        if bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else { return nil }
            return (year, month, day, true)
        }
        guard bytes[2] == UInt8(ascii: "/"), bytes[5] == UInt8(ascii: "/"),
              let day = number(0, 2), let month = number(3, 2), let year = number(6, 4) else { return nil }
        return (year, month, day, false)
    }

    /// `digitsDate` of a string, in the one shape asked for.
    @inline(__always)
    private static func digitsDate(_ text: String, yearFirst: Bool) -> (year: Int, month: Int, day: Int)? {
        guard let date = text.utf8.withContiguousStorageIfAvailable(digitsDate) ?? nil, date.yearFirst == yearFirst
        else { return nil }
        return (date.year, date.month, date.day)
    }

    /// True for a real calendar date written `YYYY-MM-DD`.
    static func isISODate(_ text: String) -> Bool {
        if let date = digitsDate(text, yearFirst: true) {
            return isCalendarDate(year: date.year, month: date.month, day: date.day)
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return isCalendarDate(year: year, month: month, day: day)
    }

    /// Converts a date written `DD/MM/YYYY` (day and month may have one digit, as Excel writes them; a midnight time
    /// such as ` 00:00` is ignored) or `YYYY-MM-DD` to `YYYY-MM-DD`; nil when it is neither or not a real date.
    static func isoDate(fromDayMonthYearOrISO text: String) -> String? {
        if let date = digitsDate(text, yearFirst: false) {
            // DD/MM/YYYY, the usual shape: the ISO text is the same digits reordered.
            guard isCalendarDate(year: date.year, month: date.month, day: date.day) else { return nil }
            return text.utf8.withContiguousStorageIfAvailable { bytes in
                String(unsafeUninitializedCapacity: 10) { iso in
                    (iso[0], iso[1], iso[2], iso[3]) = (bytes[6], bytes[7], bytes[8], bytes[9])
                    (iso[4], iso[5], iso[6]) = (UInt8(ascii: "-"), bytes[3], bytes[4])
                    (iso[7], iso[8], iso[9]) = (UInt8(ascii: "-"), bytes[0], bytes[1])
                    return 10
                }
            }
        }
        if isISODate(text) { return text }
        var datePart = Substring(text)
        if let space = text.firstIndex(of: " ") {
            let time = text[text.index(after: space)...]
            guard time == "00:00" || time == "00:00:00" else { return nil }
            datePart = text[..<space]
        }
        let parts = datePart.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
              isCalendarDate(year: year, month: month, day: day)
        else { return nil }
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    static func isCalendarDate(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1900, year <= 2999, (1...12).contains(month), day >= 1 else { return false }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        switch month {
        case 2: return day <= (isLeap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    /// The calendar year in which an academic year ends (its summer, when tests are taken): "2023/2024", "2023/24",
    /// "2023-24", "202324" and "2024" all give "2024". Nil when the text is none of these or the years do not follow.
    static func endYear(ofAcademicYear text: String) -> String? {
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "/" || $0 == "-") }) else { return nil }
        let separators: Set<Character> = ["/", "-"]
        let parts = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
        var first: String
        var second: String
        switch parts.count {
        case 1 where text.count == 4:
            return text
        case 1 where text.count == 6:
            first = String(text.prefix(4))
            second = String(text.suffix(2))
        case 2:
            first = parts[0]
            second = parts[1]
        default:
            return nil
        }
        guard first.count == 4, second.count == 2 || second.count == 4, let start = Int(first), let written = Int(second)
        else { return nil }
        var end = written
        if second.count == 2 {
            end = (start / 100) * 100 + written
            if end < start { end += 100 }  // 1999/00
        }
        guard end == start + 1 else { return nil }
        return String(end)
    }
}
