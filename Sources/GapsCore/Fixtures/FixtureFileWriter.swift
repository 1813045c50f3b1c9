import Foundation

/// A buffered byte sink for the generated files.
///
/// Not `CSVWriter`: the fixtures imitate what schools and Excel produce (XML, a byte-order mark, CRLF), which the
/// pipeline's own writer deliberately never writes. Files are synthetic, so they are created 0644 like any
/// committed test data, not 0600 like real pupil data.
final class FixtureFileWriter {
    let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 18

    init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o644]),
              let handle = FileHandle(forWritingAtPath: url.path)
        else {
            throw GapsError.io(path: url.path, message: "cannot create file")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    func append(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// Writes the buffer out once it is large; call between records so memory stays flat.
    func flushIfLarge() throws {
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func close() throws {
        try flush()
        do { try handle.close() } catch {
            throw GapsError.io(path: url.path, message: "cannot close file: \(error.localizedDescription)")
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw GapsError.io(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
