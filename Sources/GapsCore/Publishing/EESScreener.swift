import Foundation

/// A rule of the EES screener. Raw values follow the names of the DfE screener's own test cases
/// (`shared/reference/ees/screener-cases/fail/<name>.csv`) where one exists.
public enum ScreenerRule: String, CaseIterable, Sendable {
    // Files
    case unreadableFile = "unreadable_file"
    case rowLength = "row_length"
    // Data file columns
    case dataMandatoryColumns = "data_mandatory_cols"
    case duplicateVariableNames = "duplicate_variable_names"
    case variableSpaces = "data_variable_spaces"
    case variableNameLength = "variable_name_length"
    case variableSnakeCase = "variable_snake_case"
    case dataToMetaCrosscheck = "data_to_meta_crosscheck"
    // Meta file
    case metaMandatoryColumns = "meta_mandatory_cols"
    case invalidMetaColumns = "invalid_meta_cols"
    case columnNameCompleted = "col_name_completed"
    case columnNameDuplicate = "col_name_duplicate"
    case columnNameSpaces = "col_name_spaces"
    case columnType = "col_type"
    case label = "label"
    case duplicateLabel = "duplicate_label"
    case indicatorDecimalPlaces = "indicator_dp"
    case indicatorUnit = "indicator_unit"
    case indicatorGrouping = "indicator_grouping"
    case filterHint = "filter_hint"
    case filterGroup = "filter_group"
    case metaToDataCrosscheck = "meta_to_data_crosscheck"
    // Rows
    case timePeriod = "time_period"
    case timePeriodSix = "time_period_six"
    case timeIdentifier = "time_identifier"
    case geographicLevel = "geographic_level"
    case geographyLevelPresent = "geography_level_present"
    case geographyLevelCompleted = "geography_level_completed"
    case geographyCombinations = "geography_combinations"
    case blankFilters = "blanks_filters"
    case blankIndicators = "blanks_indicators"
    case whitespaceFilters = "whitespace_filters"
    case legacySymbols = "legacy_symbols"
    case total = "total"
    case duplicateRows = "duplicate_rows"
}

/// One thing the screener found.
public struct ScreenerProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        /// EES would reject the file.
        case error
        /// EES would accept the file but the DfE screener advises a change (or the file is unfit for the EES API).
        case advisory
    }

    public var rule: ScreenerRule
    public var severity: Severity
    /// The file's name (data or meta).
    public var file: String
    /// 1-based line of the first occurrence, when the problem is in a row.
    public var line: Int?
    public var message: String

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(severity.rawValue) [\(rule.rawValue)] \(message)"
    }
}

/// A reimplementation of the DfE's EES data screener rules (domain reference section 8; the DfE code is GPL and
/// was not used, only its published list of checks and its test cases).
///
/// Covered: required data and meta columns, valid geographic levels with their columns present and filled in,
/// one name per location code, numeric 4- or 6-digit time periods (6-digit = consecutive years), no blank filter or
/// indicator cells, no legacy symbols, Total (not "All") in filters, no duplicate rows, meta/data consistency,
/// col_type Filter|Indicator, labels, indicator_dp / unit / grouping and filter_hint / grouping columns in the
/// meta, column names without spaces. Advisories (not failures): a filter without a Total row, a data column
/// the meta does not describe (the DfE's own passing examples have some), a column name that is not snake_case
/// or is over 50 characters (the EES API limit).
/// Not covered: file names and types, time identifier values, ethnicity and data-dictionary labels, regional
/// consistency of LAs, observational units.
public struct EESScreener: Sendable {
    public let geography: EESGeography

