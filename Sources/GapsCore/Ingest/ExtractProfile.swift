import Foundation

/// The column layout of one kind of pupil-level CSV extract (NPD KS2, and later KS1, KS4, census), as data.
///
/// Profiles are JSON files in `Resources/ingest/profiles/` (see the README there), so that a new extract layout
/// that fits this shape needs a data file, not code. `ExtractReader` picks the profile whose columns best match a
/// file's header.
public struct ExtractProfile: Codable, Sendable, Equatable {
    /// Short name used in notes and messages, e.g. `npd-ks2`.
    public var name: String
    /// What the layout is, e.g. "NPD KS2 2016+ extract".
    public var description: String
    /// Key stage of every result in the file (EYF, KS1, KS2, KS4).
    public var stage: String
    /// Prefixes some extracts put before every field name (`KS2_READSCORE`); ignored when matching headers.
    public var columnPrefixes: [String]
    /// Columns a file must have. At least one result column is always required as well.
    public var requiredColumns: [String]
    /// Pupil field (an `ExtractPupilField` raw value) -> candidate columns; the first non-empty value wins.
    public var pupil: [String: [String]]
    public var results: [ResultColumns]

    /// One result an extract row can carry, and where to find it.
    public struct ResultColumns: Codable, Sendable, Equatable {
        public var subject: String
        public var method: String
        public var component: String
        /// A numeric score column (a scaled score): used when it holds a number.
        public var scoreColumn: String?
        public var scoreQualifier: String?
        /// The valid range of the score; a value outside it is rejected.
        public var scoreMinimum: Double?
        public var scoreMaximum: Double?
        /// The outcome column: used when the score is empty (or when there is no score column).
        public var outcomeColumn: String?
        public var outcomeQualifier: String?

        /// The columns of this result, score first.
        var columns: [String] { [scoreColumn, outcomeColumn].compactMap { $0 } }
    }

    public static let resourceFolder = "ingest/profiles"

    /// Every profile shipped with the pipeline, in file-name order.
    public static func shipped() throws -> [ExtractProfile] {
        let folder = try ResourceFiles.url(resourceFolder)
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw GapsError.io(path: folder.path, message: "cannot list extract profiles: \(error.localizedDescription)")
        }
        return try files.map { try load(path: $0.path) }
    }

    /// Reads and checks one profile file.
    public static func load(path: String) throws -> ExtractProfile {
        let location = SourceLocation(file: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GapsError.io(path: path, message: "cannot read extract profile")
        }
        let profile: ExtractProfile
        do {
            profile = try JSONDecoder().decode(ExtractProfile.self, from: data)
        } catch {
            throw GapsError.invalidConfiguration(location, message: "not an extract profile: \(error)")
        }
        for field in profile.pupil.keys where ExtractPupilField(rawValue: field) == nil {
            let known = ExtractPupilField.allCases.map(\.rawValue).joined(separator: ", ")
            throw GapsError.invalidConfiguration(location, message: "unknown pupil field '\(field)' (known: \(known))")
        }
        for result in profile.results {
            let label = "\(result.subject) \(result.method) \(result.component)"
            if result.columns.isEmpty {
                throw GapsError.invalidConfiguration(location, message: "result \(label) names no column")
            }
            if result.scoreColumn != nil && result.scoreQualifier == nil {
                throw GapsError.invalidConfiguration(location, message: "result \(label) has a score column but no scoreQualifier")
            }
        }
        return profile
    }

    /// A header name reduced to the form profiles use: trimmed, upper case, without a known prefix.
    func canonicalColumn(_ header: String) -> String {
        let name = IngestValues.trimmed(header).uppercased()
        for prefix in columnPrefixes.map({ $0.uppercased() }) where name.hasPrefix(prefix) && name.count > prefix.count {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// Every column the profile knows, canonical.
    var knownColumns: Set<String> {
        Set(pupil.values.joined().map { $0.uppercased() } + results.flatMap(\.columns).map { $0.uppercased() }
            + requiredColumns.map { $0.uppercased() })
    }
}

/// The `IngestedPupil` fields an extract profile can fill. `dob` is converted to ISO; `laEstab` (a 7-digit LA and
/// establishment number) fills `la` and `estab` when the file has no separate columns for them.
public enum ExtractPupilField: String, CaseIterable, Sendable {
    case upn, formerUPN, surname, forename, dob, sex, ncYear, ethnicity, ethnicitySource, firstLanguage
    case serviceChild, lookedAfter, fsmEligible, fsmEver6, senProvision, senPrimaryNeed
    case la, estab, laEstab, urn, schoolName, academicYear

    /// Where the value goes in `IngestedPupil`; nil for fields handled specially.
    var keyPath: WritableKeyPath<IngestedPupil, String>? {
        switch self {
        case .upn: \.upn
        case .formerUPN: \.formerUPN
        case .surname: \.surname
        case .forename: \.forename
        case .dob: \.dob
        case .sex: \.sex
        case .ncYear: \.ncYear
        case .ethnicity: \.ethnicity
        case .ethnicitySource: \.ethnicitySource
        case .firstLanguage: \.firstLanguage
        case .serviceChild: \.serviceChild
        case .lookedAfter: \.lookedAfter
        case .fsmEligible: \.fsmEligible
        case .fsmEver6: \.fsmEver6
        case .senProvision: \.senProvision
        case .senPrimaryNeed: \.senPrimaryNeed
        case .la: \.la
        case .estab: \.estab
        case .laEstab: nil
        case .urn: \.urn
        case .schoolName: \.schoolName
        case .academicYear: \.academicYear
        }
    }
}
