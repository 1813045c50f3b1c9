import Foundation

/// A subject published for key stage 2, with its EES label.
///
/// Cohorts (domain reference section 5, following DfE practice):
/// - **Reading, Writing, Maths, Grammar, punctuation and spelling**: every pupil with a result for the subject in
///   that year whose result is in the cohort (`in_cohort` = 1). Codes meaning "not in this cohort" (L left,
///   F future, P past, J just arrived) leave the pupil out; absent, below the test, disapplied, missing, unable to
///   access and maladministration keep the pupil in the denominator, not meeting the standard.
/// - **Reading, writing and maths (RWM)** **(ours, documented)**: a pupil is in the RWM cohort for a year when they
///   have at least one reading, writing or maths result that year and none of their reading, writing or maths
///   results is out of cohort. RWM expected = expected in all three, RWM higher = higher in all three; a subject
///   with no result counts as not met (a pupil missing writing is in the RWM cohort but not RWM expected).
/// - Average scaled score: the mean of the numeric scaled scores in the cohort; not applicable (`z`) to writing,
///   which is teacher assessed, and to RWM.
public enum KS2Subject: String, CaseIterable, Sendable, Hashable {
    case reading = "Reading"
    case writing = "Writing"
    case maths = "Maths"
    case grammarPunctuationSpelling = "Grammar, punctuation and spelling"
    case readingWritingMaths = "Reading, writing and maths"

    /// The measure a single subject is read from; nil for the combined RWM measure.
    public var measure: AssessmentMeasure? {
        switch self {
        case .reading: .ks2Reading
        case .writing: .ks2Writing
        case .maths: .ks2Maths
        case .grammarPunctuationSpelling: .ks2GPS
        case .readingWritingMaths: nil
        }
    }

    /// Whether the subject has a scaled score to average.
    public var hasScaledScore: Bool {
        switch self {
        case .reading, .maths, .grammarPunctuationSpelling: true
        case .writing, .readingWritingMaths: false
        }
    }

    /// The measures that make up RWM.
    static let combinedMeasures: [AssessmentMeasure] = [.ks2Reading, .ks2Writing, .ks2Maths]
    static let ks2Measures: Set<AssessmentMeasure> = [.ks2Reading, .ks2Writing, .ks2Maths, .ks2GPS]
}

/// Filter labels used in the published files (EES harmonised labels).
public enum PublishedFilter {
    public static let total = "Total"
    public static let sexes = ["Boys", "Girls"]
    public static let disadvantageStatuses = ["Disadvantaged", "Not known to be disadvantaged"]
    /// Ethnicity label for a pupil whose major group is blank.
    public static let unknownEthnicity = "Unknown"
}

/// A school as it appears on pupils' results.
public struct PublishedSchool: Sendable, Equatable {
    public var urn: String
    public var laEstab: String
    public var name: String
    /// Three-digit LA number.
    public var la: String
}

/// A place rows are published for.
public enum PublishedPlace: Sendable, Hashable, Comparable {
    case localAuthority(oldCode: String)
    case school(urn: String)
}

extension PublishedPlace {
    /// The place as the school filter of secondary suppression: a school's URN, or `Total` for the LA, whose row
    /// sums its schools' rows.
    var schoolFilterValue: String {
        switch self {
        case .localAuthority: PublishedFilter.total
        case let .school(urn): urn
        }
    }

    /// The comparator of a gap or index that compares pupils within the place: `Within school` or `Within local
    /// authority` (every file that publishes one uses these words).
    var withinComparator: String {
        switch self {
        case .localAuthority: BreakdownComparator.withinLocalAuthority
        case .school: BreakdownComparator.withinSchool
        }
    }
}

/// One pupil's outcome in one subject, as counted in a cohort.
struct CohortMember: Sendable, Equatable {
    var sex: String
    var disadvantageStatus: String
    var ethnicityMajor: String
    var meetsExpected: Bool
    var meetsHigher: Bool
    var scaledScore: Double?
    /// Lets tables that need two subjects of the same pupil (the disadvantage gap index) pair them up.
    var upn = ""

    func matches(sex: String, disadvantageStatus: String, ethnicityMajor: String) -> Bool {
        (sex == PublishedFilter.total || sex == self.sex)
            && (disadvantageStatus == PublishedFilter.total || disadvantageStatus == self.disadvantageStatus)
            && (ethnicityMajor == PublishedFilter.total || ethnicityMajor == self.ethnicityMajor)
    }
}

