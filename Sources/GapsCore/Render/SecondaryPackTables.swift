import Foundation

/// The labels of the aggregate stage's key stage 4 rows that the secondary pages pick by: the input contract with
/// `attainment-by-characteristic.csv`, `gaps-by-characteristic.csv` (`docs/outputs-breakdowns.md`) and
/// `ks4-progress.csv` (`docs/outputs-progress.md`), kept in one place as `AggregateLabels` is for KS2.
enum KS4Labels {
    static let keyStage = "Key stage 4"
    static let englishAndMaths = "English and maths"
    static let english = "English"
    static let maths = "Maths"
    static let attainment8 = "Attainment 8"
    static let progress8 = "Progress 8"
    /// Measures in the order a reader expects; any other KS4 measure (EBacc, when the aggregate stage adds it)
    /// follows, in file order, so that it is shown without a code change.
    static let measureOrder = [englishAndMaths, english, maths, attainment8, progress8]
    /// The measures whose gaps go through the shared gap charts and sentences. Progress 8 has its own section: its
    /// figures are in hundredths, which the shared gap charts (whole points, tenths) would round away.
    static let gapMeasureOrder = [englishAndMaths, english, maths, attainment8]

    static let topicTotal = "Total"
    static let topicSex = "Sex"
    static let topicDisadvantage = "Disadvantage status"
    static let otherPupils = "Other pupils"
    static let localAuthorityOtherPupils = "Local authority other pupils"

    /// gaps-by-characteristic's indicators as the KS4 pages name them: at KS4 the "expected standard" of the file is
    /// grade 4 or above (a standard pass) and the "higher standard" grade 5 or above (a strong pass).
    static let grade4 = "Grade 4 or above"
    static let grade5 = "Grade 5 or above"
    static let averageScore = "Average score"
    static let indicatorNames = [AggregateLabels.expectedStandard: grade4, "Higher standard": grade5]
    static let indicatorOrder = [grade4, grade5, averageScore]

    /// The groups whose gaps the pages show: disadvantaged pupils and boys, each against the pupils outside the
    /// group. Their mirror images (other pupils, girls) give the same gap with the sign turned and are not repeated.
    static let gapGroups = [AggregateLabels.disadvantageOrder[0], AggregateLabels.sexOrder[0]]
    /// The comparators in page order: the school's own other pupils, the DfE's headline national comparison, the LA's.
    static let comparatorOrder = [AggregateLabels.withinSchool, AggregateLabels.nationalOtherPupils, localAuthorityOtherPupils]

    /// `ks4-progress.csv` measures in order (the DfE's), and its significance labels.
    static let progressMeasureOrder = [progress8, "English element", "Maths element", "EBacc element", "Open element"]
}

/// One key stage 4 row of `attainment-by-characteristic.csv` for all pupils, one sex or one disadvantage status.
struct KS4AttainmentRecord {
    var timePeriod: String
    var geography: AggregateGeography
    var measure: String
    /// The one-way breakdown: all pupils, disadvantage or sex (`PupilBreakdown`; never prior attainment).
    var breakdown: PupilBreakdown
    /// "Total", "Boys", "Disadvantaged" ...
    var group: String
    var pupilCount: PublishedValue
    var expectedCount: PublishedValue
    var expectedPercent: PublishedValue
    var higherCount: PublishedValue
    var higherPercent: PublishedValue
    var averageScore: PublishedValue
    var p10: PublishedValue
    var p25: PublishedValue
    var p50: PublishedValue
    var p75: PublishedValue
    var p90: PublishedValue

    static let fileName = "attainment-by-characteristic.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "key_stage", "measure", "breakdown_topic", "breakdown", "pupil_count", "expected_standard_count",
        "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score", "p10", "p25",
        "p50", "p75", "p90",
    ]

    static func make(_ row: TableRow) throws -> Result<KS4AttainmentRecord, SetAsideReason> {
        guard row.publishedText("key_stage") == KS4Labels.keyStage else {
            return .failure(SetAsideReason(text: "not key stage 4 (shown by the primary sections)"))
        }
        guard let breakdown = KS4Breakdown.of(topic: row.publishedText("breakdown_topic")) else {
            return .failure(SetAsideReason(text: "breakdown not shown in the key stage 4 sections"))
        }
        let geography = try AggregateGeography(row: row)
        guard geography.place != nil else { return .failure(.levelNotShown(geography.level)) }
        return .success(KS4AttainmentRecord(
            timePeriod: try parseTimePeriod(of: row), geography: geography, measure: row.publishedText("measure"),
            breakdown: breakdown, group: row.publishedText("breakdown"), pupilCount: try row.publishedValue("pupil_count"),
            expectedCount: try row.publishedValue("expected_standard_count"),
            expectedPercent: try row.publishedValue("expected_standard_percent"),
            higherCount: try row.publishedValue("higher_standard_count"),
            higherPercent: try row.publishedValue("higher_standard_percent"),
            averageScore: try row.publishedValue("average_score"), p10: try row.publishedValue("p10"),
            p25: try row.publishedValue("p25"), p50: try row.publishedValue("p50"), p75: try row.publishedValue("p75"),
            p90: try row.publishedValue("p90")))
    }

    /// The five percentiles when all are numbers: only then can a box be drawn.
    var drawableSummary: BoxPlotSummary? {
        guard let p10 = p10.number, let p25 = p25.number, let p50 = p50.number, let p75 = p75.number,
              let p90 = p90.number
        else { return nil }
        return BoxPlotSummary(p10: p10, p25: p25, median: p50, p75: p75, p90: p90)
    }
}

