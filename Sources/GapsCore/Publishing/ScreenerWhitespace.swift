import Foundation

extension String {
    /// The string without leading and trailing whitespace, as `trimmingCharacters(in: .whitespaces)` gives it
    /// (tab and the Unicode space separators, category Zs), without Foundation: the screener trims every cell of
    /// every published file, and Foundation's trim (through NSString) took three quarters of the aggregate stage's
    /// time on the demo. A string with nothing to trim is returned as it is, without copying.
    var trimmingScreenerWhitespace: String {
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar == " " || (!scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator)
        }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !isWhitespace(first) && !isWhitespace(last) { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end && isWhitespace(scalars[start]) { start = scalars.index(after: start) }
        while end > start && isWhitespace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
