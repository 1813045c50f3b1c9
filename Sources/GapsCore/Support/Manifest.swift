import Foundation

/// Rows read, written, rejected and set aside for one kind of record from one input.
///
/// Conservation: `read == written + rejected + setAside.total`. Rejected rows are problems, each in the rejects
/// table with its reason; set-aside rows are deliberate and counted by reason (for example a result that no measure
/// uses, or a pupil row merged into the same pupil from another source).
public struct RowCounts: Codable, Sendable, Equatable {
    public var read: Int
    public var written: Int
    public var rejected: Int
    /// Rows not carried forward on purpose, by reason.
    public var setAside: [String: Int]

    public init(read: Int = 0, written: Int = 0, rejected: Int = 0, setAside: [String: Int] = [:]) {
        self.read = read
        self.written = written
        self.rejected = rejected
        self.setAside = setAside
    }

    /// True when nothing was lost: every row read was written, rejected or set aside for a stated reason.
    public var isBalanced: Bool { read == written + rejected + setAside.values.reduce(0, +) }

    /// Adds another input's counts to these.
    public mutating func add(_ other: RowCounts) {
        read += other.read
        written += other.written
        rejected += other.rejected
        setAside.merge(other.setAside, uniquingKeysWith: +)
    }
}

/// One input of a stage, identified by content so that a rerun can be traced to the exact bytes read.
public struct ManifestInput: Codable, Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var bytes: Int
    /// Counts per kind of record (`pupils`, `results`, ...).
    public var counts: [String: RowCounts]
    /// What the stage decided about this input (profile detected, school, ...), for the log and for audit.
    public var notes: [String]

    public init(path: String, sha256: String, bytes: Int, counts: [String: RowCounts] = [:], notes: [String] = []) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.counts = counts
        self.notes = notes
    }

    /// Describes the file at `path`, hashing its content.
    public static func describing(path: String) throws -> ManifestInput {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        return ManifestInput(path: path, sha256: try sha256Hex(ofFile: path), bytes: size)
    }
}

/// One file a stage wrote, with its row count and whether it holds pupil-level (restricted) data.
public struct ManifestOutput: Codable, Sendable, Equatable {
    public var file: String
    public var rows: Int
    public var restricted: Bool

    public init(file: String, rows: Int, restricted: Bool) {
        self.file = file
        self.rows = rows
        self.restricted = restricted
    }
}

/// `manifest.json`, written last by every stage: Make's target for the stage, and the audit trail of a run.
public struct Manifest: Codable, Sendable, Equatable {
    public var stage: String
    public var toolVersion: String
    public var inputs: [ManifestInput]
    public var outputs: [ManifestOutput]
    /// Stage-wide counts (e.g. pupils merged), in addition to the per-input ones.
    public var counts: [String: RowCounts]
    /// When the stage ran (ISO 8601 date, UTC). Later stages print this rather than their own clock, so that
    /// rerendering the same data gives identical pages.
    public var generated: String?

    public init(stage: String, inputs: [ManifestInput] = [], outputs: [ManifestOutput] = [], counts: [String: RowCounts] = [:]) {
        self.stage = stage
        self.toolVersion = GapsVersion.current
        self.inputs = inputs
        self.outputs = outputs
        self.counts = counts
        self.generated = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!,
                                                     formatOptions: [.withFullDate])
    }

    public static let fileName = "manifest.json"

    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(self).write(to: url)
        } catch {
            throw GapsError.io(path: url.path, message: "cannot write manifest: \(error.localizedDescription)")
        }
    }

    public static func read(from url: URL) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GapsError.missingStageOutput(path: url.deletingLastPathComponent().path, expected: fileName)
        }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw GapsError.malformedInput(SourceLocation(file: url.path), message: "not a stage manifest: \(error.localizedDescription)")
        }
    }
}

public enum GapsVersion {
    /// Recorded in every manifest so that outputs can be traced to the code that made them.
    public static let current = "0.1.0"
}
