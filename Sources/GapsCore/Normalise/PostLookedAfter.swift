import Foundation

/// School census "post looked after arrangements" codes (CBDS item 100587, code set CS087) and whether each makes a
/// pupil "previously looked after" for the disadvantage measure (`codes/post-looked-after.csv`: code,
/// counts_as_disadvantaged, meaning).
///
/// The DfE counts as disadvantaged a pupil who left local-authority care in England or Wales through adoption, a
/// special guardianship order, a residence order or a child arrangements order (the Pupil Premium Plus group). The
/// table says which codes those are, so that a change of definition (for example counting adoption from state care
/// outside England and Wales, code O) is a data edit. A blank means the source does not say; N (not declared) is a
/// row of the table. A code not in the table is never guessed: normalise lists it in `data-quality.csv`.
public struct PostLookedAfterCodeSet: Sendable {
    /// `true` when the code counts toward disadvantage, by code (trimmed, upper-case).
    public let countsAsDisadvantaged: [String: Bool]

    public init(countsAsDisadvantaged: [String: Bool]) { self.countsAsDisadvantaged = countsAsDisadvantaged }

    /// Whether `code` makes the pupil previously looked after; `nil` for a code not in the table.
    public func isPreviouslyLookedAfter(_ code: String) -> Bool? { countsAsDisadvantaged[normaliseCode(code)] }

    public static let resourcePath = "codes/post-looked-after.csv"

    static func load(overrides: URL?) throws -> PostLookedAfterCodeSet {
        var counts: [String: Bool] = [:]
        for (code, row) in try ReferenceTables.keyedRows(resourcePath, overrides: overrides, key: "code",
                                                          required: ["counts_as_disadvantaged", "meaning"]) {
            guard !code.isEmpty else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'code': an arrangement needs a code (a source that says nothing is an empty cell, not a row)")
            }
            counts[code] = try ReferenceTables.flag(row, "counts_as_disadvantaged")
        }
        return PostLookedAfterCodeSet(countsAsDisadvantaged: counts)
    }
}
