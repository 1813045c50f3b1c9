import Foundation

/// KS1 National Curriculum levels (teacher assessment, to 2015) for pupils whose Year 2 fell in the levels era: in
/// the demo, the KS4 pupils of 2024, at KS1 in 2015 and at KS2 in 2019, so that their KS1 -> KS2 progress runs on
/// levels-era prior attainment (issue 5).
///
/// Drawn from the same latent attainment as the 2016+ KS1 codes (`AttainmentModel.ks1Loading`, `ks1NoiseSD`):
/// KS1 latent = `0.85 * (KS2 latent - subject intercept) + 0.6 e`, `e ~ N(0, 1)`, then cut into levels. The noise
/// comes from a stream of each pupil's own (`SyntheticLA.Stream.ks1Levels`), so adding KS1 left every other file
/// byte for byte as it was.
///
/// Cut points were chosen by simulating two million pupils of this model over the default primary schools'
/// disadvantage rates (the same check reproduces the documented 2016+ KS1 shares, 74% / 68% / 75% at EXS or above),
/// so that the shares at or above each level come out near the national KS1 teacher assessment results of 2015
/// (DfE SFR 32/2015, "Phonics screening check and key stage 1 assessments: England 2015"): level 2 or above
/// reading 90%, writing 88%, maths 93%; level 2B or above 82%, 72%, 82%; level 3 or above 32%, 18%, 26%.
/// **Ours** (not in the figures at hand): level 2A or above 58%, 40%, 54% (scaled from the 2A and level 3 shares
/// of 2007 given in Hansard, 15 October 2007); level 4 about 1%, 0.2%, 0.5%; W (working towards level 1) 3%, 3%, 2%;
/// science (whole levels W, 1, 2, 3, 4, from the mean of the reading and maths latents plus its own N(0, 0.6)) level
/// 2 or above 91% and level 3 or above 23%, near national figures of the early 2010s. About 1% of pupils are
/// absent (A) for one subject. Fixture parameters, not DfE rules: nothing in the pipeline reads them.
extension AttainmentModel {
    /// A level and the lowest KS1 latent that reaches it.
    struct LevelCut: Sendable, Equatable {
        var level: String
        var atLeast: Double
    }

    /// Cut points, highest level first; below the last: W.
    static let ks1LevelReadingCuts = cuts([("4", 2.22), ("3", 0.13), ("2A", -0.64), ("2B", -1.47), ("2C", -1.90), ("1", -2.62)])
    static let ks1LevelWritingCuts = cuts([("4", 2.83), ("3", 0.64), ("2A", -0.11), ("2B", -1.08), ("2C", -1.78), ("1", -2.62)])
    static let ks1LevelMathsCuts = cuts([("4", 2.63), ("3", 0.48), ("2A", -0.37), ("2B", -1.31), ("2C", -1.98), ("1", -2.68)])
    /// Science was reported in whole levels.
    static let ks1LevelScienceCuts = cuts([("4", 2.85), ("3", 0.53), ("2", -1.94), ("1", -2.82)])
    /// Chance that a pupil was absent (A) for one of reading, writing and maths.
    static let ks1LevelAbsentChance = 0.01

    private static func cuts(_ pairs: [(String, Double)]) -> [LevelCut] {
        pairs.map { LevelCut(level: $0.0, atLeast: $0.1) }
    }

    static func ks1Level(latent: Double, cuts: [LevelCut]) -> String {
        cuts.first { latent >= $0.atLeast }?.level ?? "W"
    }

    /// A pupil's KS1 levels in `year` from its KS2 latents (reading, writing, maths), drawing only from `random`.
    func ks1Levels(year: Int, reading: Double, writing: Double, maths: Double,
                   random: inout FixtureRandom) -> SyntheticPupil.KS1Levels {
        func ks1Latent(_ ks2Latent: Double, _ subject: Subject) -> Double {
            ks1Loading * (ks2Latent - subject.intercept) + ks1NoiseSD * random.normal()
        }
        let readingLatent = ks1Latent(reading, self.reading)
        let writingLatent = ks1Latent(writing, self.writing)
        let mathsLatent = ks1Latent(maths, self.maths)
        let scienceLatent = (readingLatent + mathsLatent) / 2 + ks1NoiseSD * random.normal()
        var levels = [
            Self.ks1Level(latent: readingLatent, cuts: Self.ks1LevelReadingCuts),
            Self.ks1Level(latent: writingLatent, cuts: Self.ks1LevelWritingCuts),
            Self.ks1Level(latent: mathsLatent, cuts: Self.ks1LevelMathsCuts),
        ]
        let absentDraw = random.uniform()
        let absentSubject = random.integer(in: 0...2)
        if absentDraw < Self.ks1LevelAbsentChance { levels[absentSubject] = "A" }
        return SyntheticPupil.KS1Levels(year: year, reading: levels[0], writing: levels[1], maths: levels[2],
                                        science: Self.ks1Level(latent: scienceLatent, cuts: Self.ks1LevelScienceCuts))
    }
}

