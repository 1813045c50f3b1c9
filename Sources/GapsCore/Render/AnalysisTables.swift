import Foundation

/// One optional table of the aggregate output as rendering read it: the rows kept, where it came from, and the rows
/// set aside by reason (for the render manifest).
struct LoadedTable<Record> {
    var records: [Record]
    var url: URL
    var setAside: [String: Int]

    /// The manifest entry of the file: its hash and `read = written + set aside`.
    func manifestInput(countsName: String) throws -> ManifestInput {
        var input = try ManifestInput.describing(path: url.path)
        input.counts[countsName] = RowCounts(
            read: records.count + setAside.values.reduce(0, +), written: records.count, setAside: setAside)
        return input
    }

    /// Reads `name` in `directory` when it exists (older aggregate outputs, and hand-made test outputs, may lack
    /// it: the sections it feeds are then left out). `make` returns `nil` with a reason to set a row aside.
    static func loadIfPresent(
        _ name: String, in directory: URL, requiring columns: [String],
        make: (TableRow) throws -> Result<Record, SetAsideReason>
    ) throws -> LoadedTable? {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        var records: [Record] = []
        var setAside: [String: Int] = [:]
        try TableFile.forEachRow(in: url, requiring: columns) { row in
            switch try make(row) {
            case let .success(record): records.append(record)
            case let .failure(reason): setAside[reason.text, default: 0] += 1
            }
        }
        return LoadedTable(records: records, url: url, setAside: setAside)
    }
}

/// Why a row of an aggregate table is read but not shown.
struct SetAsideReason: Error {
    var text: String
    static func levelNotShown(_ level: String) -> SetAsideReason { SetAsideReason(text: "geographic level not shown: \(level)") }
}

/// A row's place, or the reason it has none a page could show.
private func shownPlace(_ geography: AggregateGeography) -> Result<AggregatePlace, SetAsideReason> {
    geography.place.map { .success($0) } ?? .failure(.levelNotShown(geography.level))
}

/// One row of `trends.csv`: a group's expected-standard rate in one year, with the disadvantage gap on the
/// Disadvantaged rows, and the three-year rolling figures.
struct TrendRecord {
    var timePeriod: String
    var place: AggregatePlace
    /// `key_stage`: an older `trends.csv`, without the column, held Key stage 2 only.
    var keyStage: String = TrendRecord.keyStage2
    var subject: String
    var disadvantage: String
    var pupilCount: PublishedValue
    var expectedCount: PublishedValue
    var expectedPercent: PublishedValue
    var gap: PublishedValue
    var gapLower: PublishedValue
    var gapUpper: PublishedValue
    var rollingYears: String
    var rollingPupilCount: PublishedValue
    var rollingExpectedPercent: PublishedValue
    var rollingGap: PublishedValue
    var rollingGapLower: PublishedValue
    var rollingGapUpper: PublishedValue

    static let fileName = "trends.csv"
    static let keyStage2 = "Key stage 2"
    static let requiredColumns = AggregateGeography.columns + [
        "subject", "disadvantage_status", "pupil_count", "expected_standard_count", "expected_standard_percent", "gap",
        "gap_lower_ci", "gap_upper_ci", "rolling_years", "rolling_pupil_count", "rolling_expected_standard_percent",
        "rolling_gap", "rolling_gap_lower_ci", "rolling_gap_upper_ci",
    ]

    static func make(_ row: TableRow) throws -> Result<TrendRecord, SetAsideReason> {
        try shownPlace(AggregateGeography(row: row)).map { place in
            TrendRecord(
                timePeriod: row["time_period"], place: place,
                keyStage: row["key_stage"].isEmpty ? Self.keyStage2 : row.publishedText("key_stage"),
                subject: row.publishedText("subject"),
                disadvantage: row.publishedText("disadvantage_status"), pupilCount: try row.publishedValue("pupil_count"),
                expectedCount: try row.publishedValue("expected_standard_count"),
                expectedPercent: try row.publishedValue("expected_standard_percent"), gap: try row.publishedValue("gap"),
                gapLower: try row.publishedValue("gap_lower_ci"), gapUpper: try row.publishedValue("gap_upper_ci"),
                rollingYears: row.publishedText("rolling_years"),
                rollingPupilCount: try row.publishedValue("rolling_pupil_count"),
                rollingExpectedPercent: try row.publishedValue("rolling_expected_standard_percent"),
                rollingGap: try row.publishedValue("rolling_gap"),
                rollingGapLower: try row.publishedValue("rolling_gap_lower_ci"),
                rollingGapUpper: try row.publishedValue("rolling_gap_upper_ci"))
        }
    }
}

