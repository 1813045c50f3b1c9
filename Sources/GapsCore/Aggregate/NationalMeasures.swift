import Foundation

extension KeyStage {
    /// The `key_stage` value of a national comparator file: `KS1`, `KS2`, `KS4`.
    public var nationalCode: String {
        switch self {
        case .ks1: "KS1"
        case .ks2: "KS2"
        case .ks4: "KS4"
        }
    }

    /// A comparator file's `key_stage`: the short code (`KS4`) or the published label (`Key stage 4`), so that a
    /// file made from our own `attainment-by-characteristic.csv` reads too.
    public init?(nationalValue: String) {
        guard let found = KeyStage.allCases.first(where: { $0.nationalCode == nationalValue || $0.rawValue == nationalValue })
        else { return nil }
        self = found
    }
}

/// A subject or measure a national comparator file may give for a key stage, and the range its average must lie in.
public struct NationalMeasure: Sendable, Equatable {
    public var keyStage: KeyStage
    /// The `subject` value, which is also the `measure` of `attainment-by-characteristic.csv` it is compared with.
    public var subject: String
    public var scoreRange: ClosedRange<Double>
    /// How messages name the score, e.g. "a KS2 scaled score".
    public var scoreMeaning: String
    /// For Progress 8 and its elements: the measure whose national SD `ks4-progress.csv` uses.
    public var progress8Measure: KS4ProgressMeasure?
}

/// The subjects a national comparator file may give, per key stage, with their score ranges
/// (`Resources/national/national-measures.csv`; sources in the folder's README). Data, not code, so that a measure
/// the DfE adds is one line.
public struct NationalMeasureCatalogue: Sendable {
    public static let resourcePath = "national/national-measures.csv"
    static let columns = ["key_stage", "subject", "score_minimum", "score_maximum", "score_meaning", "progress8_measure"]

    /// In file order.
    public private(set) var measures: [NationalMeasure] = []

    public static func shipped() throws -> NationalMeasureCatalogue {
        try read(from: try ResourceFiles.url(resourcePath))
    }

    /// Reads a catalogue; every problem names the line and column.
    public static func read(from url: URL) throws -> NationalMeasureCatalogue {
        var catalogue = NationalMeasureCatalogue()
        let progressMeasures = Dictionary(uniqueKeysWithValues: KS4ProgressMeasure.allCases.map { ($0.dataName, $0) })
        try TableFile.forEachRow(in: url, requiring: columns) { row in
            func fail(_ column: String, _ expected: String) -> GapsError {
                .invalidConfiguration(row.location, message: "column '\(column)': expected \(expected), found '\(row[column])'")
            }
            guard let keyStage = KeyStage(nationalValue: row["key_stage"]) else { throw fail("key_stage", "KS1, KS2 or KS4") }
            let subject = row["subject"]
            guard !subject.isEmpty else { throw fail("subject", "a subject name") }
            guard let minimum = Double(row["score_minimum"]), let maximum = Double(row["score_maximum"]), minimum < maximum else {
                throw fail("score_maximum", "a number above score_minimum")
            }
            var progress8: KS4ProgressMeasure?
            if !row["progress8_measure"].isEmpty {
                guard let measure = progressMeasures[row["progress8_measure"]] else {
                    throw fail("progress8_measure", "blank or one of \(KS4ProgressMeasure.allCases.map(\.dataName).joined(separator: ", "))")
                }
                progress8 = measure
            }
            guard catalogue.measure(keyStage, subject) == nil else { throw fail("subject", "each subject once per key stage") }
            catalogue.measures.append(NationalMeasure(keyStage: keyStage, subject: subject, scoreRange: minimum...maximum,
                                                      scoreMeaning: row["score_meaning"], progress8Measure: progress8))
        }
        return catalogue
    }

    public func measure(_ keyStage: KeyStage, _ subject: String) -> NationalMeasure? {
        measures.first { $0.keyStage == keyStage && $0.subject == subject }
    }

