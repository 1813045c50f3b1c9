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
        try CSVReader(path: path).forEachRecord { record in
            if let layout {
                try layout.readRow(record, into: tables)
            } else {
                layout = try Layout(header: record, reader: self)
            }
        }
        guard let layout else {
            throw GapsError.malformedInput(SourceLocation(file: path), message: "empty file: no header line")
        }
        return ExtractReadSummary(choice: layout.choice, academicYearNote: layout.yearRule.note)
    }

    /// A profile bound to the column positions of one file's header.
    private struct Layout {
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
            self.fieldCount = (header.fields.lastIndex { !IngestValues.trimmed($0).isEmpty } ?? -1) + 1
            self.pupilColumns = pupilColumns
            self.results = results
            self.upnIndex = upnIndex
        }

        func readRow(_ record: CSVRecord, into tables: IngestTables) throws {
            let fields = record.fields.map(IngestValues.trimmed)
            if fields.allSatisfy(\.isEmpty) {
                tables.setAsidePupil(reason: "empty row")
                return
            }
            func reject(field: String, value: String, reason: String, upn: String = "") -> RejectRecord {
                RejectRecord(sourceFile: path, line: record.line, recordKind: "pupil", upn: upn, field: field,
                             value: value, reason: reason)
            }
            // A row with too few or too many fields has its columns shifted: nothing in it can be trusted.
            let hasExtraValues = fields.count > fieldCount && fields[fieldCount...].contains { !$0.isEmpty }
            if fields.count < fieldCount || hasExtraValues {
                try tables.rejectPupil(
                    reject(field: "", value: "\(fields.count) fields",
                           reason: "expected \(fieldCount) fields as in the header, found \(fields.count) (a stray comma or an unquoted value?)",
                           upn: upnIndex < fields.count ? fields[upnIndex] : ""),
                    results: [])
                return
            }

            var pupil = IngestedPupil()
            pupil.sourceFile = path
            pupil.sourceLine = record.line
            pupil.sourceKind = .extract
            var laEstab = ""
            var censusDate = ""
            for (field, indices) in pupilColumns {
                let value = indices.lazy.map { fields[$0] }.first { !$0.isEmpty } ?? ""
                if let keyPath = field.keyPath { pupil[keyPath: keyPath] = value } else if field == .laEstab { laEstab = value } else { censusDate = value }
            }
            if pupil.la.isEmpty && pupil.estab.isEmpty && laEstab.count == 7 && laEstab.allSatisfy(\.isNumber) {
                pupil.la = String(laEstab.prefix(3))
                pupil.estab = String(laEstab.suffix(4))
            }
            pupil.academicYear = yearRule.academicYear(stated: pupil.academicYear, censusDate: censusDate)
            let year = IngestValues.endYear(ofAcademicYear: pupil.academicYear)

            var accepted: [IngestedResult] = []
            var rejected: [RejectRecord] = []
            for (spec, scoreIndex, scoreName, outcomeIndex, measure) in results {
                var result = IngestedResult()
                result.sourceFile = path
                result.sourceLine = record.line
                result.upn = pupil.upn
                result.stage = stage
                result.year = year ?? ""
                result.subject = spec.subject
                result.method = spec.method
                result.component = spec.component
                result.measure = measure
                let score = scoreIndex.map { fields[$0] } ?? ""
                let outcome = outcomeIndex.map { fields[$0] } ?? ""
                if !score.isEmpty {
                    let range = (spec.scoreMinimum ?? -Double.greatestFiniteMagnitude)...(spec.scoreMaximum ?? Double.greatestFiniteMagnitude)
                    guard let number = Self.plainNumber(score), range.contains(number) else {
                        let expected = spec.scoreMinimum != nil || spec.scoreMaximum != nil
                            ? "a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))" : "a number"
                        rejected.append(RejectRecord(
                            sourceFile: path, line: record.line, recordKind: "result", upn: pupil.upn, field: scoreName,
                            value: score, reason: "expected \(expected) (an outcome code belongs in the outcome column)"))
                        continue
                    }
                    result.qualifier = spec.scoreQualifier ?? ""
                    result.result = score
                } else if !outcome.isEmpty {
                    result.qualifier = spec.outcomeQualifier ?? ""
                    result.result = outcome
                } else {
                    continue  // nothing recorded for this subject
                }
                accepted.append(result)
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
                try tables.rejectPupil(problem, results: accepted)
            } else {
                try tables.accept(pupil, results: accepted)
            }
            for resultProblem in rejected { try tables.rejectResult(resultProblem) }
        }

        /// The profile's first column name for a pupil field, for reject rows.
        private func fieldName(_ field: ExtractPupilField) -> String {
            profile.pupil[field.rawValue]?.first ?? field.rawValue
        }

        /// A plain decimal number (digits with at most one point, and a leading minus for figures such as
        /// Progress 8); rejects "1e2", "nan", "inf" that `Double()` takes.
        static func plainNumber(_ text: String) -> Double? {
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
