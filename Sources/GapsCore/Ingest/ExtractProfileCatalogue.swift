import Foundation

/// What a user can tell gaps-ingest about CSV extracts: which profile to use, where their own profiles are, and the
/// academic year of files that do not state one. CTF inputs ignore these, so one set of flags can serve a folder
/// holding both kinds.
public struct ExtractIngestOptions: Sendable, Equatable {
    /// A profile name (`--profile`): use it instead of detecting the layout from the header.
    public var profile: String?
    /// A folder of user profiles (`--profiles`), read as well as the shipped ones; nil reads the shipped ones only.
    public var profilesFolder: String?
    /// The academic year of rows that state none (`--academic-year 2021/22`).
    public var academicYear: String?

    public init(profile: String? = nil, profilesFolder: String? = nil, academicYear: String? = nil) {
        self.profile = profile
        self.profilesFolder = profilesFolder
        self.academicYear = academicYear
    }
}

/// The extract profiles one run chooses from: every shipped profile, then every `*.json` in the user's folder.
///
/// Two profiles with the same name (compared ignoring case) stop the run: a user who copies a shipped profile to
/// change it must rename it, so that `--profile` and the manifest always say which file was used.
public struct ExtractProfileCatalogue: Sendable {
    /// A profile and the file it came from.
    public struct Entry: Sendable, Equatable {
        public var profile: ExtractProfile
        public var path: String
        public var isShipped: Bool

        public init(profile: ExtractProfile, path: String, isShipped: Bool) {
            self.profile = profile
            self.path = path
            self.isShipped = isShipped
        }
    }

    public let entries: [Entry]
    /// The user folder read, if any.
    public let userFolder: String?

    public var profiles: [ExtractProfile] { entries.map(\.profile) }

    /// The conventional place for a user's profiles, relative to where the pipeline is run (the repository root).
    public static let conventionalUserFolder = "pipelines/profiles"

    /// The user folder to read when `--profiles` is not given: `pipelines/profiles` under `currentDirectory` if that
    /// folder exists, else none.
    public static func defaultUserFolder(
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String? {
        let candidate = (currentDirectory as NSString).appendingPathComponent(conventionalUserFolder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue
        else { return nil }
        return conventionalUserFolder
    }

    public init(entries: [Entry], userFolder: String? = nil) throws {
        var seen: [String: Entry] = [:]
        for entry in entries {
            let key = entry.profile.name.lowercased()
            if let earlier = seen[key] {
                throw GapsError.invalidConfiguration(
                    SourceLocation(file: entry.path),
                    message: "profile name '\(entry.profile.name)' is already used by \(earlier.path): rename one of them")
            }
            seen[key] = entry
        }
        self.entries = entries
        self.userFolder = userFolder
    }

    /// A catalogue of profiles given in code (tests, benchmarks), each counted as shipped. Names are not checked
    /// for clashes: the first of two with the same name is the one `--profile` finds.
    public init(profiles: [ExtractProfile]) {
        entries = profiles.map { Entry(profile: $0, path: "profile \($0.name)", isShipped: true) }
        userFolder = nil
    }

    /// The shipped profiles plus those in `userFolder` (which must exist when given).
    public static func load(userFolder: String?) throws -> ExtractProfileCatalogue {
        let shippedFolder = try ResourceFiles.url(ExtractProfile.resourceFolder).path
        var entries = try ExtractProfile.loadFolder(shippedFolder).map {
            Entry(profile: $0.profile, path: "shipped profile \($0.profile.name)", isShipped: true)
        }
        if let userFolder {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: userFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw GapsError.io(path: userFolder, message: "extract profiles folder not found (--profiles)")
            }
            entries += try ExtractProfile.loadFolder(userFolder).map { Entry(profile: $0.profile, path: $0.path, isShipped: false) }
        }
        return try ExtractProfileCatalogue(entries: entries, userFolder: userFolder)
    }

    /// The profile called `name` (ignoring case), or `GapsError.invalidConfiguration` listing the known names.
    public func entry(named name: String) throws -> Entry {
        let wanted = IngestValues.trimmed(name).lowercased()
        guard let entry = entries.first(where: { $0.profile.name.lowercased() == wanted }) else {
            throw GapsError.invalidConfiguration(
                SourceLocation(file: "--profile"),
                message: "no extract profile named '\(name)' (known: \(entries.map(\.profile.name).joined(separator: ", ")))")
        }
        return entry
    }

    /// Which profiles were on offer, for the manifest.
    public var note: String {
        let shipped = entries.filter(\.isShipped).count
        guard let userFolder else { return "extract profiles: \(shipped) shipped" }
        return "extract profiles: \(shipped) shipped, \(entries.count - shipped) from \(userFolder)"
    }
}