/// One row of `distributions.csv` for a headline group (all pupils, by sex or by disadvantage; ethnicity Total).
struct DistributionRecord {
    var timePeriod: String
    var place: AggregatePlace
    var subject: String
    var sex: String
    var disadvantage: String
    var pupilCount: PublishedValue
    var p10: PublishedValue
    var p25: PublishedValue
    var p50: PublishedValue
    var p75: PublishedValue
    var p90: PublishedValue
    var mean: PublishedValue

    static let fileName = "distributions.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "subject", "sex", "disadvantage_status", "ethnicity_major", "pupil_count", "p10", "p25", "p50", "p75", "p90",
        "mean",
    ]

    /// The five percentiles when all are numbers: only then can a box be drawn.
    var drawableSummary: BoxPlotSummary? {
        guard let p10 = p10.number, let p25 = p25.number, let p50 = p50.number, let p75 = p75.number,
              let p90 = p90.number
        else { return nil }
        return BoxPlotSummary(p10: p10, p25: p25, median: p50, p75: p75, p90: p90)
    }

    static func make(_ row: TableRow) throws -> Result<DistributionRecord, SetAsideReason> {
        let total = AggregateLabels.total
        let sex = row.publishedText("sex"), disadvantage = row.publishedText("disadvantage_status")
        guard row.publishedText("ethnicity_major") == total, sex == total || disadvantage == total else {
            return .failure(SetAsideReason(text: "intersection or ethnicity group, not drawn"))
        }
        return try shownPlace(AggregateGeography(row: row)).map { place in
            DistributionRecord(
                timePeriod: row["time_period"], place: place, subject: row.publishedText("subject"), sex: sex,
                disadvantage: disadvantage, pupilCount: try row.publishedValue("pupil_count"),
                p10: try row.publishedValue("p10"), p25: try row.publishedValue("p25"), p50: try row.publishedValue("p50"),
                p75: try row.publishedValue("p75"), p90: try row.publishedValue("p90"), mean: try row.publishedValue("mean"))
        }
    }
}

/// One row of `low-attaining-disadvantaged.csv`: a quintile of the LA's schools (LA rows) or one school.
struct LowAttainingRecord {
    var timePeriod: String
    var geography: AggregateGeography
    var place: AggregatePlace
    var subject: String
    var quintile: String
    var schoolCount: PublishedValue
    var expectedPercent: PublishedValue
    var count: PublishedValue
    var share: PublishedValue

    static let fileName = "low-attaining-disadvantaged.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "subject", "school_attainment_quintile", "school_count", "expected_standard_percent",
        "low_attaining_disadvantaged_count", "low_attaining_disadvantaged_share",
    ]

    static func make(_ row: TableRow) throws -> Result<LowAttainingRecord, SetAsideReason> {
        let geography = try AggregateGeography(row: row)
        return try shownPlace(geography).map { place in
            LowAttainingRecord(
                timePeriod: row["time_period"], geography: geography, place: place, subject: row.publishedText("subject"),
                quintile: row.publishedText("school_attainment_quintile"),
                schoolCount: try row.publishedValue("school_count"),
                expectedPercent: try row.publishedValue("expected_standard_percent"),
                count: try row.publishedValue("low_attaining_disadvantaged_count"),
                share: try row.publishedValue("low_attaining_disadvantaged_share"))
        }
    }
}