    /// Columns a `.meta.csv` must have.
    public static let metaMandatoryColumns = EESMetaColumn.metaColumns
    /// Meta columns EES accepts besides the mandatory ones.
    public static let metaOptionalColumns: Set<String> = ["filter_default"]
    /// Placeholders for missing values that EES no longer accepts: use the GSS symbols (`EESSymbol`) instead.
    public static let legacySymbols: Set<String> = [":", "..", ".", "-", "~", "*", "N/A", "n/a", "NA", "na", "null", "NULL", "#"]
    /// `indicator_unit` values EES accepts besides blank (eesyscreener `acceptable_indicator_units`).
    public static let acceptableIndicatorUnits: Set<String> = ["%", "pp", "£", "£m", "numberstring"]
    /// EES API limit on column names (eesyscreener `api_char_limits`: filter / indicator names).
    public static let maximumColumnNameLength = 50

    public init(geography: EESGeography) {
        self.geography = geography
    }

    /// A screener over the geographic levels shipped in `Resources/geography/`.
    public static func shipped() throws -> EESScreener {
        EESScreener(geography: try EESGeography.shipped())
    }

    /// Checks a data file and its meta file with the shipped geography.
    public static func check(dataURL: URL, metaURL: URL) throws -> [ScreenerProblem] {
        try shipped().check(dataURL: dataURL, metaURL: metaURL)
    }

    /// Every problem found, errors and advisories, in the order found.
    public func check(dataURL: URL, metaURL: URL) -> [ScreenerProblem] {
        var report = Report(dataFile: dataURL.lastPathComponent, metaFile: metaURL.lastPathComponent)
        let meta = checkMeta(url: metaURL, report: &report)
        checkData(url: dataURL, meta: meta, report: &report)
        return report.problems
    }

    // MARK: - Meta

    struct MetaSummary {
        var filters: Set<String> = []
        var indicators: Set<String> = []
        var names: [(name: String, line: Int)] = []
        var groupingColumns: [(name: String, line: Int)] = []
        var readable = false
    }

