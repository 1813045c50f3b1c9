import Foundation

/// Choices the user makes for a normalise run.
public struct NormaliseOptions: Sendable {
    /// One census date for every pupil; `nil` uses each pupil's own (see `Normaliser`).
    public var censusDate: CivilDate?
    /// Publish Chinese as a major group of its own (KS2/KS4 publications to 2018/19) instead of under Asian.
    public var chineseAsOwnGroup: Bool

    public init(censusDate: CivilDate? = nil, chineseAsOwnGroup: Bool = false) {
        self.censusDate = censusDate
        self.chineseAsOwnGroup = chineseAsOwnGroup
    }
}

/// Why rows were deliberately not carried forward: the `setAside` keys of this stage's counts.
public enum NormaliseSetAside {
    public static let mergedPupil = "merged into the same pupil from a higher-precedence source"
    public static let mergedPupilSameSource = "merged into an earlier row for the same pupil in the same source"
    public static let noMeasure = "no measure uses this result"
    public static let duplicateResult = "duplicate of a higher-precedence source's result"
    public static let duplicateResultSameSource = "duplicate of an earlier result in the same source"
}

/// Everything a normalise run produces, before it is written.
public struct NormaliseOutcome: Sendable {
    public var pupils: [NormalisedPupil] = []
    public var results: [NormalisedResult] = []
    public var rejects: [RejectRecord] = []
    public var dataQuality: [DataQualityIssue] = []
    /// Counts per input directory (same order as the inputs), keyed "pupils" and "results".
    public var inputCounts: [[String: RowCounts]] = []
    /// Each pupil's school for the data-quality summary: the school of its highest-precedence row.
    var pupilSchools: [String: SchoolRef] = [:]
    /// The school and kind of reason of each reject, in the order of `rejects`.
    var rejectAttributions: [RejectAttribution] = []
    /// Per school and LA: KS2 pupils matched to KS1, KS4 pupils matched to KS2 (`key-stage-matching.csv`).
    public var keyStageMatching: [KeyStageMatchingRow] = []
    /// Per school and LA counts of data-quality problems (`data-quality-summary.csv`).
    public var dataQualitySummary: [DataQualitySummaryRow] = []

    /// Stage-wide counts: the sum over inputs.
    public var counts: [String: RowCounts] {
        var total: [String: RowCounts] = ["pupils": RowCounts(), "results": RowCounts()]
        for input in inputCounts {
            for (kind, counts) in input { total[kind, default: RowCounts()].add(counts) }
        }
        return total
    }
}

/// Turns ingested rows from any number of sources into one row per pupil and one row per pupil, measure and year.
///
/// - Pupils are merged by UPN across every input (a pupil in a CTF and in an extract is one pupil); see
///   `SourcePrecedence` for which source wins and `PupilMerger` for the per-field rules.
/// - A row whose UPN fails the check (`UPN.problem(with:)`) is rejected, with every result of that UPN from that
///   source.
/// - A FormerUPN links rows filed under the old UPN, in any source, to the pupil that gives it (`UPNLinks`).
/// - A temporary UPN is kept but listed in `data-quality.csv`: the school should replace it.
/// - Results no measure uses are set aside; results are read against the scales (`ResultInterpreter`); the same
///   UPN, measure and year from two sources is one result, from the higher-precedence source.
/// - The census date for FSM is `--census-date` when given, else the January census (third Thursday of January) of
///   the year of the pupil's latest cohort key stage (KS4, else KS2, else KS1; see `CensusYearChoice`); a pupil with
///   none of these uses its latest result of any stage, then the academic year its highest-precedence source states.
public struct Normaliser: Sendable {
    public let reference: NormaliseReferenceData
    public let options: NormaliseOptions

    public init(reference: NormaliseReferenceData, options: NormaliseOptions = NormaliseOptions()) {
        self.reference = reference
        self.options = options
    }

    /// A result that was read successfully and may still lose to a duplicate.
    private struct Candidate {
        var key: SourceKey
        var rank: Int
        var order: Int
        var result: NormalisedResult
    }

