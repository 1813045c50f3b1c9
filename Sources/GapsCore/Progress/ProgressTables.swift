import Foundation

/// Published figures with primary suppression, for tables whose cells hold several counts out of different
/// denominators (progress and entitlement). Same thresholds and choices as `Suppression` (domain reference
/// section 8): a group of 1 to min-denominator - 1 pupils withholds its whole row; a count of 1 to
/// min-numerator - 1 withholds that count and its percentage; a count or percentage whose denominator is 1 to
/// min-denominator - 1 is withheld too (its denominator being small, it would single pupils out); an average over
/// 1 to min-denominator - 1 pupils is withheld. Zero is published. Primary suppression only: secondary suppression
/// follows over all of a year's rows (`ProgressTable.withholdCounts`, `EntitlementTable.withholdCounts`,
/// `ProgressTable.withholdAverages`).
struct CountPublisher {
    var suppression: Suppression
    /// The row's group is too small: everything but `z` is withheld.
    var rowWithheld: Bool

    init(suppression: Suppression, pupilCount: Int) {
        self.suppression = suppression
        rowWithheld = suppression.withholdsDenominator(pupilCount)
    }

    /// A count of pupils out of `denominator` (nil for the row's own pupil count).
    func count(_ value: Int, of denominator: Int? = nil) -> String {
        if rowWithheld || suppression.withholdsNumerator(value) { return EESSymbol.suppressed }
        if let denominator, suppression.withholdsDenominator(denominator) { return EESSymbol.suppressed }
        return String(value)
    }

    /// `value` as a percentage of `denominator`, 0-100 at full precision; `x` for no pupils.
    func percent(_ value: Int, of denominator: Int) -> String {
        if rowWithheld || suppression.withholdsNumerator(value) || suppression.withholdsDenominator(denominator) {
            return EESSymbol.suppressed
        }
        return denominator > 0 ? formatNumber(100 * Double(value) / Double(denominator)) : EESSymbol.notAvailable
    }

    /// The mean of `values`; `x` for none.
    func mean(_ values: [Double]) -> String {
        if rowWithheld || suppression.withholdsDenominator(values.count) { return EESSymbol.suppressed }
        return values.isEmpty ? EESSymbol.notAvailable : formatNumber(SampleSummary(values: values).mean)
    }
}

/// Filter values of the progress and entitlement tables, each with its Total first.
enum ProgressFilters {
    static let sexes = [PublishedFilter.total] + PublishedFilter.sexes
    static let disadvantageStatuses = [PublishedFilter.total] + PublishedFilter.disadvantageStatuses
    static let bands = [PublishedFilter.total] + PriorAttainmentBand.allCases.map(\.rawValue)
    static let entitlements = Entitlement.allCases.map(\.rawValue) + [Entitlement.any]

    static func matches(_ pupil: NormalisedPupil, sex: String, disadvantageStatus: String) -> Bool {
        (sex == PublishedFilter.total || sex == pupil.sex)
            && (disadvantageStatus == PublishedFilter.total || disadvantageStatus == pupil.disadvantageStatus)
    }
}

