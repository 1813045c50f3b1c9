import Foundation

/// A pupil whose latest key stage in the data is KS1 (for example this year's Year 2): only entitlement (a) can
/// be judged for them.
public struct KS1CohortPupil: Sendable {
    public var pupil: NormalisedPupil
    public var timePeriod: String
    public var home: NormalisedResult
    /// Their KS1 results of that year, by subject.
    public var results: [ProgressSubject: NormalisedResult]
}

/// Where comparison means come from. `nil` means the LA's own pupils of the same year (`LocalComparison`).
public struct ProgressOptions: Sendable {
    /// The rules; nil reads the shipped `progress-rules.csv`.
    public var rules: ProgressRules?
    /// Comparison for KS1 -> KS2 progress scores (measures `ks2_reading`, `ks2_maths`).
    public var ks2Comparison: (any ProgressComparison)?
    /// Comparison for KS2 -> KS4 element progress (measures `ks4_english`, `ks4_maths`).
    public var ks4Comparison: (any ProgressComparison)?
    /// National SDs of Progress 8 and its elements for the intervals of `ks4-progress.csv`; nil reads the shipped
    /// `progress8-national-sd.csv`.
    public var progress8Deviations: ProgressEightDeviations?

    public init(rules: ProgressRules? = nil, ks2Comparison: (any ProgressComparison)? = nil,
                ks4Comparison: (any ProgressComparison)? = nil, progress8Deviations: ProgressEightDeviations? = nil) {
        self.rules = rules
        self.ks2Comparison = ks2Comparison
        self.ks4Comparison = ks4Comparison
        self.progress8Deviations = progress8Deviations
    }
}

/// Every pupil's progress, matched across key stages by UPN.
///
/// Pupils are placed as in `KS2Cohorts`: a pupil-year's school is the one on most of their results of that key
/// stage and year (ties to the lowest URN; `KS2Cohorts.homeResult`). Results are kept once per pupil, year and
/// measure (the first, as aggregate does); results of pupils not in `pupils.csv` are ignored; results without an
/// LA number cannot place a pupil but still serve as prior attainment.
public struct ProgressAnalysis: Sendable {
    public var rules: ProgressRules
    public var ks2Pupils: [KS2PupilProgress] = []
    public var ks4Pupils: [KS4PupilProgress] = []
    public var ks1Pupils: [KS1CohortPupil] = []
    /// Whether the comparison population was the LA's own pupils (no comparison given).
    public var comparesLocally = true

    static let ks1Measures: Set<AssessmentMeasure> = [.ks1Reading, .ks1Writing, .ks1Maths]
    static let ks4Measures = Set<AssessmentMeasure>([.ks4Attainment8, .ks4Progress8, .ks4EnglishGrade, .ks4MathsGrade])
        .union(KS4ProgressMeasure.allCases.map(\.assessmentMeasure))

