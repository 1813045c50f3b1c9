/// One indicator cell of a published (EES tidy) table: a number, or one of the GSS symbols that stand in for it.
///
/// Published files have no blanks: a value that cannot be shown is a symbol, and the page must show the symbol,
/// never a number derived from it.
public enum PublishedValue: Equatable, Sendable {
    case number(Double)
    case symbol(PublishedSymbol)

    /// Parses a cell; `nil` when the text is neither a number nor a known symbol (the caller reports where).
    public init?(text: String) {
        if let symbol = PublishedSymbol(rawValue: text) {
            self = .symbol(symbol)
        } else if let number = Double(text), number.isFinite {
            self = .number(number)
        } else {
            return nil
        }
    }

    public var number: Double? {
        if case let .number(value) = self { return value }
        return nil
    }

    public var symbol: PublishedSymbol? {
        if case let .symbol(symbol) = self { return symbol }
        return nil
    }
}

/// The GSS symbols that EES accepts in place of a number, with the explanation shown in a page's key.
public enum PublishedSymbol: String, CaseIterable, Sendable {
    case suppressed = "c"
    case notAvailable = "x"
    case notApplicable = "z"
    case roundsToZero = "low"
    case lowReliability = "u"

    /// A few words for a list of what a chart could not draw ("suppressed").
    public var shortName: String {
        switch self {
        case .suppressed: return "suppressed"
        case .notAvailable: return "not available"
        case .notApplicable: return "not applicable"
        case .roundsToZero: return "rounds to zero"
        case .lowReliability: return "low reliability"
        }
    }

    /// The footnote that explains the symbol to a reader of the page; `c` states the run's thresholds.
    func explanation(thresholds: ReportParameters = .defaults) -> String {
        switch self {
        case .suppressed:
            return "c: fewer than \(thresholds.minimumDenominator) pupils\(thresholds.smallNumeratorClause), or withheld so that such a figure cannot be worked out from the others; suppressed to protect confidentiality"
        case .notAvailable:
            return "x: not available"
        case .notApplicable:
            return "z: not applicable (for example, writing is teacher assessed and has no scaled score)"
        case .roundsToZero:
            return "low: rounds to zero but is not zero"
        case .lowReliability:
            return "u: low reliability"
        }
    }
}

extension TableRow {
    /// A published indicator cell, or a `malformedInput` error naming the column and what was found.
    ///
    /// The spreadsheet-safety apostrophe is removed first: a number the aggregate stage writes in exponent form
    /// ("-4.7e-15", an average that is zero but for rounding error) is not a plain number to `SpreadsheetSafety`,
    /// so it arrives as "'-4.7e-15".
    func publishedValue(_ column: String) throws -> PublishedValue {
        let text = PublishedText.restore(self[column])
        guard let value = PublishedValue(text: text) else {
            let allowed = PublishedSymbol.allCases.map(\.rawValue).joined(separator: ", ")
            throw GapsError.malformedInput(
                location,
                message: "column '\(column)': expected a number or one of the symbols \(allowed), found '\(text)'"
            )
        }
        return value
    }
}
