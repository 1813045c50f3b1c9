import Foundation

/// One row of `progress.csv` (gaps-aggregate, `docs/outputs-progress.md`): KS1 -> KS2 progress and pupils not
/// progressing for one place, year, subject and group.
struct PublishedProgressRecord {
    var timePeriod: String
    var geography: AggregateGeography
    var subject: String
    var band: String
    var disadvantage: String
    var sex: String
    var pupilCount: PublishedValue
    var withPriorCount: PublishedValue
    var averageProgress: PublishedValue
    var averageLevelsProgress: PublishedValue
    var expectedProgressPercent: PublishedValue
    var stuckCount: PublishedValue
    var stuckBelowCount: PublishedValue
    var fellBehindCount: PublishedValue
    var lowProgressCount: PublishedValue
    var notProgressingCount: PublishedValue
    var notProgressingPercent: PublishedValue

    static let fileName = "progress.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "subject", "prior_attainment_band", "disadvantage_status", "sex", "pupil_count", "with_prior_count",
        "average_progress_score", "average_levels_progress", "expected_progress_percent", "stuck_count",
        "stuck_below_count", "fell_behind_count", "low_progress_count", "not_progressing_count",
        "not_progressing_percent",
    ]

    init(row: TableRow) throws {
        timePeriod = try parseTimePeriod(of: row)
        geography = try AggregateGeography(row: row)
        subject = row.publishedText("subject")
        band = row.publishedText("prior_attainment_band")
        disadvantage = row.publishedText("disadvantage_status")
        sex = row.publishedText("sex")
        pupilCount = try row.publishedValue("pupil_count")
        withPriorCount = try row.publishedValue("with_prior_count")
        averageProgress = try row.publishedValue("average_progress_score")
        averageLevelsProgress = try row.publishedValue("average_levels_progress")
        expectedProgressPercent = try row.publishedValue("expected_progress_percent")
        stuckCount = try row.publishedValue("stuck_count")
        stuckBelowCount = try row.publishedValue("stuck_below_count")
        fellBehindCount = try row.publishedValue("fell_behind_count")
        lowProgressCount = try row.publishedValue("low_progress_count")
        notProgressingCount = try row.publishedValue("not_progressing_count")
        notProgressingPercent = try row.publishedValue("not_progressing_percent")
    }

    /// The breakdown the row belongs to when at most one filter is not Total; `nil` for an intersection.
    var breakdown: PupilBreakdown? {
        PupilBreakdown.of(disadvantage: disadvantage, sex: sex, band: band)
    }
}

/// One row of `entitlement.csv`: pupils entitled to extra support (2020 Vision (a), (b), (c) or any).
struct PublishedEntitlementRecord {
    var timePeriod: String
    var geography: AggregateGeography
    var entitlement: String
    var sex: String
    var disadvantage: String
    var pupilCount: PublishedValue
    var judgedCount: PublishedValue
    var entitledCount: PublishedValue
    var entitledPercent: PublishedValue

    static let fileName = "entitlement.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "entitlement", "sex", "disadvantage_status", "pupil_count", "judged_count", "entitled_count",
        "entitled_percent",
    ]

    init(row: TableRow) throws {
        timePeriod = try parseTimePeriod(of: row)
        geography = try AggregateGeography(row: row)
        entitlement = row.publishedText("entitlement")
        sex = row.publishedText("sex")
        disadvantage = row.publishedText("disadvantage_status")
        pupilCount = try row.publishedValue("pupil_count")
        judgedCount = try row.publishedValue("judged_count")
        entitledCount = try row.publishedValue("entitled_count")
        entitledPercent = try row.publishedValue("entitled_percent")
    }

    var breakdown: PupilBreakdown? {
        PupilBreakdown.of(disadvantage: disadvantage, sex: sex, band: AggregateLabels.total)
    }
}

/// A row of the restricted `restricted/pupils-needing-support.csv`: one pupil, entitlement and subject, with the
/// evidence. Only the restricted progress-plan page shows these fields; public pages show counts made from them.
struct SupportListRecord {
    var urn: String
    var schoolName: String
    var timePeriod: String
    var upn: String
    var forename: String
    var surname: String
    var entitlement: String
    var subject: String
    var evidence: String
    var priorResult: String
    var laterResult: String
    var progressScore: String
    /// "Boys", "Girls" or "Unknown"; empty when the aggregate output predates the column.
    var sex: String
    /// "Disadvantaged" or "Not known to be disadvantaged"; empty when the aggregate output predates the column.
    var disadvantage: String
    var location: SourceLocation

    static let folder = ProgressOutputs.restrictedFolder
    static let fileName = ProgressOutputs.pupilListFileName
    /// `sex` and `disadvantage_status` are read when present, so an older aggregate output still renders.
    static let requiredColumns = [
        "school_urn", "school_name", "time_period", "upn", "forename", "surname", "entitlement", "subject", "evidence",
        "prior_result", "later_result", "progress_score",
    ]

