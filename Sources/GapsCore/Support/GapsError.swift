import Foundation

/// Where in an input a problem was found. Line and column are 1-based; either may be unknown.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}

/// Every failure that stops a stage. Each case carries enough context to fix the input without reading code.
public enum GapsError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The input is not well-formed (XML syntax, CSV quoting, truncated file).
    case malformedInput(SourceLocation, message: String)
    /// The input is well-formed but not a layout we know (no CTF root, unknown CSV header).
    case unknownLayout(SourceLocation, message: String)
    /// A column or element that the layout requires is absent.
    case missingField(SourceLocation, field: String)
    /// A file could not be opened, read or written.
    case io(path: String, message: String)
    /// A configuration or data file shipped with (or given to) the pipeline is wrong.
    case invalidConfiguration(SourceLocation, message: String)
    /// A stage was pointed at an input directory that an earlier stage did not finish.
    case missingStageOutput(path: String, expected: String)

    public var description: String {
        switch self {
        case let .malformedInput(location, message):
            return "\(location): malformed input: \(message)"
        case let .unknownLayout(location, message):
            return "\(location): unknown layout: \(message)"
        case let .missingField(location, field):
            return "\(location): missing required field '\(field)'"
        case let .io(path, message):
            return "\(path): \(message)"
        case let .invalidConfiguration(location, message):
            return "\(location): invalid configuration: \(message)"
        case let .missingStageOutput(path, expected):
            return "\(path): \(expected) not found; run the earlier stage first"
        }
    }

    public var errorDescription: String? { description }
}
