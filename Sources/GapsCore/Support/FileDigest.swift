import Crypto
import Foundation

/// SHA-256 of a file, read in chunks so memory stays flat whatever the file's size.
public func sha256Hex(ofFile path: String) throws -> String {
    try sha256Hex(ofFiles: [path]).hex
}

/// SHA-256 of the bytes of several files read one after another (as if concatenated), with their total size: one
/// identity for an input made of several files (an ingest directory's pupils.csv then results.csv).
public func sha256Hex(ofFiles paths: [String]) throws -> (hex: String, bytes: Int) {
    var hasher = SHA256()
    var bytes = 0
    for path in paths {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw GapsError.io(path: path, message: "cannot open for reading")
        }
        defer { try? handle.close() }
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            bytes += chunk.count
            hasher.update(data: chunk)
        }
    }
    return (sha256HexText(of: hasher.finalize()), bytes)
}

/// A SHA-256 digest as the lower-case hex text manifests record: shared with readers that hash an input as they
/// read it (`XMLFileFeed`), so that their digest is written exactly as `sha256Hex(ofFile:)` writes it.
func sha256HexText(of digest: SHA256.Digest) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
}