    /// The subjects of a key stage, in file order.
    public func subjects(of keyStage: KeyStage) -> [String] {
        measures.filter { $0.keyStage == keyStage }.map(\.subject)
    }
}

extension NationalFigures {
    /// The national standard deviations `ks4-progress.csv` uses, and which source each came from.
    public struct Progress8Deviations: Sendable {
        public var deviations: ProgressEightDeviations
        /// One line per KS4 year, for the manifest: which SDs came from the national file, which were shipped.
        public var notes: [String]
    }

    /// The national SD of pupil Progress 8 (and element) scores the file gives on its all-pupils rows (every group
    /// column `Total`), by year and measure.
    public func progress8Deviations(catalogue: NationalMeasureCatalogue) -> [String: [KS4ProgressMeasure: Double]] {
        var values: [String: [KS4ProgressMeasure: Double]] = [:]
        for measure in catalogue.measures where measure.keyStage == .ks4 {
            guard let progress8 = measure.progress8Measure else { continue }
            for timePeriod in timePeriods {
                let key = NationalFigureKey(timePeriod: timePeriod, keyStage: .ks4, measure: measure.subject)
                if let sd = figures[key]?.averageScoreSD { values[timePeriod, default: [:]][progress8] = sd }
            }
        }
        return values
    }

    /// The SDs for the DfE's Progress 8 interval (average +/- 1.96 SD / sqrt(n)): for each year and measure the
    /// national file's SD when it gives one, otherwise the shipped `progress/progress8-national-sd.csv` value;
    /// a year in neither gives no interval (`x`), as before. The notes say which, for each year in `ks4Years`.
    public static func progress8Deviations(national: NationalFigures?, shipped: ProgressEightDeviations,
                                           catalogue: NationalMeasureCatalogue, ks4Years: [String]) -> Progress8Deviations {
        var values = shipped.values
        let fromFile = national?.progress8Deviations(catalogue: catalogue) ?? [:]
        for (timePeriod, byMeasure) in fromFile {
            for (measure, sd) in byMeasure { values[timePeriod, default: [:]][measure] = sd }
        }
        let fileNames = national.map { $0.paths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ") } ?? ""
        let notes = ks4Years.sorted().map { timePeriod -> String in
            func names(_ measures: [KS4ProgressMeasure]) -> String { measures.map(\.rawValue).joined(separator: ", ") }
            let national = KS4ProgressMeasure.allCases.filter { fromFile[timePeriod]?[$0] != nil }
            let ours = KS4ProgressMeasure.allCases.filter { fromFile[timePeriod]?[$0] == nil && shipped.values[timePeriod]?[$0] != nil }
            let neither = KS4ProgressMeasure.allCases.filter { values[timePeriod]?[$0] == nil }
            var parts: [String] = []
            if !national.isEmpty { parts.append("\(names(national)) from the national comparator file (\(fileNames))") }
            if !ours.isEmpty { parts.append("\(names(ours)) from the shipped \(ProgressEightDeviations.fileName)") }
            if !neither.isEmpty { parts.append("none for \(names(neither)) (intervals x)") }
            return "ks4-progress.csv national SDs for \(timePeriod): " + parts.joined(separator: "; ")
        }
        return Progress8Deviations(deviations: ProgressEightDeviations(values: values), notes: notes)
    }

    /// One manifest input per comparator file: its SHA-256, rows read from it, and the years and key stages it covers.
    func manifestInputs() throws -> [ManifestInput] {
        try paths.map { path in
            var input = try ManifestInput.describing(path: path)
            let keys = figures.filter { $0.value.location.file == path }.map(\.key)
            input.counts = ["national figures": RowCounts(read: keys.count, written: keys.count)]
            let years = Set(keys.map(\.timePeriod)).sorted().joined(separator: ", ")
            let stages = KeyStage.allCases.filter { stage in keys.contains { $0.keyStage == stage } }.map(\.nationalCode).joined(separator: ", ")
            input.notes = [
                "national comparator (geographic_level National) for \(years) (\(stages)); national figures treated as fixed",
            ]
            return input
        }
    }
}