/// Where and when a cohort is counted.
struct CohortKey: Hashable {
    var place: PublishedPlace
    var timePeriod: String
    var subject: KS2Subject
}

/// Every KS2 cohort of a normalised directory, by school and by LA, ready to aggregate.
public struct KS2Cohorts: Sendable {
    /// Time periods with at least one KS2 result, ascending.
    public internal(set) var timePeriods: [String] = []
    /// Schools by URN.
    public internal(set) var schools: [String: PublishedSchool] = [:]
    /// LA numbers with at least one pupil.
    public internal(set) var localAuthorities: Set<String> = []
    /// Ethnicity major-group labels present in pupils.csv (blank read as "Unknown"), sorted.
    public internal(set) var ethnicities: [String] = []
    var members: [CohortKey: [CohortMember]] = [:]

    public internal(set) var pupilCounts = RowCounts()
    public internal(set) var resultCounts = RowCounts()
    /// Pupil-years whose results named more than one school; each was counted at one school (see `build`).
    public internal(set) var pupilYearsWithSeveralSchools = 0

    /// Places in publication order: each LA, then its schools by URN.
    public var places: [PublishedPlace] {
        var ordered: [PublishedPlace] = []
        for la in localAuthorities.sorted() {
            ordered.append(.localAuthority(oldCode: la))
            let schoolsHere = schools.values.filter { $0.la == la }.map(\.urn).sorted()
            ordered += schoolsHere.map { PublishedPlace.school(urn: $0) }
        }
        return ordered
    }

    /// Reasons rows are set aside, as recorded in the manifest.
    public enum SetAsideReason {
        public static let notKS2 = "not a KS2 measure (aggregate publishes KS2)"
        public static let unknownPupil = "pupil not in pupils.csv"
        public static let duplicate = "second result for the same pupil, year and measure"
        public static let outOfCohort = "not in the cohort (left, future, past or just arrived)"
        public static let noLA = "no LA number (every published row needs its LA)"
        public static let noKS2Cohort = "in no KS2 cohort"
    }

    /// Groups pupils' KS2 results into cohorts.
    ///
    /// A pupil's school for a year is the `school_urn` on their KS2 results of that year, and every subject of that
    /// year is counted there, so that a school's subjects describe the same pupils. When the results name more
    /// than one school **(ours)**, the school on most of them wins, ties going to the lowest URN. The LA is the
    /// `la` on the same result. A result without a URN still counts for its LA.
    ///
    /// - Parameter results: results with the location each was read from, for error messages.
    public static func build(pupils: [NormalisedPupil], results: [(record: NormalisedResult, location: SourceLocation)],
                             localAuthorities lookup: LocalAuthorityLookup) throws -> KS2Cohorts {
        var cohorts = KS2Cohorts()
        var pupilsByUPN: [String: NormalisedPupil] = [:]
        for pupil in pupils { pupilsByUPN[pupil.upn] = pupil }
        cohorts.pupilCounts.read = pupils.count
        cohorts.ethnicities = Set(pupils.map(Self.ethnicityLabel)).sorted()

        struct PupilYear: Hashable { var upn: String; var timePeriod: String }
        var byPupilYear: [PupilYear: [AssessmentMeasure: (record: NormalisedResult, location: SourceLocation)]] = [:]
        var order: [PupilYear] = []
        cohorts.resultCounts.read = results.count
        for (record, location) in results {
            guard KS2Subject.ks2Measures.contains(record.measure) else {
                cohorts.resultCounts.setAside[SetAsideReason.notKS2, default: 0] += 1
                continue
            }
            guard pupilsByUPN[record.upn] != nil else {
                cohorts.resultCounts.setAside[SetAsideReason.unknownPupil, default: 0] += 1
                continue
            }
            if record.la.isEmpty {
                cohorts.resultCounts.setAside[SetAsideReason.noLA, default: 0] += 1
                continue
            }
            if lookup.authority(oldCode: record.la) == nil {
                throw GapsError.malformedInput(location, message:
                    "column 'la': LA number '\(record.la)' is not in Resources/geography/local-authorities.csv")
            }
            let key = PupilYear(upn: record.upn, timePeriod: record.timePeriod)
            if byPupilYear[key] == nil { order.append(key) }
            if byPupilYear[key, default: [:]][record.measure] != nil {
                cohorts.resultCounts.setAside[SetAsideReason.duplicate, default: 0] += 1
                continue
            }
            byPupilYear[key, default: [:]][record.measure] = (record, location)
        }

        var countedPupils: Set<String> = []
        var timePeriods: Set<String> = []
        for key in order {
            guard let pupil = pupilsByUPN[key.upn], let byMeasure = byPupilYear[key] else { continue }
            let home = homeResult(byMeasure.values.map(\.record))
            if Set(byMeasure.values.map(\.record.schoolURN)).count > 1 { cohorts.pupilYearsWithSeveralSchools += 1 }
            timePeriods.insert(key.timePeriod)
            var places: [PublishedPlace] = [.localAuthority(oldCode: home.la)]
            cohorts.localAuthorities.insert(home.la)
            if !home.schoolURN.isEmpty {
                places.append(.school(urn: home.schoolURN))
                if cohorts.schools[home.schoolURN] == nil {
                    cohorts.schools[home.schoolURN] = PublishedSchool(
                        urn: home.schoolURN, laEstab: home.schoolLAEstab, name: home.schoolName, la: home.la)
                }
            }

            var inAnyCohort = false
            for entry in byMeasure.values {
                if entry.record.inCohort {
                    cohorts.resultCounts.written += 1
                } else {
                    cohorts.resultCounts.setAside[SetAsideReason.outOfCohort, default: 0] += 1
                }
            }
            for subject in KS2Subject.allCases {
                guard let member = member(of: subject, pupil: pupil, results: byMeasure.mapValues(\.record)) else { continue }
                inAnyCohort = true
                for place in places {
                    cohorts.members[CohortKey(place: place, timePeriod: key.timePeriod, subject: subject), default: []].append(member)
                }
            }
            if inAnyCohort { countedPupils.insert(key.upn) }
        }
        cohorts.timePeriods = timePeriods.sorted()
        cohorts.pupilCounts.written = countedPupils.count
        let notCounted = pupils.count - countedPupils.count
        if notCounted > 0 { cohorts.pupilCounts.setAside[SetAsideReason.noKS2Cohort] = notCounted }
        return cohorts
    }

