import Foundation

/// The progress outputs of gaps-aggregate: published `progress.csv` and `entitlement.csv` (with `.meta.csv`
/// files, suppressed, screened) and the restricted `restricted/pupils-needing-support.csv`.
///
/// The pupil list names pupils: it is written 0600 inside a 0700 folder, marked restricted in the manifest, with
/// spreadsheet formulas neutralised because people open it in Excel. It must never be published or rendered.
public struct ProgressOutputs: Sendable {
    public static let progressFileName = "progress.csv"
    public static let entitlementFileName = "entitlement.csv"
    public static let restrictedFolder = "restricted"
    public static let pupilListFileName = "pupils-needing-support.csv"
    /// The pupil list's path inside the aggregate folder, as the manifest records it.
    public static var pupilListPath: String { "\(restrictedFolder)/\(pupilListFileName)" }

    public static let pupilListColumns = [
        "school_urn", "school_laestab", "school_name", "time_period", "upn", "forename", "surname", "entitlement",
        "subject", "evidence", "prior_result", "later_result", "progress_score", "sex", "disadvantage_status",
    ]

    /// Manifest entries of the files written, in writing order.
    public var outputs: [ManifestOutput] = []
    /// What was decided, for the manifest.
    public var notes: [String] = []

    /// Works out progress and entitlements and writes the three files (and two meta files) into `output`.
    ///
    /// - Parameters:
    ///   - cohorts: the stage's KS2 cohorts: `progress.csv` covers their places and years, like `attainment.csv`.
    ///   - suppression: the stage's suppression thresholds.
    /// - Throws: `GapsError` when a published file fails the EES screener, or a KS1 / KS4 result names an LA
    ///   number the geography lookup lacks.
    @discardableResult
    public static func write(pupils: [NormalisedPupil], results: [(record: NormalisedResult, location: SourceLocation)],
                             cohorts: KS2Cohorts, lookup: LocalAuthorityLookup, suppression: Suppression,
                             options: ProgressOptions = ProgressOptions(), to output: AtomicOutputDirectory) throws -> ProgressOutputs {
        let rules = try options.rules ?? ProgressRules.shipped()
        let analysis = ProgressAnalysis(pupils: pupils, results: results.map(\.record), rules: rules, options: options)
        let records = EntitlementRecord.records(from: analysis)

        // Places of pupils at the end of KS1 or KS4, which the KS2 cohorts do not know.
        var registry = cohorts
        for record in records {
            let home = record.home
            guard lookup.authority(oldCode: home.la) != nil else {
                let location = results.first { $0.record.la == home.la }?.location ?? SourceLocation(file: NormalisedResult.fileName)
                throw GapsError.malformedInput(location, message:
                    "column 'la': LA number '\(home.la)' is not in Resources/geography/local-authorities.csv")
            }
            registry.localAuthorities.insert(home.la)
            if !home.schoolURN.isEmpty, registry.schools[home.schoolURN] == nil {
                // The KS4 performance-tables file names no school; EES needs a name on every school row.
                let name = home.schoolName.isEmpty ? unnamedSchool(urn: home.schoolURN) : home.schoolName
                registry.schools[home.schoolURN] = PublishedSchool(urn: home.schoolURN, laEstab: home.schoolLAEstab,
                                                                    name: name, la: home.la)
            }
        }

        var result = ProgressOutputs()
        let progressURL = output.url(for: progressFileName)
        result.outputs.append(try writeProgress(analysis, cohorts: cohorts, lookup: lookup, suppression: suppression, to: progressURL))
        result.outputs.append(try ProgressTable.layout.writeMeta(to: EESTableLayout.metaURL(for: progressURL)))
        let entitlementURL = output.url(for: entitlementFileName)
        result.outputs.append(try writeEntitlement(records, registry: registry, lookup: lookup, suppression: suppression, to: entitlementURL))
        result.outputs.append(try EntitlementTable.layout.writeMeta(to: EESTableLayout.metaURL(for: entitlementURL)))
        let ks4URL = output.url(for: KS4ProgressTable.fileName)
        result.outputs.append(try KS4ProgressTable.write(analysis, registry: registry, lookup: lookup, suppression: suppression,
                                                         deviations: try options.progress8Deviations ?? ProgressEightDeviations.shipped(), to: ks4URL))
        result.outputs.append(try KS4ProgressTable.layout.writeMeta(to: EESTableLayout.metaURL(for: ks4URL)))
        let restricted = try output.makeSubdirectory(restrictedFolder)
        do {
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: restricted.path)
        } catch {
            throw GapsError.io(path: restricted.path, message: "cannot make the restricted folder owner-only: \(error.localizedDescription)")
        }
        var listEntry = try writePupilList(records, to: restricted.appendingPathComponent(pupilListFileName))
        listEntry.file = pupilListPath
        result.outputs.append(listEntry)

