import Foundation

/// Which measure an assessment result feeds, keyed on (stage, subject, method, component).
///
/// DfE's official component codes are published yearly in "assessment component files" that are not shipped here,
/// so the mapping is a data table that users can copy, edit and pass with `--assessment-map`
/// (`Resources/ingest/assessment-map.csv` holds our defaults; its README explains them). Matching is
/// case-insensitive after trimming. A result no row matches gets an empty measure and is kept.
public struct AssessmentMap: Sendable, Equatable {
    /// The map's key: the four CTF `StageAssessment` fields that identify an assessment component.
    public struct Key: Hashable, Sendable {
        public var stage: String
        public var subject: String
        public var method: String
        public var component: String

        public init(stage: String, subject: String, method: String, component: String) {
            self.stage = Self.fold(stage)
            self.subject = Self.fold(subject)
            self.method = Self.fold(method)
            self.component = Self.fold(component)
        }

        private static func fold(_ text: String) -> String {
            IngestValues.trimmed(text).uppercased()
        }
    }

    public static let columns = ["stage", "subject", "method", "component", "measure"]
    public static let defaultResource = "ingest/assessment-map.csv"

    public private(set) var entries: [Key: AssessmentMeasure]
    /// Where the map came from, for the manifest.
    public let source: String

    public init(entries: [Key: AssessmentMeasure], source: String) {
        self.entries = entries
        self.source = source
    }

    /// The measure name for a result, or "" when no row matches.
    public func measure(stage: String, subject: String, method: String, component: String) -> String {
        entries[Key(stage: stage, subject: subject, method: method, component: component)]?.rawValue ?? ""
    }

    /// The map shipped with the pipeline.
    public static func shipped() throws -> AssessmentMap {
        try load(path: try ResourceFiles.url(defaultResource).path)
    }

    /// Loads `path` if given, else the shipped map.
    public static func load(path: String?) throws -> AssessmentMap {
        guard let path else { return try shipped() }
        return try load(path: path)
    }

    /// Reads a map file. Unknown measure names, empty key fields and one key mapped to two measures are
    /// `GapsError.invalidConfiguration` errors that name the file and line.
    public static func load(path: String) throws -> AssessmentMap {
        guard FileManager.default.fileExists(atPath: path) else {
            throw GapsError.io(path: path, message: "assessment map not found")
        }
        var entries: [Key: AssessmentMeasure] = [:]
        let known = AssessmentMeasure.allCases.map(\.rawValue).joined(separator: ", ")
        try TableFile.forEachRow(in: URL(fileURLWithPath: path), requiring: columns) { row in
            func field(_ name: String) -> String { IngestValues.trimmed(row[name]) }
            if columns.allSatisfy({ field($0).isEmpty }) { return }  // a blank line saved by a spreadsheet
            for name in columns.dropLast() where field(name).isEmpty {
                throw GapsError.invalidConfiguration(row.location, message: "column '\(name)' is empty")
            }
            guard let measure = AssessmentMeasure(rawValue: field("measure").lowercased()) else {
                throw GapsError.invalidConfiguration(
                    row.location, message: "unknown measure '\(field("measure"))' (known measures: \(known))")
            }
            let key = Key(stage: field("stage"), subject: field("subject"), method: field("method"),
                          component: field("component"))
            if let earlier = entries[key], earlier != measure {
                throw GapsError.invalidConfiguration(
                    row.location,
                    message: "\(key.stage),\(key.subject),\(key.method),\(key.component) is mapped to both \(earlier.rawValue) and \(measure.rawValue)")
            }
            entries[key] = measure
        }
        return AssessmentMap(entries: entries, source: path)
    }
}
