import Crypto
import Foundation

/// Reads a pupil-level CSV extract (one row per pupil, characteristics and results side by side) with libcsv,
/// using the `ExtractProfile` named with `--profile` or the one `ExtractProfileSelector` detects from the header.
///
/// Each row gives one `IngestedPupil` and one `IngestedResult` per result column group that is not empty. Bad rows
/// are rejected with their line, field, value and reason, and the run goes on.
public final class ExtractReader {
    public let path: String
    public let catalogue: ExtractProfileCatalogue
    public let assessmentMap: AssessmentMap
    /// `--profile`: the profile to use instead of detecting one.
    public let requestedProfile: String?
    /// `--academic-year`: the year of rows that state none.
    public let academicYear: String?

    public var profiles: [ExtractProfile] { catalogue.profiles }
    /// The input's SHA-256 (hex) and size, hashed from the bytes read for parsing: set by `read(into:)`, so that the
    /// stage's manifest needs no second read of the file.
    private(set) var inputDigest: (hex: String, bytes: Int)?
    /// Whether rows that qualify go through `ExtractFastRows`; tests turn it off to get the reference output.
    var usesFastRows = true

    public init(path: String, catalogue: ExtractProfileCatalogue, assessmentMap: AssessmentMap,
                requestedProfile: String? = nil, academicYear: String? = nil) {
        self.path = path
        self.catalogue = catalogue
        self.assessmentMap = assessmentMap
        self.requestedProfile = requestedProfile
        self.academicYear = academicYear
    }

    /// A reader choosing among `profiles` only (no user folder), detecting the layout.
    public convenience init(path: String, profiles: [ExtractProfile], assessmentMap: AssessmentMap) {
        self.init(path: path, catalogue: ExtractProfileCatalogue(profiles: profiles), assessmentMap: assessmentMap)
    }

    /// Streams the file into `tables`; returns how the profile was chosen and the notes for the manifest. A header
    /// no profile fits is `GapsError.unknownLayout`; a missing required column of a named profile is
    /// `GapsError.missingField` naming the column.
    func read(into tables: IngestTables) throws -> ExtractReadSummary {
        var layout: Layout?
        // The manifest's SHA-256, from the blocks read for parsing: no second read of the input.
        var hasher = SHA256()
        var bytesRead = 0
        try CSVReader(path: path).forEachRawRecord(eachBlock: { block in
            hasher.update(bufferPointer: block)
            bytesRead += block.count
        }) { record in
            if let layout {
                try layout.readRow(record, into: tables)
            } else {
                layout = try Layout(header: record.record, reader: self)
            }
        }
        guard let layout else {
            throw GapsError.malformedInput(SourceLocation(file: path), message: "empty file: no header line")
        }
        inputDigest = (sha256HexText(of: hasher.finalize()), bytesRead)
        return ExtractReadSummary(choice: layout.choice, academicYearNote: layout.yearRule.note)
    }

    /// A profile bound to the column positions of one file's header.
    private final class Layout {
        let choice: ExtractProfileChoice
        let profile: ExtractProfile
        let yearRule: ExtractYearRule
        let path: String
        let stage: String
        /// Header fields up to the last non-empty one: trailing empty columns are tolerated.
        let fieldCount: Int
        let pupilColumns: [(field: ExtractPupilField, indices: [Int])]
        let results: [(spec: ExtractProfile.ResultColumns, score: Int?, scoreName: String, outcome: Int?, measure: String)]
        let upnIndex: Int

