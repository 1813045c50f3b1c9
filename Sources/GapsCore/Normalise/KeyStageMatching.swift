import Foundation

/// A school as rows name it, for the per-school counts of normalise (no pupil data).
struct SchoolRef: Hashable, Sendable, Comparable {
    var la: String
    var urn: String
    var laEstab: String
    var name: String

    init(la: String, urn: String = "", laEstab: String = "", name: String = "") {
        self.la = la
        self.urn = urn
        self.laEstab = laEstab
        self.name = name
    }

    /// The school a source row names.
    init(_ row: IngestedPupil) {
        self.init(la: row.la.trimmingCharacters(in: .whitespaces), urn: row.urn.trimmingCharacters(in: .whitespaces),
                  laEstab: Normaliser.laEstab(la: row.la, estab: row.estab), name: row.schoolName)
    }

    /// The school a result was taken at.
    init(_ result: NormalisedResult) {
        self.init(la: result.la, urn: result.schoolURN, laEstab: result.schoolLAEstab, name: result.schoolName)
    }

    /// Schools are told apart by LA and URN; the name and LAESTAB are carried for display.
    var identity: [String] { [la, urn] }

    static func < (a: SchoolRef, b: SchoolRef) -> Bool { a.identity.lexicographicallyPrecedes(b.identity) }
}

/// Whether a pupil at the end of one key stage has a result from the previous one.
enum PriorStatus: Sendable, Equatable {
    /// A result of the prior key stage exists for the same UPN (any year, any source).
    case matched
    /// None exists, and the prior key stage had no statutory assessment in the year the pupil would have taken it
    /// (KS1 in 2020 or 2021): "no prior attainment", which later stages treat as unknown, not as a failed match.
    case notAssessed
    /// None exists although there was an assessment that year: a data gap (the pupil's KS1 was not supplied, or was
    /// filed under another UPN).
    case unmatched
}

/// One pupil at the end of KS2 or KS4 in one year, and whether their prior attainment was found.
struct PriorMatch: Sendable, Equatable {
    var upn: String
    var keyStage: EndOfKeyStage
    var timePeriod: String
    var school: SchoolRef
    var status: PriorStatus
}

/// Matching across key stages by UPN: KS2 pupils with their KS1 result, KS4 pupils with their KS2 result.
///
/// Rules (ours, documented in docs/measures.md):
/// - A **KS2 pupil** of a year has at least one KS2 result that year in the cohort (a pupil who left, L, is not one);
///   a **KS4 pupil** has at least one KS4 result that year. The pupil counts at the school on most of those results
///   (ties to the lowest URN), the same rule as gaps-aggregate (`KS2Cohorts.homeResult`).
/// - **Matched**: any KS1 (for KS2) or KS2 (for KS4) result of the same UPN, in any year and from any source
///   (a KS4 file's own KS2 prior-attainment columns included, once ingested as KS2 results).
/// - **No assessment that year**: not matched, and the prior key stage had no statutory assessment in the summer
///   the pupil would have taken it: KS1 four years before KS2 (Year 2 to Year 6), KS2 five years before KS4
///   (Year 6 to Year 11), per `scales/no-assessment-years.csv`.
/// - **Unmatched**: the rest.
enum KeyStageMatching {
    /// The prior key stage for each key stage that has one in our measures.
    static let priorStage: [EndOfKeyStage: EndOfKeyStage] = [.ks2: .ks1, .ks4: .ks2]

    static func match(results: [NormalisedResult], noAssessmentYears: NoAssessmentYears) -> [PriorMatch] {
        var stagesByUPN: [String: Set<EndOfKeyStage>] = [:]
        var byPupilYear: [PupilYearStage: [NormalisedResult]] = [:]
        for result in results {
            let stage = result.measure.endOfKeyStage
            stagesByUPN[result.upn, default: []].insert(stage)
            if priorStage[stage] != nil {
                byPupilYear[PupilYearStage(upn: result.upn, timePeriod: result.timePeriod, stage: stage), default: []].append(result)
            }
        }
        var matches: [PriorMatch] = []
        for key in byPupilYear.keys.sorted() {
            let stageResults = byPupilYear[key]!
            guard stageResults.contains(where: \.inCohort), let prior = priorStage[key.stage] else { continue }
            let status: PriorStatus
            if stagesByUPN[key.upn]?.contains(prior) == true {
                status = .matched
            } else if let summer = Int(key.timePeriod.prefix(4)).map({ $0 + 1 }),
                      noAssessmentYears.reason(stage: prior, year: summer - (key.stage.endYearGroup - prior.endYearGroup)) != nil {
                status = .notAssessed
            } else {
                status = .unmatched
            }
            let home = KS2Cohorts.homeResult(stageResults)
            matches.append(PriorMatch(upn: key.upn, keyStage: key.stage, timePeriod: key.timePeriod, school: SchoolRef(home),
                                      status: status))
        }
        return matches
    }

