import Foundation

/// The kind of reason a row was rejected, for counting (the reject's own `reason` says exactly what was wrong).
enum RejectCategory: String, Sendable, CaseIterable {
    case pupilInvalidUPN = "pupil row: invalid UPN"
    case resultInvalidUPN = "result: invalid UPN"
    case resultNoPupilRow = "result: no valid pupil row in its source"
    case resultUnknownMeasure = "result: unknown measure"
    case resultUnreadableYear = "result: unreadable year"
    case resultNoAssessmentYear = "result: dated in a year with no statutory assessment"
    case resultNotOnScale = "result: value not on the measure's scale"
}

/// Which school a reject is counted under, and why it was rejected.
struct RejectAttribution: Sendable, Equatable {
    var school: SchoolRef
    var category: RejectCategory
}

/// One count of `data-quality-summary.csv`: per school and per LA, no pupil data (not restricted), for the render
/// stage and for a data manager's first look.
///
/// Long ("tidy") layout, one row per place and count, so that a new kind of count is a new row, not a new column:
/// `category` is one of `pupils`, `unknown_ethnicity`, `invalid_upn`, `temporary_upn`, `unmatched_prior`,
/// `prior_not_assessed`, `source_conflicts` and `rejected`; `detail` is empty except for `rejected`, where it is
/// the kind of reason (`RejectCategory`), one row per kind. Every category (and every kind of reject) is present for
/// every place, zero counts included.
public struct DataQualitySummaryRow: TableRecord, Sendable, Equatable {
    static let schoolLevel = "School"
    static let laLevel = "Local authority"

    public var geographicLevel: String
    public var la: String
    public var schoolURN: String
    public var schoolLAEstab: String
    public var schoolName: String
    public var category: String
    public var detail: String
    public var count: Int

    public init(geographicLevel: String, la: String, schoolURN: String, schoolLAEstab: String, schoolName: String,
                category: String, detail: String, count: Int) {
        self.geographicLevel = geographicLevel
        self.la = la
        self.schoolURN = schoolURN
        self.schoolLAEstab = schoolLAEstab
        self.schoolName = schoolName
        self.category = category
        self.detail = detail
        self.count = count
    }

    public static let columns = [
        "geographic_level", "la", "school_urn", "school_laestab", "school_name", "category", "detail", "count",
    ]

    public var fieldValues: [String] {
        [geographicLevel, la, schoolURN, schoolLAEstab, schoolName, category, detail, String(count)]
    }

    public init(row: TableRow) throws {
        self.init(geographicLevel: row["geographic_level"], la: row["la"], schoolURN: row["school_urn"],
                  schoolLAEstab: row["school_laestab"], schoolName: row["school_name"], category: row["category"],
                  detail: row["detail"], count: try row.int("count"))
    }

    public static let fileName = "data-quality-summary.csv"
}

/// Builds `data-quality-summary.csv` from one normalise run.
///
/// What each count is, and which school it is counted under (a pupil at one school only; the LA row counts every
/// pupil and row of the LA, including those whose school is not known, so it can exceed the sum of its schools):
/// - `pupils`, `unknown_ethnicity` (major group Unknown: unclassified, refused, not obtained or an unrecognised
///   code), `temporary_upn` (the pupil's UPN ends in a letter), `source_conflicts` (pupils with at least one
///   "sources disagree" row in data-quality.csv): pupils, at the school of their highest-precedence source row.
/// - `invalid_upn`: pupil rows rejected because the UPN fails the check, at the school the row names.
/// - `unmatched_prior`, `prior_not_assessed`: pupil-years at the end of KS2 or KS4 whose prior attainment is missing
///   (see `KeyStageMatching`), at the school of those results; the sum over years and key stages of
///   `key-stage-matching.csv`.
/// - `rejected`: rejected rows (pupil rows and results) by kind of reason, at the school their source row names
///   (a result whose UPN has no pupil row in its source counts for the source's LA only).
enum DataQualitySummary {
    static let fixedCategories = ["pupils", "unknown_ethnicity", "invalid_upn", "temporary_upn", "unmatched_prior",
                                  "prior_not_assessed", "source_conflicts"]

    static func rows(outcome: NormaliseOutcome, matches: [PriorMatch]) -> [DataQualitySummaryRow] {
        var counts: [SchoolRef: [String: Int]] = [:]   // by school, then by "category|detail"
        var names: [[String]: SchoolRef] = [:]         // the first name and LAESTAB seen for each school
        func add(_ school: SchoolRef, _ category: String, detail: String = "") {
            var places = [SchoolRef(la: school.la)]
            if !school.urn.isEmpty {
                let named = names[school.identity] ?? school
                names[school.identity] = named
                places.append(named)
            }
            for place in places { counts[place, default: [:]][category + "|" + detail, default: 0] += 1 }
        }

        let conflicted = Set(outcome.dataQuality.filter { $0.category == .conflict }.map(\.upn))
        for pupil in outcome.pupils {
            let school = outcome.pupilSchools[pupil.upn] ?? SchoolRef(la: "")
            add(school, "pupils")
            if pupil.ethnicityMajor == Ethnicity.unknownLabel || pupil.ethnicityMajor.isEmpty { add(school, "unknown_ethnicity") }
            if UPN.isTemporary(pupil.upn) { add(school, "temporary_upn") }
            if conflicted.contains(pupil.upn) { add(school, "source_conflicts") }
        }
        for attribution in outcome.rejectAttributions {
            if attribution.category == .pupilInvalidUPN { add(attribution.school, "invalid_upn") }
            add(attribution.school, "rejected", detail: attribution.category.rawValue)
        }
        for match in matches {
            switch match.status {
            case .unmatched: add(match.school, "unmatched_prior")
            case .notAssessed: add(match.school, "prior_not_assessed")
            case .matched: break
            }
        }

        let keys = fixedCategories.map { ($0, "") } + RejectCategory.allCases.map { ("rejected", $0.rawValue) }
        var rows: [DataQualitySummaryRow] = []
        for place in counts.keys.sorted() {
            let tally = counts[place]!
            for (category, detail) in keys {
                rows.append(DataQualitySummaryRow(
                    geographicLevel: place.urn.isEmpty ? DataQualitySummaryRow.laLevel : DataQualitySummaryRow.schoolLevel,
                    la: place.la, schoolURN: place.urn, schoolLAEstab: place.laEstab, schoolName: place.name,
                    category: category, detail: detail, count: tally[category + "|" + detail] ?? 0))
            }
        }
        return rows
    }
}
