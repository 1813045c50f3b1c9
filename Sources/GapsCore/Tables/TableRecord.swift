import Foundation

/// A row type that one stage writes and the next reads, by column name (so columns can be added safely).
public protocol TableRecord {
    /// Column names in file order.
    static var columns: [String] { get }
    /// Field values in `columns` order.
    var fieldValues: [String] { get }
    /// Builds the record from a row; `row[name]` is "" for a column the file lacks.
    init(row: TableRow) throws
}

/// One row of a CSV file with a header, looked up by column name.
public struct TableRow {
    public let fields: [String]
    public let columnIndex: [String: Int]
    public let location: SourceLocation

    public subscript(_ column: String) -> String {
        guard let index = columnIndex[column], index < fields.count else { return "" }
        return fields[index]
    }

    /// The value as an integer, or a `malformedInput` error naming the column.
    public func int(_ column: String) throws -> Int {
        guard let value = Int(self[column]) else {
            throw GapsError.malformedInput(location, message: "column '\(column)': expected a whole number, found '\(self[column])'")
        }
        return value
    }

    /// The value as a number, `nil` when empty, or a `malformedInput` error naming the column.
    public func optionalDouble(_ column: String) throws -> Double? {
        let text = self[column]
        if text.isEmpty { return nil }
        guard let value = Double(text) else {
            throw GapsError.malformedInput(location, message: "column '\(column)': expected a number, found '\(text)'")
        }
        return value
    }
}

public enum TableFile {
    /// Reads every row of a stage table, checking that `Record.columns` are all present.
    public static func read<Record: TableRecord>(_ type: Record.Type, from url: URL) throws -> [Record] {
        var records: [Record] = []
        try forEachRow(in: url, requiring: Record.columns) { records.append(try Record(row: $0)) }
        return records
    }

    /// Streams the rows of a CSV file with a header line.
    public static func forEachRow(in url: URL, requiring required: [String] = [], _ body: (TableRow) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw GapsError.missingStageOutput(path: url.deletingLastPathComponent().path, expected: url.lastPathComponent)
        }
        var columnIndex: [String: Int]?
        try CSVReader(path: url.path, delimiter: UInt8(ascii: ",")).forEachRecord { record in
            guard let index = columnIndex else {
                var built: [String: Int] = [:]
                for (position, name) in record.fields.enumerated() { built[name] = position }
                for name in required where built[name] == nil {
                    throw GapsError.missingField(SourceLocation(file: url.path, line: record.line), field: name)
                }
                columnIndex = built
                return
            }
            try body(TableRow(fields: record.fields, columnIndex: index, location: SourceLocation(file: url.path, line: record.line)))
        }
        if columnIndex == nil {
            throw GapsError.malformedInput(SourceLocation(file: url.path), message: "empty file: no header line")
        }
    }

    /// Writes records with their header; returns the manifest entry.
    @discardableResult
    public static func write<Record: TableRecord>(_ records: [Record], to url: URL, restricted: Bool) throws -> ManifestOutput {
        let writer = try CSVWriter(url: url, header: Record.columns, restricted: restricted)
        for record in records { try writer.write(record.fieldValues) }
        return try writer.close()
    }
}
