import Foundation

/// The academic years a rolling window of `trends.csv` steps over, per key stage, read from data files (sources in
/// `Resources/trends/README.md`):
///
/// - years **without assessment**: `scales/no-assessment-years.csv`, the file gaps-normalise rejects results by
///   (KS1 and KS2 in 2019/20 and 2020/21, cancelled because of COVID-19);
/// - years whose results are **not comparable** with other years: `trends/not-comparable-years.csv` (KS4 in
///   2019/20, centre-assessment grades, and 2020/21, teacher-assessed grades). Those results are real and their
///   own yearly rows are published, but pooling them with exam years would mix two ways of awarding grades, so a
///   window steps over them, and a window ending in one of them has no rolling figure (`x`) **(ours)**.
public struct TrendSteppedOverYears: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case noAssessment
        case notComparable
    }

    public static let notComparablePath = "trends/not-comparable-years.csv"

    /// By key stage, each EES time period stepped over and why.
    public var years: [KeyStage: [String: Reason]]

    public init(years: [KeyStage: [String: Reason]]) { self.years = years }

    /// The shipped files.
    public static func shipped() throws -> TrendSteppedOverYears {
        try read(noAssessment: NoAssessmentYears.load(overrides: nil),
                 notComparable: try ResourceFiles.url(notComparablePath))
    }

    /// `notComparable` has the columns of `no-assessment-years.csv`: stage (KS1, KS2, KS4), year (the summer, 2021
    /// for 2020/21) and reason. A stage or year that is not one is an error naming the line.
    static func read(noAssessment: NoAssessmentYears, notComparable url: URL) throws -> TrendSteppedOverYears {
        var years: [KeyStage: [String: Reason]] = [:]
        for (stage, byYear) in noAssessment.reasons {
            for summer in byYear.keys {
                years[KeyStage(stage), default: [:]][AcademicYear.timePeriod(summerYear: summer)] = .noAssessment
            }
        }
        try TableFile.forEachRow(in: url, requiring: ["stage", "year", "reason"]) { row in
            guard let stage = EndOfKeyStage(rawValue: row["stage"].trimmingCharacters(in: .whitespaces).uppercased()) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'stage': expected KS1, KS2 or KS4, found '\(row["stage"])'")
            }
            guard let summer = Int(row["year"].trimmingCharacters(in: .whitespaces)), (1900...2999).contains(summer) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'year': expected a summer year such as 2021, found '\(row["year"])'")
            }
            let timePeriod = AcademicYear.timePeriod(summerYear: summer)
            if years[KeyStage(stage)]?[timePeriod] == nil { years[KeyStage(stage), default: [:]][timePeriod] = .notComparable }
        }
        return TrendSteppedOverYears(years: years)
    }

    public func timePeriods(_ keyStage: KeyStage) -> Set<String> {
        Set((years[keyStage] ?? [:]).keys)
    }

    /// "years without KS2 assessment (201920, 202021)", for the manifest's notes.
    func description(_ keyStage: KeyStage) -> String {
        let byYear = years[keyStage] ?? [:]
        func list(_ reason: Reason) -> String? {
            let periods = byYear.filter { $0.value == reason }.keys.sorted()
            return periods.isEmpty ? nil : periods.joined(separator: ", ")
        }
        let parts = [
            list(.noAssessment).map { "years without \(keyStage.abbreviation) assessment (\($0))" },
            list(.notComparable).map { "years whose \(keyStage.abbreviation) results are not comparable (\($0))" },
        ].compactMap { $0 }
        return parts.isEmpty ? "no years" : parts.joined(separator: " and ")
    }
}

extension KeyStage {
    /// The key stage of the CTF and the data files (`EndOfKeyStage`).
    init(_ stage: EndOfKeyStage) {
        switch stage {
        case .ks1: self = .ks1
        case .ks2: self = .ks2
        case .ks4: self = .ks4
        }
    }