    init(row: TableRow) throws {
        urn = row["school_urn"]
        // The URN becomes a file name (restricted/<urn>-progress-plan.html): digits only, or empty (LA only).
        guard urn.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw GapsError.malformedInput(
                row.location, message: "column 'school_urn': expected a URN of digits, found '\(urn)'")
        }
        schoolName = row.publishedText("school_name")
        timePeriod = try parseTimePeriod(of: row)
        upn = row["upn"]
        forename = row.publishedText("forename")
        surname = row.publishedText("surname")
        entitlement = row.publishedText("entitlement")
        subject = row.publishedText("subject")
        evidence = row.publishedText("evidence")
        priorResult = row.publishedText("prior_result")
        laterResult = row.publishedText("later_result")
        progressScore = row.publishedText("progress_score")
        sex = row.publishedText("sex")
        disadvantage = row.publishedText("disadvantage_status")
        location = row.location
    }
}

/// Which one-way breakdown a published row gives: all pupils, or one filter away from Total.
enum PupilBreakdown: Int, CaseIterable, Comparable {
    case allPupils, disadvantage, sex, priorAttainment

    static func of(disadvantage: String, sex: String, band: String) -> PupilBreakdown? {
        let total = AggregateLabels.total
        switch (disadvantage == total, sex == total, band == total) {
        case (true, true, true): return .allPupils
        case (false, true, true): return .disadvantage
        case (true, false, true): return .sex
        case (true, true, false): return .priorAttainment
        default: return nil
        }
    }

    var heading: String? {
        switch self {
        case .allPupils: return nil
        case .disadvantage: return "By disadvantage"
        case .sex: return "By sex"
        case .priorAttainment: return "By prior attainment at KS1"
        }
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What rendering reads of the aggregate stage's progress outputs: `progress.csv`, `entitlement.csv` and the
/// restricted pupil list. Each is optional, so an aggregate output without them (an older run, a hand-made test
/// folder) still renders, without those sections' figures.
struct PupilProgressTables {
    var progress: [PublishedProgressRecord] = []
    var entitlement: [PublishedEntitlementRecord] = []
    var supportList: [SupportListRecord] = []
    /// The files read, with their counts, for the render manifest.
    var inputs: [ManifestInput] = []

    static let empty = PupilProgressTables()

    var hasProgress: Bool { !progress.isEmpty }
    var hasEntitlement: Bool { !entitlement.isEmpty }

    static func load(from directory: URL) throws -> PupilProgressTables {
        var tables = PupilProgressTables()
        let fileManager = FileManager.default

        let progressURL = directory.appendingPathComponent(PublishedProgressRecord.fileName)
        if fileManager.fileExists(atPath: progressURL.path) {
            var setAside: [String: Int] = [:]
            try TableFile.forEachRow(in: progressURL, requiring: PublishedProgressRecord.requiredColumns) { row in
                let record = try PublishedProgressRecord(row: row)
                if record.geography.place == nil {
                    setAside["geographic level not shown: \(record.geography.level)", default: 0] += 1
                } else if record.breakdown == nil {
                    setAside["intersection of groups, not shown", default: 0] += 1
                } else {
                    tables.progress.append(record)
                }
            }
            tables.inputs.append(try input(progressURL, kind: "progress", written: tables.progress.count, setAside: setAside))
        }

        let entitlementURL = directory.appendingPathComponent(PublishedEntitlementRecord.fileName)
        if fileManager.fileExists(atPath: entitlementURL.path) {
            var setAside: [String: Int] = [:]
            try TableFile.forEachRow(in: entitlementURL, requiring: PublishedEntitlementRecord.requiredColumns) { row in
                let record = try PublishedEntitlementRecord(row: row)
                if record.geography.place == nil {
                    setAside["geographic level not shown: \(record.geography.level)", default: 0] += 1
                } else if record.breakdown == nil {
                    setAside["intersection of groups, not shown", default: 0] += 1
                } else {
                    tables.entitlement.append(record)
                }
            }
            tables.inputs.append(
                try input(entitlementURL, kind: "entitlement", written: tables.entitlement.count, setAside: setAside))
        }

        let listURL = directory.appendingPathComponent(SupportListRecord.folder)
            .appendingPathComponent(SupportListRecord.fileName)
        if fileManager.fileExists(atPath: listURL.path) {
            var setAside: [String: Int] = [:]
            try TableFile.forEachRow(in: listURL, requiring: SupportListRecord.requiredColumns) { row in
                let record = try SupportListRecord(row: row)
                if record.urn.isEmpty {
                    setAside["pupil not at a school in the data", default: 0] += 1
                } else {
                    tables.supportList.append(record)
                }
            }
            tables.inputs.append(
                try input(listURL, kind: "pupils needing support", written: tables.supportList.count, setAside: setAside))
        }
        return tables
    }

    private static func input(_ url: URL, kind: String, written: Int, setAside: [String: Int]) throws -> ManifestInput {
        var input = try ManifestInput.describing(path: url.path)
        input.counts[kind] = RowCounts(read: written + setAside.values.reduce(0, +), written: written, setAside: setAside)
        return input
    }
}
