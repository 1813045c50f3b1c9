import Foundation

/// The optional provision CSV (`gaps-render --provision <file>`): which pupils are receiving an intervention, one
/// row per pupil and intervention, columns `UPN` and `intervention` (others ignored; header names in any case).
///
/// A school or LA keeps this list in its MIS or a spreadsheet; it is pupil-level, so it only ever feeds counts on
/// public pages and the intervention column of the restricted progress-plan list. A row that cannot be used goes to
/// the rejects table with its line, field and reason, and rendering goes on: a typo in one UPN must not stop the
/// report, but it must not be silently lost either.
struct ProvisionFile {
    struct Entry: Equatable {
        var upn: String
        var intervention: String
        var line: Int
    }

    static let upnColumn = "upn"
    static let interventionColumn = "intervention"
    static let recordKind = "provision"
    /// Where the rejects go in the render output: beside the restricted pages, because a rejected row shows the UPN
    /// and intervention as the file gave them.
    static let rejectsPath = "restricted/provision-rejects.csv"

    let url: URL
    /// Usable rows in file order (a repeated UPN and intervention is kept once).
    private(set) var entries: [Entry] = []
    private(set) var rejects: [RejectRecord] = []
    private(set) var duplicates = 0
    private(set) var rowsRead = 0

    /// Reads the file with the project's libcsv reader; a missing file or a header without `UPN` and `intervention`
    /// stops rendering with the file and line.
    static func read(from url: URL) throws -> ProvisionFile {
        var file = ProvisionFile(url: url)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw GapsError.io(path: url.path, message: "provision file not found")
        }
        var upnIndex: Int?
        var interventionIndex: Int?
        var seen: Set<[String]> = []
        try CSVReader(path: url.path).forEachRecord { record in
            guard let upnAt = upnIndex, let interventionAt = interventionIndex else {
                let names = record.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let upnAt = names.firstIndex(of: upnColumn) else {
                    throw GapsError.missingField(SourceLocation(file: url.path, line: record.line), field: "UPN")
                }
                guard let interventionAt = names.firstIndex(of: interventionColumn) else {
                    throw GapsError.missingField(SourceLocation(file: url.path, line: record.line), field: interventionColumn)
                }
                upnIndex = upnAt
                interventionIndex = interventionAt
                return
            }
            file.rowsRead += 1
            let field = { (index: Int) in
                index < record.fields.count ? record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            }
            let upn = field(upnAt).uppercased(), intervention = field(interventionAt)
            let reject = { (fieldName: String, value: String, reason: String) in
                file.rejects.append(RejectRecord(
                    sourceFile: url.path, line: record.line, column: nil, recordKind: recordKind, upn: upn,
                    field: fieldName, value: value, reason: reason))
            }
            if upn.isEmpty {
                reject("UPN", "", "no UPN")
            } else if let problem = UPN.problem(with: upn) {
                reject("UPN", field(upnAt), problem.description)
            } else if intervention.isEmpty {
                reject(interventionColumn, "", "no intervention named")
            } else if !seen.insert([upn, intervention]).inserted {
                file.duplicates += 1
            } else {
                file.entries.append(Entry(upn: upn, intervention: intervention, line: record.line))
            }
        }
        guard upnIndex != nil else {
            throw GapsError.malformedInput(SourceLocation(file: url.path), message: "empty file: no header line")
        }
        return file
    }

    /// Interventions by UPN, in file order.
    var interventionsByUPN: [String: [String]] {
        var byUPN: [String: [String]] = [:]
        for entry in entries { byUPN[entry.upn, default: []].append(entry.intervention) }
        return byUPN
    }

    /// The manifest's counts: a usable row is written when its pupil is on the list of pupils needing support,
    /// set aside (counted, not an error) when the pupil is not, or when it repeats an earlier row.
    func counts(listedUPNs: Set<String>) -> RowCounts {
        let matched = entries.filter { listedUPNs.contains($0.upn) }.count
        var setAside: [String: Int] = [:]
        if entries.count > matched { setAside["pupil not on the list of pupils needing support"] = entries.count - matched }
        if duplicates > 0 { setAside["same UPN and intervention as an earlier row"] = duplicates }
        return RowCounts(read: rowsRead, written: matched, rejected: rejects.count, setAside: setAside)
    }
}