    /// "KS2".
    var abbreviation: String {
        switch self {
        case .ks1: EndOfKeyStage.ks1.rawValue
        case .ks2: EndOfKeyStage.ks2.rawValue
        case .ks4: EndOfKeyStage.ks4.rawValue
        }
    }
}

/// One key stage's yearly figures as `trends.csv` publishes them: for every place, year and measure with an
/// expected standard, the Total, Disadvantaged and Not known to be disadvantaged cells of the published file the
/// figures must equal (with what that file withholds):
/// - **KS2**: `attainment.csv` (sex and ethnicity Total), its five subjects;
/// - **KS1** and **KS4**: the Total and Disadvantage status rows of `attainment-by-characteristic.csv`. KS1:
///   reading, writing, maths, reading, writing and maths, and science (expected standard = EXS or above; science
///   EXS); KS4: English, maths, and English and maths (expected standard = grade 4 or above, a standard pass).
///   Attainment 8 and Progress 8 have no threshold and are not trends of this file.
///
/// Cells are `BreakdownCell`s (KS2's converted, scores dropped: trends publish none), so that the rows and gaps of
/// every key stage are formatted and compared by the same code as `attainment-by-characteristic.csv` and
/// `gaps-by-characteristic.csv`.
public struct TrendSource: Sendable {
    public let keyStage: KeyStage
    /// Places with pupils in the key stage (any year): each LA, then its schools.
    public let places: [PublishedPlace]
    /// Years with pupils in the key stage, ascending.
    public let timePeriods: [String]
    /// The measures with an expected standard, in publication order.
    public let measures: [BreakdownMeasure]
    private var cells: [Key: BreakdownCell] = [:]

    private struct Key: Hashable {
        var place: PublishedPlace
        var timePeriod: String
        var measure: String
        var status: String
    }

    /// The group of a `trends.csv` disadvantage status (`TrendTable.statuses`), as the breakdown files define it.
    static func group(status: String) -> BreakdownGroup {
        var filterValues = Array(repeating: PublishedFilter.total, count: BreakdownDimension.allCases.count)
        guard status != PublishedFilter.total else {
            return BreakdownGroup(topic: BreakdownTopics.totalTopic, label: status, filterValues: filterValues)
        }
        filterValues[BreakdownDimension.disadvantage.rawValue] = status
        return BreakdownGroup(topic: BreakdownDimension.disadvantage.topicName, label: status, filterValues: filterValues)
    }

    /// KS2, from `attainment.csv`'s cells.
    public init(attainment: AttainmentTable, cohorts: KS2Cohorts) {
        keyStage = .ks2
        places = cohorts.places
        timePeriods = cohorts.timePeriods
        measures = BreakdownMeasure.all.filter { $0.keyStage == .ks2 && $0.hasThresholds }
        let total = PublishedFilter.total
        for place in places {
            for timePeriod in timePeriods {
                for measure in measures {
                    guard let subject = measure.ks2Subject else { continue }
                    for status in TrendTable.statuses {
                        guard let cell = attainment.cell(CellKey(place: place, timePeriod: timePeriod, subject: subject, sex: total,
                                                                 disadvantageStatus: status, ethnicityMajor: total))
                        else { continue }
                        var converted = BreakdownCell(
                            place: place, timePeriod: timePeriod, measure: measure, group: Self.group(status: status),
                            pupilCount: cell.pupilCount, expectedStandardCount: cell.expectedStandardCount,
                            higherStandardCount: cell.higherStandardCount, sortedScores: nil, withheld: cell.withheld)
                        converted.localAuthority = cell.localAuthority
                        cells[Key(place: place, timePeriod: timePeriod, measure: measure.name, status: status)] = converted
                    }
                }
            }
        }
    }

