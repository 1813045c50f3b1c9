import Foundation

/// One source file within one input directory (two directories may hold files of the same name).
struct SourceKey: Hashable, Sendable {
    var input: Int
    var file: String
}

/// The order in which sources are trusted when they describe the same pupil or the same result.
///
/// Precedence (ours, documented): CTF sources first, the newest CTF (`sourceDate`, the header DateTime) first,
/// a CTF without a date after dated ones; then extracts, by file name (then full path, then input order).
/// CTFs come first because the school's MIS is the system of record for a pupil's characteristics and the
/// newest transfer carries the latest corrections; extracts are national snapshots taken at one census.
struct SourcePrecedence {
    private(set) var ranks: [SourceKey: Int] = [:]

    /// Ranks every source that has at least one pupil row.
    init(inputs: [IngestedInput]) {
        struct Source {
            var key: SourceKey
            var kind: SourceKind
            var date: String
        }
        var sources: [SourceKey: Source] = [:]
        for (index, input) in inputs.enumerated() {
            for pupil in input.pupils {
                let key = SourceKey(input: index, file: pupil.sourceFile)
                if sources[key] == nil {
                    sources[key] = Source(key: key, kind: pupil.sourceKind, date: pupil.sourceDate)
                }
            }
        }
        let ordered = sources.values.sorted { a, b in
            if a.kind != b.kind { return a.kind == .ctf }
            if a.kind == .ctf, a.date != b.date {
                if a.date.isEmpty || b.date.isEmpty { return !a.date.isEmpty }
                return a.date > b.date  // ISO 8601 text sorts as time does
            }
            let nameA = (a.key.file as NSString).lastPathComponent
            let nameB = (b.key.file as NSString).lastPathComponent
            if nameA != nameB { return nameA < nameB }
            if a.key.file != b.key.file { return a.key.file < b.key.file }
            return a.key.input < b.key.input
        }
        for (rank, source) in ordered.enumerated() { ranks[source.key] = rank }
    }

    /// Lower is trusted more; a source without pupil rows ranks last.
    func rank(_ key: SourceKey) -> Int { ranks[key] ?? Int.max }
}