/// One row of `bucking-the-trend.csv`: a school's raw and shrunk gap in one year and breakdown.
struct BuckingRecord {
    var timePeriod: String
    var geography: AggregateGeography
    var subject: String
    var breakdown: String
    var group: String
    var comparisonGroup: String
    var groupCount: PublishedValue
    var comparisonCount: PublishedValue
    var rawGap: PublishedValue
    var rawLower: PublishedValue
    var rawUpper: PublishedValue
    var laMeanGap: PublishedValue
    var schoolsInEstimate: PublishedValue
    var shrinkage: PublishedValue
    var shrunkGap: PublishedValue
    var shrunkLower: PublishedValue
    var shrunkUpper: PublishedValue
    var rank: PublishedValue

    static let fileName = "bucking-the-trend.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "subject", "breakdown", "group", "comparison_group", "group_count", "comparison_count", "raw_gap",
        "raw_gap_lower_ci", "raw_gap_upper_ci", "la_mean_gap", "shrinkage_factor", "shrunk_gap", "shrunk_gap_lower_ci",
        "shrunk_gap_upper_ci", "shrunk_gap_rank", "schools_in_estimate",
    ]

    static func make(_ row: TableRow) throws -> Result<BuckingRecord, SetAsideReason> {
        let geography = try AggregateGeography(row: row)
        guard geography.place != nil else { return .failure(.levelNotShown(geography.level)) }
        return .success(BuckingRecord(
            timePeriod: row["time_period"], geography: geography, subject: row.publishedText("subject"),
            breakdown: row.publishedText("breakdown"), group: row.publishedText("group"),
            comparisonGroup: row.publishedText("comparison_group"), groupCount: try row.publishedValue("group_count"),
            comparisonCount: try row.publishedValue("comparison_count"), rawGap: try row.publishedValue("raw_gap"),
            rawLower: try row.publishedValue("raw_gap_lower_ci"), rawUpper: try row.publishedValue("raw_gap_upper_ci"),
            laMeanGap: try row.publishedValue("la_mean_gap"),
            schoolsInEstimate: try row.publishedValue("schools_in_estimate"),
            shrinkage: try row.publishedValue("shrinkage_factor"), shrunkGap: try row.publishedValue("shrunk_gap"),
            shrunkLower: try row.publishedValue("shrunk_gap_lower_ci"),
            shrunkUpper: try row.publishedValue("shrunk_gap_upper_ci"), rank: try row.publishedValue("shrunk_gap_rank")))
    }
}

/// One count of the aggregate stage's `data-quality-summary.csv` (`Aggregate/PublishedDataQuality.swift`).
struct DataQualityRecord {
    var place: AggregatePlace
    /// The LA's GSS code, on school rows too (the overview lists each LA's schools).
    var laCode: String
    var category: String
    var detail: String
    var count: PublishedValue

    static let fileName = "data-quality-summary.csv"
    static let requiredColumns = [
        "geographic_level", "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "category", "detail",
        "count",
    ]

    static func make(_ row: TableRow) throws -> Result<DataQualityRecord, SetAsideReason> {
        let geography = try AggregateGeography(row: row)
        return try shownPlace(geography).map { place in
            DataQualityRecord(
                place: place, laCode: geography.laCode, category: row.publishedText("category"), detail: row.publishedText("detail"),
                count: try row.publishedValue("count"))
        }
    }
}

extension Result where Failure == SetAsideReason {
    /// `map` with a throwing transform (the standard one does not throw).
    fileprivate func map<New>(_ transform: (Success) throws -> New) throws -> Result<New, SetAsideReason> {
        switch self {
        case let .success(value): return .success(try transform(value))
        case let .failure(reason): return .failure(reason)
        }
    }
}

/// The aggregate stage's tables beyond attainment and gaps that the trends, gap index, distributions, data-quality
/// and LA-wide sections are drawn from. Each is optional: a section whose table is absent is left out of the page.
struct AnalysisTables {
    var trends: LoadedTable<TrendRecord>?
    var distributions: LoadedTable<DistributionRecord>?
    var lowAttaining: LoadedTable<LowAttainingRecord>?
    var bucking: LoadedTable<BuckingRecord>?
    var dataQuality: LoadedTable<DataQualityRecord>?
    var gapIndex: LoadedTable<GapIndexRecord>?