    /// KS1 or KS4 (or KS2, though `trends.csv` takes KS2 from `attainment.csv`), from
    /// `attainment-by-characteristic.csv`'s cells.
    public init(breakdowns table: BreakdownTable, keyStage: KeyStage) {
        self.keyStage = keyStage
        places = table.cohorts.places[keyStage] ?? []
        timePeriods = table.cohorts.timePeriods[keyStage] ?? []
        measures = BreakdownMeasure.all.filter { $0.keyStage == keyStage && $0.hasThresholds }
        let positions = TrendTable.statuses.map { status in
            (status, table.topics.groups.firstIndex(of: Self.group(status: status)))
        }
        for place in places {
            for timePeriod in timePeriods {
                for measure in measures {
                    for case let (status, position?) in positions {
                        guard var cell = table.cell(measure, place: place, timePeriod: timePeriod, group: position) else { continue }
                        cell.sortedScores = nil
                        cells[Key(place: place, timePeriod: timePeriod, measure: measure.name, status: status)] = cell
                    }
                }
            }
        }
    }

    /// The published cell of a group, or nil when the year is not in the data.
    func cell(at place: PublishedPlace, timePeriod: String, measure: BreakdownMeasure, status: String) -> BreakdownCell? {
        cells[Key(place: place, timePeriod: timePeriod, measure: measure.name, status: status)]
    }

    /// Whether the place has pupils in the measure's cohort that year.
    func hasPupils(at place: PublishedPlace, timePeriod: String, measure: BreakdownMeasure) -> Bool {
        (cell(at: place, timePeriod: timePeriod, measure: measure, status: PublishedFilter.total)?.pupilCount ?? 0) > 0
    }
}

extension TrendTable {
    /// The disadvantage gap of two cells of one place, year (or window) and measure, with what
    /// `gaps-by-characteristic.csv` would show of it: Newcombe's hybrid score interval on the counts, `c` when
    /// either side's count or number reaching the standard is withheld, `x` when a side has no pupils.
    static func gap(group: BreakdownCell, comparison: BreakdownCell) -> BreakdownGapRow {
        let base = BreakdownGapRow(place: group.place, timePeriod: group.timePeriod, measure: group.measure,
                                   indicator: .expectedStandard, group: group.group, comparator: group.place.withinComparator,
                                   comparisonGroup: comparison.group.label)
        return BreakdownGapTable.localRow(base, group: .init(group, indicator: .expectedStandard),
                                          comparison: .init(comparison, indicator: .expectedStandard), indicator: .expectedStandard)
    }

    /// Every key stage's trend table, in key stage order: KS2 from `attainment.csv`, KS1 and KS4 from the
    /// breakdown table when there is one. Each runs its own rolling-figure disclosure audit.
    static func tables(attainment: AttainmentTable, cohorts: KS2Cohorts, breakdowns: BreakdownTable?,
                       suppression: Suppression, options: TrendOptions) throws -> (tables: [TrendTable], notes: [String]) {
        let steppedOver = try options.steppedOver ?? TrendSteppedOverYears.shipped()
        var sources = [TrendSource(attainment: attainment, cohorts: cohorts)]
        if let breakdowns {
            sources += [KeyStage.ks1, .ks4].map { TrendSource(breakdowns: breakdowns, keyStage: $0) }
        }
        sources.sort { $0.keyStage < $1.keyStage }
        var tables: [TrendTable] = []
        var notes: [String] = []
        for source in sources {
            let table = TrendTable(source: source, suppression: suppression, windowLength: options.rollingWindowLength,
                                   steppingOver: steppedOver.timePeriods(source.keyStage))
            tables.append(table)
            guard !source.places.isEmpty else { continue }
            let keyStage = source.keyStage == .ks2 ? "" : "\(source.keyStage.rawValue) "
            notes.append("trends: \(keyStage)rolling figures pool \(options.rollingWindowLength) assessed years, skipping "
                + "\(steppedOver.description(source.keyStage)); \(table.rollingWithheldToProtectOthers) withheld so that no withheld figure can be derived")
        }
        return (tables, notes)
    }
}
