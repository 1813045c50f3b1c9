import Foundation

/// One source file within one input directory (two directories may hold files of the same name).
struct SourceKey: Hashable, Sendable {
    var input: Int
    var file: String
}

/// The order in which sources are trusted when they describe the same pupil or the same result.
///
/// Precedence (ours, documented): CTF sources first, the newest CTF (`sourceDate`, the header DateTime) first,
/// a CTF without a date after dated ones; then extracts, the newest academic year first (the latest year any of its
/// rows states: a census file's is the year holding its census date, an NPD extract's its ACADYR; an extract stating
/// none after those that do), then by file name (then full path, then input order).
/// CTFs come first because the school's MIS is the system of record for a pupil's characteristics and the
/// newest transfer carries the latest corrections; extracts are national snapshots taken at one census, so of two
/// censuses the later one describes the pupil as they are now.
struct SourcePrecedence {
    private(set) var ranks: [SourceKey: Int] = [:]

    /// Ranks every source that has at least one pupil row.
    init(inputs: [IngestedInput]) {
        struct Source {
            var key: SourceKey
            var kind: SourceKind
            var date: String
            /// The latest summer year an extract's rows state (0: none).
            var year = 0
        }
        var sources: [SourceKey: Source] = [:]
        for (index, input) in inputs.enumerated() {
            for pupil in input.pupils {
                let key = SourceKey(input: index, file: pupil.sourceFile)
                if sources[key] == nil {
                    sources[key] = Source(key: key, kind: pupil.sourceKind, date: pupil.sourceDate)
                }
                if pupil.sourceKind == .extract, let year = Self.statedSummerYear(pupil.academicYear) {
                    sources[key]!.year = max(sources[key]!.year, year)
                }
            }
        }
        let ordered = sources.values.sorted { a, b in
            if a.kind != b.kind { return a.kind == .ctf }
            if a.kind == .ctf, a.date != b.date {
                if a.date.isEmpty || b.date.isEmpty { return !a.date.isEmpty }
                return a.date > b.date  // ISO 8601 text sorts as time does
            }
            if a.kind == .extract, a.year != b.year { return a.year > b.year }
            let nameA = (a.key.file as NSString).lastPathComponent
            let nameB = (b.key.file as NSString).lastPathComponent
            if nameA != nameB { return nameA < nameB }
            if a.key.file != b.key.file { return a.key.file < b.key.file }
            return a.key.input < b.key.input
        }
        for (rank, source) in ordered.enumerated() { ranks[source.key] = rank }
    }

    /// The summer year of an extract row's academic year when it is written in two parts (2023/24, 202324); a bare
    /// year is ambiguous in an extract (see `Normaliser.summerYear(statedBy:)`) and does not count.
    static func statedSummerYear(_ academicYear: String) -> Int? {
        let text = academicYear.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || (text.count == 4 && Int(text) != nil) { return nil }
        return AcademicYear.summerYear(of: text)
    }

    /// Lower is trusted more; a source without pupil rows ranks last.
    func rank(_ key: SourceKey) -> Int { ranks[key] ?? Int.max }
}
