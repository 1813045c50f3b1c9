import Foundation

/// Reads a pupil-level CSV extract (one row per pupil, characteristics and results side by side) with libcsv,
/// using the `ExtractProfile` whose columns best match the header.
///
/// Each row gives one `IngestedPupil` and one `IngestedResult` per result column group that is not empty. Bad rows
/// are rejected with their line, field, value and reason, and the run goes on.
public final class ExtractReader {
    public let path: String
    public let profiles: [ExtractProfile]
    public let assessmentMap: AssessmentMap

    public init(path: String, profiles: [ExtractProfile], assessmentMap: AssessmentMap) {
        self.path = path
        self.profiles = profiles
        self.assessmentMap = assessmentMap
    }

    /// Streams the file into `tables`; returns the profile used. A header no profile recognises is
    /// `GapsError.unknownLayout`; a missing required column is `GapsError.missingField` naming the column.
    func read(into tables: IngestTables) throws -> ExtractProfile {
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
        return layout.profile
    }

    /// A profile bound to the column positions of one file's header.
    private struct Layout {
        let profile: ExtractProfile
        let path: String
        let stage: String
        /// Header fields up to the last non-empty one: trailing empty columns are tolerated.
        let fieldCount: Int
        let pupilColumns: [(field: ExtractPupilField, indices: [Int])]
        let results: [(spec: ExtractProfile.ResultColumns, score: Int?, scoreName: String, outcome: Int?, measure: String)]
        let upnIndex: Int

        init(header: CSVRecord, reader: ExtractReader) throws {
            let location = SourceLocation(file: reader.path, line: header.line)
            // Pick the profile that recognises the most columns.
            var best: (profile: ExtractProfile, index: [String: Int], matched: Int)?
            for profile in reader.profiles {
                var index: [String: Int] = [:]
                for (position, name) in header.fields.enumerated() {
                    let canonical = profile.canonicalColumn(name)
                    if !canonical.isEmpty && index[canonical] == nil { index[canonical] = position }
                }
                let matched = profile.knownColumns.filter { index[$0] != nil }.count
                if matched > 0 && matched > (best?.matched ?? 0) { best = (profile, index, matched) }
            }
            guard let (profile, index, _) = best else {
                let names = reader.profiles.map(\.name).joined(separator: ", ")
                throw GapsError.unknownLayout(
                    location, message: "the header matches no known extract layout (profiles: \(names.isEmpty ? "none" : names))")
            }
            for column in profile.requiredColumns where index[column.uppercased()] == nil {
                throw GapsError.missingField(location, field: column)
            }
            func position(_ column: String?) -> Int? { column.flatMap { index[$0.uppercased()] } }

            var results: [(spec: ExtractProfile.ResultColumns, score: Int?, scoreName: String, outcome: Int?, measure: String)] = []
            for spec in profile.results {
                let score = position(spec.scoreColumn)
                let outcome = position(spec.outcomeColumn)
                if score == nil && outcome == nil { continue }
                let scoreName = score.map { IngestValues.trimmed(header.fields[$0]) } ?? ""
                let measure = reader.assessmentMap.measure(
                    stage: profile.stage, subject: spec.subject, method: spec.method, component: spec.component)
                results.append((spec, score, scoreName, outcome, measure))
            }
            if results.isEmpty {
                let columns = profile.results.flatMap(\.columns).joined(separator: ", ")
                throw GapsError.missingField(location, field: "at least one result column (\(columns))")
            }
            var pupilColumns: [(field: ExtractPupilField, indices: [Int])] = []
            for field in ExtractPupilField.allCases {
                let indices = (profile.pupil[field.rawValue] ?? []).compactMap { position($0) }
                if !indices.isEmpty { pupilColumns.append((field, indices)) }
            }
            guard let upnIndex = pupilColumns.first(where: { $0.field == .upn })?.indices.first else {
                throw GapsError.invalidConfiguration(
                    SourceLocation(file: "profile \(profile.name)"), message: "the profile has no UPN column")
            }
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
            for (field, indices) in pupilColumns {
                let value = indices.lazy.map { fields[$0] }.first { !$0.isEmpty } ?? ""
                if let keyPath = field.keyPath { pupil[keyPath: keyPath] = value } else { laEstab = value }
            }
            if pupil.la.isEmpty && pupil.estab.isEmpty && laEstab.count == 7 && laEstab.allSatisfy(\.isNumber) {
                pupil.la = String(laEstab.prefix(3))
                pupil.estab = String(laEstab.suffix(4))
            }
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
                problem = reject(field: fieldName(.academicYear), value: pupil.academicYear,
                                 reason: "expected an academic year such as 2023/2024, 2023/24, 202324 or 2024", upn: pupil.upn)
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

        /// A plain decimal number (digits with at most one point); rejects "1e2", "nan", "inf" that `Double()` takes.
        static func plainNumber(_ text: String) -> Double? {
            guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  text.filter({ $0 == "." }).count <= 1 else { return nil }
            return Double(text)
        }

        static func format(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
    }
}
