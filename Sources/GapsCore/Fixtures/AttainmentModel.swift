/// The statistical model behind synthetic results: where the gaps in the fixtures come from.
///
/// Each pupil has a general attainment `a ~ N(0,1)`; each subject's latent attainment is
/// `intercept + school effect + group effects + 0.85 a + 0.527 e` with `e ~ N(0,1)` specific to the subject
/// (so subjects correlate about 0.72, and the pupil term has unit variance). Group effects, in SD units:
/// disadvantaged -0.55, SEN support -0.8, EHC plan -1.6, boys -0.3 in reading, writing and GPS and +0.05 in maths.
/// A school's effect is drawn once from N(0, 0.3).
///
/// A test's scaled score is `round(104 + 7 * latent)` clipped to 80...120. Intercepts and cut points were
/// calibrated by simulating two million pupils of this model over the default schools' disadvantage rates, so that
/// LA-wide shares come out near national figures: expected standard about 73% in reading and maths, 72% in GPS,
/// 70% in writing (GDS 13%, EXS 57%, WTS 25%, pre-key-stage 5%), RWM about 59%; KS1 2019 about 75% / 69% / 76%
/// at EXS or above. These are fixture parameters, not DfE rules: nothing in the pipeline reads them.
struct AttainmentModel: Sendable {
    struct Subject: Sendable {
        var intercept: Double
        var boyEffect: Double
    }

    var reading = Subject(intercept: 0.5, boyEffect: -0.3)
    var maths = Subject(intercept: 0.35, boyEffect: 0.05)
    var gps = Subject(intercept: 0.45, boyEffect: -0.3)
    var writing = Subject(intercept: 0.0, boyEffect: -0.3)

    var generalLoading = 0.85
    var specificLoading = 0.527
    var schoolEffectSD = 0.3
    var disadvantagedEffect = -0.55
    var senSupportEffect = -0.8
    var ehcPlanEffect = -1.6

    var scaledScoreCentre = 104.0
    var scaledScorePerSD = 7.0
    /// Below this unrounded score a pupil is usually entered as working below the test (B): about 2% of pupils.
    var belowTestScore = 87.0
    var belowTestChance = 0.75

    /// Writing TA by latent cut points, highest first; below the last: EM (engagement model).
    var writingCuts: [(code: String, atLeast: Double)] = [
        ("GDS", 0.83), ("EXS", -1.04), ("WTS", -2.39), ("PK6", -2.60), ("PK5", -2.79), ("PK4", -3.05),
        ("PK3", -3.26), ("PK2", -3.58), ("PK1", -3.90),
    ]
    /// Every writing code from lowest to highest, to cap a code (a disapplied pupil is not at the standard).
    var writingOrder = ["EM", "PK1", "PK2", "PK3", "PK4", "PK5", "PK6", "WTS", "EXS", "GDS"]

    /// KS1 TA from `0.85 * (KS2 latent - intercept) + 0.6 e`: cut points for GDS, EXS, WTS; below: PKF.
    var ks1Loading = 0.85
    var ks1NoiseSD = 0.6
    var ks1ReadingCuts = [0.39, -1.15, -2.43]
    var ks1WritingCuts = [0.80, -0.95, -2.30]
    var ks1MathsCuts = [0.65, -1.04, -2.27]
    /// KS1 science from the mean of the reading and maths KS1 latents plus its own N(0, 0.6) noise: EXS from this
    /// cut, else HNM: 112 of the demo's 131 KS1 pupils (85%) reach EXS, in line with national KS1 science results
    /// of the 2010s (fixture parameter, not a DfE figure).
    var ks1ScienceCut = -1.3

    /// Chances of outcome codes in place of scores. L (left) and T (unable to access) cover all three tests;
    /// D (disapplied) only pupils with an EHC plan; A (absent) and M (missing) one test each.
    var leftChance = 0.005
    var unableToAccessChance = 0.004
    var disappliedChanceWithEHCPlan = 0.12
    var absentChance = 0.010
    var missingChance = 0.004

    func writingTA(latent: Double) -> String {
        writingCuts.first { latent >= $0.atLeast }?.code ?? "EM"
    }

    /// `code`, or `ceiling` when `code` is higher.
    func writingTA(_ code: String, cappedAt ceiling: String) -> String {
        let codeRank = writingOrder.firstIndex(of: code) ?? 0
        let ceilingRank = writingOrder.firstIndex(of: ceiling) ?? 0
        return codeRank > ceilingRank ? ceiling : code
    }

    func ks1Code(latent: Double, cuts: [Double]) -> String {
        if latent >= cuts[0] { return "GDS" }
        if latent >= cuts[1] { return "EXS" }
        if latent >= cuts[2] { return "WTS" }
        return "PKF"
    }
}