    public func normalise(_ inputs: [IngestedInput]) -> NormaliseOutcome {
        var outcome = NormaliseOutcome()
        outcome.inputCounts = inputs.map { ["pupils": RowCounts(read: $0.pupils.count), "results": RowCounts(read: $0.results.count)] }
        let precedence = SourcePrecedence(inputs: inputs)

        // Pupil rows: reject invalid UPNs; the valid ones' FormerUPNs decide the links between UPNs.
        var validRows: [(key: SourceKey, order: Int, upn: String, row: IngestedPupil)] = []
        var rowsAsWritten: [SourceKey: [String: IngestedPupil]] = [:]   // every row, valid or not, by UPN as written
        var sourceLA: [SourceKey: String] = [:]   // the LA of a source's first row, for rejects that name no school
        for (index, input) in inputs.enumerated() {
            for (order, row) in input.pupils.enumerated() {
                let upn = Self.canonicalUPN(row.upn)
                let key = SourceKey(input: index, file: row.sourceFile)
                if rowsAsWritten[key]?[upn] == nil { rowsAsWritten[key, default: [:]][upn] = row }
                if sourceLA[key] == nil, !row.la.isEmpty { sourceLA[key] = row.la }
                if let problem = UPN.problem(with: upn) {
                    outcome.rejects.append(RejectRecord(sourceFile: row.sourceFile, line: row.sourceLine, recordKind: "pupil",
                                                        upn: row.upn, field: "upn", value: row.upn, reason: problem.description))
                    outcome.rejectAttributions.append(RejectAttribution(school: SchoolRef(row), category: .pupilInvalidUPN))
                    outcome.inputCounts[index]["pupils"]!.rejected += 1
                    continue
                }
                validRows.append((key, order, upn, row))
            }
        }
        let links = UPNLinks(validRows.map { UPNLinks.Declaration(upn: $0.upn, formerUPN: Self.canonicalUPN($0.row.formerUPN), source: $0.row.sourceFile) })
        outcome.dataQuality.append(contentsOf: links.issues)

        // Index the valid rows by current UPN and by source.
        var rowsByUPN: [String: [RankedPupilRow]] = [:]
        var schoolRows: [SourceKey: [String: IngestedPupil]] = [:]
        var linkedSources: [String: [String: [String]]] = [:]   // current UPN -> former UPN -> files with rows under it
        for valid in validRows {
            let upn = links.resolve(valid.upn)
            if upn != valid.upn, !(linkedSources[upn]?[valid.upn] ?? []).contains(valid.row.sourceFile) {
                linkedSources[upn, default: [:]][valid.upn, default: []].append(valid.row.sourceFile)
            }
            rowsByUPN[upn, default: []].append(RankedPupilRow(key: valid.key, rank: precedence.rank(valid.key), order: valid.order, row: valid.row))
            if schoolRows[valid.key]?[upn] == nil { schoolRows[valid.key, default: [:]][upn] = valid.row }
        }
        for current in linkedSources.keys.sorted() {
            for (former, files) in linkedSources[current]!.sorted(by: { $0.key < $1.key }) {
                outcome.dataQuality.append(DataQualityIssue(
                    upn: current, field: "former_upn", value: former,
                    issue: "rows under former UPN \(former) in \(files.joined(separator: ", ")) are this pupil's (FormerUPN given by \((links.declaredBy[former] ?? []).joined(separator: ", "))); merged under \(current)",
                    sources: files.joined(separator: ";"), category: .formerUPN))
            }
        }

        // Results: read each against its scale; note each pupil's latest years for the census date.
        let interpreter = ResultInterpreter(scales: reference.scales)
        var candidates: [Candidate] = []
        var censusYears = CensusYearChoice()
        for (index, input) in inputs.enumerated() {
            for (order, row) in input.results.enumerated() {
                let writtenUPN = Self.canonicalUPN(row.upn)
                let key = SourceKey(input: index, file: row.sourceFile)
                func reject(_ field: String, _ value: String, _ reason: String, _ category: RejectCategory) {
                    outcome.rejects.append(RejectRecord(sourceFile: row.sourceFile, line: row.sourceLine, recordKind: "result",
                                                        upn: row.upn, field: field, value: value, reason: reason))
                    let school = rowsAsWritten[key]?[writtenUPN].map(SchoolRef.init) ?? SchoolRef(la: sourceLA[key] ?? "")
                    outcome.rejectAttributions.append(RejectAttribution(school: school, category: category))
                    outcome.inputCounts[index]["results"]!.rejected += 1
                }
                if let problem = UPN.problem(with: writtenUPN) {
                    reject("upn", row.upn, problem.description, .resultInvalidUPN)
                    continue
                }
                let upn = links.resolve(writtenUPN)
                let measureName = row.measure.trimmingCharacters(in: .whitespaces)
                let summer = AcademicYear.summerYear(of: row.year)
                if let summer { censusYears.note(upn: upn, stage: row.stage, measure: measureName, summer: summer) }
                if measureName.isEmpty {
                    outcome.inputCounts[index]["results"]!.setAside[NormaliseSetAside.noMeasure, default: 0] += 1
                    continue
                }
                guard let measure = AssessmentMeasure(rawValue: measureName) else {
                    reject("measure", row.measure, "unknown measure '\(row.measure)'", .resultUnknownMeasure)
                    continue
                }
                guard let school = schoolRows[key]?[upn] else {
                    reject("upn", row.upn, "no valid pupil row for this UPN in the same source file, so no school for the result", .resultNoPupilRow)
                    continue
                }
                guard let summer, let timePeriod = AcademicYear.timePeriod(fromResultYear: row.year) else {
                    reject("year", row.year, "year '\(row.year)' is neither a calendar year (2024) nor an academic year (2023/24)", .resultUnreadableYear)
                    continue
                }
                switch interpreter.read(row.result, measure: measure, year: summer, qualifier: row.qualifier) {
                case let .failure(problem):
                    reject(problem.field, problem.field == "year" ? row.year : row.result, problem.reason,
                           problem.field == "year" ? .resultNoAssessmentYear : .resultNotOnScale)
                case let .success(reading):
                    var result = NormalisedResult()
                    result.upn = upn
                    result.schoolURN = school.urn
                    result.schoolLAEstab = Self.laEstab(la: school.la, estab: school.estab)
                    result.schoolName = school.schoolName
                    result.la = school.la
                    result.timePeriod = timePeriod
                    result.measure = measure
                    result.result = row.result.trimmingCharacters(in: .whitespacesAndNewlines)
                    result.kind = reading.kind
                    result.scaledScore = reading.scaledScore
                    result.points = reading.points
                    result.inCohort = reading.inCohort
                    result.meetsExpected = reading.meetsExpected
                    result.meetsHigher = reading.meetsHigher
                    result.reason = reading.reason
                    result.sourceFile = row.sourceFile
                    result.sourceLine = row.sourceLine
                    candidates.append(Candidate(key: key, rank: precedence.rank(key), order: order, result: result))
                }
            }
        }

        // One result per UPN, measure and year: the highest-precedence source's.
        let groups = Dictionary(grouping: candidates) { ResultIdentity(upn: $0.result.upn, measure: $0.result.measure, timePeriod: $0.result.timePeriod) }
        for identity in groups.keys.sorted() {
            let group = groups[identity]!.sorted { ($0.rank, $0.key.input, $0.order) < ($1.rank, $1.key.input, $1.order) }
            let kept = group[0]
            outcome.results.append(kept.result)
            outcome.inputCounts[kept.key.input]["results"]!.written += 1
            for duplicate in group.dropFirst() {
                let reason = duplicate.key == kept.key ? NormaliseSetAside.duplicateResultSameSource : NormaliseSetAside.duplicateResult
                outcome.inputCounts[duplicate.key.input]["results"]!.setAside[reason, default: 0] += 1
            }
            if Set(group.map { normaliseCode($0.result.result) }).count > 1 {
                outcome.dataQuality.append(DataQualityIssue(
                    upn: identity.upn, field: identity.measure.rawValue,
                    value: group.map { "\($0.result.result) (\($0.result.sourceFile))" }.joined(separator: "; "),
                    issue: "sources disagree on the \(identity.timePeriod) result; kept '\(kept.result.result)' from \(kept.result.sourceFile), the highest-precedence source",
                    sources: PupilMerger.distinct(group.map(\.result.sourceFile)).joined(separator: ";"), category: .conflict))
            }
        }

        // One pupil per UPN.
        let merger = PupilMerger(reference: reference, options: options)
        for upn in rowsByUPN.keys.sorted() {
            let rows = rowsByUPN[upn]!.sorted(by: RankedPupilRow.precedes)
            outcome.inputCounts[rows[0].key.input]["pupils"]!.written += 1
            for row in rows.dropFirst() {
                let reason = row.key == rows[0].key ? NormaliseSetAside.mergedPupilSameSource : NormaliseSetAside.mergedPupil
                outcome.inputCounts[row.key.input]["pupils"]!.setAside[reason, default: 0] += 1
            }
            let census = options.censusDate
                ?? (censusYears.summerYear(for: upn) ?? Self.summerYear(statedBy: rows)).map(CivilDate.januaryCensus(of:))
            let merged = merger.merge(upn: upn, rows: rows, census: census)
            outcome.pupils.append(merged.pupil)
            outcome.pupilSchools[upn] = SchoolRef(rows.first { !$0.row.urn.isEmpty }?.row ?? rows[0].row)
            outcome.dataQuality.append(contentsOf: merged.issues)
        }
        // One pupil's issues together, in UPN order (the sort is stable, so each pupil's stay in the order found).
        outcome.dataQuality = outcome.dataQuality.enumerated()
            .sorted { ($0.element.upn, $0.offset) < ($1.element.upn, $1.offset) }.map(\.element)

        // Counts for the LA and schools: no pupil data.
        let matches = KeyStageMatching.match(results: outcome.results, noAssessmentYears: reference.scales.noAssessmentYears)
        outcome.keyStageMatching = KeyStageMatching.rows(matches)
        outcome.dataQualitySummary = DataQualitySummary.rows(outcome: outcome, matches: matches)
        return outcome
    }

