import Foundation

/// A subject whose progress from KS1 to KS2 is measured.
public enum ProgressSubject: String, CaseIterable, Sendable, Hashable {
    case reading = "Reading"
    case writing = "Writing"
    case maths = "Maths"

    public var ks1Measure: AssessmentMeasure {
        switch self {
        case .reading: .ks1Reading
        case .writing: .ks1Writing
        case .maths: .ks1Maths
        }
    }

    public var ks2Measure: AssessmentMeasure {
        switch self {
        case .reading: .ks2Reading
        case .writing: .ks2Writing
        case .maths: .ks2Maths
        }
    }

    /// Lower-case name for sentences ("reading").
    var lowercased: String { rawValue.lowercased() }
}

/// A pupil's KS1 prior-attainment band, the published filter of `progress.csv`.
public enum PriorAttainmentBand: String, CaseIterable, Sendable, Hashable {
    case low = "Low"
    case middle = "Middle"
    case high = "High"
    case none = "No prior attainment"
}

/// Which point scale a pupil's KS1 results are on.
public enum KS1Scale: String, Sendable, Equatable {
    /// National Curriculum levels (to 2015): W 3, 1 9, 2C 13, 2B 15, 2A 17, 3 21.
    case levels
    /// 2016+ teacher assessment: PKF 4, WTS 6, EXS 8, GDS 10.
    case teacherAssessment = "teacher assessment"
}

/// A pupil's KS1 results as prior attainment for KS2.
///
/// Rules (domain reference sections 4 and 7):
/// - The KS1 results are those of the latest year before the KS2 year (normally four years earlier).
/// - A pupil has prior attainment when all of reading, writing and maths have a KS1 judgement (a result that is
///   not a code such as absent or disapplied: `ProgressRules.noJudgementCodes`), as the DfE excludes pupils
///   without all three. Otherwise: "No prior attainment", never zero, with the reason.
/// - The KS1 average point score (APS) weights English and maths 50:50: ((reading + writing) / 2 + maths) / 2 (the
///   DfE's KS1-KS2 progress guidance, 2016-2019; weights in `progress-rules.csv`). It needs points in all three.
/// - Band: Low / Middle / High by the APS thresholds of the pupil's KS1 scale. A pupil judged in all three
///   subjects but with a result below the point scale (P scales, PK1-PK4, BLW, EM: their points are not
///   confirmed) is Low **(ours)**: clearly below the lowest pointed result, but with no APS, so no progress score.
/// - Prior-attainment group for progress scores: the APS rounded to a multiple of `ks1PriorGroupWidth` **(ours)**.
public struct KS1Prior: Sendable, Equatable {
    /// The KS1 year used (EES time period), nil when the pupil has no KS1 result.
    public var timePeriod: String?
    public var scale: KS1Scale?
    /// The KS1 result in each subject that has one, judged or not.
    public var results: [ProgressSubject: NormalisedResult] = [:]
    public var averagePointScore: Double?
    public var band: PriorAttainmentBand = .none
    /// The fine prior-attainment group (APS rounded), nil without an APS.
    public var group: Double?
    /// Why the pupil has no prior attainment, when `band == .none`.
    public var missingReason: String?

    public static let reasonNoAssessment = "KS1 fell in a year without statutory assessment (2020 or 2021)"
    public static let reasonNoResult = "no KS1 result"
    public static let reasonIncomplete = "KS1 reading, writing or maths missing or not assessed (absent, disapplied, ...)"

    public var hasPriorAttainment: Bool { band != .none }

    /// The judged KS1 result in `subject` of a pupil with prior attainment; nil otherwise.
    public func judgement(_ subject: ProgressSubject) -> NormalisedResult? {
        hasPriorAttainment ? results[subject] : nil
    }

    public init() {}

