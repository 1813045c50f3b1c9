import Foundation

/// What a pupil's later result is measured against: the mean later outcome of comparable pupils (the same
/// prior-attainment group) in a comparison population.
///
/// The DfE compares with all pupils nationally; without a national file we compare with the LA's own pupils of the
/// same year (`LocalComparison`, domain reference section 7). A national comparison file (a later issue) plugs in
/// as `PublishedEstimates`.
public protocol ProgressComparison: Sendable {
    /// The mean outcome in `measure` of comparison pupils in prior-attainment group `priorGroup` in `timePeriod`,
    /// for a pupil of LA `la`; nil when there is nothing to compare with.
    func expectedOutcome(measure: AssessmentMeasure, timePeriod: String, la: String, priorGroup: Double) -> Double?
}

/// One comparison pupil's outcome, for `LocalComparison`.
public struct ComparisonObservation: Sendable, Equatable {
    public var la: String
    public var timePeriod: String
    public var measure: AssessmentMeasure
    public var priorGroup: Double
    public var outcome: Double

    public init(la: String, timePeriod: String, measure: AssessmentMeasure, priorGroup: Double, outcome: Double) {
        self.la = la
        self.timePeriod = timePeriod
        self.measure = measure
        self.priorGroup = priorGroup
        self.outcome = outcome
    }
}

/// The comparison population is the pupils of the same LA and year **(ours**, domain reference section 7).
///
/// A pupil's expected outcome is the mean outcome of the pupils in their prior-attainment group. A group with
/// fewer than `minimumPupils` pupils **(ours)** is widened one group width either side at a time (so APS 13 takes
/// in 12.5 and 13.5, then 12 and 14, ...) until it holds enough, or it spans every group: a group of one pupil
/// would otherwise always give that pupil a score of 0, hiding exactly the unusual pupils we look for.
public struct LocalComparison: ProgressComparison {
    struct Key: Hashable {
        var la: String
        var timePeriod: String
        var measure: AssessmentMeasure
    }

    /// Per key, per group index (group / width), the sum and number of outcomes.
    private var groups: [Key: [Int: (sum: Double, count: Int)]] = [:]
    public let groupWidth: Double
    public let minimumPupils: Int

    public init(observations: [ComparisonObservation], groupWidth: Double, minimumPupils: Int) {
        self.groupWidth = groupWidth
        self.minimumPupils = max(1, minimumPupils)
        for observation in observations {
            let key = Key(la: observation.la, timePeriod: observation.timePeriod, measure: observation.measure)
            let index = Int((observation.priorGroup / groupWidth).rounded())
            let current = groups[key, default: [:]][index] ?? (0, 0)
            groups[key, default: [:]][index] = (current.sum + observation.outcome, current.count + 1)
        }
    }

    public func expectedOutcome(measure: AssessmentMeasure, timePeriod: String, la: String, priorGroup: Double) -> Double? {
        guard let byGroup = groups[Key(la: la, timePeriod: timePeriod, measure: measure)], !byGroup.isEmpty else { return nil }
        let centre = Int((priorGroup / groupWidth).rounded())
        let lowest = byGroup.keys.min()!, highest = byGroup.keys.max()!
        let widest = max(abs(centre - lowest), abs(highest - centre))
        var radius = 0
        while true {
            var sum = 0.0, count = 0
            for (index, value) in byGroup where abs(index - centre) <= radius {
                sum += value.sum
                count += value.count
            }
            if count >= minimumPupils || radius >= widest {
                return count > 0 ? sum / Double(count) : nil
            }
            radius += 1
        }
    }
}

/// Expected outcomes given as data, such as national estimates per prior-attainment group.
///
/// File layout (CSV): `time_period,measure,prior_group,estimate` where `measure` is a results measure
/// (`ks2_reading`, `ks4_english`, ...) and `prior_group` a group value as this pipeline forms it (see
/// `progress-rules.csv`). The LA is ignored: the estimates are the same for everyone.
public struct PublishedEstimates: ProgressComparison {
    public struct Key: Hashable, Sendable {
        public var timePeriod: String
        public var measure: AssessmentMeasure
        /// The group value times 1000, rounded, so that 12.5 read from a file finds 12.5 computed.
        var groupKey: Int

        public init(timePeriod: String, measure: AssessmentMeasure, priorGroup: Double) {
            self.timePeriod = timePeriod
            self.measure = measure
            groupKey = Int((priorGroup * 1000).rounded())
        }
    }

    public let estimates: [Key: Double]

    public init(estimates: [Key: Double]) {
        self.estimates = estimates
    }

    public init(contentsOf url: URL) throws {
        var estimates: [Key: Double] = [:]
        try TableFile.forEachRow(in: url, requiring: ["time_period", "measure", "prior_group", "estimate"]) { row in
            guard let measure = AssessmentMeasure(rawValue: row["measure"]) else {
                throw GapsError.malformedInput(row.location, message: "column 'measure': unknown measure '\(row["measure"])'")
            }
            guard let group = try row.optionalDouble("prior_group"), let estimate = try row.optionalDouble("estimate") else {
                throw GapsError.malformedInput(row.location, message: "columns 'prior_group' and 'estimate' must both be numbers")
            }
            estimates[Key(timePeriod: row["time_period"], measure: measure, priorGroup: group)] = estimate
        }
        self.estimates = estimates
    }

    public func expectedOutcome(measure: AssessmentMeasure, timePeriod: String, la: String, priorGroup: Double) -> Double? {
        estimates[Key(timePeriod: timePeriod, measure: measure, priorGroup: priorGroup)]
    }
}
