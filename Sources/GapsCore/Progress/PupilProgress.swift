import Foundation

/// How one pupil did in one subject between KS1 and KS2, and whether they are "not progressing".
///
/// Definitions (domain reference section 7; thresholds in `progress-rules.csv`):
/// - **Judged**: the pupil has KS1 prior attainment and a KS2 judgement in the subject (not absent, disapplied,
///   ...). Only judged pupils can be stuck or not progressing; they are the denominators of those percentages.
/// - **Stuck below** **(ours)**: below the expected standard at KS1 and still below at KS2.
/// - **Fell behind** **(ours)**: at or above the expected standard at KS1, below it at KS2.
/// - **Levels era** (KS2 up to 2015): levels of progress = KS2 points - KS1 points in the subject (one level = 6
///   points). **Stuck**: under one level (6 points); expected progress: two levels (12 points) or more.
/// - **2016+**, reading and maths: progress score = KS2 scaled score - the mean scaled score of the comparison
///   pupils in the same KS1 prior-attainment group. **Low progress** **(ours)**: a score below the threshold
///   (default -5). Writing has no scaled score and no published points here, so no writing progress score.
/// - **Not progressing** = stuck, stuck below, fell behind or low progress.
public struct SubjectProgress: Sendable, Equatable {
    public var subject: ProgressSubject
    /// The KS2 result (in the cohort).
    public var ks2: NormalisedResult
    /// The KS1 judgement, when the pupil has prior attainment.
    public var ks1: NormalisedResult?
    public var isJudged = false
    /// Levels era: KS2 points minus KS1 points.
    public var levelsProgress: Double?
    /// 2016+ reading and maths: scaled score minus the comparison mean of the prior-attainment group.
    public var progressScore: Double?
    /// Levels era: two levels (12 points) or more.
    public var madeExpectedProgress = false
    public var stuck = false
    public var stuckBelow = false
    public var fellBehind = false
    public var lowProgress = false
    /// What made the pupil "not progressing", in words.
    public var evidence: [String] = []

    public var notProgressing: Bool { stuck || stuckBelow || fellBehind || lowProgress }
}

/// A pupil at the end of KS2 in one year, with their prior attainment and progress in each subject.
public struct KS2PupilProgress: Sendable {
    public var pupil: NormalisedPupil
    public var timePeriod: String
    /// The result whose school and LA the pupil is counted under (as in `KS2Cohorts`).
    public var home: NormalisedResult
    public var isLevelsEra: Bool
    public var prior: KS1Prior
    /// Subjects the pupil is in the KS2 cohort for.
    public var subjects: [ProgressSubject: SubjectProgress] = [:]
}

/// A KS4 English or maths element.
public enum KS4Element: String, CaseIterable, Sendable {
    case english = "English"
    case maths = "Maths"

    public var measure: AssessmentMeasure {
        switch self {
        case .english: .ks4EnglishGrade
        case .maths: .ks4MathsGrade
        }
    }

    /// The DfE's Progress 8 element of the same subject.
    public var progressMeasure: KS4ProgressMeasure {
        switch self {
        case .english: .english
        case .maths: .maths
        }
    }
}

/// One KS4 element's progress from KS2: the pupil's grade minus the mean grade of comparison pupils with the same
/// KS2 prior attainment **(ours**: the DfE's element Progress 8 divides the double-weighted element by 2, which
/// gives the same grade-per-slot units; the DfE uses national estimates, we use the comparison population).
public struct ElementProgress: Sendable, Equatable {
    public var element: KS4Element
    public var grade: NormalisedResult
    public var gradePoints: Double
    public var score: Double
    public var isBelowThreshold: Bool
    /// The DfE's element Progress 8 from the KS4 file (national estimates), rather than our comparison.
    public var isPublished = false
}

/// A pupil at the end of KS4 in one year, with their KS2 -> KS4 progress.
///
/// Not progressing KS2 -> KS4 (domain reference section 7): an English or maths element progress below the
/// threshold (default -1, a grade). When no element progress can be worked out (no KS2 scaled scores in the data,
/// as in most secondary extracts), the pupil's Progress 8 score below the threshold instead.
public struct KS4PupilProgress: Sendable {
    public var pupil: NormalisedPupil
    public var timePeriod: String
    public var home: NormalisedResult
    public var prior: KS2Prior?
    /// Low, middle or high KS2 prior attainment, or none (`KS4PriorBand`): the `ks4-progress.csv` filter.
    public var priorBand: PriorAttainmentBand = .none
    public var elements: [ElementProgress] = []
    /// The Progress 8 result and its value, when there is one.
    public var progress8: (result: NormalisedResult, value: Double)?
    public var progress8Threshold: Double
    /// Progress 8 and its elements as the KS4 file gives them (the DfE's, against national estimates), by measure.
    public var published: [KS4ProgressMeasure: Double] = [:]

    /// Whether KS2 -> KS4 progress could be judged at all.
    public var isJudged: Bool { !elements.isEmpty || progress8 != nil }

    /// Whether Progress 8 stands in for the elements.
    public var usesProgress8: Bool { elements.isEmpty && progress8 != nil }

    public var notProgressing: Bool {
        if !elements.isEmpty { return elements.contains(where: \.isBelowThreshold) }
        return progress8.map { $0.value < progress8Threshold } ?? false
    }
}

/// The number a KS4 result carries: `points` (grades, Attainment 8, Progress 8), else the raw value.
func ks4Value(_ result: NormalisedResult) -> Double? {
    result.points ?? result.scaledScore ?? Double(result.result.trimmingCharacters(in: .whitespaces))
}

extension SubjectProgress {
    /// Judges one subject. `expected` gives the comparison mean for a prior group (2016+ reading and maths).
    init(subject: ProgressSubject, ks2: NormalisedResult, prior: KS1Prior, levelsEra: Bool, rules: ProgressRules,
         expected: (Double) -> Double?) {
        self.subject = subject
        self.ks2 = ks2
        ks1 = prior.judgement(subject)
        guard let ks1, rules.isJudgement(ks2) else { return }
        isJudged = true
        if !ks1.meetsExpected && !ks2.meetsExpected {
            stuckBelow = true
            evidence.append("stuck below: below the expected standard at KS1 and still below it at KS2")
        }
        if ks1.meetsExpected && !ks2.meetsExpected {
            fellBehind = true
            evidence.append("fell behind: at the expected standard at KS1, below it at KS2")
        }
        if levelsEra {
            if let before = ks1.points, let after = ks2.points {
                let progress = after - before
                levelsProgress = progress
                madeExpectedProgress = progress >= rules.levelsExpectedProgressPoints
                if progress < rules.levelsStuckBelowPoints {
                    stuck = true
                    evidence.append("stuck: \(formatNumber(progress)) points of progress, less than one level "
                        + "(\(formatNumber(rules.levelsStuckBelowPoints)) points)")
                }
            }
        } else if subject != .writing, let score = ks2.scaledScore, let group = prior.group, let mean = expected(group) {
            let progress = score - mean
            progressScore = progress
            if progress < rules.lowProgressBelow {
                lowProgress = true
                evidence.append("progress score \(formatNumber(DfERounding.roundHalfUp(progress, places: 2))) "
                    + "below \(formatNumber(rules.lowProgressBelow))")
            }
        }
    }
}
