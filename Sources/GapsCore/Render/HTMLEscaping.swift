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