extension SyntheticPupil {
    /// KS1 teacher assessment levels (to 2015): W, 1, 2C, 2B, 2A, 3, 4, or A (absent); science in whole levels.
    public struct KS1Levels: Sendable, Equatable {
        /// The summer of the assessment (2015 for KS2 in 2019).
        public var year: Int
        public var reading: String
        public var writing: String
        public var maths: String
        public var science: String
    }
}

/// Shares at or above each KS1 level in the KS1 levels extract, for the fixtures README.
struct KS1LevelTally: Sendable {
    var pupils = 0
    /// Per subject (Reading, Writing, Maths): pupils at or above level 2C, 2B and 3 (absent pupils count as below).
    var atLeast: [String: [String: Int]] = [:]

    /// The same pupils at KS2 reaching the expected standard (scaled score 100 or more) in reading and in maths.
    var ks2ReadingExpected = 0
    var ks2MathsExpected = 0

    static let subjects = ["Reading", "Writing", "Maths"]
    static let levels = ["2C", "2B", "3"]

    mutating func add(_ levels: SyntheticPupil.KS1Levels, of pupil: SyntheticPupil, scale: NCLevelScale) {
        pupils += 1
        if (pupil.reading.scaledScore ?? 0) >= 100 { ks2ReadingExpected += 1 }
        if (pupil.maths.scaledScore ?? 0) >= 100 { ks2MathsExpected += 1 }
        for (subject, level) in zip(Self.subjects, [levels.reading, levels.writing, levels.maths]) {
            guard let points = scale.levels[level]?.points else { continue }
            for threshold in Self.levels where points >= (scale.levels[threshold]?.points ?? .infinity) {
                atLeast[subject, default: [:]][threshold, default: 0] += 1
            }
        }
    }
}

extension SyntheticLA {
    /// The columns of the KS1 levels extract, in the layout the built-in `npd-ks1-levels` profile detects: the KS2
    /// extract's pupil columns, then the NPD's levels-era KS1 result columns.
    public static let ks1LevelsColumns = [
        "UPN", "SURNAME", "FORENAMES", "DOB", "SEX", "LA", "ESTAB", "LAESTAB", "URN", "SCHNAME", "ACADYR",
        "READING", "WRITING", "MATHS", "SCIENCE", "APS", "FSM", "FSM6", "CLA_PP_1_DAY", "EALGRP", "SENPROV",
        "ETHNICITYMAJOR", "ETHNICITYMINOR",
    ]

    /// One row of the KS1 levels extract: the pupil at the primary school of its KS2 results (`feederSchool`), with
    /// the characteristics of its KS2 row (the generator keeps one set per pupil, so merging the files raises no
    /// conflict). APS: the NPD's KS1 average point score, the mean of the reading, writing and maths points
    /// (`scales/nc-levels.csv`), to two decimals; blank when a subject has no points (absent).
    static func ks1LevelsFields(_ pupil: SyntheticPupil, levels: SyntheticPupil.KS1Levels, school: School,
                                scale: NCLevelScale) -> [String] {
        let points = [levels.reading, levels.writing, levels.maths].compactMap { scale.levels[$0]?.points }
        let aps = points.count == 3 ? fixtureDecimal(points.reduce(0, +) / 3, places: 2) : ""
        return [
            pupil.upn, pupil.surname, pupil.forename, pupil.dob.dayMonthYear, pupil.sex,
            String(school.laestab / 10_000), String(school.estab), String(school.laestab), String(school.urn),
            school.name, "\(levels.year - 1)/\(levels.year)",
            levels.reading, levels.writing, levels.maths, levels.science, aps,
            pupil.fsmEligible ? "1" : "0", pupil.fsmEver6 ? "1" : "0", pupil.lookedAfter ? "1" : "0",
            String(pupil.ealGroup), pupil.senProvision, pupil.ethnicityMajor, pupil.ethnicityMain,
        ]
    }
}
