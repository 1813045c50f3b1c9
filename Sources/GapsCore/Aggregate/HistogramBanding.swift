import Foundation

/// How the pupils of one measure fall into the bands of `histograms-by-characteristic.csv`, and whether the bands
/// split cleanly at the measure's thresholds. Shared by the histogram table and by `BreakdownTable`, whose
/// suppression must know what the bands give away (`CountIdentities`).
struct HistogramBanding {
    let histogram: HistogramMeasure
    /// The band labels, in file order (without `Total`).
    let labels: [String]
    /// Per band, whether its pupils reach the expected (higher) standard: nil for an empty band.
    private(set) var reachesExpected: [Bool?]
    private(set) var reachesHigher: [Bool?]
    /// Every pupil of each band reaches the standard or none does (both standards): then the bands at or above a
    /// threshold add up to the count reaching it, and a group's empty bands tell whether it has pupils on each side.
    private(set) var splitsAtThresholds: Bool
    private let bandIndex: [String: Int]

    /// `members`: every pupil of the measure in the input (outcome codes become bands as they are found).
    /// Throws `GapsError.malformedInput` (located at `resultsFile`) for a score outside every band.
    init(_ histogram: HistogramMeasure, members: [BreakdownMember], resultsFile: String) throws {
        self.histogram = histogram
        switch histogram.binning {
        case let .scores(scoreBands, noScore):
            labels = scoreBands.map(\.label) + [noScore]
        case .outcomes:
            var points: [String: Double] = [:]
            var codes: Set<String> = []
            for member in members {
                let code = HistogramMeasure.outcomeLabel(member)
                codes.insert(code)
                if let value = member.outcomePoints { points[code] = min(points[code] ?? value, value) }
            }
            labels = codes.sorted { a, b in
                switch (points[a], points[b]) {
                case let (x?, y?): (x, a) < (y, b)
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): a < b
                }
            }
        }
        bandIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        reachesExpected = Array(repeating: nil, count: labels.count)
        reachesHigher = Array(repeating: nil, count: labels.count)
        splitsAtThresholds = histogram.measure.hasThresholds
        for member in members where splitsAtThresholds {
            let position = try band(of: member, resultsFile: resultsFile)
            if reachesExpected[position] == nil { reachesExpected[position] = member.meetsExpected }
            if reachesHigher[position] == nil { reachesHigher[position] = member.meetsHigher }
            if reachesExpected[position] != member.meetsExpected || reachesHigher[position] != member.meetsHigher {
                splitsAtThresholds = false
            }
        }
    }

    /// The band of a pupil's result, by position in `labels`.
    func band(of member: BreakdownMember, resultsFile: String) throws -> Int {
        let measure = histogram.measure
        switch histogram.binning {
        case let .scores(scoreBands, noScore):
            guard let score = member.score else { return bandIndex[noScore]! }
            guard let position = scoreBands.firstIndex(where: { $0.contains(score) }) else {
                throw GapsError.malformedInput(SourceLocation(file: resultsFile), message:
                    "score \(formatNumber(score)) for \(measure.keyStage.rawValue) \(measure.name) is outside every band (\(scoreBands.first!.label) to \(scoreBands.last!.label))")
            }
            return position
        case .outcomes:
            return bandIndex[HistogramMeasure.outcomeLabel(member)]!
        }
    }

    /// Each member's band (its position in `labels`); nil when a score falls outside every band.
    func bands(of members: [BreakdownMember]) -> [Int]? {
        var bands: [Int] = []
        bands.reserveCapacity(members.count)
        for member in members {
            guard let band = try? band(of: member, resultsFile: "") else { return nil }
            bands.append(band)
        }
        return bands
    }

    /// Pupils per band, in `labels` order, of pupils in the bands `memberBands` (positions in `labels`).
    func bandCounts(_ memberBands: [Int]) -> [Int] {
        var counts = Array(repeating: 0, count: labels.count)
        for band in memberBands { counts[band] += 1 }
        return counts
    }

    /// What a group's counts must be when the bands `zeroBands` marks are known to hold nobody, for bands that split
    /// at the thresholds: no pupil in the bands at or above the expected standard means the expected count is 0;
    /// none below it, that it is the pupil count; likewise the higher standard, and between the two standards, that
    /// the higher count is the expected count. `higherStandard` only for a measure that has one.
    func identities(zeroBands: [Bool]) -> CountIdentities {
        func allZero(_ inBand: (Int) -> Bool) -> Bool { labels.indices.filter(inBand).allSatisfy { zeroBands[$0] } }
        var identities = CountIdentities()
        if allZero({ reachesExpected[$0] == true }) { identities.zero.insert(.expectedStandard) }
        if allZero({ reachesExpected[$0] != true }) { identities.equal.append([.pupils, .expectedStandard]) }
        if histogram.measure.hasHigherStandard {
            if allZero({ reachesHigher[$0] == true }) { identities.zero.insert(.higherStandard) }
            if allZero({ reachesExpected[$0] == true && reachesHigher[$0] != true }) {
                identities.equal.append([.expectedStandard, .higherStandard])
            }
        }
        return identities
    }

    /// The banding of `members`, having found a band for each. Throws `GapsError.malformedInput` (located at
    /// `resultsFile`) for a score outside every band.
    static func checked(_ histogram: HistogramMeasure, members: [BreakdownMember], resultsFile: String) throws -> HistogramBanding {
        let banding = try HistogramBanding(histogram, members: members, resultsFile: resultsFile)
        for member in members { _ = try banding.band(of: member, resultsFile: resultsFile) }
        return banding
    }

    /// The banding of each measure of `measures` whose every pupil in `cohorts` falls in a band (one with a score
    /// outside every band is left out: the histogram table stops on it).
    static func bandings(in cohorts: BreakdownCohorts,
                         measures: [HistogramMeasure] = HistogramMeasure.all) -> [BreakdownMeasure: HistogramBanding] {
        var bandings: [BreakdownMeasure: HistogramBanding] = [:]
        for histogram in measures {
            let members = cohorts.members.filter { $0.key.measure == histogram.measure }.flatMap(\.value)
            if let banding = try? checked(histogram, members: members, resultsFile: "") { bandings[histogram.measure] = banding }
        }
        return bandings
    }
}
