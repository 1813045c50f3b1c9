import Foundation

/// The fast path for the rows of a large extract: a row whose values need no decoding, conversion beyond reordering a
/// date, or rejecting is written straight from libcsv's bytes through row templates, without a `String` per field
/// or an `IngestedPupil` per row.
///
/// A row qualifies when it has the header's number of fields (extra ones empty), every value the profile reads is
/// ASCII or plain UTF-8 (see `plainValue`), the UPN is present, the date of birth is empty or written `DD/MM/YYYY`
/// or `YYYY-MM-DD` with two-digit day and month and is a real date, the academic year (as stated, else the file's
/// year from `ExtractYearRule`) is one `IngestValues.endYear` recognises, and every score is a whole number in range. Any other row (rejects, blank rows, Windows-1252 text, decimal scores, one-digit days)
/// returns false and goes through `ExtractReader`'s `readRow`, the reference this path must match byte for byte:
/// `IngestFastPathTests` feeds both the same rows.
///
/// The templates come from the records themselves: a probe `IngestedPupil` and `IngestedResult` are filled with
/// markers and written through `fieldValues`, so the column order is never restated here.
final class ExtractFastRows {
    private let fieldCount: Int
    /// For each pupil field (in `ExtractReader`'s order): its candidate columns, flattened, and where each starts.
    private let candidates: [Int]
    private let candidateStarts: [Int]
    private let upnField: Int
    private let laField: Int?
    private let estabField: Int?
    private let laEstabField: Int?
    private let dobField: Int?
    private let academicYearField: Int?
    private let censusDateField: Int?
    /// `ExtractYearRule.fileYear`: the year of rows whose academic-year cell is empty (none when empty).
    private let fileYear: UnsafeMutableBufferPointer<UInt8>
    /// The results' columns and layouts, in plain memory: read for every row without reference counting.
    private let results: UnsafeMutablePointer<Result>
    private let resultCount: Int
    private let pupilLayout: ExtractRowLayout
    /// The row being assembled, and the row's UPN and year encoded once as cells for all its result rows.
    private let row = UnsafeMutablePointer<ExtractRowBuffer>.allocate(capacity: 1)
    private let sharedCells = UnsafeMutablePointer<ExtractRowBuffer>.allocate(capacity: 1)
    /// Each pupil field's value in the row being written (bytes in libcsv's buffer).
    private let values: UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>
    /// Each result's value in the row being written, and whether it is a score (else an outcome; nil: none).
    private let resultValues: UnsafeMutablePointer<(bytes: UnsafeBufferPointer<UInt8>, isScore: Bool?)>
    /// The last academic year seen (bytes) and the end year it gives: one `endYear` call per distinct value.
    @exclusivity(unchecked) private var lastAcademicYear: [UInt8] = []
    @exclusivity(unchecked) private var lastEndYear: [UInt8] = []
    /// The row's line number as digits, encoded once for the pupil row and each result row.
    private let lineDigits = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)

    /// Holes of the pupil template: the line, the four computed fields, then one per pupil field.
    private enum PupilHole {
        static let line = 0, la = 1, estab = 2, dob = 3, academicYear = 4, firstField = 5
    }

    /// Holes of a result template.
    private enum ResultHole {
        static let line = 0, upn = 1, year = 2, value = 3
    }

    private struct Result {
        var scoreIndex: Int?
        var outcomeIndex: Int?
        var range: ClosedRange<Double>
        var scoreLayout: ExtractRowLayout
        var outcomeLayout: ExtractRowLayout
    }

    init(path: String, stage: String, fieldCount: Int, pupilFields: [PupilFieldSetter], resultFields: [ResultFields],
         yearRule: ExtractYearRule) {
        self.fieldCount = fieldCount
        var candidates: [Int] = []
        var candidateStarts: [Int] = []
        for setter in pupilFields {
            candidateStarts.append(candidates.count)
            candidates.append(contentsOf: setter.columns)
        }
        candidateStarts.append(candidates.count)
        self.candidates = candidates
        self.candidateStarts = candidateStarts
        func position(_ field: ExtractPupilField) -> Int? { pupilFields.firstIndex { $0.field == field } }
        upnField = position(.upn)!  // `ExtractReader.Layout` refuses a profile without one
        laField = position(.la)
        estabField = position(.estab)
        laEstabField = position(.laEstab)
        dobField = position(.dob)
        academicYearField = position(.academicYear)
        censusDateField = position(.censusDate)
        fileYear = .allocate(capacity: yearRule.fileYear.utf8.count)
        _ = fileYear.initialize(from: yearRule.fileYear.utf8)

        // Two probes with different markers: a cell that differs between them is a hole, whatever the constants hold.
        func pupilProbe(_ variant: String, line: Int) -> [String] {
            func marker(_ hole: Int) -> String { "\u{1}\(variant)\(hole)" }
            var probe = IngestedPupil()
            probe.sourceFile = path
            probe.sourceLine = line
            probe.sourceKind = .extract
            for (index, setter) in pupilFields.enumerated() where setter.field != .laEstab {
                setter.set(marker(PupilHole.firstField + index), in: &probe)
            }
            probe.la = marker(PupilHole.la)
            probe.estab = marker(PupilHole.estab)
            probe.dob = marker(PupilHole.dob)
            probe.academicYear = marker(PupilHole.academicYear)
            return probe.fieldValues
        }
        pupilLayout = ExtractRowLayout(
            Self.template(pupilProbe("a", line: 1), pupilProbe("b", line: 2), lineHole: PupilHole.line))

        func resultProbe(_ variant: String, line: Int, spec: ResultFields, qualifier: String) -> [String] {
            func marker(_ hole: Int) -> String { "\u{1}\(variant)\(hole)" }
            var probe = IngestedResult()
            probe.sourceFile = path
            probe.sourceLine = line
            probe.upn = marker(ResultHole.upn)
            probe.stage = stage
            probe.year = marker(ResultHole.year)
            probe.subject = spec.subject
            probe.method = spec.method
            probe.component = spec.component
            probe.measure = spec.measure
            probe.qualifier = qualifier
            probe.result = marker(ResultHole.value)
            return probe.fieldValues
        }
        let results = resultFields.map { spec in
            func variant(_ qualifier: String) -> ExtractRowLayout {
                ExtractRowLayout(Self.template(resultProbe("a", line: 1, spec: spec, qualifier: qualifier),
                                               resultProbe("b", line: 2, spec: spec, qualifier: qualifier),
                                               lineHole: ResultHole.line))
            }
            return Result(scoreIndex: spec.scoreIndex, outcomeIndex: spec.outcomeIndex, range: spec.scoreRange,
                          scoreLayout: variant(spec.scoreQualifier), outcomeLayout: variant(spec.outcomeQualifier))
        }
        self.results = .allocate(capacity: max(1, results.count))
        self.results.initialize(from: results, count: results.count)
        resultCount = results.count
        row.initialize(to: ExtractRowBuffer(capacity: 1 << 12))
        sharedCells.initialize(to: ExtractRowBuffer(capacity: 256))
        values = .allocate(capacity: max(1, pupilFields.count))
        resultValues = .allocate(capacity: max(1, resultFields.count))
    }

    deinit {
        values.deallocate()
        resultValues.deallocate()
        lineDigits.deallocate()
        fileYear.deallocate()
        pupilLayout.deallocate()
        for index in 0..<resultCount {
            results[index].scoreLayout.deallocate()
            results[index].outcomeLayout.deallocate()
        }
        results.deinitialize(count: resultCount)
        results.deallocate()
        row.pointee.deallocate()
        row.deallocate()
        sharedCells.pointee.deallocate()
        sharedCells.deallocate()
    }

    /// The template for rows like `first`, where cells that differ from `second` are holes: the line's cell (written
    /// as 1 and 2) is `lineHole`, a marker "\u{1}a<n>" / "\u{1}b<n>" is hole n.
    private static func template(_ first: [String], _ second: [String], lineHole: Int) -> [CSVRowTemplate.Cell] {
        zip(first, second).map { a, b in
            if a == b { return .text(a) }
            if a == "1" && b == "2" { return .hole(lineHole) }
            guard a.hasPrefix("\u{1}a"), let hole = Int(a.dropFirst(2)), b == "\u{1}b\(hole)" else {
                preconditionFailure("unexpected difference between template probes: \(a) / \(b)")
            }
            return .hole(hole)
        }
    }

    /// Writes `record` if it qualifies (see the type's description); false leaves it, untouched, to the reference.
    func write(_ record: CSVRawRecord, into tables: IngestTables) throws -> Bool {
        let count = record.count
        guard count >= fieldCount else { return false }
        for index in fieldCount..<count where !IngestValues.asciiTrimmedRange(record.bytes(at: index)).isEmpty {
            return false
        }
        // Usually the whole record is ASCII, checked in one pass: then no value needs a UTF-8 check of its own.
        let isASCII = CSVReader.isASCII(record.allFieldBytes)

        // Each pupil field: the first candidate column that is not blank.
        for field in 0..<(candidateStarts.count - 1) {
            var chosen = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            for position in candidateStarts[field]..<candidateStarts[field + 1] {
                guard let value = Self.plainValue(record.bytes(at: candidates[position]), isASCII: isASCII) else {
                    return false
                }
                if !value.isEmpty {
                    chosen = value
                    break
                }
            }
            values[field] = chosen
        }
        let upn = values[upnField]
        guard !upn.isEmpty else { return false }

        var la = laField.map { values[$0] } ?? UnsafeBufferPointer(start: nil, count: 0)
        var estab = estabField.map { values[$0] } ?? UnsafeBufferPointer(start: nil, count: 0)
        if la.isEmpty && estab.isEmpty, let laEstabField {
            let laEstab = values[laEstabField]
            // Digits other than ASCII ones count for the reference (`Character.isNumber`): leave those to it.
            guard CSVReader.isASCII(laEstab) else { return false }
            if laEstab.count == 7 && laEstab.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
                la = UnsafeBufferPointer(rebasing: laEstab[0..<3])
                estab = UnsafeBufferPointer(rebasing: laEstab[3..<7])
            }
        }

        var isoDate: (UInt64, UInt16) = (0, 0)  // room for ten bytes
        var dob = dobField.map { values[$0] } ?? UnsafeBufferPointer(start: nil, count: 0)
        if !dob.isEmpty {
            guard Self.convertDate(dob, into: &isoDate) else { return false }
        }

        // `ExtractYearRule.academicYear(stated:censusDate:)`: as stated, else the file's year; a year worked out from
        // a census date is left to the reference.
        var academicYear = academicYearField.map { values[$0] } ?? UnsafeBufferPointer(start: nil, count: 0)
        if academicYear.isEmpty {
            if let censusDateField, !values[censusDateField].isEmpty { return false }
            academicYear = UnsafeBufferPointer(fileYear)
        }
        let isLastAcademicYear = lastAcademicYear.count == academicYear.count && lastAcademicYear.withUnsafeBufferPointer {
            academicYear.isEmpty || memcmp($0.baseAddress!, academicYear.baseAddress!, academicYear.count) == 0
        }
        if !isLastAcademicYear || lastEndYear.isEmpty {
            guard let year = IngestValues.endYear(ofAcademicYear: String(decoding: academicYear, as: UTF8.self)) else {
                return false
            }
            lastAcademicYear = Array(academicYear)
            lastEndYear = Array(year.utf8)
        }

        for index in 0..<resultCount {
            var value = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            var isScore: Bool?
            if let scoreIndex = results[index].scoreIndex {
                guard let score = Self.plainValue(record.bytes(at: scoreIndex), isASCII: isASCII) else { return false }
                if !score.isEmpty {
                    guard let number = Self.wholeNumber(score), results[index].range.contains(number) else { return false }
                    (value, isScore) = (score, true)
                }
            }
            if isScore == nil, let outcomeIndex = results[index].outcomeIndex {
                guard let outcome = Self.plainValue(record.bytes(at: outcomeIndex), isASCII: isASCII) else { return false }
                if !outcome.isEmpty { (value, isScore) = (outcome, false) }
            }
            resultValues[index] = (value, isScore)
        }

        // Every check passed: write the pupil, then its results, as `readRow` would. Each row is assembled from its
        // layout's constant runs and the holes' cells, then handed to the writer in one copy.
        let line = UnsafeBufferPointer(start: lineDigits, count: CSVWriter.encodeNumber(record.line, into: lineDigits))
        withUnsafeBytes(of: &isoDate) { isoBytes in
            if !dob.isEmpty && dob.count == 10 && dob[2] == UInt8(ascii: "/") {
                dob = UnsafeBufferPointer(start: isoBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 10)
            }
            row.pointee.reset()
            for part in 0..<pupilLayout.partCount {
                switch pupilLayout.appendLiteral(part, to: &row.pointee) {
                case -1: break
                case PupilHole.line: row.pointee.appendRaw(line)
                case PupilHole.la: row.pointee.appendCell(la)
                case PupilHole.estab: row.pointee.appendCell(estab)
                case PupilHole.dob: row.pointee.appendCell(dob)
                case PupilHole.academicYear: row.pointee.appendCell(academicYear)
                case let hole: row.pointee.appendCell(values[hole - PupilHole.firstField])
                }
            }
        }
        try tables.acceptPupilRow(row.pointee.row)

        // The UPN's and the year's cells are the same in each result row: encoded once.
        sharedCells.pointee.reset()
        sharedCells.pointee.appendCell(upn)
        let upnCellCount = sharedCells.pointee.count
        lastEndYear.withUnsafeBufferPointer { sharedCells.pointee.appendCell($0) }
        let upnCell = UnsafeBufferPointer(start: sharedCells.pointee.bytes, count: upnCellCount)
        let yearCell = UnsafeBufferPointer(start: sharedCells.pointee.bytes + upnCellCount,
                                           count: sharedCells.pointee.count - upnCellCount)
        for index in 0..<resultCount {
            let (value, isScore) = resultValues[index]
            guard let isScore else { continue }
            let layout = isScore ? results[index].scoreLayout : results[index].outcomeLayout
            row.pointee.reset()
            for part in 0..<layout.partCount {
                switch layout.appendLiteral(part, to: &row.pointee) {
                case -1: break
                case ResultHole.line: row.pointee.appendRaw(line)
                case ResultHole.upn: row.pointee.appendRaw(upnCell)
                case ResultHole.year: row.pointee.appendRaw(yearCell)
                default: row.pointee.appendCell(value)
                }
            }
            try tables.acceptResultRow(row.pointee.row)
        }
        return true
    }

    /// The field without surrounding ASCII white space (possibly empty), when those bytes are the UTF-8 of the value
    /// the reference path would decode and trim: ASCII, or valid UTF-8 that neither starts nor ends with Unicode
    /// white space. Nil otherwise (Windows-1252 bytes, a no-break space at an end), for the reference path.
    /// `isASCII`: the whole record is known to be ASCII, so the value needs no check of its own.
    @inline(__always)
    private static func plainValue(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> UnsafeBufferPointer<UInt8>? {
        let kept = IngestValues.asciiTrimmedRange(bytes)
        if kept.isEmpty { return UnsafeBufferPointer(start: nil, count: 0) }
        let value = UnsafeBufferPointer(rebasing: bytes[kept])
        return isASCII || CSVReader.isASCII(value) || isUntrimmedUTF8(value) ? value : nil
    }

    /// True for valid UTF-8 whose first and last characters are not white space (names such as "Zoë", "Seán").
    private static func isUntrimmedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var first: Unicode.Scalar?
        var last: Unicode.Scalar?
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if first == nil { first = scalar }
                last = scalar
            case .emptyInput:
                guard let first, let last else { return false }
                return !first.properties.isWhitespace && !last.properties.isWhitespace
            case .error:
                return false
            }
        }
    }

    /// 1 to 15 ASCII digits as a number (exact in a `Double`), as `ExtractReader`'s `plainNumber` reads them.
    @inline(__always)
    private static func wholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count <= 15 else { return nil }
        var value = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return Double(value)
    }

    /// Checks a date written `DD/MM/YYYY` (writing it as `YYYY-MM-DD` into `iso`) or `YYYY-MM-DD` (left as it is),
    /// digits only; false for any other shape or a date that does not exist.
    private static func convertDate(_ bytes: UnsafeBufferPointer<UInt8>, into iso: inout (UInt64, UInt16)) -> Bool {
        guard let date = IngestValues.digitsDate(bytes),
              IngestValues.isCalendarDate(year: date.year, month: date.month, day: date.day) else { return false }
        if date.yearFirst { return true }
        withUnsafeMutableBytes(of: &iso) { out in
            (out[0], out[1], out[2], out[3], out[4]) = (bytes[6], bytes[7], bytes[8], bytes[9], UInt8(ascii: "-"))
            (out[5], out[6], out[7], out[8], out[9]) = (bytes[3], bytes[4], UInt8(ascii: "-"), bytes[0], bytes[1])
        }
        return true
    }
}
