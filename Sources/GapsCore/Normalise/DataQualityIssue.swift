import Foundation

/// A problem in a pupil's data that did not stop the pupil being used: an unknown code (the pupil is kept with
/// the characteristic "Unknown"), sources that disagree, an FSM period that cannot be read.
///
/// These are not rejects: the row they come from was written, so counting them as rejected would break
/// `read = written + rejected + setAside`. They go to `data-quality.csv` (restricted: it names pupils) for the
/// data manager to correct at source. Pupil-level: restricted.
public struct DataQualityIssue: TableRecord, Sendable, Equatable {
    public var upn: String
    /// The characteristic concerned (`ethnicity`, `sex`, `dob`, `fsm_periods`, ...).
    public var field: String
    /// The value or values at fault as the sources wrote them.
    public var value: String
    /// What is wrong and what normalise did about it.
    public var issue: String
    /// The source files concerned, `;`-separated.
    public var sources: String

    public init(upn: String, field: String, value: String, issue: String, sources: String) {
        self.upn = upn
        self.field = field
        self.value = value
        self.issue = issue
        self.sources = sources
    }

    public static let columns = ["upn", "field", "value", "issue", "sources"]

    public var fieldValues: [String] { [upn, field, value, issue, sources] }

    public init(row: TableRow) throws {
        self.init(upn: row["upn"], field: row["field"], value: row["value"], issue: row["issue"], sources: row["sources"])
    }

    public static let fileName = "data-quality.csv"
}