        for dataURL in [progressURL, entitlementURL, ks4URL] {
            try screen(dataURL: dataURL, reportedAs: output.finalURL.appendingPathComponent(dataURL.lastPathComponent).path)
        }
        result.notes = notes(analysis, records: records, listRows: listEntry.rows, options: options)
        return result
    }

    /// The `school_name` of a school whose inputs give no name (the KS4 performance-tables pupil file has none).
    public static func unnamedSchool(urn: String) -> String { "School URN \(urn) (no name in the inputs)" }

    /// Per KS2 year, how many judged pupils each "not progressing" rule flags in at least one subject (entitlement
    /// (b) is any of them), so that the manifest says which rule drives the share (docs/outputs-progress.md).
    static func notProgressingByRule(_ analysis: ProgressAnalysis) -> [String] {
        Set(analysis.ks2Pupils.map(\.timePeriod)).sorted().map { timePeriod in
            let judged = analysis.ks2Pupils.filter { $0.timePeriod == timePeriod }.map { $0.subjects.values.filter(\.isJudged) }
                .filter { !$0.isEmpty }
            func flagged(_ rule: (SubjectProgress) -> Bool) -> Int { judged.count { $0.contains(where: rule) } }
            return "not progressing KS1 to KS2, \(AcademicYear.label(ofTimePeriod: timePeriod) ?? timePeriod): "
                + "\(flagged(\.notProgressing)) of \(judged.count) judged pupils in at least one subject; by rule (a pupil may "
                + "meet several): stuck below \(flagged(\.stuckBelow)), fell behind \(flagged(\.fellBehind)), "
                + "low progress score \(flagged(\.lowProgress)), stuck (levels era) \(flagged(\.stuck))"
        }
    }

    /// Places a pupil-year counts at: their LA and, when known, their school.
    static func places(of home: NormalisedResult) -> [PublishedPlace] {
        [.localAuthority(oldCode: home.la)] + (home.schoolURN.isEmpty ? [] : [.school(urn: home.schoolURN)])
    }

    static func writeProgress(_ analysis: ProgressAnalysis, cohorts: KS2Cohorts, lookup: LocalAuthorityLookup,
                              suppression: Suppression, to url: URL) throws -> ManifestOutput {
        var members: [PublishedPlace: [String: [KS2PupilProgress]]] = [:]
        for pupil in analysis.ks2Pupils {
            for place in places(of: pupil.home) { members[place, default: [:]][pupil.timePeriod, default: []].append(pupil) }
        }
        let writer = try CSVWriter(url: url, header: ProgressTable.layout.header, restricted: false, neutraliseFormulas: true)
        for timePeriod in cohorts.timePeriods {
            let levelsEra = AcademicYear.summerYear(of: timePeriod).map(analysis.rules.isKS2LevelsEra) ?? false
            var rows: [(place: PublishedPlace, fields: [String], scoredCount: Int?, counts: [Int])] = []
            for place in cohorts.places {
                for row in ProgressTable.rows(for: members[place]?[timePeriod] ?? [], levelsEra: levelsEra, suppression: suppression) {
                    rows.append((place, row.fields, row.scoredCount, row.counts))
                }
            }
            ProgressTable.withholdCounts(&rows, cohorts: cohorts, suppression: suppression)
            for row in ProgressTable.withholdAverages(rows.map { ($0.place, $0.fields, $0.scoredCount) }, cohorts: cohorts, suppression: suppression) {
                try writer.write(AggregateStage.geographyFields(place: row.place, timePeriod: timePeriod, cohorts: cohorts, lookup: lookup)
                    + row.fields)
            }
        }
        return try writer.close()
    }

    static func writeEntitlement(_ records: [EntitlementRecord], registry: KS2Cohorts, lookup: LocalAuthorityLookup,
                                 suppression: Suppression, to url: URL) throws -> ManifestOutput {
        var members: [PublishedPlace: [String: [EntitlementRecord]]] = [:]
        for record in records {
            for place in places(of: record.home) { members[place, default: [:]][record.timePeriod, default: []].append(record) }
        }
        let writer = try CSVWriter(url: url, header: EntitlementTable.layout.header, restricted: false, neutraliseFormulas: true)
        for timePeriod in Set(records.map(\.timePeriod)).sorted() {
            var rows: [(place: PublishedPlace, fields: [String], counts: [Int])] = []
            for place in registry.places {
                for row in EntitlementTable.rows(for: members[place]?[timePeriod] ?? [], suppression: suppression) {
                    rows.append((place, row.fields, row.counts))
                }
            }
            EntitlementTable.withholdCounts(&rows, cohorts: registry, suppression: suppression)
            for row in rows {
                try writer.write(AggregateStage.geographyFields(place: row.place, timePeriod: timePeriod, cohorts: registry, lookup: lookup)
                    + row.fields)
            }
        }
        return try writer.close()
    }

    /// One row per pupil, entitlement and subject, by year, school and name.
    static func writePupilList(_ records: [EntitlementRecord], to url: URL) throws -> ManifestOutput {
        let writer = try CSVWriter(url: url, header: pupilListColumns, restricted: true, neutraliseFormulas: true)
        let flagged = records.filter { !$0.evidence.isEmpty }.sorted {
            ($0.timePeriod, $0.home.schoolURN, $0.pupil.surname, $0.pupil.forename, $0.pupil.upn)
                < ($1.timePeriod, $1.home.schoolURN, $1.pupil.surname, $1.pupil.forename, $1.pupil.upn)
        }
        for record in flagged {
            for item in record.evidence {
                try writer.write([
                    record.home.schoolURN, record.home.schoolLAEstab, record.home.schoolName, record.timePeriod,
                    record.pupil.upn, record.pupil.forename, record.pupil.surname, item.entitlement.rawValue, item.subject,
                    item.evidence, item.priorResult, item.laterResult,
                    item.progressScore.map { formatNumber(DfERounding.roundHalfUp($0, places: 2)) } ?? "",
                    record.pupil.sex, record.pupil.disadvantageStatus,
                ])
            }
        }
        return try writer.close()
    }

    /// Holds our own files to more than EES requires, as `AggregateStage` does: every advisory fails too, except
    /// a filter without a Total (`subject` and `entitlement` have none).
    static func screen(dataURL: URL, reportedAs path: String) throws {
        let problems = try EESScreener.shipped().check(dataURL: dataURL, metaURL: EESTableLayout.metaURL(for: dataURL))
        if let problem = problems.first(where: { $0.severity == .error || $0.rule != .total }) {
            throw GapsError.malformedInput(SourceLocation(file: path, line: problem.line),
                                           message: "published file fails the EES screener (\(problem.rule.rawValue)): \(problem.message)")
        }
    }

    static func notes(_ analysis: ProgressAnalysis, records: [EntitlementRecord], listRows: Int, options: ProgressOptions) -> [String] {
        let withPrior = analysis.ks2Pupils.filter(\.prior.hasPriorAttainment).count
        var reasons: [String: Int] = [:]
        for pupil in analysis.ks2Pupils { if let reason = pupil.prior.missingReason { reasons[reason, default: 0] += 1 } }
        let reasonText = reasons.keys.sorted().map { "\($0): \(reasons[$0]!)" }.joined(separator: "; ")
        let comparison = options.ks2Comparison == nil
            ? "each LA's own pupils of the same year (no national comparison given)" : "the comparison given"
        let entitled = records.filter { !$0.evidence.isEmpty }.count
        return notProgressingByRule(analysis) + [
            "progress: \(analysis.ks2Pupils.count) KS2 pupil-years, \(withPrior) with KS1 prior attainment"
                + (reasonText.isEmpty ? "" : "; no prior attainment (never zero): \(reasonText)"),
            "progress scores compared with \(comparison)",
            "entitlement: \(analysis.ks1Pupils.count) pupils at the end of KS1, \(analysis.ks2Pupils.count) of KS2, "
                + "\(analysis.ks4Pupils.count) of KS4; \(entitled) entitled to extra support, \(listRows) rows in the restricted \(pupilListPath)",
        ]
    }
}