    /// Key stage 2's trends, which the governors' trend shows.
    var trendsByPlace: [AggregatePlace: [TrendRecord]] { trendsByKeyStage[TrendRecord.keyStage2] ?? [:] }
    /// Every key stage's trends, by `key_stage` label.
    var trendsByKeyStage: [String: [AggregatePlace: [TrendRecord]]] = [:]
    var distributionsByPlace: [AggregatePlace: [DistributionRecord]] = [:]
    var dataQualityByPlace: [AggregatePlace: [DataQualityRecord]] = [:]
    /// `gap-index.csv` rows (both key stages) by place and year.
    var gapIndexByPlace: [AggregatePlace: [String: [GapIndexRecord]]] = [:]

    init(
        trends: LoadedTable<TrendRecord>? = nil, distributions: LoadedTable<DistributionRecord>? = nil,
        lowAttaining: LoadedTable<LowAttainingRecord>? = nil, bucking: LoadedTable<BuckingRecord>? = nil,
        dataQuality: LoadedTable<DataQualityRecord>? = nil, gapIndex: LoadedTable<GapIndexRecord>? = nil
    ) {
        self.trends = trends
        self.distributions = distributions
        self.lowAttaining = lowAttaining
        self.bucking = bucking
        self.dataQuality = dataQuality
        self.gapIndex = gapIndex
        for record in gapIndex?.records ?? [] {
            gapIndexByPlace[record.place, default: [:]][record.timePeriod, default: []].append(record)
        }
        trendsByKeyStage = Dictionary(grouping: trends?.records ?? [], by: \.keyStage)
            .mapValues { Dictionary(grouping: $0, by: \.place) }
        distributionsByPlace = Dictionary(grouping: distributions?.records ?? [], by: \.place)
        dataQualityByPlace = Dictionary(grouping: dataQuality?.records ?? [], by: \.place)
    }

    static func load(from directory: URL) throws -> AnalysisTables {
        AnalysisTables(
            trends: try .loadIfPresent(
                TrendRecord.fileName, in: directory, requiring: TrendRecord.requiredColumns, make: TrendRecord.make),
            distributions: try .loadIfPresent(
                DistributionRecord.fileName, in: directory, requiring: DistributionRecord.requiredColumns,
                make: DistributionRecord.make),
            lowAttaining: try .loadIfPresent(
                LowAttainingRecord.fileName, in: directory, requiring: LowAttainingRecord.requiredColumns,
                make: LowAttainingRecord.make),
            bucking: try .loadIfPresent(
                BuckingRecord.fileName, in: directory, requiring: BuckingRecord.requiredColumns, make: BuckingRecord.make),
            dataQuality: try .loadIfPresent(
                DataQualityRecord.fileName, in: directory, requiring: DataQualityRecord.requiredColumns,
                make: DataQualityRecord.make),
            gapIndex: try .loadIfPresent(
                GapIndexRecord.fileName, in: directory, requiring: GapIndexRecord.requiredColumns, make: GapIndexRecord.make))
    }

    /// Manifest entries for the tables that were read, in a fixed order.
    func manifestInputs() throws -> [ManifestInput] {
        var inputs: [ManifestInput] = []
        if let trends { inputs.append(try trends.manifestInput(countsName: "trends")) }
        if let distributions { inputs.append(try distributions.manifestInput(countsName: "distributions")) }
        if let lowAttaining { inputs.append(try lowAttaining.manifestInput(countsName: "low-attaining-disadvantaged")) }
        if let bucking { inputs.append(try bucking.manifestInput(countsName: "bucking-the-trend")) }
        if let dataQuality { inputs.append(try dataQuality.manifestInput(countsName: "data-quality")) }
        if let gapIndex { inputs.append(try gapIndex.manifestInput(countsName: "gap-index")) }
        return inputs
    }
}