        init(header: CSVRecord, reader: ExtractReader) throws {
            let location = SourceLocation(file: reader.path, line: header.line)
            let (choice, index) = try ExtractProfileSelector.choose(
                header: header.fields, catalogue: reader.catalogue, requested: reader.requestedProfile, location: location)
            let profile = choice.profile
            func position(_ column: String?) -> Int? { column.flatMap { index[ExtractProfile.columnKey($0)] } }

            var results: [(spec: ExtractProfile.ResultColumns, score: Int?, scoreName: String, outcome: Int?, measure: String)] = []
            for spec in profile.results {
                let score = position(spec.scoreColumn)
                let outcome = position(spec.outcomeColumn)
                if score == nil && outcome == nil { continue }
                let scoreName = score.map { IngestValues.trimmed(header.fields[$0]) } ?? ""
                let measure = spec.measure ?? reader.assessmentMap.measure(
                    stage: profile.stage, subject: spec.subject, method: spec.method, component: spec.component)
                results.append((spec, score, scoreName, outcome, measure))
            }
            if results.isEmpty && !profile.results.isEmpty {
                let columns = profile.results.flatMap(\.columns).joined(separator: ", ")
                throw GapsError.missingField(location, field: "at least one result column (\(columns))")
            }
            var pupilColumns: [(field: ExtractPupilField, indices: [Int])] = []
            for field in ExtractPupilField.allCases {
                let indices = (profile.pupil[field.rawValue] ?? []).compactMap { position($0) }
                if !indices.isEmpty { pupilColumns.append((field, indices)) }
            }
            guard let upnIndex = pupilColumns.first(where: { $0.field == .upn })?.indices.first else {
                throw GapsError.missingField(location, field: profile.pupil[ExtractPupilField.upn.rawValue]?.first ?? "UPN")
            }
            func headerName(_ field: ExtractPupilField) -> String? {
                pupilColumns.first { $0.field == field }.map { IngestValues.trimmed(header.fields[$0.indices[0]]) }
            }
            self.yearRule = try ExtractYearRule(
                profile: profile, path: reader.path, flag: reader.academicYear, yearColumn: headerName(.academicYear),
                censusDateColumn: headerName(.censusDate), location: location)
            self.choice = choice
            self.profile = profile
            self.path = reader.path
            self.stage = profile.stage
            let fieldCount = (header.fields.lastIndex { !IngestValues.trimmed($0).isEmpty } ?? -1) + 1
            self.fieldCount = fieldCount
            self.pupilColumns = pupilColumns
            self.results = results
            self.upnIndex = upnIndex
            let pupilFields = pupilColumns.map { PupilFieldSetter($0.field, columns: $0.indices) }
            self.pupilFields = pupilFields
            let resultFields = results.map(ResultFields.init)
            self.resultFields = resultFields
            self.fastRows = reader.usesFastRows
                ? ExtractFastRows(path: reader.path, stage: profile.stage, fieldCount: fieldCount,
                                  pupilFields: pupilFields, resultFields: resultFields, yearRule: yearRule)
                : nil
        }

        /// Writes the rows that need no decoding or rejecting straight from their bytes.
        private let fastRows: ExtractFastRows?

        /// How each of `pupilColumns` is read and stored, worked out once per file.
        private let pupilFields: [PupilFieldSetter]
        /// `results`, flattened for the row loop.
        private let resultFields: [ResultFields]
        /// The last academic year seen and its end year: a file usually has one academic year throughout.
        private var lastAcademicYear: (text: String, endYear: String?)?

        /// Field `index` of `record`, trimmed.
        @inline(__always)
        private func text(_ record: CSVRawRecord, _ index: Int) -> String {
            IngestValues.trimmedText(record.bytes(at: index), decode: CSVReader.decodeField)
        }

        @inline(__always)
        private func isBlank(_ record: CSVRawRecord, _ index: Int) -> Bool {
            IngestValues.isBlank(record.bytes(at: index), decode: CSVReader.decodeField)
        }

        /// Reads one data row. Fields stay bytes until needed: the row's shape is checked on the bytes, and only
        /// the columns the profile uses become strings.
        func readRow(_ record: CSVRawRecord, into tables: IngestTables) throws {
            if let fastRows, try fastRows.write(record, into: tables) { return }
            try readRowInFull(record, into: tables)
        }