/// The breakdown topics of the by-characteristic files that the KS4 sections show, as the one-way breakdowns the
/// pages already know.
enum KS4Breakdown {
    static func of(topic: String) -> PupilBreakdown? {
        switch topic {
        case KS4Labels.topicTotal: return .allPupils
        case KS4Labels.topicDisadvantage: return .disadvantage
        case KS4Labels.topicSex: return .sex
        default: return nil
        }
    }

    /// The breakdown label of `gaps.csv` ("Disadvantage", "Sex"), so that KS4 gaps share the KS2 charts' colours
    /// and order.
    static func gapBreakdown(topic: String) -> String? {
        switch topic {
        case KS4Labels.topicDisadvantage: return AggregateLabels.disadvantageBreakdown
        case KS4Labels.topicSex: return AggregateLabels.sexBreakdown
        default: return nil
        }
    }
}

/// Reads a key stage 4 row of `gaps-by-characteristic.csv` as a `GapRecord`, so that it goes through the same gap
/// charts, tables and sentences as a KS2 gap: the measure is the record's subject, the topic its breakdown
/// ("Disadvantage", "Sex"), the group its group, and the indicator is named as KS4 names it (`KS4Labels`).
enum KS4GapRows {
    static let fileName = "gaps-by-characteristic.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "key_stage", "measure", "indicator", "breakdown_topic", "breakdown", "comparator", "comparison_group",
        "group_count", "group_value", "comparison_count", "comparison_value", "gap", "gap_lower_ci", "gap_upper_ci",
        "significant", "effect_size", "ci_method",
    ]

    static func make(_ row: TableRow) throws -> Result<GapRecord, SetAsideReason> {
        guard row.publishedText("key_stage") == KS4Labels.keyStage else {
            return .failure(SetAsideReason(text: "not key stage 4 (shown by the primary sections)"))
        }
        guard let breakdown = KS4Breakdown.gapBreakdown(topic: row.publishedText("breakdown_topic")),
              KS4Labels.gapGroups.contains(row.publishedText("breakdown"))
        else {
            return .failure(SetAsideReason(text: "group not shown in the key stage 4 sections"))
        }
        // The row has no `subject`, `breakdown` or `group` columns of gaps.csv: those fields are set from the
        // by-characteristic columns below; every figure is read and checked by `GapRecord`.
        var record = try GapRecord(row: row)
        guard record.geography.place != nil else { return .failure(.levelNotShown(record.geography.level)) }
        record.subject = row.publishedText("measure")
        record.breakdown = breakdown
        record.group = row.publishedText("breakdown")
        record.indicator = KS4Labels.indicatorNames[record.indicator] ?? record.indicator
        return .success(record)
    }
}

/// One row of `ks4-progress.csv`: Progress 8 or one of its elements for all pupils, one disadvantage status or one
/// sex, with the DfE's confidence interval.
struct KS4ProgressRecord {
    var timePeriod: String
    var geography: AggregateGeography
    var measure: String
    var breakdown: PupilBreakdown
    var group: String
    var pupilCount: PublishedValue
    var scoredCount: PublishedValue
    var averageScore: PublishedValue
    var lower: PublishedValue
    var upper: PublishedValue
    /// "Significantly above average", "Significantly below average", "Not significantly different from average",
    /// or a symbol.
    var significance: String
    var belowThresholdCount: PublishedValue
    var belowThresholdPercent: PublishedValue

    static let fileName = "ks4-progress.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "measure", "disadvantage_status", "sex", "pupil_count", "scored_count", "average_score",
        "average_score_lower_ci", "average_score_upper_ci", "significance", "below_threshold_count",
        "below_threshold_percent",
    ]

    static func make(_ row: TableRow) throws -> Result<KS4ProgressRecord, SetAsideReason> {
        let disadvantage = row.publishedText("disadvantage_status"), sex = row.publishedText("sex")
        guard let breakdown = PupilBreakdown.of(disadvantage: disadvantage, sex: sex, band: AggregateLabels.total) else {
            return .failure(SetAsideReason(text: "intersection of groups, not shown"))
        }
        let geography = try AggregateGeography(row: row)
        guard geography.place != nil else { return .failure(.levelNotShown(geography.level)) }
        let group: String
        switch breakdown {
        case .disadvantage: group = disadvantage
        case .sex: group = sex
        default: group = AggregateLabels.total
        }
        return .success(KS4ProgressRecord(
            timePeriod: try parseTimePeriod(of: row), geography: geography, measure: row.publishedText("measure"),
            breakdown: breakdown, group: group, pupilCount: try row.publishedValue("pupil_count"),
            scoredCount: try row.publishedValue("scored_count"), averageScore: try row.publishedValue("average_score"),
            lower: try row.publishedValue("average_score_lower_ci"), upper: try row.publishedValue("average_score_upper_ci"),
            significance: row.publishedText("significance"),
            belowThresholdCount: try row.publishedValue("below_threshold_count"),
            belowThresholdPercent: try row.publishedValue("below_threshold_percent")))
    }

    /// The average and its interval when all three are numbers: only then can the chart draw it.
    var drawableInterval: (score: Double, lower: Double, upper: Double)? {
        guard let score = averageScore.number, let lower = lower.number, let upper = upper.number else { return nil }
        return (score, lower, upper)
    }
}

