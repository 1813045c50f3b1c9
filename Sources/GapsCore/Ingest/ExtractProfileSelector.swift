import Foundation

/// How the profile for one file was chosen, for the log line on stderr and the manifest's notes.
public struct ExtractProfileChoice: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        /// Named with `--profile`.
        case named
        /// The only profile, or the one recognising the most columns, among those the header fits.
        case detected
    }

    public var entry: ExtractProfileCatalogue.Entry
    public var method: Method
    /// Header columns the profile knows, and non-empty header columns in all.
    public var recognisedColumns: Int
    public var headerColumns: Int
    /// Other profiles the header fits, with fewer recognised columns, best first.
    public var alsoFitting: [String]

    public var profile: ExtractProfile { entry.profile }

    /// `profile: npd-ks2 detected from the header (25 of 25 columns recognised)`, naming the file of a user profile.
    public var note: String {
        let how = method == .named ? "chosen with --profile" : "detected from the header"
        var text = "profile: \(profile.name) \(how) (\(recognisedColumns) of \(headerColumns) columns recognised"
        if !entry.isShipped { text += "; from \(entry.path)" }
        if !alsoFitting.isEmpty { text += "; also fits \(alsoFitting.joined(separator: ", "))" }
        return text + ")"
    }
}

/// Chooses the extract profile for a header.
///
/// A header *fits* a profile when every required column and a UPN column are present and, if the profile has
/// results, at least one result column. Detection takes the fitting profile that recognises the most header columns; a tie is an error
/// listing the tied profiles, as is a header that fits none (naming, for the closest profile, what is missing).
/// Headers are compared with `ExtractProfile.canonicalColumn`: case, surrounding and repeated spaces and the
/// profile's prefixes (`KS2_`) do not matter.
enum ExtractProfileSelector {
    /// One profile held against one header.
    struct Match {
        let entry: ExtractProfileCatalogue.Entry
        /// Canonical column -> position of its first occurrence in the header.
        let index: [String: Int]
        let recognised: Int
        let missingRequired: [String]
        let hasResultColumn: Bool

        var fits: Bool { missingRequired.isEmpty && hasResultColumn }

        init(entry: ExtractProfileCatalogue.Entry, header: [String]) {
            let profile = entry.profile
            var index: [String: Int] = [:]
            for (position, name) in header.enumerated() {
                let canonical = profile.canonicalColumn(name)
                if !canonical.isEmpty && index[canonical] == nil { index[canonical] = position }
            }
            self.entry = entry
            self.index = index
            recognised = profile.knownColumns.filter { index[$0] != nil }.count
            var missing = profile.requiredColumns.filter { index[ExtractProfile.columnKey($0)] == nil }
            // Rows cannot be linked without a UPN: its column is required whether or not the profile lists it.
            let upnColumns = profile.pupil[ExtractPupilField.upn.rawValue] ?? []
            if let upn = upnColumns.first, !upnColumns.contains(where: { index[ExtractProfile.columnKey($0)] != nil }),
               !missing.contains(upn) {
                missing.insert(upn, at: 0)
            }
            missingRequired = missing
            hasResultColumn = profile.results.isEmpty
                || profile.results.contains { $0.columns.contains { index[ExtractProfile.columnKey($0)] != nil } }
        }

        /// What the header lacks for this profile: `ACADYR and one of READSCORE, READOUTCOME`.
        var missingDescription: String {
            var parts = missingRequired
            if !hasResultColumn {
                parts.append("one of " + entry.profile.results.flatMap(\.columns).joined(separator: ", "))
            }
            return parts.joined(separator: " and ")
        }
    }

    /// The profile for `header` and the header's column index under it.
    static func choose(
        header: [String], catalogue: ExtractProfileCatalogue, requested: String?, location: SourceLocation
    ) throws -> (choice: ExtractProfileChoice, index: [String: Int]) {
        let headerColumns = header.filter { !IngestValues.trimmed($0).isEmpty }.count
        if let requested {
            let match = Match(entry: try catalogue.entry(named: requested), header: header)
            if let column = match.missingRequired.first { throw GapsError.missingField(location, field: column) }
            if !match.hasResultColumn {
                throw GapsError.missingField(location, field: "at least one result column (\(match.entry.profile.results.flatMap(\.columns).joined(separator: ", ")))")
            }
            let choice = ExtractProfileChoice(entry: match.entry, method: .named, recognisedColumns: match.recognised,
                                              headerColumns: headerColumns, alsoFitting: [])
            return (choice, match.index)
        }

        let matches = catalogue.entries.map { Match(entry: $0, header: header) }
        // Most columns first; among equals, catalogue order (shipped by file name, then the user's), for stable messages.
        let fitting = matches.enumerated().filter(\.element.fits)
            .sorted { ($1.element.recognised, $0.offset) < ($0.element.recognised, $1.offset) }.map(\.element)
        guard let best = fitting.first else {
            throw unknownLayout(matches: matches, catalogue: catalogue, location: location)
        }
        let tied = fitting.filter { $0.recognised == best.recognised }
        if tied.count > 1 {
            let names = tied.map(\.entry.profile.name).joined(separator: ", ")
            throw GapsError.unknownLayout(
                location,
                message: "the header fits \(tied.count) extract profiles equally well (\(names): \(best.recognised) columns each); choose one with --profile")
        }
        let others = fitting.dropFirst().map { "\($0.entry.profile.name) (\($0.recognised))" }
        let choice = ExtractProfileChoice(entry: best.entry, method: .detected, recognisedColumns: best.recognised,
                                          headerColumns: headerColumns, alsoFitting: Array(others))
        return (choice, best.index)
    }

    /// The one-line error for a header no profile fits: the closest profiles (most columns recognised) and what each
    /// lacks, or, when no profile knows any column, the profiles on offer.
    private static func unknownLayout(matches: [Match], catalogue: ExtractProfileCatalogue, location: SourceLocation) -> GapsError {
        let most = matches.map(\.recognised).max() ?? 0
        guard most > 0 else {
            let names = catalogue.entries.map(\.profile.name).joined(separator: ", ")
            return .unknownLayout(
                location,
                message: "the header shares no column with any extract profile (profiles: \(names.isEmpty ? "none" : names)); describe the layout in a profile (see pipelines/profiles/README.md)")
        }
        let closest = matches.filter { $0.recognised == most }
            .map { "\($0.entry.profile.name) (\($0.entry.profile.description)) lacks \($0.missingDescription)" }
        return .unknownLayout(
            location,
            message: "the header fits no extract profile; closest: \(closest.joined(separator: "; ")) (\(most) columns recognised)")
    }
}

/// What reading an extract decided, for the manifest: the layout, how its profile was chosen, and where rows
/// without an academic year took theirs from.
struct ExtractReadSummary {
    let choice: ExtractProfileChoice
    let academicYearNote: String?

    var notes: [String] {
        ["layout: \(choice.profile.description) (profile \(choice.profile.name))", choice.note]
            + [academicYearNote].compactMap { $0 }
    }
}

extension IngestStage {
    /// The decisions worth a line on stderr for an extract (which profile, where the academic year came from).
    public static func decisionLines(of manifest: Manifest) -> [String] {
        guard let input = manifest.inputs.first else { return [] }
        return input.notes.filter { $0.hasPrefix("profile: ") || $0.hasPrefix("academic year: ") }
            .map { "\(input.path): \($0)" }
    }
}