    /// The pupil's outcome in one subject, or nil when they are not in that subject's cohort.
    static func member(of subject: KS2Subject, pupil: NormalisedPupil,
                       results: [AssessmentMeasure: NormalisedResult]) -> CohortMember? {
        var member = CohortMember(sex: pupil.sex, disadvantageStatus: pupil.disadvantageStatus,
                                  ethnicityMajor: ethnicityLabel(pupil), meetsExpected: false, meetsHigher: false,
                                  scaledScore: nil, upn: pupil.upn)
        if let measure = subject.measure {
            guard let result = results[measure], result.inCohort else { return nil }
            member.meetsExpected = result.meetsExpected
            member.meetsHigher = result.meetsHigher
            member.scaledScore = subject.hasScaledScore ? result.scaledScore : nil
            return member
        }
        let parts = KS2Subject.combinedMeasures.map { results[$0] }
        guard parts.contains(where: { $0 != nil }), !parts.contains(where: { $0?.inCohort == false }) else { return nil }
        member.meetsExpected = parts.allSatisfy { $0?.meetsExpected == true }
        member.meetsHigher = parts.allSatisfy { $0?.meetsHigher == true }
        return member
    }

    static func ethnicityLabel(_ pupil: NormalisedPupil) -> String {
        pupil.ethnicityMajor.isEmpty ? PublishedFilter.unknownEthnicity : pupil.ethnicityMajor
    }

    /// The result whose school and LA a pupil-year is counted under: the school named on most results, ties to
    /// the lowest URN. When no result names a school, the lowest LA number (the pupil then counts for the LA only).
    static func homeResult(_ results: [NormalisedResult]) -> NormalisedResult {
        var tally: [String: Int] = [:]
        for result in results where !result.schoolURN.isEmpty { tally[result.schoolURN, default: 0] += 1 }
        let byLA = results.sorted { ($0.la, $0.schoolURN) < ($1.la, $1.schoolURN) }
        guard let best = tally.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return byLA[0] }
        return byLA.first { $0.schoolURN == best }!
    }

    func members(at place: PublishedPlace, timePeriod: String, subject: KS2Subject) -> [CohortMember] {
        members[CohortKey(place: place, timePeriod: timePeriod, subject: subject)] ?? []
    }
}