/// `progress.csv`: KS1 -> KS2 progress and "not progressing" pupils.
enum ProgressTable {
    static let layout = EESTableLayout(timeAndGeographyColumns: AggregateStage.geographyColumns, columns: [
        .filter("subject", label: "Subject", hint: "KS2 subject, with the same subject at KS1 as the starting point"),
        .filter("prior_attainment_band", label: "KS1 prior attainment",
                hint: "Low, middle or high KS1 average point score; no prior attainment when KS1 is missing, incomplete or was not assessed (2020, 2021)"),
        .filter("disadvantage_status", label: "Disadvantage status", hint: "Disadvantaged: FSM in the last 6 years or looked after"),
        .filter("sex", label: "Sex"),
        .indicator("pupil_count", label: "Pupils at the end of KS2", grouping: "Pupils", decimalPlaces: 0),
        .indicator("with_prior_count", label: "Pupils with KS1 prior attainment and a KS2 outcome", grouping: "Pupils", decimalPlaces: 0),
        .indicator("scored_count", label: "Pupils with a progress score", grouping: "Progress", decimalPlaces: 0),
        .indicator("average_progress_score", label: "Average progress score (scaled-score points against similar pupils)", grouping: "Progress", decimalPlaces: 1),
        .indicator("average_levels_progress", label: "Average progress in National Curriculum points (levels era)", grouping: "Progress", decimalPlaces: 1),
        .indicator("expected_progress_count", label: "Pupils making two levels of progress or more", grouping: "Levels of progress", decimalPlaces: 0),
        .indicator("expected_progress_percent", label: "Percentage making two levels of progress or more", grouping: "Levels of progress", unit: "%", decimalPlaces: 0),
        .indicator("stuck_count", label: "Pupils stuck: less than one level of progress", grouping: "Levels of progress", decimalPlaces: 0),
        .indicator("stuck_percent", label: "Percentage stuck: less than one level of progress", grouping: "Levels of progress", unit: "%", decimalPlaces: 0),
        .indicator("stuck_below_count", label: "Pupils below expected at KS1 and still below at KS2", grouping: "Not progressing", decimalPlaces: 0),
        .indicator("stuck_below_percent", label: "Percentage below expected at KS1 and still below at KS2", grouping: "Not progressing", unit: "%", decimalPlaces: 0),
        .indicator("fell_behind_count", label: "Pupils at expected at KS1 but below at KS2", grouping: "Not progressing", decimalPlaces: 0),
        .indicator("fell_behind_percent", label: "Percentage at expected at KS1 but below at KS2", grouping: "Not progressing", unit: "%", decimalPlaces: 0),
        .indicator("low_progress_count", label: "Pupils with a progress score below the threshold", grouping: "Not progressing", decimalPlaces: 0),
        .indicator("low_progress_percent", label: "Percentage with a progress score below the threshold", grouping: "Not progressing", unit: "%", decimalPlaces: 0),
        .indicator("not_progressing_count", label: "Pupils not progressing (any reason)", grouping: "Not progressing", decimalPlaces: 0),
        .indicator("not_progressing_percent", label: "Percentage not progressing (any reason)", grouping: "Not progressing", unit: "%", decimalPlaces: 0),
    ])

    /// Rows (filter values then indicators) for one place and year, in publication order, each with the number of
    /// pupils behind its average (nil where no average applies), for `withholdAverages`, and its values of
    /// `protectedColumns`, for `withholdCounts`.
    /// - Parameter levelsEra: whether the year's KS2 results are levels (`ProgressRules.isKS2LevelsEra`).
    static func rows(for members: [KS2PupilProgress], levelsEra: Bool, suppression: Suppression) -> [(fields: [String], scoredCount: Int?, counts: [Int])] {
        var rows: [(fields: [String], scoredCount: Int?, counts: [Int])] = []
        for subject in ProgressSubject.allCases {
            let inSubject = members.compactMap { member in member.subjects[subject].map { (member, $0) } }
            for band in ProgressFilters.bands {
                for status in ProgressFilters.disadvantageStatuses {
                    for sex in ProgressFilters.sexes {
                        let group = inSubject.filter { member, _ in
                            (band == PublishedFilter.total || member.prior.band.rawValue == band)
                                && ProgressFilters.matches(member.pupil, sex: sex, disadvantageStatus: status)
                        }.map(\.1)
                        let judged = group.filter(\.isJudged)
                        let scored = levelsEra ? judged.count { $0.levelsProgress != nil }
                            : subject == .writing ? nil : judged.count { $0.progressScore != nil }
                        rows.append(([subject.rawValue, band, status, sex]
                            + indicators(group, subject: subject, levelsEra: levelsEra, suppression: suppression), scored,
                            protectedCounts(group)))
                    }
                }
            }
        }
        return rows
    }

    /// The indicator values of one group, in `layout` order.
    static func indicators(_ group: [SubjectProgress], subject: ProgressSubject, levelsEra: Bool, suppression: Suppression) -> [String] {
        let publish = CountPublisher(suppression: suppression, pupilCount: group.count)
        let judged = group.filter(\.isJudged)
        let notApplicable = EESSymbol.notApplicable
        func share(_ predicate: (SubjectProgress) -> Bool) -> [String] {
            let count = judged.filter(predicate).count
            return [publish.count(count, of: judged.count), publish.percent(count, of: judged.count)]
        }
        let scores = judged.compactMap(\.progressScore)
        let levels = judged.compactMap(\.levelsProgress)
        let hasScores = !levelsEra && subject != .writing
        let scored = levelsEra ? levels : scores
        let scoredCount = levelsEra || hasScores ? publish.count(scored.count, of: judged.count) : notApplicable
        return [publish.count(group.count), publish.count(judged.count), scoredCount,
                hasScores ? publish.mean(scores) : notApplicable,
                levelsEra ? publish.mean(levels) : notApplicable]
            + (levelsEra ? share(\.madeExpectedProgress) : [notApplicable, notApplicable])
            + (levelsEra ? share(\.stuck) : [notApplicable, notApplicable])
            + share(\.stuckBelow) + share(\.fellBehind)
            + (hasScores ? share(\.lowProgress) : [notApplicable, notApplicable])
            + share(\.notProgressing)
    }
}

