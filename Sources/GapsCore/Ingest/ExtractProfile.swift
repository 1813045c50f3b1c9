import Foundation

/// The column layout of one kind of pupil-level CSV extract (NPD KS1, KS2, the KS4 pupil file, a census
/// characteristics file, or a user's MIS export), as data.
///
/// Profiles are JSON files: the shipped ones in `Resources/ingest/profiles/`, a user's own in `pipelines/profiles/`
/// (see the READMEs there), so that a new extract layout that fits this shape needs a data file, not code.
/// `ExtractProfileSelector` picks the profile for a file from its header, or takes the one named with `--profile`.
public struct ExtractProfile: Codable, Sendable, Equatable {
    /// Short name used in notes, messages and `--profile`, e.g. `npd-ks2`.
    public var name: String
    /// What the layout is, e.g. "NPD KS2 2016+ extract".
    public var description: String
    /// Key stage of every result in the file (EYF, KS1, KS2, KS4).
    public var stage: String
    /// Prefixes some extracts put before every field name (`KS2_READSCORE`); ignored when matching headers.
    public var columnPrefixes: [String]
    /// Columns a file must have. At least one result column is always required as well (when the profile has
    /// results): both together decide whether a header fits the profile.
    public var requiredColumns: [String]
    /// Pupil field (an `ExtractPupilField` raw value) -> candidate columns; the first non-empty value wins.
    public var pupil: [String: [String]]
    public var results: [ResultColumns]
    /// A regular expression over the file's name (without folders) for files that carry no academic-year column:
    /// its first capture group is the year of the summer that ends the academic year, two digits (`22` in
    /// `KS4pu22 AGS.csv` gives 2021/22) or four. `--academic-year` takes precedence over it.
    public var academicYearFromFileName: String?

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
        /// The measure this result feeds, for figures that are measures in themselves (Attainment 8): it takes
        /// precedence over the assessment map, which is keyed on CTF assessment components. Nil: the map decides.
        public var measure: String?

