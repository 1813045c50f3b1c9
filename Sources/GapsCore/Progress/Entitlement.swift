import Foundation

/// The 2020 Vision entitlements to extra support (domain reference sections 1 and 7).
public enum Entitlement: String, CaseIterable, Sendable, Hashable {
    /// (a) Not reaching the expected standard in reading, writing or maths at KS1.
    case ks1BelowExpected = "KS1 below expected in reading, writing or maths"
    /// (b) Not progressing in English (reading or writing) or maths between KS1 and KS2.
    case notProgressingKS1ToKS2 = "Not progressing KS1 to KS2 in English or maths"
    /// (c) Not progressing between KS2 and KS4.
    case notProgressingKS2ToKS4 = "Not progressing KS2 to KS4"

    /// The published value for "any of the three".
    public static let any = "Any"
}

/// What triggered one entitlement in one subject: the rows of the restricted pupil list.
public struct EntitlementEvidence: Sendable, Equatable {
    public var entitlement: Entitlement
    /// "Reading", "Writing", "Maths", "English", or "Overall" for Progress 8.
    public var subject: String
    public var evidence: String
    public var priorResult: String
    public var laterResult: String
    public var progressScore: Double?
}

/// One pupil at the end of a key stage in one year, at one place, with the entitlements judged for them.
///
/// Which entitlements are judged **(ours)**: a pupil at the end of KS1 (whose latest key stage in the data is
/// KS1): (a). At the end of KS2: (a) from their KS1 results and (b). At the end of KS4: (c). An entitlement is
/// *judged* when the evidence exists to decide it either way ((a): a KS1 judgement in at least one subject;
/// (b): a judged subject, see `SubjectProgress`; (c): element progress or Progress 8); a pupil without it is
/// neither entitled nor counted in that entitlement's percentage.
public struct EntitlementRecord: Sendable {
    public var pupil: NormalisedPupil
    public var timePeriod: String
    public var keyStage: String
    public var home: NormalisedResult
    public var judged: Set<Entitlement> = []
    public var evidence: [EntitlementEvidence] = []

    public var entitled: Set<Entitlement> { Set(evidence.map(\.entitlement)) }

    /// Every cohort pupil of the analysis, KS1, KS2 and KS4, with their entitlements.
    public static func records(from analysis: ProgressAnalysis) -> [EntitlementRecord] {
        let rules = analysis.rules
        var records: [EntitlementRecord] = []
        for entry in analysis.ks1Pupils {
            var record = EntitlementRecord(pupil: entry.pupil, timePeriod: entry.timePeriod, keyStage: "KS1", home: entry.home)
            record.judgeKS1(entry.results, rules: rules)
            records.append(record)
        }
        for entry in analysis.ks2Pupils {
            var record = EntitlementRecord(pupil: entry.pupil, timePeriod: entry.timePeriod, keyStage: "KS2", home: entry.home)
            record.judgeKS1(entry.prior.results, rules: rules)
            for subject in ProgressSubject.allCases {
                guard let progress = entry.subjects[subject], progress.isJudged else { continue }
                record.judged.insert(.notProgressingKS1ToKS2)
                guard progress.notProgressing, let ks1 = progress.ks1 else { continue }
                record.evidence.append(EntitlementEvidence(
                    entitlement: .notProgressingKS1ToKS2, subject: subject.rawValue,
                    evidence: progress.evidence.joined(separator: "; "),
                    priorResult: ResultText.describe(ks1, stage: "KS1"), laterResult: ResultText.describe(progress.ks2, stage: "KS2"),
                    progressScore: progress.progressScore))
            }
            records.append(record)
        }
        for entry in analysis.ks4Pupils {
            var record = EntitlementRecord(pupil: entry.pupil, timePeriod: entry.timePeriod, keyStage: "KS4", home: entry.home)
            if entry.isJudged { record.judged.insert(.notProgressingKS2ToKS4) }
            let prior = entry.prior.map { prior in
                "KS2 reading \(formatNumber(prior.reading)), maths \(formatNumber(prior.maths)) "
                    + "(average \(formatNumber(prior.average)), \(ResultText.yearLabel(prior.timePeriod)))"
            } ?? "no KS2 scaled scores in the data"
            for element in entry.elements where element.isBelowThreshold {
                record.evidence.append(EntitlementEvidence(
                    entitlement: .notProgressingKS2ToKS4, subject: element.element.rawValue,
                    evidence: "\(element.element.rawValue.lowercased()) element \(element.isPublished ? "Progress 8 (DfE, national estimates)" : "progress") "
                        + "\(formatNumber(DfERounding.roundHalfUp(element.score, places: 2))) below \(formatNumber(rules.ks4ElementProgressBelow))",
                    priorResult: entry.prior == nil && element.isPublished ? "KS2 prior attainment as used by the DfE for the KS4 file" : prior,
                    laterResult: ResultText.describe(element.grade, stage: "KS4"), progressScore: element.score))
            }
            if entry.usesProgress8, entry.notProgressing, let progress8 = entry.progress8 {
                record.evidence.append(EntitlementEvidence(
                    entitlement: .notProgressingKS2ToKS4, subject: "Overall",
                    evidence: "Progress 8 \(formatNumber(progress8.value)) below \(formatNumber(rules.ks4Progress8Below)) "
                        + "(no English or maths element progress could be worked out)",
                    priorResult: prior, laterResult: "KS4 Progress 8 \(formatNumber(progress8.value)) (\(ResultText.yearLabel(entry.timePeriod)))",
                    progressScore: progress8.value))
            }
            records.append(record)
        }
        return records
    }

    /// Entitlement (a) from KS1 results: each judged subject below the expected standard is evidence.
    mutating func judgeKS1(_ results: [ProgressSubject: NormalisedResult], rules: ProgressRules) {
        for subject in ProgressSubject.allCases {
            guard let result = results[subject], rules.isJudgement(result) else { continue }
            judged.insert(.ks1BelowExpected)
            guard !result.meetsExpected else { continue }
            evidence.append(EntitlementEvidence(
                entitlement: .ks1BelowExpected, subject: subject.rawValue,
                evidence: "below the expected standard in \(subject.lowercased) at KS1",
                priorResult: ResultText.describe(result, stage: "KS1"), laterResult: "", progressScore: nil))
        }
    }
}
