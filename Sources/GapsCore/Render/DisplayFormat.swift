import Foundation

/// How numbers from the aggregate tables are shown on a page.
///
/// Files keep full precision; pages round with the DfE's round-half-up rule (`round_five_up` in dfeR), not the
/// round-half-to-even that `String(format:)` uses, so that a page agrees with published DfE tables.
public enum DisplayFormat {
    /// The number rounded half-up and written with exactly `places` decimals; never "-0".
    public static func number(_ value: Double, places: Int, signed: Bool = false) -> String {
        var rounded = DfERounding.roundHalfUp(value, places: places)
        if rounded == 0 { rounded = 0 }  // turns -0.0 into 0.0
        let text = String(format: "%.\(places)f", rounded)
        return signed && rounded > 0 ? "+" + text : text
    }

    /// A published cell: its symbol, or its number rounded to `places`.
    public static func value(_ value: PublishedValue, places: Int, signed: Bool = false) -> String {
        switch value {
        case let .number(number): return self.number(number, places: places, signed: signed)
        case let .symbol(symbol): return symbol.rawValue
        }
    }

    /// EES `time_period` as people write it: `202324` -> `2023/24`; a four-digit year stays as it is.
    public static func timePeriod(_ code: String) -> String? {
        guard code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { return nil }
        if code.count == 4 { return code }
        guard code.count == 6, let start = Int(code.prefix(4)), let end = Int(code.suffix(2)),
              (start + 1) % 100 == end
        else { return nil }
        return "\(code.prefix(4))/\(code.suffix(2))"
    }

    /// A coordinate in generated SVG: at most two decimals, trailing zeros dropped, so output is stable and short.
    static func coordinate(_ value: Double) -> String {
        var text = String(format: "%.2f", value == 0 ? 0 : value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
