import Foundation

/// The key stages published by characteristic.
public enum KeyStage: String, CaseIterable, Sendable, Hashable, Comparable {
    case ks1 = "Key stage 1"
    case ks2 = "Key stage 2"
    case ks4 = "Key stage 4"

    /// The key stage a normalised measure belongs to.
    public init(_ measure: AssessmentMeasure) {
        switch measure {
        case .ks1Reading, .ks1Writing, .ks1Maths, .ks1Science: self = .ks1
        case .ks2Reading, .ks2Writing, .ks2Maths, .ks2GPS: self = .ks2
        case .ks4Attainment8, .ks4Progress8, .ks4EnglishGrade, .ks4MathsGrade, .ks4Progress8English, .ks4Progress8Maths,
             .ks4Progress8EBacc, .ks4Progress8Open: self = .ks4
        }
    }

    public static func < (lhs: KeyStage, rhs: KeyStage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A headline measure of a key stage (domain reference section 5) as `attainment-by-characteristic.csv` publishes
/// it: which normalised results it is read from, whether it has thresholds (expected and higher standard) and
/// which score it averages.
///
/// Cohorts follow DfE practice as `KS2Cohorts` does: a pupil is in a single measure's cohort when they have a
/// result for it that year that is in the cohort; in a combined measure's cohort when they have at least one of
/// its results and none is out of cohort, reaching a standard only when every component reaches it (a missing
/// component counts as not reached).
public struct BreakdownMeasure: Sendable, Hashable {
    public enum Score: Sendable, Hashable {
        /// No score to average (teacher assessment, combined measures): `z`.
        case none
        /// The result's scaled score (KS2 tests; the optional KS1 tests).
        case scaledScore
        /// The result's points (KS4: Attainment 8, Progress 8, GCSE grade points).
        case points
    }

    public var keyStage: KeyStage
    /// The published `measure` filter value.
    public var name: String
    /// The normalised measures it is read from: one, or several for a combined measure.
    public var components: [AssessmentMeasure]
    /// Whether expected and higher standard apply (`z` for Attainment 8 and Progress 8).
    public var hasThresholds: Bool
    public var score: Score
    /// False for KS1 science, judged against one standard only (EXS or HNM): its higher standard is `z`.
    public var hasHigherStandard = true

    public var isCombined: Bool { components.count > 1 }

    /// The KS2 subject of `attainment.csv` and the national comparator file with the same definition.
    public var ks2Subject: KS2Subject? { keyStage == .ks2 ? KS2Subject(rawValue: name) : nil }

    /// Every measure, in publication order.
    ///
    /// - **KS1** (2016 on: expected = EXS or GDS, higher = GDS, "greater depth"; levels era: expected = 2B or
    ///   above, higher = 3 or above, as gaps-normalise marks each result): reading, writing, maths, and reading,
    ///   writing and maths combined. The average is of the optional KS1 test scaled scores when results carry
    ///   them (`x` otherwise); writing has none (`z`). Science (teacher assessment: expected = EXS, or level 2 and
    ///   above to 2015) has one standard only: its higher standard and average are `z`.
    /// - **KS2**: the five subjects of `attainment.csv`, defined the same way.
    /// - **KS4**: English and maths GCSE grades (expected = grade 4 or above, a standard pass; higher = grade 5 or
    ///   above, a strong pass; average = mean grade points), English and maths combined ("basics": both at 4+,
    ///   both at 5+), Attainment 8 and Progress 8 (averages only).
    public static let all: [BreakdownMeasure] = [
        BreakdownMeasure(keyStage: .ks1, name: "Reading", components: [.ks1Reading], hasThresholds: true, score: .scaledScore),
        BreakdownMeasure(keyStage: .ks1, name: "Writing", components: [.ks1Writing], hasThresholds: true, score: .none),
        BreakdownMeasure(keyStage: .ks1, name: "Maths", components: [.ks1Maths], hasThresholds: true, score: .scaledScore),
        BreakdownMeasure(keyStage: .ks1, name: "Reading, writing and maths", components: [.ks1Reading, .ks1Writing, .ks1Maths],
                         hasThresholds: true, score: .none),
        BreakdownMeasure(keyStage: .ks1, name: "Science", components: [.ks1Science], hasThresholds: true, score: .none,
                         hasHigherStandard: false),
    ] + KS2Subject.allCases.map { subject in
        BreakdownMeasure(keyStage: .ks2, name: subject.rawValue, components: subject.measure.map { [$0] } ?? KS2Subject.combinedMeasures,
                         hasThresholds: true, score: subject.hasScaledScore ? .scaledScore : .none)
    } + [
        BreakdownMeasure(keyStage: .ks4, name: "English", components: [.ks4EnglishGrade], hasThresholds: true, score: .points),
        BreakdownMeasure(keyStage: .ks4, name: "Maths", components: [.ks4MathsGrade], hasThresholds: true, score: .points),
        BreakdownMeasure(keyStage: .ks4, name: "English and maths", components: [.ks4EnglishGrade, .ks4MathsGrade],
                         hasThresholds: true, score: .none),
        BreakdownMeasure(keyStage: .ks4, name: "Attainment 8", components: [.ks4Attainment8], hasThresholds: false, score: .points),
        BreakdownMeasure(keyStage: .ks4, name: "Progress 8", components: [.ks4Progress8], hasThresholds: false, score: .points),
    ]

    /// A pupil's outcome in this measure from their results of one year, or nil when they are not in its cohort.
    func outcome(_ results: [AssessmentMeasure: NormalisedResult]) -> (meetsExpected: Bool, meetsHigher: Bool, score: Double?)? {
        let parts = components.map { results[$0] }
        guard parts.contains(where: { $0 != nil }), !parts.contains(where: { $0?.inCohort == false }) else { return nil }
        if !isCombined, let result = parts[0] {
            let score: Double? = switch self.score {
            case .none: nil
            case .scaledScore: result.scaledScore
            case .points: result.points
            }
            return (hasThresholds && result.meetsExpected, hasThresholds && result.meetsHigher, score)
        }
        return (parts.allSatisfy { $0?.meetsExpected == true }, parts.allSatisfy { $0?.meetsHigher == true }, nil)
    }
}

/// One pupil in one measure's cohort.
struct BreakdownMember: Sendable, Equatable {
    /// Index into `BreakdownCohorts.pupils`.
    var pupil: Int
    var meetsExpected: Bool
    var meetsHigher: Bool
    var score: Double?
    /// The result as the source gave it (a single measure's only; "" for a combined measure), and its points, for
    /// the outcome categories of `histograms-by-characteristic.csv`.
    var outcome = ""
    var outcomePoints: Double?
}

/// Where and when a measure's cohort is counted.
struct BreakdownCohortKey: Hashable {
    var measure: BreakdownMeasure
    var place: PublishedPlace
    var timePeriod: String
}

/// Every KS1, KS2 and KS4 cohort of a normalised directory, by school and by LA.
///
/// A pupil's school for a key stage and year is the school on most of their results of that key stage and year,
/// ties to the lowest URN (`KS2Cohorts.homeResult`), so that a school's measures describe the same pupils and its
/// KS2 cohorts are those of `attainment.csv`; the LA is the one on the same result. A result without a URN counts
/// for its LA only. A second result for the same pupil, year and measure is set aside, as in `KS2Cohorts`; results
/// of pupils not in `pupils.csv` or without an LA number are left out.
public struct BreakdownCohorts: Sendable {
    public internal(set) var pupils: [BreakdownPupil] = []
    public internal(set) var schools: [String: PublishedSchool] = [:]
    /// Years with at least one pupil in a cohort of the key stage, ascending.
    public internal(set) var timePeriods: [KeyStage: [String]] = [:]
    /// Places with at least one pupil in a cohort of the key stage (any year): each LA, then its schools by URN.
    public internal(set) var places: [KeyStage: [PublishedPlace]] = [:]
    var members: [BreakdownCohortKey: [BreakdownMember]] = [:]

    public static func build(pupils normalised: [NormalisedPupil], results: [(record: NormalisedResult, location: SourceLocation)],
                             labels: CharacteristicLabels, localAuthorities lookup: LocalAuthorityLookup) throws -> BreakdownCohorts {
        var cohorts = BreakdownCohorts()
        cohorts.pupils = normalised.map { BreakdownPupil($0, labels: labels) }
        var pupilIndex: [String: Int] = [:]
        for (index, pupil) in normalised.enumerated() { pupilIndex[pupil.upn] = index }

        struct PupilYear: Hashable { var pupil: Int; var keyStage: KeyStage; var timePeriod: String }
        var byPupilYear: [PupilYear: [AssessmentMeasure: NormalisedResult]] = [:]
        var order: [PupilYear] = []
        for (record, location) in results {
            guard let pupil = pupilIndex[record.upn], !record.la.isEmpty else { continue }
            if lookup.authority(oldCode: record.la) == nil {
                throw GapsError.malformedInput(location, message:
                    "column 'la': LA number '\(record.la)' is not in Resources/geography/local-authorities.csv")
            }
            let key = PupilYear(pupil: pupil, keyStage: KeyStage(record.measure), timePeriod: record.timePeriod)
            if byPupilYear[key] == nil { order.append(key) }
            if byPupilYear[key, default: [:]][record.measure] == nil { byPupilYear[key, default: [:]][record.measure] = record }
        }

        var years: [KeyStage: Set<String>] = [:]
        var placeSets: [KeyStage: Set<PublishedPlace>] = [:]
        let measures = Dictionary(grouping: BreakdownMeasure.all, by: \.keyStage)
        for key in order {
            guard let byMeasure = byPupilYear[key] else { continue }
            let home = KS2Cohorts.homeResult(Array(byMeasure.values))
            var places: [PublishedPlace] = [.localAuthority(oldCode: home.la)]
            if !home.schoolURN.isEmpty {
                places.append(.school(urn: home.schoolURN))
                if cohorts.schools[home.schoolURN] == nil {
                    cohorts.schools[home.schoolURN] = PublishedSchool(
                        urn: home.schoolURN, laEstab: home.schoolLAEstab, name: home.schoolName.isEmpty ? ProgressOutputs.unnamedSchool(urn: home.schoolURN) : home.schoolName,
                        la: home.la)
                }
            }
            for measure in measures[key.keyStage] ?? [] {
                guard let outcome = measure.outcome(byMeasure) else { continue }
                var member = BreakdownMember(pupil: key.pupil, meetsExpected: outcome.meetsExpected,
                                             meetsHigher: outcome.meetsHigher, score: outcome.score)
                if !measure.isCombined, let result = byMeasure[measure.components[0]] {
                    (member.outcome, member.outcomePoints) = (result.result, result.points)
                }
                years[key.keyStage, default: []].insert(key.timePeriod)
                for place in places {
                    placeSets[key.keyStage, default: []].insert(place)
                    cohorts.members[BreakdownCohortKey(measure: measure, place: place, timePeriod: key.timePeriod), default: []].append(member)
                }
            }
        }
        for keyStage in KeyStage.allCases {
            cohorts.timePeriods[keyStage] = (years[keyStage] ?? []).sorted()
            let here = placeSets[keyStage] ?? []
            var ordered: [PublishedPlace] = []
            let las = here.compactMap { place -> String? in
                if case let .localAuthority(code) = place { return code }
                return nil
            }.sorted()
            for la in las {
                ordered.append(.localAuthority(oldCode: la))
                ordered += here.compactMap { place -> String? in
                    if case let .school(urn) = place, cohorts.schools[urn]?.la == la { return urn }
                    return nil
                }.sorted().map { PublishedPlace.school(urn: $0) }
            }
            cohorts.places[keyStage] = ordered
        }
        return cohorts
    }

    func members(_ measure: BreakdownMeasure, at place: PublishedPlace, timePeriod: String) -> [BreakdownMember] {
        members[BreakdownCohortKey(measure: measure, place: place, timePeriod: timePeriod)] ?? []
    }

    /// The LA a place belongs to (its own number for an LA).
    func localAuthority(of place: PublishedPlace) -> String {
        switch place {
        case let .localAuthority(oldCode): oldCode
        case let .school(urn): schools[urn]?.la ?? ""
        }
    }
}