    /// Works out prior attainment for a pupil at the end of KS2 in the summer of `ks2Year`.
    ///
    /// - Parameter ks1Results: the pupil's KS1 results, any year; only years before `ks2Year` are used.
    public init(ks1Results: [NormalisedResult], ks2Year: Int, rules: ProgressRules) {
        let earlier = ks1Results.filter { (AcademicYear.summerYear(of: $0.timePeriod) ?? .max) < ks2Year }
        guard let latest = earlier.map(\.timePeriod).max(),
              let year = AcademicYear.summerYear(of: latest) else {
            missingReason = rules.yearsWithoutKS1Assessment.contains(ks2Year - 4) ? Self.reasonNoAssessment : Self.reasonNoResult
            return
        }
        timePeriod = latest
        let scale: KS1Scale = rules.isKS1LevelsEra(year) ? .levels : .teacherAssessment
        self.scale = scale
        for result in earlier where result.timePeriod == latest {
            guard let subject = ProgressSubject.allCases.first(where: { $0.ks1Measure == result.measure }),
                  results[subject] == nil else { continue }
            results[subject] = result
        }
        let judged = ProgressSubject.allCases.compactMap { results[$0] }.filter(rules.isJudgement)
        guard judged.count == ProgressSubject.allCases.count else {
            missingReason = Self.reasonIncomplete
            return
        }
        let points = ProgressSubject.allCases.compactMap { results[$0]?.points }
        guard points.count == ProgressSubject.allCases.count else {
            band = .low
            return
        }
        let aps = rules.apsWeightReading * points[0] + rules.apsWeightWriting * points[1] + rules.apsWeightMaths * points[2]
        averagePointScore = aps
        group = ProgressRules.group(aps, width: rules.ks1PriorGroupWidth)
        let (middleFrom, highFrom) = scale == .levels
            ? (rules.levelsBandMiddleFrom, rules.levelsBandHighFrom)
            : (rules.teacherAssessmentBandMiddleFrom, rules.teacherAssessmentBandHighFrom)
        band = aps >= highFrom ? .high : aps >= middleFrom ? .middle : .low
    }
}

/// A pupil's KS2 results as prior attainment for KS4: the mean of the KS2 reading and maths scaled scores (as the
/// DfE's Progress 8 prior attainment, domain reference section 5), from the latest KS2 year before the KS4 year.
public struct KS2Prior: Sendable, Equatable {
    public var timePeriod: String
    public var reading: Double
    public var maths: Double
    public var average: Double { (reading + maths) / 2 }
    /// The average rounded to a multiple of `ks2PriorGroupWidth` **(ours**; the DfE uses 34 published groups).
    public var group: Double

    /// nil when the pupil has no KS2 year before `ks4Year` with both scaled scores.
    public init?(ks2Results: [NormalisedResult], ks4Year: Int, rules: ProgressRules) {
        let earlier = ks2Results.filter { (AcademicYear.summerYear(of: $0.timePeriod) ?? .max) < ks4Year }
        guard let latest = earlier.map(\.timePeriod).max() else { return nil }
        let thatYear = earlier.filter { $0.timePeriod == latest }
        guard let reading = thatYear.first(where: { $0.measure == .ks2Reading })?.scaledScore,
              let maths = thatYear.first(where: { $0.measure == .ks2Maths })?.scaledScore else { return nil }
        timePeriod = latest
        self.reading = reading
        self.maths = maths
        group = ProgressRules.group((reading + maths) / 2, width: rules.ks2PriorGroupWidth)
    }
}

/// How results are quoted in evidence: the raw result, with points or a scaled score where they add something.
enum ResultText {
    static func describe(_ result: NormalisedResult, stage: String) -> String {
        let year = yearLabel(result.timePeriod)
        switch result.kind {
        case .level:
            let points = result.points.map { ", \(formatNumber($0)) points" } ?? ""
            return "\(stage) level \(result.result)\(points) (\(year))"
        case .scaledScore:
            return "\(stage) scaled score \(result.scaledScore.map(formatNumber) ?? result.result) (\(year))"
        case .grade:
            return "\(stage) grade \(result.points.map(formatNumber) ?? result.result) (\(year))"
        case .teacherAssessment, .outcomeCode, .score:
            return "\(stage) \(result.result) (\(year))"
        }
    }

    /// "202223" -> "2022/23".
    static func yearLabel(_ timePeriod: String) -> String {
        guard timePeriod.count == 6 else { return timePeriod }
        return "\(timePeriod.prefix(4))/\(timePeriod.suffix(2))"
    }
}
