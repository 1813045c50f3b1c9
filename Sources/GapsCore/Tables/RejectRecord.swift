import Foundation

/// A row a stage could not use, with where it came from and why: the rejects table of every stage.
public struct RejectRecord: TableRecord, Sendable, Equatable {
    public var sourceFile: String
    public var line: Int?
    public var column: Int?
    /// The kind of record rejected (`pupil`, `result`, ...), so counts can be balanced per kind.
    public var recordKind: String
    public var upn: String
    public var field: String
    public var value: String
    public var reason: String

    public init(sourceFile: String, line: Int?, column: Int? = nil, recordKind: String, upn: String = "",
                field: String, value: String, reason: String) {
        self.sourceFile = sourceFile
        self.line = line
        self.column = column
        self.recordKind = recordKind
        self.upn = upn
        self.field = field
        self.value = value
        self.reason = reason
    }

    public static let columns = ["source_file", "line", "column", "record_kind", "upn", "field", "value", "reason"]

    public var fieldValues: [String] {
        [sourceFile, line.map(String.init) ?? "", column.map(String.init) ?? "", recordKind, upn, field, value, reason]
    }

    public init(row: TableRow) throws {
        self.init(sourceFile: row["source_file"], line: Int(row["line"]), column: Int(row["column"]),
                  recordKind: row["record_kind"], upn: row["upn"], field: row["field"], value: row["value"],
                  reason: row["reason"])
    }

    public static let fileName = "rejects.csv"
}
