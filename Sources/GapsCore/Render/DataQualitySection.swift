import Foundation

/// What each data-quality count means for a reader, and what it does to the figures: the notes of the
/// data-quality section (`data-quality-summary.csv`, published by the aggregate stage). **(ours)**
struct DataQualityCategory {
    var category: String
    /// The table's row heading.
    var label: String
    /// "have no recorded ethnicity": what the counted pupils or rows have, after "N pupils" / "N rows".
    var what: String
    /// What it means for the figures, after a comma: "so gaps by ethnicity are less certain".
    var consequence: String
    /// Whether the count is of pupils (a share of the place's pupils is given) or of rows.
    var countsPupils: Bool
    /// What is counted, in the plural, for a note without a share ("pupil rows").
    var noun = "pupils"

    static let pupils = "pupils"
    static let rejected = "rejected"

    /// The notes' wording, from `Resources/templates/data-quality-notes.csv` (`DataQualityNotesFile`); the render
    /// stage loads the file first, so a bad edit stops it with the file's line before any page is built.
    static let all: [DataQualityCategory] = (try? DataQualityNotesFile.load()) ?? []
}

extension PageBuilder {
    /// The data-quality notes for a school or an LA; `nil` when the aggregate output has no data-quality table or no
    /// counts for `place`.
    func dataQualitySection(
        id: String, heading: String, at place: AggregatePlace, name: String, state: PageState
    ) -> SectionView? {
        guard let records = tables.analysis.dataQualityByPlace[place], !records.isEmpty else { return nil }
        let pupils = records.first { $0.category == DataQualityCategory.pupils }?.count ?? .symbol(.notAvailable)
        let notes = dataQualityNotes(records, pupils: pupils)

        var rows: [FigureRowView] = []
        func add(_ heading: String, _ value: PublishedValue, share: PublishedValue?) {
            state.tableRows += 1
            rows.append(FigureRowView(heading: heading, cells: [
                state.cell(value, places: 0), share.map { state.cell($0, places: 0) } ?? state.cell(.symbol(.notApplicable), places: 0),
            ]))
        }
        add("Pupils in the data", pupils, share: nil)
        for category in DataQualityCategory.all {
            guard let record = records.first(where: { $0.category == category.category }) else { continue }
            add(category.label, record.count, share: category.countsPupils ? percentage(record.count, of: pupils) : nil)
        }
        let rejects = records.filter { $0.category == DataQualityCategory.rejected }
        let reasonsWithRejects = rejects.filter { $0.count.number != 0 }
        for record in reasonsWithRejects {
            add("Rows rejected: \(record.detail)", record.count, share: nil)
        }
        if reasonsWithRejects.isEmpty, !rejects.isEmpty { add("Rows rejected", .number(0), share: nil) }
        let table = FigureTableView(
            caption: "Data-quality counts, every year and key stage in the data: \(name)", cornerHeading: "Count",
            columns: FigureTableView.columns(["Number", "% of pupils"]),
            rowGroups: [FigureRowGroupView(rowGroupLabel: nil, groupSpan: 3, groupRows: rows)])
        var figures = [ChartFigureView(id: state.makeID("data-quality"), heading: "Data-quality counts",
                                       isChart: false, svg: nil, table: table)]
        if case let .localAuthority(code) = place, let schoolsTable = schoolsDataQualityTable(laCode: code, name: name, state: state) {
            figures.append(ChartFigureView(
                id: state.makeID("data-quality-schools"), heading: "Data quality by school", isChart: false, svg: nil,
                table: schoolsTable))
        }
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "How complete and consistent the pupil records behind these figures are. The counts cover "
                    + "every pupil and result in the data supplied (all years and key stages), not only the pupils in "
                    + "the tables above. Counts of 1 or 2 are shown as fewer than 3 (c in the table).",
                sentences: notes, figures: figures))
    }

    /// The overview's table of each school's main counts, so the LA can see where records need work.
    private func schoolsDataQualityTable(laCode: String, name: String, state: PageState) -> FigureTableView? {
        let inLA = schools.filter { $0.laCode == laCode }
        let counted = inLA.compactMap { school in
            tables.analysis.dataQualityByPlace[.school(urn: school.urn)].map { (school, $0) }
        }
        guard !counted.isEmpty else { return nil }
        let categories = ["pupils", "unknown_ethnicity", "invalid_upn", "temporary_upn", "unmatched_prior", "source_conflicts"]
        let headings = ["Pupils", "No recorded ethnicity", "Invalid UPNs", "Temporary UPNs", "No prior attainment found",
                        "Sources disagree", "Rows rejected"]
        let rows = counted.map { school, records -> FigureRowView in
            state.tableRows += 1
            func count(_ category: String) -> PublishedValue {
                records.first { $0.category == category }?.count ?? .symbol(.notAvailable)
            }
            // The rejected rows of every reason: a sum only when every reason's count is published.
            let rejects = records.filter { $0.category == DataQualityCategory.rejected }.map(\.count)
            let rejected: PublishedValue = rejects.first { $0.symbol != nil }
                ?? .number(rejects.compactMap(\.number).reduce(0, +))
            return FigureRowView(
                heading: school.name, link: school.pagePath,
                cells: categories.map { state.cell(count($0), places: 0) } + [state.cell(rejected, places: 0)])
        }
        return FigureTableView(
            caption: "Data-quality counts by school, every year and key stage in the data: \(name)", cornerHeading: "School",
            columns: FigureTableView.columns(headings),
            rowGroups: [FigureRowGroupView(rowGroupLabel: nil, groupSpan: headings.count + 1, groupRows: rows)])
    }

    /// One plain-English note per count that is not zero, and a reassuring one when every count is zero.
    func dataQualityNotes(_ records: [DataQualityRecord], pupils: PublishedValue) -> [String] {
        if pupils.symbol == .suppressed {
            return ["There are too few pupils in the data to publish data-quality counts without risk of identifying "
                + "them."]
        }
        var notes: [String] = []
        for category in DataQualityCategory.all {
            guard let record = records.first(where: { $0.category == category.category }) else { continue }
            let noun = category.noun
            switch record.count {
            case let .number(count) where count > 0:
                let share = category.countsPupils ? percentage(record.count, of: pupils).number : nil
                let amount = share.map { "\(DisplayFormat.number($0, places: 0))% of pupils (\(Int(count)))" }
                    ?? "\(Int(count)) \(count == 1 ? String(noun.dropLast()) : noun)"
                notes.append(capitalisingFirstLetter("\(amount) \(count == 1 && share == nil ? "has" : "have") \(category.what), \(category.consequence)."))
            case .symbol(.suppressed):
                notes.append("Fewer than 3 \(noun) have \(category.what), \(category.consequence).")
            default:
                continue
            }
        }
        var rejectedRows = 0.0, rejectsWithheld = false
        for record in records where record.category == DataQualityCategory.rejected {
            if let count = record.count.number { rejectedRows += count } else if record.count.symbol == .suppressed { rejectsWithheld = true }
        }
        if rejectedRows > 0 || rejectsWithheld {
            let amount: String
            switch (rejectsWithheld, rejectedRows) {
            case (false, 1): amount = "1 row was"
            case (false, _): amount = "\(Int(rejectedRows)) rows were"
            case (true, 0): amount = "A few rows (fewer than 3 for each reason) were"
            case (true, _): amount = "More than \(Int(rejectedRows)) rows were"
            }
            notes.append("\(amount) rejected (reasons in the table), so the pupils or results on them are not counted; "
                + "the rejects file of each stage says which line and why.")
        }
        if notes.isEmpty {
            notes.append("No data-quality problems were found: every pupil has a recorded ethnicity and a valid UPN, "
                + "no sources disagree and no rows were rejected.")
        }
        return notes
    }

    /// `count` as a percentage of `pupils` when both are published numbers.
    private func percentage(_ count: PublishedValue, of pupils: PublishedValue) -> PublishedValue {
        switch (count, pupils) {
        case let (.number(part), .number(whole)) where whole > 0: return .number(part / whole * 100)
        case let (.symbol(symbol), _), let (_, .symbol(symbol)): return .symbol(symbol)
        default: return .symbol(.notAvailable)
        }
    }
}