        /// Reads any row, decoding the values it uses: the reference for `ExtractFastRows`, and the path of every row
        /// that one leaves (rejects, non-ASCII text, decimal or negative scores, years from a census date).
        func readRowInFull(_ record: CSVRawRecord, into tables: IngestTables) throws {
            let count = record.count
            if (0..<count).allSatisfy({ isBlank(record, $0) }) {
                tables.setAsidePupil(reason: "empty row")
                return
            }
            func reject(field: String, value: String, reason: String, upn: String = "") -> RejectRecord {
                RejectRecord(sourceFile: path, line: record.line, recordKind: "pupil", upn: upn, field: field,
                             value: value, reason: reason)
            }
            // A row with too few or too many fields has its columns shifted: nothing in it can be trusted.
            let hasExtraValues = count > fieldCount && (fieldCount..<count).contains { !isBlank(record, $0) }
            if count < fieldCount || hasExtraValues {
                try tables.rejectPupil(
                    reject(field: "", value: "\(count) fields",
                           reason: "expected \(fieldCount) fields as in the header, found \(count) (a stray comma or an unquoted value?)",
                           upn: upnIndex < count ? text(record, upnIndex) : ""),
                    results: [])
                return
            }

            var pupil = IngestedPupil()
            pupil.sourceFile = path
            pupil.sourceLine = record.line
            pupil.sourceKind = .extract
            var laEstab = ""
            var censusDate = ""
            for setter in pupilFields {
                var value = ""
                for index in setter.columns {
                    value = text(record, index)
                    if !value.isEmpty { break }
                }
                switch setter.field {
                case .laEstab: laEstab = value
                case .censusDate: censusDate = value
                default: setter.set(value, in: &pupil)
                }
            }
            if pupil.la.isEmpty && pupil.estab.isEmpty && Self.isSevenDigits(laEstab) {
                pupil.la = String(laEstab.prefix(3))
                pupil.estab = String(laEstab.suffix(4))
            }
            pupil.academicYear = yearRule.academicYear(stated: pupil.academicYear, censusDate: censusDate)
            let year: String?
            if let last = lastAcademicYear, last.text == pupil.academicYear {
                year = last.endYear
            } else {
                year = IngestValues.endYear(ofAcademicYear: pupil.academicYear)
                lastAcademicYear = (pupil.academicYear, year)
            }

            // One problem with the pupil rejects it with all its results (a result must belong to a pupil).
            var problem: RejectRecord?
            if pupil.upn.isEmpty {
                problem = reject(field: fieldName(.upn), value: "", reason: "the row has no UPN, so its records cannot be linked")
            } else if !pupil.dob.isEmpty {
                if let iso = IngestValues.isoDate(fromDayMonthYearOrISO: pupil.dob) {
                    pupil.dob = iso
                } else {
                    problem = reject(field: fieldName(.dob), value: pupil.dob,
                                     reason: "expected a date written DD/MM/YYYY or YYYY-MM-DD", upn: pupil.upn)
                }
            }
            if problem == nil && year == nil {
                let (field, value, reason) = yearRule.problem(academicYear: pupil.academicYear, censusDate: censusDate)
                problem = reject(field: field, value: value, reason: reason, upn: pupil.upn)
            }
            if let problem {
                try tables.rejectPupil(problem, results: [])
            } else {
                try tables.accept(pupil, results: [])
            }

            // The results follow their pupil, each written (or rejected with it) as soon as it is read; a bad score
            // is rejected on its own after them, so the rejects table has the pupil's rows first.
            var badScores: [RejectRecord] = []
            for spec in resultFields {
                let score = spec.scoreIndex.map { text(record, $0) } ?? ""
                let outcome = score.isEmpty ? spec.outcomeIndex.map { text(record, $0) } ?? "" : ""
                if score.isEmpty && outcome.isEmpty { continue }  // nothing recorded for this subject
                var result = IngestedResult()
                result.sourceFile = path
                result.sourceLine = record.line
                result.upn = pupil.upn
                result.stage = stage
                result.year = year ?? ""
                result.subject = spec.subject
                result.method = spec.method
                result.component = spec.component
                result.measure = spec.measure
                if !score.isEmpty {
                    let range = spec.scoreRange
                    guard let number = Self.plainNumber(score), range.contains(number) else {
                        let expected = spec.hasScoreLimits
                            ? "a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))" : "a number"
                        badScores.append(RejectRecord(
                            sourceFile: path, line: record.line, recordKind: "result", upn: pupil.upn, field: spec.scoreName,
                            value: score, reason: "expected \(expected) (an outcome code belongs in the outcome column)"))
                        continue
                    }
                    result.qualifier = spec.scoreQualifier
                    result.result = score
                } else {
                    result.qualifier = spec.outcomeQualifier
                    result.result = outcome
                }
                if let problem {
                    try tables.rejectResult(result, ofRejectedPupil: problem)
                } else {
                    try tables.acceptResult(result)
                }
            }
            for resultProblem in badScores { try tables.rejectResult(resultProblem) }
        }

