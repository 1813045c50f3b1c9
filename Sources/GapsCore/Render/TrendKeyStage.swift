import Foundation

/// What the trends section (`TrendsSection.swift`) needs to know about a key stage of `trends.csv` to draw and word
/// it: the `key_stage` label its rows carry, the subject it leads with, the order of its subjects and what reaching
/// its standard is called. One section code draws every key stage, so KS1 and KS4 read as KS2 does.
struct TrendKeyStage: Sendable {
    /// The `key_stage` column's label (`trends.csv`; the labels of `attainment-by-characteristic.csv`).
    var label: String
    /// The subject whose rates are charted by group, when the key stage has it (else its first subject).
    var headlineSubject: String
    /// Subjects in the order the gaps chart, its table and the sentences list them; others follow as they appear.
    var subjectOrder: [String]
    /// What the file's `expected_standard_*` columns count, after "pupils" ("reaching the expected standard"; at
    /// KS4 grade 4 or above, as `docs/outputs.md` defines the KS4 rows of `trends.csv`).
    var standard: String

    static let ks1 = TrendKeyStage(
        label: CharacteristicMeasure.keyStage1, headlineSubject: AggregateLabels.readingWritingMaths,
        subjectOrder: AggregateLabels.subjectOrder + ["Science"], standard: "reaching the expected standard")
    static let ks2 = TrendKeyStage(
        label: TrendRecord.keyStage2, headlineSubject: AggregateLabels.readingWritingMaths,
        subjectOrder: AggregateLabels.subjectOrder, standard: "reaching the expected standard")
    static let ks4 = TrendKeyStage(
        label: KS4Labels.keyStage, headlineSubject: KS4Labels.englishAndMaths,
        subjectOrder: [KS4Labels.englishAndMaths, KS4Labels.english, KS4Labels.maths],
        standard: "achieving grade 4 or above")
}
