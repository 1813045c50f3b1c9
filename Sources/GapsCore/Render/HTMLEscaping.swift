/// Escaping for text placed in HTML or SVG markup that we build in Swift.
///
/// Mustache's `{{ }}` escapes the values it inserts, but the chart is SVG generated in code and inserted with
/// `{{{ }}}`, so every piece of data text inside it (school names, subjects, group labels) must pass through here.
/// The five characters match those Mustache escapes, so a value reads the same in a table and in a chart.
public enum HTMLEscaping {
    /// Replaces `& < > " '` by character references; safe inside element content and quoted attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Escaping for data text placed in a CSS string, such as the school name in a printed page's running header
/// (`@page { @top-left { content: "..." } }`).
///
/// Inside `<style>` the HTML parser decodes no character references, so HTML escaping would print `&amp;` and
/// would not stop `</style>`. Instead every character other than an ASCII letter, digit or space becomes a CSS
/// escape of exactly six hex digits, so the result holds no quote, backslash,
/// `<`, `>` or line break whatever the data says, and the browser shows the original text. Spaces are escaped too:
/// CSS swallows one white space after a hex escape as its terminator, even after six digits, so "A: B" written as
/// `A\00003A B` would print "A:B".
public enum CSSEscaping {
    /// `text` as a double-quoted CSS string literal, every character but ASCII letters and digits escaped.
    public static func quotedString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isPlain = (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x61 && value <= 0x7A)
            if isPlain {
                escaped.unicodeScalars.append(scalar)
            } else {
                let hex = String(value, radix: 16, uppercase: true)
                escaped += "\\" + String(repeating: "0", count: 6 - hex.count) + hex
            }
        }
        return escaped + "\""
    }
}