        /// Seven characters that are all digits (an LAESTAB). ASCII digits are checked on the bytes; anything else
        /// goes through `Character.isNumber` as it always did.
        static func isSevenDigits(_ text: String) -> Bool {
            let asciiDigits = text.utf8.count == 7 && text.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
            return asciiDigits || (text.count == 7 && text.allSatisfy(\.isNumber))
        }

        /// The profile's first column name for a pupil field, for reject rows.
        private func fieldName(_ field: ExtractPupilField) -> String {
            profile.pupil[field.rawValue]?.first ?? field.rawValue
        }

        /// A plain decimal number (digits with at most one point, and a leading minus for figures such as
        /// Progress 8); rejects "1e2", "nan", "inf" that `Double()` takes.
        static func plainNumber(_ text: String) -> Double? {
            // Whole numbers in ASCII digits, the usual case, without going through Character.
            let utf8 = text.utf8
            if utf8.count <= 15, !utf8.isEmpty, utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
                return Double(utf8.reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) })
            }
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  digits.filter({ $0 == "." }).count <= 1 else { return nil }
            return Double(text)
        }

        static func format(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
    }
}
/// One result column group of a layout, as the row loop reads it.
struct ResultFields {
    let subject: String
    let method: String
    let component: String
    let measure: String
    let scoreIndex: Int?
    /// The score column's name as the header writes it, for reject rows.
    let scoreName: String
    let scoreQualifier: String
    let scoreRange: ClosedRange<Double>
    let hasScoreLimits: Bool
    let outcomeIndex: Int?
    let outcomeQualifier: String

    init(_ columns: (spec: ExtractProfile.ResultColumns, score: Int?, scoreName: String, outcome: Int?, measure: String)) {
        let spec = columns.spec
        subject = spec.subject
        method = spec.method
        component = spec.component
        measure = columns.measure
        scoreIndex = columns.score
        scoreName = columns.scoreName
        scoreQualifier = spec.scoreQualifier ?? ""
        scoreRange = (spec.scoreMinimum ?? -Double.greatestFiniteMagnitude)...(spec.scoreMaximum ?? Double.greatestFiniteMagnitude)
        hasScoreLimits = spec.scoreMinimum != nil || spec.scoreMaximum != nil
        outcomeIndex = columns.outcome
        outcomeQualifier = spec.outcomeQualifier ?? ""
    }
}

/// Stores one extract pupil field into an `IngestedPupil`.
///
/// Through the field's key path this is slow (the key path machinery is generic and looks up type metadata on every
/// write), so when the key path names a stored property the setter writes straight to that property's offset.
struct PupilFieldSetter {
    let field: ExtractPupilField
    /// The candidate columns, in order: the first non-empty one gives the value.
    let columns: [Int]
    private let keyPath: WritableKeyPath<IngestedPupil, String>?
    private let offset: Int?

    init(_ field: ExtractPupilField, columns: [Int]) {
        self.field = field
        self.columns = columns
        keyPath = field.keyPath
        offset = keyPath.flatMap { MemoryLayout<IngestedPupil>.offset(of: $0) }
    }

    @inline(__always)
    func set(_ value: String, in pupil: inout IngestedPupil) {
        if let offset {
            withUnsafeMutableBytes(of: &pupil) { bytes in
                (bytes.baseAddress! + offset).assumingMemoryBound(to: String.self).pointee = value
            }
        } else if let keyPath {
            pupil[keyPath: keyPath] = value
        }
    }
}