    private func checkMeta(url: URL, report: inout Report) -> MetaSummary {
        var summary = MetaSummary()
        let records: [CSVRecord]
        do {
            records = try CSVReader(path: url.path, delimiter: UInt8(ascii: ",")).readAll()
        } catch {
            report.meta(.unreadableFile, "cannot read the meta file: \(error)")
            return summary
        }
        guard let header = records.first?.fields else {
            report.meta(.unreadableFile, "the meta file is empty")
            return summary
        }
        summary.readable = true
        let missing = Self.metaMandatoryColumns.filter { !header.contains($0) }
        if !missing.isEmpty {
            report.meta(.metaMandatoryColumns, "missing meta column(s): \(missing.joined(separator: ", "))")
        }
        let unknown = header.filter { !Self.metaMandatoryColumns.contains($0) && !Self.metaOptionalColumns.contains($0) }
        if !unknown.isEmpty {
            report.meta(.invalidMetaColumns, "meta column(s) EES does not know: \(unknown.joined(separator: ", "))")
        }
        var position: [String: Int] = [:]
        for (index, name) in header.enumerated() where position[name] == nil { position[name] = index }

        var labels: [String: Int] = [:]
        var names: Set<String> = []
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingScreenerWhitespace.isEmpty }) { continue }
            func value(_ column: String) -> String {
                guard let index = position[column], index < record.fields.count else { return "" }
                return record.fields[index].trimmingScreenerWhitespace
            }
            let line = record.line
            let name = value("col_name")
            if name.isEmpty {
                report.meta(.columnNameCompleted, "a row has no col_name", line: line)
                continue
            }
            if !names.insert(name).inserted {
                report.meta(.columnNameDuplicate, "col_name '\(name)' appears more than once", line: line)
            }
            if name.contains(" ") {
                report.meta(.columnNameSpaces, "col_name '\(name)' contains a space", line: line)
            }
            summary.names.append((name, line))
            let type = value("col_type")
            switch type {
            case EESMetaColumn.ColumnType.filter.rawValue:
                summary.filters.insert(name)
                if !value("indicator_grouping").isEmpty {
                    report.meta(.indicatorGrouping, "filter '\(name)' has an indicator_grouping", line: line)
                }
                if !value("indicator_unit").isEmpty {
                    report.meta(.indicatorUnit, "filter '\(name)' has an indicator_unit", line: line)
                }
                if !value("indicator_dp").isEmpty {
                    report.meta(.indicatorDecimalPlaces, "filter '\(name)' has an indicator_dp", line: line)
                }
                let grouping = value("filter_grouping_column")
                if !grouping.isEmpty { summary.groupingColumns.append((grouping, line)) }
            case EESMetaColumn.ColumnType.indicator.rawValue:
                summary.indicators.insert(name)
                let places = value("indicator_dp")
                if !places.isEmpty, Int(places).map({ $0 < 0 }) ?? true {
                    report.meta(.indicatorDecimalPlaces, "indicator '\(name)': indicator_dp '\(places)' is not a whole number 0 or more", line: line)
                }
                let unit = value("indicator_unit")
                if !unit.isEmpty, !Self.acceptableIndicatorUnits.contains(unit) {
                    report.meta(.indicatorUnit, "indicator '\(name)': indicator_unit '\(unit)' is not one EES accepts", line: line)
                }
                if !value("filter_hint").isEmpty {
                    report.meta(.filterHint, "indicator '\(name)' has a filter_hint", line: line)
                }
                if !value("filter_grouping_column").isEmpty {
                    report.meta(.filterGroup, "indicator '\(name)' has a filter_grouping_column", line: line)
                }
            default:
                report.meta(.columnType, "col_type of '\(name)' is '\(type)', expected Filter or Indicator", line: line)
            }
            let label = value("label")
            if label.isEmpty {
                report.meta(.label, "'\(name)' has no label", line: line)
            } else if let first = labels[label] {
                report.meta(.duplicateLabel, "label '\(label)' is also used on line \(first)", line: line)
            } else {
                labels[label] = line
            }
        }
        return summary
    }

    // MARK: - Data

    private func checkData(url: URL, meta: MetaSummary, report: inout Report) {
        let reader = CSVReader(path: url.path, delimiter: UInt8(ascii: ","))
        var state: DataState?
        do {
            try reader.forEachRecord { record in
                if state == nil {
                    state = DataState(header: record.fields, meta: meta)
                    checkHeader(state!, meta: meta, report: &report)
                } else {
                    checkRow(record, state: &state!, report: &report)
                }
            }
        } catch {
            report.data(.unreadableFile, "cannot read the data file: \(error)")
            return
        }
        guard let state else {
            report.data(.unreadableFile, "the data file is empty")
            return
        }
        finish(state, report: &report)
    }

    /// What the row checks need to know about the data file, and what they accumulate.
    private struct DataState {
        let header: [String]
        var position: [String: Int] = [:]
        var filters: [String] = []
        var indicators: [String] = []
        var keyColumns: [Int] = []
        var filterValues: [String: Set<String>] = [:]
        var levelsSeen: Set<String> = []
        var rowKeys: [[String]: Int] = [:]
        var locationNames: [String: [String: (names: [String], line: Int)]] = [:]
        var reported: Set<String> = []

        init(header: [String], meta: MetaSummary) {
            self.header = header
            for (index, name) in header.enumerated() where position[name] == nil { position[name] = index }
            filters = header.filter { meta.filters.contains($0) }
            indicators = header.filter { meta.indicators.contains($0) }
            keyColumns = header.indices.filter { !meta.indicators.contains(header[$0]) }
        }

        func value(_ column: String, in fields: [String]) -> String? {
            guard let index = position[column] else { return nil }
            return index < fields.count ? fields[index] : ""
        }

        /// Reports a rule once per key (column, level, ...) so a bad column does not flood the report.
        mutating func firstTime(_ key: String) -> Bool { reported.insert(key).inserted }
    }

    private func checkHeader(_ state: DataState, meta: MetaSummary, report: inout Report) {
        let header = state.header
        let missing = EESGeography.mandatoryColumns.filter { !header.contains($0) }
        if !missing.isEmpty {
            report.data(.dataMandatoryColumns, "missing required column(s): \(missing.joined(separator: ", "))", line: 1)
        }
        var seen: Set<String> = []
        for name in header {
            if !seen.insert(name).inserted {
                report.data(.duplicateVariableNames, "column '\(name)' appears more than once", line: 1)
            }
            if name.contains(" ") {
                report.data(.variableSpaces, "column name '\(name)' contains a space", line: 1)
            }
            if name.count > Self.maximumColumnNameLength {
                report.data(.variableNameLength, "column name '\(name)' is longer than \(Self.maximumColumnNameLength) characters (too long for the EES API)", line: 1, severity: .advisory)
            }
            if !Self.isSnakeCase(name) {
                report.data(.variableSnakeCase, "column name '\(name)' is not snake_case", line: 1, severity: .advisory)
            }
        }
        guard meta.readable else { return }
        let timeAndGeography = geography.timeAndGeographyColumns
        let groupings = Set(meta.groupingColumns.map(\.name))
        for name in header where !timeAndGeography.contains(name) && !groupings.contains(name)
            && !meta.names.contains(where: { $0.name == name }) {
            // An advisory, not an error: several of the DfE's own passing examples carry such columns.
            report.data(.dataToMetaCrosscheck, "column '\(name)' is neither a time or geography column, nor a filter grouping column, nor in the meta file", line: 1, severity: .advisory)
        }
        for (name, line) in meta.names where !seen.contains(name) {
            report.meta(.metaToDataCrosscheck, "col_name '\(name)' is not a column of the data file", line: line)
        }
        for (name, line) in meta.groupingColumns where !seen.contains(name) {
            report.meta(.filterGroup, "filter_grouping_column '\(name)' is not a column of the data file", line: line)
        }
    }

    private func checkRow(_ record: CSVRecord, state: inout DataState, report: inout Report) {
        let fields = record.fields
        let line = record.line
        if fields.count == 1, fields[0].isEmpty { return }  // a trailing empty line
        if fields.count != state.header.count, state.firstTime("length") {
            report.data(.rowLength, "row has \(fields.count) fields, the header has \(state.header.count)", line: line)
        }

        if let period = state.value("time_period", in: fields) {
            checkTimePeriod(period, line: line, state: &state, report: &report)
        }
        if let identifier = state.value("time_identifier", in: fields), identifier.trimmingScreenerWhitespace.isEmpty,
           state.firstTime("time_identifier") {
            report.data(.timeIdentifier, "time_identifier is blank", line: line)
        }
        if let levelName = state.value("geographic_level", in: fields) {
            checkGeography(levelName, fields: fields, line: line, state: &state, report: &report)
        }
        for filter in state.filters {
            let value = state.value(filter, in: fields) ?? ""
            let trimmed = value.trimmingScreenerWhitespace
            if trimmed.isEmpty {
                if state.firstTime("blank-filter-\(filter)") {
                    report.data(.blankFilters, "filter '\(filter)' is blank", line: line)
                }
                continue
            }
            if trimmed != value, state.firstTime("space-filter-\(filter)") {
                report.data(.whitespaceFilters, "filter '\(filter)' value '\(value)' has leading or trailing spaces", line: line)
            }
            if trimmed.utf8.count == 3, trimmed.lowercased() == "all", state.firstTime("all-\(filter)") {
                report.data(.total, "filter '\(filter)' uses '\(trimmed)': EES uses 'Total'", line: line)
            }
            state.filterValues[filter, default: []].insert(trimmed)
        }
        for indicator in state.indicators {
            let value = (state.value(indicator, in: fields) ?? "").trimmingScreenerWhitespace
            if value.isEmpty {
                if state.firstTime("blank-indicator-\(indicator)") {
                    report.data(.blankIndicators, "indicator '\(indicator)' is blank: use a symbol (c, x, z, low, u)", line: line)
                }
            } else if Self.legacySymbols.contains(value), state.firstTime("legacy-\(indicator)") {
                report.data(.legacySymbols, "indicator '\(indicator)' holds '\(value)': use a GSS symbol (c, x, z, low, u)", line: line)
            }
        }
        let key = state.keyColumns.map { $0 < fields.count ? fields[$0] : "" }
        if let first = state.rowKeys[key] {
            if state.firstTime("duplicate") {
                report.data(.duplicateRows, "row repeats line \(first) in every time, geography and filter column", line: line)
            }
        } else {
            state.rowKeys[key] = line
        }
    }

    private func checkTimePeriod(_ raw: String, line: Int, state: inout DataState, report: inout Report) {
        let period = raw.trimmingScreenerWhitespace
        let digits = period.allSatisfy(\.isASCII) && period.allSatisfy(\.isNumber)
        guard digits, period.count == 4 || period.count == 6 else {
            if state.firstTime("time_period") {
                report.data(.timePeriod, "time_period '\(raw)' is not a 4- or 6-digit year (2023 or 202324)", line: line)
            }
            return
        }
        if period.count == 6, let first = Int(period.prefix(4)), let second = Int(period.suffix(2)),
           (first + 1) % 100 != second, state.firstTime("time_period_six") {
            report.data(.timePeriodSix, "time_period '\(period)' does not name consecutive years (e.g. 202324)", line: line)
        }
    }

    private func checkGeography(_ rawLevel: String, fields: [String], line: Int, state: inout DataState, report: inout Report) {
        guard let level = geography.level(named: rawLevel) else {
            if state.firstTime("level-\(rawLevel)") {
                let known = geography.levels.map(\.name).joined(separator: ", ")
                report.data(.geographicLevel, "geographic_level '\(rawLevel)' is not one of: \(known)", line: line)
            }
            return
        }
        if state.levelsSeen.insert(level.name).inserted {
            let absent = level.requiredColumns.filter { state.position[$0] == nil }
            if !absent.isEmpty {
                report.data(.geographyLevelPresent, "rows at level '\(level.name)' need column(s): \(absent.joined(separator: ", "))", line: line)
            }
        }
        for column in level.completedColumns {
            guard let value = state.value(column, in: fields) else { continue }
            if value.trimmingScreenerWhitespace.isEmpty, state.firstTime("complete-\(level.name)-\(column)") {
                report.data(.geographyLevelCompleted, "'\(column)' is blank on a '\(level.name)' row", line: line)
            }
        }
        // One code, one place: the same code must always carry the same name (and secondary code).
        for checked in [level] + geography.levels.filter({ $0.name == "National" }) where checked.oneNamePerCode {
            guard let codeColumn = checked.codeColumn, let code = state.value(codeColumn, in: fields), !code.isEmpty,
                  !EESSymbol.all.contains(code) else { continue }
            let described = [checked.nameColumn, checked.secondaryCodeColumn].compactMap { $0 }.map { state.value($0, in: fields) ?? "" }
            if let known = state.locationNames[codeColumn]?[code] {
                if known.names != described, state.firstTime("combination-\(codeColumn)-\(code)") {
                    report.data(.geographyCombinations, "\(codeColumn) '\(code)' is '\(described.joined(separator: " / "))' here but '\(known.names.joined(separator: " / "))' on line \(known.line)", line: line)
                }
            } else {
                state.locationNames[codeColumn, default: [:]][code] = (described, line)
            }
        }
    }

    private func finish(_ state: DataState, report: inout Report) {
        for filter in state.filters {
            let values = state.filterValues[filter] ?? []
            if !values.isEmpty, !values.contains(PublishedFilter.total) {
                report.data(.total, "filter '\(filter)' has no Total row", severity: .advisory)
            }
        }
    }

    static func isSnakeCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Collects problems for one pair of files.
    struct Report {
        let dataFile: String
        let metaFile: String
        var problems: [ScreenerProblem] = []

        mutating func data(_ rule: ScreenerRule, _ message: String, line: Int? = nil, severity: ScreenerProblem.Severity = .error) {
            problems.append(ScreenerProblem(rule: rule, severity: severity, file: dataFile, line: line, message: message))
        }

        mutating func meta(_ rule: ScreenerRule, _ message: String, line: Int? = nil, severity: ScreenerProblem.Severity = .error) {
            problems.append(ScreenerProblem(rule: rule, severity: severity, file: metaFile, line: line, message: message))
        }
    }
}
