import Foundation

/// Which pupils count as low attaining in `low-attaining-disadvantaged.csv` **(ours, configurable)**.
///
/// A pupil is low attaining when they are in the cohort for `subject` and do not reach its expected standard
/// (absent and below-the-test pupils included, as in every cohort). The default is reading, writing and maths
/// combined (RWM): the 2020 Vision entitlement is for pupils not reaching expected standards in reading, writing
/// and maths. The same subject ranks the schools into quintiles (their pupils' overall percentage reaching it).
public struct LowAttainmentDefinition: Sendable, Equatable {
    public var subject: KS2Subject

    public init(subject: KS2Subject = .readingWritingMaths) {
        self.subject = subject
    }

    /// Short names for `gaps-aggregate --low-attaining-subject`.
    public static let subjectNames: [(name: String, subject: KS2Subject)] = [
        ("rwm", .readingWritingMaths), ("reading", .reading), ("writing", .writing), ("maths", .maths),
        ("gps", .grammarPunctuationSpelling),
    ]

    /// The definition for a short name (`rwm`, `reading`, ...), or nil.
    public init?(subjectName: String) {
        guard let match = Self.subjectNames.first(where: { $0.name == subjectName.lowercased() }) else { return nil }
        self.init(subject: match.subject)
    }
}

/// One school's attainment, as ranked into quintiles.
public struct SchoolAttainment: Sendable, Equatable {
    public var urn: String
    /// Pupils reaching the expected standard.
    public var expected: Int
    /// Pupils in the cohort (> 0).
    public var pupils: Int

    public init(urn: String, expected: Int, pupils: Int) {
        self.urn = urn
        self.expected = expected
        self.pupils = pupils
    }
}

/// Quintiles of school attainment within an LA **(ours, documented)**.
///
/// Schools are ordered by the percentage of their pupils reaching the expected standard, lowest first; schools
/// with the same percentage by URN (so the order, and the quintiles, never depend on input order). Quintile 1 is
/// the lowest-attaining fifth. With N schools, N / 5 go in each quintile and the remainder N mod 5 adds one school
/// to each of the first quintiles, lowest first (dplyr's `ntile` since 1.1.0 does the same): 5 schools give one
/// per quintile, 7 give 2, 2, 1, 1, 1, and 3 give 1, 1, 1, 0, 0. Tied schools at a boundary can therefore fall
/// in adjacent quintiles. Percentages are compared exactly (expected x pupils cross-multiplied), not as rounded
/// decimals.
public enum SchoolQuintiles {
    public static let count = 5

    /// How many schools go in each quintile, quintile 1 first.
    public static func sizes(schools: Int) -> [Int] {
        (0..<count).map { schools / count + ($0 < schools % count ? 1 : 0) }
    }

    /// Schools in ranking order, lowest attaining first.
    public static func ranked(_ schools: [SchoolAttainment]) -> [SchoolAttainment] {
        schools.sorted {
            let left = $0.expected * $1.pupils, right = $1.expected * $0.pupils
            return left != right ? left < right : $0.urn < $1.urn
        }
    }

    /// Each school's quintile, 1-5, in ranking order (lowest attaining first).
    public static func assign(_ schools: [SchoolAttainment]) -> [(urn: String, quintile: Int)] {
        let ordered = ranked(schools)
        let quintiles = sizes(schools: schools.count).enumerated().flatMap { repeatElement($0.offset + 1, count: $0.element) }
        return zip(ordered, quintiles).map { ($0.urn, $1) }
    }

    /// The `school_attainment_quintile` filter value for quintile 1-5.
    public static func label(_ quintile: Int) -> String {
        switch quintile {
        case 1: "Quintile 1 (lowest attaining schools)"
        case count: "Quintile \(count) (highest attaining schools)"
        default: "Quintile \(quintile)"
        }
    }
}

/// One row of `low-attaining-disadvantaged.csv`.
public struct LowAttainingRow: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var subject: KS2Subject
    /// A quintile label, or "Total" on the LA's total row.
    public var quintile: String
    public var schoolCount: String
    public var expectedStandardPercent: String
    public var lowAttainingDisadvantagedCount: String
    public var share: String

    var publishedFields: [String] {
        [subject.rawValue, quintile, schoolCount, expectedStandardPercent, lowAttainingDisadvantagedCount, share]
    }
}