/// `entitlement.csv`: pupils entitled to extra support.
enum EntitlementTable {
    static let layout = EESTableLayout(timeAndGeographyColumns: AggregateStage.geographyColumns, columns: [
        .filter("entitlement", label: "Entitlement to extra support",
                hint: "2020 Vision entitlements (a), (b), (c), and any of them"),
        .filter("sex", label: "Sex"),
        .filter("disadvantage_status", label: "Disadvantage status", hint: "Disadvantaged: FSM in the last 6 years or looked after"),
        .indicator("pupil_count", label: "Pupils at the end of a key stage", grouping: "Pupils", decimalPlaces: 0),
        .indicator("judged_count", label: "Pupils with the results to judge the entitlement", grouping: "Pupils", decimalPlaces: 0),
        .indicator("entitled_count", label: "Pupils entitled to extra support", grouping: "Entitled", decimalPlaces: 0),
        .indicator("entitled_percent", label: "Percentage entitled to extra support (of pupils judged)", grouping: "Entitled", unit: "%", decimalPlaces: 0),
    ])

    /// Rows (filter values then indicators) for one place and year, in publication order, each with its values of
    /// `protectedColumns`, for `withholdCounts`.
    static func rows(for members: [EntitlementRecord], suppression: Suppression) -> [(fields: [String], counts: [Int])] {
        var rows: [(fields: [String], counts: [Int])] = []
        for entitlement in ProgressFilters.entitlements {
            for sex in ProgressFilters.sexes {
                for status in ProgressFilters.disadvantageStatuses {
                    let group = members.filter { ProgressFilters.matches($0.pupil, sex: sex, disadvantageStatus: status) }
                    let judged: [EntitlementRecord]
                    let entitled: Int
                    if let single = Entitlement(rawValue: entitlement) {
                        judged = group.filter { $0.judged.contains(single) }
                        entitled = judged.filter { $0.entitled.contains(single) }.count
                    } else {
                        judged = group.filter { !$0.judged.isEmpty }
                        entitled = judged.filter { !$0.entitled.isEmpty }.count
                    }
                    let publish = CountPublisher(suppression: suppression, pupilCount: group.count)
                    rows.append(([entitlement, sex, status, publish.count(group.count), publish.count(judged.count),
                                  publish.count(entitled, of: judged.count), publish.percent(entitled, of: judged.count)],
                                 [group.count, judged.count, entitled]))
                }
            }
        }
        return rows
    }
}

extension ProgressTable {
    /// Withholds averages (and the scored counts behind them) that a Total would give away
    /// (`Suppression.withheldAverages`): lines along band, disadvantage and sex within a place, year and subject, and
    /// across places the LA with its schools. One year's rows of every place, in publication order.
    static func withholdAverages(_ rows: [(place: PublishedPlace, fields: [String], scoredCount: Int?)], cohorts: KS2Cohorts,
                                 suppression: Suppression) -> [(place: PublishedPlace, fields: [String])] {
        struct Key: Hashable { var la: String; var subject: String; var place: PublishedPlace? }
        let averaged = rows.indices.filter { rows[$0].scoredCount != nil }
        let scoredColumn = layout.columns.firstIndex { $0.name == "scored_count" }!
        let averageColumns = ["average_progress_score", "average_levels_progress"].map { name in layout.columns.firstIndex { $0.name == name }! }
        func school(_ place: PublishedPlace) -> (la: String, label: String) { ProgressOutputs.suppressionSchool(place, cohorts: cohorts) }
        let withheld = suppression.withheldAverages(
            counts: averaged.map { rows[$0].scoredCount ?? 0 },
            tableKeys: averaged.map { index in
                Key(la: school(rows[index].place).la, subject: rows[index].fields[0],
                    place: suppression.acrossPlaces ? nil : rows[index].place)
            },
            filterValues: averaged.map { index in
                Array(rows[index].fields[1..<4]) + (suppression.acrossPlaces ? [school(rows[index].place).label] : [])
            },
            alreadyWithheld: averaged.map { index in
                ([scoredColumn] + averageColumns).contains { rows[index].fields[$0] == EESSymbol.suppressed }
            })
        var result = rows.map { (place: $0.place, fields: $0.fields) }
        for (index, isWithheld) in zip(averaged, withheld) where isWithheld {
            for column in [scoredColumn] + averageColumns where result[index].fields[column] != EESSymbol.notApplicable {
                result[index].fields[column] = EESSymbol.suppressed
            }
        }
        return result
    }
}
