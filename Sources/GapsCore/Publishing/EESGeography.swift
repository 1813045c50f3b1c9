import Foundation

/// The symbols Explore Education Statistics accepts in place of a number (GSS conventions, domain reference
/// section 8). A published cell is never blank: it holds a number or one of these.
public enum EESSymbol {
    /// Suppressed to protect confidentiality.
    public static let suppressed = "c"
    /// Not available (nothing to compute from, such as a percentage of no pupils).
    public static let notAvailable = "x"
    /// Not applicable (no average scaled score for writing, which is teacher assessed).
    public static let notApplicable = "z"
    /// Rounds to zero.
    public static let roundsToZero = "low"
    /// Low reliability.
    public static let lowReliability = "u"

    public static let all: Set<String> = [suppressed, notAvailable, notApplicable, roundsToZero, lowReliability]
}

/// One EES geographic level and the columns that identify a place at that level.
public struct GeographicLevel: Sendable, Equatable {
    /// As written in the `geographic_level` column ("National", "Local authority", "School", ...).
    public var name: String
    public var codeColumn: String?
    public var nameColumn: String
    public var secondaryCodeColumn: String?
    /// Columns of a parent geography that files with rows of this level also carry (a school's local authority).
    public var alsoRequired: [String]
    /// Whether a code always names the same place. False for institutions (schools, providers), whose names
    /// change over the years a file covers.
    public var oneNamePerCode: Bool

    public init(name: String, codeColumn: String?, nameColumn: String, secondaryCodeColumn: String?,
                alsoRequired: [String] = [], oneNamePerCode: Bool = true) {
        self.name = name
        self.codeColumn = codeColumn
        self.nameColumn = nameColumn
        self.secondaryCodeColumn = secondaryCodeColumn
        self.alsoRequired = alsoRequired
        self.oneNamePerCode = oneNamePerCode
    }

    /// Columns a file must have when it holds rows of this level.
    public var requiredColumns: [String] {
        [codeColumn, nameColumn, secondaryCodeColumn].compactMap { $0 } + alsoRequired
    }

    /// Columns that must be filled in on every row of this level (the secondary code and the parent's columns
    /// may be blank: the DfE's own passing examples have school rows without their LA).
    public var completedColumns: [String] {
        [codeColumn, nameColumn].compactMap { $0 }
    }
}

/// What EES means by time and place: the columns that are neither filters nor indicators.
public struct EESGeography: Sendable {
    /// Columns every EES data file has.
    public static let mandatoryColumns = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name"]

    public let levels: [GeographicLevel]

    public init(levels: [GeographicLevel]) {
        self.levels = levels
    }

    /// Reads a table like `Resources/geography/geographic-levels.csv`.
    public init(contentsOf url: URL) throws {
        var levels: [GeographicLevel] = []
        try TableFile.forEachRow(in: url, requiring: ["geographic_level", "code_field", "name_field", "code_field_secondary"]) { row in
            let name = row["geographic_level"]
            guard !name.isEmpty, !row["name_field"].isEmpty else {
                throw GapsError.invalidConfiguration(row.location, message: "geographic level and name_field must not be blank")
            }
            levels.append(GeographicLevel(
                name: name,
                codeColumn: row["code_field"].isEmpty ? nil : row["code_field"],
                nameColumn: row["name_field"],
                secondaryCodeColumn: row["code_field_secondary"].isEmpty ? nil : row["code_field_secondary"],
                alsoRequired: row["also_required"].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) },
                oneNamePerCode: row["one_name_per_code"] != "no"))
        }
        self.levels = levels
    }

    /// The levels shipped in `Resources/geography/geographic-levels.csv`.
    public static func shipped() throws -> EESGeography {
        try EESGeography(contentsOf: ResourceFiles.url("geography/geographic-levels.csv"))
    }

    public func level(named name: String) -> GeographicLevel? {
        levels.first { $0.name == name }
    }

    /// Every column that says when or where a row is: these never appear in a `.meta.csv`.
    public var timeAndGeographyColumns: Set<String> {
        var columns = Set(Self.mandatoryColumns)
        for level in levels { columns.formUnion(level.requiredColumns) }
        return columns
    }
}

/// A local authority as EES names it.
public struct LocalAuthority: Sendable, Equatable {
    /// Three-digit DfE LA number.
    public var oldCode: String
    /// ONS GSS code (E06..., E08..., E09..., E10...).
    public var newCode: String
    public var name: String

    public init(oldCode: String, newCode: String, name: String) {
        self.oldCode = oldCode
        self.newCode = newCode
        self.name = name
    }
}

/// LA number -> GSS code and name, from `Resources/geography/local-authorities.csv`.
public struct LocalAuthorityLookup: Sendable {
    private let byOldCode: [String: LocalAuthority]

    /// Reads a table with `old_la_code,new_la_code,la_name`. Where an LA number has several GSS codes (boundary
    /// changes), keeps the current one: see `isMoreCurrent`.
    public init(contentsOf url: URL) throws {
        var byOldCode: [String: LocalAuthority] = [:]
        try TableFile.forEachRow(in: url, requiring: ["old_la_code", "new_la_code", "la_name"]) { row in
            let authority = LocalAuthority(oldCode: row["old_la_code"], newCode: row["new_la_code"], name: row["la_name"])
            if let existing = byOldCode[authority.oldCode], !Self.isMoreCurrent(authority.newCode, than: existing.newCode) {
                return
            }
            byOldCode[authority.oldCode] = authority
        }
        self.byOldCode = byOldCode
    }

    public init(authorities: [LocalAuthority]) {
        var byOldCode: [String: LocalAuthority] = [:]
        for authority in authorities {
            if let existing = byOldCode[authority.oldCode], !Self.isMoreCurrent(authority.newCode, than: existing.newCode) { continue }
            byOldCode[authority.oldCode] = authority
        }
        self.byOldCode = byOldCode
    }

    public static func shipped() throws -> LocalAuthorityLookup {
        try LocalAuthorityLookup(contentsOf: ResourceFiles.url("geography/local-authorities.csv"))
    }

    public func authority(oldCode: String) -> LocalAuthority? {
        byOldCode[oldCode]
    }

    /// The lookup gives no dates, so the current code is inferred **(ours)**: counties (`E10`) were replaced by
    /// unitary authorities (`E06`), so any non-county code beats a county code; within one prefix ONS issues
    /// codes in sequence, so the higher number is the newer.
    static func isMoreCurrent(_ candidate: String, than existing: String) -> Bool {
        let candidateIsCounty = candidate.hasPrefix("E10")
        let existingIsCounty = existing.hasPrefix("E10")
        if candidateIsCounty != existingIsCounty { return existingIsCounty }
        return candidate > existing
    }
}