/// Where an LA's low-attaining disadvantaged pupils are (2020 Vision: many of them are *not* in low-attaining
/// schools, where resources tend to go).
///
/// Per LA and year: each school's disadvantaged pupils who do not reach the expected standard
/// (`LowAttainmentDefinition`) and their share of the LA's total; and the same by quintile of school attainment
/// (`SchoolQuintiles`), with a Total row. The LA's total is the sum over its schools: a pupil whose results name
/// no school counts in `attainment.csv`'s LA rows but cannot be placed here.
///
/// Suppression (thresholds from `Suppression`):
/// - primary: a school's count is `c` when it is 1 to min-numerator - 1, and also when `attainment.csv` withholds
///   the school's disadvantaged group (1 to min-denominator - 1 pupils) or the number of them reaching the standard
///   (1 to min-numerator - 1), since the count is that group's pupils minus those reaching it. Quintile and Total
///   counts are `c` when 1 to min-numerator - 1.
/// - secondary: `LineSuppression` over three kinds of line: the schools of each quintile (total: the quintile's
///   row), the five quintiles (total: the LA's Total row) and all schools (total: the Total row).
/// - a share is `c` exactly when its count is (the LA total is known, so the share gives the count away).
/// - a school's percentage reaching the standard follows `attainment.csv` (`c` when its Total row withholds it);
///   quintile and Total rows have none (`z`): a pooled quintile percentage could undo a school's suppression.
public enum LowAttainingDisadvantagedTable {
    public static let fileName = "low-attaining-disadvantaged.csv"

    public static let layout = EESTableLayout(timeAndGeographyColumns: AggregateStage.geographyColumns, columns: [
        .filter("subject", label: "Subject", hint: "The subject whose expected standard defines low attainment and ranks the schools"),
        .filter("school_attainment_quintile", label: "School attainment quintile",
                hint: "Schools in the LA ranked by the percentage of all their pupils reaching the expected standard; quintile 1 is the lowest-attaining fifth"),
        .indicator("school_count", label: "Number of schools", grouping: "Schools", decimalPlaces: 0),
        .indicator("expected_standard_percent", label: "Percentage of the school's pupils reaching the expected standard",
                   grouping: "Schools", unit: "%", decimalPlaces: 0),
        .indicator("low_attaining_disadvantaged_count", label: "Disadvantaged pupils not reaching the expected standard",
                   grouping: "Low-attaining disadvantaged pupils", decimalPlaces: 0),
        .indicator("low_attaining_disadvantaged_share", label: "Share of the LA's low-attaining disadvantaged pupils",
                   grouping: "Low-attaining disadvantaged pupils", unit: "%", decimalPlaces: 0),
    ])

    public static func rows(from table: AttainmentTable, cohorts: KS2Cohorts, definition: LowAttainmentDefinition,
                            suppression: Suppression) -> [LowAttainingRow] {
        var rows: [LowAttainingRow] = []
        for la in cohorts.localAuthorities.sorted() {
            let urns = cohorts.schools.values.filter { $0.la == la }.map(\.urn).sorted()
            for timePeriod in cohorts.timePeriods {
                rows += rowsForOneYear(la: la, urns: urns, timePeriod: timePeriod, table: table, subject: definition.subject,
                             suppression: suppression)
            }
        }
        return rows
    }