    public init(pupils: [NormalisedPupil], results: [NormalisedResult], rules: ProgressRules,
                options: ProgressOptions = ProgressOptions()) {
        self.rules = rules
        comparesLocally = options.ks2Comparison == nil
        var pupilsByUPN: [String: NormalisedPupil] = [:]
        for pupil in pupils { pupilsByUPN[pupil.upn] = pupil }

        // Every result once per pupil, year and measure, in input order.
        struct MeasureYear: Hashable { var upn: String; var timePeriod: String; var measure: AssessmentMeasure }
        var seen: Set<MeasureYear> = []
        var byPupil: [String: [NormalisedResult]] = [:]
        var order: [String] = []
        for result in results where pupilsByUPN[result.upn] != nil {
            // As in `KS2Cohorts`: a KS2 (or KS4) result without an LA number is not counted anywhere.
            if result.la.isEmpty, !Self.ks1Measures.contains(result.measure) { continue }
            guard seen.insert(MeasureYear(upn: result.upn, timePeriod: result.timePeriod, measure: result.measure)).inserted else { continue }
            if byPupil[result.upn] == nil { order.append(result.upn) }
            byPupil[result.upn, default: []].append(result)
        }

        var ks2Drafts: [KS2PupilProgress] = []
        var ks4Drafts: [(pupil: NormalisedPupil, timePeriod: String, home: NormalisedResult, results: [NormalisedResult], prior: KS2Prior?, band: PriorAttainmentBand)] = []
        for upn in order {
            let pupil = pupilsByUPN[upn]!
            let all = byPupil[upn]!
            let ks1 = all.filter { Self.ks1Measures.contains($0.measure) }
            let ks2 = all.filter { KS2Subject.ks2Measures.contains($0.measure) }
            let ks4 = all.filter { Self.ks4Measures.contains($0.measure) }

            for (timePeriod, yearResults) in Self.placeable(ks2) {
                guard let year = AcademicYear.summerYear(of: timePeriod) else { continue }
                var draft = KS2PupilProgress(
                    pupil: pupil, timePeriod: timePeriod, home: KS2Cohorts.homeResult(yearResults),
                    isLevelsEra: rules.isKS2LevelsEra(year), prior: KS1Prior(ks1Results: ks1, ks2Year: year, rules: rules))
                for subject in ProgressSubject.allCases {
                    guard let result = yearResults.first(where: { $0.measure == subject.ks2Measure }), result.inCohort else { continue }
                    draft.subjects[subject] = SubjectProgress(subject: subject, ks2: result, ks1: nil)
                }
                ks2Drafts.append(draft)
            }
            for (timePeriod, yearResults) in Self.placeable(ks4) {
                guard let year = AcademicYear.summerYear(of: timePeriod) else { continue }
                ks4Drafts.append((pupil, timePeriod, KS2Cohorts.homeResult(yearResults), yearResults,
                                  KS2Prior(ks2Results: ks2, ks4Year: year, rules: rules),
                                  KS4PriorBand.band(ks2Results: ks2, ks4Year: year, rules: rules)))
            }
            let laterYears = (ks2 + ks4).compactMap { AcademicYear.summerYear(of: $0.timePeriod) }
            if let (timePeriod, yearResults) = Self.placeable(ks1).last,
               let year = AcademicYear.summerYear(of: timePeriod), !laterYears.contains(where: { $0 > year }) {
                var bySubject: [ProgressSubject: NormalisedResult] = [:]
                for subject in ProgressSubject.allCases {
                    bySubject[subject] = yearResults.first { $0.measure == subject.ks1Measure }
                }
                ks1Pupils.append(KS1CohortPupil(pupil: pupil, timePeriod: timePeriod, home: KS2Cohorts.homeResult(yearResults), results: bySubject))
            }
        }

        // KS1 -> KS2: comparison means, then each subject judged.
        var observations: [ComparisonObservation] = []
        for draft in ks2Drafts where !draft.isLevelsEra {
            guard let group = draft.prior.group else { continue }
            for subject in [ProgressSubject.reading, .maths] {
                guard let score = draft.subjects[subject]?.ks2.scaledScore else { continue }
                observations.append(ComparisonObservation(la: draft.home.la, timePeriod: draft.timePeriod,
                                                          measure: subject.ks2Measure, priorGroup: group, outcome: score))
            }
        }
        let ks2Comparison = options.ks2Comparison
            ?? LocalComparison(observations: observations, groupWidth: rules.ks1PriorGroupWidth, minimumPupils: rules.priorGroupMinimumPupils)
        ks2Pupils = ks2Drafts.map { draft in
            var judged = draft
            for (subject, progress) in draft.subjects {
                judged.subjects[subject] = SubjectProgress(
                    subject: subject, ks2: progress.ks2, prior: draft.prior, levelsEra: draft.isLevelsEra, rules: rules,
                    expected: { ks2Comparison.expectedOutcome(measure: subject.ks2Measure, timePeriod: draft.timePeriod,
                                                              la: draft.home.la, priorGroup: $0) })
            }
            return judged
        }

        // KS2 -> KS4.
        var ks4Observations: [ComparisonObservation] = []
        for draft in ks4Drafts {
            guard let prior = draft.prior else { continue }
            for element in KS4Element.allCases {
                guard let result = draft.results.first(where: { $0.measure == element.measure }), rules.isJudgement(result),
                      let grade = ks4Value(result) else { continue }
                ks4Observations.append(ComparisonObservation(la: draft.home.la, timePeriod: draft.timePeriod,
                                                             measure: element.measure, priorGroup: prior.group, outcome: grade))
            }
        }
        let ks4Comparison = options.ks4Comparison
            ?? LocalComparison(observations: ks4Observations, groupWidth: rules.ks2PriorGroupWidth, minimumPupils: rules.priorGroupMinimumPupils)
        ks4Pupils = ks4Drafts.map { draft in
            var progress = KS4PupilProgress(pupil: draft.pupil, timePeriod: draft.timePeriod, home: draft.home, prior: draft.prior,
                                            progress8Threshold: rules.ks4Progress8Below)
            progress.priorBand = draft.band
            progress.recordPublishedScores(draft.results, rules: rules)
            // The DfE's own English and maths elements, when the KS4 file gives them, come first: they are measured
            // against national estimates (domain reference section 7).
            for element in KS4Element.allCases {
                guard let score = progress.published[element.progressMeasure],
                      let result = draft.results.first(where: { $0.measure == element.measure }), rules.isJudgement(result),
                      let grade = ks4Value(result) else { continue }
                progress.elements.append(ElementProgress(element: element, grade: result, gradePoints: grade, score: score,
                                                         isBelowThreshold: score < rules.ks4ElementProgressBelow, isPublished: true))
            }
            if let prior = draft.prior, progress.elements.isEmpty {
                for element in KS4Element.allCases {
                    guard let result = draft.results.first(where: { $0.measure == element.measure }), rules.isJudgement(result),
                          let grade = ks4Value(result),
                          let mean = ks4Comparison.expectedOutcome(measure: element.measure, timePeriod: draft.timePeriod,
                                                                   la: draft.home.la, priorGroup: prior.group) else { continue }
                    let score = grade - mean
                    progress.elements.append(ElementProgress(element: element, grade: result, gradePoints: grade, score: score,
                                                             isBelowThreshold: score < rules.ks4ElementProgressBelow))
                }
            }
            if let result = draft.results.first(where: { $0.measure == .ks4Progress8 }), rules.isJudgement(result),
               let value = ks4Value(result) {
                progress.progress8 = (result, value)
            }
            return progress
        }
    }

    /// A key stage's results grouped by year, keeping only results that can place the pupil (an LA number), in
    /// ascending year order.
    static func placeable(_ results: [NormalisedResult]) -> [(timePeriod: String, results: [NormalisedResult])] {
        var byYear: [String: [NormalisedResult]] = [:]
        for result in results where !result.la.isEmpty { byYear[result.timePeriod, default: []].append(result) }
        return byYear.keys.sorted().map { ($0, byYear[$0]!) }
    }
}

extension SubjectProgress {
    /// A subject in the cohort before it is judged.
    init(subject: ProgressSubject, ks2: NormalisedResult, ks1: NormalisedResult?) {
        self.subject = subject
        self.ks2 = ks2
        self.ks1 = ks1
    }
}
