import Foundation

/// The wording of the data-quality notes (`DataQualityCategory`): `Resources/templates/data-quality-notes.csv`,
/// one row per category of `data-quality-summary.csv`, in the order the notes and the table give them. **(ours)**
///
/// Columns: `category` (as in the summary file), `label` (the table's row heading), `what` (what the counted pupils
/// or rows have, after "N pupils have"), `consequence` (what it does to the figures, after a comma), `counts_pupils`
/// (`true`: the note gives a share of the place's pupils; `false`: a count of rows or pupil-years), `noun` (what is
/// counted, in the plural, for a note without a share).
enum DataQualityNotesFile {
    static let resourcePath = "templates/data-quality-notes.csv"
    static let columns = ["category", "label", "what", "consequence", "counts_pupils", "noun"]

    /// Reads and checks the file: every field filled, `counts_pupils` true or false, no category twice.
    static func load(from url: URL? = nil) throws -> [DataQualityCategory] {
        let url = try url ?? ResourceFiles.url(resourcePath)
        var categories: [DataQualityCategory] = []
        try TableFile.forEachRow(in: url, requiring: columns) { row in
            guard columns.allSatisfy({ !row[$0].isEmpty }) else {
                throw GapsError.invalidConfiguration(row.location, message: "every column must be filled")
            }
            let countsPupils: Bool
            switch row["counts_pupils"] {
            case "true": countsPupils = true
            case "false": countsPupils = false
            default:
                throw GapsError.invalidConfiguration(
                    row.location, message: "column 'counts_pupils': expected true or false, found '\(row["counts_pupils"])'")
            }
            guard !categories.contains(where: { $0.category == row["category"] }) else {
                throw GapsError.invalidConfiguration(row.location, message: "category '\(row["category"])' is listed twice")
            }
            categories.append(DataQualityCategory(
                category: row["category"], label: row["label"], what: row["what"], consequence: row["consequence"],
                countsPupils: countsPupils, noun: row["noun"]))
        }
        return categories
    }
}