    /// One LA's rows for one year: the five quintiles and Total, then its schools, lowest attaining first.
    static func rowsForOneYear(la: String, urns: [String], timePeriod: String, table: AttainmentTable, subject: KS2Subject,
                     suppression: Suppression) -> [LowAttainingRow] {
        let total = PublishedFilter.total
        func cell(_ urn: String, disadvantage: String) -> AttainmentCell? {
            table.cell(CellKey(place: .school(urn: urn), timePeriod: timePeriod, subject: subject, sex: total,
                               disadvantageStatus: disadvantage, ethnicityMajor: total))
        }
        struct School {
            var urn: String
            var all: AttainmentCell
            var lowAttaining: Int
            var primaryWithheld: Bool
        }
        var schools: [School] = []
        for urn in urns {
            guard let all = cell(urn, disadvantage: total), all.pupilCount > 0,
                  let disadvantaged = cell(urn, disadvantage: PublishedFilter.disadvantageStatuses[0]) else { continue }
            let low = disadvantaged.pupilCount - disadvantaged.expectedStandardCount
            let withheld = disadvantaged.withheld.contains(.wholeCell) || disadvantaged.withheld.contains(.expectedStandard)
                || suppression.withholdsNumerator(low)
            schools.append(School(urn: urn, all: all, lowAttaining: low, primaryWithheld: withheld))
        }
        guard !schools.isEmpty else { return [] }
        let ranking = SchoolQuintiles.assign(schools.map {
            SchoolAttainment(urn: $0.urn, expected: $0.all.expectedStandardCount, pupils: $0.all.pupilCount)
        })
        let quintileOf = Dictionary(uniqueKeysWithValues: ranking.map { ($0.urn, $0.quintile) })
        let position = Dictionary(uniqueKeysWithValues: ranking.enumerated().map { ($1.urn, $0) })
        schools.sort { position[$0.urn]! < position[$1.urn]! }

        // Cells: 0-4 the quintiles, 5 the Total, 6... the schools in ranking order.
        let totalIndex = SchoolQuintiles.count
        var values = [Int](repeating: 0, count: SchoolQuintiles.count + 1)
        var schoolCounts = [Int](repeating: 0, count: SchoolQuintiles.count + 1)
        var members = [[Int]](repeating: [], count: SchoolQuintiles.count)
        var withheld: Set<Int> = []
        for (offset, school) in schools.enumerated() {
            let index = totalIndex + 1 + offset
            let quintile = quintileOf[school.urn]! - 1
            members[quintile].append(index)
            values[quintile] += school.lowAttaining
            values[totalIndex] += school.lowAttaining
            schoolCounts[quintile] += 1
            schoolCounts[totalIndex] += 1
            values.append(school.lowAttaining)
            if school.primaryWithheld { withheld.insert(index) }
        }
        for index in 0...totalIndex where suppression.withholdsNumerator(values[index]) { withheld.insert(index) }
        var lines = members.enumerated().map { LineSuppression.Line(members: $1, total: $0) }
        lines.append(LineSuppression.Line(members: Array(0..<SchoolQuintiles.count), total: totalIndex))
        lines.append(LineSuppression.Line(members: Array((totalIndex + 1)..<values.count), total: totalIndex))
        withheld = LineSuppression(lines: lines).apply(values: values, withheld: withheld)

        let laTotal = values[totalIndex]
        func countAndShare(_ index: Int) -> (String, String) {
            if withheld.contains(index) { return (EESSymbol.suppressed, EESSymbol.suppressed) }
            let share = laTotal > 0 ? PublishedNumber.text(100 * Double(values[index]) / Double(laTotal)) : EESSymbol.notAvailable
            return (PublishedNumber.text(values[index]), share)
        }
        let laPlace = PublishedPlace.localAuthority(oldCode: la)
        var rows: [LowAttainingRow] = []
        for index in 0...totalIndex {
            let (count, share) = countAndShare(index)
            rows.append(LowAttainingRow(
                place: laPlace, timePeriod: timePeriod, subject: subject,
                quintile: index == totalIndex ? total : SchoolQuintiles.label(index + 1),
                schoolCount: PublishedNumber.text(schoolCounts[index]), expectedStandardPercent: EESSymbol.notApplicable,
                lowAttainingDisadvantagedCount: count, share: share))
        }
        for (offset, school) in schools.enumerated() {
            let (count, share) = countAndShare(totalIndex + 1 + offset)
            let all = school.all
            let percent = all.withheld.contains(.wholeCell) || all.withheld.contains(.expectedStandard)
                ? EESSymbol.suppressed
                : PublishedNumber.text(100 * Double(all.expectedStandardCount) / Double(all.pupilCount))
            rows.append(LowAttainingRow(
                place: .school(urn: school.urn), timePeriod: timePeriod, subject: subject,
                quintile: SchoolQuintiles.label(quintileOf[school.urn]!), schoolCount: EESSymbol.notApplicable,
                expectedStandardPercent: percent, lowAttainingDisadvantagedCount: count, share: share))
        }
        return rows
    }
}
