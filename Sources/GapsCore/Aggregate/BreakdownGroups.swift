import Foundation

/// A pupil characteristic that `attainment-by-characteristic.csv` splits pupils by. Every published group fixes
/// some of these and leaves the rest at Total, so that secondary suppression can see which groups add up to which
/// (`BreakdownCell.filterValues`).
public enum BreakdownDimension: Int, CaseIterable, Sendable {
    case sex
    case disadvantage
    case ethnicityMajor
    case ethnicityMinor
    case fsmEligible
    case senProvision
    case firstLanguage

    /// The characteristic's name in `Resources/breakdowns/characteristic-labels.csv` (a `pupils.csv` column).
    var characteristic: String {
        switch self {
        case .sex: "sex"
        case .disadvantage: "disadvantaged"
        case .ethnicityMajor: "ethnicity_major"
        case .ethnicityMinor: "ethnicity_minor"
        case .fsmEligible: "fsm_eligible"
        case .senProvision: "sen_provision"
        case .firstLanguage: "first_language"
        }
    }

    /// The EES `breakdown_topic` of a breakdown by this characteristic alone (`reference/ees/lookups/data_dictionary.csv`).
    var topicName: String {
        switch self {
        case .sex: "Sex"
        case .disadvantage: "Disadvantage status"
        case .ethnicityMajor: "Ethnicity major"
        case .ethnicityMinor: "Ethnicity minor"
        case .fsmEligible: "FSM status"
        case .senProvision: "SEN provision"
        case .firstLanguage: "First language"
        }
    }
}

/// The EES labels of pupil characteristics (`Resources/breakdowns/characteristic-labels.csv`, sources in its
/// README): what `pupils.csv` says, as the published `breakdown` filter item.
public struct CharacteristicLabels: Sendable {
    public static let resourcePath = "breakdowns/characteristic-labels.csv"
    static let columns = ["characteristic", "value", "label"]

    struct Entry: Sendable, Equatable {
        var value: String
        var label: String
    }

    /// Entries per characteristic, in file order (the publication order).
    var entries: [String: [Entry]] = [:]

    public static func shipped() throws -> CharacteristicLabels {
        try read(from: try ResourceFiles.url(resourcePath))
    }

    /// Reads a labels file; a repeated characteristic and value is an error naming the line.
    public static func read(from url: URL) throws -> CharacteristicLabels {
        var labels = CharacteristicLabels()
        try TableFile.forEachRow(in: url, requiring: columns) { row in
            let characteristic = row["characteristic"], value = row["value"], label = row["label"]
            guard !label.isEmpty else {
                throw GapsError.malformedInput(row.location, message: "column 'label': expected the published label, found nothing")
            }
            if labels.entries[characteristic, default: []].contains(where: { $0.value == value }) {
                throw GapsError.malformedInput(row.location, message: "column 'value': '\(value)' of '\(characteristic)' is listed twice")
            }
            labels.entries[characteristic, default: []].append(Entry(value: value, label: label))
        }
        return labels
    }

    /// The published label of a value: blank is `Unknown` **(ours)**; a value the file does not list is published
    /// as it is, so that no pupil drops out of a breakdown.
    func label(_ characteristic: String, _ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return PublishedFilter.unknownEthnicity }
        return entries[characteristic]?.first { $0.value == trimmed }?.label ?? trimmed
    }

    /// The labels of a characteristic in file order, without repeats.
    func orderedLabels(_ characteristic: String) -> [String] {
        var seen: Set<String> = []
        return (entries[characteristic] ?? []).map(\.label).filter { seen.insert($0).inserted }
    }
}

/// One pupil's characteristics as published labels, one per `BreakdownDimension`.
public struct BreakdownPupil: Sendable, Equatable {
    public var upn: String
    /// Indexed by `BreakdownDimension.rawValue`.
    public var values: [String]

    /// A minor group whose label is `Unknown` under a known major group (an extract that gives only the major
    /// group) is published as e.g. `Unknown (White)` **(ours)**, so that the minor groups of each major group add
    /// up to it and the overall `Unknown` minor group stays the pupils of unknown ethnicity.
    public init(_ pupil: NormalisedPupil, labels: CharacteristicLabels) {
        upn = pupil.upn
        let unknown = PublishedFilter.unknownEthnicity
        let major = KS2Cohorts.ethnicityLabel(pupil)
        var minor = pupil.ethnicityMinor.isEmpty ? unknown : pupil.ethnicityMinor
        if minor == unknown && major != unknown { minor = "\(unknown) (\(major))" }
        if major == unknown { minor = unknown }
        values = BreakdownDimension.allCases.map { dimension in
            switch dimension {
            case .sex: labels.label(dimension.characteristic, pupil.sex)
            case .disadvantage: labels.label(dimension.characteristic, flag(pupil.disadvantaged))
            case .ethnicityMajor: major
            case .ethnicityMinor: minor
            case .fsmEligible: labels.label(dimension.characteristic, flag(pupil.fsmEligible))
            case .senProvision: labels.label(dimension.characteristic, pupil.senProvision)
            case .firstLanguage: labels.label(dimension.characteristic, pupil.firstLanguage)
            }
        }
    }

    public subscript(_ dimension: BreakdownDimension) -> String { values[dimension.rawValue] }
}

