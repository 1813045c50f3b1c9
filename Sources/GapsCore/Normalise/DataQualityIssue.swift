import Foundation

/// A problem in a pupil's data that did not stop the pupil being used: an unknown code (the pupil is kept with
/// the characteristic "Unknown"), sources that disagree, an FSM period that cannot be read.
///
/// These are not rejects: the row they come from was written, so counting them as rejected would break
/// `read = written + rejected + setAside`. They go to `data-quality.csv` (restricted: it names pupils) for the
/// data manager to correct at source. Pupil-level: restricted.
public struct DataQualityIssue: TableRecord, Sendable, Equatable {
    /// What kind of problem it is, so that `data-quality-summary.csv` can count them and a data manager can filter.
    public enum Category: String, Sendable, CaseIterable {
        /// A code no code set knows (ethnicity, sex, SEN, language, a yes/no flag): never guessed.
        case unknownCode = "unknown_code"
        /// Two sources give different recognised values; the higher-precedence one was kept.
        case conflict
        /// A temporary UPN (final character a letter): the school should replace it with the permanent UPN.
        case temporaryUPN = "temporary_upn"
        /// A FormerUPN linked rows under an old UPN to this pupil, or could not be used to link.
        case formerUPN = "former_upn"
        /// The same UPN on more than one row of one source.
        case duplicateRow = "duplicate_row"
        /// An FSM period that cannot be read, no census date, or extract flags that disagree with CTF periods.
        case freeSchoolMeals = "fsm"
        /// Values that cannot both be true of one pupil (a primary need without SEN provision).
        case inconsistent
    }

    public var upn: String
    /// The characteristic concerned (`ethnicity`, `sex`, `dob`, `fsm_periods`, ...).
    public var field: String
    /// The value or values at fault as the sources wrote them.
    public var value: String
    /// What is wrong and what normalise did about it.
    public var issue: String
    /// The source files concerned, `;`-separated.
    public var sources: String
    public var category: Category

    public init(upn: String, field: String, value: String, issue: String, sources: String, category: Category) {
        self.upn = upn
        self.field = field
        self.value = value
        self.issue = issue
        self.sources = sources
        self.category = category
    }

    public static let columns = ["upn", "field", "value", "issue", "sources", "category"]

    public var fieldValues: [String] { [upn, field, value, issue, sources, category.rawValue] }

    public init(row: TableRow) throws {
        guard let category = Category(rawValue: row["category"]) else {
            throw GapsError.malformedInput(row.location, message: "column 'category': unknown data-quality category '\(row["category"])'")
        }
        self.init(upn: row["upn"], field: row["field"], value: row["value"], issue: row["issue"], sources: row["sources"],
                  category: category)
    }

    public static let fileName = "data-quality.csv"
}