/// The key stage 4 figures the secondary pages draw on, indexed by place and year: KS4 rows of the two
/// by-characteristic files and `ks4-progress.csv`. Each file is optional, so an aggregate output without them (an
/// older run, a primary-only LA, a hand-made test folder) renders as before, with no secondary pages.
struct SecondaryFigures {
    var attainment: LoadedTable<KS4AttainmentRecord>?
    var gaps: LoadedTable<GapRecord>?
    var progress: LoadedTable<KS4ProgressRecord>?

    private(set) var attainmentByPlace: [AggregatePlace: [String: [KS4AttainmentRecord]]] = [:]
    private(set) var gapsByPlace: [AggregatePlace: [String: [GapRecord]]] = [:]
    private(set) var progressByPlace: [AggregatePlace: [String: [KS4ProgressRecord]]] = [:]
    /// Every school with KS4 rows, by name then URN, named as in its most recent rows.
    private(set) var schools: [SchoolIdentity] = []

    static var empty: SecondaryFigures { SecondaryFigures() }

    init(
        attainment: LoadedTable<KS4AttainmentRecord>? = nil, gaps: LoadedTable<GapRecord>? = nil,
        progress: LoadedTable<KS4ProgressRecord>? = nil
    ) {
        self.attainment = attainment
        self.gaps = gaps
        self.progress = progress
        var latest: [String: (period: String, identity: SchoolIdentity)] = [:]
        func note(_ geography: AggregateGeography, _ period: String) {
            guard case let .school(urn)? = geography.place else { return }
            if let existing = latest[urn], existing.period >= period { return }
            latest[urn] = (period, SchoolIdentity(
                urn: urn, laestab: geography.schoolLAESTAB, name: geography.schoolName, laName: geography.laName,
                laCode: geography.laCode))
        }
        for record in attainment?.records ?? [] {
            guard let place = record.geography.place else { continue }
            attainmentByPlace[place, default: [:]][record.timePeriod, default: []].append(record)
            note(record.geography, record.timePeriod)
        }
        for record in gaps?.records ?? [] {
            guard let place = record.geography.place else { continue }
            gapsByPlace[place, default: [:]][record.timePeriod, default: []].append(record)
            note(record.geography, record.timePeriod)
        }
        for record in progress?.records ?? [] {
            guard let place = record.geography.place else { continue }
            progressByPlace[place, default: [:]][record.timePeriod, default: []].append(record)
            note(record.geography, record.timePeriod)
        }
        schools = latest.values.map(\.identity).sorted {
            ($0.name.lowercased(), $0.name, $0.urn) < ($1.name.lowercased(), $1.name, $1.urn)
        }
    }

    static func load(from directory: URL) throws -> SecondaryFigures {
        SecondaryFigures(
            attainment: try .loadIfPresent(
                KS4AttainmentRecord.fileName, in: directory, requiring: KS4AttainmentRecord.requiredColumns,
                make: KS4AttainmentRecord.make),
            gaps: try .loadIfPresent(
                KS4GapRows.fileName, in: directory, requiring: KS4GapRows.requiredColumns, make: KS4GapRows.make),
            progress: try .loadIfPresent(
                KS4ProgressRecord.fileName, in: directory, requiring: KS4ProgressRecord.requiredColumns,
                make: KS4ProgressRecord.make))
    }

    /// The KS4 years of a place, most recent first.
    func periods(at place: AggregatePlace) -> [String] {
        Set(Array((attainmentByPlace[place] ?? [:]).keys) + Array((gapsByPlace[place] ?? [:]).keys)
            + Array((progressByPlace[place] ?? [:]).keys)).sorted(by: >)
    }

    func hasKS4(_ place: AggregatePlace) -> Bool { !periods(at: place).isEmpty }

    /// Manifest entries for the files read, in a fixed order.
    func manifestInputs() throws -> [ManifestInput] {
        var inputs: [ManifestInput] = []
        if let attainment { inputs.append(try attainment.manifestInput(countsName: "attainment-by-characteristic")) }
        if let gaps { inputs.append(try gaps.manifestInput(countsName: "gaps-by-characteristic")) }
        if let progress { inputs.append(try progress.manifestInput(countsName: "ks4-progress")) }
        return inputs
    }
}