/// One published group: a `breakdown_topic` and `breakdown`, and the characteristics it fixes.
public struct BreakdownGroup: Sendable, Hashable {
    /// EES `breakdown_topic`, e.g. "Sex and disadvantage status".
    public var topic: String
    /// EES `breakdown`, e.g. "Boys, Disadvantaged".
    public var label: String
    /// One value per `BreakdownDimension`: the group's value where it fixes the characteristic, `Total` elsewhere.
    /// A minor ethnic group also fixes its major group, so that the minor groups of a major group add up to it.
    public var filterValues: [String]

    public var isTotal: Bool { filterValues.allSatisfy { $0 == PublishedFilter.total } }

    public func value(_ dimension: BreakdownDimension) -> String { filterValues[dimension.rawValue] }

    public func contains(_ pupil: BreakdownPupil) -> Bool {
        for (index, value) in filterValues.enumerated() where value != PublishedFilter.total && pupil.values[index] != value {
            return false
        }
        return true
    }
}

/// The breakdowns published, in file order: Total; sex; disadvantage; FSM; ethnicity major and minor; SEN
/// provision; first language; and the intersections sex x disadvantage, ethnicity major x disadvantage and
/// sex x disadvantage x ethnicity major (domain reference section 6), and sex x ethnicity major **(ours)**:
/// `attainment.csv` publishes those groups too, and takes this file's suppression marks for every group it shares
/// (`AttainmentTable.init(cohorts:suppression:breakdowns:)`).
///
/// Every place, year and measure gets every group (the complete matrix, empty groups as 0): the groups of a
/// characteristic are its labels in `characteristic-labels.csv` order, plus any other value a pupil in
/// `pupils.csv` has (an `Unknown` sex only when some pupil has it), so that the groups of each topic always add up
/// to the Total. Ethnic groups are those present in `pupils.csv`, alphabetically, `Unknown` last.
public struct BreakdownTopics: Sendable {
    public static let totalTopic = "Total"
    static let intersections: [(name: String, dimensions: [BreakdownDimension])] = [
        ("Sex and disadvantage status", [.sex, .disadvantage]),
        ("Ethnicity major and disadvantage status", [.ethnicityMajor, .disadvantage]),
        ("Sex and ethnicity major", [.sex, .ethnicityMajor]),
        ("Sex, disadvantage status and ethnicity major", [.sex, .disadvantage, .ethnicityMajor]),
    ]
    /// Characteristics with a one-way breakdown, in publication order.
    static let singleDimensions: [BreakdownDimension] = [
        .sex, .disadvantage, .fsmEligible, .ethnicityMajor, .ethnicityMinor, .senProvision, .firstLanguage,
    ]

    /// Every group, topic by topic.
    public private(set) var groups: [BreakdownGroup] = []

    /// - Parameter depth: which intersections to publish (`gaps-aggregate --intersections`).
    public init(pupils: [BreakdownPupil], labels: CharacteristicLabels, intersections depth: BreakdownIntersectionDepth = .three) {
        let total = PublishedFilter.total, unknown = PublishedFilter.unknownEthnicity
        func unknownLast(_ values: Set<String>) -> [String] {
            values.filter { $0 != unknown }.sorted() + (values.contains(unknown) ? [unknown] : [])
        }
        // Values of each dimension, in publication order, each with the values of other dimensions it implies.
        var values: [BreakdownDimension: [String]] = [:]
        for dimension in BreakdownDimension.allCases where dimension != .ethnicityMinor {
            let observed = Set(pupils.map { $0[dimension] })
            if dimension == .ethnicityMajor {
                values[dimension] = unknownLast(observed)
                continue
            }
            let fixed = labels.orderedLabels(dimension.characteristic).filter { $0 != unknown }
            values[dimension] = fixed + unknownLast(observed.subtracting(fixed))
        }
        let majors = values[.ethnicityMajor] ?? []
        var minorsByMajor: [String: Set<String>] = [:]
        for pupil in pupils { minorsByMajor[pupil[.ethnicityMajor], default: []].insert(pupil[.ethnicityMinor]) }

        func group(_ topic: String, _ fixed: [(BreakdownDimension, String)], label: String? = nil) -> BreakdownGroup {
            var filterValues = Array(repeating: total, count: BreakdownDimension.allCases.count)
            for (dimension, value) in fixed { filterValues[dimension.rawValue] = value }
            return BreakdownGroup(topic: topic, label: label ?? fixed.map(\.1).joined(separator: ", "), filterValues: filterValues)
        }
        groups.append(group(Self.totalTopic, [], label: total))
        for dimension in Self.singleDimensions {
            if dimension == .ethnicityMinor {
                for major in majors {
                    for minor in unknownLast(minorsByMajor[major] ?? []) {
                        groups.append(group(dimension.topicName, [(.ethnicityMajor, major), (.ethnicityMinor, minor)], label: minor))
                    }
                }
                continue
            }
            for value in values[dimension] ?? [] { groups.append(group(dimension.topicName, [(dimension, value)])) }
        }
        for (name, dimensions) in Self.intersections where dimensions.count <= depth.maximumCharacteristics {
            var combinations: [[(BreakdownDimension, String)]] = [[]]
            for dimension in dimensions {
                combinations = combinations.flatMap { prefix in (values[dimension] ?? []).map { prefix + [(dimension, $0)] } }
            }
            groups += combinations.map { group(name, $0) }
        }
    }

    /// The group with these filter values, if published.
    func group(filterValues: [String]) -> BreakdownGroup? {
        groups.first { $0.filterValues == filterValues }
    }
}
