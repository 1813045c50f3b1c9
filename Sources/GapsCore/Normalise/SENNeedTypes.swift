import Foundation

/// SEN need type codes (the school census `SENtype` of a pupil's rank-1 need) and their EES labels
/// (`codes/sen-need-types.csv`: code, label, meaning, current_code).
///
/// The pupil table keeps the code (ASD, SLCN, ...) so that it stays short and joins to other DfE data; `label(for:)`
/// gives the EES `sen_primary_need` filter label for publication. A legacy code names the current code it became in
/// `current_code` (BESD, collected until 2014, -> SEMH), so that older files count under today's group. A code not
/// in the table (a typing error, a local code) is never guessed: normalise lists it in `data-quality.csv` and leaves
/// the need empty.
public struct SENNeedTypeCodeSet: Sendable {
    public struct Entry: Sendable, Equatable {
        /// The current code: the row's own code, or for a legacy row the code in its `current_code` column.
        public var code: String
        /// EES harmonised label ("Autistic spectrum disorder").
        public var label: String
        public var meaning: String
        /// The code as the table lists it when it is a legacy code mapped to `code` (BESD), else nil.
        public var legacyCode: String? = nil
    }

    /// By code (trimmed, upper-case).
    public let entries: [String: Entry]

    public init(entries: [String: Entry]) { self.entries = entries }

    /// The canonical code (upper-case) when `code` is in the table, else `nil`.
    public func code(for code: String) -> String? { entries[normaliseCode(code)]?.code }

    /// The EES label for a code in the table.
    public func label(for code: String) -> String? { entries[normaliseCode(code)]?.label }

    /// `current_code` is optional, so that a table written before legacy codes were added still loads.
    static func load(overrides: URL?) throws -> SENNeedTypeCodeSet {
        var entries: [String: Entry] = [:]
        let rows = try ReferenceTables.keyedRows("codes/sen-need-types.csv", overrides: overrides, key: "code",
                                                 required: ["label", "meaning"])
        for (code, row) in rows {
            guard !code.isEmpty else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'code': a need type needs a code (no primary need is an empty cell, not a row)")
            }
            entries[code] = Entry(code: code, label: row["label"], meaning: row["meaning"])
        }
        // A legacy row points at a current row (one whose own current_code is empty) and takes its code and label.
        for (code, row) in rows {
            let current = normaliseCode(row["current_code"])
            if current.isEmpty { continue }
            let target = rows.first { $0.key == current }
            guard let target, normaliseCode(target.row["current_code"]).isEmpty else {
                throw GapsError.invalidConfiguration(row.location, message: "current_code '\(current)' of '\(code)' is not a current code of the table")
            }
            entries[code] = Entry(code: current, label: target.row["label"], meaning: row["meaning"], legacyCode: code)
        }
        return SENNeedTypeCodeSet(entries: entries)
    }
}
