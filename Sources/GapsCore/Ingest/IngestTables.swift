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
    private(set) var pupilCounts = RowCounts()
    private(set) var resultCounts = RowCounts()

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
        try pupils.write(pupil.fieldValues)
        for result in pupilResults {
            resultCounts.read += 1
            resultCounts.written += 1
            try results.write(result.fieldValues)
        }
    }

    /// Rejects a pupil and, with it, every result it carries: a result whose pupil is not in pupils.csv could not be
    /// attributed to anyone downstream. Each result gets its own reject row naming the pupil's problem.
    func rejectPupil(_ reject: RejectRecord, results pupilResults: [IngestedResult]) throws {
        pupilCounts.read += 1
        pupilCounts.rejected += 1
        try rejects.write(reject.fieldValues)
        for result in pupilResults {
            try rejectResult(RejectRecord(
                sourceFile: reject.sourceFile, line: result.sourceLine, recordKind: "result", upn: result.upn,
                field: reject.field, value: reject.value, reason: "its pupil was rejected: \(reject.reason)"))
        }
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

    /// True for a real calendar date written `YYYY-MM-DD`.
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return isCalendarDate(year: year, month: month, day: day)
    }

    /// Converts a date written `DD/MM/YYYY` (day and month may have one digit, as Excel writes them; a midnight time
    /// such as ` 00:00` is ignored) or `YYYY-MM-DD` to `YYYY-MM-DD`; nil when it is neither or not a real date.
    static func isoDate(fromDayMonthYearOrISO text: String) -> String? {
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
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
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