    /// UPNs are compared trimmed and upper-cased (a lower-case check letter is the same UPN).
    static func canonicalUPN(_ upn: String) -> String { normaliseCode(upn) }

    /// The 7-digit LA-establishment number (LA x 10000 + establishment, e.g. 888 and 2001 -> 8882001), or "".
    static func laEstab(la: String, estab: String) -> String {
        guard let laNumber = Int(la.trimmingCharacters(in: .whitespaces)), let estabNumber = Int(estab.trimmingCharacters(in: .whitespaces)),
              (0...999).contains(laNumber), (0...9999).contains(estabNumber) else { return "" }
        return String(format: "%07d", laNumber * 10000 + estabNumber)
    }

    /// The summer year of the academic year the highest-precedence source states: a CTF header's AcademicYear is the
    /// year the academic year starts (2019 in a file written in April 2020), so its summer is the next year; an
    /// extract's ACADYR counts only in a two-part form (2023/24), a bare year there being ambiguous.
    static func summerYear(statedBy rows: [RankedPupilRow]) -> Int? {
        for row in rows {
            let text = row.row.academicYear.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text.count == 4, let start = Int(text) {
                if row.row.sourceKind == .ctf { return start + 1 }
                continue
            }
            if let summer = AcademicYear.summerYear(of: text) { return summer }
        }
        return nil
    }
}

/// The identity of a result for de-duplication: one pupil, one measure, one academic year.
struct ResultIdentity: Hashable, Comparable {
    var upn: String
    var measure: AssessmentMeasure
    var timePeriod: String

    static func < (a: ResultIdentity, b: ResultIdentity) -> Bool {
        (a.upn, a.timePeriod, a.measure.rawValue) < (b.upn, b.timePeriod, b.measure.rawValue)
    }
}
