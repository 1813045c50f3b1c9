/// Text cells of the published tables as they were before the aggregate stage made them safe for spreadsheets.
///
/// Published CSV prefixes an apostrophe to a cell a spreadsheet would run as a formula (`SpreadsheetSafety`), so a
/// school called "+Plus Academy" is written "'+Plus Academy". A page is not a spreadsheet: it shows the name as
/// the school has it (escaped for HTML like any other text). The apostrophe is removed only when neutralising the
/// rest would give back exactly this cell, so every other cell, including one that merely starts with an
/// apostrophe, is shown as written.
enum PublishedText {
    static func restore(_ cell: String) -> String {
        guard cell.hasPrefix("'") else { return cell }
        let original = String(cell.dropFirst())
        return SpreadsheetSafety.neutralise(original) == cell ? original : cell
    }
}
