import CLibXML2
import Crypto
import Foundation

/// Feeds a file to libxml2's reader through `xmlReaderForIO`, so that the file is read once for three purposes:
/// parsing, the SHA-256 that the manifest records (no second read of the input), and the look-back bytes that
/// `XMLStreamReader.line` searches past line 65 535 (no `pread` of bytes already read).
///
/// The file is read with `read(2)` in blocks into one buffer; libxml2 takes what it asks for from it. When the
/// buffer is used up, its last `keptBytes` move to the front before the next block is read behind them, so the
/// bytes just before libxml2's position (which lags what it was handed by its own small buffers) stay available.
final class XMLFileFeed {
    let descriptor: Int32
    let path: String
    private var hasher = SHA256()
    /// Bytes read from the file so far (and hashed).
    private(set) var bytesRead = 0
    private let buffer: UnsafeMutablePointer<UInt8>
    /// File offset of `buffer[0]`.
    private var bufferStart = 0
    /// Bytes held in `buffer`, and how many of them libxml2 has taken.
    private var held = 0
    private var handedOut = 0
    private var atEnd = false

    private static let blockSize = 1 << 18
    private static let keptBytes = 1 << 16

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer = .allocate(capacity: Self.keptBytes + Self.blockSize)
    }

    deinit { buffer.deallocate() }

    /// Copies up to `count` bytes of the file into `destination` for libxml2; returns how many (0 at the end of the
    /// file, -1 on a read error, which libxml2 reports as a parse error).
    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        if handedOut == held {
            guard refill() else { return atEnd ? 0 : -1 }
        }
        let taken = min(count, held - handedOut)
        destination.update(from: buffer + handedOut, count: taken)
        handedOut += taken
        return taken
    }

    /// Keeps the buffer's tail and reads the next block behind it; false at the end of the file or on an error.
    private func refill() -> Bool {
        if atEnd { return false }
        let kept = min(held, Self.keptBytes)
        if kept < held {
            (buffer).update(from: buffer + (held - kept), count: kept)
            bufferStart += held - kept
            held = kept
            handedOut = kept
        }
        while true {
            let count = Foundation.read(descriptor, buffer + held, Self.blockSize)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if count == 0 { atEnd = true }
                return false
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer + held, count: count))
            held += count
            bytesRead += count
            return true
        }
    }

    /// The file's bytes from offset `start` to `end` when they are still in the buffer and libxml2 has been handed
    /// them, else nil (the caller then reads the file itself).
    func heldBytes(from start: Int, to end: Int) -> UnsafeBufferPointer<UInt8>? {
        guard start >= bufferStart, end <= bufferStart + handedOut, start <= end else { return nil }
        return UnsafeBufferPointer(start: buffer + (start - bufferStart), count: end - start)
    }

    /// The SHA-256 (lower-case hex) and size of the whole file: what libxml2 did not ask for (anything after the
    /// document, if the parse stopped early) is read and hashed here, so the digest is always the file's.
    func finishDigest() throws -> (hex: String, bytes: Int) {
        while !atEnd {
            handedOut = held
            if !refill() && !atEnd {
                throw GapsError.io(path: path, message: "read error while hashing the input")
            }
        }
        return (sha256HexText(of: hasher.finalize()), bytesRead)
    }
}

/// libxml2's read callback for `XMLFileFeed` (the context is the feed, kept alive by its `XMLStreamReader`).
let xmlFileFeedRead: xmlInputReadCallback = { context, destination, count in
    guard let context, let destination, count > 0 else { return 0 }
    let feed = Unmanaged<XMLFileFeed>.fromOpaque(context).takeUnretainedValue()
    return Int32(feed.read(into: UnsafeMutableRawPointer(destination).assumingMemoryBound(to: UInt8.self), count: Int(count)))
}
