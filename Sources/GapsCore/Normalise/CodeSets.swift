import Foundation

/// What an ethnicity code means for publication: its main code (one of the 18) and its EES major group.
public struct Ethnicity: Sendable, Equatable {
    /// One of the 18 main codes, or "" when the code does not say (unclassified, or only a major group is known).
    public var mainCode: String
    /// EES harmonised major-group label.
    public var majorGroup: String
    /// EES harmonised minor-group label of the main code ("Indian", "Any other White background", ...); "Unknown"
    /// when there is no main code (unclassified, or a source that gives only a major group).
    public var minorGroup: String

    public init(mainCode: String, majorGroup: String, minorGroup: String = Ethnicity.unknownLabel) {
        self.mainCode = mainCode
        self.majorGroup = majorGroup
        self.minorGroup = minorGroup
    }

    /// The EES label for an unclassified major or minor group.
    public static let unknownLabel = "Unknown"

    /// Blank, refused, not obtained: counted under "Unknown".
    public static let unknown = Ethnicity(mainCode: "", majorGroup: unknownLabel, minorGroup: unknownLabel)
}

/// Ethnicity codes: the 102 extended codes of the DfE `Ethnicities` table, each grouped under one of the 18 main
/// codes (or the unclassified group), plus the NPD major-group codes an extract may carry instead.
///
/// Files: `codes/ethnicity.csv` (code, description, main_code, major_group, major_group_chinese_own_group,
/// minor_group) and
/// `codes/ethnicity-npd-major.csv` (code, description, major_group, major_group_chinese_own_group). The second
/// major-group column is the grouping used in KS2/KS4 publications up to 2018/19, where Chinese was a group of
/// its own; newer DfE outputs put Chinese under "Asian / Asian British", which is the default.
public struct EthnicityCodeSet: Sendable {
    public struct Entry: Sendable, Equatable {
        public var code: String
        public var description: String
        public var mainCode: String
        public var majorGroup: String
        public var majorGroupChineseOwnGroup: String
        /// EES minor-group label of the main code; "Unknown" for unclassified codes and NPD major-group codes.
        public var minorGroup: String
    }

    /// Extended and main codes (`codes/ethnicity.csv`), keyed by code.
    public let extendedCodes: [String: Entry]
    /// NPD major-group codes (WHIT, MIXD, ...), used only when that is all a source has; no main code.
    public let npdMajorCodes: [String: Entry]

    public init(extendedCodes: [String: Entry], npdMajorCodes: [String: Entry]) {
        self.extendedCodes = extendedCodes
        self.npdMajorCodes = npdMajorCodes
    }

    /// What `code` means, or `nil` for a code in neither table (recorded as a data-quality issue, never guessed).
    /// A blank code is `Ethnicity.unknown`.
    public func ethnicity(for code: String, chineseAsOwnGroup: Bool) -> Ethnicity? {
        let key = normaliseCode(code)
        if key.isEmpty { return .unknown }
        guard let entry = extendedCodes[key] ?? npdMajorCodes[key] else { return nil }
        return Ethnicity(mainCode: entry.mainCode,
                         majorGroup: chineseAsOwnGroup ? entry.majorGroupChineseOwnGroup : entry.majorGroup,
                         minorGroup: entry.minorGroup)
    }

    static func load(overrides: URL?) throws -> EthnicityCodeSet {
        let majorColumns = ["description", "major_group", "major_group_chinese_own_group"]
        var extended: [String: Entry] = [:]
        let extendedRows = try ReferenceTables.keyedRows("codes/ethnicity.csv", overrides: overrides, key: "code",
                                                         required: majorColumns + ["main_code", "minor_group"])
        for (code, row) in extendedRows {
            extended[code] = Entry(code: code, description: row["description"], mainCode: normaliseCode(row["main_code"]),
                                   majorGroup: row["major_group"], majorGroupChineseOwnGroup: row["major_group_chinese_own_group"],
                                   minorGroup: row["minor_group"])
        }
        // Every main code a row points to must itself be a row that maps to itself.
        for (code, row) in extendedRows where !extended[code]!.mainCode.isEmpty {
            let main = extended[code]!.mainCode
            guard extended[main]?.mainCode == main else {
                throw GapsError.invalidConfiguration(row.location, message: "main_code '\(main)' of '\(code)' is not a main code of the table")
            }
            // The minor group belongs to the main code: an extended code may not name another one.
            guard extended[code]!.minorGroup == extended[main]!.minorGroup, !extended[code]!.minorGroup.isEmpty else {
                throw GapsError.invalidConfiguration(row.location, message: "minor_group '\(row["minor_group"])' of '\(code)' differs from that of its main code '\(main)' (or is empty)")
            }
        }
        var npd: [String: Entry] = [:]
        for (code, row) in try ReferenceTables.keyedRows("codes/ethnicity-npd-major.csv", overrides: overrides, key: "code",
                                                          required: majorColumns) {
            if extended[code] != nil {
                throw GapsError.invalidConfiguration(row.location, message: "code '\(code)' is also in codes/ethnicity.csv")
            }
            npd[code] = Entry(code: code, description: row["description"], mainCode: "", majorGroup: row["major_group"],
                              majorGroupChineseOwnGroup: row["major_group_chinese_own_group"], minorGroup: Ethnicity.unknownLabel)
        }
        return EthnicityCodeSet(extendedCodes: extended, npdMajorCodes: npd)
    }
}