    /// Per school and per LA counts, for `key-stage-matching.csv`: every school and LA with pupils at that key
    /// stage that year, LA rows first within each LA.
    static func rows(_ matches: [PriorMatch]) -> [KeyStageMatchingRow] {
        struct Group: Hashable {
            var timePeriod: String
            var stage: EndOfKeyStage
            var la: String
            var urn: String
        }
        var tallies: [Group: KeyStageMatchingRow] = [:]
        for match in matches {
            var groups = [Group(timePeriod: match.timePeriod, stage: match.keyStage, la: match.school.la, urn: "")]
            if !match.school.urn.isEmpty {
                groups.append(Group(timePeriod: match.timePeriod, stage: match.keyStage, la: match.school.la, urn: match.school.urn))
            }
            for group in groups {
                var row = tallies[group] ?? KeyStageMatchingRow(
                    timePeriod: group.timePeriod, school: group.urn.isEmpty ? SchoolRef(la: group.la) : match.school,
                    keyStage: group.stage, priorKeyStage: priorStage[group.stage]!)
                row.pupils += 1
                switch match.status {
                case .matched: row.priorMatched += 1
                case .notAssessed: row.priorNotAssessed += 1
                case .unmatched: row.priorUnmatched += 1
                }
                tallies[group] = row
            }
        }
        return tallies.sorted { a, b in
            (a.key.timePeriod, a.key.stage.endYearGroup, a.key.la, a.key.urn) < (b.key.timePeriod, b.key.stage.endYearGroup, b.key.la, b.key.urn)
        }.map(\.value)
    }

    private struct PupilYearStage: Hashable, Comparable {
        var upn: String
        var timePeriod: String
        var stage: EndOfKeyStage

        static func < (a: PupilYearStage, b: PupilYearStage) -> Bool {
            (a.timePeriod, a.stage.endYearGroup, a.upn) < (b.timePeriod, b.stage.endYearGroup, b.upn)
        }
    }
}

/// Per school (and LA-wide) counts of pupils at the end of KS2 or KS4 whose prior attainment was found by UPN.
/// No pupil data: not restricted (`key-stage-matching.csv`).
public struct KeyStageMatchingRow: TableRecord, Sendable, Equatable {
    public var timePeriod: String
    /// "School" or "Local authority" (EES geographic levels).
    public var geographicLevel: String
    public var la: String
    public var schoolURN: String
    public var schoolLAEstab: String
    public var schoolName: String
    /// "KS2" or "KS4".
    public var keyStage: String
    /// "KS1" or "KS2".
    public var priorKeyStage: String
    public var pupils = 0
    public var priorMatched = 0
    /// No prior result because the prior key stage was not assessed that year (2020, 2021): not a failed match.
    public var priorNotAssessed = 0
    public var priorUnmatched = 0

    init(timePeriod: String, school: SchoolRef, keyStage: EndOfKeyStage, priorKeyStage: EndOfKeyStage) {
        self.timePeriod = timePeriod
        geographicLevel = school.urn.isEmpty ? DataQualitySummaryRow.laLevel : DataQualitySummaryRow.schoolLevel
        la = school.la
        schoolURN = school.urn
        schoolLAEstab = school.laEstab
        schoolName = school.name
        self.keyStage = keyStage.rawValue
        self.priorKeyStage = priorKeyStage.rawValue
    }

    /// Matched as a percentage of the pupils who could have been matched (pupils minus those whose prior key stage
    /// was not assessed), or `nil` when there are none.
    public var matchRate: Double? {
        let possible = pupils - priorNotAssessed
        return possible > 0 ? 100 * Double(priorMatched) / Double(possible) : nil
    }

    public static let columns = [
        "time_period", "geographic_level", "la", "school_urn", "school_laestab", "school_name", "key_stage",
        "prior_key_stage", "pupils", "prior_matched", "prior_not_assessed", "prior_unmatched", "match_rate",
    ]

    public var fieldValues: [String] {
        [timePeriod, geographicLevel, la, schoolURN, schoolLAEstab, schoolName, keyStage, priorKeyStage, String(pupils),
         String(priorMatched), String(priorNotAssessed), String(priorUnmatched), matchRate.map(formatNumber) ?? ""]
    }

    public init(row: TableRow) throws {
        timePeriod = row["time_period"]
        geographicLevel = row["geographic_level"]
        la = row["la"]
        schoolURN = row["school_urn"]
        schoolLAEstab = row["school_laestab"]
        schoolName = row["school_name"]
        keyStage = row["key_stage"]
        priorKeyStage = row["prior_key_stage"]
        pupils = try row.int("pupils")
        priorMatched = try row.int("prior_matched")
        priorNotAssessed = try row.int("prior_not_assessed")
        priorUnmatched = try row.int("prior_unmatched")
    }

    public static let fileName = "key-stage-matching.csv"
}
