import Foundation

/// A stage's output directory that appears whole or not at all.
///
/// The stage writes into a sibling staging directory (`<out>.partial`); `commit()` swaps it into place, so a
/// failure at any point leaves the previous output untouched and no half-written files behind.
public final class AtomicOutputDirectory {
    public let finalURL: URL
    public let stagingURL: URL
    private var committed = false

    public init(_ path: String) throws {
        finalURL = URL(fileURLWithPath: path).standardizedFileURL
        stagingURL = finalURL.deletingLastPathComponent()
            .appendingPathComponent(finalURL.lastPathComponent + ".partial", isDirectory: true)
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: finalURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            if fileManager.fileExists(atPath: stagingURL.path) {
                try fileManager.removeItem(at: stagingURL)
            }
            try fileManager.createDirectory(at: stagingURL, withIntermediateDirectories: false)
        } catch {
            throw GapsError.io(path: stagingURL.path, message: "cannot create output directory: \(error.localizedDescription)")
        }
    }

    /// The path at which to write `name` (relative, may contain subdirectories) while staging.
    public func url(for name: String) -> URL {
        stagingURL.appendingPathComponent(name)
    }

    /// Creates a subdirectory inside the staging directory.
    public func makeSubdirectory(_ name: String) throws -> URL {
        let url = stagingURL.appendingPathComponent(name, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw GapsError.io(path: url.path, message: "cannot create directory: \(error.localizedDescription)")
        }
        return url
    }

    /// Replaces the final directory by the staged one.
    public func commit() throws {
        let fileManager = FileManager.default
        let retired = finalURL.deletingLastPathComponent()
            .appendingPathComponent(finalURL.lastPathComponent + ".old", isDirectory: true)
        do {
            if fileManager.fileExists(atPath: retired.path) { try fileManager.removeItem(at: retired) }
            if fileManager.fileExists(atPath: finalURL.path) { try fileManager.moveItem(at: finalURL, to: retired) }
            try fileManager.moveItem(at: stagingURL, to: finalURL)
            if fileManager.fileExists(atPath: retired.path) { try fileManager.removeItem(at: retired) }
        } catch {
            throw GapsError.io(path: finalURL.path, message: "cannot move output into place: \(error.localizedDescription)")
        }
        committed = true
    }

    /// Removes the staging directory if the stage did not commit.
    public func discard() {
        if !committed { try? FileManager.default.removeItem(at: stagingURL) }
    }

    deinit { discard() }
}