/// SEN provision codes -> "No SEN", "SEN support", "EHC plan" (`codes/sen-provision.csv`).
///
/// Legacy codes map longitudinally (ours): School Action A, School Action Plus P and Q -> SEN support;
/// statement S -> EHC plan. A blank code is a row of the table: in DfE data a blank means no SEN provision was
/// recorded, so it maps to "No SEN".
public struct SENProvisionCodeSet: Sendable {
    /// Provision label by code ("" for blank).
    public let provisions: [String: String]

    public init(provisions: [String: String]) { self.provisions = provisions }

    /// The provision label, or `nil` for a code not in the table.
    public func provision(for code: String) -> String? { provisions[normaliseCode(code)] }

    static func load(overrides: URL?) throws -> SENProvisionCodeSet {
        var provisions: [String: String] = [:]
        for (code, row) in try ReferenceTables.keyedRows("codes/sen-provision.csv", overrides: overrides, key: "code",
                                                          required: ["provision"]) {
            provisions[code] = row["provision"]
        }
        return SENProvisionCodeSet(provisions: provisions)
    }
}

/// First-language codes and extract EAL groups -> "English", "Other than English", "Unclassified"
/// (`codes/first-language.csv`).
///
/// The table lists the summary codes (ENG, ENB, OTH, OTB, NOT, REF), the extract's EALGRP values 1-3 and blank.
/// Any other 3- or 4-letter code is a specific language (PNJ, POL, URD, ...): DfE's list of several hundred
/// languages all count as "other than English", so they are recognised by shape rather than listed.
public struct FirstLanguageCodeSet: Sendable {
    public let categories: [String: String]
    /// The category of a specific language code not in the table.
    public static let otherLanguageCategory = "Other than English"

    public init(categories: [String: String]) { self.categories = categories }

    /// The category, or `nil` for a value that is neither in the table nor shaped like a language code.
    public func category(for code: String) -> String? {
        let key = normaliseCode(code)
        if let category = categories[key] { return category }
        let isLanguageCode = (3...4).contains(key.count) && key.allSatisfy { $0.isASCII && $0.isLetter }
        return isLanguageCode ? Self.otherLanguageCategory : nil
    }

    static func load(overrides: URL?) throws -> FirstLanguageCodeSet {
        var categories: [String: String] = [:]
        for (code, row) in try ReferenceTables.keyedRows("codes/first-language.csv", overrides: overrides, key: "code",
                                                          required: ["category"]) {
            categories[code] = row["category"]
        }
        return FirstLanguageCodeSet(categories: categories)
    }
}

/// Sex as written (M/F) -> EES labels.
public enum SexCode {
    /// "Boys" for M, "Girls" for F, `nil` for anything else (the pupil is then "Unknown").
    public static func label(for code: String) -> String? {
        switch normaliseCode(code) {
        case "M": return "Boys"
        case "F": return "Girls"
        default: return nil
        }
    }

    public static let unknown = "Unknown"
}

/// Yes/no flags as sources write them: 1/0, Y/N, T/F, true/false, yes/no.
public enum SourceFlag {
    /// `true`, `false`, or `nil` when the text is not a flag (empty included).
    public static func value(_ text: String) -> Bool? {
        switch normaliseCode(text) {
        case "1", "Y", "YES", "T", "TRUE": return true
        case "0", "N", "NO", "F", "FALSE": return false
        default: return nil
        }
    }
}
