/// Everything the generator decided about one synthetic pupil: what its CTF entry and extract row say.
///
/// Handed to the caller of `SyntheticLA.write(to:onPupil:)` as each pupil is written, so that tests can check the
/// files against the intended values without parsing XML, and so that benchmarks can stream millions of pupils.
public struct SyntheticPupil: Sendable, Equatable {
    /// One SEN provision record (CTF SENhistory/SEN). `end` nil: the current record.
    public struct SENRecord: Sendable, Equatable {
        public var start: CivilDate
        public var provision: String
        public var end: CivilDate?
    }

    /// A KS2 test result: a scaled score (80-120) or an outcome code (B, A, T, D, M, L) written in its place.
    public enum TestResult: Sendable, Equatable {
        case scaledScore(Int)
        case code(String)

        /// The CTF `Result` value.
        public var ctfResult: String {
            switch self {
            case let .scaledScore(score): return String(score)
            case let .code(code): return code
            }
        }

        /// The extract's score column (READSCORE...): the score, or empty.
        public var extractScore: String {
            if case let .scaledScore(score) = self { return String(score) }
            return ""
        }

        /// The extract's outcome column (READOUTCOME...): AS/NS for a score (expected standard is 100), else the code.
        public var extractOutcome: String {
            switch self {
            case let .scaledScore(score): return score >= 100 ? "AS" : "NS"
            case let .code(code): return code
            }
        }

        public var scaledScore: Int? {
            if case let .scaledScore(score) = self { return score }
            return nil
        }
    }

    /// KS1 teacher assessments (2016+ codes PKF, WTS, EXS, GDS) in the year the pupil was in Year 2.
    public struct KS1Assessments: Sendable, Equatable {
        public var year: Int
        public var reading: String
        public var writing: String
        public var maths: String
        /// Science: EXS (met the expected standard) or HNM (has not met it); science has no greater depth.
        public var science: String
    }

    public var upn: String
    public var surname: String
    public var forename: String
    public var dob: CivilDate
    /// M or F.
    public var sex: String
    /// The school's 1-based index in `SyntheticLA.schools`.
    public var schoolIndex: Int
    public var laestab: Int
    /// The KS2 assessment year (the end of the academic year: 2024 for 2023/24).
    public var ks2Year: Int
    /// As written in the CTF: a main code or an extended code.
    public var ethnicity: String
    /// The main (minor-group) code the extract writes in ETHNICITYMINOR.
    public var ethnicityMain: String
    /// The major-group code the extract writes in ETHNICITYMAJOR.
    public var ethnicityMajor: String
    public var firstLanguage: String
    /// NPD EALGRP: 1 English, 2 other than English, 3 unclassified.
    public var ealGroup: Int
    public var serviceChild: Bool
    public var lookedAfter: Bool
    public var fsmPeriods: [FSMPeriod]
    /// `FSMStatus.isEligible` at the spring census of the KS2 year: what the extract's FSM column says.
    public var fsmEligible: Bool
    /// `FSMStatus.isEver6` at that census: the extract's FSM6 column.
    public var fsmEver6: Bool
    /// Newest first, as SIMS writes them; the one without an end date is current.
    public var senHistory: [SENRecord]
    /// Current provision: N, K or E.
    public var senProvision: String
    public var senPrimaryNeed: String?
    public var reading: TestResult
    public var maths: TestResult
    public var gps: TestResult
    /// KS2 writing teacher assessment: GDS, EXS, WTS, PK1-PK6 or EM.
    public var writingTA: String
    public var ks1: KS1Assessments?
    /// KS1 National Curriculum levels, for a pupil in Year 2 up to 2015 (`KS1LevelsFixtures.swift`).
    public var ks1Levels: KS1Levels?
    /// Written to a CTF file (schools with CTFs) and to an extract (extract years).
    public var inCTF: Bool
    public var inExtract: Bool

    /// Disadvantaged as DfE defines it for these data: FSM Ever 6 or looked after.
    public var isDisadvantaged: Bool { fsmEver6 || lookedAfter }
}
