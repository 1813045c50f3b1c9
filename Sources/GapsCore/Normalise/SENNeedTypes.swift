import Foundation

/// SEN need type codes (the school census `SENtype` of a pupil's rank-1 need) and their EES labels
/// (`codes/sen-need-types.csv`: code, label, meaning).
///
/// The pupil table keeps the code (ASD, SLCN, ...) so that it stays short and joins to other DfE data; `label(for:)`
/// gives the EES `sen_primary_need` filter label for publication. A code not in the table (a typing error, a local
/// code, the pre-2015 BESD) is never guessed: normalise lists it in `data-quality.csv` and leaves the need empty.
public struct SENNeedTypeCodeSet: Sendable {
    public struct Entry: Sendable, Equatable {
        public var code: String
        /// EES harmonised label ("Autistic spectrum disorder").
        public var label: String
        public var meaning: String
    }

    /// By code (trimmed, upper-case).
    public let entries: [String: Entry]

    public init(entries: [String: Entry]) { self.entries = entries }

    /// The canonical code (upper-case) when `code` is in the table, else `nil`.
    public func code(for code: String) -> String? { entries[normaliseCode(code)]?.code }

    /// The EES label for a code in the table.
    public func label(for code: String) -> String? { entries[normaliseCode(code)]?.label }

    static func load(overrides: URL?) throws -> SENNeedTypeCodeSet {
        var entries: [String: Entry] = [:]
        for (code, row) in try ReferenceTables.keyedRows("codes/sen-need-types.csv", overrides: overrides, key: "code",
                                                          required: ["label", "meaning"]) {
            guard !code.isEmpty else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'code': a need type needs a code (no primary need is an empty cell, not a row)")
            }
            entries[code] = Entry(code: code, label: row["label"], meaning: row["meaning"])
        }
        return SENNeedTypeCodeSet(entries: entries)
    }
}
