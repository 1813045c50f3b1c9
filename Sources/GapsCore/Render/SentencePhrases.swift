import Foundation

/// How pages put the published tables' labels into words: "Not known to be disadvantaged" is "other pupils" in a
/// sentence and "others" on a chart row; the comparator "Within school" reads "other pupils within the school".
///
/// The wording is a data file, `Resources/templates/phrases.csv` (kind, label, phrase, short), beside the templates
/// it serves, so that a new label from the aggregate stage (a comparator such as "National other pupils", a new
/// subject) gets its words by adding a row. A label the file does not list is used as it stands, never guessed.
struct SentencePhrases: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        /// A pupil group as a plural noun phrase ("disadvantaged pupils") and a chart label ("Disadvantaged").
        case group
        /// A comparator as a pattern around the comparison group ("{comparison} within the school") and as the
        /// words a chart heading adds ("within the school").
        case comparator
        case subject
        case indicator
        /// A 2020 Vision entitlement of `entitlement.csv` as the end of "pupils who were ..." and as a table heading.
        case entitlement
        /// A significance label of `ks4-progress.csv` as the end of a Progress 8 sentence, and as a table cell.
        case significance
        /// A `breakdown_topic` of the "by characteristic" files as words after "by" ("ethnic group") and as a
        /// table heading ("Ethnicity (major group)").
        case characteristic
        /// A group of those files, labelled "<topic>|<group>" (the same group label, "Unknown", means different
        /// pupils in different topics), as a plural noun phrase and a short label.
        case characteristicGroup = "characteristic-group"
        /// A headline measure, labelled "<key stage>|<measure>|<indicator>", as words ("average scaled score in
        /// reading") and as a table's row-group heading.
        case measure
        /// A sentence pattern with `{placeholders}`, labelled by its use (see templates/README.md); `short` says
        /// where it is used.
        case sentence
    }

    struct Entry: Equatable, Sendable {
        var phrase: String
        var short: String
    }

    static let resourcePath = "templates/phrases.csv"
    static let comparisonPlaceholder = "{comparison}"

    private var entries: [Kind: [String: Entry]]

    init(entries: [Kind: [String: Entry]]) {
        self.entries = entries
    }

    /// Reads the shipped phrase table, checking every row so that a bad edit fails with its line, not a garbled page.
    static func load(from url: URL? = nil) throws -> SentencePhrases {
        let url = try url ?? ResourceFiles.url(resourcePath)
        var entries: [Kind: [String: Entry]] = [:]
        try TableFile.forEachRow(in: url, requiring: ["kind", "label", "phrase", "short"]) { row in
            guard let kind = Kind(rawValue: row["kind"]) else {
                let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw GapsError.invalidConfiguration(
                    row.location, message: "column 'kind': expected one of \(kinds), found '\(row["kind"])'")
            }
            let label = row["label"], phrase = row["phrase"], short = row["short"]
            guard !label.isEmpty, !phrase.isEmpty, !short.isEmpty else {
                throw GapsError.invalidConfiguration(row.location, message: "label, phrase and short must not be empty")
            }
            if kind == .comparator, !phrase.contains(comparisonPlaceholder) {
                throw GapsError.invalidConfiguration(
                    row.location,
                    message: "column 'phrase': a comparator phrase must contain \(comparisonPlaceholder), found '\(phrase)'")
            }
            guard entries[kind]?[label] == nil else {
                throw GapsError.invalidConfiguration(row.location, message: "\(kind.rawValue) '\(label)' is listed twice")
            }
            entries[kind, default: [:]][label] = Entry(phrase: phrase, short: short)
        }
        return SentencePhrases(entries: entries)
    }

    private func entry(_ kind: Kind, _ label: String) -> Entry? { entries[kind]?[label] }

    /// The entry for `label`, or `nil` when the file does not list it (the caller chooses the fallback).
    func lookup(_ kind: Kind, _ label: String) -> Entry? { entry(kind, label) }

    /// "disadvantaged pupils"; an unlisted group label as it stands.
    func group(_ label: String) -> String { entry(.group, label)?.phrase ?? label }

    /// "Disadvantaged", "others": the group on a chart row.
    func groupShort(_ label: String) -> String { entry(.group, label)?.short ?? label }

    func subject(_ label: String) -> String { entry(.subject, label)?.phrase ?? label }

    func indicator(_ label: String) -> String { entry(.indicator, label)?.phrase ?? label }

    /// "below the expected standard at KS1 in reading, writing or maths"; an unlisted label as it stands.
    func entitlement(_ label: String) -> String { entry(.entitlement, label)?.phrase ?? label }

    /// "(a) KS1 below expected in reading, writing or maths": the entitlement as a table's row-group heading.
    func entitlementShort(_ label: String) -> String { entry(.entitlement, label)?.short ?? label }

    /// "significantly below the national average: ..."; an unlisted label as it stands.
    func significance(_ label: String) -> String { entry(.significance, label)?.phrase ?? label }

    /// The comparison group named with its comparator: "other pupils within the school", "national other pupils".
    /// An unlisted comparator is named in brackets, so the sentence still says which comparator it uses.
    func comparison(_ comparisonGroup: String, comparator: String) -> String {
        let groupPhrase = group(comparisonGroup)
        guard let pattern = entry(.comparator, comparator)?.phrase else {
            return "\(groupPhrase) (comparator: \(comparator))"
        }
        return pattern.replacingOccurrences(of: Self.comparisonPlaceholder, with: groupPhrase)
    }

    /// "within the school": what a chart or table heading adds to say which comparator its gaps use.
    func comparatorShort(_ comparator: String) -> String {
        entry(.comparator, comparator)?.short ?? "comparator: \(comparator)"
    }

    /// "Disadvantaged − others": a gap's row label on a chart, first group minus comparison group.
    func gapLabel(group: String, comparisonGroup: String) -> String {
        "\(groupShort(group)) \u{2212} \(groupShort(comparisonGroup))"
    }
}

/// The first letter in upper case, the rest untouched ("disadvantaged pupils" -> "Disadvantaged pupils").
func capitalisingFirstLetter(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
}

/// "disadvantaged pupils'" and "the school's": the possessive of a noun phrase.
func possessive(_ phrase: String) -> String {
    phrase.hasSuffix("s") ? phrase + "'" : phrase + "'s"
}