        /// The columns of this result, score first.
        var columns: [String] { [scoreColumn, outcomeColumn].compactMap { $0 } }
    }

    /// Every key a profile file may hold, so that a misspelt key is reported rather than silently ignored.
    static let knownKeys: Set<String> = [
        "name", "description", "stage", "columnPrefixes", "requiredColumns", "pupil", "results",
        "academicYearFromFileName",
    ]
    static let knownResultKeys: Set<String> = [
        "subject", "method", "component", "scoreColumn", "scoreQualifier", "scoreMinimum", "scoreMaximum",
        "outcomeColumn", "outcomeQualifier", "measure",
    ]

    public init(from decoder: any Decoder) throws {
        // Lists a profile may leave out default to empty, so that a user's profile stays short.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        stage = try container.decodeIfPresent(String.self, forKey: .stage) ?? ""
        columnPrefixes = try container.decodeIfPresent([String].self, forKey: .columnPrefixes) ?? []
        requiredColumns = try container.decodeIfPresent([String].self, forKey: .requiredColumns) ?? []
        pupil = try container.decode([String: [String]].self, forKey: .pupil)
        results = try container.decodeIfPresent([ResultColumns].self, forKey: .results) ?? []
        academicYearFromFileName = try container.decodeIfPresent(String.self, forKey: .academicYearFromFileName)
    }

    public static let resourceFolder = "ingest/profiles"

    /// Every profile shipped with the pipeline, in file-name order.
    public static func shipped() throws -> [ExtractProfile] {
        try loadFolder(try ResourceFiles.url(resourceFolder).path).map(\.profile)
    }

    /// Every `*.json` profile in `folder`, in file-name order, with the path each came from. Other files (a README)
    /// are ignored.
    public static func loadFolder(_ folder: String) throws -> [(profile: ExtractProfile, path: String)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.lowercased().hasSuffix(".json") }
                .sorted()
        } catch {
            throw GapsError.io(path: folder, message: "cannot list extract profiles: \(error.localizedDescription)")
        }
        return try names.map { name in
            let path = (folder as NSString).appendingPathComponent(name)
            return (try load(path: path), path)
        }
    }

    /// Reads and checks one profile file: known keys and pupil fields, a UPN column, every result naming a column,
    /// a known measure, a file-name rule that compiles. Each problem is `GapsError.invalidConfiguration` naming the
    /// file, so that a user's profile fails on load with a line they can act on, not on some later row.
    public static func load(path: String) throws -> ExtractProfile {
        let location = SourceLocation(file: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GapsError.io(path: path, message: "cannot read extract profile")
        }
        let profile: ExtractProfile
        do {
            profile = try JSONDecoder().decode(ExtractProfile.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw GapsError.invalidConfiguration(location, message: "not an extract profile: the key '\(key.stringValue)' is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            throw GapsError.invalidConfiguration(location, message: "not an extract profile: '\(path)': \(context.debugDescription)")
        } catch {
            throw GapsError.invalidConfiguration(location, message: "not valid JSON: \(error.localizedDescription)")
        }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let unknown = Set(object.keys).subtracting(knownKeys).sorted().first {
                throw GapsError.invalidConfiguration(
                    location, message: "unknown key '\(unknown)' (known: \(knownKeys.sorted().joined(separator: ", ")))")
            }
            for case let result as [String: Any] in object["results"] as? [Any] ?? [] {
                if let unknown = Set(result.keys).subtracting(knownResultKeys).sorted().first {
                    throw GapsError.invalidConfiguration(
                        location, message: "unknown result key '\(unknown)' (known: \(knownResultKeys.sorted().joined(separator: ", ")))")
                }
            }
        }
        if IngestValues.trimmed(profile.name).isEmpty {
            throw GapsError.invalidConfiguration(location, message: "the profile has an empty name")
        }
        if IngestValues.trimmed(profile.stage).isEmpty && !profile.results.isEmpty {
            throw GapsError.invalidConfiguration(location, message: "the profile has results but no stage (KS1, KS2, KS4)")
        }
        for field in profile.pupil.keys.sorted() where ExtractPupilField(rawValue: field) == nil {
            let known = ExtractPupilField.allCases.map(\.rawValue).joined(separator: ", ")
            throw GapsError.invalidConfiguration(location, message: "unknown pupil field '\(field)' (known: \(known))")
        }
        if (profile.pupil[ExtractPupilField.upn.rawValue] ?? []).isEmpty {
            throw GapsError.invalidConfiguration(location, message: "the profile names no UPN column (pupil field 'upn')")
        }
        let knownMeasures = AssessmentMeasure.allCases.map(\.rawValue)
        for result in profile.results {
            let label = "\(result.subject) \(result.method) \(result.component)"
            if result.columns.isEmpty {
                throw GapsError.invalidConfiguration(location, message: "result \(label) names no column")
            }
            if result.scoreColumn != nil && result.scoreQualifier == nil {
                throw GapsError.invalidConfiguration(location, message: "result \(label) has a score column but no scoreQualifier")
            }
            if let measure = result.measure, !knownMeasures.contains(measure) {
                throw GapsError.invalidConfiguration(
                    location, message: "result \(label): unknown measure '\(measure)' (known: \(knownMeasures.joined(separator: ", ")))")
            }
        }
        if let pattern = profile.academicYearFromFileName {
            let expression: NSRegularExpression
            do {
                expression = try NSRegularExpression(pattern: pattern)
            } catch {
                throw GapsError.invalidConfiguration(location, message: "academicYearFromFileName '\(pattern)' is not a regular expression")
            }
            if expression.numberOfCaptureGroups < 1 {
                throw GapsError.invalidConfiguration(
                    location, message: "academicYearFromFileName '\(pattern)' needs a capture group around the year")
            }
        }
        return profile
    }

    /// A column name reduced to the form matching uses: trimmed, runs of white space made one space, upper case.
    /// Applied to header fields and to the names in profiles alike.
    static func columnKey(_ name: String) -> String {
        let trimmed = IngestValues.trimmed(name)
        var key = ""
        var lastWasSpace = false
        for character in trimmed {
            if character.isWhitespace {
                if !lastWasSpace { key.append(" ") }
                lastWasSpace = true
            } else {
                key.append(character)
                lastWasSpace = false
            }
        }
        return key.uppercased()
    }

    /// A header name reduced to the form profiles use: `columnKey`, without a known prefix.
    func canonicalColumn(_ header: String) -> String {
        let name = Self.columnKey(header)
        for prefix in columnPrefixes.map(Self.columnKey) where !prefix.isEmpty && name.hasPrefix(prefix) && name.count > prefix.count {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// Every column the profile knows, canonical.
    var knownColumns: Set<String> {
        Set((pupil.values.joined() + results.flatMap(\.columns) + requiredColumns).map(Self.columnKey))
    }

    /// The academic year (`2021/22`) the file's name gives under `academicYearFromFileName`, and the part of the
    /// name that gave it (`KS4pu22`); nil when the profile has no rule or the name does not match.
    func academicYear(fromFileName path: String) -> (year: String, matched: String)? {
        guard let pattern = academicYearFromFileName,
              let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        let name = (path as NSString).lastPathComponent
        guard let match = expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)),
              match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: name) else { return nil }
        let digits = String(name[range])
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), var summer = Int(digits) else { return nil }
        switch digits.count {
        case 2: summer += 2000
        case 4: break
        default: return nil
        }
        let matched = Range(match.range, in: name).map { String(name[$0]) } ?? digits
        return (ExtractYearRule.academicYear(endingIn: summer), matched)
    }
}

/// The `IngestedPupil` fields an extract profile can fill. `dob` is converted to ISO; `laEstab` (a 7-digit LA and
/// establishment number) fills `la` and `estab` when the file has no separate columns for them; `censusDate` gives
/// the academic year of rows that state none (see `ExtractYearRule`).
public enum ExtractPupilField: String, CaseIterable, Sendable {
    case upn, formerUPN, surname, forename, dob, sex, ncYear, ethnicity, ethnicitySource, firstLanguage
    case serviceChild, lookedAfter, fsmEligible, fsmEver6, senProvision, senPrimaryNeed
    case la, estab, laEstab, urn, schoolName, academicYear
    /// The census date of a census-style file: the academic year of a row that states none is the one holding it.
    case censusDate
    /// School census "post looked after arrangements" code (A, G, R, C, N, O).
    case postLookedAfter
    /// The file's own disadvantaged flag (1/0, Y/N), as the KS4 pupil file states it.
    case statedDisadvantaged

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
        case .censusDate: nil
        case .postLookedAfter: \.postLookedAfter
        case .statedDisadvantaged: \.statedDisadvantaged
        }
    }
}
